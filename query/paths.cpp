// FindPaths (query/query.h): one shortest path, every shortest path, or the
// k shortest simple paths (Yen), walking edges in either direction.
#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include "query/query.h"
#include "query/search.h"

namespace kg::query {
namespace {

using internal::BfsEnd;
using internal::BfsTree;
using internal::StoreGraph;

struct RawPath {
  std::vector<EntityId> nodes;
  std::vector<Hop> hops;
};

// Orders candidate paths: fewer hops first, then by the edges they use, so
// that answers do not depend on hash-map order.
using PathSignature = std::vector<std::tuple<EntityId, int, EntityId, bool>>;
PathSignature SignatureOf(const RawPath& path) {
  PathSignature signature;
  for (const Hop& hop : path.hops) {
    signature.emplace_back(hop.edge.subject, static_cast<int>(hop.edge.relation), hop.edge.object,
                           hop.forward);
  }
  return signature;
}

Status CheckOptions(const PathOptions& options) {
  if (options.max_hops < 1) {
    return Status::InvalidArgument(
        fmt::format("max_hops {} is not positive (paths need at least one hop)", options.max_hops));
  }
  if (options.k < 0) {
    return Status::InvalidArgument(fmt::format("k {} is negative (use 0 for one path)", options.k));
  }
  if (options.max_paths == 0) return Status::InvalidArgument("max_paths is 0 (nothing to show)");
  return Status::Ok();
}

// Every path through the parent lists, depth first, up to `max_paths`;
// returns false when there were more.
bool AllPathsTo(const BfsTree& tree, EntityId at, size_t max_paths, RawPath* suffix,
                std::vector<RawPath>* out) {
  if (tree.depth.at(at) == 0) {
    if (out->size() == max_paths) return false;
    RawPath path{{suffix->nodes.rbegin(), suffix->nodes.rend()},
                 {suffix->hops.rbegin(), suffix->hops.rend()}};
    path.nodes.insert(path.nodes.begin(), at);
    out->push_back(std::move(path));
    return true;
  }
  suffix->nodes.push_back(at);
  for (const internal::StoreEdge* e : tree.parents.at(at)) {
    suffix->hops.push_back(e->hop);
    bool complete = AllPathsTo(tree, e->source, max_paths, suffix, out);
    suffix->hops.pop_back();
    if (!complete) return false;
  }
  suffix->nodes.pop_back();
  return true;
}

std::string HopsHint(int max_hops, size_t found) {
  if (found == 0) return fmt::format("no path within {} hops (raise --max-hops)", max_hops);
  return fmt::format("only paths of up to {} hops were searched (raise --max-hops)", max_hops);
}

std::string BudgetHint(size_t max_visited, size_t found) {
  if (found > 0) return internal::VisitedBudgetHint(max_visited);
  return fmt::format("stopped after visiting {} nodes, no path yet (raise --max-visited)",
                     max_visited);
}

struct Search {
  StoreGraph* graph;
  const PathOptions* options;
  EntityId from;
  EntityId to;
  std::vector<RawPath> paths;
  bool truncated = false;
  std::string hint;
  // The node budget ran out: every search left must stop (Yen's spur
  // searches share it).
  bool out_of_budget = false;

  // Records why a search ended short, keeping the first reason, except that
  // running out of nodes replaces an earlier spur search's hop bound: it is
  // what ended the query, and it must be recognised to end it.
  void NoteEnd(BfsEnd end) {
    if (end == BfsEnd::kBudget && !out_of_budget) {
      out_of_budget = true;
      truncated = true;
      hint = BudgetHint(options->max_visited, paths.size());
      return;
    }
    if (truncated) return;
    if (end == BfsEnd::kDepthLimit) {
      truncated = true;
      hint = HopsHint(options->max_hops, paths.size());
    }
  }
};

// The edge by which a search first reached a node: walked through the
// StoreGraph, or read in place from the query snapshot (Store::EdgesInPlace)
// in the direction given; none for a side's root. One word, as the map of
// reached nodes holds one for every node a search reaches: a pointer with
// its two low bits telling which kind and way (both kinds are aligned to
// at least 4 bytes).
class Parent {
 public:
  Parent() = default;  // the root
  explicit Parent(const internal::StoreEdge* e) : bits_(reinterpret_cast<uintptr_t>(e)) {}
  Parent(const graph::SnapshotEdgeSlot* slot, bool forward)
      : bits_(reinterpret_cast<uintptr_t>(slot) | kSlot | (forward ? kForward : 0)) {}

