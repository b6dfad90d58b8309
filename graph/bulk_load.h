// graph/bulk_load.h: internal to graph/ (see graph/graph.h). The fast path
// of Import() into an empty store.
//
// A BulkLoader streams JSON Lines once, keeping only compact records: names
// interned to entity ids in hash maps, one fixed-width record per triple
// (its evidence value encoded into one byte arena), one per entity use.
// Finish() sorts those flat vectors (no maps) and settles weights, ordinals
// and per-document contributions; EmitFamily() then yields each column
// family's rows in key order, ready for an SstFileWriter. The outcome is
// byte for byte what Changes (the per-document path) writes for the same
// lines, except that entity ids follow line order rather than document
// order when a document's lines are not contiguous.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "graph/graph.h"
#include "graph/records.h"

namespace kg::graph {

// Where blocks of a megabyte or more come from: fresh memory on
// transparent huge pages (madvise mode, Debian's default). The loader
// fills about a gigabyte of new memory; with 4 KiB pages its page faults
// were a quarter of a 1M-triple import on a virtual machine.
void* AllocateLarge(size_t bytes);
void FreeLarge(void* p, size_t bytes);

template <typename T>
struct LargeAllocator {
  using value_type = T;
  LargeAllocator() = default;
  template <typename U>
  LargeAllocator(const LargeAllocator<U>& /*other*/) {}  // NOLINT: rebinding converts implicitly
  T* allocate(size_t n) { return static_cast<T*>(AllocateLarge(n * sizeof(T))); }
  void deallocate(T* p, size_t n) { FreeLarge(p, n * sizeof(T)); }
  friend bool operator==(const LargeAllocator&, const LargeAllocator&) { return true; }
};
template <typename T>
using LargeVector = std::vector<T, LargeAllocator<T>>;
using LargeString = std::basic_string<char, std::char_traits<char>, LargeAllocator<char>>;

// Surface spelling -> entity id. Open addressing over one array, the
// spellings end to end in one string: a lookup touches one slot and one
// spelling where a node-based map touched three scattered places, and the
// slot for a line a few ahead can be prefetched (the importing thread
// looks up two names per line).
class SurfaceIndex {
 public:
  static uint64_t Hash(std::string_view s) { return std::hash<std::string_view>()(s); }
  // nullptr when absent. `hash` is Hash(s).
  const EntityId* Find(std::string_view s, uint64_t hash) const;
  void Insert(std::string_view s, uint64_t hash, EntityId id);  // REQUIRES: absent
  void Prefetch(uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash & mask_]);
  }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  struct Slot {
    uint64_t hash = 0;
    uint64_t offset = 0;  // in text_
    uint32_t len = kEmpty;
    EntityId id = 0;
  };
  void Grow();

  std::vector<Slot> slots_;  // a power of two, at most half full
  size_t mask_ = 0;
  size_t size_ = 0;
  std::string text_;
};

struct ParsedLine;
struct ParsedBatch;

class BulkLoader {
 public:
  // `counters` are those of the empty store (next_entity_id is kept).
  explicit BulkLoader(const Counters& counters);

  // Reads one file in chunks; every line is parsed and resolved as it
  // comes, so memory grows with the distinct names and the evidence bytes,
  // not with the parsed triples. Errors name the file and line.
  Status AddFile(const std::filesystem::path& file, ImportStats* stats);

  // Sorts and aggregates. Call once, after the last AddFile().
  void Finish(int64_t ingest_time);

  // Calls `put` with every row of `cf` in key order. Safe to call for
  // different families from different threads after Finish().
  using PutFn = std::function<Status(std::string_view key, std::string_view value)>;
  Status EmitFamily(Cf cf, const PutFn& put) const;

  const Counters& counters() const { return counters_; }
  uint64_t documents() const { return docs_.size(); }

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  template <typename V>
  using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

