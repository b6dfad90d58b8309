// Neighbours against the reference BFS (tests/support/reference_bfs.h) on
// 300 small random graphs, stored side by side as components of one store.
#include <doctest/doctest.h>

#include <map>
#include <random>
#include <set>
#include <tuple>

#include "query/query.h"
#include "tests/support/reference_bfs.h"
#include "tests/support/test_store.h"

namespace kg::query {
namespace {

using namespace kg::testing;

constexpr int kGraphs = 300;
constexpr Relation kRelations[] = {Relation::kUses, Relation::kBasedOn, Relation::kOutperforms};
constexpr EntityType kTypes[] = {kTech, kOrg, kData};

std::string NodeName(int graph, int node) {
  return "g" + std::to_string(graph) + "n" + std::to_string(node);
}

// Node j of graph i has type kTypes[(i + j) % 3], so that a name fixes its type.
const TestStore& RandomGraphs() {
  static const TestStore store([] {
    std::mt19937 random(20240601);
    std::vector<TestTriple> triples;
    for (int g = 0; g < kGraphs; ++g) {
      int nodes = 2 + static_cast<int>(random() % 14);
      int edges = static_cast<int>(random() % (2 * nodes + 1));
      for (int e = 0; e < edges; ++e) {
        int s = static_cast<int>(random() % nodes), o = static_cast<int>(random() % nodes);
        triples.emplace_back(NodeName(g, s), kTypes[(g + s) % 3], kRelations[random() % 3],
                             NodeName(g, o), kTypes[(g + o) % 3], "graph" + std::to_string(g));
      }
      // Every graph has node 0, even without edges.
      triples.emplace_back(NodeName(g, 0), kTypes[g % 3], Relation::kUses, NodeName(g, 0),
                           kTypes[g % 3], "graph" + std::to_string(g));
    }
    return triples;
  }());
  return store;
}

// The row's edge must join it to a node one step nearer the center, along
// an allowed relation, in an allowed direction.
void CheckVia(const NeighbourRow& row, const std::map<EntityId, int>& depth, EntityId center,
              const NeighbourOptions& options) {
  const Edge& e = row.via.edge;
  EntityId from = row.via.forward ? e.subject : e.object;
  EntityId to = row.via.forward ? e.object : e.subject;
  CHECK(to == row.entity.id);
  int from_depth = from == center ? 0 : depth.at(from);
  CHECK(from_depth == row.depth - 1);
  if (options.direction == Direction::kOut) CHECK(row.via.forward);
  if (options.direction == Direction::kIn) CHECK_FALSE(row.via.forward);
  if (!options.relations.empty()) {
    CHECK(std::find(options.relations.begin(), options.relations.end(), e.relation) !=
          options.relations.end());
  }
}

NeighbourOptions RandomOptions(std::mt19937* random) {
  NeighbourOptions options;
  options.depth = 1 + static_cast<int>((*random)() % 4);
  options.direction = static_cast<Direction>((*random)() % 3);
  for (Relation r : kRelations) {
    if ((*random)() % 3 == 0) options.relations.push_back(r);
  }
  if ((*random)() % 4 == 0) options.types = {kTypes[(*random)() % 3]};
  options.limit = 1000;
  return options;
}

TEST_CASE("Neighbours reports exactly what the reference BFS reaches, at the same depth") {
  const Store& store = RandomGraphs().store();
  std::mt19937 random(7);
  for (int g = 0; g < kGraphs; ++g) {
    std::string center_name = NodeName(g, 0);
    NeighbourOptions options = RandomOptions(&random);
    CAPTURE(center_name);
    CAPTURE(options.depth);
    CAPTURE(static_cast<int>(options.direction));
    CAPTURE(options.relations.size());
    EntityId center = RandomGraphs().Id(center_name);
    std::map<EntityId, int> expected = ReferenceNeighbours(store, center, options);
    Result<NeighbourResult> result = Neighbours(store, center_name, options);
    REQUIRE(result.ok());
    CHECK_FALSE(result->truncated);
    std::map<EntityId, int> got;
    for (const NeighbourRow& row : result->rows) {
      CHECK(got.emplace(row.entity.id, row.depth).second);  // each entity once
      CheckVia(row, expected, center, options);
    }
    std::erase_if(expected, [&](const auto& entry) {
      Result<Entity> entity = store.GetEntity(entry.first);
      return !options.types.empty() && entity->type != options.types[0];
    });
    CHECK(got == expected);
    // Rows come nearest first.
    CHECK(std::is_sorted(
        result->rows.begin(), result->rows.end(),
        [](const NeighbourRow& a, const NeighbourRow& b) { return a.depth < b.depth; }));
  }
}

TEST_CASE("with a node budget, Neighbours reports a subset and says it stopped") {
  const Store& store = RandomGraphs().store();
  std::mt19937 random(11);
  for (int g = 0; g < kGraphs; g += 3) {
    std::string center_name = NodeName(g, 0);
    NeighbourOptions options = RandomOptions(&random);
    options.types.clear();
    options.max_visited = 1 + random() % 4;
    CAPTURE(center_name);
    std::map<EntityId, int> expected =
        ReferenceNeighbours(store, RandomGraphs().Id(center_name), options);
    Result<NeighbourResult> result = Neighbours(store, center_name, options);
    REQUIRE(result.ok());
    CHECK(result->rows.size() <= options.max_visited - 1);
    for (const NeighbourRow& row : result->rows) CHECK(expected.at(row.entity.id) == row.depth);
    if (result->rows.size() < expected.size()) {
      CHECK(result->truncation_hint == "stopped after visiting " +
                                           std::to_string(options.max_visited) +
                                           " nodes (raise --max-visited)");
    }
  }
}

// Each hop joins the nodes on either side of it, in its stated direction.
void CheckPathShape(const Path& path, EntityId from, EntityId to) {
  REQUIRE(path.nodes.size() == path.hops.size() + 1);
  CHECK(path.nodes.front().id == from);
  CHECK(path.nodes.back().id == to);
  for (size_t i = 0; i < path.hops.size(); ++i) {
    const Hop& hop = path.hops[i];
    EntityId a = hop.forward ? hop.edge.subject : hop.edge.object;
    EntityId b = hop.forward ? hop.edge.object : hop.edge.subject;
    CHECK(a == path.nodes[i].id);
    CHECK(b == path.nodes[i + 1].id);
  }
}

TEST_CASE("FindPaths: shortest length equals the reference BFS depth; Yen paths are simple") {
  const Store& store = RandomGraphs().store();
  std::mt19937 random(13);
  for (int g = 0; g < kGraphs; ++g) {
    std::string from_name = NodeName(g, 0);
    EntityId from = RandomGraphs().Id(from_name);
    NeighbourOptions reach;
    reach.depth = 6;
    reach.direction = Direction::kBoth;
    std::map<EntityId, int> depth = ReferenceNeighbours(store, from, reach);
    if (depth.empty()) continue;
    auto target = std::next(depth.begin(), static_cast<long>(random() % depth.size()));
    Result<Entity> to = store.GetEntity(target->first);
    REQUIRE(to.ok());
    CAPTURE(from_name);
    CAPTURE(to->name);
    PathOptions options;
    options.k = 1 + static_cast<int>(random() % 4);
    Result<PathResult> result = FindPaths(store, from_name, to->name, options);
    REQUIRE(result.ok());
    REQUIRE_FALSE(result->paths.empty());
    CHECK(result->paths.front().hops.size() == static_cast<size_t>(target->second));
    std::set<std::vector<std::tuple<EntityId, int, EntityId>>> distinct;
    for (size_t i = 0; i < result->paths.size(); ++i) {
      const Path& path = result->paths[i];
      CheckPathShape(path, from, target->first);
      std::set<EntityId> nodes;
      for (const Entity& node : path.nodes) CHECK(nodes.insert(node.id).second);  // simple
      if (i > 0) CHECK(path.hops.size() >= result->paths[i - 1].hops.size());
      std::vector<std::tuple<EntityId, int, EntityId>> edges;
      for (const Hop& hop : path.hops) {
        edges.emplace_back(hop.edge.subject, static_cast<int>(hop.edge.relation), hop.edge.object);
      }
      CHECK(distinct.insert(edges).second);
    }
    options.k = 0;
    options.all_shortest = true;
    result = FindPaths(store, from_name, to->name, options);
    REQUIRE(result.ok());
    for (const Path& path : result->paths) {
      CheckPathShape(path, from, target->first);
      CHECK(path.hops.size() == static_cast<size_t>(target->second));
    }
  }
}

}  // namespace
}  // namespace kg::query
