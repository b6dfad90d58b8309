// The reference breadth-first search (tests/support/reference_bfs.h).
#include "tests/support/reference_bfs.h"

#include <algorithm>
#include <queue>
#include <vector>

namespace kg::testing {
namespace {

bool Wanted(const query::NeighbourOptions& options, graph::Relation relation) {
  return options.relations.empty() || std::find(options.relations.begin(), options.relations.end(),
                                                relation) != options.relations.end();
}

std::vector<graph::EntityId> Next(const graph::Store& store, graph::EntityId at,
                                  const query::NeighbourOptions& options) {
  std::vector<graph::EntityId> next;
  if (options.direction != query::Direction::kIn) {
    auto out = store.OutEdges(at, std::nullopt);
    for (; out->Valid(); out->Next()) {
      if (Wanted(options, out->edge().relation)) next.push_back(out->edge().object);
    }
  }
  if (options.direction != query::Direction::kOut) {
    auto in = store.InEdges(at, std::nullopt);
    for (; in->Valid(); in->Next()) {
      if (Wanted(options, in->edge().relation)) next.push_back(in->edge().subject);
    }
  }
  return next;
}

}  // namespace

std::map<graph::EntityId, int> ReferenceNeighbours(const graph::Store& store,
                                                   graph::EntityId center,
                                                   const query::NeighbourOptions& options) {
  std::map<graph::EntityId, int> depth{{center, 0}};
  std::queue<graph::EntityId> queue;
  queue.push(center);
  while (!queue.empty()) {
    graph::EntityId at = queue.front();
    queue.pop();
    if (depth[at] == options.depth) continue;
    for (graph::EntityId next : Next(store, at, options)) {
      if (depth.emplace(next, depth[at] + 1).second) queue.push(next);
    }
  }
  depth.erase(center);
  return depth;
}

}  // namespace kg::testing
