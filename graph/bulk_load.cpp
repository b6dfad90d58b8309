// The bulk-import fast path (see bulk_load.h); docs/STORAGE.md gives the
// rows it writes, and changes.cpp the per-document logic it must agree with.
#include "graph/bulk_load.h"

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <new>
#include <thread>
#include <tuple>

#include <fmt/format.h>
#include <sys/mman.h>

#include "graph/codec.h"

namespace kg::graph {
namespace fs = std::filesystem;

namespace {

// Big enough that a read() costs little per line, small enough to be noise
// next to the evidence arena.
constexpr size_t kReadChunkBytes = 8 << 20;

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

constexpr size_t kHugePageBytes = 2 << 20;
constexpr size_t kLargeBytes = 1 << 20;

size_t RoundToHugePage(size_t bytes) {
  return (bytes + kHugePageBytes - 1) & ~(kHugePageBytes - 1);
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

void* AllocateLarge(size_t bytes) {
  if (bytes < kLargeBytes) return ::operator new(bytes);
  // Over-map by one huge page and trim, so the block starts on a 2 MiB
  // boundary and every whole huge page of it can be backed by one.
  const size_t rounded = RoundToHugePage(bytes);
  const size_t mapped = rounded + kHugePageBytes;
  void* raw = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<uintptr_t>(raw);
  const uintptr_t aligned = (start + kHugePageBytes - 1) & ~(kHugePageBytes - 1);
  if (aligned > start) munmap(raw, aligned - start);
  const uintptr_t end = aligned + rounded;
  if (start + mapped > end) munmap(reinterpret_cast<void*>(end), start + mapped - end);
  void* p = reinterpret_cast<void*>(aligned);
  (void)madvise(p, rounded, MADV_HUGEPAGE);  // only advice: plain pages work too
  return p;
}

void FreeLarge(void* p, size_t bytes) {
  if (bytes < kLargeBytes) {
    ::operator delete(p);
    return;
  }
  munmap(p, RoundToHugePage(bytes));
}

const EntityId* SurfaceIndex::Find(std::string_view s, uint64_t hash) const {
  if (slots_.empty()) return nullptr;
  for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
    const Slot& slot = slots_[i];
    if (slot.len == kEmpty) return nullptr;
    if (slot.hash == hash && slot.len == s.size() &&
        std::string_view(text_).substr(slot.offset, slot.len) == s) {
      return &slot.id;
    }
  }
}

void SurfaceIndex::Insert(std::string_view s, uint64_t hash, EntityId id) {
  if (2 * (size_ + 1) > slots_.size()) Grow();
  size_t i = hash & mask_;
  while (slots_[i].len != kEmpty) i = (i + 1) & mask_;
  slots_[i] = {hash, text_.size(), static_cast<uint32_t>(s.size()), id};
  text_.append(s);
  ++size_;
}

void SurfaceIndex::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(std::max<size_t>(1024, 2 * old.size()), Slot{});
  mask_ = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.len == kEmpty) continue;
    size_t i = slot.hash & mask_;
    while (slots_[i].len != kEmpty) i = (i + 1) & mask_;
    slots_[i] = slot;
  }
}

BulkLoader::BulkLoader(const Counters& counters)
    : counters_(counters), first_id_(counters.next_entity_id) {}

// One line as the parser thread hands it over: a triple's names and date
// are in its batch's `strings`, its evidence value already encoded in the
// batch's `values`.
struct ParsedLine {
  enum class Kind : uint8_t { kSkipped, kTriple, kError };
  Kind kind = Kind::kSkipped;
  Relation relation = Relation::kUses;
  uint8_t subject_type = 0;
  uint8_t object_type = 0;
  uint32_t doc = 0;
  uint32_t line_offset = 0;  // in the batch's chunk
  uint32_t line_len = 0;
  uint64_t subject_hash = 0;  // SurfaceIndex::Hash of the names
  uint64_t object_hash = 0;
  uint32_t subject_offset = 0;
  uint32_t subject_len = 0;
  uint32_t object_offset = 0;
  uint32_t object_len = 0;
  uint32_t date_offset = 0;
  uint32_t date_len = 0;
  uint32_t sentence_begin = 0;
  uint32_t sentence_end = 0;
  uint32_t value_offset = 0;
  uint32_t value_len = 0;
  double confidence = 0.0;
  Status error;  // kError
};

