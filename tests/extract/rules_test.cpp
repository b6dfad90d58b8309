// Relation rules, each family read as a table: sentence -> triples.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <re2/re2.h>

#include "extract/builtin_data.h"
#include "extract/extract.h"
#include "extract/rules.h"
#include "tests/extract/prefilter_agreement.h"

namespace kg::extract {
namespace {

const Extractor& Builtin() {
  static std::unique_ptr<Extractor> extractor = [] {
    auto made = Extractor::Create({});
    REQUIRE_MESSAGE(made.ok(), made.status().message());
    return std::move(made.value());
  }();
  return *extractor;
}

// Every triple of a one-sentence article, as "; "-joined ToString()s, sorted.
std::string TriplesOf(const std::string& sentence) {
  Article article;
  article.id = "test";
  article.text = sentence;
  std::vector<std::string> out;
  for (const Triple& t : Builtin().Extract(article).triples) out.push_back(ToString(t));
  std::sort(out.begin(), out.end());
  std::string joined;
  for (const std::string& s : out) joined += (joined.empty() ? "" : "; ") + s;
  return joined;
}

struct Case {
  const char* sentence;
  const char* expected;
};

void Check(const Case* cases, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    CAPTURE(cases[i].sentence);
    CHECK(TriplesOf(cases[i].sentence) == cases[i].expected);
  }
}

TEST_CASE("affiliation: lists, appositions, roles, possessives") {
  const Case cases[] = {
      {"Ruth Adeyemi and colleagues at Lakeshore University and Meta proposed a benchmark.",
       "affiliated_with(Person:Ruth Adeyemi, Organization:Lakeshore University); "
       "affiliated_with(Person:Ruth Adeyemi, Organization:Meta)"},
      {"Ruth Adeyemi, a professor at Lakeshore University, praised the work.",
       "affiliated_with(Person:Ruth Adeyemi, Organization:Lakeshore University)"},
      {"Lakeshore University researcher Ruth Adeyemi trained the model.",
       "affiliated_with(Person:Ruth Adeyemi, Organization:Lakeshore University)"},
      {"Ruth Adeyemi visited Lakeshore University in the spring.", ""},
  };
  Check(cases, std::size(cases));
}

TEST_CASE("developed: active, passive, colleagues, possessive") {
  const Case cases[] = {
      {"Anthropic released FalconWing, a chatbot for lawyers.",
       "developed(Organization:Anthropic, Technique:FalconWing)"},
      {"FalconWing was developed by researchers at Baidu.",
       "developed(Organization:Baidu, Technique:FalconWing)"},
      {"Ruth Adeyemi and colleagues at Tsinghua University devised FalconWing.",
       "affiliated_with(Person:Ruth Adeyemi, Organization:Tsinghua University); "
       "developed(Organization:Tsinghua University, Technique:FalconWing); "
       "developed(Person:Ruth Adeyemi, Technique:FalconWing)"},
      {"Anthropic criticized FalconWing.", ""},
  };
  Check(cases, std::size(cases));
}

TEST_CASE("technique relations: based_on, uses, outperforms, trained_on, evaluated_on") {
  const Case cases[] = {
      {"FalconWing is based on the transformer architecture.",
       "based_on(Technique:FalconWing, Technique:transformer)"},
      {"FalconWing uses batch normalization and dropout.",
       "uses(Technique:FalconWing, Technique:batch normalization); "
       "uses(Technique:FalconWing, Technique:dropout)"},
      {"FalconWing outperformed GPT-3 on reasoning tasks.",
       "outperforms(Technique:FalconWing, Technique:GPT-3)"},
      {"FalconWing was trained on LibriSpeech.",
       "trained_on(Technique:FalconWing, Dataset:LibriSpeech)"},
      {"FalconWing achieved 88 percent accuracy on SuperGLUE.",
       "evaluated_on(Technique:FalconWing, Dataset:SuperGLUE)"},
      {"GPT-3 was slower, and FalconWing arrived later.", ""},
  };
  Check(cases, std::size(cases));
}

TEST_CASE("located_in and part_of") {
  const Case cases[] = {
      {"Ruth Adeyemi, an engineer in Nairobi, Kenya, built the app.",
       "located_in(Person:Ruth Adeyemi, Location:Kenya); "
       "located_in(Person:Ruth Adeyemi, Location:Nairobi)"},
      {"Boston-based startup Harbor Robotics raised money.",
       "located_in(Organization:Harbor Robotics, Location:Boston)"},
      {"Harbor Robotics, a subsidiary of Alphabet, builds arms.",
       "part_of(Organization:Harbor Robotics, Organization:Alphabet)"},
      {"Google Brain released a report.",
       "part_of(Organization:Google Brain, Organization:Google)"},
  };
  Check(cases, std::size(cases));
}

TEST_CASE("news phrasings: appositions, powered by, coordinated predicates, benchmark lists") {
  const Case cases[] = {
      {"Copilot, which is powered by OpenAI's Codex, writes code.",
       "developed(Organization:OpenAI, Technique:Codex); uses(Technique:Copilot, Technique:Codex)"},
      {"FalconWing, a decoding strategy from Google, builds on chain-of-thought prompting.",
       "based_on(Technique:FalconWing, Technique:chain-of-thought prompting); "
       "developed(Organization:Google, Technique:FalconWing)"},
      {"FalconWing was evaluated on several datasets including COCO and LVIS.",
       "evaluated_on(Technique:FalconWing, Dataset:COCO); "
       "evaluated_on(Technique:FalconWing, Dataset:LVIS)"},
      {"FalconWing outperformed CLIP on ImageNet.",
       "evaluated_on(Technique:CLIP, Dataset:ImageNet); "
       "evaluated_on(Technique:FalconWing, Dataset:ImageNet); "
       "outperforms(Technique:FalconWing, Technique:CLIP)"},
      {"FalconWing was trained on MassiveText, the same dataset used to train Gopher.",
       "trained_on(Technique:FalconWing, Dataset:MassiveText); "
       "trained_on(Technique:Gopher, Dataset:MassiveText)"},
      {"Harbor Robotics, a subsidiary of Alphabet, is headquartered in London.",
       "located_in(Organization:Harbor Robotics, Location:London); "
       "part_of(Organization:Harbor Robotics, Organization:Alphabet)"},
      {"Harbor Robotics, cofounded by DeepMind cofounder Ruth Adeyemi, raised money.",
       "affiliated_with(Person:Ruth Adeyemi, Organization:DeepMind); "
       "affiliated_with(Person:Ruth Adeyemi, Organization:Harbor Robotics)"},
      {"FalconWing outperformed CLIP on Tuesday.",
       "outperforms(Technique:FalconWing, Technique:CLIP)"},
      {"The startup is powered by venture capital.", ""},
  };
  Check(cases, std::size(cases));
}

TEST_CASE("who built a technique and where they work: their organization built it too") {
  // Within one sentence only: an affiliation stated elsewhere credits nobody.
  const Case cases[] = {
      {"TideNet was developed by Mireille Okafor and Daniel Sato of Aster Lab.",
       "affiliated_with(Person:Daniel Sato, Organization:Aster Lab); "
       "affiliated_with(Person:Mireille Okafor, Organization:Aster Lab); "
       "developed(Organization:Aster Lab, Technique:TideNet); "
       "developed(Person:Daniel Sato, Technique:TideNet); "
       "developed(Person:Mireille Okafor, Technique:TideNet)"},
      {"Daniel Sato works at Aster Lab. TideNet was developed by Daniel Sato.",
       "affiliated_with(Person:Daniel Sato, Organization:Aster Lab); "
       "developed(Person:Daniel Sato, Technique:TideNet)"},
  };
  Check(cases, std::size(cases));
}

TEST_CASE("a list may repeat 'the' before its items only when 'and' ends it") {
  const Case cases[] = {
      {"Researchers with Kestrel Labs, the Northfield Institute, and the Harbor Institute built "
       "Zephyr-2.",
       "developed(Organization:Harbor Institute, Technique:Zephyr-2); "
       "developed(Organization:Kestrel Labs, Technique:Zephyr-2); "
       "developed(Organization:Northfield Institute, Technique:Zephyr-2)"},
      // An apposition is no list item.
      {"Researchers at Kestrel Labs, the Google-backed startup, built Zephyr-2.",
       "developed(Organization:Kestrel Labs, Technique:Zephyr-2)"},
  };
  Check(cases, std::size(cases));
}

TEST_CASE("a model another rule placed after an organization's possessive is the organization's") {
  const Case cases[] = {
      {"Zephyr-2 outperformed both Google's Nimbus-7 and Harbor Labs' Orca-3.",
       "developed(Organization:Google, Technique:Nimbus-7); "
       "developed(Organization:Harbor Labs, Technique:Orca-3); "
       "outperforms(Technique:Zephyr-2, Technique:Nimbus-7); "
       "outperforms(Technique:Zephyr-2, Technique:Orca-3)"},
  };
  Check(cases, std::size(cases));
}

TEST_CASE("two models compared on a benchmark were both evaluated on it") {
  const Case cases[] = {
      {"FalconWing scored 81 percent on HarborQA, ahead of Zephyr-2 at 75 percent.",
       "evaluated_on(Technique:FalconWing, Dataset:HarborQA); "
       "evaluated_on(Technique:Zephyr-2, Dataset:HarborQA); "
       "outperforms(Technique:FalconWing, Technique:Zephyr-2)"},
      // Benchmarks after the second model are the comparison's; one before is not.
      {"FalconWing scored 70 percent on HarborQA and outperformed Zephyr-2 on FLEURS.",
       "evaluated_on(Technique:FalconWing, Dataset:FLEURS); "
       "evaluated_on(Technique:FalconWing, Dataset:HarborQA); "
       "evaluated_on(Technique:Zephyr-2, Dataset:FLEURS); "
       "outperforms(Technique:FalconWing, Technique:Zephyr-2)"},
  };
  Check(cases, std::size(cases));
}

TEST_CASE("a mention read as a person by one rule is no technique to another") {
  const Case cases[] = {
      {"Ji-ho Baek, Brightloop's co-founder and head of product, told me about it.",
       "affiliated_with(Person:Ji-ho Baek, Organization:Brightloop)"},
  };
  Check(cases, std::size(cases));
}

TEST_CASE("what a sentence says of a kind it says of the named model that is one") {
  const Case cases[] = {
      {"Zephyr-3 is a transformer trained on Common Crawl.",
       "based_on(Technique:Zephyr-3, Technique:transformer); "
       "trained_on(Technique:Zephyr-3, Dataset:Common Crawl)"},
  };
  Check(cases, std::size(cases));
}

TEST_CASE("hedges lower the confidence") {
  Article article;
  article.id = "test";
  article.text = "Anthropic reportedly released FalconWing, a chatbot.";
  Extraction x = Builtin().Extract(article);
  REQUIRE(x.triples.size() == 1);
  CHECK(x.triples[0].confidence < 0.85 * 0.8);
  CHECK(x.triples[0].rule == "agent_dev_verb_tech");
  CHECK(x.triples[0].evidence == article.text);
}

// HedgeFactor() tries the hedges only where a word starts with one's first
// letter: a hedge still counts anywhere as a whole word, and never inside one.
TEST_CASE("a hedge counts as a whole word anywhere in the sentence") {
  auto confidence = [](const std::string& sentence) {
    Article article;
    article.id = "test";
    article.text = sentence;
    Extraction x = Builtin().Extract(article);
    REQUIRE(x.triples.size() == 1);
    return x.triples[0].confidence;
  };
  double plain = confidence("Anthropic released FalconWing, a chatbot.");
  CHECK(confidence("Anthropic released FalconWing, a chatbot that mayhem.") == plain);
  CHECK(confidence("Anthropic released FalconWing, a chatbot that may help.") < plain);
  CHECK(confidence("Anthropic released FalconWing, a chatbot it plans to sell.") < plain);
  CHECK(confidence("Anthropic released FalconWing, a chatbot, reportedly.") < plain);
}

TEST_CASE("every built-in rule passes its own examples and counter-examples") {
  std::vector<RuleTestResult> results = Builtin().TestRules();
  CHECK(results.size() > 50);
  for (const RuleTestResult& r : results) {
    CAPTURE(r.rule);
    CAPTURE(r.sentence);
    CAPTURE(r.detail);
    CHECK(r.passed);
  }
}

std::filesystem::path WriteTemp(const std::string& name, const std::string& content) {
  std::filesystem::path path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path) << content;
  return path;
}

