// query/store_graph.h: internal to query/; the public contract is query/query.h.
//
// A Boost.Graph view of a graph::Store. Vertices are EntityIds; the out-edges
// of a vertex are read lazily from Store::OutEdges / InEdges, in batches as a
// search walks them, and cached for the rest of the query: a search that
// stops inside a hub's list (a row limit, a found target) does not read the
// rest of its tens of thousands of edges. Property maps
// are sparse (hash maps), so a search costs what it visits, never the size of
// the graph. Searches stop early only by StopSearch(), which RunStoppable()
// catches: the exception never leaves query/.
#pragma once

#include <boost/graph/graph_traits.hpp>
#include <boost/iterator/iterator_facade.hpp>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_set>
#include <utility>
#include <vector>

#include "query/id_map.h"
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

// A vertex's edges in blocks that never move: search trees keep pointers to
// edges while more are appended, and a std::deque's blocks hold only four
// edges, one allocation per four edges walked. Blocks grow from 8 edges to
// 64: most vertices a search expands have a few edges, and a block of 64
// for each was most of the memory a path search wrote.
class EdgeList {
 public:
  class Iterator {
   public:
    Iterator(const EdgeList* list, size_t index) : list_(list), index_(index) {}
    const StoreEdge& operator*() const { return (*list_)[index_]; }
    Iterator& operator++() {
      ++index_;
      return *this;
    }
    bool operator==(const Iterator& other) const = default;

   private:
    const EdgeList* list_;
    size_t index_;
  };

  size_t size() const { return size_; }
  const StoreEdge& operator[](size_t i) const {
    auto [block, offset] = Locate(i);
    return blocks_[block][offset];
  }
  // A new edge at the end, for the caller to fill in (its fields hold
  // nothing meaningful until then).
  StoreEdge& Append() {
    auto [block, offset] = Locate(size_);
    if (block == blocks_.size()) {
      blocks_.push_back(std::make_unique<StoreEdge[]>(BlockSize(block)));
    }
    ++size_;
    return blocks_[block][offset];
  }
  Iterator begin() const { return {this, 0}; }
  Iterator end() const { return {this, size_}; }

 private:
  static constexpr size_t kFirstBlockEdges = 8;  // blocks: 8, 8, 16, 32, then 64 each
  static constexpr size_t kBlockEdges = 64;

  static size_t BlockSize(size_t block) {
    if (block == 0) return kFirstBlockEdges;
    if (block >= 4) return kBlockEdges;
    return kFirstBlockEdges << (block - 1);
  }
  // The block and the offset in it of edge `i`.
  static std::pair<size_t, size_t> Locate(size_t i) {
    if (i < kFirstBlockEdges) return {0, i};
    if (i < kBlockEdges) {
      // [8, 16) is block 1, [16, 32) block 2, [32, 64) block 3.
      const size_t block = static_cast<size_t>(std::bit_width(i)) - 3;
      return {block, i - (size_t{1} << (block + 2))};
    }
    return {4 + (i - kBlockEdges) / kBlockEdges, (i - kBlockEdges) % kBlockEdges};
  }

  std::vector<std::unique_ptr<StoreEdge[]>> blocks_;
  size_t size_ = 0;
};

// Whether an edge has evidence dated in `range` (query.h, TimeRange).
Result<bool> InTimeRange(const Store& store, const Edge& edge, const TimeRange& range);

// One vertex's out-edges as read so far; StoreGraph reads more on demand.
struct Adjacency {
  struct Source {
    bool forward = true;
    std::optional<Relation> relation;  // nullopt: every relation
  };
  EntityId node = 0;
  EdgeList edges;
  std::vector<Source> sources;  // cursors still to open, in walking order
  size_t next_source = 0;
  std::unique_ptr<graph::EdgeCursor> cursor;  // the one being read
  bool forward = true;                        // the current cursor's direction
  bool complete = false;
};