// The lines of one chunk of the file. `values` becomes a block of the
// evidence arena as it is.
struct ParsedBatch {
  LargeString chunk;  // the lines' text; handed back to the parser for reuse
  std::vector<ParsedLine> lines;
  std::string strings;
  LargeString values;
  Status read_error;
  bool last = false;
};

namespace {

// Reads and parses a file on its own thread while the caller resolves the
// previous batches: JSON parsing is a third of the import, and it needs no
// shared state. A few batches in flight bound the memory.
class ParserThread {
 public:
  using ParseFn =
      std::function<void(std::string_view line, uint32_t line_offset, ParsedBatch* batch)>;
  ParserThread(std::FILE* in, ParseFn parse)
      : in_(in), parse_(std::move(parse)), thread_([this] { Run(); }) {}
  ~ParserThread() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }

  // Gives a batch's chunk back for reading more of the file into.
  void Recycle(LargeString chunk) {
    std::lock_guard<std::mutex> lock(mu_);
    free_chunks_.push_back(std::move(chunk));
  }

  ParsedBatch Next() {
    std::unique_lock<std::mutex> lock(mu_);
    changed_.wait(lock, [&] { return !queue_.empty(); });
    ParsedBatch batch = std::move(queue_.front());
    queue_.pop_front();
    changed_.notify_all();
    return batch;
  }

 private:
  static constexpr size_t kMaxBatches = 3;

  // Chunks are reused (Recycle): a fresh buffer costs a page fault per page.
  LargeString TakeChunk() {
    std::lock_guard<std::mutex> lock(mu_);
    if (free_chunks_.empty()) return LargeString();
    LargeString chunk = std::move(free_chunks_.back());
    free_chunks_.pop_back();
    return chunk;
  }

  void Run() {
    std::string kept;  // an unfinished line from the previous chunk
    for (bool eof = false; !eof;) {
      ParsedBatch batch;
      LargeString& chunk = batch.chunk;
      chunk = TakeChunk();
      chunk.reserve(kept.size() + kReadChunkBytes);
      chunk.assign(kept);
      chunk.resize(kept.size() + kReadChunkBytes);
      size_t got = std::fread(chunk.data() + kept.size(), 1, kReadChunkBytes, in_);
      chunk.resize(kept.size() + got);
      batch.values.reserve(kReadChunkBytes / 2);  // evidence is about a third of a line
      if (got < kReadChunkBytes) {
        eof = true;
        if (std::ferror(in_)) batch.read_error = Status::IOError("read failed");
      }
      std::string_view rest(chunk);
      for (size_t end;
           (end = rest.find('\n')) != std::string_view::npos || (eof && !rest.empty());) {
        if (end == std::string_view::npos) end = rest.size();
        parse_(rest.substr(0, end), static_cast<uint32_t>(rest.data() - chunk.data()), &batch);
        rest.remove_prefix(std::min(end + 1, rest.size()));
      }
      kept.assign(rest);
      batch.last = eof;
      if (!Push(std::move(batch))) return;
    }
  }

  bool Push(ParsedBatch batch) {
    std::unique_lock<std::mutex> lock(mu_);
    changed_.wait(lock, [&] { return stop_ || queue_.size() < kMaxBatches; });
    if (stop_) return false;
    queue_.push_back(std::move(batch));
    changed_.notify_all();
    return true;
  }

