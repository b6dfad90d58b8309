// FindPaths: shortest, all shortest, k shortest (Yen), bounds and hints
// (query/paths.cpp).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <fmt/format.h>

#include "query/query.h"
#include "tests/query/fixtures.h"

namespace kg::query {
namespace {

using namespace kg::testing;

// One line per path: "A -rel-> B <-rel- C".
std::string Paths(const Store& store, std::string_view from, std::string_view to,
                  const PathOptions& options) {
  Result<PathResult> result = FindPaths(store, from, to, options);
  REQUIRE_MESSAGE(result.ok(), result.status().message());
  std::string text = FormatPaths(store, *result, false);
  return text.substr(text.find('\n') + 1);  // drop the "N paths from" line
}

TEST_CASE("a shortest path walks edges both ways and names each hop") {
  // Yale is reached from Juntang Zhuang (affiliated_with points at Yale).
  CHECK(Paths(AiNews().store(), "Yale", "Adam", {}) ==
        "1. Yale <-affiliated_with- Juntang Zhuang -developed-> AdaBelief -based_on-> Adam  "
        "(3 hops)\n");
  Result<PathResult> result = FindPaths(AiNews().store(), "Yale", "Adam", {});
  REQUIRE(result.ok());
  REQUIRE(result->paths.size() == 1);
  const Path& path = result->paths[0];
  CHECK(path.nodes.size() == 4);
  CHECK(path.hops[0].forward == false);
  CHECK(path.hops[0].edge.relation == Relation::kAffiliatedWith);
  CHECK(path.hops[2].forward == true);
}

TEST_CASE("a path to itself has no hops; unknown ends are named") {
  CHECK(Paths(AiNews().store(), "Adam", "Adam", {}) == "1. Adam  (0 hops)\n");
  Result<PathResult> result = FindPaths(AiNews().store(), "Yale", "Adamm", {});
  CHECK(result.status().message() == "no entity named \"Adamm\"; did you mean \"Adam\"?");
}

TEST_CASE("max_hops bounds the search and the hint names --max-hops") {
  PathOptions options;
  options.max_hops = 2;
  Result<PathResult> result = FindPaths(AiNews().store(), "Yale", "Adam", options);
  REQUIRE(result.ok());
  CHECK(result->paths.empty());
  CHECK(result->truncated);
  CHECK(result->truncation_hint == "no path within 2 hops (raise --max-hops)");
}

TEST_CASE("max_visited bounds the search and the hint names --max-visited") {
  PathOptions options;
  options.max_visited = 2;
  Result<PathResult> result = FindPaths(AiNews().store(), "Yale", "Adam", options);
  REQUIRE(result.ok());
  CHECK(result->paths.empty());
  CHECK(result->truncation_hint ==
        "stopped after visiting 2 nodes, no path yet (raise --max-visited)");
}

TEST_CASE("a relation filter that disconnects the ends is a plain 'no path'") {
  PathOptions options;
  options.relations = {Relation::kBasedOn};
  Result<PathResult> result = FindPaths(AiNews().store(), "Yale", "Adam", options);
  REQUIRE(result.ok());
  CHECK(result->paths.empty());
  CHECK_FALSE(result->truncated);  // Yale has no based_on edge: nothing left to search
  CHECK(FormatPaths(AiNews().store(), *result, false) == "no path from Yale to Adam\n");
}

// A hub with many leaves between the ends: a -uses-> H -uses-> b, then
// H -uses-> leaf0..leaf49. b's id is lower than the leaves', so b comes
// first among H's edges.
const TestStore& HubBetween() {
  static const TestStore store([] {
    std::vector<TestTriple> triples{{"a", kTech, Relation::kUses, "H", kTech},
                                    {"H", kTech, Relation::kUses, "b", kTech}};
    for (int i = 0; i < 50; ++i) {
      triples.emplace_back("H", kTech, Relation::kUses, "leaf" + std::to_string(i), kTech);
    }
    return triples;
  }());
  return store;
}

// The search stops at the first meeting instead of expanding the rest of
// H's level: within a budget of 10 nodes it finds the path that a whole-level
// expansion (50 leaves) would have run out of budget before returning.
TEST_CASE("a shortest path search stops at the first meeting, not at the end of a hub's level") {
  PathOptions options;
  options.max_visited = 10;
  Result<PathResult> result = FindPaths(HubBetween().store(), "a", "b", options);
  REQUIRE(result.ok());
  CHECK_FALSE(result->truncated);
  CHECK(Paths(HubBetween().store(), "a", "b", options) == "1. a -uses-> H -uses-> b  (2 hops)\n");
}

// A diamond with a tail and a long way round:
//   A -uses-> B -uses-> D,  A -uses-> C -uses-> D,  B -based_on-> D,
//   A -uses-> E -uses-> F -uses-> D
const TestStore& Diamond() {
  static const TestStore store({
      {"A", kTech, Relation::kUses, "B", kTech},
      {"B", kTech, Relation::kUses, "D", kTech},
      {"A", kTech, Relation::kUses, "C", kTech},
      {"C", kTech, Relation::kUses, "D", kTech},
      {"B", kTech, Relation::kBasedOn, "D", kTech},
      {"A", kTech, Relation::kUses, "E", kTech},
      {"E", kTech, Relation::kUses, "F", kTech},
      {"F", kTech, Relation::kUses, "D", kTech},
  });
  return store;
}

// B's out-edges are read by relation (based_on before uses), so the
// based_on path is found first.
TEST_CASE("all shortest paths: every two-hop way, parallel relations counted apart") {
  PathOptions options;
  options.all_shortest = true;
  CHECK(Paths(Diamond().store(), "A", "D", options) ==
        "1. A -uses-> B -based_on-> D  (2 hops)\n"
        "2. A -uses-> B -uses-> D  (2 hops)\n"
        "3. A -uses-> C -uses-> D  (2 hops)\n");
  options.max_paths = 2;
  Result<PathResult> result = FindPaths(Diamond().store(), "A", "D", options);
  REQUIRE(result.ok());
  CHECK(result->paths.size() == 2);
  CHECK(result->truncation_hint == "showing the first 2 shortest paths (raise --max-paths)");
}

TEST_CASE("k shortest simple paths (Yen) come shortest first, then the long way") {
  PathOptions options;
  options.k = 5;
  // Three two-hop paths, the three-hop path through E and F, and nothing
  // else that is simple (no node twice).
  CHECK(Paths(Diamond().store(), "A", "D", options) ==
        "1. A -uses-> B -based_on-> D  (2 hops)\n"
        "2. A -uses-> B -uses-> D  (2 hops)\n"
        "3. A -uses-> C -uses-> D  (2 hops)\n"
        "4. A -uses-> E -uses-> F -uses-> D  (3 hops)\n");
  options.k = 2;
  Result<PathResult> result = FindPaths(Diamond().store(), "A", "D", options);
  REQUIRE(result.ok());
  CHECK(result->paths.size() == 2);
  CHECK_FALSE(result->truncated);
  options.k = 5;
  options.max_hops = 2;
  result = FindPaths(Diamond().store(), "A", "D", options);
  REQUIRE(result.ok());
  CHECK(result->paths.size() == 3);
  CHECK(result->truncation_hint == "only paths of up to 2 hops were searched (raise --max-hops)");
}

// One path, A -uses-> B -uses-> D, a dead end A -uses-> X -uses-> Y, and ten
// leaves on B. For a second path (Yen), the spur search from A (A-B blocked)
// is cut by the hop bound at Y; the one from B (B-D blocked) then walks B's
// leaves, each a new node.
const TestStore& SpurThroughLeaves() {
  static const TestStore store([] {
    std::vector<TestTriple> triples{{"A", kTech, Relation::kUses, "B", kTech},
                                    {"B", kTech, Relation::kUses, "D", kTech},
                                    {"A", kTech, Relation::kUses, "X", kTech},
                                    {"X", kTech, Relation::kUses, "Y", kTech}};
    for (int i = 0; i < 10; ++i) {
      triples.emplace_back("B", kTech, Relation::kUses, "leaf" + std::to_string(i), kTech);
    }
    return triples;
  }());
  return store;
}

// The node budget running out after a spur search was cut by the hop bound
// once went unrecognised: the search from B retried its level forever
// (budgets 10 to 19 here), or, spent before that search began (8 and 9),
// the answer blamed --max-hops. Budgets go smallest first and REQUIRE stops
// at the first wrong answer, so such a regression fails at 8 rather than
// hanging at 10.
TEST_CASE("k shortest paths end when the node budget runs out after a hop-bound cut") {
  PathOptions options;
  options.k = 2;
  options.max_hops = 2;
  for (size_t budget = 2; budget <= 24; ++budget) {
    CAPTURE(budget);
    options.max_visited = budget;
    Result<PathResult> result = FindPaths(SpurThroughLeaves().store(), "A", "D", options);
    REQUIRE(result.ok());
    REQUIRE(result->truncated);
    if (budget < 4) {  // the first search needs A, D, B and X
      REQUIRE(result->paths.empty());
      REQUIRE(result->truncation_hint ==
              fmt::format("stopped after visiting {} nodes, no path yet (raise --max-visited)",
                          budget));
      continue;
    }
    REQUIRE(result->paths.size() == 1);
    if (budget < 20) {  // 20 reaches every node: the spur searches end at the hop bound
      REQUIRE(result->truncation_hint ==
              fmt::format("stopped after visiting {} nodes (raise --max-visited)", budget));
    } else {
      REQUIRE(result->truncation_hint ==
              "only paths of up to 2 hops were searched (raise --max-hops)");
    }
  }
}

}  // namespace
}  // namespace kg::query
