// Every kind of query answers byte for byte the same from the query snapshot
// (graph/query_snapshot.h) as from RocksDB: the snapshot only changes where
// the store reads, never what a query returns.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "query/query.h"
#include "tests/support/test_store.h"

namespace kg::query {
namespace {

using namespace kg::testing;

constexpr int kNodes = 60;
constexpr int kEdges = 400;
constexpr Relation kRelations[] = {Relation::kDeveloped, Relation::kBasedOn, Relation::kUses,
                                   Relation::kAffiliatedWith};
constexpr EntityType kTypes[] = {kOrg, kTech, kPerson, kData};

std::string Node(int i) { return fmt::format("Node {}", i); }

std::map<std::string, std::string> Dates() {
  std::map<std::string, std::string> dates;
  for (int d = 0; d < 40; d += 2)
    dates[fmt::format("doc{}", d)] = fmt::format("2021-0{}-1{}", 1 + d % 9, d % 10);
  return dates;
}

extract::EntityMention MakeAlias(const std::string& name, const std::string& alias) {
  extract::EntityMention mention;
  mention.entity = {name, kTech};
  mention.aliases = {alias};
  mention.doc = "doc1";
  mention.mentions = 1;
  return mention;
}

std::vector<TestTriple> RandomTriples() {
  std::mt19937 random(7);
  std::vector<TestTriple> triples;
  auto pick = [&] {
    int a = static_cast<int>(random() % kNodes), b = static_cast<int>(random() % kNodes);
    return std::min(a, b);
  };
  for (int e = 0; e < kEdges; ++e) {
    int s = pick(), o = pick();
    triples.emplace_back(Node(s), kTypes[s % 4], kRelations[random() % 4], Node(o), kTypes[o % 4],
                         fmt::format("doc{}", random() % 40),
                         fmt::format("Sentence {} says \"{}\" and {}.", e, Node(s), Node(o)));
  }
  return triples;
}

// Hubs (low numbers draw most edges), edges repeated across documents (so
// some have more evidence rows than the snapshot keeps), dated and undated
// documents, an alias; its query snapshot written.
const TestStore& RandomNews() {
  static TestStore store(RandomTriples(), {MakeAlias("Node 1", "N1")}, Dates());
  static const bool written = [] {
    Status s = store.store().WriteQuerySnapshot();
    REQUIRE_MESSAGE(s.ok(), s.message());
    return true;
  }();
  (void)written;
  return store;
}

std::unique_ptr<graph::Store> OpenReader(bool use_snapshot) {
  graph::StoreOptions options;
  options.read_only = true;
  options.use_query_snapshot = use_snapshot;
  Result<std::unique_ptr<graph::Store>> store =
      graph::Store::Open(options, RandomNews().dir() / "db");
  REQUIRE_MESSAGE(store.ok(), store.status().message());
  return std::move(*store);
}

// One query file with every kind and option a query reads the store by.
std::string QueryFile() {
  std::vector<std::string> queries;
  for (int i = 0; i < 12; ++i) {
    const std::string a = Node(i * 5 % kNodes), b = Node((i * 7 + 3) % kNodes);
    for (const char* direction : {"out", "in", "both"}) {
      queries.push_back(fmt::format(
          R"({{"kind": "neighbours", "entity": "{}", "depth": {}, "direction": "{}", "limit": {}}})",
          a, 1 + i % 3, direction, 5 + i * 10));
    }
    queries.push_back(fmt::format(
        R"({{"kind": "neighbours", "entity": "{}", "depth": 2, "relations": ["uses", "developed"],
            "types": ["Technique", "Person"], "evidence": {}}})",
        a, i % 5));
    queries.push_back(fmt::format(
        R"({{"kind": "neighbours", "entity": "{}", "depth": 2, "since": "2021-03-01",
            "until": "2021-07-31", "evidence": 0}})",
        a));
    queries.push_back(fmt::format(R"({{"kind": "path", "from": "{}", "to": "{}"}})", a, b));
    queries.push_back(fmt::format(
        R"({{"kind": "path", "from": "{}", "to": "{}", "all": true, "evidence": 3}})", a, b));
    queries.push_back(fmt::format(
        R"({{"kind": "path", "from": "{}", "to": "{}", "k": 4, "evidence": 1}})", a, b));
    queries.push_back(fmt::format(
        R"({{"kind": "path", "from": "{}", "to": "{}", "relations": ["based_on"],
            "since": "2021-02-01"}})",
        a, b));
    queries.push_back(fmt::format(R"({{"kind": "entity", "name": "{}", "evidence": 5}})", a));
  }
  queries.push_back(R"({"kind": "neighbours", "entity": "n1", "depth": 3})");
  queries.push_back(R"({"kind": "neighbours", "entity": "Nobody"})");
  queries.push_back(
      R"({"kind": "pattern", "pattern": "Organization -developed-> Technique -based_on*1..2-> *",
          "infer": true, "limit": 300})");
  queries.push_back(R"({"kind": "pattern", "pattern": "\"Node 0\" <-uses- * -uses-> Technique"})");
  queries.push_back(R"({"kind": "top", "limit": 7})");
  std::string file = R"({"queries": [)";
  for (size_t i = 0; i < queries.size(); ++i) {
    if (i > 0) file += ",";
    file += queries[i].insert(1, fmt::format(R"("id": "q{}", )", i));
  }
  return file + "]}";
}

TEST_CASE("a query file answers the same from the snapshot as from RocksDB") {
  auto with = OpenReader(true);
  auto without = OpenReader(false);
  REQUIRE(with->UsesQuerySnapshot());
  const std::string file = QueryFile();
  Result<std::string> expected = RunQueryFile(*without, file, {});
  REQUIRE_MESSAGE(expected.ok(), expected.status().message());
  Result<std::string> actual = RunQueryFile(*with, file, {});
  REQUIRE_MESSAGE(actual.ok(), actual.status().message());
  CHECK(*actual == *expected);
  // The file asks real questions: answers with rows, evidence, an error row.
  CHECK(expected->find("\"sentence\"") != std::string::npos);
  CHECK(expected->find("no entity named") != std::string::npos);
}

// What the CLI prints for a result, or its error.
template <typename R, typename Format>
std::string Text(const Result<R>& result, Format format) {
  return result.ok() ? format(*result) : "error: " + result.status().message();
}

TEST_CASE("the text tables read the same from the snapshot") {
  auto with = OpenReader(true);
  auto without = OpenReader(false);
  REQUIRE(with->UsesQuerySnapshot());
  for (int i = 0; i < kNodes; i += 7) {
    CAPTURE(i);
    NeighbourOptions options;
    options.depth = 2;
    auto neighbours = [&](const graph::Store& store) {
      return Text(Neighbours(store, Node(i), options),
                  [&](const NeighbourResult& r) { return FormatNeighbours(store, r, true, 3); });
    };
    CHECK(neighbours(*with) == neighbours(*without));
    auto path = [&](const graph::Store& store) {
      return Text(FindPaths(store, Node(i), Node(i / 2 + 1), PathOptions{}),
                  [&](const PathResult& r) { return FormatPaths(store, r, true); });
    };
    CHECK(path(*with) == path(*without));
  }
}

}  // namespace
}  // namespace kg::query