  std::FILE* in_;
  ParseFn parse_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<ParsedBatch> queue_;
  std::vector<LargeString> free_chunks_;
  bool stop_ = false;
  std::thread thread_;  // last: starts once the members above exist
};

}  // namespace

Status BulkLoader::AddFile(const fs::path& file, ImportStats* stats) {
  std::unique_ptr<std::FILE, FileCloser> in(std::fopen(file.c_str(), "rb"));
  if (!in) {
    return Status::NotFound(
        fmt::format("{}: cannot open the file; check the path and permissions", file.string()));
  }
  const std::string name = file.string();
  ReserveFor(file);
  ParserThread parser(
      in.get(), [this, &name](std::string_view line, uint32_t line_offset, ParsedBatch* batch) {
        ParseLine(line, line_offset, name, batch);
      });
  uint64_t line_no = 0;
  for (bool last = false; !last;) {
    ParsedBatch batch = parser.Next();
    const auto block = static_cast<uint32_t>(arena_.size());
    arena_.push_back(std::move(batch.values));
    // The name slots of a line a few ahead are fetched while this one is
    // resolved: those lookups were the calling thread's largest cost.
    constexpr size_t kAhead = 4;
    for (size_t i = 0; i < batch.lines.size(); ++i) {
      const ParsedLine& line = batch.lines[i];
      if (i + kAhead < batch.lines.size()) {
        surface_ids_.Prefetch(batch.lines[i + kAhead].subject_hash);
        surface_ids_.Prefetch(batch.lines[i + kAhead].object_hash);
      }
      ++line_no;
      Status s = AddLine(line, batch.chunk, batch.strings, block, stats);
      if (!s.ok()) {
        return Status::InvalidArgument(fmt::format("{}:{}: {}", name, line_no, s.message()));
      }
    }
    parser.Recycle(std::move(batch.chunk));
    if (!batch.read_error.ok()) return batch.read_error.Annotate(name);
    last = batch.last;
  }
  return Status::Ok();
}

// Every parser thread has stopped: the document table is the caller's again.
void BulkLoader::TakeHashes() {
  for (size_t i = 0; i < docs_.size(); ++i) {
    docs_[i].hash = i < doc_hashes_.size() ? doc_hashes_[i] : kFnvOffsetBasis;
  }
}

// Reserving by the file's size avoids copying the records at each doubling;
// pages that are reserved but never written cost no memory.
void BulkLoader::ReserveFor(const fs::path& file) {
  constexpr uint64_t kMinLineBytes = 200;  // a triple line with evidence is 300-500 bytes
  std::error_code ec;
  uint64_t lines = fs::file_size(file, ec) / kMinLineBytes;
  if (ec) return;
  evidence_.reserve(evidence_.size() + lines);
  uses_.reserve(uses_.size() + 2 * lines);
}

