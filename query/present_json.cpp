// JSON rows of answers (query/present.h).
#include "query/present.h"

#include <algorithm>
#include <deque>
#include <span>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "query/store_graph.h"

namespace kg::query::internal {
namespace {

using extract::ToString;

// The evidence an answer shows, read for all its edges before the answer is
// written: in place where the store serves it so (Store::GetEvidenceText,
// the query snapshot: views, no copies), the rest with one
// Store::GetEvidenceBatch(). An edge not prefetched, or every edge after a
// failed batch, is read alone with Store::GetEvidence(), so a store error
// shows in place of that edge's evidence, as it would without the batch.
// The views of every edge's rows sit in one array: a vector for each edge
// was half the allocations of a 2-hop answer.
class AnswerEvidence {
 public:
  AnswerEvidence(const Store& store, size_t limit) : store_(store), limit_(limit) {}
  void Prefetch(std::span<const Hop* const> hops);
  // Up to `limit` rows of `edge`; none when the limit is 0. Valid until the
  // next call.
  Result<std::span<const graph::EvidenceText>> Of(const Edge& edge);
  size_t limit() const { return limit_; }

 private:
  // Where the rows of an edge sit in rows_.
  struct Place {
    size_t begin = 0;
    size_t count = 0;
  };
  // Keeps rows read from the store, and views of them.
  Place Keep(const Edge& edge, std::vector<graph::Evidence> rows);
  // Adds views of an edge's rows; returns where they are.
  Place Add(const Edge& edge, std::span<const graph::EvidenceText> rows);
  std::span<const graph::EvidenceText> RowsAt(Place place) const {
    return std::span<const graph::EvidenceText>(rows_).subspan(place.begin, place.count);
  }

