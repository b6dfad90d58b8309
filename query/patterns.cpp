// MatchPattern (query/query.h): a depth-first walk of the pattern's steps
// from every entity that fits its first node.
#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "query/query.h"
#include "query/search.h"

namespace kg::query {
namespace {

using internal::EdgeKey;
using internal::EdgeKeyHash;
using internal::StoreEdge;
using internal::StoreGraph;

// A row under construction: ids only, entities are loaded when it is kept.
struct PartialRow {
  std::vector<EntityId> nodes;
  std::vector<Hop> hops;
  std::unordered_set<EdgeKey, EdgeKeyHash> used;  // no stored edge twice
  bool inferred = false;
};

class Matcher {
 public:
  Matcher(const Store& store, const Pattern& pattern) : store_(store), pattern_(pattern) {
    for (const PatternStep& step : pattern.steps) {
      step_graphs_.push_back(
          std::make_unique<StoreGraph>(store, step.forward ? Direction::kOut : Direction::kIn,
                                       std::vector<Relation>{step.relation}, pattern.time));
    }
  }

  Status Run(PatternResult* result);

 private:
  Result<std::vector<EntityId>> StartNodes();
  const Entity& Load(EntityId id);
  bool Fits(size_t node_index, EntityId id);
  const internal::EdgeList& Expand(const StoreGraph& graph, EntityId id);
  void Extend(PartialRow* row, size_t step_index);
  void Walk(PartialRow* row, size_t step_index, int hops_taken);
  void Infer(PartialRow* row, size_t step_index);
  void Emit(const PartialRow& row);
  void Push(PartialRow* row, const StoreEdge& e) {
    row->hops.push_back(e.hop);
    row->nodes.push_back(e.target);
    row->used.insert(internal::KeyOf(e.hop.edge));
  }
  void Pop(PartialRow* row) {
    row->used.erase(internal::KeyOf(row->hops.back().edge));
    row->hops.pop_back();
    row->nodes.pop_back();
  }