// The parser thread's part of a line: JSON, the document (its table is
// touched only here while a file is read) and the encoded evidence value.
// The names and the document's content hash are left to AddLine on the
// calling thread, which keeps the two threads about equally busy.
void BulkLoader::ParseLine(std::string_view line, uint32_t line_offset, const std::string& file,
                           ParsedBatch* batch) {
  ParsedLine& out = batch->lines.emplace_back();
  out.line_offset = line_offset;
  out.line_len = static_cast<uint32_t>(line.size());
  if (IsBlank(line)) return;
  Result<extract::Triple> triple = extract::TripleFromJson(line);
  if (!triple.ok()) {
    if (triple.status().code() == Status::Code::kNotFound) return;  // an entity line
    out.kind = ParsedLine::Kind::kError;
    out.error = triple.status();
    return;
  }
  const extract::Triple& t = *triple;
  out.kind = ParsedLine::Kind::kTriple;
  out.doc = DocIndex(t.doc.empty() ? std::string_view(file) : t.doc, file, t.date);
  const DocInfo& info = docs_[out.doc];
  const std::string& date = t.date.empty() ? info.date : t.date;
  auto keep = [&](std::string_view text, uint32_t* offset, uint32_t* len) {
    *offset = static_cast<uint32_t>(batch->strings.size());
    *len = static_cast<uint32_t>(text.size());
    batch->strings.append(text);
  };
  keep(t.subject.name, &out.subject_offset, &out.subject_len);
  out.subject_hash = SurfaceIndex::Hash(t.subject.name);
  out.object_hash = SurfaceIndex::Hash(t.object.name);
  keep(t.object.name, &out.object_offset, &out.object_len);
  keep(date, &out.date_offset, &out.date_len);
  out.subject_type = static_cast<uint8_t>(t.subject.type);
  out.object_type = static_cast<uint8_t>(t.object.type);
  out.relation = t.relation;
  out.confidence = t.confidence;
  out.sentence_begin = t.sentence.begin;
  out.sentence_end = t.sentence.end;
  LargeString& value = batch->values;
  out.value_offset = static_cast<uint32_t>(value.size());
  // The layout of EncodeEvidence, without building an Evidence.
  PutString(&value, t.evidence);
  PutU32(&value, t.subject_span.begin);
  PutU32(&value, t.subject_span.end);
  PutU32(&value, t.object_span.begin);
  PutU32(&value, t.object_span.end);
  PutString(&value, t.rule);
  PutDouble(&value, t.confidence);
  PutString(&value, date);
  out.value_len = static_cast<uint32_t>(value.size() - out.value_offset);
}

Status BulkLoader::AddLine(const ParsedLine& line, std::string_view chunk, std::string_view strings,
                           uint32_t block, ImportStats* stats) {
  ++stats->lines;
  if (line.kind == ParsedLine::Kind::kSkipped) {
    ++stats->skipped_lines;
    return Status::Ok();
  }
  if (line.kind == ParsedLine::Kind::kError) return line.error;
  ++stats->triples;
  if (line.doc >= doc_hashes_.size()) doc_hashes_.resize(line.doc + 1, kFnvOffsetBasis);
  uint64_t hash = doc_hashes_[line.doc];
  for (char c : chunk.substr(line.line_offset, line.line_len)) {
    hash = (hash ^ static_cast<uint8_t>(c)) * kFnvPrime;
  }
  doc_hashes_[line.doc] = (hash ^ '\n') * kFnvPrime;
  // Both names are resolved (and count as used by the document) even when
  // one is unusable, as in Changes::DocResolver::AddTriple.
  EntityId s = Resolve(strings.substr(line.subject_offset, line.subject_len), line.subject_hash);
  EntityId o = Resolve(strings.substr(line.object_offset, line.object_len), line.object_hash);
  const bool usable = s != 0 && o != 0;
  if (s != 0) uses_.push_back({line.doc, usable ? line.subject_type : uint8_t{0}, s});
  if (o != 0) uses_.push_back({line.doc, usable ? line.object_type : uint8_t{0}, o});
  if (!usable) return Status::Ok();
  EvidenceRec rec{};
  rec.subject = s;
  rec.object = o;
  rec.relation = line.relation;
  rec.confidence = line.confidence;
  rec.doc = line.doc;
  rec.seq = static_cast<uint32_t>(evidence_.size());
  rec.sentence_begin = line.sentence_begin;
  rec.sentence_end = line.sentence_end;
  rec.date = InternDate(strings.substr(line.date_offset, line.date_len));
  rec.value_block = block;
  rec.value_offset = line.value_offset;
  rec.value_len = line.value_len;
  evidence_.push_back(rec);
  return Status::Ok();
}

std::string_view BulkLoader::Value(const EvidenceRec& rec) const {
  return std::string_view(arena_[rec.value_block]).substr(rec.value_offset, rec.value_len);
}

