// JSON rows of answers (query/present.h).
#include "query/present.h"

#include <fmt/format.h>

namespace kg::query::internal {
namespace {

using extract::ToString;

Json EvidenceJson(const Store& store, const Edge& edge, size_t limit) {
  Json list = Json::array();
  if (limit == 0) return list;
  Result<std::vector<graph::Evidence>> evidence = store.GetEvidence(edge, limit);
  if (!evidence.ok()) {
    list.push_back({{"error", evidence.status().message()}});
    return list;
  }
  for (const graph::Evidence& e : *evidence) {
    Json item = {{"doc", e.doc}, {"sentence", e.sentence}};
    if (!e.date.empty()) item["date"] = e.date;
    list.push_back(std::move(item));
  }
  return list;
}

Json WithTruncation(Json json, bool truncated, const std::string& hint) {
  json["truncated"] = truncated;
  if (truncated) json["truncation_hint"] = hint;
  return json;
}

}  // namespace

const std::string& NameCache::Name(EntityId id) {
  auto it = names_.find(id);
  if (it != names_.end()) return it->second;
  Result<Entity> entity = store_.GetEntity(id);
  std::string name = entity.ok() ? entity->name : fmt::format("#{}", id);
  return names_.emplace(id, std::move(name)).first->second;
}

Json EntityJson(const Entity& entity) {
  return {{"id", entity.id}, {"name", entity.name}, {"type", ToString(entity.type)}};
}

Json HopJson(const Store& store, const Hop& hop, NameCache* names, size_t evidence_per_edge) {
  const Edge& e = hop.edge;
  return {{"subject", names->Name(e.subject)},
          {"relation", ToString(e.relation)},
          {"object", names->Name(e.object)},
          {"direction", hop.forward ? "out" : "in"},
          {"weight", e.weight},
          {"confidence", e.confidence},
          {"evidence", EvidenceJson(store, e, evidence_per_edge)}};
}

Json NeighboursJson(const Store& store, const NeighbourResult& result, size_t evidence) {
  NameCache names(store);
  names.Add(result.center);
  for (const NeighbourRow& row : result.rows) names.Add(row.entity);
  Json rows = Json::array();
  for (const NeighbourRow& row : result.rows) {
    rows.push_back({{"entity", EntityJson(row.entity)},
                    {"depth", row.depth},
                    {"via", HopJson(store, row.via, &names, evidence)}});
  }
  Json json = {{"center", EntityJson(result.center)}, {"rows", std::move(rows)}};
  return WithTruncation(std::move(json), result.truncated, result.truncation_hint);
}

namespace {
Json ChainJson(const Store& store, const std::vector<Entity>& nodes, const std::vector<Hop>& hops,
               NameCache* names, size_t evidence) {
  Json node_list = Json::array();
  for (const Entity& node : nodes) {
    names->Add(node);
    node_list.push_back(EntityJson(node));
  }
  Json hop_list = Json::array();
  for (const Hop& hop : hops) hop_list.push_back(HopJson(store, hop, names, evidence));
  return {{"length", hops.size()}, {"nodes", std::move(node_list)}, {"hops", std::move(hop_list)}};
}
}  // namespace

Json PathsJson(const Store& store, const PathResult& result, size_t evidence) {
  NameCache names(store);
  Json rows = Json::array();
  for (const Path& path : result.paths) {
    rows.push_back(ChainJson(store, path.nodes, path.hops, &names, evidence));
  }
  Json json = {
      {"from", EntityJson(result.from)}, {"to", EntityJson(result.to)}, {"rows", std::move(rows)}};
  return WithTruncation(std::move(json), result.truncated, result.truncation_hint);
}

Json PatternJson(const Store& store, const PatternResult& result, size_t evidence) {
  NameCache names(store);
  Json rows = Json::array();
  for (const PatternRow& row : result.rows) {
    Json json = ChainJson(store, row.nodes, row.hops, &names, evidence);
    json["inferred"] = row.inferred;
    rows.push_back(std::move(json));
  }
  return WithTruncation({{"rows", std::move(rows)}}, result.truncated, result.truncation_hint);
}

Json EntityReportJson(const Store& store, const EntityReport& report, size_t evidence) {
  NameCache names(store);
  names.Add(report.entity);
  Json entity = EntityJson(report.entity);
  entity["aliases"] = report.entity.aliases;
  entity["mentions"] = report.entity.mentions;
  Json rows = Json::array();
  for (const Hop& hop : report.edges) rows.push_back(HopJson(store, hop, &names, evidence));
  return {{"entity", std::move(entity)}, {"rows", std::move(rows)}};
}

Json TopJson(const std::vector<RankedEntity>& top) {
  Json rows = Json::array();
  for (const RankedEntity& ranked : top) {
    rows.push_back({{"entity", EntityJson(ranked.entity)}, {"degree", ranked.degree}});
  }
  return {{"rows", std::move(rows)}};
}

std::string Dump(const Json& json, int indent) {
  return json.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace kg::query::internal

namespace kg::query {

std::string NeighboursToJson(const Store& store, const NeighbourResult& result,
                             size_t evidence_per_edge) {
  return internal::Dump(internal::NeighboursJson(store, result, evidence_per_edge));
}
std::string PathsToJson(const Store& store, const PathResult& result, size_t evidence_per_edge) {
  return internal::Dump(internal::PathsJson(store, result, evidence_per_edge));
}
std::string PatternToJson(const Store& store, const PatternResult& result,
                          size_t evidence_per_edge) {
  return internal::Dump(internal::PatternJson(store, result, evidence_per_edge));
}
std::string EntityReportToJson(const Store& store, const EntityReport& report,
                               size_t evidence_per_edge) {
  return internal::Dump(internal::EntityReportJson(store, report, evidence_per_edge));
}
std::string TopToJson(const std::vector<RankedEntity>& top) {
  return internal::Dump(internal::TopJson(top));
}

}  // namespace kg::query
