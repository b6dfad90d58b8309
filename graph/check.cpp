// Store::Check and Store::Repair: one scan of every family, with the
// evidence as ground truth (docs/STORAGE.md, "Checking a store").
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>
#include <rocksdb/write_batch.h>

#include "graph/codec.h"
#include "graph/rocks_store.h"

namespace kg::graph {

size_t CheckReport::Remaining() const {
  if (!repaired) return problems.size();
  return static_cast<size_t>(std::count_if(problems.begin(), problems.end(),
                                           [](const CheckProblem& p) { return !p.repairable; }));
}

namespace {

std::string Hex(std::string_view bytes) {
  std::string out;
  for (unsigned char c : bytes) out += fmt::format("{:02x}", c);
  return out;
}

bool ValidEdgeKey(std::string_view key) {
  if (key.size() < kEdgeKeySize) return false;
  auto rel = static_cast<uint8_t>(key[8]);
  return rel >= 1 && rel <= kNumRelations;
}

std::string EdgeName(const EdgeKey& k) {
  return fmt::format("edge {} -{}-> {}", k.subject, extract::ToString(k.relation), k.object);
}

std::string Describe(const EdgeValue& v) {
  return fmt::format("weight {}, confidence {}, dates {}..{}", v.weight, v.confidence, v.first_date,
                     v.last_date);
}

std::string CountersLine(const Counters& c) {
  return fmt::format("entities={} edges={} evidence={} documents={} by_type={} by_relation={}",
                     c.entities, c.edges, c.evidence, c.documents,
                     fmt::join(c.entities_by_type, "/"), fmt::join(c.edges_by_relation, "/"));
}

// An edge as its spo and ops rows give it, and as its evidence says it is.
struct EdgeState {
  std::optional<std::string> spo;
  std::optional<std::string> ops;
  uint32_t docs = 0;
  double confidence = 0.0;
  std::string first_date;
  std::string last_date;
  std::string last_doc;

  void AddRow(std::string_view doc, const Evidence& e) {
    if (docs == 0 || doc != last_doc) {
      ++docs;
      last_doc = std::string(doc);
    }
    confidence = std::max(confidence, e.confidence);
    if (!e.date.empty() && (first_date.empty() || e.date < first_date)) first_date = e.date;
    if (!e.date.empty() && (last_date.empty() || e.date > last_date)) last_date = e.date;
  }
  EdgeValue Expected() const { return {docs, confidence, first_date, last_date}; }
};

struct DocState {
  std::optional<DocumentRecord> record;
  bool has_contribution_row = false;
  std::optional<DocContribution> contribution;
  std::map<EdgeKey, uint32_t> evidence_rows;  // rows kept, per edge
};

// Scans the store through StoreReader and collects problems and the writes
// that fix them. Families are read in dependency order: documents and
// entities first, so that evidence and edges can be judged against them.
class Checker {
 public:
  explicit Checker(const StoreReader& db) : db_(db) {}

  Status Run(CheckReport* report) {
    report_ = report;
    KG_RETURN_IF_ERROR(ScanDocuments());
    KG_RETURN_IF_ERROR(ScanEntities());
    KG_RETURN_IF_ERROR(ScanEdges(kCfSpo));
    KG_RETURN_IF_ERROR(ScanEdges(kCfOps));
    KG_RETURN_IF_ERROR(ScanEvidence());
    SettleEntities();
    SettleEdges();
    SettleDocuments();
    KG_RETURN_IF_ERROR(SettleCounters());
    report->entities = counted_.entities;
    report->edges = counted_.edges;
    report->evidence = counted_.evidence;
    report->documents = counted_.documents;
    return Status::Ok();
  }

  const std::array<std::vector<WriteOp>, kCfCount>& fixes() const { return fixes_; }
  const Counters& counted() const { return counted_; }
  bool counters_wrong() const { return counters_wrong_; }

 private:
  void Problem(std::string message, bool repairable) {
    report_->problems.push_back({std::move(message), repairable});
  }
  void Put(Cf cf, std::string key, std::string value) {
    fixes_[cf].push_back({std::move(key), std::move(value)});
  }
  void Delete(Cf cf, std::string key) { fixes_[cf].push_back({std::move(key), std::nullopt}); }

  Status ScanDocuments();
  Status ScanEntities();
  Status ScanEdges(Cf cf);
  Status ScanEvidence();
  void SettleEntities();
  void SettleEdges();
  void SettleEdge(const EdgeKey& key, EdgeState& state);
  void SettleDocuments();
  Status SettleCounters();