// A document's lines are usually contiguous: the last one found is checked
// before the hash map.
uint32_t BulkLoader::DocIndex(std::string_view id, const std::string& file, std::string_view date) {
  if (!docs_.empty() && docs_[last_doc_].id == id) return last_doc_;
  if (auto it = doc_index_.find(id); it != doc_index_.end()) return last_doc_ = it->second;
  last_doc_ = static_cast<uint32_t>(docs_.size());
  // A document's source and date are those of its first line.
  docs_.push_back({std::string(id), file, std::string(date)});
  doc_index_.emplace(std::string(id), last_doc_);
  return last_doc_;
}
// Each distinct spelling is normalized once; each normalized name is one
// entity (a bulk import has no aliases, so no other name can claim it).
EntityId BulkLoader::Resolve(std::string_view surface, uint64_t hash) {
  if (const EntityId* known = surface_ids_.Find(surface, hash)) return *known;
  std::string normalized = NormalizeName(surface);
  EntityId id = 0;
  if (!normalized.empty()) {
    auto [it, added] = normalized_ids_.emplace(normalized, counters_.next_entity_id);
    if (added) {
      ++counters_.next_entity_id;
      entities_.push_back({std::string(surface), std::move(normalized)});
    }
    id = it->second;
  }
  surface_ids_.Insert(surface, hash, id);
  return id;
}

uint32_t BulkLoader::InternDate(std::string_view date) {
  if (date.empty()) return 0;
  if (auto it = date_index_.find(date); it != date_index_.end()) return it->second;
  uint32_t index = static_cast<uint32_t>(dates_.size());
  dates_.emplace_back(date);
  date_index_.emplace(std::string(date), index);
  return index;
}

void BulkLoader::Finish(int64_t ingest_time) {
  TakeHashes();
  RankDocuments();
  // The two big sorts are independent: one on a second thread.
  std::thread sort_uses([this] {
    std::sort(uses_.begin(), uses_.end(), [](const Use& a, const Use& b) {
      return std::tie(a.doc, a.entity, a.type) < std::tie(b.doc, b.entity, b.type);
    });
    RankNames();
  });
  RankDates();
  LargeVector<DocEdge> doc_edges;
  SettleEvidence(&doc_edges);
  sort_uses.join();
  SettleUses(doc_edges);
  CountTotals();
  ingest_time_ = ingest_time;
}

// Evidence keys, doc_edges and documents are ordered by document id; a
// document's rank is its place in that order (an id has no NUL, so the
// id followed by 0x00 sorts as the id alone).
void BulkLoader::RankDocuments() {
  docs_by_rank_.resize(docs_.size());
  for (uint32_t i = 0; i < docs_.size(); ++i) docs_by_rank_[i] = i;
  std::sort(docs_by_rank_.begin(), docs_by_rank_.end(),
            [&](uint32_t a, uint32_t b) { return docs_[a].id < docs_[b].id; });
  for (uint32_t rank = 0; rank < docs_by_rank_.size(); ++rank)
    docs_[docs_by_rank_[rank]].rank = rank;
  for (EvidenceRec& rec : evidence_) rec.doc = docs_[rec.doc].rank;
  for (Use& use : uses_) use.doc = docs_[use.doc].rank;
}

// Identical triples in one document (a repeated line) are one piece of
// evidence: same edge, spans and sentence (changes.cpp, EvidenceIdentity).
bool BulkLoader::SameEvidence(const EvidenceRec& a, const EvidenceRec& b) const {
  if (a.sentence_begin != b.sentence_begin || a.sentence_end != b.sentence_end) return false;
  std::string_view va = Value(a);
  std::string_view vb = Value(b);
  Decoder da(va);
  Decoder db(vb);
  // sentence and the four span bounds: the value's first 4 + n + 16 bytes.
  size_t na = 4 + da.U32() + 16;
  size_t nb = 4 + db.U32() + 16;
  return na == nb && va.substr(0, na) == vb.substr(0, nb);
}

