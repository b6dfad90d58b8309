// query/present.h: internal to query/; the public contract is query/query.h.
//
// JSON rows shared by the *ToJson functions and RunQueryFile, so that the
// CLI's --json output and a query file's results have one shape. Each Write*
// function writes the members of an answer's object (the caller opens and
// closes it), so a query file can put its own members around them.
#pragma once

#include <deque>
#include <string>
#include <string_view>

#include "query/id_map.h"
#include "query/json_writer.h"
#include "query/query.h"

namespace kg::query::internal {

// Entity names for drawing hops; loads the ones an answer does not hold.
// Names of the answer's own entities are views, not copies.
class NameCache {
 public:
  explicit NameCache(const Store& store) : store_(store) {}
  // REQUIRES: `entity` outlives the cache.
  void Add(const Entity& entity) { names_.try_emplace(entity.id, entity.name); }
  std::string_view Name(EntityId id);

 private:
  const Store& store_;
  IdMap<std::string_view> names_;
  std::deque<std::string> loaded_;  // names read from the store; a deque keeps them in place
};

void WriteNeighbours(const Store& store, const NeighbourResult& result, size_t evidence,
                     JsonWriter* out);
void WritePaths(const Store& store, const PathResult& result, size_t evidence, JsonWriter* out);
void WritePattern(const Store& store, const PatternResult& result, size_t evidence,
                  JsonWriter* out);
void WriteEntityReport(const Store& store, const EntityReport& report, size_t evidence,
                       JsonWriter* out);
void WriteTop(const std::vector<RankedEntity>& top, JsonWriter* out);

}  // namespace kg::query::internal
