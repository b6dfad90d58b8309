// The lazy adjacency of StoreGraph (query/store_graph.h).
#include "query/store_graph.h"

#include <string>

namespace kg::query::internal {

const std::vector<StoreEdge>& StoreGraph::Adjacent(EntityId v) const {
  auto it = cache_.find(v);
  if (it != cache_.end()) return it->second;
  std::vector<StoreEdge> edges;
  // One cursor per wanted relation: each reads only its own key range.
  std::vector<std::optional<Relation>> wanted(relations_.begin(), relations_.end());
  if (wanted.empty()) wanted.push_back(std::nullopt);
  for (bool forward : {true, false}) {
    if (forward && direction_ == Direction::kIn) continue;
    if (!forward && direction_ == Direction::kOut) continue;
    for (const std::optional<Relation>& relation : wanted) Append(v, relation, forward, &edges);
  }
  if (!status_.ok()) StopSearch();
  return cache_.emplace(v, std::move(edges)).first->second;
}

void StoreGraph::Append(EntityId v, std::optional<Relation> relation, bool forward,
                        std::vector<StoreEdge>* out) const {
  std::unique_ptr<graph::EdgeCursor> cursor =
      forward ? store_->OutEdges(v, relation) : store_->InEdges(v, relation);
  for (; cursor->Valid(); cursor->Next()) {
    const Edge& edge = cursor->edge();
    if (!time_.unbounded()) {
      Result<bool> in_range = InTimeRange(*store_, edge, time_);
      if (!in_range.ok()) {
        if (status_.ok()) status_ = in_range.status();
        return;
      }
      if (!*in_range) continue;
    }
    out->push_back({v, forward ? edge.object : edge.subject, Hop{edge, forward}});
  }
  if (Status s = cursor->status(); !s.ok() && status_.ok()) {
    status_ = s.Annotate("reading the edges of entity " + std::to_string(v));
  }
}

}  // namespace kg::query::internal
