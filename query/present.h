// query/present.h: internal to query/; the public contract is query/query.h.
//
// JSON rows shared by the *ToJson functions and RunQueryFile, so that the
// CLI's --json output and a query file's results have one shape.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <unordered_map>

#include "query/query.h"

namespace kg::query::internal {

using Json = nlohmann::ordered_json;

// Entity names for drawing hops; loads the ones an answer does not hold.
class NameCache {
 public:
  explicit NameCache(const Store& store) : store_(store) {}
  void Add(const Entity& entity) { names_.emplace(entity.id, entity.name); }
  const std::string& Name(EntityId id);

 private:
  const Store& store_;
  std::unordered_map<EntityId, std::string> names_;
};

Json EntityJson(const Entity& entity);
Json HopJson(const Store& store, const Hop& hop, NameCache* names, size_t evidence_per_edge);

Json NeighboursJson(const Store& store, const NeighbourResult& result, size_t evidence);
Json PathsJson(const Store& store, const PathResult& result, size_t evidence);
Json PatternJson(const Store& store, const PatternResult& result, size_t evidence);
Json EntityReportJson(const Store& store, const EntityReport& report, size_t evidence);
Json TopJson(const std::vector<RankedEntity>& top);

// Dumps with invalid UTF-8 replaced, never throwing.
std::string Dump(const Json& json, int indent = -1);

}  // namespace kg::query::internal
