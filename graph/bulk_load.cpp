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
#include <optional>
#include <thread>
#include <tuple>

#include <fmt/format.h>

#include "graph/codec.h"

namespace kg::graph {
namespace fs = std::filesystem;

namespace {

// Big enough that a read() costs little per line, small enough to be noise
// next to the evidence arena.
constexpr size_t kReadChunkBytes = 8 << 20;
constexpr size_t kArenaBlockBytes = 64 << 20;

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

BulkLoader::BulkLoader(const Counters& counters)
    : counters_(counters), first_id_(counters.next_entity_id) {}

// One line as the parser thread hands it over: blank lines have no triple.
struct ParsedLine {
  std::string_view text;
  std::optional<Result<extract::Triple>> triple;
};

namespace {

// The lines of one chunk of the file; `chunk` owns the bytes they view.
struct ParsedBatch {
  std::shared_ptr<const std::string> chunk;
  std::vector<ParsedLine> lines;
  Status read_error;
  bool last = false;
};

// Reads and parses a file on its own thread while the caller resolves the
// previous batches: JSON parsing is a third of the import, and it needs no
// shared state. A few batches in flight bound the memory.
class ParserThread {
 public:
  explicit ParserThread(std::FILE* in) : in_(in), thread_([this] { Run(); }) {}
  ~ParserThread() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
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