// Iterates over a vertex's cached edges, skipping those the graph blocks
// (Yen's algorithm removes nodes and edges between spur searches).
class OutEdgeIterator
    : public boost::iterator_facade<OutEdgeIterator, const StoreEdge*, boost::forward_traversal_tag,
                                    const StoreEdge*> {
 public:
  OutEdgeIterator() = default;  // the end
  OutEdgeIterator(const StoreGraph* graph, Adjacency* adjacency)
      : graph_(graph), adjacency_(adjacency) {
    Settle();
  }

 private:
  friend class boost::iterator_core_access;
  const StoreEdge* dereference() const { return &adjacency_->edges[index_]; }
  bool equal(const OutEdgeIterator& other) const {
    return adjacency_ == other.adjacency_ && index_ == other.index_;
  }
  void increment() {
    ++index_;
    Settle();
  }
  // Moves to the first allowed edge at or after index_ (reading more when
  // needed), or becomes the end.
  void Settle();

  const StoreGraph* graph_ = nullptr;
  Adjacency* adjacency_ = nullptr;  // nullptr: the end
  size_t index_ = 0;
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
  // for kIn object -> subject, for kBoth both (out-edges first), all of them.
  // On a store error, records it in status() and stops the running search.
  const EdgeList& Adjacent(EntityId v) const;

  // The edges of `v` read so far (none before the first Reach()).
  Adjacency* Edges(EntityId v) const;
  // Reads `a`'s edges up to index `index`; false when it has no more. On a
  // store error, as Adjacent().
  bool Reach(Adjacency* a, size_t index) const;

  bool Allowed(const StoreEdge& e) const {
    if (blocked_nodes_.empty() && blocked_edges_.empty()) return true;
    return !blocked_nodes_.contains(e.target) && !blocked_edges_.contains(KeyOf(e.hop.edge));
  }
  bool HasBlocks() const { return !blocked_nodes_.empty() || !blocked_edges_.empty(); }
  void BlockNode(EntityId v) { blocked_nodes_.insert(v); }
  void BlockEdge(const Edge& e) { blocked_edges_.insert(KeyOf(e)); }
  void ClearBlocks() {
    blocked_nodes_.clear();
    blocked_edges_.clear();
  }

  // From now on, edges are read without their dates (EdgeCursor::
  // EdgeWithoutDates) where that is cheaper: with the query snapshot and no
  // time range. The caller then reads the dates of the edges it keeps with
  // FillDates().
  void SkipDates() { skip_dates_ = time_.unbounded() && store_->UsesQuerySnapshot(); }
  // Edges walked in every direction and relation, read without dates:
  // a search may then read them in place itself (Store::EdgesInPlace), in
  // the order this graph gives them, while HasBlocks() is false.
  bool WalksEverything() const {
    return skip_dates_ && direction_ == Direction::kBoth && relations_.empty();
  }
  // Gives a hop of this graph's edges its dates, if they were skipped.
  Status FillDates(Hop* hop) const {
    return skip_dates_ ? store_->ReadEdgeDates(&hop->edge, hop->slot) : Status::Ok();
  }

  // Counts nodes discovered by every search on this graph: the budget of a
  // query is shared by all the searches it runs.
  size_t visited = 0;
  const Store& store() const { return *store_; }
  const Status& status() const { return status_; }

 private:
  void ReadBatch(Adjacency* a) const;

  const Store* store_;
  Direction direction_;
  std::vector<Relation> relations_;
  TimeRange time_;
  bool skip_dates_ = false;
  mutable IdMap<std::unique_ptr<Adjacency>> cache_;
  mutable Status status_;
  std::unordered_set<EntityId> blocked_nodes_;
  std::unordered_set<EdgeKey, EdgeKeyHash> blocked_edges_;
};

inline void OutEdgeIterator::Settle() {
  for (; adjacency_ != nullptr; ++index_) {
    // Reach() only when the edges read so far run out: once a batch.
    if (index_ >= adjacency_->edges.size() && !graph_->Reach(adjacency_, index_)) {
      adjacency_ = nullptr;
      index_ = 0;
      return;
    }
    if (graph_->Allowed(adjacency_->edges[index_])) return;
  }
}

// ---- Boost.Graph concept functions (IncidenceGraph) ----

inline std::pair<OutEdgeIterator, OutEdgeIterator> out_edges(EntityId v, const StoreGraph& g) {
  return {OutEdgeIterator(&g, g.Edges(v)), OutEdgeIterator()};
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