TEST_CASE("a bad rules file names the file, the rule and what is wrong") {
  struct ErrorCase {
    const char* content;
    const char* message_part;
  };
  const ErrorCase cases[] = {
      {R"json({"rules": [{"name": "r1", "relation": "uses", "pattern": "(?P<s>{TECH}) uses ((?P<o>{TECH})",
          "subject": {"group": "s", "types": ["Technique"]}, "object": {"group": "o", "types": ["Technique"]}}]})json",
       "rule \"r1\": pattern \"(?P<s>{TECH}) uses ((?P<o>{TECH})\": missing ): "},
      {R"json({"rules": [{"name": "r2", "relation": "uses", "pattern": "(?P<s>{TECH}) uses (?P<o>{TECH})",
          "subject": {"group": "s", "types": ["Organisation"]}, "object": {"group": "o", "types": ["Technique"]}}]})json",
       "rule \"r2\": slot \"subject\": unknown entity type \"Organisation\" (expected Person, "
       "Organization, Technique, Dataset, Location)"},
      {R"json({"rules": [{"name": "r3", "relation": "employs", "pattern": "x",
          "subject": {"group": 1, "types": ["Technique"]}, "object": {"group": 2, "types": ["Technique"]}}]})json",
       "rule \"r3\": unknown relation \"employs\""},
      {R"json({"rules": [{"name": "r4", "relation": "uses", "pattern": "(?P<s>{TECHNIQUE}) uses (?P<o>{TECH})",
          "subject": {"group": "s", "types": ["Technique"]}, "object": {"group": "o", "types": ["Technique"]}}]})json",
       "rule \"r4\": pattern \"(?P<s>{TECHNIQUE}) uses (?P<o>{TECH})\": unknown macro {TECHNIQUE} "
       "(known: "},
      {R"json({"rules": [{"name": "r5", "relation": "uses", "pattern": "(?P<s>{TECH}) uses {TECH}",
          "subject": {"group": "s", "types": ["Technique"]}, "object": {"group": "o", "types": ["Technique"]}}]})json",
       "rule \"r5\": pattern \"(?P<s>{TECH}) uses {TECH}\" has no capture group o"},
      {R"json({"rules": [{"name": "r6", "relation": "uses", "pattern": "(?P<s>{TECH}) uses (?P<o>{TECH})",
          "subject": {"group": "s", "types": ["Technique"]}, "object": {"group": "o", "types": ["Technique"]}},
          {"name": "r6", "relation": "uses", "pattern": "(?P<s>{TECH}) runs (?P<o>{TECH})",
          "subject": {"group": "s", "types": ["Technique"]}, "object": {"group": "o", "types": ["Technique"]}}]})json",
       "rule \"r6\": a second rule of this name in the same file"},
      // RE2 would match a mistyped macro as text: the rule would never fire.
      {R"json({"rules": [{"name": "r7", "relation": "uses", "pattern": "(?P<s>{tech}) uses (?P<o>{TECH})",
          "subject": {"group": "s", "types": ["Technique"]}, "object": {"group": "o", "types": ["Technique"]}}]})json",
       "rule \"r7\": pattern \"(?P<s>{tech}) uses (?P<o>{TECH})\": unknown macro {tech} (a macro's "
       "name is upper case"},
      {R"json({"macros": {"My_Verbs": "(?:runs|uses)"}, "rules": []})json",
       "macro \"My_Verbs\": a macro's name is upper case: A-Z, 0-9 and _, starting with a letter"},
  };
  for (const ErrorCase& c : cases) {
    std::filesystem::path path = WriteTemp("kg_bad_rules.json", c.content);
    ExtractorOptions options;
    options.rule_files = {path};
    auto made = Extractor::Create(options);
    REQUIRE_FALSE(made.ok());
    CAPTURE(made.status().message());
    CHECK(made.status().message().starts_with(path.string() + ": "));
    CHECK(made.status().message().find(c.message_part) != std::string::npos);
    CHECK(made.status().IsUserError());
  }
}