// Sorts evidence by (edge, document, line), drops duplicates, numbers each
// (edge, document) group's rows and settles every edge's aggregate.
void BulkLoader::SettleEvidence(LargeVector<DocEdge>* doc_edges) {
  auto order = [](const EvidenceRec& r) {
    return std::tie(r.subject, r.relation, r.object, r.doc, r.seq);
  };
  std::sort(evidence_.begin(), evidence_.end(),
            [&](const EvidenceRec& a, const EvidenceRec& b) { return order(a) < order(b); });
  const std::vector<uint32_t>& date_rank = date_rank_;
  std::vector<uint32_t> triple_counts(docs_.size());  // by rank: sequential, cache-friendly
  doc_edges->reserve(evidence_.size());
  edges_.reserve(evidence_.size());
  for (size_t i = 0; i < evidence_.size();) {
    const EdgeKey key{evidence_[i].subject, evidence_[i].relation, evidence_[i].object};
    EdgeOut edge{key, 0, 0.0, 0, 0};
    for (; i < evidence_.size() &&
           EdgeKey{evidence_[i].subject, evidence_[i].relation, evidence_[i].object} == key;) {
      const size_t group = i;
      const uint32_t doc = evidence_[i].doc;
      uint32_t rows = 0;
      for (;
           i < evidence_.size() && evidence_[i].doc == doc && evidence_[i].subject == key.subject &&
           evidence_[i].relation == key.relation && evidence_[i].object == key.object;
           ++i) {
        EvidenceRec& rec = evidence_[i];
        bool repeated = false;
        for (size_t j = group; j < i && !repeated; ++j) {
          repeated = evidence_[j].value_len != kDropped && SameEvidence(evidence_[j], rec);
        }
        if (repeated) {
          rec.value_len = kDropped;
          continue;
        }
        rec.seq = rows++;
        edge.confidence = std::max(edge.confidence, rec.confidence);
        if (rec.date != 0) {
          const uint32_t rank = date_rank[rec.date];
          if (edge.first_date == 0 || rank < date_rank[edge.first_date]) edge.first_date = rec.date;
          if (edge.last_date == 0 || rank > date_rank[edge.last_date]) edge.last_date = rec.date;
        }
      }
      ++edge.weight;
      doc_edges->push_back({doc, key, rows});
      triple_counts[doc] += rows;
      counters_.evidence += rows;
    }
    edges_.push_back(edge);
    ++counters_.edges_by_relation[RelationIndex(key.relation)];
  }
  counters_.edges += edges_.size();
  for (uint32_t rank = 0; rank < docs_.size(); ++rank) {
    docs_[docs_by_rank_[rank]].triple_count = triple_counts[rank];
  }
  std::sort(doc_edges->begin(), doc_edges->end(), [](const DocEdge& a, const DocEdge& b) {
    return std::tie(a.doc, a.key) < std::tie(b.doc, b.key);
  });
}

// Dates compare by rank, not by string, in SettleEvidence.
void BulkLoader::RankDates() {
  std::vector<uint32_t> order(dates_.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return dates_[a] < dates_[b]; });
  date_rank_.resize(dates_.size());
  for (uint32_t rank = 0; rank < order.size(); ++rank) date_rank_[order[rank]] = rank;
}

// Every entity's place in normalized-name order: the order of the names
// family and of each contribution's name list.
void BulkLoader::RankNames() {
  names_in_order_.resize(entities_.size());
  for (uint32_t i = 0; i < entities_.size(); ++i) names_in_order_[i] = i;
  std::sort(names_in_order_.begin(), names_in_order_.end(), [&](uint32_t a, uint32_t b) {
    return entities_[a].normalized < entities_[b].normalized;
  });
  name_rank_.resize(entities_.size());
  for (uint32_t rank = 0; rank < names_in_order_.size(); ++rank) {
    name_rank_[names_in_order_[rank]] = rank;
  }
}

