// graph/rocks_store.h: internal to graph/ (see graph/graph.h). The RocksDB
// implementation of Store.
#pragma once

#include <array>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

#include <rocksdb/db.h>

#include "graph/changes.h"
#include "graph/graph.h"
#include "graph/query_snapshot.h"
#include "graph/records.h"

namespace kg::graph {

// A document read by Import(), before it is written (import.cpp).
struct PendingDoc;
class BulkLoader;

// Decoded entity records of a read-only store. A read-only store sees the
// store as of its Open(), so a cached record never goes stale; a query
// batch meets the same entities (hubs, shared neighbours) again and again.
// Bounded: it starts over when full. Safe to use from several threads.
class EntityCache {
 public:
  std::optional<Entity> Find(EntityId id) const;
  void Add(const Entity& entity);

 private:
  static constexpr size_t kMaxEntities = 1 << 18;
  mutable std::mutex mu_;
  std::unordered_map<EntityId, Entity> entities_;
};

class RocksStore final : public Store, public StoreReader {
 public:
  // `env`, when given, carries RocksDB's file access (tests simulate a full
  // disk with it); it must outlive the store.
  static Result<std::unique_ptr<Store>> Open(const StoreOptions& options,
                                             const std::filesystem::path& dir,
                                             rocksdb::Env* env = nullptr);
  ~RocksStore() override;

  Result<IngestOutcome> IngestDocument(const DocumentRecord& doc,
                                       const extract::Extraction& extraction) override;
  Result<ImportStats> Import(std::span<const std::filesystem::path> files) override;
  Status RemoveDocument(std::string_view doc_id) override;
  Result<std::vector<DocumentRecord>> ListDocuments() const override;

  Result<std::optional<Entity>> FindEntity(std::string_view name) const override;
  Result<Entity> GetEntity(EntityId id) const override;
  Result<std::vector<Entity>> GetEntities(std::span<const EntityId> ids) const override;
  std::vector<std::string> SuggestNames(std::string_view name, size_t limit) const override;
  Result<std::vector<std::string>> MergeReasons(std::string_view a,
                                                std::string_view b) const override;

  std::unique_ptr<EdgeCursor> OutEdges(EntityId id,
                                       std::optional<Relation> relation) const override;
  std::unique_ptr<EdgeCursor> InEdges(EntityId id, std::optional<Relation> relation) const override;
  Result<std::vector<Evidence>> GetEvidence(const Edge& edge, size_t limit) const override;
  Result<std::vector<std::vector<Evidence>>> GetEvidenceBatch(std::span<const Edge> edges,
                                                              size_t limit) const override;
  bool GetEvidenceText(const Edge& edge, const SnapshotEdgeSlot* where, size_t limit,
                       std::vector<EvidenceText>* rows) const override;
  std::optional<std::span<const SnapshotEdgeSlot>> EdgesInPlace(EntityId id,
                                                                bool out) const override;
  Status ReadEdgeDates(Edge* edge, const SnapshotEdgeSlot* where) const override;

  Status ForEachEntity(const std::function<Status(const Entity&)>& visit) const override;
  Status ForEachEdge(const std::function<Status(const Edge&)>& visit) const override;
  Status ForEachEdgeWithEvidence(
      size_t limit,
      const std::function<Status(const Edge&, std::span<const Evidence>)>& visit) const override;
  Result<StoreStats> Stats() const override;
  Status WriteQuerySnapshot() override;
  bool UsesQuerySnapshot() const override { return snapshot_ != nullptr; }
  Result<CheckReport> Check() const override;
  Result<CheckReport> Repair() override;

  // StoreReader
  Result<std::optional<std::string>> Get(Cf cf, std::string_view key) const override;
  Status ScanPrefix(Cf cf, std::string_view prefix,
                    const std::function<Status(std::string_view key, std::string_view value)>&
                        visit) const override;

 private:
  RocksStore(std::filesystem::path dir, bool read_only)
      : dir_(std::move(dir)), read_only_(read_only) {}
  Status Init(bool existed, bool use_query_snapshot);
  Result<StoreVersion> Version() const;
  // Before the first write of a writable store: the snapshot is stale from then on.
  Status DropQuerySnapshot();
  Status WriteQuerySnapshotLocked();  // REQUIRES: mu_ held
  Status CheckFamilies() const;
  Status LoadMeta(bool existed);
  Status CheckWritable() const;
  Status Commit(Changes& changes);
  Status IngestSstFiles(const BulkLoader& loader);
  Status WriteSstFile(const BulkLoader& loader, Cf cf, const std::filesystem::path& path,
                      bool* empty) const;
  Status ImportIntoExisting(std::vector<PendingDoc>& docs);
  Result<std::optional<DocumentRecord>> GetDocument(std::string_view id) const;
  Result<std::vector<Entity>> GetEntitiesFromSnapshot(std::span<const EntityId> ids) const;
  std::optional<std::vector<std::vector<Evidence>>> EvidenceFromSnapshot(
      std::span<const Edge> edges, size_t limit) const;
  Status ReadEntities(std::span<const EntityId> ids, std::span<const size_t> which,
                      std::vector<std::optional<Entity>>* found) const;
  Status Wrap(const rocksdb::Status& s, std::string_view doing) const;

  std::filesystem::path dir_;
  bool read_only_;
  rocksdb::Env* env_ = nullptr;
  std::unique_ptr<rocksdb::DB> db_;
  std::array<rocksdb::ColumnFamilyHandle*, kCfCount> cf_{};
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  mutable std::mutex mu_;  // guards counters_ and serializes writers
  Counters counters_;
  mutable EntityCache entities_;  // used only when read_only_
  // Read-only stores only: the snapshot of the state they opened, if any.
  std::unique_ptr<QuerySnapshot> snapshot_;
  bool snapshot_dropped_ = false;  // writable stores: DropQuerySnapshot() ran
};

// The options of one column family: table format, filters, compression.
rocksdb::ColumnFamilyOptions ColumnFamilyOptionsFor(Cf cf);

// Converts a RocksDB status; `doing` says what the store was doing. A full
// disk and a denied permission are user errors; damage says what to do.
Status FromRocks(const rocksdb::Status& s, const std::filesystem::path& dir,
                 std::string_view doing);

}  // namespace kg::graph
