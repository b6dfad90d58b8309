// graph/graph.h: the kg graph store.
//
// A Store keeps entities, their names, triples (indexed both ways) and the
// evidence behind every triple in one RocksDB directory; docs/STORAGE.md gives
// the key layout. Open() once; IngestDocument() each article (atomic and
// idempotent per document); read with FindEntity(), OutEdges(), InEdges(),
// GetEvidence().
//
// One writer per directory: a second writable Open() fails with a kBusy
// Status ("database is in use"). Any number of read-only opens may run beside
// the writer and see the state as of their Open(). A Store is safe to read
// from several threads; writes must come from one thread. Results are copies
// the caller owns.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "extract/extract.h"

namespace kg::graph {

using extract::EntityType;
using extract::Relation;

// Dense ids from 1; 0 is never a valid entity.
using EntityId = uint64_t;

struct Entity {
  EntityId id = 0;
  std::string name;  // canonical name
  EntityType type = EntityType::kTechnique;
  std::vector<std::string> aliases;
  uint64_t mentions = 0;
};

// A directed edge subject -relation-> object, supported by evidence from
// `weight` distinct documents.
struct Edge {
  EntityId subject = 0;
  Relation relation = Relation::kUses;
  EntityId object = 0;
  uint32_t weight = 0;
  double confidence = 0.0;  // the highest confidence among its evidence
  std::string first_date;   // earliest article date among its evidence
  std::string last_date;
};

struct Evidence {
  std::string doc;
  std::string sentence;
  extract::Span subject_span;
  extract::Span object_span;
  std::string rule;
  double confidence = 0.0;
  std::string date;
};

// The parts of an evidence row an answer shows, as views: see
// Store::GetEvidenceText().
struct EvidenceText {
  std::string_view doc;
  std::string_view sentence;
  std::string_view date;
};

struct DocumentRecord {
  std::string id;
  std::string source;
  std::string content_hash;  // of the article text; a changed hash replaces the document
  std::string title;
  std::string date;
  int64_t ingest_time = 0;  // seconds since the epoch
  uint32_t triple_count = 0;
};

enum class IngestOutcome { kAdded, kReplaced, kUnchanged };

struct StoreOptions {
  // Readers open read-only so that a query never blocks, or is blocked by,
  // a running ingest.
  bool read_only = false;
  bool create_if_missing = true;
  // A read-only store reads from the query snapshot when it matches the
  // state opened (WriteQuerySnapshot). Off: every read goes to RocksDB, as
  // tests and benchmarks compare.
  bool use_query_snapshot = true;
};

struct StoreStats {
  uint64_t entities = 0;
  uint64_t edges = 0;
  uint64_t evidence = 0;
  uint64_t documents = 0;
  uint64_t bytes_on_disk = 0;
  std::vector<std::pair<EntityType, uint64_t>> entities_by_type;
  std::vector<std::pair<Relation, uint64_t>> edges_by_relation;
};

struct ImportStats {
  uint64_t lines = 0;
  uint64_t triples = 0;
  uint64_t skipped_lines = 0;  // entity lines and blank lines
  uint64_t documents = 0;
};

// One problem found by Check(): what is wrong, at which key, how to fix it.
struct CheckProblem {
  std::string message;
  bool repairable = false;  // Repair() fixes it; otherwise the message says what to do
};

// What Check() or Repair() found. Every problem is listed once, in the order
// the scan met it; after Repair() the repairable ones are fixed.
struct CheckReport {
  std::vector<CheckProblem> problems;
  bool repaired = false;  // Repair() wrote its fixes
  uint64_t entities = 0;  // rows scanned, for the summary line
  uint64_t edges = 0;
  uint64_t evidence = 0;
  uint64_t documents = 0;
  // Problems still in the store: all of them after Check(), the
  // unrepairable ones after Repair().
  size_t Remaining() const;
};

// An edge as the query snapshot keeps it (docs/STORAGE.md: its kEdges and
// kInEdges sections), read in place by searches that walk many edges and
// keep few (Store::EdgesInPlace). Dates and evidence are indexes and
// offsets into the snapshot: Store::ReadEdgeDates() and
// Store::GetEvidenceText() read them.
struct SnapshotEdgeSlot {
  uint64_t subject;
  uint64_t object;
  double confidence;
  uint64_t evidence;  // offset of its first kept evidence row
  uint32_t weight;
  uint32_t first_date;  // interned strings; 0 is ""
  uint32_t last_date;
  uint8_t relation;
  uint8_t evidence_rows;  // rows kept
  uint8_t all_evidence;   // 1: the kept rows are all the edge's rows
  uint8_t unused;
};

// A Seek/Valid/Next cursor over edges. Read status() once after the loop.
class EdgeCursor {
 public:
  virtual ~EdgeCursor() = default;
  virtual bool Valid() const = 0;
  virtual void Next() = 0;
  virtual const Edge& edge() const = 0;  // REQUIRES: Valid()
  // edge() with first_date and last_date left empty: all a search needs of
  // most edges it walks. The query snapshot keeps dates apart from its
  // edges, in pages a search would otherwise touch for every edge;
  // Store::ReadEdgeDates() reads them for the few edges an answer keeps.
  // REQUIRES: Valid()
  virtual void EdgeWithoutDates(Edge* out) const {
    const Edge& e = edge();
    out->subject = e.subject;
    out->relation = e.relation;
    out->object = e.object;
    out->weight = e.weight;
    out->confidence = e.confidence;
    out->first_date.clear();
    out->last_date.clear();
  }
  // Where the query snapshot keeps the current edge, for a cursor that
  // reads it in place; nullptr otherwise. REQUIRES: Valid()
  virtual const SnapshotEdgeSlot* slot() const { return nullptr; }
  virtual Status status() const = 0;
};

class Store {
 public:
  static Result<std::unique_ptr<Store>> Open(const StoreOptions& options,
                                             const std::filesystem::path& dir);
  virtual ~Store() = default;