// Per document: the entities it counts (by id, then type), the names it
// uses (by normalized name) and its edges, encoded as its contribution in
// EncodeContribution's layout, straight into one buffer (a DocContribution
// per document cost a million string copies).
void BulkLoader::SettleUses(const LargeVector<DocEdge>& doc_edges) {
  contribution_ends_.reserve(docs_.size());
  std::vector<std::pair<uint32_t, EntityId>> names;  // (name rank, id)
  std::string entities_part;
  size_t u = 0;
  size_t e = 0;
  for (uint32_t rank = 0; rank < docs_.size(); ++rank) {
    size_t edges_end = e;
    while (edges_end < doc_edges.size() && doc_edges[edges_end].doc == rank) ++edges_end;
    PutU32(&contributions_, static_cast<uint32_t>(edges_end - e));
    for (; e < edges_end; ++e) {
      const EdgeKey& key = doc_edges[e].key;
      PutU64(&contributions_, key.subject);
      PutU8(&contributions_, static_cast<uint8_t>(key.relation));
      PutU64(&contributions_, key.object);
      PutU32(&contributions_, doc_edges[e].rows);
    }
    names.clear();
    entities_part.clear();
    uint32_t counted = 0;
    for (; u < uses_.size() && uses_[u].doc == rank;) {
      const EntityId id = uses_[u].entity;
      EntityInfo& entity = entities_[id - first_id_];
      ++entity.refs;
      names.emplace_back(name_rank_[id - first_id_], id);
      for (; u < uses_.size() && uses_[u].doc == rank && uses_[u].entity == id;) {
        const uint8_t type = uses_[u].type;
        uint64_t count = 0;
        for (; u < uses_.size() && uses_[u].doc == rank && uses_[u].entity == id &&
               uses_[u].type == type;
             ++u) {
          ++count;
        }
        if (type == 0) continue;
        entity.type_counts[type - 1] += count;
        PutU64(&entities_part, id);
        PutU8(&entities_part, type);
        PutU64(&entities_part, count);
        ++counted;
      }
    }
    PutU32(&contributions_, counted);
    contributions_.append(entities_part);
    std::sort(names.begin(), names.end());
    PutU32(&contributions_, static_cast<uint32_t>(names.size()));
    for (const auto& [name_rank, id] : names) {
      PutString(&contributions_, entities_[id - first_id_].normalized);
      PutU64(&contributions_, id);
    }
    PutU32(&contributions_, 0);  // a bulk import defines no aliases: no merges
    contribution_ends_.push_back(contributions_.size());
  }
  LargeVector<Use>().swap(uses_);
}

// An entity no triple counts (its every line had an unusable partner) is
// not stored, as Changes::FinishEntities decides.
void BulkLoader::CountTotals() {
  counters_.documents += docs_.size();
  for (const EntityInfo& info : entities_) {
    EntityRecord record;
    record.type_counts = info.type_counts;
    if (record.Mentions() == 0) continue;
    ++counters_.entities;
    ++counters_.entities_by_type[TypeIndex(record.MajorityType())];
  }
}

