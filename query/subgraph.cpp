// ToSubgraph (query/query.h): the entities and edges an answer used.
#include "query/query.h"

namespace kg::query {
namespace {

void AddChain(const std::vector<Entity>& nodes, const std::vector<Hop>& hops, Subgraph* out) {
  for (const Entity& node : nodes) out->entities.push_back(node.id);
  for (const Hop& hop : hops) out->edges.push_back(hop.edge);
}

}  // namespace

Subgraph ToSubgraph(const NeighbourResult& result) {
  Subgraph subgraph;
  subgraph.entities.push_back(result.center.id);
  for (const NeighbourRow& row : result.rows) {
    subgraph.entities.push_back(row.entity.id);
    subgraph.edges.push_back(row.via.edge);
  }
  return subgraph;
}

Subgraph ToSubgraph(const PathResult& result) {
  Subgraph subgraph;
  subgraph.entities = {result.from.id, result.to.id};
  for (const Path& path : result.paths) AddChain(path.nodes, path.hops, &subgraph);
  return subgraph;
}

Subgraph ToSubgraph(const PatternResult& result) {
  Subgraph subgraph;
  for (const PatternRow& row : result.rows) AddChain(row.nodes, row.hops, &subgraph);
  return subgraph;
}

Subgraph ToSubgraph(const EntityReport& report) {
  Subgraph subgraph;
  subgraph.entities.push_back(report.entity.id);
  for (const Hop& hop : report.edges) subgraph.edges.push_back(hop.edge);
  return subgraph;
}

Subgraph ToSubgraph(const std::vector<RankedEntity>& top) {
  Subgraph subgraph;
  for (const RankedEntity& ranked : top) subgraph.entities.push_back(ranked.entity.id);
  return subgraph;
}

}  // namespace kg::query