  // Writes one document's triples and entity mentions in one atomic batch.
  // The same id with the same content hash changes nothing; a new hash
  // replaces the document's old evidence first.
  virtual Result<IngestOutcome> IngestDocument(const DocumentRecord& doc,
                                               const extract::Extraction& extraction) = 0;

  // Bulk-loads JSON Lines in the `kg extract` format.
  virtual Result<ImportStats> Import(std::span<const std::filesystem::path> files) = 0;

  // Removes a document's evidence, then every edge and entity left without
  // evidence. NotFound if no such document.
  virtual Status RemoveDocument(std::string_view doc_id) = 0;
  virtual Result<std::vector<DocumentRecord>> ListDocuments() const = 0;

  // Finds an entity by canonical name or alias, after normalization (case,
  // diacritics, punctuation, a leading "the"). nullopt if none.
  virtual Result<std::optional<Entity>> FindEntity(std::string_view name) const = 0;
  // A read-only store keeps the entity records it has read (a bounded
  // number): it sees the store as of its Open(), so they never go stale.
  virtual Result<Entity> GetEntity(EntityId id) const = 0;
  // GetEntity() of each id, in the order given, with one batched read: less
  // than a GetEntity() each. Fails with the error of the first id that fails.
  virtual Result<std::vector<Entity>> GetEntities(std::span<const EntityId> ids) const = 0;
  // Names close to `name` (shared prefix or small edit distance), best first,
  // for "did you mean" messages.
  virtual std::vector<std::string> SuggestNames(std::string_view name, size_t limit) const = 0;
  // Why two names are one entity: the stored merge reasons, empty if they are
  // not the same entity.
  virtual Result<std::vector<std::string>> MergeReasons(std::string_view a,
                                                        std::string_view b) const = 0;

