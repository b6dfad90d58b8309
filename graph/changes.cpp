// Entity resolution, edge aggregates and document undo (see changes.h).
#include "graph/changes.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "graph/codec.h"

namespace kg::graph {

void Changes::EdgeAgg::AddDate(const std::string& date) {
  if (date.empty()) return;
  if (first_date.empty() || date < first_date) first_date = date;
  if (last_date.empty() || date > last_date) last_date = date;
}

void Changes::EdgeAgg::AddDoc(double conf, const std::string& date) {
  ++docs;
  confidence = std::max(confidence, conf);
  AddDate(date);
}

// Resolves the names of one document to entity ids and tallies what the
// document contributes to each entity and name.
class Changes::DocResolver {
 public:
  DocResolver(Changes* changes, const std::string& doc) : c_(changes), doc_(doc) {}

  Status AddMention(const extract::EntityMention& mention);
  // 0 when a side has no usable name (it normalizes to nothing).
  Result<EdgeKey> AddTriple(const extract::Triple& triple);
  Status Settle(DocContribution* contribution);

 private:
  Result<EntityId> Resolve(const std::string& surface);
  Status AttachAlias(EntityId id, const std::string& surface, const std::string& normalized,
                     std::string reason);

  Changes* c_;
  const std::string& doc_;
  std::map<EntityId, std::array<uint64_t, kNumTypes>> mention_counts_;
  std::map<EntityId, std::array<uint64_t, kNumTypes>> triple_counts_;
  std::set<std::pair<std::string, EntityId>> names_used_;
  std::set<std::string> merge_keys_;
};

Result<EntityId> Changes::DocResolver::Resolve(const std::string& surface) {
  if (auto it = c_->surface_ids_.find(surface); it != c_->surface_ids_.end()) {
    names_used_.emplace(it->second.second, it->second.first);
    return it->second.first;
  }
  std::string normalized = NormalizeName(surface);
  if (normalized.empty()) return EntityId{0};
  Result<NameState*> name = c_->LoadName(normalized);
  if (!name.ok()) return name.status();
  EntityId id = 0;
  if ((*name)->value) {
    id = (*name)->value->id;
  } else {
    Result<EntityId> created = c_->CreateEntity(surface, normalized);
    if (!created.ok()) return created.status();
    id = *created;
  }
  c_->surface_ids_.emplace(surface, std::make_pair(id, normalized));
  names_used_.emplace(std::move(normalized), id);
  return id;
}

// An alias joins the entity unless the name already belongs to another one:
// two existing entities are never merged, so no chain of aliases can glue
// unrelated things together.
Status Changes::DocResolver::AttachAlias(EntityId id, const std::string& surface,
                                         const std::string& normalized, std::string reason) {
  Result<NameState*> name = c_->LoadName(normalized);
  if (!name.ok()) return name.status();
  NameState* ns = *name;
  if (ns->value && ns->value->id != id) return Status::Ok();
  if (!ns->value) {
    Result<EntityState*> entity = c_->LoadEntity(id);
    if (!entity.ok()) return entity.status();
    (*entity)->record.aliases.push_back(surface);
    ns->value = NameValue{id, 0, surface};
    ns->dirty = true;
  }
  names_used_.emplace(normalized, id);
  std::string key = MergeKey(id, normalized, doc_);
  if (merge_keys_.insert(key).second) c_->Put(kCfMerges, std::move(key), std::move(reason));
  return Status::Ok();
}

Status Changes::DocResolver::AddMention(const extract::EntityMention& mention) {
  const std::string& name = mention.entity.name;
  std::string normalized = NormalizeName(name);
  if (normalized.empty()) return Status::Ok();
  Result<NameState*> own = c_->LoadName(normalized);
  if (!own.ok()) return own.status();
  EntityId id = (*own)->value ? (*own)->value->id : 0;
  for (size_t i = 0; id == 0 && i < mention.aliases.size(); ++i) {
    const std::string& alias = mention.aliases[i];
    std::string alias_norm = NormalizeName(alias);
    if (alias_norm.empty()) continue;
    Result<NameState*> other = c_->LoadName(alias_norm);
    if (!other.ok()) return other.status();
    if (!(*other)->value) continue;
    id = (*other)->value->id;
    KG_RETURN_IF_ERROR(
        AttachAlias(id, name, normalized,
                    fmt::format("\"{}\" is given as another name of \"{}\" in document {}", name,
                                alias, doc_)));
  }
  if (id == 0) {
    Result<EntityId> resolved = Resolve(name);
    if (!resolved.ok()) return resolved.status();
    id = *resolved;
  }
  names_used_.emplace(normalized, id);
  for (const std::string& alias : mention.aliases) {
    std::string alias_norm = NormalizeName(alias);
    if (alias_norm.empty() || alias_norm == normalized) continue;
    KG_RETURN_IF_ERROR(AttachAlias(
        id, alias, alias_norm,
        fmt::format("\"{}\" is an alias of \"{}\" defined in document {}", alias, name, doc_)));
  }
  mention_counts_[id][TypeIndex(mention.entity.type)] += std::max<uint32_t>(mention.mentions, 1);
  return Status::Ok();
}

Result<EdgeKey> Changes::DocResolver::AddTriple(const extract::Triple& triple) {
  Result<EntityId> s = Resolve(triple.subject.name);
  if (!s.ok()) return s.status();
  Result<EntityId> o = Resolve(triple.object.name);
  if (!o.ok()) return o.status();
  if (*s == 0 || *o == 0) return EdgeKey{0, triple.relation, 0};
  ++triple_counts_[*s][TypeIndex(triple.subject.type)];
  ++triple_counts_[*o][TypeIndex(triple.object.type)];
  return EdgeKey{*s, triple.relation, *o};
}

// An entity's count of a type in one document: how often the document names
// it so (its mention count), but at least the triples that use it so.
Status Changes::DocResolver::Settle(DocContribution* contribution) {
  std::set<EntityId> ids;
  for (const auto& [id, counts] : mention_counts_) ids.insert(id);
  for (const auto& [id, counts] : triple_counts_) ids.insert(id);
  static const std::array<uint64_t, kNumTypes> kZero{};
  for (EntityId id : ids) {
    auto m = mention_counts_.find(id);
    auto t = triple_counts_.find(id);
    const auto& mentions = m == mention_counts_.end() ? kZero : m->second;
    const auto& triples = t == triple_counts_.end() ? kZero : t->second;
    Result<EntityState*> entity = c_->LoadEntity(id);
    if (!entity.ok()) return entity.status();
    for (size_t i = 0; i < kNumTypes; ++i) {
      uint64_t count = std::max(mentions[i], triples[i]);
      if (count == 0) continue;
      (*entity)->record.type_counts[i] += count;
      contribution->entities.push_back({id, static_cast<EntityType>(i + 1), count});
    }
  }
  for (const auto& [normalized, id] : names_used_) {
    Result<NameState*> name = c_->LoadName(normalized);
    if (!name.ok()) return name.status();
    if (!(*name)->value || (*name)->value->id != id) continue;
    ++(*name)->value->refs;
    (*name)->dirty = true;
    contribution->names.push_back({normalized, id});
  }
  contribution->merge_keys.assign(merge_keys_.begin(), merge_keys_.end());
  return Status::Ok();
}

Changes::Changes(const StoreReader* reader, const Counters& counters)
    : reader_(reader), counters_(counters) {}

void Changes::Put(Cf cf, std::string key, std::string value) {
  ops_[cf].push_back({std::move(key), std::move(value)});
}

void Changes::Delete(Cf cf, std::string key) { ops_[cf].push_back({std::move(key), std::nullopt}); }

Result<Changes::EntityState*> Changes::LoadEntity(EntityId id) {
  if (auto it = entities_.find(id); it != entities_.end()) return &it->second;
  EntityState state;
  Result<std::optional<std::string>> value =
      reader_ ? reader_->Get(kCfEntities, EntityKey(id)) : std::optional<std::string>();
  if (!value.ok()) return value.status();
  if (!*value) {
    return Status::Corruption(fmt::format(
        "entity {} is referenced but not stored; the database is damaged (rebuild it with "
        "`kg ingest`)",
        id));
  }
  Result<EntityRecord> record = DecodeEntity(id, **value);
  if (!record.ok()) return record.status();
  state.record = std::move(*record);
  state.existed = true;
  state.stored_type = state.record.MajorityType();
  return &entities_.emplace(id, std::move(state)).first->second;
}

Result<Changes::NameState*> Changes::LoadName(const std::string& normalized) {
  if (auto it = names_.find(normalized); it != names_.end()) return &it->second;
  NameState state;
  if (reader_) {
    Result<std::optional<std::string>> value = reader_->Get(kCfNames, normalized);
    if (!value.ok()) return value.status();
    if (*value) {
      Result<NameValue> decoded = DecodeName(**value);
      if (!decoded.ok()) return decoded.status();
      state.value = std::move(*decoded);
      state.existed = true;
    }
  }
  return &names_.emplace(normalized, std::move(state)).first->second;
}

Result<Changes::EdgeState*> Changes::LoadEdge(const EdgeKey& key) {
  if (auto it = edges_.find(key); it != edges_.end()) return &it->second;
  EdgeState state;
  if (reader_) {
    Result<std::optional<std::string>> value = reader_->Get(kCfSpo, SpoKey(key));
    if (!value.ok()) return value.status();
    if (*value) {
      Result<EdgeValue> decoded = DecodeEdgeValue(**value);
      if (!decoded.ok()) return decoded.status();
      state.stored = std::move(*decoded);
    }
  }
  return &edges_.emplace(key, std::move(state)).first->second;
}

Result<EntityId> Changes::CreateEntity(const std::string& surface, const std::string& normalized) {
  EntityId id = counters_.next_entity_id++;
  EntityState state;
  state.record.id = id;
  state.record.name = surface;
  entities_.emplace(id, std::move(state));
  Result<NameState*> name = LoadName(normalized);
  if (!name.ok()) return name.status();
  (*name)->value = NameValue{id, 0, surface};
  (*name)->dirty = true;
  return id;
}

namespace {

// Identical triples in one document (a line repeated in a JSONL file) are
// one piece of evidence.
std::string EvidenceIdentity(const EdgeKey& key, const extract::Triple& t) {
  std::string id = SpoKey(key);
  for (uint32_t v : {t.sentence.begin, t.sentence.end, t.subject_span.begin, t.subject_span.end,
                     t.object_span.begin, t.object_span.end}) {
    PutU32(&id, v);
  }
  id += t.evidence;
  return id;
}

Evidence EvidenceOf(const extract::Triple& t, const DocumentRecord& doc) {
  return Evidence{doc.id,
                  t.evidence,
                  t.subject_span,
                  t.object_span,
                  t.rule,
                  t.confidence,
                  t.date.empty() ? doc.date : t.date};
}

}  // namespace

Status Changes::AddDocument(const DocumentRecord& doc, const extract::Extraction& extraction) {
  if (doc.id.empty() || doc.id.find('\0') != std::string::npos) {
    return Status::InvalidArgument(fmt::format(
        "document id \"{}\" is empty or contains a NUL byte; give each document a printable id",
        doc.id));
  }
  DocResolver resolver(this, doc.id);
  for (const extract::EntityMention& mention : extraction.entities) {
    KG_RETURN_IF_ERROR(resolver.AddMention(mention));
  }
  std::map<EdgeKey, std::vector<Evidence>> edges;
  std::unordered_set<std::string> seen;
  for (const extract::Triple& triple : extraction.triples) {
    Result<EdgeKey> key = resolver.AddTriple(triple);
    if (!key.ok()) return key.status();
    if (key->subject == 0 || !seen.insert(EvidenceIdentity(*key, triple)).second) continue;
    edges[*key].push_back(EvidenceOf(triple, doc));
  }
  DocContribution contribution;
  KG_RETURN_IF_ERROR(resolver.Settle(&contribution));
  KG_RETURN_IF_ERROR(AddEdges(doc, edges, &contribution));
  DocumentRecord record = doc;
  record.triple_count = static_cast<uint32_t>(seen.size());
  Put(kCfDocEdges, doc.id, EncodeContribution(contribution));
  Put(kCfDocuments, doc.id, EncodeDocument(record));
  ++counters_.documents;
  return Status::Ok();
}

Status Changes::AddEdges(const DocumentRecord& doc,
                         const std::map<EdgeKey, std::vector<Evidence>>& edges,
                         DocContribution* contribution) {
  for (const auto& [key, rows] : edges) {
    Result<EdgeState*> edge = LoadEdge(key);
    if (!edge.ok()) return edge.status();
    double confidence = 0.0;
    for (uint32_t i = 0; i < rows.size(); ++i) {
      Put(kCfEvidence, EvidenceKey(key, doc.id, i), EncodeEvidence(rows[i]));
      confidence = std::max(confidence, rows[i].confidence);
      (*edge)->added.AddDate(rows[i].date);
    }
    (*edge)->added.AddDoc(confidence, "");
    contribution->edges.push_back({key, static_cast<uint32_t>(rows.size())});
    counters_.evidence += rows.size();
  }
  return Status::Ok();
}

Status Changes::RemoveDocument(std::string_view doc_id) {
  Result<std::optional<std::string>> stored =
      reader_ ? reader_->Get(kCfDocEdges, doc_id) : std::optional<std::string>();
  if (!stored.ok()) return stored.status();
  if (!*stored) return Status::NotFound(fmt::format("no document \"{}\" is stored", doc_id));
  Result<DocContribution> contribution = DecodeContribution(**stored);
  if (!contribution.ok()) return contribution.status();
  surface_ids_.clear();
  for (const auto& e : contribution->edges) {
    Result<EdgeState*> edge = LoadEdge(e.edge);
    if (!edge.ok()) return edge.status();
    (*edge)->rescan = true;
    for (uint32_t i = 0; i < e.rows; ++i) Delete(kCfEvidence, EvidenceKey(e.edge, doc_id, i));
    counters_.evidence -= std::min<uint64_t>(e.rows, counters_.evidence);
  }
  for (const auto& e : contribution->entities) {
    Result<EntityState*> entity = LoadEntity(e.id);
    if (!entity.ok()) return entity.status();
    uint64_t& count = (*entity)->record.type_counts[TypeIndex(e.type)];
    count -= std::min(count, e.count);
  }
  for (const auto& use : contribution->names) KG_RETURN_IF_ERROR(ReleaseName(use));
  for (const auto& key : contribution->merge_keys) Delete(kCfMerges, key);
  Delete(kCfDocEdges, std::string(doc_id));
  Delete(kCfDocuments, std::string(doc_id));
  if (counters_.documents > 0) --counters_.documents;
  removed_docs_.emplace(doc_id);
  return Status::Ok();
}

// A name no document uses any more leaves the index, except the entity's
// canonical name, which stays while the entity does.
Status Changes::ReleaseName(const DocContribution::NameUse& use) {
  Result<NameState*> name = LoadName(use.normalized);
  if (!name.ok()) return name.status();
  NameState* ns = *name;
  if (!ns->value || ns->value->id != use.id) return Status::Ok();
  if (ns->value->refs > 0) --ns->value->refs;
  ns->dirty = true;
  if (ns->value->refs > 0) return Status::Ok();
  Result<EntityState*> entity = LoadEntity(use.id);
  if (!entity.ok()) return entity.status();
  EntityRecord& record = (*entity)->record;
  if (NormalizeName(record.name) == use.normalized) return Status::Ok();
  ns->value.reset();
  std::erase_if(record.aliases,
                [&](const std::string& a) { return NormalizeName(a) == use.normalized; });
  return Status::Ok();
}

Result<Changes::EdgeAgg> Changes::Rescan(const EdgeKey& key) const {
  EdgeAgg agg;
  std::string last_doc;
  Status s = reader_->ScanPrefix(kCfEvidence, SpoKey(key),
                                 [&](std::string_view k, std::string_view v) -> Status {
                                   std::string_view doc = EvidenceKeyDoc(k);
                                   if (removed_docs_.count(std::string(doc))) return Status::Ok();
                                   Result<Evidence> e = DecodeEvidence(doc, v);
                                   if (!e.ok()) return e.status();
                                   if (agg.docs == 0 || doc != last_doc) {
                                     ++agg.docs;
                                     last_doc = std::string(doc);
                                   }
                                   agg.confidence = std::max(agg.confidence, e->confidence);
                                   agg.AddDate(e->date);
                                   return Status::Ok();
                                 });
  if (!s.ok()) return s;
  return agg;
}

Status Changes::FinishEdges() {
  for (auto& [key, state] : edges_) {
    if (!state.rescan && state.added.docs == 0) continue;
    EdgeAgg total;
    if (state.rescan) {
      Result<EdgeAgg> rescanned = Rescan(key);
      if (!rescanned.ok()) return rescanned.status();
      total = std::move(*rescanned);
    } else if (state.stored) {
      total = {state.stored->weight, state.stored->confidence, state.stored->first_date,
               state.stored->last_date};
    }
    total.docs += state.added.docs;
    total.confidence = std::max(total.confidence, state.added.confidence);
    total.AddDate(state.added.first_date);
    total.AddDate(state.added.last_date);
    uint64_t& by_relation = counters_.edges_by_relation[RelationIndex(key.relation)];
    if (total.docs == 0) {
      if (!state.stored) continue;
      Delete(kCfSpo, SpoKey(key));
      Delete(kCfOps, OpsKey(key));
      --counters_.edges;
      --by_relation;
      continue;
    }
    std::string value = EncodeEdgeValue(
        {total.docs, total.confidence, std::move(total.first_date), std::move(total.last_date)});
    Put(kCfSpo, SpoKey(key), value);
    Put(kCfOps, OpsKey(key), std::move(value));
    if (!state.stored) {
      ++counters_.edges;
      ++by_relation;
    }
  }
  return Status::Ok();
}

// An entity no document mentions any more is deleted with all its names.
Status Changes::FinishEntities() {
  for (auto& [id, state] : entities_) {
    const EntityRecord& record = state.record;
    if (record.Mentions() > 0) {
      Put(kCfEntities, EntityKey(id), EncodeEntity(record));
      EntityType type = record.MajorityType();
      if (!state.existed) ++counters_.entities;
      if (state.existed) --counters_.entities_by_type[TypeIndex(state.stored_type)];
      ++counters_.entities_by_type[TypeIndex(type)];
      continue;
    }
    dead_entities_.insert(id);
    if (!state.existed) continue;
    Delete(kCfEntities, EntityKey(id));
    --counters_.entities;
    --counters_.entities_by_type[TypeIndex(state.stored_type)];
    std::vector<std::string> names = record.aliases;
    names.push_back(record.name);
    for (const std::string& name : names) {
      Result<NameState*> ns = LoadName(NormalizeName(name));
      if (!ns.ok()) return ns.status();
      if ((*ns)->value && (*ns)->value->id == id) {
        (*ns)->value.reset();
        (*ns)->dirty = true;
      }
    }
  }
  return Status::Ok();
}

void Changes::FinishNames() {
  for (auto& [normalized, state] : names_) {
    if (!state.dirty) continue;
    if (state.value && !dead_entities_.count(state.value->id)) {
      Put(kCfNames, normalized, EncodeName(*state.value));
    } else if (state.existed) {
      Delete(kCfNames, normalized);
    }
  }
}

Status Changes::Finish() {
  KG_RETURN_IF_ERROR(FinishEdges());
  KG_RETURN_IF_ERROR(FinishEntities());
  FinishNames();
  return Status::Ok();
}

}  // namespace kg::graph