  bool root() const { return bits_ == 0; }
  // The node it was walked from.
  EntityId source() const {
    if ((bits_ & kSlot) == 0) return edge()->source;
    return (bits_ & kForward) != 0 ? slot()->subject : slot()->object;
  }
  // Where the query snapshot keeps the edge, if known (Hop::slot).
  const graph::SnapshotEdgeSlot* where() const {
    return (bits_ & kSlot) == 0 ? edge()->hop.slot : slot();
  }
  // The stored edge; read in place, without its dates (StoreGraph::FillDates).
  Edge stored() const {
    if ((bits_ & kSlot) == 0) return edge()->hop.edge;
    const graph::SnapshotEdgeSlot& s = *slot();
    return Edge{s.subject, static_cast<Relation>(s.relation), s.object, s.weight, s.confidence, {},
                {}};
  }

 private:
  static constexpr uintptr_t kSlot = 1;
  static constexpr uintptr_t kForward = 2;
  const internal::StoreEdge* edge() const {
    return reinterpret_cast<const internal::StoreEdge*>(bits_);
  }
  const graph::SnapshotEdgeSlot* slot() const {
    return reinterpret_cast<const graph::SnapshotEdgeSlot*>(bits_ & ~(kSlot | kForward));
  }
  uintptr_t bits_ = 0;
};
static_assert(alignof(internal::StoreEdge) >= 4 && alignof(graph::SnapshotEdgeSlot) >= 4);

// One side of a bidirectional search: what it reached, how, and how far.
struct Side {
  // Every node reached, with the edge it was first reached by. One map,
  // not a depth map and a parent map: a search inserts a node for every
  // entity it reaches.
  internal::IdMap<Parent> reached;
  std::vector<EntityId> frontier;
  int level = 0;