TEST_CASE("a user rules file adds rules and replaces same-named ones") {
  std::filesystem::path path = WriteTemp("kg_user_rules.json", R"json({"rules": [
    {"name": "colleagues_at", "relation": "affiliated_with",
     "pattern": "(?P<s>{PER}) hangs out at (?P<o>{ORG})",
     "subject": {"group": "s", "types": ["Person"]}, "object": {"group": "o", "types": ["Organization"]},
     "confidence": 0.5}]})json");
  ExtractorOptions options;
  options.rule_files = {path};
  auto made = Extractor::Create(options);
  REQUIRE(made.ok());
  std::vector<std::string> names = (*made)->RuleNames();
  CHECK(std::count(names.begin(), names.end(), "colleagues_at") == 1);
  Article article;
  article.id = "t";
  article.text = "Ruth Adeyemi hangs out at Baidu.";
  Extraction x = (*made)->Extract(article);
  REQUIRE(x.triples.size() == 1);
  CHECK(ToString(x.triples[0]) == "affiliated_with(Person:Ruth Adeyemi, Organization:Baidu)");
  CHECK(x.triples[0].confidence == doctest::Approx(0.5));
}

TEST_CASE("Extract() from several threads gives what one thread gives") {
  Article article;
  article.id = "t";
  article.text =
      "Ruth Adeyemi and colleagues at Tsinghua University devised FalconWing. "
      "FalconWing outperformed GPT-3. The model was trained on LibriSpeech.";
  std::vector<std::string> expected;
  for (const Triple& t : Builtin().Extract(article).triples) expected.push_back(ToString(t));
  REQUIRE(expected.size() == 5);
  std::vector<std::vector<std::string>> got(4);
  std::vector<std::thread> threads;
  for (auto& out : got) {
    threads.emplace_back([&article, &out] {
      for (int round = 0; round < 20; ++round) {
        out.clear();
        for (const Triple& t : Builtin().Extract(article).triples) out.push_back(ToString(t));
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (const auto& out : got) CHECK(out == expected);
}

TEST_CASE("explain says why a rule did not match") {
  auto traces =
      Builtin().Explain("Anthropic praised FalconWing, a chatbot.", "agent_dev_verb_tech");
  REQUIRE(traces.ok());
  REQUIRE(traces->size() == 1);
  CHECK_FALSE((*traces)[0].fired);
  CHECK((*traces)[0].why_not.find("matches up to") != std::string::npos);
  CHECK((*traces)[0].why_not.find("masked sentence: \xE2\x9F\xA6ORG:0\xE2\x9F\xA7 praised") !=
        std::string::npos);

  auto fired = Builtin().Explain("Anthropic released FalconWing.", "");
  REQUIRE(fired.ok());
  REQUIRE(fired->size() == 1);
  CHECK((*fired)[0].rule == "agent_dev_verb_tech");
  CHECK(ToString((*fired)[0].triples.at(0)) ==
        "developed(Organization:Anthropic, Technique:FalconWing)");

  auto missing = Builtin().Explain("x", "no_such_rule");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().message().starts_with("no rule named \"no_such_rule\""));
}

// Issue 8, found while writing fuzz_rules_file: article text that looks like
// a placeholder reaches the rules as one (Mask() copies it, and {ORG} matches
// "org" case-insensitively). In a sentence a rule matches, "⟦org:77⟧" makes
// Apply() read mentions[77] past the end (ASan: heap-buffer-overflow in
// FitSlot), and "⟦org:12345678901⟧" overflows an int in PlaceholdersIn()
// (UBSan) and made std::stoi throw out of Extract(): `kg extract` on such a
// file aborted. Mask() now reads "⟦" and "⟧" in the text as "[" and "]".
TEST_CASE("text that looks like a placeholder is read as text") {
  for (const char* sentence : {
           "Ruth Adeyemi and colleagues at Lakeshore University and \u27E6org:77\u27E7 proposed a "
           "benchmark.",
           "Ruth Adeyemi and colleagues at Lakeshore University and \u27E6org:12345678901\u27E7 "
           "proposed a benchmark.",
       }) {
    CAPTURE(sentence);
    Article article;
    article.id = "t";
    article.text = sentence;
    Extraction x;
    REQUIRE_NOTHROW(x = Builtin().Extract(article));
    for (const Triple& t : x.triples) {
      CHECK(article.text.find(t.subject.name) != std::string::npos);
      CHECK(article.text.find(t.object.name) != std::string::npos);
    }
  }
}

// The prefilter gates each pattern with its relaxed form (RelaxBounds): it
// must match everything the pattern matches, and the pattern itself still
// decides.
TEST_CASE("relaxing bounds keeps escapes, classes and exact counts") {
  const std::pair<const char*, const char*> cases[] = {
      {"[^;]{0,160}?", "[^;]*?"},
      {"(?:[\\w-]+ ){1,4}", "(?:[\\w-]+ )+"},
      {"x{2,5}y{3}z{4,}", "x{2,}y{3}z{4,}"},
      {"\\{0,3\\}", "\\{0,3\\}"},
      {"[{0,3}]{0,2}", "[{0,3}]*"},
      {"[]{0,3}]", "[]{0,3}]"},
      {"[^]{1,2}]", "[^]{1,2}]"},
      {"[[:alpha:]{0,3}]{1,9}", "[[:alpha:]{0,3}]+"},
      {"\\p{Greek}{0,3}", "\\p{Greek}*"},
      {"a{,3}b{x,2}", "a{,3}b{x,2}"},
  };
  for (const auto& [pattern, relaxed] : cases) {
    CAPTURE(pattern);
    CHECK(RelaxBounds(pattern) == relaxed);
  }
}

// A pattern written with "@" for "⟦" and "#" for "⟧".
std::string WithPlaceholders(std::string text) {
  for (size_t at; (at = text.find('@')) != std::string::npos;) text.replace(at, 1, "\xE2\x9F\xA6");
  for (size_t at; (at = text.find('#')) != std::string::npos;) text.replace(at, 1, "\xE2\x9F\xA7");
  return text;
}

// A pattern runs anchored at each placeholder its matches can start with; one
// whose syntax does not prove such a start is searched unanchored (gated).
TEST_CASE("leading placeholder codes are read only where the syntax proves them") {
  const std::pair<const char*, const char*> cases[] = {
      {"(?P<s>@(?:ORG|UNK):\\d+#) joined", "ORG UNK"},
      {"(?:(?P<s>@(?:PER):\\d+#)|@(?:ORG|UNK):\\d+#)+ said", "PER ORG UNK"},
      {"((?:@(?:TECH):\\d+#)), a", "TECH"},
      {"(?P<s>@(?:ORG):\\d+#)? joined", ""},     // optional
      {"(?:@(?:ORG):\\d+#)* joined", ""},        // repeated from zero
      {"(?:@(?:ORG):\\d+#){0,2} joined", ""},    // the same
      {"@(?:ORG):\\d+#|at @(?:ORG):\\d+#", ""},  // an alternative starts with a word
      {"(?:[(|]|@(?:ORG):\\d+#)", ""},           // a class holding "(" and "|"
      {"^@(?:ORG):\\d+#", ""},                   // an anchor first
      {"(?i:@(?:ORG):\\d+#)", ""},               // flags
      {"@[^#]*#", ""},                           // any placeholder
      {"@(?:ORG|UNK)?:\\d+#", ""},               // an optional code
      {"@(?:ORG|U.K):\\d+#", ""},                // a code that is not a word
      {"\\Q(\\E@(?:ORG):\\d+#", ""},             // quoted text
  };
  for (const auto& [written, codes] : cases) {
    CAPTURE(written);
    std::string joined;
    for (const std::string& c : LeadingPlaceholderCodes(WithPlaceholders(written)))
      joined += (joined.empty() ? "" : " ") + c;
    CHECK(joined == codes);
  }
}

// A pattern that need not start at a placeholder runs anchored where its
// matches may start: at the literals or placeholders its syntax begins with.
TEST_CASE("where a match may start is read only where the syntax proves it") {
  const std::pair<const char*, const char*> cases[] = {
      {"(?:pre-?trained|Trained|fine-?tuned) on", "[pre] [trained] [fine]"},
      {"[Ll]ed by (?P<s>@(?:PER):\\d+#)", "[led by ]"},
      {"\\bby @(?:PER):\\d+#", "[by ]"},
      {"(?P<s>(?:(?:dr\\.?|professor) )?@(?:PER|UNK):\\d+#) at", "<PER> <UNK> [dr] [professor]"},
      {"(?:(?:the|a) )?(?:[\\w-]+ ){0,2}?@(?:ORG):\\d+#", ""},  // a class: unknown
      {"(?:the )?@(?:ORG):\\d+#", "<ORG> [the ]"},
      {"(?:the )*?(?:a )?x", "[the ] [a ] [x]"},
      {"(?:the )?", ""},                 // may match nothing: starts anywhere
      {"^said", ""},                     // "^" alone: not read
      {"(?:^|, )said", "[said] -0 -2"},  // a lead group: 0 or 2 characters before
      {"(?:^|[^@\\w])(?:the )?@(?:ORG):\\d+#", "<ORG> [the ] -0 -1"},
      {"(?:^|\\bthe )@(?:ORG):\\d+#", ""},  // "\\b" in a lead group: not read
      {"(?:^|, )?said", ""},                // an optional lead group: not read
      {"(?:^|@)(?:ORG):\\d+#", ""},         // a literal placeholder opening: not read
      {"(?:^|x+)said", ""},                 // a repeated character: not read
      {"(?:^|, )said|told", ""},            // the group leads one branch only
      {"a?b", ""},                          // an optional first character
      {"ab+c", "[ab]"},                     // "b+": once at least, then the prefix ends
      {"(?:x){2,3}y", ""},                  // a count from two: not read
      {"(?i:said) x", ""},                  // flags: not read
      {"\\Qsaid\\E", ""},                   // quoted text: not read
      {"said|(?:told)+ x", "[said] [told]"},
  };
  for (const auto& [written, expected] : cases) {
    CAPTURE(written);
    MatchStarts starts = LeadingStarts(WithPlaceholders(written));
    std::string joined;
    for (const std::string& c : starts.codes) joined += (joined.empty() ? "<" : " <") + c + ">";
    for (const std::string& l : starts.literals) joined += (joined.empty() ? "[" : " [") + l + "]";
    for (int n : starts.chars_before) joined += " -" + std::to_string(n);
    CHECK(joined == expected);
  }
}

// The built-in rules as Extractor::Create() loads them: compiled when first
// needed.
RuleSet LazyBuiltinRules() {
  RuleSet rules;
  for (int i = 0; i < kBuiltinFileCount; ++i) {
    std::string_view path = kBuiltinFiles[i].path;
    if (path.starts_with("rules/"))
      REQUIRE(rules.AddFile(path, kBuiltinFiles[i].content, /*compile_lazily=*/true).ok());
  }
  REQUIRE(rules.Finish().ok());
  return rules;
}

// The built-in rules are compiled when first needed, their capture groups
// numbered by the loader: every one must compile, numbered as RE2 numbers it.
TEST_CASE("built-in patterns compiled lazily compile, and their groups are RE2's") {
  RuleSet rules = LazyBuiltinRules();
  for (const Rule& rule : rules.rules()) {
    for (size_t p = 0; p < rule.regexes.size(); ++p) {
      CAPTURE(rule.name);
      CAPTURE(p);
      const re2::RE2& re = rule.regexes[p]->get();
      REQUIRE(re.ok());
      std::optional<CaptureGroups> groups = ReadCaptureGroups(rule.expanded[p]);
      REQUIRE(groups.has_value());
      CHECK(groups->count == re.NumberOfCapturingGroups());
      CHECK(groups->named == re.NamedCapturingGroups());
      // Every built-in pattern has its lowercased form, with the same groups.
      const re2::RE2& folded = rule.regexes[p]->folded();
      CHECK(&folded != &re);
      CHECK(groups->count == folded.NumberOfCapturingGroups());
      CHECK(groups->named == folded.NamedCapturingGroups());
    }
  }
  const std::pair<const char*, int> cases[] = {
      {"(a)(?:b)(?P<s>c)(?i)(d)", 3}, {"\\((a)", 1}, {"[(](a)[\\]()]", 1}, {"[]()](a)", 1},
      {"[[:alpha:](](a)", 1},
  };
  for (const auto& [written, count] : cases) {
    CAPTURE(written);
    std::optional<CaptureGroups> groups = ReadCaptureGroups(written);
    REQUIRE(groups.has_value());
    CHECK(groups->count == count);
    CHECK(groups->count == re2::RE2(written).NumberOfCapturingGroups());
  }
  for (const char* unsure : {"(?P<s>a)(?P<s>b)", "(?P<>a)", "\\Q(\\E(a)", "[(a)"})
    CHECK_FALSE(ReadCaptureGroups(unsure).has_value());
}

TEST_CASE("a pattern is lowercased only where its meaning stays the same") {
  const std::pair<const char*, const char*> lowered[] = {
      {"Led By (?P<s>X)", "led by (?P<s>x)"},
      {"(?P<Subject>A)(?:B|C)", "(?P<Subject>a)(?:b|c)"},
      {"\\W\\S\\D\\B\\w\\d\\s\\b\\A\\z\\.\\(", "\\W\\S\\D\\B\\w\\d\\s\\b\\A\\z\\.\\("},
      {"[A-Z][^A-Z][Q-Tq][[:alpha:]X][]A][^]B][a-vx-zA-Z0-9_-]",
       "[a-z][^a-z][q-tq][[:alpha:]x][]a][^]b][a-vx-za-z0-9_-]"},
      {"[0-9!-~][^,;\xE2\x9F\xA6]X{0,3}", "[0-9!-~][^,;\xE2\x9F\xA6]x{0,3}"},
      {"\xE2\x9F\xA6ORG:\\d+\xE2\x9F\xA7\xE2\x80\x99S",
       "\xE2\x9F\xA6org:\\d+\xE2\x9F\xA7\xE2\x80\x99s"},
  };
  for (const auto& [pattern, expected] : lowered) {
    CAPTURE(pattern);
    CHECK(LowercasedPattern(pattern) == std::optional<std::string>(expected));
  }
  for (const char* unsure :
       {"(?i)a",   "(?-i:A)",     "(?s:.)",        "\\QAB\\E",     "\\pL",
        "\\p{Lu}", "\\PL",        "\\x41",         "\\x{41}",      "\\101",
        "\\C",     "[[:upper:]]", "[[:lower:]]",   "[0-Z]",        "[Z-a]",
        "[\\.-Z]", "[a-\\x7a]",   "Z\xC3\xBCrich", "\xE2\x84\xAA", "[\xC3\xA0-\xC3\xBF]"}) {
    CAPTURE(unsure);
    CHECK_FALSE(LowercasedPattern(unsure).has_value());
  }
}

TEST_CASE("a sentence is lowered for the patterns only when no character beyond ASCII has a case") {
  const std::string masked =
      "\xE2\x9F\xA6ORG:0\xE2\x9F\xA7\xE2\x80\x99s Model BEAT \xE2\x80\x9CX\xE2\x80\x9D";
  CHECK(FoldedText(masked) ==
        "\xE2\x9F\xA6org:0\xE2\x9F\xA7\xE2\x80\x99s model beat \xE2\x80\x9Cx\xE2\x80\x9D");
  CHECK(FoldedText("Lab in Z\xC3\xBCrich").empty());           // u with diaeresis
  CHECK(FoldedText("a 5 \xE2\x84\xAA rise").empty());          // the Kelvin sign, folded to "k"
  CHECK(FoldedText("\xCF\x83\xCF\x82 and \xCE\xA3").empty());  // Greek sigmas
  CHECK(FoldedText("bad \xFF byte") == "bad \xFF byte");  // no character: RE2 reads it as a byte
}

// The lowered patterns on the lowered sentence find what the patterns as
// written find on the sentence as written, groups and all; a sentence with a
// cased character beyond ASCII runs the patterns as written.
TEST_CASE("a lowered pattern finds in the lowered sentence what the pattern finds as written") {
  RuleSet rules = LazyBuiltinRules();
  const std::string sentences[] = {
      WithPlaceholders("@ORG:0# Developed @TECH:1#, which was TRAINED on @DATA:2# and Is Based On "
                       "@TECH:3#."),
      WithPlaceholders("Researchers At @org:0# And @Org:2# Fine-Tuned @TECH:1# On @DATA:2#; it "
                       "OUTPERFORMS @tech:3# on @DATA:2#, scoring 91.2% vs. 88.0%."),
      WithPlaceholders("@PER:0#, a Senior Researcher at @ORG:1# based in @LOC:2#, LED the team "
                       "that built @TECH:3# using @TECH:1#."),
      WithPlaceholders("Professor @PER:0# of @ORG:1#\xE2\x80\x99s AI Lab said @TECH:2# beats "
                       "@TECH:3# on @DATA:2#."),
  };
  int found = 0;
  for (const std::string& masked : sentences) {
    CAPTURE(masked);
    std::string_view folded = FoldedText(masked);
    REQUIRE(folded.size() == masked.size());
    for (const Rule& rule : rules.rules()) {
      for (size_t p = 0; p < rule.regexes.size(); ++p) {
        CAPTURE(rule.name);
        const re2::RE2& written = rule.regexes[p]->get();
        const re2::RE2& lowered = rule.regexes[p]->folded();
        const int n = written.NumberOfCapturingGroups() + 1;
        std::vector<re2::StringPiece> a(n), b(n);
        bool matched = written.Match(masked, 0, masked.size(), re2::RE2::UNANCHORED, a.data(), n);
        REQUIRE(matched ==
                lowered.Match(folded, 0, folded.size(), re2::RE2::UNANCHORED, b.data(), n));
        found += matched;
        for (int g = 0; matched && g < n; ++g) {
          CAPTURE(g);
          CHECK((a[g].data() == nullptr) == (b[g].data() == nullptr));
          if (a[g].data() == nullptr || b[g].data() == nullptr) continue;
          CHECK(a[g].data() - masked.data() == b[g].data() - folded.data());
          CHECK(a[g].size() == b[g].size());
        }
      }
    }
  }
  CHECK(found >= 8);
  // "Zürich" keeps the sentence as written: a rule still matches it, in any case.
  const std::string zurich = WithPlaceholders("@ORG:0# DEVELOPED @TECH:1# in Z\xC3\xBCrich.");
  std::vector<Mention> mentions(2);
  mentions[0].name = "Lab";
  mentions[0].type = EntityType::kOrganization;
  mentions[1].name = "Model";
  mentions[1].type = EntityType::kTechnique;
  std::vector<int> patterns;
  rules.Candidates(zurich, &patterns);
  bool developed = false;
  for (const Rule& rule : rules.rules())
    developed |= rule.relation == Relation::kDeveloped &&
                 !rules.Apply(rule, zurich, mentions, nullptr, &patterns).empty();
  CHECK(developed);
}

// A pattern is not tried where fewer placeholders are left in the sentence
// than every match holds.
TEST_CASE("the fewest placeholders of a match are counted only where the syntax proves them") {
  const std::pair<const char*, int> cases[] = {
      {"(?P<s>@(?:ORG|UNK):\\d+#) joined (?P<o>@(?:ORG):\\d+#)", 2},
      {"@(?:ORG):\\d+#(?:, @(?:ORG):\\d+#)* and @(?:ORG):\\d+#", 2},  // repeated from zero
      {"@(?:ORG):\\d+#(?: and @(?:ORG):\\d+#)? said", 1},             // optional
      {"(?:@(?:ORG):\\d+#){0,3} said @(?:PER):\\d+#", 1},             // the same
      {"(?:@(?:ORG):\\d+#){00,3}", 0},
      {"(?:@(?:ORG):\\d+#){2,3}", 1},  // a lower bound: counted once
      {"(?:@(?:ORG):\\d+#)+ @x", 2},
      {"@?@(?:ORG):\\d+#", 1},  // "@" itself optional
      {"(?:@x|y) @x", 1},       // an alternative without one
      {"(?:@x|@y@z) @x", 2},
      {"[@]@x[^@]*@", 2},   // classes count none
      {"\\@@x", 1},         // an escaped byte counts none
      {"(?i:@x)@x", 1},     // flags: not read
      {"@x{1}@x{,3}@", 3},  // "{,3}" is literal text
      {"\\Q@\\E@x@", 0},    // quoted text: nothing proved
      {"(@x", 0},           // does not parse
  };
  for (const auto& [written, fewest] : cases) {
    CAPTURE(written);
    CHECK(MinPlaceholders(WithPlaceholders(written)) == fewest);
  }
}

TEST_CASE("a bounded gap still bounds: the relaxed gate does not decide") {
  std::filesystem::path path = WriteTemp("kg_bounded_rules.json", R"json({"rules": [
    {"name": "short_gap_built", "relation": "developed",
     "pattern": "(?P<s>{ORG}) [a-z ]{0,12}bankrolled (?P<o>{TECH})",
     "subject": {"group": "s", "types": ["Organization"]}, "object": {"group": "o", "types": ["Technique"]}}]})json");
  ExtractorOptions options;
  options.rule_files = {path};
  auto made = Extractor::Create(options);
  REQUIRE(made.ok());
  Article article;
  article.id = "t";
  article.text = "Google quietly bankrolled TensorFlow.";
  Extraction near = (*made)->Extract(article);
  CHECK(std::any_of(near.triples.begin(), near.triples.end(),
                    [](const Triple& t) { return t.rule == "short_gap_built"; }));
  article.text = "Google quietly and very slowly over many years bankrolled TensorFlow.";
  Extraction far = (*made)->Extract(article);
  CHECK(std::none_of(far.triples.begin(), far.triples.end(),
                     [](const Triple& t) { return t.rule == "short_gap_built"; }));
}

// Issue 8: macros that use each other many times expand exponentially; this
// 500-byte file made `kg rules list --rules` run for minutes and gigabytes;
// RuleSet::Expand() now stops at 1 MiB.
TEST_CASE("a pattern whose macros expand beyond reason is an error") {
  std::string macros;
  for (char name = 'A'; name < 'H'; ++name) {
    std::string uses;
    for (int i = 0; i < 12; ++i) uses += std::string("{") + static_cast<char>(name + 1) + "}";
    macros += std::string("\"") + name + "\": \"" + uses + "\", ";
  }
  std::filesystem::path path = WriteTemp("kg_macro_bomb.json", R"json({"macros": {)json" + macros +
                                                                   R"json("H": "abcdefghij"},
    "rules": [{"name": "bomb", "relation": "uses", "pattern": "(?P<s>{ORG}) {A} (?P<o>{TECH})",
     "subject": {"group": "s", "types": ["Organization"]}, "object": {"group": "o", "types": ["Technique"]}}]})json");
  ExtractorOptions options;
  options.rule_files = {path};
  auto made = Extractor::Create(options);
  REQUIRE_FALSE(made.ok());
  CHECK(made.status().IsUserError());
  CHECK(made.status().message().find("rule \"bomb\"") != std::string::npos);
}

