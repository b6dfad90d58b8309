// Neighbours: depth, filters, budgets and names (query/neighbours.cpp).
// The graph is the one drawn in tests/query/fixtures.h.
#include <doctest/doctest.h>

#include "query/query.h"
#include "tests/query/fixtures.h"

namespace kg::query {
namespace {

using testing::AiNews;

std::string Run(std::string_view name, const NeighbourOptions& options) {
  Result<NeighbourResult> result = Neighbours(AiNews().store(), name, options);
  REQUIRE_MESSAGE(result.ok(), result.status().message());
  return FormatNeighbours(AiNews().store(), *result, false);
}

// Rows as "depth name", in the order reported.
std::string Rows(std::string_view name, const NeighbourOptions& options) {
  Result<NeighbourResult> result = Neighbours(AiNews().store(), name, options);
  REQUIRE_MESSAGE(result.ok(), result.status().message());
  std::string text;
  for (const NeighbourRow& row : result->rows) {
    text += std::to_string(row.depth) + " " + row.entity.name + "\n";
  }
  if (result->truncated) text += "(" + result->truncation_hint + ")\n";
  return text;
}

TEST_CASE("depth 1 walks both directions, each row with the edge that reached it") {
  // OpenAI's out-edges (developed GPT-3, located_in San Francisco) come
  // before its in-edge (Ilya Sutskever affiliated_with OpenAI). GPT-3 has
  // weight 2: two documents say OpenAI developed it.
  CHECK(Run("OpenAI", {}) ==
        "OpenAI (Organization): 3 neighbours\n"
        "depth  entity          type          via\n"
        "1      GPT-3           Technique     OpenAI -developed-> GPT-3  (weight 2)\n"
        "1      San Francisco   Location      OpenAI -located_in-> San Francisco  (weight 1)\n"
        "1      Ilya Sutskever  Person        OpenAI <-affiliated_with- Ilya Sutskever  "
        "(weight 1)\n");
}

TEST_CASE("names resolve through the name index, case and punctuation aside") {
  CHECK(Rows("openai", {}) == Rows("OpenAI", {}));
}

TEST_CASE("depth 2 with relation and direction filters") {
  NeighbourOptions options;
  options.depth = 2;
  options.relations = {Relation::kDeveloped, Relation::kBasedOn};
  options.direction = Direction::kOut;
  // Out of OpenAI along developed/based_on only: GPT-3, then transformer;
  // Common Crawl is trained_on, San Francisco located_in.
  CHECK(Rows("OpenAI", options) == "1 GPT-3\n2 transformer\n");
  options.direction = Direction::kIn;
  // Into transformer: GPT-3, Google and CLIP developed or build on it; then
  // OpenAI developed GPT-3 and Ilya Sutskever developed CLIP.
  std::string rows = Rows("transformer", options);
  CHECK(rows.find("1 GPT-3\n") != std::string::npos);
  CHECK(rows.find("1 Google\n") != std::string::npos);
  CHECK(rows.find("1 CLIP\n") != std::string::npos);
  CHECK(rows.find("2 OpenAI\n") != std::string::npos);
  CHECK(rows.find("2 Ilya Sutskever\n") != std::string::npos);
  CHECK(std::count(rows.begin(), rows.end(), '\n') == 5);
}

TEST_CASE("the type filter picks rows but the walk passes through every type") {
  NeighbourOptions options;
  options.depth = 2;
  options.types = {EntityType::kTechnique};
  // CLIP is reached through Ilya Sutskever (a Person, not reported);
  // Common Crawl is a Dataset.
  std::string rows = Rows("OpenAI", options);
  CHECK(rows.find("1 GPT-3\n") != std::string::npos);
  CHECK(rows.find("2 transformer\n") != std::string::npos);
  CHECK(rows.find("2 CLIP\n") != std::string::npos);
  CHECK(std::count(rows.begin(), rows.end(), '\n') == 3);
}

// Without a type filter the rows' entity records are read in one batch after
// the walk; with one, each as its node is found. Both give the same rows.
TEST_CASE("rows carry the stored entity, with or without a type filter") {
  NeighbourOptions plain;
  plain.depth = 2;
  NeighbourOptions every_type = plain;
  every_type.types = {EntityType::kPerson, EntityType::kOrganization, EntityType::kTechnique,
                      EntityType::kDataset, EntityType::kLocation};
  for (size_t limit : {size_t{2}, size_t{100}}) {
    CAPTURE(limit);
    plain.limit = every_type.limit = limit;
    Result<NeighbourResult> a = Neighbours(AiNews().store(), "OpenAI", plain);
    Result<NeighbourResult> b = Neighbours(AiNews().store(), "OpenAI", every_type);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(NeighboursToJson(AiNews().store(), *a) == NeighboursToJson(AiNews().store(), *b));
    CHECK(a->truncated == b->truncated);
    CHECK(a->truncation_hint == b->truncation_hint);
    for (const NeighbourRow& row : a->rows) {
      Result<Entity> stored = AiNews().store().GetEntity(row.entity.id);
      REQUIRE(stored.ok());
      CHECK(row.entity.name == stored->name);
      CHECK(row.entity.type == stored->type);
      CHECK(row.entity.aliases == stored->aliases);
      CHECK(row.entity.mentions == stored->mentions);
    }
  }
}

TEST_CASE("limit cuts the rows and says how to see more") {
  NeighbourOptions options;
  options.limit = 1;
  CHECK(Rows("OpenAI", options) == "1 GPT-3\n(showing the first 1 neighbours (raise --limit))\n");
  options.limit = 3;
  CHECK(Rows("OpenAI", options).find("raise") == std::string::npos);
}

TEST_CASE("max_visited stops the search and names the flag") {
  NeighbourOptions options;
  options.depth = 3;
  options.max_visited = 2;  // OpenAI itself, then GPT-3
  CHECK(Rows("OpenAI", options) ==
        "1 GPT-3\n(stopped after visiting 2 nodes (raise --max-visited))\n");
}

TEST_CASE("unknown names get a suggestion; bad options say what to use") {
  Result<NeighbourResult> result = Neighbours(AiNews().store(), "OpenAl", {});
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().code() == Status::Code::kNotFound);
  CHECK(result.status().message() == "no entity named \"OpenAl\"; did you mean \"OpenAI\"?");
  NeighbourOptions options;
  options.depth = 0;
  CHECK(Neighbours(AiNews().store(), "OpenAI", options).status().message() ==
        "depth 0 is not positive (use 1 for direct neighbours)");
}

TEST_CASE("evidence lines follow each row when asked") {
  Result<NeighbourResult> result = Neighbours(AiNews().store(), "AdaBelief", {});
  REQUIRE(result.ok());
  std::string text = FormatNeighbours(AiNews().store(), *result, true);
  CHECK(text.find("       a.txt: \"AdaBelief is a variation on Adam.\"\n") != std::string::npos);
  CHECK(
      text.find("       a.txt: \"Juntang Zhuang and colleagues at Yale proposed AdaBelief.\"\n") !=
      std::string::npos);
}

}  // namespace
}  // namespace kg::query
