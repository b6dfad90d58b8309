// What the CLI prints: tables and JSON (query/present_text.cpp,
// query/present_json.cpp). The graph is the one drawn in tests/query/fixtures.h.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "query/query.h"
#include "tests/query/fixtures.h"

namespace kg::query {
namespace {

using testing::AiNews;

TEST_CASE("entity report: relations grouped, outgoing first, evidence under each") {
  Result<EntityReport> report = DescribeEntity(AiNews().store(), "GPT-3");
  REQUIRE(report.ok());
  // developed (2) < based_on (3) < trained_on (5): the store's relation
  // order. The store counts a mention for each of the four triples naming it.
  CHECK(FormatEntityReport(AiNews().store(), *report, false) ==
        "GPT-3 (Technique), 4 mentions\n"
        "developed:\n"
        "  <- OpenAI  (weight 2)\n"
        "based_on:\n"
        "  -> transformer  (weight 1)\n"
        "trained_on:\n"
        "  -> Common Crawl  (weight 1)\n");
  std::string with_evidence = FormatEntityReport(AiNews().store(), *report, true, 1);
  CHECK(with_evidence.find("  <- OpenAI  (weight 2)\n      b.txt: \"OpenAI released GPT-3.\"\n") !=
        std::string::npos);
}

TEST_CASE("top: rank, name, type, degree") {
  Result<std::vector<RankedEntity>> top =
      TopEntities(AiNews().store(), EntityType::kOrganization, 2);
  REQUIRE(top.ok());
  // OpenAI: developed, located_in, affiliated_with; Google: developed,
  // part_of; DeepMind too, but Google comes first by name.
  CHECK(FormatTop(*top) ==
        "rank  entity    type          degree\n"
        "1     OpenAI    Organization  3\n"
        "2     DeepMind  Organization  2\n");
}

TEST_CASE("JSON of a path: nodes, hops with direction and evidence") {
  Result<PathResult> result = FindPaths(AiNews().store(), "Yale", "AdaBelief", {});
  REQUIRE(result.ok());
  nlohmann::json json = nlohmann::json::parse(PathsToJson(AiNews().store(), *result, 1));
  CHECK(json["from"]["name"] == "Yale");
  CHECK(json["truncated"] == false);
  REQUIRE(json["rows"].size() == 1);
  const nlohmann::json& row = json["rows"][0];
  CHECK(row["length"] == 2);
  CHECK(row["nodes"][1]["name"] == "Juntang Zhuang");
  CHECK(row["hops"][0]["direction"] == "in");
  CHECK(row["hops"][0]["relation"] == "affiliated_with");
  CHECK(row["hops"][1]["evidence"] == nlohmann::json::parse(R"([{"doc": "a.txt", "sentence":
            "Juntang Zhuang and colleagues at Yale proposed AdaBelief."}])"));
}

// The evidence of an answer's edges is read in one batch before it is
// written; each hop must still show exactly what GetEvidence gives it.
void CheckHopEvidence(const nlohmann::json& hop, size_t limit) {
  const Store& store = AiNews().store();
  Result<Entity> subject = ResolveEntity(store, hop["subject"].get<std::string>());
  Result<Entity> object = ResolveEntity(store, hop["object"].get<std::string>());
  REQUIRE(subject.ok());
  REQUIRE(object.ok());
  Result<Relation> relation = extract::ParseRelation(hop["relation"].get<std::string>());
  REQUIRE(relation.ok());
  Edge edge;
  edge.subject = subject->id;
  edge.relation = *relation;
  edge.object = object->id;
  Result<std::vector<graph::Evidence>> rows = store.GetEvidence(edge, limit);
  REQUIRE(rows.ok());
  nlohmann::json expected = nlohmann::json::array();
  if (limit == 0) rows->clear();  // evidence 0 leaves it out (GetEvidence's 0 is every row)
  for (const graph::Evidence& e : *rows) {
    nlohmann::json row = {{"doc", e.doc}, {"sentence", e.sentence}};
    if (!e.date.empty()) row["date"] = e.date;
    expected.push_back(row);
  }
  CHECK(hop["evidence"] == expected);
}

TEST_CASE("every hop of a JSON answer carries its own edge's evidence") {
  const Store& store = AiNews().store();
  for (size_t limit : {size_t{0}, size_t{1}, size_t{2}}) {
    CAPTURE(limit);
    NeighbourOptions around;
    around.depth = 2;
    Result<NeighbourResult> near = Neighbours(store, "OpenAI", around);
    REQUIRE(near.ok());
    nlohmann::json json = nlohmann::json::parse(NeighboursToJson(store, *near, limit));
    REQUIRE(json["rows"].size() > 3);
    for (const nlohmann::json& row : json["rows"]) CheckHopEvidence(row["via"], limit);
    // Pattern rows share edges: each occurrence shows the evidence again.
    Result<Pattern> pattern = ParsePattern("* -developed-> Technique -based_on-> Technique");
    REQUIRE(pattern.ok());
    Result<PatternResult> matched = MatchPattern(store, *pattern);
    REQUIRE(matched.ok());
    json = nlohmann::json::parse(PatternToJson(store, *matched, limit));
    REQUIRE(json["rows"].size() > 1);
    for (const nlohmann::json& row : json["rows"]) {
      for (const nlohmann::json& hop : row["hops"]) CheckHopEvidence(hop, limit);
    }
  }
}

TEST_CASE("an answer becomes a subgraph of its entities and edges") {
  Result<PathResult> result = FindPaths(AiNews().store(), "Yale", "AdaBelief", {});
  REQUIRE(result.ok());
  Subgraph subgraph = ToSubgraph(*result);
  CHECK(subgraph.edges.size() == 2);
  CHECK(std::count(subgraph.entities.begin(), subgraph.entities.end(),
                   AiNews().Id("Juntang Zhuang")) == 1);
}

}  // namespace
}  // namespace kg::query
