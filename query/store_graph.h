// query/store_graph.h: internal to query/; the public contract is query/query.h.
//
// A Boost.Graph view of a graph::Store. Vertices are EntityIds; the out-edges
// of a vertex are read lazily from Store::OutEdges / InEdges the first time a
// search asks for them, then cached for the rest of the query. Property maps
// are sparse (hash maps), so a search costs what it visits, never the size of
// the graph. Searches stop early only by StopSearch(), which RunStoppable()
// catches: the exception never leaves query/.
#pragma once

#include <boost/graph/graph_traits.hpp>
#include <boost/iterator/iterator_facade.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "query/query.h"

namespace kg::query::internal {

// One edge as walked: from `source` to `target`, which is subject -> object
// when hop.forward, object -> subject otherwise.
struct StoreEdge {
  EntityId source = 0;
  EntityId target = 0;
  Hop hop;
};

// Identifies a stored edge regardless of the direction it is walked in.
struct EdgeKey {
  EntityId subject = 0;
  Relation relation = Relation::kUses;
  EntityId object = 0;
  bool operator==(const EdgeKey&) const = default;
};
struct EdgeKeyHash {
  size_t operator()(const EdgeKey& k) const {
    uint64_t h = k.subject * 0x9E3779B97F4A7C15ULL;
    h ^= (k.object + static_cast<uint64_t>(k.relation)) * 0xC2B2AE3D27D4EB4FULL;
    return static_cast<size_t>(h ^ (h >> 29));
  }
};
inline EdgeKey KeyOf(const Edge& e) { return {e.subject, e.relation, e.object}; }

// Thrown only by StopSearch(), caught only by RunStoppable().
struct StopSearchSignal {};
[[noreturn]] inline void StopSearch() { throw StopSearchSignal{}; }

// Runs a search that may call StopSearch(); returns true when it did.
template <typename Search>
bool RunStoppable(Search&& search) {
  try {
    search();
    return false;
  } catch (const StopSearchSignal&) {
    return true;
  }
}

class StoreGraph;

// Whether an edge has evidence dated in `range` (query.h, TimeRange).
Result<bool> InTimeRange(const Store& store, const Edge& edge, const TimeRange& range);

// Iterates over a vertex's cached edges, skipping those the graph blocks
// (Yen's algorithm removes nodes and edges between spur searches).
class OutEdgeIterator
    : public boost::iterator_facade<OutEdgeIterator, const StoreEdge*, boost::forward_traversal_tag,
                                    const StoreEdge*> {
 public:
  OutEdgeIterator() = default;
  OutEdgeIterator(const StoreGraph* graph, const StoreEdge* at, const StoreEdge* end)
      : graph_(graph), at_(at), end_(end) {
    SkipBlocked();
  }

 private:
  friend class boost::iterator_core_access;
  const StoreEdge* dereference() const { return at_; }
  bool equal(const OutEdgeIterator& other) const { return at_ == other.at_; }
  void increment() {
    ++at_;
    SkipBlocked();
  }
  void SkipBlocked();

  const StoreGraph* graph_ = nullptr;
  const StoreEdge* at_ = nullptr;
  const StoreEdge* end_ = nullptr;
};

class StoreGraph {
 public:
  // `relations` empty: every relation.
  // `time` unbounded: every edge; otherwise edges are filtered as fetched.
  StoreGraph(const Store& store, Direction direction, std::vector<Relation> relations,
             TimeRange time = {})
      : store_(&store),
        direction_(direction),
        relations_(std::move(relations)),
        time_(std::move(time)) {}

  // The edges out of `v` in the walking direction: for kOut subject -> object,
  // for kIn object -> subject, for kBoth both (out-edges first). On a store
  // error, records it in status() and stops the running search.
  const std::vector<StoreEdge>& Adjacent(EntityId v) const;

  bool Allowed(const StoreEdge& e) const {
    if (blocked_nodes_.empty() && blocked_edges_.empty()) return true;
    return !blocked_nodes_.contains(e.target) && !blocked_edges_.contains(KeyOf(e.hop.edge));
  }
  void BlockNode(EntityId v) { blocked_nodes_.insert(v); }
  void BlockEdge(const Edge& e) { blocked_edges_.insert(KeyOf(e)); }
  void ClearBlocks() {
    blocked_nodes_.clear();
    blocked_edges_.clear();
  }

  // Counts nodes discovered by every search on this graph: the budget of a
  // query is shared by all the searches it runs.
  size_t visited = 0;
  const Store& store() const { return *store_; }
  const Status& status() const { return status_; }

 private:
  void Append(EntityId v, std::optional<Relation> relation, bool forward,
              std::vector<StoreEdge>* out) const;

  const Store* store_;
  Direction direction_;
  std::vector<Relation> relations_;
  TimeRange time_;
  mutable std::unordered_map<EntityId, std::vector<StoreEdge>> cache_;
  mutable Status status_;
  std::unordered_set<EntityId> blocked_nodes_;
  std::unordered_set<EdgeKey, EdgeKeyHash> blocked_edges_;
};

inline void OutEdgeIterator::SkipBlocked() {
  while (at_ != end_ && !graph_->Allowed(*at_)) ++at_;
}

// ---- Boost.Graph concept functions (IncidenceGraph) ----

inline std::pair<OutEdgeIterator, OutEdgeIterator> out_edges(EntityId v, const StoreGraph& g) {
  const std::vector<StoreEdge>& edges = g.Adjacent(v);
  const StoreEdge* begin = edges.data();
  const StoreEdge* end = begin + edges.size();
  return {OutEdgeIterator(&g, begin, end), OutEdgeIterator(&g, end, end)};
}
inline EntityId source(const StoreEdge* e, const StoreGraph&) { return e->source; }
inline EntityId target(const StoreEdge* e, const StoreGraph&) { return e->target; }
inline size_t out_degree(EntityId v, const StoreGraph& g) {
  auto [begin, end] = out_edges(v, g);
  return static_cast<size_t>(std::distance(begin, end));
}

}  // namespace kg::query::internal

namespace boost {

struct kg_store_graph_traversal : incidence_graph_tag {};

template <>
struct graph_traits<kg::query::internal::StoreGraph> {
  using vertex_descriptor = kg::graph::EntityId;
  using edge_descriptor = const kg::query::internal::StoreEdge*;
  using out_edge_iterator = kg::query::internal::OutEdgeIterator;
  using directed_category = directed_tag;
  using edge_parallel_category = allow_parallel_edge_tag;
  using traversal_category = kg_store_graph_traversal;
  using degree_size_type = size_t;
  using vertices_size_type = size_t;
  using edges_size_type = size_t;
  static vertex_descriptor null_vertex() { return 0; }
};

}  // namespace boost