  explicit Side(EntityId root) : frontier{root} {
    // A side usually reaches a few hundred entities (a hub's neighbours):
    // room for them up front spares the table's growth on the way.
    reached.reserve(kReachedReserve);
    reached.try_emplace(root, Parent());
  }
  static constexpr size_t kReachedReserve = 1024;
  // The nodes from `at` back to the root, with the edges between them.
  void ChainTo(EntityId at, std::vector<EntityId>* nodes, std::vector<Parent>* edges) const {
    nodes->push_back(at);
    for (Parent p = reached.at(at); !p.root(); p = reached.at(at)) {
      edges->push_back(p);
      at = p.source();
      nodes->push_back(at);
    }
  }
};

// The path from side `a`'s root to side `b`'s root through the edge x-y.
RawPath JoinSides(const Side& a, const Side& b, EntityId x, Parent middle, EntityId y) {
  std::vector<EntityId> nodes;
  std::vector<Parent> edges;
  a.ChainTo(x, &nodes, &edges);
  std::reverse(nodes.begin(), nodes.end());
  std::reverse(edges.begin(), edges.end());
  edges.push_back(middle);
  b.ChainTo(y, &nodes, &edges);
  RawPath path{nodes, {}};
  // Each hop's direction as walked from `a` to `b`.
  for (size_t i = 0; i < edges.size(); ++i) {
    Edge edge = edges[i].stored();
    const bool forward = edge.subject == nodes[i] && edge.object == nodes[i + 1];
    path.hops.push_back({std::move(edge), forward, edges[i].where()});
  }
  return path;
}

struct Meeting {
  EntityId grown = 0;  // on the side that grew
  Parent edge;
  EntityId other = 0;  // on the other side
};

// Walks one edge of GrowLevel to `target`, reached `via` that edge: kMet
// when the target is on the other side, kBudget when the node budget ran
// out, else kWalked (the target, if new, joins the next frontier).
enum class Step { kWalked, kMet, kBudget };
Step Walk(Search* search, Side* grow, const Side& other, EntityId target, Parent via,
          std::vector<EntityId>* next) {
  if (other.reached.contains(target)) return Step::kMet;
  if (grow->reached.contains(target)) return Step::kWalked;
  StoreGraph& graph = *search->graph;
  if (graph.visited >= search->options->max_visited) {
    search->NoteEnd(BfsEnd::kBudget);
    return Step::kBudget;
  }
  ++graph.visited;
  grow->reached.try_emplace(target, via);
  next->push_back(target);
  return Step::kWalked;
}

// Expands the frontier of `grow` by one level until it meets `other`;
// returns the meeting, if any, or ends the search when the node budget runs
// out. The first meeting is a shortest one: edges are walked both ways, so a
// node next to an inner node of `other` would already have been reached by
// `other` and met there. Stopping at it spares the rest of the level, often
// a hub's thousands of edges. With the query snapshot, edges are read in
// place, in the order the StoreGraph would give them: a path search walks
// hundreds of a hub's edges to keep a handful.
Result<std::optional<Meeting>> GrowLevel(Search* search, Side* grow, const Side& other) {
  StoreGraph& graph = *search->graph;
  const bool in_place = graph.WalksEverything() && !graph.HasBlocks();
  std::vector<EntityId> next;
  for (EntityId u : grow->frontier) {
    std::optional<std::span<const graph::SnapshotEdgeSlot>> out, in;
    if (in_place) {
      out = graph.store().EdgesInPlace(u, true);
      in = graph.store().EdgesInPlace(u, false);
    }
    if (out && in) {
      for (const bool forward : {true, false}) {
        for (const graph::SnapshotEdgeSlot& slot : forward ? *out : *in) {
          const EntityId target = forward ? slot.object : slot.subject;
          const Parent via(&slot, forward);
          const Step step = Walk(search, grow, other, target, via, &next);
          if (step == Step::kMet) return std::optional<Meeting>(Meeting{u, via, target});
          if (step == Step::kBudget) return std::optional<Meeting>();
        }
      }
      continue;
    }
    auto [begin, end] = internal::out_edges(u, graph);
    for (auto it = begin; it != end; ++it) {
      const internal::StoreEdge* e = *it;
      Step step = Walk(search, grow, other, e->target, Parent(e), &next);
      if (step == Step::kMet) return std::optional<Meeting>(Meeting{u, Parent(e), e->target});
      if (step == Step::kBudget) return std::optional<Meeting>();
    }
  }
  grow->frontier = std::move(next);
  ++grow->level;
  return std::optional<Meeting>();
}

// Bidirectional breadth-first search, level by level from the smaller
// frontier: on hub-heavy graphs it visits a small fraction of what a
// one-sided search does.
Result<std::optional<RawPath>> ShortestPath(Search* search, EntityId from, int max_hops) {
  StoreGraph& graph = *search->graph;
  if (graph.visited + 2 > search->options->max_visited) {
    search->NoteEnd(BfsEnd::kBudget);
    return std::optional<RawPath>();
  }
  graph.visited += 2;
  Side a(from), b(search->to);
  while (!a.frontier.empty() && !b.frontier.empty()) {
    if (a.level + b.level >= max_hops) {
      search->NoteEnd(BfsEnd::kDepthLimit);
      return std::optional<RawPath>();
    }
    bool grow_a = a.frontier.size() <= b.frontier.size();
    std::optional<Meeting> met;
    // Adjacent() stops the search on a store error; the graph keeps it.
    bool stopped = internal::RunStoppable([&] {
      Result<std::optional<Meeting>> level =
          grow_a ? GrowLevel(search, &a, b) : GrowLevel(search, &b, a);
      if (level.ok()) met = *level;
    });
    if (stopped || !graph.status().ok()) return graph.status();
    if (met) {
      return std::optional<RawPath>(grow_a ? JoinSides(a, b, met->grown, met->edge, met->other)
                                           : JoinSides(a, b, met->other, met->edge, met->grown));
    }
    if (search->out_of_budget) {
      return std::optional<RawPath>();
    }
  }
  return std::optional<RawPath>();
}

Status FindAllShortest(Search* search) {
  internal::BfsGoal goal;
  goal.max_depth = search->options->max_hops;
  goal.max_visited = search->options->max_visited;
  goal.target = search->to;
  goal.all_parents = true;
  Result<BfsTree> tree = internal::RunBfs(*search->graph, search->from, goal);
  if (!tree.ok()) return tree.status();
  if (!tree->depth.contains(search->to)) {
    search->NoteEnd(tree->end);
    return Status::Ok();
  }
  RawPath suffix;
  if (!AllPathsTo(*tree, search->to, search->options->max_paths, &suffix, &search->paths)) {
    search->truncated = true;
    search->hint = fmt::format("showing the first {} shortest paths (raise --max-paths)",
                               search->options->max_paths);
  }
  return Status::Ok();
}

bool SamePrefix(const RawPath& a, const RawPath& b, size_t hops) {
  if (a.hops.size() < hops || b.hops.size() < hops) return false;
  for (size_t i = 0; i < hops; ++i) {
    if (internal::KeyOf(a.hops[i].edge) != internal::KeyOf(b.hops[i].edge)) return false;
    if (a.hops[i].forward != b.hops[i].forward) return false;
  }
  return true;
}

// Yen's algorithm: each next path leaves an earlier one at some spur node,
// avoiding the edges earlier paths took from there and the root's nodes.
Status FindKShortest(Search* search, size_t k) {
  Result<std::optional<RawPath>> first =
      ShortestPath(search, search->from, search->options->max_hops);
  if (!first.ok()) return first.status();
  if (!first->has_value()) return Status::Ok();
  search->paths.push_back(std::move(**first));
  std::map<std::pair<size_t, PathSignature>, RawPath> candidates;
  std::set<PathSignature> seen{SignatureOf(search->paths.front())};
  while (search->paths.size() < k) {
    const RawPath previous = search->paths.back();
    for (size_t i = 0; i < previous.hops.size(); ++i) {
      StoreGraph& graph = *search->graph;
      graph.ClearBlocks();
      for (const RawPath& p : search->paths) {
        if (SamePrefix(p, previous, i) && p.hops.size() > i) graph.BlockEdge(p.hops[i].edge);
      }
      for (size_t j = 0; j < i; ++j) graph.BlockNode(previous.nodes[j]);
      int hops_left = search->options->max_hops - static_cast<int>(i);
      Result<std::optional<RawPath>> spur = ShortestPath(search, previous.nodes[i], hops_left);
      graph.ClearBlocks();
      if (!spur.ok()) return spur.status();
      if (search->out_of_budget) break;
      if (!spur->has_value()) continue;
      RawPath total{{previous.nodes.begin(), previous.nodes.begin() + static_cast<ptrdiff_t>(i)},
                    {previous.hops.begin(), previous.hops.begin() + static_cast<ptrdiff_t>(i)}};
      total.nodes.insert(total.nodes.end(), (*spur)->nodes.begin(), (*spur)->nodes.end());
      total.hops.insert(total.hops.end(), (*spur)->hops.begin(), (*spur)->hops.end());
      PathSignature signature = SignatureOf(total);
      if (seen.insert(signature).second) {
        candidates.emplace(std::make_pair(total.hops.size(), signature), std::move(total));
      }
    }
    if (search->out_of_budget) break;
    if (candidates.empty()) break;
    search->paths.push_back(std::move(candidates.begin()->second));
    candidates.erase(candidates.begin());
  }
  // A spur search cut by the hop bound only matters if paths are missing.
  if (search->paths.size() == k && search->hint.find("max-hops") != std::string::npos) {
    search->truncated = false;
    search->hint.clear();
  }
  return Status::Ok();
}

Result<Path> Materialize(const Store& store, const StoreGraph& graph, const RawPath& raw,
                         std::unordered_map<EntityId, Entity>* entities) {
  Path path;
  for (EntityId id : raw.nodes) {
    auto it = entities->find(id);
    if (it == entities->end()) {
      Result<Entity> entity = store.GetEntity(id);
      if (!entity.ok()) return entity.status();
      it = entities->emplace(id, std::move(*entity)).first;
    }
    path.nodes.push_back(it->second);
  }
  path.hops = raw.hops;
  for (Hop& hop : path.hops) KG_RETURN_IF_ERROR(graph.FillDates(&hop));
  return path;
}

}  // namespace

Result<PathResult> FindPaths(const Store& store, std::string_view from, std::string_view to,
                             const PathOptions& options) {
  KG_RETURN_IF_ERROR(CheckOptions(options));
  KG_RETURN_IF_ERROR(ValidateTimeRange(options.time));
  Result<Entity> from_entity = ResolveEntity(store, from);
  if (!from_entity.ok()) return from_entity.status();
  Result<Entity> to_entity = ResolveEntity(store, to);
  if (!to_entity.ok()) return to_entity.status();
  return FindPaths(store, std::move(*from_entity), std::move(*to_entity), options);
}

Result<PathResult> FindPaths(const Store& store, Entity from, Entity to,
                             const PathOptions& options) {
  KG_RETURN_IF_ERROR(CheckOptions(options));
  KG_RETURN_IF_ERROR(ValidateTimeRange(options.time));
  PathResult result{std::move(from), std::move(to), {}, false, {}};

  StoreGraph graph(store, Direction::kBoth, options.relations, options.time);
  graph.SkipDates();  // read for the answer's hops only, by Materialize()
  Search search{&graph, &options, result.from.id, result.to.id, {}, false, {}, false};
  if (search.from == search.to) {
    search.paths.push_back({{search.from}, {}});
  } else if (options.k > 0) {
    KG_RETURN_IF_ERROR(
        FindKShortest(&search, std::min(static_cast<size_t>(options.k), options.max_paths)));
  } else if (options.all_shortest) {
    KG_RETURN_IF_ERROR(FindAllShortest(&search));
  } else {
    Result<std::optional<RawPath>> path = ShortestPath(&search, search.from, options.max_hops);
    if (!path.ok()) return path.status();
    if (path->has_value()) search.paths.push_back(std::move(**path));
  }
  if (!search.paths.empty() && search.hint.find("max-hops") != std::string::npos &&
      options.k == 0) {
    search.truncated = false;  // a shortest path was found: longer ones do not matter
    search.hint.clear();
  }
  std::unordered_map<EntityId, Entity> entities;
  for (const RawPath& raw : search.paths) {
    Result<Path> path = Materialize(store, graph, raw, &entities);
    if (!path.ok()) return path.status();
    result.paths.push_back(std::move(*path));
  }
  result.truncated = search.truncated;
  result.truncation_hint = search.hint;
  return result;
}

}  // namespace kg::query