  struct DocInfo {
    std::string id;
    std::string source;
    std::string date;
    uint64_t hash = kFnvOffsetBasis;  // FNV-1a over the document's lines
    uint32_t rank = 0;                // position in doc-id order
    uint32_t triple_count = 0;
  };
  struct EntityInfo {
    std::string name;  // the first spelling seen
    std::string normalized;
    std::array<uint64_t, kNumTypes> type_counts{};
    uint32_t refs = 0;  // documents that use the name
  };
  // One triple's evidence. After Finish(), `doc` is the document's rank and
  // `seq` the ordinal within (edge, document); dropped duplicates have
  // value_len == kDropped.
  struct EvidenceRec {
    EntityId subject;
    EntityId object;
    double confidence;
    uint32_t value_block;  // index into arena_
    uint32_t value_offset;
    uint32_t value_len;
    uint32_t doc;
    uint32_t seq;
    uint32_t sentence_begin;
    uint32_t sentence_end;
    uint32_t date;  // index into dates_; 0 is ""
    Relation relation;
  };
  // An entity named in a document line; type 0 when the line's other name
  // was unusable (the name is used, but nothing is counted).
  struct Use {
    uint32_t doc;
    uint8_t type;
    EntityId entity;
  };
  struct EdgeOut {
    EdgeKey key;
    uint32_t weight;
    double confidence;
    uint32_t first_date;
    uint32_t last_date;
  };
  struct DocEdge {
    uint32_t doc;
    EdgeKey key;
    uint32_t rows;
  };
  static constexpr uint32_t kDropped = UINT32_MAX;
  static constexpr uint64_t kFnvOffsetBasis = 14695981039346656037ull;
  static constexpr uint64_t kFnvPrime = 1099511628211ull;

  void ReserveFor(const std::filesystem::path& file);
  void ParseLine(std::string_view line, uint32_t line_offset, const std::string& file,
                 ParsedBatch* batch);
  Status AddLine(const ParsedLine& line, std::string_view chunk, std::string_view strings,
                 uint32_t block, ImportStats* stats);
  void TakeHashes();
  uint32_t DocIndex(std::string_view id, const std::string& file, std::string_view date);
  EntityId Resolve(std::string_view surface, uint64_t hash);
  uint32_t InternDate(std::string_view date);
  std::string_view Value(const EvidenceRec& rec) const;
  void RankDocuments();
  void RankDates();
  void RankNames();
  void SettleEvidence(LargeVector<DocEdge>* doc_edges);
  bool SameEvidence(const EvidenceRec& a, const EvidenceRec& b) const;
  void SettleUses(const LargeVector<DocEdge>& doc_edges);
  void CountTotals();
  Status EmitEvidence(const PutFn& put) const;
  Status EmitEdges(Cf cf, const PutFn& put) const;
  Status EmitNames(const PutFn& put) const;

  Counters counters_;
  EntityId first_id_;
  // While a file is read, the document table belongs to the parser thread
  // (ParseLine); everything else to the calling thread (AddLine).
  std::vector<DocInfo> docs_;
  std::vector<uint64_t> doc_hashes_;  // the calling thread's, by document index
  std::vector<uint32_t> docs_by_rank_;
  uint32_t last_doc_ = 0;
  StringMap<uint32_t> doc_index_;
  SurfaceIndex surface_ids_;  // 0: the name normalizes to nothing
  StringMap<EntityId> normalized_ids_;
  std::vector<EntityInfo> entities_;  // index: id - first_id_
  StringMap<uint32_t> date_index_;
  std::vector<std::string> dates_{""};
  // Encoded evidence values, one block per chunk of input as the parser
  // thread wrote it (never copied or reallocated afterwards).
  std::vector<LargeString> arena_;
  LargeVector<EvidenceRec> evidence_;
  LargeVector<Use> uses_;
  LargeVector<EdgeOut> edges_;
  std::vector<uint32_t> date_rank_;       // index: date index
  std::vector<uint32_t> names_in_order_;  // entity indices by normalized name
  std::vector<uint32_t> name_rank_;       // index: entity index
  // Every document's contribution, in rank order, end to end.
  LargeString contributions_;
  std::vector<size_t> contribution_ends_;
  int64_t ingest_time_ = 0;
};

}  // namespace kg::graph
