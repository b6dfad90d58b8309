// graph/query_snapshot.h: internal to graph/ (see graph/graph.h). The query
// snapshot: a read-optimized copy of the graph in one memory-mapped file.
//
// A read-only store answers a query's reads (names, entities, edges, the
// first evidence rows of each edge) from flat arrays in the file instead of
// RocksDB seeks and block decompression. The file names the store state it
// reflects (RocksDB's DB identity and last sequence number); it is used only
// when that is the state the reader opened, so a snapshot left behind by any
// later write, a crash or a copied directory is never read. docs/STORAGE.md
// gives the format byte by byte.
//
// Thread safety: a QuerySnapshot is immutable once opened; read it from any
// number of threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "graph/graph.h"

namespace kg::graph {

class RocksStore;

// The file inside the store directory.
inline constexpr std::string_view kQuerySnapshotFile = "query_snapshot";

// Evidence rows kept per edge: what an answer shows by default. A query
// wanting more rows of an edge that has more reads them from RocksDB.
inline constexpr size_t kSnapshotEvidencePerEdge = 2;

// A store state: RocksDB's DB identity (new for every database created) and
// the sequence number of its last write (raised by every write).
struct StoreVersion {
  std::string identity;
  uint64_t sequence = 0;
  bool operator==(const StoreVersion&) const = default;
};

namespace snapshot_format {
struct Header;
struct EntitySlot;
using EdgeSlot = SnapshotEdgeSlot;
struct StringSlot;
struct NameSlot;
}  // namespace snapshot_format

class QuerySnapshot {
 public:
  // The snapshot in `dir` if it reflects `version`; nullptr when there is
  // none, it reflects another state, or it does not look whole (the store
  // then reads RocksDB). Fails only on an error reading a file that exists.
  static Result<std::unique_ptr<QuerySnapshot>> Open(const std::filesystem::path& dir,
                                                     const StoreVersion& version);
  ~QuerySnapshot();
  QuerySnapshot(const QuerySnapshot&) = delete;
  QuerySnapshot& operator=(const QuerySnapshot&) = delete;

  // nullopt if no entity has this id.
  std::optional<Entity> GetEntity(EntityId id) const;
  // The entity a normalized name (NormalizeName) points at, if any.
  std::optional<EntityId> FindNormalizedName(std::string_view normalized) const;

  // Cursors in spo / ops key order, as RocksStore's.
  std::unique_ptr<EdgeCursor> OutEdges(EntityId id, std::optional<Relation> relation) const;
  std::unique_ptr<EdgeCursor> InEdges(EntityId id, std::optional<Relation> relation) const;

  // The first `limit` evidence rows of `edge` (every row when 0), as
  // Store::GetEvidence. nullopt when the snapshot cannot tell: the edge is
  // not in it, or more rows are wanted than it keeps.
  std::optional<std::vector<Evidence>> GetEvidence(const Edge& edge, size_t limit) const;
  // The same rows' documents, sentences and dates as views into the
  // mapping; false where GetEvidence() gives nullopt.
  // `where`: as Store::GetEvidenceText().
  bool GetEvidenceText(const Edge& edge, const SnapshotEdgeSlot* where, size_t limit,
                       std::vector<EvidenceText>* rows) const;
  // The slots of OutEdges(id, nullopt) or InEdges(id, nullopt).
  std::span<const SnapshotEdgeSlot> Slots(EntityId id, bool out) const;
  // The first and last dates of a stored edge; false if it is not in the
  // snapshot.
  bool EdgeDates(const Edge& edge, const SnapshotEdgeSlot* where, std::string_view* first,
                 std::string_view* last) const;

  uint64_t file_bytes() const { return size_; }

 private:
  QuerySnapshot() = default;
  bool Attach(const StoreVersion& version);
  template <typename T>
  std::span<const T> Section(int index) const;
  std::string_view Text(uint64_t offset, uint64_t size) const;
  std::string_view String(uint32_t index) const;
  // Edge slots [first, last) of one subject, or of one (subject, relation).
  std::pair<size_t, size_t> OutRange(EntityId id, std::optional<Relation> relation) const;
  std::pair<size_t, size_t> InRange(EntityId id, std::optional<Relation> relation) const;
  std::optional<size_t> FindEdge(const Edge& edge) const;
  // Calls visit(row, doc, sentence) for the first `rows` kept evidence rows
  // of `slot`; false if the file is damaged there.
  template <typename Visit>
  bool ForEachRow(const snapshot_format::EdgeSlot& slot, size_t rows, Visit visit) const;
  // The slot of `edge`: `where` if it is one of this snapshot's slots and
  // holds that edge (in either section), else the one FindEdge() finds.
  const SnapshotEdgeSlot* SlotOf(const Edge& edge, const SnapshotEdgeSlot* where) const;

  const char* data_ = nullptr;
  size_t size_ = 0;
  const snapshot_format::Header* header_ = nullptr;
  std::span<const snapshot_format::EntitySlot> entities_;
  std::span<const uint64_t> out_start_;
  std::span<const snapshot_format::EdgeSlot> edges_;
  std::span<const uint64_t> in_start_;
  std::span<const snapshot_format::EdgeSlot> in_edges_;  // ops order
  std::span<const snapshot_format::StringSlot> strings_;
  std::span<const snapshot_format::NameSlot> names_;
  std::string_view text_;

  friend class SnapshotEdgeCursor;
};

// Writes the snapshot of `store`, which must not change meanwhile (the
// writer holds it), into `dir` as `version`: a temporary file renamed over
// the old one, so a reader finds the old file, the new one, or none.
Status WriteQuerySnapshot(const RocksStore& store, const std::filesystem::path& dir,
                          const StoreVersion& version);

// Deletes the snapshot in `dir`, if any (a stale one is never used, but
// would still take space).
Status RemoveQuerySnapshot(const std::filesystem::path& dir);

}  // namespace kg::graph
