// graph/changes.h: internal to graph/ (see graph/graph.h). The write logic
// of the store: entity resolution, edge weights, evidence, and the undo of a
// document, computed in memory over a read-only view of the database.
//
// One Changes object becomes one atomic write: IngestDocument() feeds it one
// document (after removing the old version), Import() many. Finish() settles
// edge aggregates and dead entities; ops() then lists the key writes per
// column family, in order, for a WriteBatch or (when the store was empty)
// sorted SST files.
#pragma once

#include <array>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/status.h"
#include "graph/graph.h"
#include "graph/records.h"

namespace kg::graph {

// What Changes needs to read from the database.
class StoreReader {
 public:
  virtual ~StoreReader() = default;
  virtual Result<std::optional<std::string>> Get(Cf cf, std::string_view key) const = 0;
  // Calls `visit` for each key starting with `prefix`, in key order.
  virtual Status ScanPrefix(
      Cf cf, std::string_view prefix,
      const std::function<Status(std::string_view key, std::string_view value)>& visit) const = 0;
};

struct WriteOp {
  std::string key;
  std::optional<std::string> value;  // nullopt: delete
};

class Changes {
 public:
  // `reader` is the database before these changes; nullptr for an empty
  // store, where nothing needs reading (the bulk-import fast path).
  Changes(const StoreReader* reader, const Counters& counters);

  Status AddDocument(const DocumentRecord& doc, const extract::Extraction& extraction);
  // Undoes everything the document contributed. NotFound if it is not stored.
  Status RemoveDocument(std::string_view doc_id);
  // Settles edges and entities. Call once, after the last Add/Remove.
  Status Finish();

  std::array<std::vector<WriteOp>, kCfCount>& ops() { return ops_; }
  const Counters& counters() const { return counters_; }

 private:
  struct EntityState {
    EntityRecord record;
    bool existed = false;
    EntityType stored_type = EntityType::kTechnique;
  };
  struct NameState {
    std::optional<NameValue> value;
    bool existed = false;
    bool dirty = false;
  };
  struct EdgeAgg {
    uint32_t docs = 0;
    double confidence = 0.0;
    std::string first_date;
    std::string last_date;
    void AddDoc(double conf, const std::string& date);
    void AddDate(const std::string& date);
  };
  struct EdgeState {
    std::optional<EdgeValue> stored;
    bool rescan = false;  // a document was removed: recompute from evidence
    EdgeAgg added;
  };
  class DocResolver;

  Result<EntityState*> LoadEntity(EntityId id);
  Result<NameState*> LoadName(const std::string& normalized);
  Result<EdgeState*> LoadEdge(const EdgeKey& key);
  Result<EntityId> CreateEntity(const std::string& surface, const std::string& normalized);
  Status AddEdges(const DocumentRecord& doc, const std::map<EdgeKey, std::vector<Evidence>>& edges,
                  DocContribution* contribution);
  Status ReleaseName(const DocContribution::NameUse& use);
  Result<EdgeAgg> Rescan(const EdgeKey& key) const;
  Status FinishEdges();
  Status FinishEntities();
  void FinishNames();
  void Put(Cf cf, std::string key, std::string value);
  void Delete(Cf cf, std::string key);

  const StoreReader* reader_;
  Counters counters_;
  std::unordered_map<EntityId, EntityState> entities_;
  std::unordered_map<std::string, NameState> names_;
  std::map<EdgeKey, EdgeState> edges_;
  std::unordered_set<std::string> removed_docs_;
  std::unordered_set<EntityId> dead_entities_;
  // Surface spelling -> (entity id, normalized name), so a name repeated across a bulk import
  // is normalized once. Cleared when a removal may unlink names.
  std::unordered_map<std::string, std::pair<EntityId, std::string>> surface_ids_;
  std::array<std::vector<WriteOp>, kCfCount> ops_;
};

}  // namespace kg::graph
