// ParsePattern and MatchPattern (query/pattern_parse.cpp, query/patterns.cpp).
// The graph is the one drawn in tests/query/fixtures.h.
#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "query/query.h"
#include "tests/query/fixtures.h"

namespace kg::query {
namespace {

using testing::AiNews;

// The matches as sorted lines, so that tests do not depend on scan order.
std::vector<std::string> Match(std::string_view text, bool infer = false) {
  Result<Pattern> pattern = ParsePattern(text);
  REQUIRE_MESSAGE(pattern.ok(), pattern.status().message());
  pattern->infer_through_affiliation = infer;
  Result<PatternResult> result = MatchPattern(AiNews().store(), *pattern);
  REQUIRE_MESSAGE(result.ok(), result.status().message());
  std::string text_out = FormatPattern(AiNews().store(), *result, false);
  std::vector<std::string> lines;
  size_t start = text_out.find('\n') + 1;  // skip "N matches"
  for (size_t end; (end = text_out.find('\n', start)) != std::string::npos; start = end + 1) {
    lines.push_back(text_out.substr(start, end - start));
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

using Lines = std::vector<std::string>;

TEST_CASE("a pattern parses into typed nodes and steps") {
  Result<Pattern> p = ParsePattern("Organization -developed-> Technique <-based_on*1..3- *");
  REQUIRE(p.ok());
  REQUIRE(p->steps.size() == 2);
  CHECK(p->node_types[0] == EntityType::kOrganization);
  CHECK(p->node_types[1] == EntityType::kTechnique);
  CHECK_FALSE(p->node_types[2].has_value());
  CHECK(p->steps[0].relation == Relation::kDeveloped);
  CHECK(p->steps[0].forward);
  CHECK(p->steps[1].relation == Relation::kBasedOn);
  CHECK_FALSE(p->steps[1].forward);
  CHECK(p->steps[1].min_hops == 1);
  CHECK(p->steps[1].max_hops == 3);
  Result<Pattern> anchored = ParsePattern("Organization:\"OpenAI\" -developed->Technique");
  REQUIRE(anchored.ok());
  CHECK(anchored->node_names[0] == "OpenAI");
}

TEST_CASE("parse errors point at the offending token") {
  struct Case {
    const char* pattern;
    const char* message;
  };
  const Case cases[] = {
      {"Organization -devloped-> Technique",
       "pattern: unknown relation \"devloped\" (expected affiliated_with, developed, based_on, "
       "uses, trained_on, evaluated_on, outperforms, located_in, part_of) at column 15\n"
       "  Organization -devloped-> Technique\n"
       "                ^"},
      {"Organisation -developed-> Technique",
       "pattern: unknown entity type \"Organisation\" (expected Person, Organization, Technique, "
       "Dataset, Location) at column 1\n"
       "  Organisation -developed-> Technique\n"
       "  ^"},
      {"Organization -developed Technique",
       "pattern: expected \"->\" to close the step at column 24\n"
       "  Organization -developed Technique\n"
       "                         ^"},
      {"Organization -developed->",
       "pattern: expected a node after the step at column 26\n"
       "  Organization -developed->\n"
       "                           ^"},
      {"Technique -based_on*0..2-> Technique",
       "pattern: hop range 0..2 is invalid (expected 1 <= MIN <= MAX <= 10) at column 20\n"
       "  Technique -based_on*0..2-> Technique\n"
       "                     ^"},
      {"Technique <-based_on-> Technique",
       "pattern: a step points one way: use -rel-> or <-rel- at column 11\n"
       "  Technique <-based_on-> Technique\n"
       "            ^"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.pattern);
    CHECK(ParsePattern(c.pattern).status().message() == c.message);
  }
}

TEST_CASE("organizations and what they developed") {
  CHECK(Match("Organization -developed-> Technique") == Lines{"DeepMind -developed-> AlphaZero",
                                                              "Google -developed-> transformer",
                                                              "OpenAI -developed-> GPT-3"});
}

TEST_CASE("inference credits an organization with what its people developed") {
  // Ilya Sutskever (OpenAI) developed CLIP; Juntang Zhuang (Yale) developed
  // AdaBelief. Both hops are kept, the person between the two nodes.
  CHECK(Match("Organization -developed-> Technique", true) ==
        Lines{"DeepMind -developed-> AlphaZero", "Google -developed-> transformer",
              "OpenAI -developed-> GPT-3",
              "OpenAI <-affiliated_with- Ilya Sutskever -developed-> CLIP  [inferred]",
              "Yale <-affiliated_with- Juntang Zhuang -developed-> AdaBelief  [inferred]"});
  // Read backwards from the technique, the same facts.
  CHECK(Match("Technique <-developed- Organization", true) ==
        Lines{"AdaBelief <-developed- Juntang Zhuang -affiliated_with-> Yale  [inferred]",
              "AlphaZero <-developed- DeepMind",
              "CLIP <-developed- Ilya Sutskever -affiliated_with-> OpenAI  [inferred]",
              "GPT-3 <-developed- OpenAI", "transformer <-developed- Google"});
}

TEST_CASE("variable-length steps give one row per simple path") {
  CHECK(Match("Organization -developed-> Technique -based_on*1..3-> Technique", true) ==
        Lines{"OpenAI -developed-> GPT-3 -based_on-> transformer",
              "OpenAI <-affiliated_with- Ilya Sutskever -developed-> CLIP -based_on-> "
              "transformer  [inferred]",
              "Yale <-affiliated_with- Juntang Zhuang -developed-> AdaBelief -based_on-> Adam  "
              "[inferred]",
              "Yale <-affiliated_with- Juntang Zhuang -developed-> AdaBelief -based_on-> Adam "
              "-based_on-> SGD  [inferred]"});
  CHECK(Match("Technique -based_on*2-> Technique") ==
        Lines{"AdaBelief -based_on-> Adam -based_on-> SGD"});
}

TEST_CASE("a quoted name pins a node") {
  CHECK(Match("\"OpenAI\" -developed-> Technique -trained_on-> Dataset") ==
        Lines{"OpenAI -developed-> GPT-3 -trained_on-> Common Crawl"});
  Result<Pattern> pattern = ParsePattern("\"OpenAl\" -developed-> Technique");
  REQUIRE(pattern.ok());
  CHECK(MatchPattern(AiNews().store(), *pattern).status().message() ==
        "pattern node 1: no entity named \"OpenAl\"; did you mean \"OpenAI\"?");
}

TEST_CASE("limit and max_visited cut the rows with a hint") {
  Result<Pattern> pattern = ParsePattern("Organization -developed-> Technique");
  REQUIRE(pattern.ok());
  pattern->limit = 2;
  Result<PatternResult> result = MatchPattern(AiNews().store(), *pattern);
  REQUIRE(result.ok());
  CHECK(result->rows.size() == 2);
  CHECK(result->truncation_hint == "showing the first 2 rows (raise --limit)");
  pattern->limit = 100;
  pattern->max_visited = 1;
  result = MatchPattern(AiNews().store(), *pattern);
  REQUIRE(result.ok());
  CHECK(result->truncation_hint == "stopped after visiting 1 nodes (raise --max-visited)");
}

}  // namespace
}  // namespace kg::query
