// Keys and records of the graph store; docs/STORAGE.md is the reference.
#include "graph/records.h"

#include <fmt/format.h>

#include "graph/codec.h"

namespace kg::graph {
namespace {

Status Undecodable(std::string_view what) {
  return Status::Corruption(fmt::format(
      "a stored {} record does not decode; the database is damaged or was written by another "
      "program (rebuild it with `kg ingest`)",
      what));
}

bool ValidType(uint8_t t) { return t >= 1 && t <= kNumTypes; }
bool ValidRelation(uint8_t r) { return r >= 1 && r <= kNumRelations; }

void PutEdgeKey(std::string* out, EntityId first, Relation r, EntityId second) {
  PutU64(out, first);
  PutU8(out, static_cast<uint8_t>(r));
  PutU64(out, second);
}

}  // namespace

std::string EntityKey(EntityId id) {
  std::string k;
  PutU64(&k, id);
  return k;
}

std::string SpoKey(const EdgeKey& k) {
  std::string out;
  PutEdgeKey(&out, k.subject, k.relation, k.object);
  return out;
}

std::string OpsKey(const EdgeKey& k) {
  std::string out;
  PutEdgeKey(&out, k.object, k.relation, k.subject);
  return out;
}

EdgeKey DecodeSpoKey(std::string_view key) {
  return {ReadU64(key), static_cast<Relation>(static_cast<uint8_t>(key[8])),
          ReadU64(key.substr(9))};
}

EdgeKey DecodeOpsKey(std::string_view key) {
  return {ReadU64(key.substr(9)), static_cast<Relation>(static_cast<uint8_t>(key[8])),
          ReadU64(key)};
}

std::string EvidenceKey(const EdgeKey& k, std::string_view doc, uint32_t ordinal) {
  std::string out = SpoKey(k);
  out.append(doc);
  out.push_back('\0');
  PutU32(&out, ordinal);
  return out;
}

std::string_view EvidenceKeyDoc(std::string_view key) {
  if (key.size() < kEdgeKeySize + 5) return {};
  return key.substr(kEdgeKeySize, key.size() - kEdgeKeySize - 5);
}

std::string MergePrefix(EntityId id, std::string_view normalized) {
  std::string out = EntityKey(id);
  out.append(normalized);
  out.push_back('\0');
  return out;
}

std::string MergeKey(EntityId id, std::string_view normalized, std::string_view doc) {
  std::string out = MergePrefix(id, normalized);
  out.append(doc);
  return out;
}

std::string PrefixSuccessor(std::string prefix) {
  while (!prefix.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(prefix.back());
    if (last != 0xff) {
      ++last;
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;
}

EntityType EntityRecord::MajorityType() const {
  size_t best = 0;
  for (size_t i = 1; i < kNumTypes; ++i) {
    if (type_counts[i] > type_counts[best]) best = i;
  }
  return static_cast<EntityType>(best + 1);
}

uint64_t EntityRecord::Mentions() const {
  uint64_t total = 0;
  for (uint64_t c : type_counts) total += c;
  return total;
}

Entity EntityRecord::ToEntity() const {
  return Entity{id, name, MajorityType(), aliases, Mentions()};
}

std::string EncodeEntity(const EntityRecord& r) {
  std::string out;
  PutU8(&out, static_cast<uint8_t>(r.MajorityType()));
  PutString(&out, r.name);
  for (uint64_t c : r.type_counts) PutU64(&out, c);
  PutU32(&out, static_cast<uint32_t>(r.aliases.size()));
  for (const std::string& a : r.aliases) PutString(&out, a);
  return out;
}

Result<EntityRecord> DecodeEntity(EntityId id, std::string_view value) {
  Decoder d(value);
  EntityRecord r;
  r.id = id;
  d.U8();  // the majority type, stored for other readers; recomputed here
  r.name = d.String();
  for (uint64_t& c : r.type_counts) c = d.U64();
  uint32_t n = d.U32();
  for (uint32_t i = 0; i < n && !d.failed(); ++i) r.aliases.push_back(d.String());
  if (d.failed()) return Undecodable("entity");
  return r;
}

std::string EncodeName(const NameValue& v) {
  std::string out;
  PutU64(&out, v.id);
  PutU32(&out, v.refs);
  PutString(&out, v.surface);
  return out;
}

Result<NameValue> DecodeName(std::string_view value) {
  Decoder d(value);
  NameValue v;
  v.id = d.U64();
  v.refs = d.U32();
  v.surface = d.String();
  if (d.failed()) return Undecodable("name index");
  return v;
}

std::string EncodeEdgeValue(const EdgeValue& v) {
  std::string out;
  PutU32(&out, v.weight);
  PutDouble(&out, v.confidence);
  PutString(&out, v.first_date);
  PutString(&out, v.last_date);
  return out;
}

Result<EdgeValue> DecodeEdgeValue(std::string_view value) {
  Decoder d(value);
  EdgeValue v;
  v.weight = d.U32();
  v.confidence = d.Double();
  v.first_date = d.String();
  v.last_date = d.String();
  if (d.failed()) return Undecodable("edge");
  return v;
}

bool DecodeEdgeValue(std::string_view value, Edge* edge) {
  Decoder d(value);
  edge->weight = d.U32();
  edge->confidence = d.Double();
  edge->first_date.assign(d.StringView());
  edge->last_date.assign(d.StringView());
  return !d.failed();
}

std::string EncodeEvidence(const Evidence& e) {
  std::string out;
  PutString(&out, e.sentence);
  PutU32(&out, e.subject_span.begin);
  PutU32(&out, e.subject_span.end);
  PutU32(&out, e.object_span.begin);
  PutU32(&out, e.object_span.end);
  PutString(&out, e.rule);
  PutDouble(&out, e.confidence);
  PutString(&out, e.date);
  return out;
}

Result<Evidence> DecodeEvidence(std::string_view doc, std::string_view value) {
  Decoder d(value);
  Evidence e;
  e.doc = std::string(doc);
  e.sentence = d.String();
  e.subject_span = {d.U32(), d.U32()};
  e.object_span = {d.U32(), d.U32()};
  e.rule = d.String();
  e.confidence = d.Double();
  e.date = d.String();
  if (d.failed()) return Undecodable("evidence");
  return e;
}

std::string EncodeDocument(const DocumentRecord& doc) {
  std::string out;
  PutString(&out, doc.source);
  PutString(&out, doc.content_hash);
  PutString(&out, doc.title);
  PutString(&out, doc.date);
  PutI64(&out, doc.ingest_time);
  PutU32(&out, doc.triple_count);
  return out;
}

Result<DocumentRecord> DecodeDocument(std::string_view id, std::string_view value) {
  Decoder d(value);
  DocumentRecord doc;
  doc.id = std::string(id);
  doc.source = d.String();
  doc.content_hash = d.String();
  doc.title = d.String();
  doc.date = d.String();
  doc.ingest_time = d.I64();
  doc.triple_count = d.U32();
  if (d.failed()) return Undecodable("document");
  return doc;
}

std::string EncodeContribution(const DocContribution& c) {
  std::string out;
  PutU32(&out, static_cast<uint32_t>(c.edges.size()));
  for (const auto& e : c.edges) {
    out += SpoKey(e.edge);
    PutU32(&out, e.rows);
  }
  PutU32(&out, static_cast<uint32_t>(c.entities.size()));
  for (const auto& e : c.entities) {
    PutU64(&out, e.id);
    PutU8(&out, static_cast<uint8_t>(e.type));
    PutU64(&out, e.count);
  }
  PutU32(&out, static_cast<uint32_t>(c.names.size()));
  for (const auto& n : c.names) {
    PutString(&out, n.normalized);
    PutU64(&out, n.id);
  }
  PutU32(&out, static_cast<uint32_t>(c.merge_keys.size()));
  for (const auto& k : c.merge_keys) PutString(&out, k);
  return out;
}

Result<DocContribution> DecodeContribution(std::string_view value) {
  Decoder d(value);
  DocContribution c;
  for (uint32_t i = 0, n = d.U32(); i < n && !d.failed(); ++i) {
    uint64_t s = d.U64();
    uint8_t r = d.U8();
    uint64_t o = d.U64();
    if (!ValidRelation(r)) return Undecodable("document contribution");
    c.edges.push_back({{s, static_cast<Relation>(r), o}, d.U32()});
  }
  for (uint32_t i = 0, n = d.U32(); i < n && !d.failed(); ++i) {
    uint64_t id = d.U64();
    uint8_t t = d.U8();
    if (!ValidType(t)) return Undecodable("document contribution");
    c.entities.push_back({id, static_cast<EntityType>(t), d.U64()});
  }
  for (uint32_t i = 0, n = d.U32(); i < n && !d.failed(); ++i) {
    std::string norm = d.String();
    c.names.push_back({std::move(norm), d.U64()});
  }
  for (uint32_t i = 0, n = d.U32(); i < n && !d.failed(); ++i) c.merge_keys.push_back(d.String());
  if (d.failed()) return Undecodable("document contribution");
  return c;
}

std::string EncodeCounters(const Counters& c) {
  std::string out;
  PutU64(&out, c.next_entity_id);
  PutU64(&out, c.entities);
  PutU64(&out, c.edges);
  PutU64(&out, c.evidence);
  PutU64(&out, c.documents);
  PutU32(&out, static_cast<uint32_t>(kNumTypes));
  for (uint64_t v : c.entities_by_type) PutU64(&out, v);
  PutU32(&out, static_cast<uint32_t>(kNumRelations));
  for (uint64_t v : c.edges_by_relation) PutU64(&out, v);
  return out;
}

Result<Counters> DecodeCounters(std::string_view value) {
  Decoder d(value);
  Counters c;
  c.next_entity_id = d.U64();
  c.entities = d.U64();
  c.edges = d.U64();
  c.evidence = d.U64();
  c.documents = d.U64();
  if (d.U32() != kNumTypes) return Undecodable("counters");
  for (uint64_t& v : c.entities_by_type) v = d.U64();
  if (d.U32() != kNumRelations) return Undecodable("counters");
  for (uint64_t& v : c.edges_by_relation) v = d.U64();
  if (d.failed()) return Undecodable("counters");
  return c;
}

}  // namespace kg::graph
