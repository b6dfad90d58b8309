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

// The rows of a search, as it discovers nodes, up to the limit. Without a
// type filter a row needs no entity record to be counted, so the records
// are read in one batch at the end (Store::GetEntities); with one, each
// record is read as its node is discovered, to see whether it counts.
class DiscoveredRows {
 public:
  DiscoveredRows(const Store& store, const NeighbourOptions& options,
                 std::vector<NeighbourRow>* rows)
      : store_(store), options_(options), rows_(rows) {}

  // False ends the search: one row past the limit, or a store error.
  bool Add(EntityId node, int depth) {
    if (options_.types.empty()) return Count(node, depth);
    Result<Entity> entity = store_.GetEntity(node);
    if (!entity.ok()) {
      error_ = entity.status();
      return false;
    }
    if (!TypeWanted(options_, entity->type)) return true;
    if (rows_->size() == options_.limit) {
      over_limit_ = true;
      return false;
    }
    rows_->push_back({std::move(*entity), depth, Hop{}});
    return true;
  }

  // Reads the records of the rows counted without one.
  Status Finish() {
    KG_RETURN_IF_ERROR(error_);
    if (pending_.empty()) return Status::Ok();
    Result<std::vector<Entity>> entities = store_.GetEntities(pending_);
    if (!entities.ok()) return entities.status();
    for (size_t i = 0; i < pending_.size(); ++i) {
      rows_->push_back({std::move((*entities)[i]), depths_[i], Hop{}});
    }
    return Status::Ok();
  }

  bool over_limit() const { return over_limit_; }

 private:
  bool Count(EntityId node, int depth) {
    if (pending_.size() == options_.limit) {
      over_limit_ = true;  // one row past the limit: the answer is cut
      return false;
    }
    pending_.push_back(node);
    depths_.push_back(depth);
    return true;
  }

  const Store& store_;
  const NeighbourOptions& options_;
  std::vector<NeighbourRow>* rows_;
  std::vector<EntityId> pending_;
  std::vector<int> depths_;
  Status error_;
  bool over_limit_ = false;
};

}  // namespace

Result<NeighbourResult> Neighbours(const Store& store, std::string_view name,
                                   const NeighbourOptions& options) {
  KG_RETURN_IF_ERROR(CheckOptions(options));
  KG_RETURN_IF_ERROR(ValidateTimeRange(options.time));
  Result<Entity> center = ResolveEntity(store, name);
  if (!center.ok()) return center.status();
  NeighbourResult result{std::move(*center), {}, false, {}};

  internal::StoreGraph graph(store, options.direction, options.relations, options.time);
  graph.SkipDates();  // read for the rows' edges only, below
  DiscoveredRows discovered(store, options, &result.rows);
  internal::BfsGoal goal;
  goal.max_depth = options.depth;
  goal.max_visited = options.max_visited;
  goal.on_discover = [&](EntityId node, int depth) { return discovered.Add(node, depth); };
  Result<internal::BfsTree> tree = internal::RunBfs(graph, result.center.id, goal);
  if (!tree.ok()) return tree.status();
  KG_RETURN_IF_ERROR(discovered.Finish());
  for (NeighbourRow& row : result.rows) {
    row.via = tree->parents.at(row.entity.id).front()->hop;
    KG_RETURN_IF_ERROR(graph.FillDates(&row.via));
  }
  if (tree->end == BfsEnd::kBudget) {
    result.truncated = true;
    result.truncation_hint = internal::VisitedBudgetHint(options.max_visited);
  } else if (discovered.over_limit()) {
    result.truncated = true;
    result.truncation_hint =
        fmt::format("showing the first {} neighbours (raise --limit)", options.limit);
  }
  return result;
}

}  // namespace kg::query
