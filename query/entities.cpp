// ResolveEntity, DescribeEntity and TopEntities (query/query.h).
#include <algorithm>
#include <string>
#include <unordered_map>

#include <fmt/format.h>

#include "query/query.h"
#include "query/store_graph.h"

namespace kg::query {
namespace {

std::string DidYouMean(const std::vector<std::string>& names) {
  std::string text;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) text += i + 1 == names.size() ? " or " : ", ";
    text += "\"" + names[i] + "\"";
  }
  return text;
}

Status AppendEdges(std::unique_ptr<graph::EdgeCursor> cursor, bool forward, std::vector<Hop>* out) {
  for (; cursor->Valid(); cursor->Next()) out->push_back({cursor->edge(), forward});
  return cursor->status();
}

}  // namespace

Result<Entity> ResolveEntity(const Store& store, std::string_view name) {
  Result<std::optional<Entity>> found = store.FindEntity(name);
  if (!found.ok()) return found.status().Annotate(fmt::format("looking up \"{}\"", name));
  if (found->has_value()) return std::move(**found);
  std::vector<std::string> suggestions = store.SuggestNames(name, 3);
  if (suggestions.empty()) {
    return Status::NotFound(
        fmt::format("no entity named \"{}\" (kg top lists the best connected ones)", name));
  }
  return Status::NotFound(
      fmt::format("no entity named \"{}\"; did you mean {}?", name, DidYouMean(suggestions)));
}

Result<EntityReport> DescribeEntity(const Store& store, std::string_view name) {
  return DescribeEntity(store, name, EntityOptions{});
}

Result<EntityReport> DescribeEntity(const Store& store, std::string_view name,
                                    const EntityOptions& options) {
  KG_RETURN_IF_ERROR(ValidateTimeRange(options.time));
  Result<Entity> entity = ResolveEntity(store, name);
  if (!entity.ok()) return entity.status();
  EntityReport report{std::move(*entity), {}};
  KG_RETURN_IF_ERROR(
      AppendEdges(store.OutEdges(report.entity.id, std::nullopt), true, &report.edges));
  KG_RETURN_IF_ERROR(
      AppendEdges(store.InEdges(report.entity.id, std::nullopt), false, &report.edges));
  if (!options.time.unbounded()) {
    std::vector<Hop> kept;
    for (Hop& hop : report.edges) {
      Result<bool> in_range = internal::InTimeRange(store, hop.edge, options.time);
      if (!in_range.ok()) return in_range.status();
      if (*in_range) kept.push_back(std::move(hop));
    }
    report.edges = std::move(kept);
  }
  // Grouped by kind: relation first, outgoing before incoming, then strongest.
  std::stable_sort(report.edges.begin(), report.edges.end(), [](const Hop& a, const Hop& b) {
    if (a.edge.relation != b.edge.relation) return a.edge.relation < b.edge.relation;
    if (a.forward != b.forward) return a.forward;
    return a.edge.weight > b.edge.weight;
  });
  return report;
}

Result<std::vector<RankedEntity>> TopEntities(const Store& store, std::optional<EntityType> type,
                                              size_t limit) {
  // A ranking reads every edge once: O(edges) time, O(entities) memory.
  std::unordered_map<EntityId, uint64_t> degree;
  KG_RETURN_IF_ERROR(store.ForEachEdge([&](const Edge& edge) {
    ++degree[edge.subject];
    ++degree[edge.object];  // a self-loop counts twice, as in the exports
    return Status::Ok();
  }));
  // The best `limit` so far, worst on top of the heap.
  auto better = [](const RankedEntity& a, const RankedEntity& b) {
    if (a.degree != b.degree) return a.degree > b.degree;
    return a.entity.name < b.entity.name;
  };
  std::vector<RankedEntity> ranked;
  if (limit == 0) return ranked;
  KG_RETURN_IF_ERROR(store.ForEachEntity([&](const Entity& entity) {
    if (type && entity.type != *type) return Status::Ok();
    auto it = degree.find(entity.id);
    RankedEntity candidate{entity, it == degree.end() ? 0 : it->second};
    if (ranked.size() == limit && !better(candidate, ranked.front())) return Status::Ok();
    ranked.push_back(std::move(candidate));
    std::push_heap(ranked.begin(), ranked.end(), better);
    if (ranked.size() > limit) {
      std::pop_heap(ranked.begin(), ranked.end(), better);
      ranked.pop_back();
    }
    return Status::Ok();
  }));
  std::sort_heap(ranked.begin(), ranked.end(), better);
  return ranked;
}

}  // namespace kg::query