  const StoreReader& db_;
  CheckReport* report_ = nullptr;
  std::map<std::string, DocState> docs_;
  std::map<EntityId, EntityRecord> entities_;
  std::unordered_map<std::string, EntityId> names_;
  // normalized name -> entity -> documents that use it (from doc_edges)
  std::unordered_map<std::string, std::map<EntityId, uint32_t>> name_refs_;
  std::map<EdgeKey, EdgeState> edges_;
  std::array<std::vector<WriteOp>, kCfCount> fixes_;
  Counters counted_;
  bool counters_wrong_ = false;
};

Status Checker::ScanDocuments() {
  KG_RETURN_IF_ERROR(db_.ScanPrefix(kCfDocuments, "", [&](std::string_view k, std::string_view v) {
    Result<DocumentRecord> doc = DecodeDocument(k, v);
    if (!doc.ok()) {
      Problem(fmt::format("document \"{}\": its record does not decode; remove it with `kg docs "
                          "rm {}` and ingest it again",
                          k, k),
              false);
      return Status::Ok();
    }
    docs_[std::string(k)].record = std::move(*doc);
    ++counted_.documents;
    return Status::Ok();
  }));
  return db_.ScanPrefix(kCfDocEdges, "", [&](std::string_view k, std::string_view v) {
    DocState& doc = docs_[std::string(k)];
    doc.has_contribution_row = true;
    Result<DocContribution> c = DecodeContribution(v);
    if (!c.ok()) {
      Problem(fmt::format("doc_edges \"{}\": the record does not decode, so the document cannot "
                          "be removed or replaced; rebuild the database with `kg ingest`",
                          k),
              false);
      return Status::Ok();
    }
    for (const DocContribution::NameUse& use : c->names) ++name_refs_[use.normalized][use.id];
    doc.contribution = std::move(*c);
    return Status::Ok();
  });
}

Status Checker::ScanEntities() {
  KG_RETURN_IF_ERROR(db_.ScanPrefix(kCfEntities, "", [&](std::string_view k, std::string_view v) {
    Result<EntityRecord> r =
        k.size() == 8 ? DecodeEntity(ReadU64(k), v) : Result<EntityRecord>(Status::Corruption(""));
    if (!r.ok()) {
      Problem(fmt::format("entities key {}: the record does not decode; rebuild the database "
                          "with `kg ingest`",
                          Hex(k)),
              false);
      return Status::Ok();
    }
    ++counted_.entities;
    ++counted_.entities_by_type[TypeIndex(r->MajorityType())];
    counted_.next_entity_id = std::max(counted_.next_entity_id, r->id + 1);
    entities_[r->id] = std::move(*r);
    return Status::Ok();
  }));
  return db_.ScanPrefix(kCfNames, "", [&](std::string_view k, std::string_view v) {
    Result<NameValue> name = DecodeName(v);
    if (!name.ok()) {
      Problem(fmt::format("name \"{}\": the index entry does not decode; --repair deletes it "
                          "(and re-adds it if an entity has that name)",
                          k),
              true);
      Delete(kCfNames, std::string(k));
    } else if (!entities_.count(name->id)) {
      Problem(fmt::format("name \"{}\" points at entity {}, which is not stored; --repair "
                          "deletes the name",
                          k, name->id),
              true);
      Delete(kCfNames, std::string(k));
    } else {
      names_[std::string(k)] = name->id;
    }
    return Status::Ok();
  });
}

Status Checker::ScanEdges(Cf cf) {
  const bool ops = cf == kCfOps;
  return db_.ScanPrefix(cf, "", [&](std::string_view k, std::string_view v) {
    if (k.size() != kEdgeKeySize || !ValidEdgeKey(k)) {
      Problem(fmt::format("{} key {} is not an edge key; --repair deletes it",
                          kColumnFamilyNames[cf], Hex(k)),
              true);
      Delete(cf, std::string(k));
      return Status::Ok();
    }
    EdgeState& state = edges_[ops ? DecodeOpsKey(k) : DecodeSpoKey(k)];
    (ops ? state.ops : state.spo) = std::string(v);
    return Status::Ok();
  });
}

// Evidence arrives in key order: edge, document, ordinal. Ordinals within
// one (edge, document) must be 0..n-1, since removal deletes by ordinal.
Status Checker::ScanEvidence() {
  std::string last_group;
  uint32_t next_ordinal = 0;
  return db_.ScanPrefix(kCfEvidence, "", [&](std::string_view k, std::string_view v) {
    const bool shaped = k.size() >= kEdgeKeySize + 5 && ValidEdgeKey(k) && k[k.size() - 5] == '\0';
    Result<Evidence> e =
        shaped ? DecodeEvidence(EvidenceKeyDoc(k), v) : Result<Evidence>(Status::Corruption(""));
    if (!e.ok()) {
      Problem(fmt::format("evidence key {}: the row does not decode; --repair deletes it", Hex(k)),
              true);
      Delete(kCfEvidence, std::string(k));
      return Status::Ok();
    }
    EdgeKey edge = DecodeSpoKey(k);
    std::string doc(EvidenceKeyDoc(k));
    const uint32_t ordinal = Decoder(k.substr(k.size() - 4)).U32();
    auto found = docs_.find(doc);
    if (found == docs_.end() || !found->second.record) {
      Problem(fmt::format("evidence of {} from document \"{}\" (row {}): no such document is "
                          "stored; --repair deletes the row",
                          EdgeName(edge), doc, ordinal),
              true);
      Delete(kCfEvidence, std::string(k));
      return Status::Ok();
    }
    std::string_view group = k.substr(0, k.size() - 4);
    if (group != last_group) {
      last_group = std::string(group);
      next_ordinal = 0;
    }
    if (ordinal != next_ordinal) {
      Problem(fmt::format("evidence of {} from document \"{}\": row {} should be row {} (rows "
                          "are numbered from 0 without gaps); --repair renumbers it",
                          EdgeName(edge), doc, ordinal, next_ordinal),
              true);
      Delete(kCfEvidence, std::string(k));
      Put(kCfEvidence, EvidenceKey(edge, doc, next_ordinal), std::string(v));
    }
    ++next_ordinal;
    edges_[edge].AddRow(doc, *e);
    ++found->second.evidence_rows[edge];
    ++counted_.evidence;
    return Status::Ok();
  });
}

void Checker::SettleEntities() {
  for (const auto& [id, record] : entities_) {
    std::vector<std::string> spellings = record.aliases;
    spellings.insert(spellings.begin(), record.name);
    for (const std::string& spelling : spellings) {
      std::string norm = NormalizeName(spelling);
      if (norm.empty()) continue;
      auto it = names_.find(norm);
      if (it == names_.end()) {
        Problem(fmt::format("entity {} \"{}\": its name \"{}\" is not in the name index, so "
                            "queries cannot find it by that name; --repair adds it",
                            id, record.name, spelling),
                true);
        uint32_t refs = 0;
        if (auto r = name_refs_.find(norm); r != name_refs_.end() && r->second.count(id)) {
          refs = r->second.at(id);
        }
        Put(kCfNames, norm, EncodeName({id, refs, spelling}));
        names_[norm] = id;
      } else if (it->second != id) {
        Problem(fmt::format("entity {} \"{}\": its name \"{}\" leads to entity {} in the name "
                            "index; rebuild the database with `kg ingest` to settle which "
                            "entity owns it",
                            id, record.name, spelling, it->second),
                false);
      }
    }
  }
}

void Checker::SettleEdges() {
  for (auto& [key, state] : edges_) SettleEdge(key, state);
}

void Checker::SettleEdge(const EdgeKey& key, EdgeState& state) {
  const std::string name = EdgeName(key);
  if (state.docs == 0) {
    Problem(fmt::format("{} has no evidence; --repair deletes its spo and ops rows", name), true);
    if (state.spo) Delete(kCfSpo, SpoKey(key));
    if (state.ops) Delete(kCfOps, OpsKey(key));
    return;
  }
  ++counted_.edges;
  ++counted_.edges_by_relation[RelationIndex(key.relation)];
  for (EntityId end : {key.subject, key.object}) {
    if (!entities_.count(end)) {
      Problem(fmt::format("{} names entity {}, which is not stored; rebuild the database with "
                          "`kg ingest`",
                          name, end),
              false);
    }
  }
  const EdgeValue expected = state.Expected();
  bool fix = true;
  if (!state.spo && !state.ops) {
    Problem(fmt::format("{} has evidence from {} document(s) but no spo or ops row; --repair "
                        "recreates the edge from its evidence",
                        name, expected.weight),
            true);
  } else if (!state.ops) {
    Problem(fmt::format("{} is in spo but not in ops, so in-edge queries miss it; --repair "
                        "rebuilds the ops row",
                        name),
            true);
  } else if (!state.spo) {
    Problem(fmt::format("{} is in ops but not in spo, so out-edge queries miss it; --repair "
                        "rebuilds the spo row",
                        name),
            true);
  } else if (*state.spo != *state.ops) {
    Problem(fmt::format("{}: its spo and ops values differ; --repair rewrites both from the "
                        "evidence",
                        name),
            true);
  } else {
    fix = false;
  }
  Result<EdgeValue> stored = DecodeEdgeValue(state.spo ? *state.spo : *state.ops);
  if (!stored.ok()) {
    Problem(fmt::format("{}: the stored value does not decode; --repair rewrites it from the "
                        "evidence",
                        name),
            true);
    fix = true;
  } else if (stored->weight != expected.weight) {
    Problem(fmt::format("{} has weight {} but evidence from {} document(s); --repair recomputes "
                        "it from the evidence",
                        name, stored->weight, expected.weight),
            true);
    fix = true;
  } else if (stored->confidence != expected.confidence ||
             stored->first_date != expected.first_date || stored->last_date != expected.last_date) {
    Problem(fmt::format("{} records {} but its evidence gives {}; --repair recomputes it", name,
                        Describe(*stored), Describe(expected)),
            true);
    fix = true;
  }
  if (!fix) return;
  std::string value = EncodeEdgeValue(expected);
  Put(kCfSpo, SpoKey(key), value);
  Put(kCfOps, OpsKey(key), std::move(value));
}

void Checker::SettleDocuments() {
  for (auto& [id, doc] : docs_) {
    if (!doc.record) {
      if (doc.has_contribution_row) {
        Problem(
            fmt::format("doc_edges \"{}\" belongs to no stored document; --repair deletes it", id),
            true);
        Delete(kCfDocEdges, id);
      }
      continue;
    }
    uint64_t rows = 0;
    for (const auto& [edge, n] : doc.evidence_rows) rows += n;
    if (!doc.has_contribution_row) {
      Problem(fmt::format("document \"{}\" has no doc_edges record, so it cannot be removed or "
                          "replaced; rebuild the database with `kg ingest`",
                          id),
              false);
    } else if (doc.contribution) {
      std::map<EdgeKey, uint32_t> listed;
      uint64_t listed_rows = 0;
      for (const auto& e : doc.contribution->edges) listed[e.edge] += e.rows, listed_rows += e.rows;
      if (listed != doc.evidence_rows) {
        Problem(fmt::format("document \"{}\": doc_edges lists {} edge(s) with {} evidence row(s) "
                            "but the evidence has {} edge(s) with {} row(s); --repair rewrites "
                            "the list from the evidence",
                            id, listed.size(), listed_rows, doc.evidence_rows.size(), rows),
                true);
        DocContribution fixed = *doc.contribution;
        fixed.edges.clear();
        for (const auto& [edge, n] : doc.evidence_rows) fixed.edges.push_back({edge, n});
        Put(kCfDocEdges, id, EncodeContribution(fixed));
      }
    }
    if (doc.record->triple_count != rows) {
      Problem(fmt::format("document \"{}\" records {} triple(s) but has {} evidence row(s); "
                          "--repair sets its count to {}",
                          id, doc.record->triple_count, rows, rows),
              true);
      DocumentRecord fixed = *doc.record;
      fixed.triple_count = static_cast<uint32_t>(rows);
      Put(kCfDocuments, id, EncodeDocument(fixed));
    }
  }
}

Status Checker::SettleCounters() {
  Result<std::optional<std::string>> raw = db_.Get(kCfMeta, kMetaCounters);
  if (!raw.ok()) return raw.status();
  Result<Counters> stored = *raw ? DecodeCounters(**raw) : Result<Counters>(Status::NotFound(""));
  if (!stored.ok()) {
    Problem("meta counters are missing or do not decode; --repair rewrites them from the scan",
            true);
    counters_wrong_ = true;
    return Status::Ok();
  }
  // Ids of deleted entities are never reused: keep the stored high mark.
  counted_.next_entity_id = std::max(counted_.next_entity_id, stored->next_entity_id);
  std::string says = CountersLine(*stored);
  std::string finds = CountersLine(counted_);
  if (says != finds) {
    Problem(fmt::format("meta counters say {} but the rows give {}; --repair rewrites them", says,
                        finds),
            true);
    counters_wrong_ = true;
  }
  return Status::Ok();
}

}  // namespace

Result<CheckReport> RocksStore::Check() const {
  CheckReport report;
  Checker checker(*this);
  KG_RETURN_IF_ERROR(checker.Run(&report));
  return report;
}

// The fixes and the counters go in one WriteBatch: a crash leaves the store
// as it was or wholly repaired.
Result<CheckReport> RocksStore::Repair() {
  KG_RETURN_IF_ERROR(CheckWritable());
  std::lock_guard<std::mutex> lock(mu_);
  CheckReport report;
  Checker checker(*this);
  KG_RETURN_IF_ERROR(checker.Run(&report));
  rocksdb::WriteBatch batch;
  for (int cf = 0; cf < kCfCount; ++cf) {
    for (const WriteOp& op : checker.fixes()[cf]) {
      if (op.value) {
        batch.Put(cf_[cf], op.key, *op.value);
      } else {
        batch.Delete(cf_[cf], op.key);
      }
    }
  }
  if (checker.counters_wrong()) {
    batch.Put(cf_[kCfMeta], std::string(kMetaCounters), EncodeCounters(checker.counted()));
  }
  if (batch.Count() > 0) {
    KG_RETURN_IF_ERROR(DropQuerySnapshot());
    KG_RETURN_IF_ERROR(Wrap(db_->Write(rocksdb::WriteOptions(), &batch), "repairing"));
    counters_ = checker.counted();
  }
  report.repaired = true;
  return report;
}

}  // namespace kg::graph