  const Store& store_;
  size_t limit_;
  std::unordered_map<EdgeKey, Place, EdgeKeyHash> places_;
  std::vector<graph::EvidenceText> rows_;
  std::deque<std::vector<graph::Evidence>> owned_;  // what views of read rows point into
};

AnswerEvidence::Place AnswerEvidence::Add(const Edge& edge,
                                          std::span<const graph::EvidenceText> rows) {
  auto [it, added] = places_.try_emplace(KeyOf(edge));
  if (!added) return it->second;
  it->second = {rows_.size(), rows.size()};
  rows_.insert(rows_.end(), rows.begin(), rows.end());
  return it->second;
}

AnswerEvidence::Place AnswerEvidence::Keep(const Edge& edge, std::vector<graph::Evidence> rows) {
  if (auto it = places_.find(KeyOf(edge)); it != places_.end()) return it->second;
  const std::vector<graph::Evidence>& kept = owned_.emplace_back(std::move(rows));
  std::vector<graph::EvidenceText> views;
  for (const graph::Evidence& e : kept) views.push_back({e.doc, e.sentence, e.date});
  return Add(edge, views);
}

void AnswerEvidence::Prefetch(std::span<const Hop* const> hops) {
  if (limit_ == 0 || hops.empty()) return;
  places_.reserve(hops.size());
  rows_.reserve(hops.size() * std::min<size_t>(limit_, 4));
  std::vector<Edge> rest;
  std::vector<graph::EvidenceText> text;
  for (const Hop* hop : hops) {
    const Edge& edge = hop->edge;
    if (places_.contains(KeyOf(edge))) continue;
    if (store_.GetEvidenceText(edge, hop->slot, limit_, &text)) {
      Add(edge, text);
    } else {
      rest.push_back(edge);
    }
  }
  if (rest.empty()) return;
  Result<std::vector<std::vector<graph::Evidence>>> rows = store_.GetEvidenceBatch(rest, limit_);
  if (!rows.ok()) return;  // Of() reads each edge alone and shows its error
  for (size_t i = 0; i < rest.size(); ++i) Keep(rest[i], std::move((*rows)[i]));
}

Result<std::span<const graph::EvidenceText>> AnswerEvidence::Of(const Edge& edge) {
  if (auto it = places_.find(KeyOf(edge)); it != places_.end()) return RowsAt(it->second);
  Result<std::vector<graph::Evidence>> rows = store_.GetEvidence(edge, limit_);
  if (!rows.ok()) return rows.status();
  return RowsAt(Keep(edge, std::move(*rows)));
}

void WriteEvidence(const Edge& edge, AnswerEvidence* evidence, JsonWriter* out) {
  out->BeginArray();
  if (evidence->limit() > 0) {
    Result<std::span<const graph::EvidenceText>> rows = evidence->Of(edge);
    if (!rows.ok()) {
      out->BeginObject();
      out->Member("error", rows.status().message());
      out->EndObject();
    } else {
      for (const graph::EvidenceText& e : *rows) {
        out->BeginObject();
        out->Member("doc", e.doc);
        out->Member("sentence", e.sentence);
        if (!e.date.empty()) out->Member("date", e.date);
        out->EndObject();
      }
    }
  }
  out->EndArray();
}

void WriteTruncation(bool truncated, const std::string& hint, JsonWriter* out) {
  out->Key("truncated");
  out->Bool(truncated);
  if (truncated) out->Member("truncation_hint", hint);
}

void WriteEntity(const Entity& entity, JsonWriter* out) {
  out->BeginObject();
  out->Key("id");
  out->UInt(entity.id);
  out->Member("name", entity.name);
  out->Member("type", ToString(entity.type));
  out->EndObject();
}

void WriteHop(const Hop& hop, NameCache* names, AnswerEvidence* evidence, JsonWriter* out) {
  const Edge& e = hop.edge;
  out->BeginObject();
  out->Member("subject", names->Name(e.subject));
  out->Member("relation", ToString(e.relation));
  out->Member("object", names->Name(e.object));
  out->Member("direction", hop.forward ? "out" : "in");
  out->Key("weight");
  out->UInt(e.weight);
  out->Key("confidence");
  out->Double(e.confidence);
  out->Key("evidence");
  WriteEvidence(e, evidence, out);
  out->EndObject();
}

// The members of a chain of nodes and hops: length, nodes, hops.
void WriteChain(const std::vector<Entity>& nodes, const std::vector<Hop>& hops, NameCache* names,
                AnswerEvidence* evidence, JsonWriter* out) {
  out->Key("length");
  out->UInt(hops.size());
  out->Key("nodes");
  out->BeginArray();
  for (const Entity& node : nodes) {
    names->Add(node);
    WriteEntity(node, out);
  }
  out->EndArray();
  out->Key("hops");
  out->BeginArray();
  for (const Hop& hop : hops) WriteHop(hop, names, evidence, out);
  out->EndArray();
}

}  // namespace

std::string_view NameCache::Name(EntityId id) {
  if (const std::string_view* name = names_.find(id)) return *name;
  Result<Entity> entity = store_.GetEntity(id);
  loaded_.push_back(entity.ok() ? entity->name : fmt::format("#{}", id));
  return *names_.try_emplace(id, loaded_.back()).first;
}

void WriteNeighbours(const Store& store, const NeighbourResult& result, size_t evidence_per_edge,
                     JsonWriter* out) {
  NameCache names(store);
  AnswerEvidence evidence(store, evidence_per_edge);
  std::vector<const Hop*> hops;
  for (const NeighbourRow& row : result.rows) hops.push_back(&row.via);
  evidence.Prefetch(hops);
  names.Add(result.center);
  for (const NeighbourRow& row : result.rows) names.Add(row.entity);
  out->Key("center");
  WriteEntity(result.center, out);
  out->Key("rows");
  out->BeginArray();
  for (const NeighbourRow& row : result.rows) {
    out->BeginObject();
    out->Key("entity");
    WriteEntity(row.entity, out);
    out->Key("depth");
    out->Int(row.depth);
    out->Key("via");
    WriteHop(row.via, &names, &evidence, out);
    out->EndObject();
  }
  out->EndArray();
  WriteTruncation(result.truncated, result.truncation_hint, out);
}

void WritePaths(const Store& store, const PathResult& result, size_t evidence_per_edge,
                JsonWriter* out) {
  NameCache names(store);
  AnswerEvidence evidence(store, evidence_per_edge);
  std::vector<const Hop*> hops;
  for (const Path& path : result.paths) {
    for (const Hop& hop : path.hops) hops.push_back(&hop);
  }
  evidence.Prefetch(hops);
  out->Key("from");
  WriteEntity(result.from, out);
  out->Key("to");
  WriteEntity(result.to, out);
  out->Key("rows");
  out->BeginArray();
  for (const Path& path : result.paths) {
    out->BeginObject();
    WriteChain(path.nodes, path.hops, &names, &evidence, out);
    out->EndObject();
  }
  out->EndArray();
  WriteTruncation(result.truncated, result.truncation_hint, out);
}

void WritePattern(const Store& store, const PatternResult& result, size_t evidence_per_edge,
                  JsonWriter* out) {
  NameCache names(store);
  AnswerEvidence evidence(store, evidence_per_edge);
  std::vector<const Hop*> hops;
  for (const PatternRow& row : result.rows) {
    for (const Hop& hop : row.hops) hops.push_back(&hop);
  }
  evidence.Prefetch(hops);
  out->Key("rows");
  out->BeginArray();
  for (const PatternRow& row : result.rows) {
    out->BeginObject();
    WriteChain(row.nodes, row.hops, &names, &evidence, out);
    out->Key("inferred");
    out->Bool(row.inferred);
    out->EndObject();
  }
  out->EndArray();
  WriteTruncation(result.truncated, result.truncation_hint, out);
}

void WriteEntityReport(const Store& store, const EntityReport& report, size_t evidence_per_edge,
                       JsonWriter* out) {
  NameCache names(store);
  AnswerEvidence evidence(store, evidence_per_edge);
  std::vector<const Hop*> hops;
  for (const Hop& hop : report.edges) hops.push_back(&hop);
  evidence.Prefetch(hops);
  names.Add(report.entity);
  out->Key("entity");
  out->BeginObject();
  out->Key("id");
  out->UInt(report.entity.id);
  out->Member("name", report.entity.name);
  out->Member("type", ToString(report.entity.type));
  out->Key("aliases");
  out->BeginArray();
  for (const std::string& alias : report.entity.aliases) out->String(alias);
  out->EndArray();
  out->Key("mentions");
  out->UInt(report.entity.mentions);
  out->EndObject();
  out->Key("rows");
  out->BeginArray();
  for (const Hop& hop : report.edges) WriteHop(hop, &names, &evidence, out);
  out->EndArray();
}

void WriteTop(const std::vector<RankedEntity>& top, JsonWriter* out) {
  out->Key("rows");
  out->BeginArray();
  for (const RankedEntity& ranked : top) {
    out->BeginObject();
    out->Key("entity");
    WriteEntity(ranked.entity, out);
    out->Key("degree");
    out->UInt(ranked.degree);
    out->EndObject();
  }
  out->EndArray();
}

}  // namespace kg::query::internal

