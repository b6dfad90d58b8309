// Neighbours (query/query.h): a budgeted breadth-first search from one entity.
#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "query/query.h"
#include "query/search.h"

namespace kg::query {
namespace {

using internal::BfsEnd;

Status CheckOptions(const NeighbourOptions& options) {
  if (options.depth < 1) {
    return Status::InvalidArgument(
        fmt::format("depth {} is not positive (use 1 for direct neighbours)", options.depth));
  }
  if (options.max_visited == 0) {
    return Status::InvalidArgument("max_visited is 0 (the search must visit the entity itself)");
  }
  return Status::Ok();
}

bool TypeWanted(const NeighbourOptions& options, EntityType type) {
  return options.types.empty() ||
         std::find(options.types.begin(), options.types.end(), type) != options.types.end();
}

}  // namespace

Result<NeighbourResult> Neighbours(const Store& store, std::string_view name,
                                   const NeighbourOptions& options) {
  KG_RETURN_IF_ERROR(CheckOptions(options));
  KG_RETURN_IF_ERROR(ValidateTimeRange(options.time));
  Result<Entity> center = ResolveEntity(store, name);
  if (!center.ok()) return center.status();
  NeighbourResult result{std::move(*center), {}, false, {}};

  internal::StoreGraph graph(store, options.direction, options.relations, options.time);
  Status entity_error;
  bool over_limit = false;
  internal::BfsGoal goal;
  goal.max_depth = options.depth;
  goal.max_visited = options.max_visited;
  goal.on_discover = [&](EntityId node, int depth) {
    Result<Entity> entity = store.GetEntity(node);
    if (!entity.ok()) {
      entity_error = entity.status();
      return false;
    }
    if (!TypeWanted(options, entity->type)) return true;
    if (result.rows.size() == options.limit) {
      over_limit = true;  // one row past the limit: the answer is cut
      return false;
    }
    result.rows.push_back({std::move(*entity), depth, Hop{}});
    return true;
  };
  Result<internal::BfsTree> tree = internal::RunBfs(graph, result.center.id, goal);
  if (!tree.ok()) return tree.status();
  KG_RETURN_IF_ERROR(entity_error);
  for (NeighbourRow& row : result.rows) row.via = tree->parents.at(row.entity.id).front()->hop;
  if (tree->end == BfsEnd::kBudget) {
    result.truncated = true;
    result.truncation_hint = internal::VisitedBudgetHint(options.max_visited);
  } else if (over_limit) {
    result.truncated = true;
    result.truncation_hint =
        fmt::format("showing the first {} neighbours (raise --limit)", options.limit);
  }
  return result;
}

}  // namespace kg::query