  const Store& store_;
  const Pattern& pattern_;
  std::vector<std::unique_ptr<StoreGraph>> step_graphs_;
  std::unique_ptr<StoreGraph> affiliated_in_;   // organization -> its people
  std::unique_ptr<StoreGraph> affiliated_out_;  // person -> organizations
  std::unique_ptr<StoreGraph> developed_in_;    // technique -> developers
  std::unique_ptr<StoreGraph> developed_out_;   // developer -> techniques
  std::vector<std::optional<EntityId>> anchors_;
  std::unordered_map<EntityId, Entity> entities_;
  Status error_;
  size_t visited_ = 0;
  PatternResult* result_ = nullptr;
};

const Entity& Matcher::Load(EntityId id) {
  auto it = entities_.find(id);
  if (it != entities_.end()) return it->second;
  Result<Entity> entity = store_.GetEntity(id);
  if (!entity.ok()) {
    error_ = entity.status();
    internal::StopSearch();
  }
  return entities_.emplace(id, std::move(*entity)).first->second;
}

bool Matcher::Fits(size_t node_index, EntityId id) {
  if (anchors_[node_index] && *anchors_[node_index] != id) return false;
  const std::optional<EntityType>& type = pattern_.node_types[node_index];
  return !type || Load(id).type == *type;
}

const internal::EdgeList& Matcher::Expand(const StoreGraph& graph, EntityId id) {
  if (++visited_ > pattern_.max_visited) {
    result_->truncated = true;
    result_->truncation_hint = internal::VisitedBudgetHint(pattern_.max_visited);
    internal::StopSearch();
  }
  return graph.Adjacent(id);
}

void Matcher::Emit(const PartialRow& row) {
  if (result_->rows.size() == pattern_.limit) {
    result_->truncated = true;
    result_->truncation_hint =
        fmt::format("showing the first {} rows (raise --limit)", pattern_.limit);
    internal::StopSearch();
  }
  PatternRow out;
  for (EntityId id : row.nodes) out.nodes.push_back(Load(id));
  out.hops = row.hops;
  out.inferred = row.inferred;
  result_->rows.push_back(std::move(out));
}

void Matcher::Extend(PartialRow* row, size_t step_index) {
  if (step_index == pattern_.steps.size()) return Emit(*row);
  Walk(row, step_index, 0);
  const PatternStep& step = pattern_.steps[step_index];
  if (pattern_.infer_through_affiliation && step.relation == Relation::kDeveloped &&
      step.min_hops == 1 && step.max_hops == 1) {
    Infer(row, step_index);
  }
}

// Every simple path of min..max hops of the step's relation, continuing the
// pattern from each end that fits the next node.
void Matcher::Walk(PartialRow* row, size_t step_index, int hops_taken) {
  const PatternStep& step = pattern_.steps[step_index];
  if (hops_taken >= step.max_hops) return;
  const StoreGraph& graph = *step_graphs_[step_index];
  size_t segment_begin = row->nodes.size() - static_cast<size_t>(hops_taken) - 1;
  for (const StoreEdge& e : Expand(graph, row->nodes.back())) {
    if (row->used.contains(internal::KeyOf(e.hop.edge))) continue;
    auto segment = row->nodes.begin() + static_cast<ptrdiff_t>(segment_begin);
    if (std::find(segment, row->nodes.end(), e.target) != row->nodes.end()) continue;
    Push(row, e);
    if (hops_taken + 1 >= step.min_hops && Fits(step_index + 1, e.target)) {
      Extend(row, step_index + 1);
    }
    Walk(row, step_index, hops_taken + 1);
    Pop(row);
  }
}

// An organization counts as having developed what its people developed:
// O <-affiliated_with- P -developed-> T, or the same read from T backwards.
void Matcher::Infer(PartialRow* row, size_t step_index) {
  const PatternStep& step = pattern_.steps[step_index];
  EntityId at = row->nodes.back();
  std::unordered_set<EntityId> direct;
  for (const StoreEdge& e : Expand(*step_graphs_[step_index], at)) direct.insert(e.target);
  std::unordered_set<EntityId> reached;
  bool was_inferred = row->inferred;
  auto follow = [&](const StoreEdge& first, const StoreGraph& second_graph, EntityType middle,
                    EntityType end_type) {
    if (Load(first.target).type != middle) return;
    for (const StoreEdge& second : Expand(second_graph, first.target)) {
      EntityId end = second.target;
      if (direct.contains(end) || reached.contains(end) || Load(end).type != end_type) continue;
      if (row->used.contains(internal::KeyOf(first.hop.edge)) ||
          row->used.contains(internal::KeyOf(second.hop.edge)) || !Fits(step_index + 1, end)) {
        continue;
      }
      reached.insert(end);
      Push(row, first);
      Push(row, second);
      row->inferred = true;
      Extend(row, step_index + 1);
      row->inferred = was_inferred;
      Pop(row);
      Pop(row);
    }
  };
  if (step.forward) {
    if (Load(at).type != EntityType::kOrganization) return;
    for (const StoreEdge& e : Expand(*affiliated_in_, at)) {
      follow(e, *developed_out_, EntityType::kPerson, EntityType::kTechnique);
    }
  } else {
    for (const StoreEdge& e : Expand(*developed_in_, at)) {
      follow(e, *affiliated_out_, EntityType::kPerson, EntityType::kOrganization);
    }
  }
}

Result<std::vector<EntityId>> Matcher::StartNodes() {
  if (anchors_[0]) return std::vector<EntityId>{*anchors_[0]};
  // Without a name the first node is every entity of its type: the one
  // whole-store scan a pattern makes, ids only.
  std::vector<EntityId> ids;
  const std::optional<EntityType>& type = pattern_.node_types[0];
  KG_RETURN_IF_ERROR(store_.ForEachEntity([&](const Entity& entity) {
    if (!type || entity.type == *type) ids.push_back(entity.id);
    return Status::Ok();
  }));
  return ids;
}

Status Matcher::Run(PatternResult* result) {
  result_ = result;
  for (size_t i = 0; i < pattern_.node_types.size(); ++i) {
    anchors_.emplace_back();
    if (i >= pattern_.node_names.size() || !pattern_.node_names[i]) continue;
    Result<Entity> entity = ResolveEntity(store_, *pattern_.node_names[i]);
    if (!entity.ok()) return entity.status().Annotate(fmt::format("pattern node {}", i + 1));
    anchors_.back() = entity->id;
  }
  Result<std::vector<EntityId>> starts = StartNodes();
  if (!starts.ok()) return starts.status();
  affiliated_in_ = std::make_unique<StoreGraph>(
      store_, Direction::kIn, std::vector<Relation>{Relation::kAffiliatedWith}, pattern_.time);
  affiliated_out_ = std::make_unique<StoreGraph>(
      store_, Direction::kOut, std::vector<Relation>{Relation::kAffiliatedWith}, pattern_.time);
  developed_in_ = std::make_unique<StoreGraph>(
      store_, Direction::kIn, std::vector<Relation>{Relation::kDeveloped}, pattern_.time);
  developed_out_ = std::make_unique<StoreGraph>(
      store_, Direction::kOut, std::vector<Relation>{Relation::kDeveloped}, pattern_.time);
  internal::RunStoppable([&] {
    for (EntityId start : *starts) {
      if (!Fits(0, start)) continue;
      PartialRow row;
      row.nodes.push_back(start);
      Extend(&row, 0);
    }
  });
  KG_RETURN_IF_ERROR(error_);
  for (const auto& graph : step_graphs_) KG_RETURN_IF_ERROR(graph->status());
  for (const StoreGraph* graph :
       {affiliated_in_.get(), affiliated_out_.get(), developed_in_.get(), developed_out_.get()}) {
    KG_RETURN_IF_ERROR(graph->status());
  }
  return Status::Ok();
}

}  // namespace

Result<PatternResult> MatchPattern(const Store& store, const Pattern& pattern) {
  if (pattern.node_types.size() != pattern.steps.size() + 1 ||
      (!pattern.node_names.empty() && pattern.node_names.size() != pattern.node_types.size())) {
    return Status::InvalidArgument(
        fmt::format("pattern has {} nodes for {} steps (expected one more node than steps)",
                    pattern.node_types.size(), pattern.steps.size()));
  }
  KG_RETURN_IF_ERROR(ValidateTimeRange(pattern.time));
  PatternResult result;
  KG_RETURN_IF_ERROR(Matcher(store, pattern).Run(&result));
  return result;
}

}  // namespace kg::query
