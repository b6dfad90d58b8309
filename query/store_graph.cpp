// The lazy adjacency of StoreGraph (query/store_graph.h).
#include "query/store_graph.h"

#include <string>

namespace kg::query::internal {

namespace {

// Edges read per step: enough to amortize a cursor step's overhead, few
// enough that a search stopping early wastes little.
constexpr size_t kBatchEdges = 64;

}  // namespace

Adjacency* StoreGraph::Edges(EntityId v) const {
  std::unique_ptr<Adjacency>& slot = cache_[v];
  if (slot) return slot.get();
  slot = std::make_unique<Adjacency>();
  slot->node = v;
  // One cursor per wanted relation: each reads only its own key range.
  std::vector<std::optional<Relation>> wanted(relations_.begin(), relations_.end());
  if (wanted.empty()) wanted.push_back(std::nullopt);
  for (bool forward : {true, false}) {
    if (forward && direction_ == Direction::kIn) continue;
    if (!forward && direction_ == Direction::kOut) continue;
    for (const std::optional<Relation>& relation : wanted) {
      slot->sources.push_back({forward, relation});
    }
  }
  return slot.get();
}

bool StoreGraph::Reach(Adjacency* a, size_t index) const {
  while (a->edges.size() <= index && !a->complete) ReadBatch(a);
  if (!status_.ok()) StopSearch();
  return index < a->edges.size();
}

const EdgeList& StoreGraph::Adjacent(EntityId v) const {
  Adjacency* a = Edges(v);
  while (!a->complete) ReadBatch(a);
  if (!status_.ok()) StopSearch();
  return a->edges;
}

// Reads up to kBatchEdges more edges, opening the next cursor as one ends.
// A store error is recorded in status_ and ends the adjacency.
void StoreGraph::ReadBatch(Adjacency* a) const {
  for (size_t read = 0; read < kBatchEdges;) {
    if (!a->cursor) {
      if (a->next_source == a->sources.size()) {
        a->complete = true;
        return;
      }
      const Adjacency::Source& source = a->sources[a->next_source++];
      a->forward = source.forward;
      a->cursor = source.forward ? store_->OutEdges(a->node, source.relation)
                                 : store_->InEdges(a->node, source.relation);
    }
    graph::EdgeCursor& cursor = *a->cursor;
    for (; read < kBatchEdges && cursor.Valid(); cursor.Next()) {
      if (!time_.unbounded()) {
        Result<bool> in_range = InTimeRange(*store_, cursor.edge(), time_);
        if (!in_range.ok()) {
          if (status_.ok()) status_ = in_range.status();
          a->complete = true;
          return;
        }
        if (!*in_range) continue;
      }
      StoreEdge& e = a->edges.Append();
      if (skip_dates_) {
        cursor.EdgeWithoutDates(&e.hop.edge);
      } else {
        e.hop.edge = cursor.edge();
      }
      e.source = a->node;
      e.target = a->forward ? e.hop.edge.object : e.hop.edge.subject;
      e.hop.forward = a->forward;
      e.hop.slot = cursor.slot();
      ++read;
    }
    if (cursor.Valid()) return;
    if (Status s = cursor.status(); !s.ok()) {
      if (status_.ok()) {
        status_ = s.Annotate("reading the edges of entity " + std::to_string(a->node));
      }
      a->complete = true;
      return;
    }
    a->cursor.reset();
  }
}

}  // namespace kg::query::internal