// Candidates() and the relaxed gate only save work: through them a rule
// finds what it finds run alone. "short_gap_built": the gate's leftmost
// match (from ⟦ORG:0⟧) is no match of the exact pattern, whose match starts
// later.
TEST_CASE("the prefilter and the gate change no rule's hits") {
  RuleSet rules;
  for (int i = 0; i < kBuiltinFileCount; ++i) {
    std::string_view path = kBuiltinFiles[i].path;
    if (path.starts_with("rules/")) REQUIRE(rules.AddFile(path, kBuiltinFiles[i].content).ok());
  }
  REQUIRE(rules
              .AddFile("gap.json", R"json({"rules": [
    {"name": "short_gap_built", "relation": "developed",
     "pattern": "(?P<s>{ORG}) [a-z ]{0,12}bankrolled (?P<o>{TECH})",
     "subject": {"group": "s", "types": ["Organization"]}, "object": {"group": "o", "types": ["Technique"]}}]})json")
              .ok());
  REQUIRE(rules.Finish().ok());
  // "[[ORG:0]]" stands for the placeholder "⟦ORG:0⟧".
  auto masked_text = [](std::string text) {
    for (size_t at; (at = text.find("[[")) != std::string::npos;)
      text.replace(at, 2, "\xE2\x9F\xA6");
    for (size_t at; (at = text.find("]]")) != std::string::npos;)
      text.replace(at, 2, "\xE2\x9F\xA7");
    return text;
  };
  const std::string sentences[] = {
      masked_text(
          "[[ORG:0]] quietly and slowly over many years bankrolled [[TECH:1]] and [[ORG:2]] "
          "quietly bankrolled [[TECH:3]]."),
      masked_text("[[PER:0]], a researcher at [[ORG:1]], said [[TECH:2]] outperforms [[TECH:3]]."),
      masked_text("[[ORG:0]] Developed [[TECH:1]], which was TRAINED on [[DATA:2]] and is based on "
                  "[[TECH:3]]."),
      masked_text("[[UNK:0]] uses [[UNK:1]], [[UNK:2]] and [[UNK:3]], based in [[LOC:3]]."),
      // Placeholders that start no match before ones that do, and two
      // matches of one pattern: a pattern runs anchored at each in turn.
      masked_text("[[TECH:1]] and [[ORG:0]] said [[ORG:2]] developed [[TECH:3]], and [[ORG:0]] "
                  "acquired [[ORG:2]]; [[TECH:3]] outperforms [[TECH:1]] and [[TECH:1]]."),
      masked_text(
          "[[TECH:3]], which [[ORG:2]] released, is based on [[TECH:1]], [[ORG:0]]'s "
          "[[TECH:3]] model, and [[ORG:0]] built [[TECH:1]] and [[ORG:2]] built [[TECH:3]]."),
      // Rules are case-insensitive: so is the placeholder a match starts at.
      masked_text("[[org:0]] acquired [[Org:2]], and [[tech:1]] outperforms [[TECH:3]]."),
      // Matches that end at the last placeholder, and placeholders too few
      // for a match after the first one.
      masked_text("[[ORG:0]] developed [[TECH:1]]"),
      masked_text("[[TECH:1]] outperforms [[TECH:3]]; [[ORG:0]] developed"),
      masked_text("[[ORG:2]], [[ORG:0]] acquired [[ORG:2]]"),
      // Patterns that start at a word or at a title run anchored where those
      // occur: several times, in either case, inside a longer word, or more
      // often than is worth it.
      masked_text("Researchers at [[ORG:0]] pretrained and Fine-tuned [[TECH:1]] on [[DATA:2]]; "
                  "researchers at [[ORG:2]] trained [[TECH:3]] on [[DATA:2]]."),
      masked_text("Professor [[PER:0]] and Dr. [[PER:1]] at [[ORG:2]] said [[PER:1]] of "
                  "[[ORG:0]] led [[TECH:3]]."),
      masked_text("The [[ORG:0]] team led by [[PER:1]], the lab, the group, the team, a team and "
                  "a [[ORG:2]] group led by [[PER:1]] built [[TECH:3]]."),
      masked_text("Led by [[PER:1]], researchers at [[ORG:0]] TRAINED [[TECH:3]] on "
                  "[[DATA:2]], [[DATA:2]] and [[DATA:2]]."),
  };
  const EntityType types[] = {EntityType::kOrganization, EntityType::kTechnique,
                              EntityType::kOrganization, EntityType::kTechnique};
  std::vector<Mention> mentions(4);
  for (size_t m = 0; m < mentions.size(); ++m) {
    mentions[m].name = "name" + std::to_string(m);
    mentions[m].type = types[m];
  }
  int fired = 0;
  for (const std::string& masked : sentences)
    fired += testing::CheckPrefilterAgrees(rules, masked, mentions);
  CHECK(fired >= 3);
  std::vector<int> patterns;
  rules.Candidates(sentences[0], &patterns);
  CHECK(testing::HitKeys(rules.Apply(rules.rules().back(), sentences[0], mentions, nullptr,
                                     &patterns)) == std::vector<std::string>{"2>3"});
  // Apply() keeps where the last sentence's placeholders start: a sentence
  // of the same length, with its placeholders elsewhere, is scanned anew.
  const std::string first = masked_text("[[ORG:0]] developed [[TECH:1]] in the end.");
  const std::string second = masked_text("In the end [[ORG:0]] developed [[TECH:1]].");
  REQUIRE(first.size() == second.size());
  for (const std::string& masked : {first, second, first}) {
    CAPTURE(masked);
    rules.Candidates(masked, &patterns);
    std::vector<std::string> hits;
    for (const Rule& rule : rules.rules()) {
      for (const std::string& hit :
           testing::HitKeys(rules.Apply(rule, masked, mentions, nullptr, &patterns)))
        hits.push_back(rule.name + " " + hit);
    }
    CHECK(std::count(hits.begin(), hits.end(), "agent_dev_verb_tech 0>1") == 1);
  }
}

// A slot whose group took no part in the match (an optional group) names no
// mention: found by libFuzzer, it once read through a null pointer.
TEST_CASE("a slot group that takes no part in a match names nothing") {
  RuleSet rules;
  REQUIRE(rules
              .AddFile("optional.json", R"json({"rules": [
    {"name": "optional_subject", "relation": "developed",
     "pattern": "(?:(?P<s>{ORG}) made )?(?P<t>{TECH}) shipped(?: with (?P<o>{TECH}))?",
     "subject": {"group": "s", "types": ["Organization"]}, "object": {"group": "o", "types": ["Technique"]}}]})json")
              .ok());
  REQUIRE(rules.Finish().ok());
  std::vector<Mention> mentions(2);
  mentions[0].name = "a";
  mentions[0].type = EntityType::kTechnique;
  mentions[1].name = "b";
  mentions[1].type = EntityType::kTechnique;
  const std::string masked = "\xE2\x9F\xA6TECH:0\xE2\x9F\xA7 shipped.";
  CHECK(rules.Apply(rules.rules().front(), masked, mentions, nullptr, nullptr).empty());
}

}  // namespace
}  // namespace kg::extract