Status BulkLoader::EmitFamily(Cf cf, const PutFn& put) const {
  switch (cf) {
    case kCfMeta:
      return put(kMetaCounters, EncodeCounters(counters_));
    case kCfEntities:
      for (size_t i = 0; i < entities_.size(); ++i) {
        EntityRecord record{first_id_ + i, entities_[i].name, entities_[i].type_counts, {}};
        if (record.Mentions() == 0) continue;
        KG_RETURN_IF_ERROR(put(EntityKey(record.id), EncodeEntity(record)));
      }
      return Status::Ok();
    case kCfNames:
      return EmitNames(put);
    case kCfSpo:
    case kCfOps:
      return EmitEdges(cf, put);
    case kCfEvidence:
      return EmitEvidence(put);
    case kCfDocEdges:
      for (uint32_t rank = 0; rank < docs_by_rank_.size(); ++rank) {
        const size_t begin = rank == 0 ? 0 : contribution_ends_[rank - 1];
        KG_RETURN_IF_ERROR(
            put(docs_[docs_by_rank_[rank]].id,
                std::string_view(contributions_).substr(begin, contribution_ends_[rank] - begin)));
      }
      return Status::Ok();
    case kCfDocuments:
      for (uint32_t index : docs_by_rank_) {
        const DocInfo& d = docs_[index];
        DocumentRecord record{
            d.id,         d.source,      fmt::format("{:016x}", d.hash), "", d.date,
            ingest_time_, d.triple_count};
        KG_RETURN_IF_ERROR(put(d.id, EncodeDocument(record)));
      }
      return Status::Ok();
    default:
      return Status::Ok();  // default and merges: a bulk import writes none
  }
}

Status BulkLoader::EmitNames(const PutFn& put) const {
  for (uint32_t i : names_in_order_) {
    const EntityInfo& e = entities_[i];
    EntityRecord record;
    record.type_counts = e.type_counts;
    if (record.Mentions() == 0) continue;
    KG_RETURN_IF_ERROR(put(e.normalized, EncodeName({first_id_ + i, e.refs, e.name})));
  }
  return Status::Ok();
}

Status BulkLoader::EmitEdges(Cf cf, const PutFn& put) const {
  // Sorting copies, not indices: an indirect comparison misses the cache.
  LargeVector<EdgeOut> ops;
  if (cf == kCfOps) {
    ops = edges_;
    std::sort(ops.begin(), ops.end(), [](const EdgeOut& a, const EdgeOut& b) {
      return std::tie(a.key.object, a.key.relation, a.key.subject) <
             std::tie(b.key.object, b.key.relation, b.key.subject);
    });
  }
  std::string key;
  std::string value;
  for (const EdgeOut& e : cf == kCfOps ? ops : edges_) {
    key.clear();
    PutU64(&key, cf == kCfOps ? e.key.object : e.key.subject);
    PutU8(&key, static_cast<uint8_t>(e.key.relation));
    PutU64(&key, cf == kCfOps ? e.key.subject : e.key.object);
    value.clear();
    // EncodeEdgeValue's layout, into a reused buffer.
    PutU32(&value, e.weight);
    PutDouble(&value, e.confidence);
    PutString(&value, dates_[e.first_date]);
    PutString(&value, dates_[e.last_date]);
    KG_RETURN_IF_ERROR(put(key, value));
  }
  return Status::Ok();
}

Status BulkLoader::EmitEvidence(const PutFn& put) const {
  // Sorted by edge, the records point all over the arena and the document
  // table: fetching a record's value and document id a few records ahead
  // hides most of those cache misses (they were a fifth of writing the file).
  constexpr size_t kAhead = 8;
  std::string key;
  for (size_t i = 0; i < evidence_.size(); ++i) {
    if (i + kAhead < evidence_.size()) {
      const EvidenceRec& ahead = evidence_[i + kAhead];
      if (ahead.value_len != kDropped) {
        __builtin_prefetch(arena_[ahead.value_block].data() + ahead.value_offset);
        __builtin_prefetch(&docs_[docs_by_rank_[ahead.doc]]);
      }
    }
    const EvidenceRec& rec = evidence_[i];
    if (rec.value_len == kDropped) continue;
    // EvidenceKey's layout, into a reused buffer.
    key.clear();
    PutU64(&key, rec.subject);
    PutU8(&key, static_cast<uint8_t>(rec.relation));
    PutU64(&key, rec.object);
    key.append(docs_[docs_by_rank_[rec.doc]].id);
    key.push_back('\0');
    PutU32(&key, rec.seq);
    KG_RETURN_IF_ERROR(put(key, Value(rec)));
  }
  return Status::Ok();
}

}  // namespace kg::graph
