// Breadth-first search with budgets (query/search.h).
#include "query/search.h"

#include <boost/graph/breadth_first_search.hpp>
#include <boost/pending/queue.hpp>
#include <boost/property_map/property_map.hpp>

#include <fmt/format.h>

namespace kg::query::internal {

// Boost.Graph's colour map over an IdMap: white for nodes never seen.
struct ColourMap {
  IdMap<boost::default_color_type>* colours;
};

}  // namespace kg::query::internal

namespace boost {

template <>
struct property_traits<kg::query::internal::ColourMap> {
  using key_type = kg::graph::EntityId;
  using value_type = default_color_type;
  using reference = default_color_type;
  using category = read_write_property_map_tag;
};

}  // namespace boost

namespace kg::query::internal {

// Found by argument-dependent lookup from Boost.Graph's searches.
boost::default_color_type get(const ColourMap& map, EntityId id) {
  const boost::default_color_type* colour = map.colours->find(id);
  return colour != nullptr ? *colour : boost::white_color;
}
void put(const ColourMap& map, EntityId id, boost::default_color_type colour) {
  (*map.colours)[id] = colour;
}

namespace {

struct BfsRun {
  StoreGraph* graph;
  const BfsGoal* goal;
  BfsTree tree;
  std::optional<int> target_depth;

  void Stop(BfsEnd end) {
    tree.end = end;
    StopSearch();
  }
};

// BGL copies visitors: all state lives in the BfsRun it points to.
class BudgetVisitor : public boost::default_bfs_visitor {
 public:
  explicit BudgetVisitor(BfsRun* run) : run_(run) {}

  void examine_vertex(EntityId u, const StoreGraph&) const {
    int depth = run_->tree.depth.at(u);
    // BFS examines nodes in depth order: once one is at the bound (or past
    // the target's level), every node left in the queue is too.
    if (run_->target_depth && depth >= *run_->target_depth) run_->Stop(BfsEnd::kTargetFound);
    if (depth >= run_->goal->max_depth) run_->Stop(BfsEnd::kDepthLimit);
  }

  void tree_edge(const StoreEdge* e, const StoreGraph&) const {
    if (run_->graph->visited >= run_->goal->max_visited) run_->Stop(BfsEnd::kBudget);
    run_->tree.depth[e->target] = run_->tree.depth.at(e->source) + 1;
    run_->tree.parents[e->target].push_back(e);
  }

  void non_tree_edge(const StoreEdge* e, const StoreGraph&) const {
    if (!run_->goal->all_parents) return;
    if (run_->tree.depth.at(e->target) == run_->tree.depth.at(e->source) + 1) {
      run_->tree.parents[e->target].push_back(e);
    }
  }

  void discover_vertex(EntityId v, const StoreGraph&) const {
    ++run_->graph->visited;
    run_->tree.order.push_back(v);
    if (run_->tree.order.size() == 1) return;  // the source
    const BfsGoal& goal = *run_->goal;
    if (goal.on_discover && !goal.on_discover(v, run_->tree.depth.at(v))) {
      run_->Stop(BfsEnd::kStoppedByCaller);
    }
    if (goal.target && v == *goal.target) {
      if (!goal.all_parents) run_->Stop(BfsEnd::kTargetFound);
      run_->target_depth = run_->tree.depth.at(v);
    }
  }

 private:
  BfsRun* run_;
};

}  // namespace

Result<BfsTree> RunBfs(StoreGraph& graph, EntityId source, const BfsGoal& goal) {
  BfsRun run{&graph, &goal, {}, std::nullopt};
  run.tree.depth[source] = 0;
  IdMap<boost::default_color_type> colours;
  ColourMap colour_map{&colours};
  boost::queue<EntityId> queue;
  bool stopped = RunStoppable([&] {
    if (graph.visited >= goal.max_visited) run.Stop(BfsEnd::kBudget);
    boost::breadth_first_visit(graph, source, queue, BudgetVisitor(&run), colour_map);
  });
  if (!graph.status().ok()) return graph.status();
  if (!stopped) run.tree.end = BfsEnd::kExhausted;
  return std::move(run.tree);
}

std::string VisitedBudgetHint(size_t max_visited) {
  return fmt::format("stopped after visiting {} nodes (raise --max-visited)", max_visited);
}

}  // namespace kg::query::internal
