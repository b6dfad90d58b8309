// Time filters (TimeRange in query/query.h): neighbours, paths, patterns and
// entity reports keep only edges with evidence dated in range.
//
//   a.txt 2019-06-01  OpenAI -developed-> GPT-2
//   b.txt 2020-06-01  OpenAI -developed-> GPT-3 -based_on-> transformer
//   c.txt 2022-01-10  OpenAI -developed-> GPT-3 (so that edge spans 2020..2022)
//   d.txt 2017-06-12  Google -developed-> transformer
//   e.txt (no date)   OpenAI -located_in-> San Francisco
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "query/query.h"
#include "tests/support/test_store.h"

namespace kg::query {
namespace {

using testing::kOrg;
using testing::kPlace;
using testing::kTech;
using testing::TestStore;

const TestStore& Dated() {
  static const TestStore store(
      {
          {"OpenAI", kOrg, Relation::kDeveloped, "GPT-2", kTech, "a.txt"},
          {"OpenAI", kOrg, Relation::kDeveloped, "GPT-3", kTech, "b.txt"},
          {"GPT-3", kTech, Relation::kBasedOn, "transformer", kTech, "b.txt"},
          {"OpenAI", kOrg, Relation::kDeveloped, "GPT-3", kTech, "c.txt"},
          {"Google", kOrg, Relation::kDeveloped, "transformer", kTech, "d.txt"},
          {"OpenAI", kOrg, Relation::kLocatedIn, "San Francisco", kPlace, "e.txt"},
      },
      {},
      {{"a.txt", "2019-06-01"},
       {"b.txt", "2020-06-01"},
       {"c.txt", "2022-01-10"},
       {"d.txt", "2017-06-12"}});
  return store;
}

TimeRange Range(std::optional<std::string> since, std::optional<std::string> until) {
  return TimeRange{std::move(since), std::move(until)};
}

std::string Neighbours(const TimeRange& time) {
  NeighbourOptions options;
  options.time = time;
  Result<NeighbourResult> result = query::Neighbours(Dated().store(), "OpenAI", options);
  REQUIRE_MESSAGE(result.ok(), result.status().message());
  std::string names;
  for (const NeighbourRow& row : result->rows) names += row.entity.name + ";";
  return names;
}

TEST_CASE("neighbours keep edges with evidence dated in range") {
  struct Case {
    TimeRange time;
    const char* expected;
    const char* why;
  };
  const Case cases[] = {
      {Range({}, {}), "GPT-2;GPT-3;San Francisco;", "no range: every edge"},
      {Range("2020-01-01", {}), "GPT-3;", "GPT-2 is from 2019; San Francisco is undated"},
      {Range({}, "2019-12-31"), "GPT-2;", "GPT-3's evidence starts in 2020"},
      {Range("2019-06-01", "2019-06-01"), "GPT-2;", "both ends inclusive"},
      {Range("2021-01-01", "2021-12-31"), "",
       "GPT-3's dates span 2020..2022 but no row is dated in 2021 (read from the evidence)"},
      {Range("2022-01-01", "2022-12-31"), "GPT-3;", "c.txt is from 2022"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.why);
    CHECK(Neighbours(c.time) == c.expected);
  }
}

TEST_CASE("paths use only edges in range") {
  PathOptions options;
  options.time = Range("2020-01-01", {});
  Result<PathResult> found = FindPaths(Dated().store(), "OpenAI", "transformer", options);
  REQUIRE(found.ok());
  REQUIRE(found->paths.size() == 1);
  CHECK(found->paths[0].nodes.size() == 3);
  CHECK(found->paths[0].nodes[1].name == "GPT-3");
  options.time = Range({}, "2019-12-31");  // GPT-3's edges are all later
  Result<PathResult> none = FindPaths(Dated().store(), "OpenAI", "transformer", options);
  REQUIRE(none.ok());
  CHECK(none->paths.empty());
}

std::string PatternRows(const TimeRange& time) {
  Result<Pattern> pattern = ParsePattern("Organization -developed-> Technique");
  REQUIRE(pattern.ok());
  pattern->time = time;
  Result<PatternResult> result = MatchPattern(Dated().store(), *pattern);
  REQUIRE_MESSAGE(result.ok(), result.status().message());
  std::string rows;
  for (const PatternRow& row : result->rows) {
    rows += row.nodes.front().name + "->" + row.nodes.back().name + ";";
  }
  return rows;
}

TEST_CASE("pattern rows use only edges in range") {
  CHECK(PatternRows(Range({}, {})) == "OpenAI->GPT-2;OpenAI->GPT-3;Google->transformer;");
  CHECK(PatternRows(Range({}, "2018-12-31")) == "Google->transformer;");
  CHECK(PatternRows(Range("2020-01-01", {})) == "OpenAI->GPT-3;");
}

TEST_CASE("entity reports list only edges in range") {
  Result<EntityReport> report =
      DescribeEntity(Dated().store(), "OpenAI", EntityOptions{Range({}, "2019-12-31")});
  REQUIRE(report.ok());
  REQUIRE(report->edges.size() == 1);
  CHECK(report->edges[0].edge.object == Dated().Id("GPT-2"));
  Result<EntityReport> all = DescribeEntity(Dated().store(), "OpenAI");
  REQUIRE(all.ok());
  CHECK(all->edges.size() == 3);
}

TEST_CASE("bad dates and reversed ranges are user errors naming the field") {
  CHECK(ValidateDate("2021-3-1", "--since").message() ==
        "--since \"2021-3-1\" is not a date; expected YYYY-MM-DD, e.g. 2021-03-01");
  CHECK(ValidateDate("2021-13-01", "--until").message() ==
        "--until \"2021-13-01\" is not a date; expected YYYY-MM-DD, e.g. 2021-03-01");
  CHECK(ValidateDate("2021-02-28", "--since").ok());
  NeighbourOptions options;
  options.time = Range("2022-01-01", "2021-01-01");
  Result<NeighbourResult> result = query::Neighbours(Dated().store(), "OpenAI", options);
  REQUIRE(!result.ok());
  CHECK(result.status().message() ==
        "since 2022-01-01 is after until 2021-01-01; give the earlier date as since");
}

TEST_CASE("query files take since and until") {
  Result<std::string> out = RunQueryFile(Dated().store(), R"({"queries": [
    {"id": "recent", "kind": "neighbours", "entity": "OpenAI", "since": "2020-01-01"},
    {"id": "early", "kind": "entity", "name": "OpenAI", "until": "2019-12-31", "evidence": 0},
    {"id": "bad", "kind": "pattern", "pattern": "Organization -developed-> Technique",
     "until": "2021-3"}
  ]})",
                                         {});
  REQUIRE(out.ok());
  nlohmann::json results = nlohmann::json::parse(*out)["results"];
  REQUIRE(results.size() == 3);
  REQUIRE(results[0]["rows"].size() == 1);
  CHECK(results[0]["rows"][0]["entity"]["name"] == "GPT-3");
  REQUIRE(results[1]["rows"].size() == 1);
  CHECK(results[1]["rows"][0]["object"] == "GPT-2");
  CHECK(results[2]["error"] ==
        "query \"bad\": field \"until\": value \"2021-3\" is not a date; expected "
        "YYYY-MM-DD, e.g. 2021-03-01");
}

}  // namespace
}  // namespace kg::query