namespace kg::query {
namespace {

// One answer as a compact JSON object.
template <typename Write>
std::string ObjectJson(Write write) {
  std::string text;
  internal::JsonWriter out(&text);
  out.BeginObject();
  write(&out);
  out.EndObject();
  return text;
}

}  // namespace

std::string NeighboursToJson(const Store& store, const NeighbourResult& result,
                             size_t evidence_per_edge) {
  return ObjectJson([&](internal::JsonWriter* out) {
    internal::WriteNeighbours(store, result, evidence_per_edge, out);
  });
}
std::string PathsToJson(const Store& store, const PathResult& result, size_t evidence_per_edge) {
  return ObjectJson([&](internal::JsonWriter* out) {
    internal::WritePaths(store, result, evidence_per_edge, out);
  });
}
std::string PatternToJson(const Store& store, const PatternResult& result,
                          size_t evidence_per_edge) {
  return ObjectJson([&](internal::JsonWriter* out) {
    internal::WritePattern(store, result, evidence_per_edge, out);
  });
}
std::string EntityReportToJson(const Store& store, const EntityReport& report,
                               size_t evidence_per_edge) {
  return ObjectJson([&](internal::JsonWriter* out) {
    internal::WriteEntityReport(store, report, evidence_per_edge, out);
  });
}
std::string TopToJson(const std::vector<RankedEntity>& top) {
  return ObjectJson([&](internal::JsonWriter* out) { internal::WriteTop(top, out); });
}

}  // namespace kg::query