  // Edges out of / into an entity, optionally of one relation.
  virtual std::unique_ptr<EdgeCursor> OutEdges(EntityId id,
                                               std::optional<Relation> relation) const = 0;
  virtual std::unique_ptr<EdgeCursor> InEdges(EntityId id,
                                              std::optional<Relation> relation) const = 0;
  // The evidence rows behind an edge, grouped by document (sorted by id),
  // then in the order the document gave them; at most `limit` rows, and
  // every row when `limit` is 0.
  virtual Result<std::vector<Evidence>> GetEvidence(const Edge& edge, size_t limit) const = 0;
  // GetEvidence() of each edge, in the order given (an edge may repeat).
  // One iterator visits the edges in key order: an answer's evidence costs
  // one seek per edge instead of a new iterator and seek each.
  virtual Result<std::vector<std::vector<Evidence>>> GetEvidenceBatch(std::span<const Edge> edges,
                                                                      size_t limit) const = 0;
  // GetEvidence()'s documents, sentences and dates, as views into memory
  // the store keeps while it is open rather than copies, when it can serve
  // them in place: a read-only store whose query snapshot holds the rows
  // wanted. Fills `rows` and returns true; false otherwise (`rows` then
  // means nothing: read with GetEvidence()).
  // `where`, when not nullptr, is where a search read the edge in the
  // snapshot (EdgesInPlace, EdgeCursor::slot()): the edge is then not
  // looked up again.
  virtual bool GetEvidenceText(const Edge& edge, const SnapshotEdgeSlot* where, size_t limit,
                               std::vector<EvidenceText>* rows) const = 0;
  // An entity's out-edges (spo order) or in-edges (ops order) of every
  // relation, as OutEdges()/InEdges() give them, read in place from the
  // query snapshot and valid while the store is open; nullopt without one.
  virtual std::optional<std::span<const SnapshotEdgeSlot>> EdgesInPlace(EntityId id,
                                                                        bool out) const = 0;
  // Sets edge->first_date and last_date to those of the stored edge
  // (subject, relation, object): for edges read by EdgeWithoutDates().
  // NotFound if there is no such edge. `where` as for GetEvidenceText().
  virtual Status ReadEdgeDates(Edge* edge, const SnapshotEdgeSlot* where) const = 0;

  // Whole-graph scans, for export and rankings.
  virtual Status ForEachEntity(const std::function<Status(const Entity&)>& visit) const = 0;
  virtual Status ForEachEdge(const std::function<Status(const Edge&)>& visit) const = 0;
  // Every edge in ForEachEdge() order with its first `limit` evidence rows
  // (every row when 0), in GetEvidence() order; an edge without evidence
  // gets an empty span. One iterator walks the evidence beside the edges, so
  // a whole-store export costs two sequential scans instead of a seek per
  // edge. The span is valid during the call only.
  virtual Status ForEachEdgeWithEvidence(
      size_t limit,
      const std::function<Status(const Edge&, std::span<const Evidence>)>& visit) const = 0;

  virtual Result<StoreStats> Stats() const = 0;

  // The query snapshot (docs/STORAGE.md): a memory-mapped copy of the
  // entities, names, edges and first evidence rows that read-only stores
  // answer queries from, while it matches the store's state; any write makes
  // it stale (and deletes it), and a stale one is never read. Opt-in, as it
  // more than doubles the store's size: `kg import --query-snapshot` and
  // `kg ingest --query-snapshot` write it, and once a store has one, `kg
  // ingest`, `kg docs rm` and `kg check --repair` write it again after their
  // writes. Cost: a scan of the whole store. REQUIRES: writable.
  virtual Status WriteQuerySnapshot() = 0;
  // Whether this store reads from a query snapshot (read-only opens only).
  virtual bool UsesQuerySnapshot() const = 0;
  // Whether the store in `dir` has a query snapshot file (current or stale):
  // a writer asks before writing, as its first write deletes the file, to
  // keep one where the user chose to have one.
  static bool HasQuerySnapshot(const std::filesystem::path& dir);

  // Verifies the whole store with one scan of every family: spo and ops
  // agree; every edge's value is what its evidence gives (weight = distinct
  // documents, max confidence, first/last date); every evidence row belongs
  // to a stored document and an edge; each document's doc_edges record and
  // triple_count match its evidence; every entity is found by its names
  // and every name points at an entity; meta counters equal the scan.
  // Evidence is the ground truth. Cost: a full read, memory ~ edges.
  virtual Result<CheckReport> Check() const = 0;
  // Check(), then fixes what can be fixed in one atomic batch: rebuilds spo
  // and ops rows and edge values from the evidence, drops rows that belong
  // to nothing (evidence of unknown documents or with no edge left, names of
  // missing entities), rewrites doc_edges edge lists, triple counts and the
  // counters. REQUIRES: a writable store.
  virtual Result<CheckReport> Repair() = 0;
};

// The normalization used by the name index: NFKC, case folding, diacritics
// removed, runs of non-alphanumerics to one space, a leading "the " dropped.
// Matches the evaluation scorer, so names that score as one are one entity.
std::string NormalizeName(std::string_view name);

}  // namespace kg::graph