  void Run() {
    std::string kept;  // an unfinished line from the previous chunk
    for (bool eof = false; !eof;) {
      auto chunk = std::make_shared<std::string>(std::move(kept));
      size_t start = chunk->size();
      chunk->resize(start + kReadChunkBytes);
      size_t got = std::fread(chunk->data() + start, 1, kReadChunkBytes, in_);
      chunk->resize(start + got);
      ParsedBatch batch;
      if (got < kReadChunkBytes) {
        eof = true;
        if (std::ferror(in_)) batch.read_error = Status::IOError("read failed");
      }
      std::string_view rest(*chunk);
      for (size_t end;
           (end = rest.find('\n')) != std::string_view::npos || (eof && !rest.empty());) {
        if (end == std::string_view::npos) end = rest.size();
        std::string_view line = rest.substr(0, end);
        batch.lines.push_back({line, std::nullopt});
        if (!IsBlank(line)) batch.lines.back().triple = extract::TripleFromJson(line);
        rest.remove_prefix(std::min(end + 1, rest.size()));
      }
      kept = std::string(rest);
      batch.chunk = std::move(chunk);
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
  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<ParsedBatch> queue_;
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
  ParserThread parser(in.get());
  uint64_t line_no = 0;
  for (bool last = false; !last;) {
    ParsedBatch batch = parser.Next();
    for (ParsedLine& line : batch.lines) {
      ++line_no;
      Status s = AddLine(line, name, stats);
      if (!s.ok()) {
        return Status::InvalidArgument(fmt::format("{}:{}: {}", name, line_no, s.message()));
      }
    }
    if (!batch.read_error.ok()) return batch.read_error.Annotate(name);
    last = batch.last;
  }
  return Status::Ok();
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

Status BulkLoader::AddLine(ParsedLine& parsed, const std::string& file, ImportStats* stats) {
  ++stats->lines;
  if (!parsed.triple) {
    ++stats->skipped_lines;
    return Status::Ok();
  }
  const std::string_view line = parsed.text;
  Result<extract::Triple>& triple = *parsed.triple;
  if (!triple.ok() && triple.status().code() == Status::Code::kNotFound) {
    ++stats->skipped_lines;  // an entity line
    return Status::Ok();
  }
  if (!triple.ok()) return triple.status();
  ++stats->triples;
  const extract::Triple& t = *triple;
  uint32_t doc = DocIndex(t.doc.empty() ? std::string_view(file) : t.doc, file, t.date);
  DocInfo& info = docs_[doc];
  for (char c : line) info.hash = (info.hash ^ static_cast<uint8_t>(c)) * 1099511628211ull;
  info.hash = (info.hash ^ '\n') * 1099511628211ull;
  // Both names are resolved (and count as used by the document) even when
  // one is unusable, as in Changes::DocResolver::AddTriple.
  EntityId s = Resolve(t.subject.name);
  EntityId o = Resolve(t.object.name);
  const bool usable = s != 0 && o != 0;
  if (s != 0) uses_.push_back({doc, usable ? static_cast<uint8_t>(t.subject.type) : uint8_t{0}, s});
  if (o != 0) uses_.push_back({doc, usable ? static_cast<uint8_t>(t.object.type) : uint8_t{0}, o});
  if (!usable) return Status::Ok();
  const std::string& date = t.date.empty() ? info.date : t.date;
  EvidenceRec rec{};
  rec.subject = s;
  rec.object = o;
  rec.relation = t.relation;
  rec.confidence = t.confidence;
  rec.doc = doc;
  rec.seq = static_cast<uint32_t>(evidence_.size());
  rec.sentence_begin = t.sentence.begin;
  rec.sentence_end = t.sentence.end;
  rec.date = InternDate(date);
  thread_local std::string value;
  value.clear();
  // The layout of EncodeEvidence, without building an Evidence.
  PutString(&value, t.evidence);
  PutU32(&value, t.subject_span.begin);
  PutU32(&value, t.subject_span.end);
  PutU32(&value, t.object_span.begin);
  PutU32(&value, t.object_span.end);
  PutString(&value, t.rule);
  PutDouble(&value, t.confidence);
  PutString(&value, date);
  AppendToArena(value, &rec);
  evidence_.push_back(rec);
  return Status::Ok();
}

void BulkLoader::AppendToArena(const std::string& value, EvidenceRec* rec) {
  if (arena_.empty() || arena_.back().size() + value.size() > arena_.back().capacity()) {
    arena_.emplace_back().reserve(std::max(kArenaBlockBytes, value.size()));
  }
  std::string& block = arena_.back();
  rec->value_block = static_cast<uint32_t>(arena_.size() - 1);
  rec->value_offset = static_cast<uint32_t>(block.size());
  rec->value_len = static_cast<uint32_t>(value.size());
  block.append(value);
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
EntityId BulkLoader::Resolve(std::string_view surface) {
  if (auto it = surface_ids_.find(surface); it != surface_ids_.end()) return it->second;
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
  surface_ids_.emplace(std::string(surface), id);
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
  RankDocuments();
  // The two big sorts are independent: one on a second thread.
  std::thread sort_uses([this] {
    std::sort(uses_.begin(), uses_.end(), [](const Use& a, const Use& b) {
      return std::tie(a.doc, a.entity, a.type) < std::tie(b.doc, b.entity, b.type);
    });
  });
  std::vector<DocEdge> doc_edges;
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
void BulkLoader::SettleEvidence(std::vector<DocEdge>* doc_edges) {
  auto order = [](const EvidenceRec& r) {
    return std::tie(r.subject, r.relation, r.object, r.doc, r.seq);
  };
  std::sort(evidence_.begin(), evidence_.end(),
            [&](const EvidenceRec& a, const EvidenceRec& b) { return order(a) < order(b); });
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
          if (edge.first_date == 0 || dates_[rec.date] < dates_[edge.first_date])
            edge.first_date = rec.date;
          if (edge.last_date == 0 || dates_[rec.date] > dates_[edge.last_date])
            edge.last_date = rec.date;
        }
      }
      ++edge.weight;
      doc_edges->push_back({doc, key, rows});
      docs_[docs_by_rank_[doc]].triple_count += rows;
      counters_.evidence += rows;
    }
    edges_.push_back(edge);
    ++counters_.edges_by_relation[RelationIndex(key.relation)];
  }
  counters_.edges += edges_.size();
  std::sort(doc_edges->begin(), doc_edges->end(), [](const DocEdge& a, const DocEdge& b) {
    return std::tie(a.doc, a.key) < std::tie(b.doc, b.key);
  });
}

// Per document: the entities it counts (by id, then type), the names it
// uses (by normalized name) and its edges, encoded as its contribution.
void BulkLoader::SettleUses(const std::vector<DocEdge>& doc_edges) {
  contributions_.resize(docs_.size());
  size_t u = 0;
  size_t e = 0;
  for (uint32_t rank = 0; rank < docs_.size(); ++rank) {
    DocContribution c;
    for (; e < doc_edges.size() && doc_edges[e].doc == rank; ++e) {
      c.edges.push_back({doc_edges[e].key, doc_edges[e].rows});
    }
    for (; u < uses_.size() && uses_[u].doc == rank;) {
      const EntityId id = uses_[u].entity;
      EntityInfo& entity = entities_[id - first_id_];
      ++entity.refs;
      c.names.push_back({entity.normalized, id});
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
        c.entities.push_back({id, static_cast<EntityType>(type), count});
      }
    }
    std::sort(c.names.begin(), c.names.end(),
              [](const DocContribution::NameUse& a, const DocContribution::NameUse& b) {
                return a.normalized < b.normalized;
              });
    contributions_[rank] = EncodeContribution(c);
  }
  std::vector<Use>().swap(uses_);
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
        KG_RETURN_IF_ERROR(put(docs_[docs_by_rank_[rank]].id, contributions_[rank]));
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
  std::vector<uint32_t> order;
  for (uint32_t i = 0; i < entities_.size(); ++i) {
    EntityRecord record;
    record.type_counts = entities_[i].type_counts;
    if (record.Mentions() > 0) order.push_back(i);
  }
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return entities_[a].normalized < entities_[b].normalized;
  });
  for (uint32_t i : order) {
    const EntityInfo& e = entities_[i];
    KG_RETURN_IF_ERROR(put(e.normalized, EncodeName({first_id_ + i, e.refs, e.name})));
  }
  return Status::Ok();
}

Status BulkLoader::EmitEdges(Cf cf, const PutFn& put) const {
  // Sorting copies, not indices: an indirect comparison misses the cache.
  std::vector<EdgeOut> ops;
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
  std::string key;
  for (const EvidenceRec& rec : evidence_) {
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
