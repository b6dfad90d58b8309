// The literal filter only saves work: what a pattern's syntax requires is
// read soundly, and through the filter every rule finds what it finds alone.
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "extract/builtin_data.h"
#include "extract/entities.h"
#include "extract/lexicon.h"
#include "extract/literal_filter.h"
#include "extract/rules.h"
#include "extract/tokens.h"
#include "tests/extract/prefilter_agreement.h"

namespace kg::extract {
namespace {

// "{a|b} {c}": each clause's strings, in order.
std::string Clauses(std::string_view pattern) {
  std::string out;
  for (const std::vector<std::string>& clause : RequiredLiterals(pattern)) {
    std::string joined;
    for (const std::string& s : clause) joined += (joined.empty() ? "" : "|") + s;
    out += (out.empty() ? "{" : " {") + joined + "}";
  }
  return out;
}

TEST_CASE("a pattern requires the literals its syntax proves, lowercase") {
  struct Case {
    const char* pattern;
    const char* clauses;
  };
  const Case cases[] = {
      // Placeholders, and the words between them joined to their brackets.
      {"\xE2\x9F\xA6(?:ORG|UNK):\\d+\xE2\x9F\xA7 (?:announced|unveiled) ",
       "{\xE2\x9F\xA6org:|\xE2\x9F\xA6unk:} {\xE2\x9F\xA7 announced |\xE2\x9F\xA7 unveiled }"},
      {"[Rr]esearchers at (?:the )?(?:\xE2\x9F\xA6ORG:\\d+\xE2\x9F\xA7)",
       "{researchers at |researchers at the } {\xE2\x9F\xA6org:} {\xE2\x9F\xA7}"},
      {"(?:foo|barbaz)qux", "{barbazqux|fooqux}"},
      {"SAID|TOLD", "{said|told}"},
      // A repetition from one keeps what one occurrence requires.
      {"a{2,5}bcd", "{bcd}"},
      {"[a-z]+ed by", "{ed by}"},
      // Optional parts, short strings and unread syntax require nothing.
      {"x(?:announced)?y", ""},
      {"(?:acquired|bought)*", ""},
      {"(?:ab|cd)", ""},
      {"(?i)announced", ""},
      {"\\p{L}+ announced", ""},
      {"x\\Qannounced\\E", ""},
      // A letter beyond ASCII may fold to other bytes: it ends a literal.
      {"Caf\xC3\xA9 society", "{caf} { society}"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.pattern);
    CHECK(Clauses(c.pattern) == c.clauses);
  }
}

TEST_CASE("a clause another implies is dropped") {
  // Every match holds "⟧'s ⟦org:" or the like, and so "⟦org:" too: the
  // clause of the first placeholder's "⟦org:" or "⟦unk:" goes.
  CHECK(Clauses("\xE2\x9F\xA6(?:ORG|UNK):\\d+\xE2\x9F\xA7's (?:own )?\xE2\x9F\xA6ORG:") ==
        "{\xE2\x9F\xA7's \xE2\x9F\xA6org:|\xE2\x9F\xA7's own \xE2\x9F\xA6org:}");
}

TEST_CASE("the filter reads ASCII letters in either case") {
  LiteralFilter filter;
  filter.Add("announced (?:\xE2\x9F\xA6TECH:\\d+\xE2\x9F\xA7)");
  filter.Add("acquired");
  REQUIRE(filter.Finish());
  auto may_match = [&](std::string_view text) {
    std::vector<int> patterns;
    filter.MayMatch(text, &patterns);
    return patterns;
  };
  CHECK(may_match("\xE2\x9F\xA6ORG:0\xE2\x9F\xA7 ANNOUNCED \xE2\x9F\xA6tech:1\xE2\x9F\xA7") ==
        std::vector<int>{0});
  CHECK(may_match("It Acquired \xE2\x9F\xA6TECH:1\xE2\x9F\xA7.") == std::vector<int>{1});
  CHECK(may_match("nothing here").empty());
  // The Kelvin sign matches "k" in RE2: such a text is not filtered at all.
  CHECK(may_match("\xE2\x84\xAA") == std::vector<int>{0, 1});
}

// The rules' own examples, masked as recognition reads them: through the
// filter each rule gives what it gives run on every pattern.
TEST_CASE("the filter changes no rule's hits on the rules' examples") {
  Lexicon lexicon;
  Gazetteer gazetteer;
  RuleSet rules;
  for (int i = 0; i < kBuiltinFileCount; ++i) {
    std::string_view path = kBuiltinFiles[i].path;
    std::string_view content = kBuiltinFiles[i].content;
    if (path == "lexicon.json") REQUIRE(AddLexiconJson(path, content, &lexicon).ok());
    if (path == "names/first_names.tsv") AddNameList(content, &lexicon.first_names);
    if (path == "names/surnames.tsv") AddNameList(content, &lexicon.surnames);
    if (path.starts_with("gazetteers/")) REQUIRE(gazetteer.AddFile(path, content).ok());
    if (path.starts_with("rules/")) REQUIRE(rules.AddFile(path, content).ok());
  }
  REQUIRE(rules.Finish().ok());
  Recognizer recognizer(lexicon, gazetteer);
  int sentences = 0, fired = 0;
  for (const Rule& example_rule : rules.rules()) {
    std::vector<RuleCase> cases = example_rule.examples;
    cases.insert(cases.end(), example_rule.counter_examples.begin(),
                 example_rule.counter_examples.end());
    for (const RuleCase& c : cases) {
      const std::string& text = c.sentence;
      DocMemory memory;
      std::vector<Token> tokens = Tokenize(text, 0, lexicon.abbreviations);
      std::vector<Mention> mentions =
          recognizer.Recognize(text, {0, static_cast<uint32_t>(text.size())}, tokens, &memory);
      std::string masked;
      uint32_t at = 0;
      for (size_t m = 0; m < mentions.size(); ++m) {
        if (mentions[m].span.begin < at) continue;
        masked += text.substr(at, mentions[m].span.begin - at);
        AppendPlaceholder(mentions[m], static_cast<int>(m), &masked);
        at = mentions[m].span.end;
      }
      masked += text.substr(at);
      ++sentences;
      fired += testing::CheckPrefilterAgrees(rules, masked, mentions);
    }
  }
  CHECK(sentences >= 300);
  CHECK(fired >= 200);
}

}  // namespace
}  // namespace kg::extract
