// query/search.h: internal to query/; the public contract is query/query.h.
//
// Breadth-first search over a StoreGraph with the budgets every query needs:
// a depth bound, a visited-node budget, an optional target, and a callback
// that may end the search. Built on boost::breadth_first_visit with sparse
// colour and depth maps.
#pragma once

#include <boost/container/small_vector.hpp>

#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "query/id_map.h"
#include "query/store_graph.h"

namespace kg::query::internal {

struct BfsGoal {
  // Nodes at this depth are reached but not expanded.
  int max_depth = std::numeric_limits<int>::max();
  size_t max_visited = std::numeric_limits<size_t>::max();
  std::optional<EntityId> target;
  // Keep every parent on a shortest path, not only the first (all shortest
  // paths); with a target, the search then finishes the target's level.
  bool all_parents = false;
  // Called for each node discovered after the source; false ends the search.
  std::function<bool(EntityId node, int depth)> on_discover;
};

enum class BfsEnd {
  kExhausted,    // everything reachable within the bounds was visited
  kDepthLimit,   // nodes at max_depth were left unexpanded
  kBudget,       // max_visited was reached
  kTargetFound,  // the target (and, with all_parents, its level) was reached
  kStoppedByCaller,
};

struct BfsTree {
  IdMap<int> depth;
  // parents[v][0] is the edge v was first reached by; more with all_parents.
  // Inline room for one: most nodes have one parent, and an allocation for
  // each node discovered showed in profiles.
  IdMap<boost::container::small_vector<const StoreEdge*, 1>> parents;
  std::vector<EntityId> order;  // discovery order, the source first
  BfsEnd end = BfsEnd::kExhausted;
};

// Store errors come back as a Status (the graph records them).
// Counts what it discovers in graph.visited, the budget shared by a query's
// searches.
Result<BfsTree> RunBfs(StoreGraph& graph, EntityId source, const BfsGoal& goal);

// The hint for a search that used up its node budget.
std::string VisitedBudgetHint(size_t max_visited);

}  // namespace kg::query::internal
