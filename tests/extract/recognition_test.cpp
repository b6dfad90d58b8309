// Sentence splitting and entity recognition.
#include <doctest/doctest.h>
#include <algorithm>
#include <cctype>

#include <string>
#include <vector>

#include "extract/extract.h"
#include "extract/lexicon.h"
#include "extract/sentences.h"
#include "extract/tables.h"
#include "extract/tokens.h"
#include "extract/word_set.h"

namespace kg::extract {
namespace {

std::vector<std::string> Split(const std::string& text) {
  const std::unordered_set<std::string> abbreviations = {"dr.",  "inc.", "e.g.",
                                                         "i.e.", "vs.",  "jr."};
  std::vector<std::string> out;
  for (Span s : SplitSentences(text, abbreviations))
    out.push_back(text.substr(s.begin, s.end - s.begin));
  return out;
}

TEST_CASE("sentences survive abbreviations, initials, decimals and bullets") {
  using V = std::vector<std::string>;
  CHECK(Split("The U.S. team won. Dr. Ruth Adeyemi said so.") ==
        V{"The U.S. team won.", "Dr. Ruth Adeyemi said so."});
  CHECK(Split("Acme Inc. grew 3.5 times, e.g. in Asia. C. Jason Wang agreed.") ==
        V{"Acme Inc. grew 3.5 times, e.g. in Asia.", "C. Jason Wang agreed."});
  CHECK(Split("Results:\n  \xE2\x80\xA2 First point.\n  - Second point\n* Third") ==
        V{"Results:", "First point.", "Second point", "Third"});
  CHECK(Split("A Heading Without Stop\n\nBody text here. More text!") ==
        V{"A Heading Without Stop", "Body text here.", "More text!"});
  CHECK(Split("a line that was\nwrapped by an editor. Next one.") ==
        V{"a line that was\nwrapped by an editor.", "Next one."});
  // A capital letter ending a name, before a word that opens sentences.
  CHECK(Split("Cohere released Command R. It was tested. Carlos E. Jimenez agreed.") ==
        V{"Cohere released Command R.", "It was tested.", "Carlos E. Jimenez agreed."});
}

std::vector<std::vector<std::string>> TableCells(const std::string& text) {
  std::vector<std::vector<std::string>> out;
  for (const Table& table : FindTables(text)) {
    std::vector<TableRow> rows = {table.header};
    rows.insert(rows.end(), table.rows.begin(), table.rows.end());
    for (const TableRow& row : rows) {
      std::vector<std::string> cells;
      for (Span c : row.cells) cells.push_back(text.substr(c.begin, c.end - c.begin));
      out.push_back(cells);
    }
  }
  return out;
}

TEST_CASE("score tables: pipes or wide gaps, a header of names, rows of scores") {
  using Rows = std::vector<std::vector<std::string>>;
  CHECK(
      TableCells("Intro.\n\n| Benchmark | Zephyr-2 | GPT-4 |\n|---|:--:|---|\n| MMLU | 93.5 | "
                 "93.7 |\n| MATH | 63.0% | -- |\nAfter.") ==
      Rows{{"Benchmark", "Zephyr-2", "GPT-4"}, {"MMLU", "93.5", "93.7"}, {"MATH", "63.0%", "--"}});
  CHECK(TableCells("Benchmark      Claude 3 Opus   GPT-4\nMMLU           86.8            86.4\n") ==
        Rows{{"Benchmark", "Claude 3 Opus", "GPT-4"}, {"MMLU", "86.8", "86.4"}});
  // Rows of words, a header of numbers, or two columns are no score table.
  CHECK(FindTables("| Model | Price | Licence |\n| Zephyr | cheap | open |\n").empty());
  CHECK(FindTables("| Year | 2023 | 2024 |\n| MMLU | 80 | 90 |\n").empty());
  CHECK(FindTables("| Benchmark | Zephyr |\n| MMLU | 80 |\n").empty());
  // A table of records keeps its word cells; FindTables' kind is not repeated.
  CHECK(FindRecordTables("| Model | Price | Licence |\n|---|---|---|\n| Zephyr | cheap | open |\n")
            .size() == 1);
  CHECK(FindRecordTables("| Benchmark | Zephyr-2 | GPT-4 |\n| MMLU | 93.5 | 93.7 |\n").empty());
}

TEST_CASE("a sentence starts after a line's bullet, at a line's start, or inside a line") {
  std::string text = "Intro: one.\n  \xE2\x80\xA2 Item one. Next.\nPlain line";
  auto at = [&](std::string_view s) {
    return StartOfLine(text, static_cast<uint32_t>(text.find(s)));
  };
  CHECK(at("Intro") == LineStart::kLine);
  CHECK(at("Item") == LineStart::kBullet);
  CHECK(at("Next") == LineStart::kInside);
  CHECK(at("Plain") == LineStart::kLine);
}

TEST_CASE("sentence offsets point into the text") {
  std::string text = "  First one. Second one.";
  std::vector<Span> spans = SplitSentences(text, {});
  REQUIRE(spans.size() == 2);
  CHECK(spans[0].begin == 2);
  CHECK(spans[1].begin == 13);
  CHECK(spans[1].end == text.size());
}

const Extractor& Builtin() {
  static std::unique_ptr<Extractor> extractor = std::move(Extractor::Create({}).value());
  return *extractor;
}

// "Name/Type" of every entity in a text, in order of first mention.
std::string EntitiesOf(const std::string& text) {
  Article article;
  article.id = "t";
  article.text = text;
  std::string out;
  for (const EntityMention& e : Builtin().Extract(article).entities) {
    out += (out.empty() ? "" : ", ") + e.entity.name + "/" + std::string(ToString(e.entity.type));
  }
  return out;
}

TEST_CASE("entity recognition: gazetteers, cues, shapes, persons") {
  struct Case {
    const char* text;
    const char* expected;
  };
  const Case cases[] = {
      {"Researchers at Lakeshore University trained GPT-3 on ImageNet in Toronto.",
       "Lakeshore University/Organization, GPT-3/Technique, ImageNet/Dataset, Toronto/Location"},
      {"Last week Ruth Adeyemi tested ResNet-866 and Wav2Vec 2.0 with DALL\xC2\xB7"
       "E.",
       "Ruth Adeyemi/Person, ResNet-866/Technique, wav2vec 2.0/Technique, DALL\xC2\xB7"
       "E/Technique"},
      {"Monday was busy. Subscribe to our newsletter. Dear friends, keep learning!", ""},
      {"The model beat researchers at deep learning.", ""},
      // A term goes by the article's spelling, its entry's name an alias.
      {"Google's BERT and transformers changed NLP.",
       "Google/Organization, BERT/Technique, transformers/Technique, NLP/Technique"},
      {"Mixture-of-experts layers and Sparse Attention run in transformer models.",
       "mixture of experts/Technique, sparse attention/Technique, transformer/Technique"},
      // A name of its own, not the plural or the '++' of a known one.
      {"The Titans models outperform Transformer++, Mamba2 and DeltaNet.",
       "Titans/Technique, Transformer++/Technique, Mamba2/Technique, DeltaNet/Technique"},
      // A leader's prefix names an organization.
      {"OpenVLA came from a Stanford-led team.",
       "OpenVLA/Technique, Stanford University/Organization"},
      // Units and programming languages are no entities (not_entities.tsv).
      {"Kestrel Labs tuned Quill-9 on 80 GB of Python code with 4 PFLOPS of compute.",
       "Kestrel Labs/Organization, Quill-9/Technique"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(EntitiesOf(c.text) == c.expected);
  }
}

TEST_CASE("an acronym definition makes one entity with the long form as alias") {
  Article article;
  article.id = "t";
  article.text = "Kestrel Labs built Sparse Gated Routing (SGR), a router. Later, SGR won.";
  Extraction x = Builtin().Extract(article);
  REQUIRE(x.entities.size() == 2);
  const EntityMention& sgr = x.entities[1];
  CHECK(sgr.entity.name == "SGR");
  CHECK(sgr.entity.type == EntityType::kTechnique);
  CHECK(sgr.aliases == std::vector<std::string>{"Sparse Gated Routing"});
  CHECK(sgr.mentions == 2);
  REQUIRE(x.triples.size() == 1);
  CHECK(ToString(x.triples[0]) == "developed(Organization:Kestrel Labs, Technique:SGR)");
  // "Long Form, or LF": the same, so the triple is not doubled under two names.
  article.text = "Kestrel Labs proposed a method called Sparse Gated Routing, or SGR. SGR won.";
  x = Builtin().Extract(article);
  REQUIRE(x.triples.size() == 1);
  CHECK(ToString(x.triples[0]) == "developed(Organization:Kestrel Labs, Technique:SGR)");
  REQUIRE(x.entities.size() == 2);
  CHECK(x.entities[1].aliases == std::vector<std::string>{"Sparse Gated Routing"});
}

TEST_CASE("a known name's other name in brackets joins its mention") {
  // "(AI2)" is the gazetteer's alias of the name before it: rules see one
  // organization, so the list of two reaches the verb.
  Article article;
  article.id = "t";
  article.text =
      "Researchers from the Allen Institute for AI (AI2) and Northfield University presented "
      "Quill-9, a language model.";
  Extraction x = Builtin().Extract(article);
  std::vector<std::string> triples;
  for (const Triple& t : x.triples) triples.push_back(ToString(t));
  CHECK(std::count(triples.begin(), triples.end(),
                   "developed(Organization:Allen Institute for AI, Technique:Quill-9)") == 1);
  CHECK(std::count(triples.begin(), triples.end(),
                   "developed(Organization:Northfield University, Technique:Quill-9)") == 1);
}

TEST_CASE("an acronym's long form is the words whose initials spell it, when there are such") {
  // Schwartz & Hearst alone take the shortest form whose letters spell
  // "GGA", reading the second "g" inside "Aggregation": "Gradient Aggregation".
  Article article;
  article.id = "t";
  article.text = "Kestrel Labs released Guided Gradient Aggregation (GGA), a training method.";
  Extraction x = Builtin().Extract(article);
  REQUIRE(x.entities.size() == 2);
  CHECK(x.entities[1].entity.name == "GGA");
  CHECK(x.entities[1].aliases == std::vector<std::string>{"Guided Gradient Aggregation"});
  REQUIRE(x.triples.size() == 1);
  CHECK(ToString(x.triples[0]) == "developed(Organization:Kestrel Labs, Technique:GGA)");
}

TEST_CASE("'short for' names the long form of the name before it") {
  Article article;
  article.id = "t";
  article.text =
      "SWIFT, short for Sparse Wide Internal Feature Transformer, is built on Harrier-7B. Kestrel "
      "Labs released Lark (short for Learned Adaptive Routing Kernel) in May.";
  Extraction x = Builtin().Extract(article);
  std::vector<std::string> names, triples;
  for (const EntityMention& e : x.entities) names.push_back(e.entity.name);
  for (const Triple& t : x.triples) triples.push_back(ToString(t));
  CHECK(std::count(names.begin(), names.end(), "Internal Feature Transformer") == 0);
  CHECK(std::count(triples.begin(), triples.end(),
                   "based_on(Technique:SWIFT, Technique:Harrier-7B)") == 1);
  CHECK(std::count(triples.begin(), triples.end(),
                   "developed(Organization:Kestrel Labs, Technique:Lark)") == 1);
  for (const EntityMention& e : x.entities) {
    if (e.entity.name == "SWIFT")
      CHECK(e.aliases == std::vector<std::string>{"Sparse Wide Internal Feature Transformer"});
  }
}

TEST_CASE("surnames and short references resolve to the full name") {
  Article article;
  article.id = "t";
  article.text =
      "Ruth Adeyemi founded Harbor Robotics. Adeyemi said the company released FalconWing last "
      "year.";
  Extraction x = Builtin().Extract(article);
  std::vector<std::string> triples;
  for (const Triple& t : x.triples) triples.push_back(ToString(t));
  CHECK(std::count(triples.begin(), triples.end(),
                   "developed(Organization:Harbor Robotics, Technique:FalconWing)") == 1);
  CHECK(x.entities.at(0).entity.name == "Ruth Adeyemi");
  CHECK(x.entities.at(0).mentions == 2);
}

std::vector<std::string> TripleStrings(const std::string& text) {
  Article article;
  article.id = "t";
  article.text = text;
  std::vector<std::string> out;
  for (const Triple& t : Builtin().Extract(article).triples) out.push_back(ToString(t));
  return out;
}

bool Has(const std::vector<std::string>& triples, const std::string& triple) {
  return std::find(triples.begin(), triples.end(), triple) != triples.end();
}

TEST_CASE("a paper's author line credits its authors with the title's technique") {
  auto triples = TripleStrings(
      "[2] Zephyr-2: Fast and Exact Attention\narXiv:2205.14135 (May 2022)\nAuthors: Dana Okafor, "
      "Ruth Adeyemi (Northfield University)\n\nAbstract: We present a method.");
  CHECK(Has(triples, "developed(Person:Dana Okafor, Technique:Zephyr-2)"));
  CHECK(Has(triples, "developed(Person:Ruth Adeyemi, Technique:Zephyr-2)"));
  // A numbered Markdown heading, and a bold label.
  triples = TripleStrings(
      "## 1. FlashAttention: Fast and Exact Attention\n\n**Authors:** Dana Okafor (Northfield "
      "University) · ICCV 2023\n");
  CHECK(Has(triples, "developed(Person:Dana Okafor, Technique:FlashAttention)"));
  // An author line far from any title credits nobody.
  triples = TripleStrings(
      "Zephyr-2: a review.\n\nOne.\n\nTwo.\n\nThree.\n\nFour.\n\nAuthors: Dana Okafor");
  CHECK_FALSE(Has(triples, "developed(Person:Dana Okafor, Technique:Zephyr-2)"));
}

TEST_CASE("the people a sentence names as a paper's authors developed what the paper is about") {
  // The article's topic technique.
  auto triples = TripleStrings(
      "Kestrel Labs released Zephyr-2, a language model.\n\nThe paper's authors include Dana "
      "Okafor and Tom Becker of Northfield University.");
  CHECK(Has(triples, "developed(Person:Dana Okafor, Technique:Zephyr-2)"));
  CHECK(Has(triples, "developed(Person:Tom Becker, Technique:Zephyr-2)"));
  // A technique its quoted title names.
  triples = TripleStrings(
      "Kestrel Labs released Zephyr-2, a language model.\n\nIt builds on the paper \"Faster "
      "Mamba Models\" by Dana Okafor and Tom Becker.");
  CHECK(Has(triples, "developed(Person:Dana Okafor, Technique:Mamba)"));
  CHECK_FALSE(Has(triples, "developed(Person:Dana Okafor, Technique:Zephyr-2)"));
  // Named before what the paper is about: credited once the article says.
  triples = TripleStrings(
      "New results\n\nThe paper, \"Going Deeper,\" is by Dana Okafor and Ruth Adeyemi. It "
      "introduces Zephyr-2, a network that is easier to train.");
  CHECK(Has(triples, "developed(Person:Dana Okafor, Technique:Zephyr-2)"));
  CHECK(Has(triples, "developed(Person:Ruth Adeyemi, Technique:Zephyr-2)"));
  // "with A as first author".
  triples = TripleStrings(
      "Kestrel Labs released Zephyr-2, a language model.\n\nThe team of 14, with Dana Okafor as "
      "first author, trained it for a month.");
  CHECK(Has(triples, "developed(Person:Dana Okafor, Technique:Zephyr-2)"));
  // Earlier work by others is not the paper's.
  triples = TripleStrings(
      "Kestrel Labs released Zephyr-2, a language model.\n\nIt builds on 2017 work by Dana "
      "Okafor.");
  CHECK_FALSE(Has(triples, "developed(Person:Dana Okafor, Technique:Zephyr-2)"));
}

TEST_CASE("a model a sentence gives a score beside an evaluation was evaluated there too") {
  // After the model: "at N", "'s N", "(N percent)", "managed N".
  auto triples = TripleStrings(
      "Zephyr-2 reached 89.4 on GLUE, slightly above RoBERTa's 88.5, with Gemma 7B at 53.3 and "
      "Mistral 7B (58.4 percent) far behind, while GPT-4 managed 35.7 percent.");
  CHECK(Has(triples, "evaluated_on(Technique:RoBERTa, Dataset:GLUE)"));
  CHECK(Has(triples, "evaluated_on(Technique:Gemma 7B, Dataset:GLUE)"));
  CHECK(Has(triples, "evaluated_on(Technique:Mistral 7B, Dataset:GLUE)"));
  CHECK(Has(triples, "evaluated_on(Technique:GPT-4, Dataset:GLUE)"));
  // Before it: "N% for M"; the benchmark named last before the model.
  triples = TripleStrings(
      "On GPQA, Zephyr-2 answered 50.4 percent correctly, while Mistral 7B managed 35.7 percent, "
      "and it reached 80.1% on GSM8K, against 60.3% for its predecessor Gemma 7B.");
  CHECK(Has(triples, "evaluated_on(Technique:Mistral 7B, Dataset:GPQA)"));
  CHECK(Has(triples, "evaluated_on(Technique:Gemma 7B, Dataset:GSM8K)"));
  CHECK_FALSE(Has(triples, "evaluated_on(Technique:Gemma 7B, Dataset:GPQA)"));
  // A benchmark as the label of a line.
  triples = TripleStrings("- **GSM8K:** 87.6 for Mistral 7B versus 92.0 for GPT-4.");
  CHECK(Has(triples, "evaluated_on(Technique:Mistral 7B, Dataset:GSM8K)"));
  CHECK(Has(triples, "evaluated_on(Technique:GPT-4, Dataset:GSM8K)"));
  // A fronted benchmark, however long its apposition; a score with a metric after it.
  triples = TripleStrings(
      "On the MATH benchmark of 12,500 problems, introduced in 2021 by Dana Okafor, Mistral 7B "
      "reached 94.8 accuracy, compared with 60.3% for GPT-4o.");
  CHECK(Has(triples, "evaluated_on(Technique:Mistral 7B, Dataset:MATH)"));
  CHECK(Has(triples, "evaluated_on(Technique:GPT-4o, Dataset:MATH)"));
  // Sizes, years and clauses are no scores.
  triples = TripleStrings(
      "Zephyr-2 scored 79.0 on MMLU; Mistral 7B with 7 billion parameters, GPT-4 (2023), "
      "GPT-4o's 2024 launch and models trained with LoRA, reached 60 percent elsewhere.");
  CHECK_FALSE(Has(triples, "evaluated_on(Technique:Mistral 7B, Dataset:MMLU)"));
  CHECK_FALSE(Has(triples, "evaluated_on(Technique:GPT-4, Dataset:MMLU)"));
  CHECK_FALSE(Has(triples, "evaluated_on(Technique:GPT-4o, Dataset:MMLU)"));
  CHECK_FALSE(Has(triples, "evaluated_on(Technique:LoRA, Dataset:MMLU)"));
}

TEST_CASE("a comparison on all the benchmarks named before evaluates the loser on each") {
  auto triples = TripleStrings(
      "Kestrel Labs released Zephyr-2 on Monday. Zephyr-2 reached 88.5% on MMLU, 94.6% on GSM8K "
      "and 77.6% on HumanEval. It outperformed Mistral 7B on all three.");
  CHECK(Has(triples, "evaluated_on(Technique:Mistral 7B, Dataset:MMLU)"));
  CHECK(Has(triples, "evaluated_on(Technique:Mistral 7B, Dataset:GSM8K)"));
  CHECK(Has(triples, "evaluated_on(Technique:Mistral 7B, Dataset:HumanEval)"));
  // "all three" after two benchmarks: which they are is unclear.
  triples = TripleStrings(
      "Kestrel Labs released Zephyr-2 on Monday. Zephyr-2 reached 88.5% on MMLU and 94.6% on "
      "GSM8K. It outperformed Mistral 7B on all three.");
  CHECK_FALSE(Has(triples, "evaluated_on(Technique:Mistral 7B, Dataset:MMLU)"));
}

TEST_CASE("a task or a field is no kind a technique is based on") {
  auto triples = TripleStrings(
      "Kestrel Labs released Zephyr-2, an open-source speech recognition model. Zephyr-3 is a "
      "transformer trained on C4.");
  CHECK(Has(triples, "developed(Organization:Kestrel Labs, Technique:Zephyr-2)"));
  CHECK_FALSE(Has(triples, "based_on(Technique:Zephyr-2, Technique:speech recognition)"));
  CHECK(Has(triples, "based_on(Technique:Zephyr-3, Technique:transformer)"));
}

TEST_CASE("'they' building something is the people named before, and where they work") {
  auto triples = TripleStrings(
      "What's new: Dana Okafor, Ruth Adeyemi and colleagues at Kestrel Labs found that small "
      "models suffice. To prove the point, they built Zephyr-2, a compact model.");
  CHECK(Has(triples, "developed(Person:Dana Okafor, Technique:Zephyr-2)"));
  CHECK(Has(triples, "developed(Person:Ruth Adeyemi, Technique:Zephyr-2)"));
  CHECK(Has(triples, "developed(Organization:Kestrel Labs, Technique:Zephyr-2)"));
  // People named in the same sentence come first.
  triples = TripleStrings(
      "Tom Becker spoke first. Later, Dana Okafor and colleagues described Zephyr-3, a system "
      "they developed last year.");
  CHECK(Has(triples, "developed(Person:Dana Okafor, Technique:Zephyr-3)"));
  CHECK_FALSE(Has(triples, "developed(Person:Tom Becker, Technique:Zephyr-3)"));
}

TEST_CASE("a citation after a name does not break its apposition") {
  auto triples = TripleStrings(
      "Zephyr-2 (Okafor et al., 2024), from Kestrel Labs, predicts masked image patches.");
  CHECK(Has(triples, "developed(Organization:Kestrel Labs, Technique:Zephyr-2)"));
  triples = TripleStrings(
      "Zephyr-2 (Okafor and Lindqvist, 2024; Varga et al. 2023a), built by Kestrel Labs, "
      "predicts masked image patches.");
  CHECK(Has(triples, "developed(Organization:Kestrel Labs, Technique:Zephyr-2)"));
}

TEST_CASE("a benchmark named beside a comparison evaluated both models on it") {
  auto triples = TripleStrings(
      "Zephyr-2 outperformed Mistral 7B on most tests the lab ran, including MMLU and GSM8K.");
  CHECK(Has(triples, "evaluated_on(Technique:Zephyr-2, Dataset:MMLU)"));
  CHECK(Has(triples, "evaluated_on(Technique:Mistral 7B, Dataset:MMLU)"));
  CHECK(Has(triples, "evaluated_on(Technique:Mistral 7B, Dataset:GSM8K)"));
  // Two comparisons: a benchmark goes with the one nearest it.
  triples = TripleStrings(
      "Kestrel said Zephyr-2 scored higher than Mistral 7B on the MMLU benchmark, and that "
      "Zephyr-3 beat GPT-4o on several other tests.");
  CHECK(Has(triples, "evaluated_on(Technique:Mistral 7B, Dataset:MMLU)"));
  CHECK_FALSE(Has(triples, "evaluated_on(Technique:GPT-4o, Dataset:MMLU)"));
  CHECK_FALSE(Has(triples, "evaluated_on(Technique:Zephyr-3, Dataset:MMLU)"));
  // Data a model was trained on, and a benchmark past another clause, are no benchmarks of
  // the comparison.
  triples = TripleStrings(
      "Using vectors learned from Common Crawl, Zephyr-2 beat Mistral 7B at coding, but the lab "
      "cautioned that its MMLU scores were not released.");
  CHECK(Has(triples, "outperforms(Technique:Zephyr-2, Technique:Mistral 7B)"));
  CHECK_FALSE(Has(triples, "evaluated_on(Technique:Mistral 7B, Dataset:Common Crawl)"));
  CHECK_FALSE(Has(triples, "evaluated_on(Technique:Mistral 7B, Dataset:MMLU)"));
}

TEST_CASE("of two models a sentence scores on one benchmark, the higher score outperforms") {
  auto triples = TripleStrings(
      "Zephyr-2 scored 83% on AIME, against 13% for GPT-4o, while Mistral 7B managed 91%.");
  CHECK(Has(triples, "outperforms(Technique:Zephyr-2, Technique:GPT-4o)"));
  CHECK(Has(triples, "outperforms(Technique:Mistral 7B, Technique:Zephyr-2)"));
  triples = TripleStrings("- **MMLU:** GLM-4 scored 81.5, against 86.4 for GPT-4.");
  CHECK(Has(triples, "outperforms(Technique:GPT-4, Technique:GLM-4)"));
  triples = TripleStrings(
      "On MATH, Mistral 7B solved 25 problems, well ahead of the 10 solved by GPT-4o.");
  CHECK(Has(triples, "evaluated_on(Technique:GPT-4o, Dataset:MATH)"));
  CHECK(Has(triples, "outperforms(Technique:Mistral 7B, Technique:GPT-4o)"));
  // Lower is better, or the two are called even: no winner.
  triples = TripleStrings("Zephyr-2 reached an FID of 2.27 on ImageNet, against 3.1 for GPT-4o.");
  CHECK_FALSE(Has(triples, "outperforms(Technique:GPT-4o, Technique:Zephyr-2)"));
  CHECK_FALSE(Has(triples, "outperforms(Technique:Zephyr-2, Technique:GPT-4o)"));
  triples =
      TripleStrings("Zephyr-2 scored 88.6 on MMLU, essentially tied with GPT-4o at 88.7 percent.");
  CHECK_FALSE(Has(triples, "outperforms(Technique:GPT-4o, Technique:Zephyr-2)"));
}

TEST_CASE("a model card's field lines relate the article's model to the names after the colon") {
  auto triples = TripleStrings(
      "Kestrel Labs released Zephyr-2, a language model.\n\n- Base model: Llama 3.1\n- Training "
      "data: The Pile\n- Evaluation benchmarks: MMLU and GSM8K\n- Developer: Northfield "
      "University\n- License: Apache 2.0\n");
  CHECK(Has(triples, "based_on(Technique:Zephyr-2, Technique:Llama 3.1)"));
  CHECK(Has(triples, "trained_on(Technique:Zephyr-2, Dataset:The Pile)"));
  CHECK(Has(triples, "evaluated_on(Technique:Zephyr-2, Dataset:GSM8K)"));
  CHECK(Has(triples, "developed(Organization:Northfield University, Technique:Zephyr-2)"));
  // An architecture line: the kind it opens with or was modified from is a
  // base, the rest are parts; numbers after ';' are no parts.
  triples = TripleStrings(
      "Kestrel Labs released Zephyr-2, a language model.\n\n- Architecture: a decoder-only "
      "transformer with GeGLU activations and RMSNorm\n");
  CHECK(Has(triples, "based_on(Technique:Zephyr-2, Technique:transformer)"));
  CHECK(Has(triples, "uses(Technique:Zephyr-2, Technique:RMSNorm)"));
  triples = TripleStrings(
      "Kestrel Labs released Zephyr-2, a language model.\n\n- Architecture: modified from "
      "Megatron-LM; 70 layers, 112 attention heads\n");
  CHECK(Has(triples, "based_on(Technique:Zephyr-2, Technique:Megatron-LM)"));
  CHECK_FALSE(Has(triples, "uses(Technique:Zephyr-2, Technique:attention)"));
  // An unknown label relates nothing.
  CHECK(TripleStrings("Kestrel Labs released Zephyr-2, a language model.\n\nFun fact: Llama 3.1 "
                      "is popular.\n")
            .size() == 1);
}

TEST_CASE("a model card's title names the model its field lines are about") {
  for (const char* title : {"Zephyr-2: Model Card", "# Zephyr-2 Release Notes",
                            "Model card: Zephyr-2", "Zephyr-2 - Changelog"}) {
    CAPTURE(title);
    auto triples = TripleStrings(std::string(title) +
                                 "\n\nDeveloped by: Kestrel Labs, Oslo\nModel type: a decoder-only "
                                 "transformer\nBase model: Llama 3.1\n");
    CHECK(Has(triples, "developed(Organization:Kestrel Labs, Technique:Zephyr-2)"));
    CHECK(Has(triples, "based_on(Technique:Zephyr-2, Technique:Llama 3.1)"));
    CHECK(Has(triples, "based_on(Technique:Zephyr-2, Technique:transformer)"));
  }
  // A title of other words names nothing to relate.
  CHECK(TripleStrings("Zephyr-2 Wins Praise\n\nBase model: Llama 3.1\n").empty());
}

TEST_CASE("a model's score on a benchmark in a table says it was evaluated on it") {
  auto triples = TripleStrings(
      "Kestrel Labs released Zephyr-2, a language model.\n\n| Benchmark | Zephyr-2 | GPT-4 "
      "|\n|---|---|---|\n| MMLU | 93.5 | 93.7 |\n| "
      "GSM8K | 63.0 | -- |\n");
  CHECK(Has(triples, "evaluated_on(Technique:Zephyr-2, Dataset:MMLU)"));
  CHECK(Has(triples, "evaluated_on(Technique:GPT-4, Dataset:MMLU)"));
  CHECK(Has(triples, "evaluated_on(Technique:Zephyr-2, Dataset:GSM8K)"));
  // No score, no evaluation.
  CHECK_FALSE(Has(triples, "evaluated_on(Technique:GPT-4, Dataset:GSM8K)"));
  // Models down the side work too.
  triples = TripleStrings(
      "Kestrel Labs released Zephyr-2, a language model.\n\nModel      MMLU   GSM8K\nGPT-4      "
      "86.4   92.0\nZephyr-2   80.1   75.0\n");
  CHECK(Has(triples, "evaluated_on(Technique:Zephyr-2, Dataset:GSM8K)"));
}

TEST_CASE("a leaderboard of records credits each row's developer and benchmark scores") {
  auto triples = TripleStrings(
      "The standings follow.\n\n| Rank | Model | Developer | HumanEval (%) | Licence |\n"
      "|---:|---|---|---:|---|\n| 1 | Zephyr-2 | Kestrel Labs | 77.2 | open |\n"
      "| 2 | GPT-4 | OpenAI | -- | closed |\n");
  CHECK(Has(triples, "developed(Organization:Kestrel Labs, Technique:Zephyr-2)"));
  CHECK(Has(triples, "developed(Organization:OpenAI, Technique:GPT-4)"));
  CHECK(Has(triples, "evaluated_on(Technique:Zephyr-2, Dataset:HumanEval)"));
  // No score, no evaluation; a table with no model column says nothing.
  CHECK_FALSE(Has(triples, "evaluated_on(Technique:GPT-4, Dataset:HumanEval)"));
  CHECK(TripleStrings("| Rank | Product | Vendor | HumanEval |\n| 1 | Zephyr-2 | Kestrel Labs | 70 "
                      "|\n| 2 | GPT-4 | OpenAI | 80 |\n")
            .empty());
}

TEST_CASE("'the company' in a later sentence is the earlier sentence's subject") {
  auto triples = TripleStrings(
      "Harbor Robotics raised money from investors including Microsoft and Nvidia. The company is "
      "building a humanoid robot called FalconWing.");
  CHECK(Has(triples, "developed(Organization:Harbor Robotics, Technique:FalconWing)"));
  CHECK_FALSE(Has(triples, "developed(Organization:Nvidia, Technique:FalconWing)"));
  // A sentence about who invested names no subject for it.
  for (const char* investors : {"Backers included Andreessen Horowitz and Sequoia Capital.",
                                "The round was led by Sequoia Capital, with participation from "
                                "Andreessen Horowitz."}) {
    CAPTURE(investors);
    triples = TripleStrings(std::string("Harbor Robotics raised $60 million this week. ") +
                            investors + " The company is building a robot called FalconWing.");
    CHECK(Has(triples, "developed(Organization:Harbor Robotics, Technique:FalconWing)"));
    CHECK_FALSE(Has(triples, "developed(Organization:Sequoia Capital, Technique:FalconWing)"));
  }
  // A company whose name starts lowercase is still one.
  triples = TripleStrings(
      "xAI raised $6 billion this week. The company is building a chatbot called FalconWing.");
  CHECK(Has(triples, "developed(Organization:xAI, Technique:FalconWing)"));
}

TEST_CASE("'the decoder' is a part of the article's model: what it is or uses, the model uses") {
  auto triples = TripleStrings(
      "Kestrel Labs released Quillfeather-2, a speech model. The speech encoder is a Harrier-7B "
      "model. The decoder uses multi-query attention. The text encoder from CLIP is frozen.");
  CHECK(Has(triples, "uses(Technique:Quillfeather-2, Technique:Harrier-7B)"));
  CHECK(Has(triples, "uses(Technique:Quillfeather-2, Technique:multi-query attention)"));
  CHECK_FALSE(Has(triples, "based_on(Technique:Quillfeather-2, Technique:Harrier-7B)"));
  CHECK_FALSE(Has(triples, "uses(Technique:Quillfeather-2, Technique:CLIP)"));
}

TEST_CASE("an unknown name two rules read differently takes the reading kept first") {
  // The affiliation reads an organization where the location rule guessed a
  // person; the location rule's slot takes either, so both triples stay.
  auto triples = TripleStrings(
      "\"It is early,\" said Ruth Okonjo, an analyst at Dublin-based Harrowgate Equity.");
  CHECK(Has(triples, "affiliated_with(Person:Ruth Okonjo, Organization:Harrowgate Equity)"));
  CHECK(Has(triples, "located_in(Organization:Harrowgate Equity, Location:Dublin)"));
}

TEST_CASE("a parameter count in billions makes an unknown name a model") {
  auto triples =
      TripleStrings("Kestrel Labs's Quillgen-16B-Mono, released in 2022, scored 29 percent.");
  CHECK(Has(triples, "developed(Organization:Kestrel Labs, Technique:Quillgen-16B-Mono)"));
  // Millions count data as often as parameters ("LVD-142M"): no type from them.
  auto data = TripleStrings("The team trained Quillnet on Wren-142M, a curated image collection.");
  CHECK_FALSE(Has(data, "based_on(Technique:Quillnet, Technique:Wren-142M)"));
}

TEST_CASE("'the model' after a sentence whose subject was 'It' is that subject") {
  auto triples = TripleStrings(
      "Kestrel Labs released Quill-9. It outperformed Wren-7B on MMLU. The model uses "
      "grouped-query attention.");
  CHECK(Has(triples, "uses(Technique:Quill-9, Technique:grouped-query attention)"));
  CHECK_FALSE(Has(triples, "uses(Technique:Wren-7B, Technique:grouped-query attention)"));
}

TEST_CASE("'the nonprofit research group EleutherAI' names its own referent") {
  auto triples = TripleStrings(
      "Kestrel Labs raised money. In April it released Quill-9, a fine-tuned version of Wren-7B, "
      "an open model from the nonprofit research group Harbor Robotics.");
  CHECK_FALSE(Has(triples, "developed(Organization:Kestrel Labs, Technique:Wren-7B)"));
}

TEST_CASE(
    "a reimplementation of a technique, or building it into something, is not developing it") {
  auto triples =
      TripleStrings("Kestrel Labs engineers released a PyTorch reimplementation of the model.");
  CHECK_FALSE(Has(triples, "developed(Organization:Kestrel Labs, Technique:PyTorch)"));
  triples =
      TripleStrings("Kestrel Labs has built Quill-9 and Wren-7 into the AI service of its cloud.");
  CHECK_FALSE(Has(triples, "developed(Organization:Kestrel Labs, Technique:Wren-7)"));
  CHECK_FALSE(Has(triples, "developed(Organization:Kestrel Labs, Technique:Quill-9)"));
  triples =
      TripleStrings("Harbor Robotics will integrate Kestrel Labs's Quill-9B into its assistant.");
  CHECK(Has(triples, "developed(Organization:Kestrel Labs, Technique:Quill-9B)"));
}

TEST_CASE("a name inside a relative clause is not the subject of the verb after the clause") {
  auto triples = TripleStrings(
      "Kestrel Labs released Zephyr-2 in May. The 7-billion-parameter model, which uses "
      "grouped-query attention, outperformed Harrier-13B on every benchmark.");
  CHECK(Has(triples, "outperforms(Technique:Zephyr-2, Technique:Harrier-13B)"));
  CHECK_FALSE(
      Has(triples, "outperforms(Technique:grouped-query attention, Technique:Harrier-13B)"));
  auto named = TripleStrings(
      "Their best model family, which they name Zephyr, outperforms Harrier-13B on MMLU.");
  CHECK(Has(named, "outperforms(Technique:Zephyr, Technique:Harrier-13B)"));
}

TEST_CASE("a bare surname after the full name in the same sentence is that person") {
  auto triples = TripleStrings(
      "Its authors include Maria Lopez and Tom Becker; Lopez is also a professor at Northfield "
      "University, and Becker is at Kestrel Labs.");
  CHECK(Has(triples, "affiliated_with(Person:Maria Lopez, Organization:Northfield University)"));
  CHECK(Has(triples, "affiliated_with(Person:Tom Becker, Organization:Kestrel Labs)"));
}

TEST_CASE("rolling out its own model is no use of it; using a library it built is") {
  auto triples = TripleStrings("OpenAI is rolling out GPT-4o to all users.");
  CHECK(Has(triples, "developed(Organization:OpenAI, Technique:GPT-4o)"));
  CHECK_FALSE(Has(triples, "uses(Organization:OpenAI, Technique:GPT-4o)"));
}

TEST_CASE("'the company' after a founding is the company just founded") {
  auto triples = TripleStrings(
      "Kestrel Labs hired Dana Okafor. Kestrel Labs sells chips. Okafor later started Harbor "
      "Robotics. Her co-founders are Tom Becker, a former Kestrel Labs engineer, and Ana Ruiz. "
      "The company has offices in Oslo.");
  CHECK(Has(triples, "located_in(Organization:Harbor Robotics, Location:Oslo)"));
  CHECK_FALSE(Has(triples, "located_in(Organization:Kestrel Labs, Location:Oslo)"));
}

TEST_CASE("a heading that names a company starts a section about it") {
  auto triples = TripleStrings(
      "Kestrel Labs released Zephyr-2. Kestrel Labs also sells chips.\n\n"
      "SALESFORCE BETS ON SPEECH\n\n"
      "Analysts praised the launch. The San Francisco company released Harrier, a speech model.");
  CHECK(Has(triples, "developed(Organization:Salesforce, Technique:Harrier)"));
  CHECK_FALSE(Has(triples, "developed(Organization:Kestrel Labs, Technique:Harrier)"));
}

TEST_CASE("'the Paris startup' is the company named before, located in Paris") {
  auto triples = TripleStrings(
      "Kestrel Labs raised money. The Paris startup also released Zephyr-2, a language model.");
  CHECK(Has(triples, "developed(Organization:Kestrel Labs, Technique:Zephyr-2)"));
  CHECK(Has(triples, "located_in(Organization:Kestrel Labs, Location:Paris)"));
}

TEST_CASE("'the new video model' is the model the article is about, not the one named last") {
  auto triples = TripleStrings(
      "OpenAI introduced Sora, a video generator, and compared it with Gen-2. The new video model "
      "is based on a diffusion transformer.");
  CHECK(Has(triples, "based_on(Technique:Sora, Technique:diffusion transformer)"));
  CHECK_FALSE(Has(triples, "based_on(Technique:Gen-2, Technique:diffusion transformer)"));
}

TEST_CASE("'the cloud data company' is 'the company'; an apposition or 'the same company' is not") {
  auto triples = TripleStrings(
      "Kestrel Labs sells data tools. On Wednesday the cloud data company released Zephyr-2, a "
      "language model.");
  CHECK(Has(triples, "developed(Organization:Kestrel Labs, Technique:Zephyr-2)"));
  triples = TripleStrings(
      "Kestrel Labs sells data tools. On Wednesday the same data company released Zephyr-2, a "
      "language model.");
  CHECK_FALSE(Has(triples, "developed(Organization:Kestrel Labs, Technique:Zephyr-2)"));
}

TEST_CASE("'the university' is a university, never a company") {
  auto triples = TripleStrings(
      "Dana Okafor, a Northfield University professor who co-founded Kestrel Labs, advises the "
      "project from the university's Harbor Lab.");
  CHECK_FALSE(Has(triples, "part_of(Organization:Harbor Lab, Organization:Kestrel Labs)"));
  CHECK(Has(triples, "part_of(Organization:Harbor Lab, Organization:Northfield University)"));
}

TEST_CASE("'the company' is the article's company, not a university or a past employer") {
  auto triples = TripleStrings(
      "Harbor Robotics raised $1 billion. Harbor Robotics will hire. Dana Okafor, its chief "
      "scientist, was a researcher at DeepMind and studied at the University of Oxford. The "
      "company's chatbot, FalconWing, launched in May.");
  CHECK(Has(triples, "developed(Organization:Harbor Robotics, Technique:FalconWing)"));
  CHECK_FALSE(Has(triples, "developed(Organization:DeepMind, Technique:FalconWing)"));
  CHECK_FALSE(Has(triples, "developed(Organization:University of Oxford, Technique:FalconWing)"));
}

TEST_CASE("'It' doing what models do is the model an organization's sentence named") {
  auto triples = TripleStrings(
      "Last week the Kestrel Labs group posted Llama 3, an update of its earlier system. It "
      "outperformed SimCLR with small batches.");
  CHECK(Has(triples, "outperforms(Technique:Llama 3, Technique:SimCLR)"));
}

TEST_CASE("an apposition's head noun types a name, past adjectives joined by 'and'") {
  CHECK(EntitiesOf("Zephyr-2 also topped LogicKor, a Korean reasoning and writing benchmark.") ==
        "Zephyr-2/Technique, LogicKor/Dataset");
}

TEST_CASE("a name typed by its context keeps its type where it recurs") {
  // "the model" is the subject of the sentence before, Arcturus, not the H100.
  auto triples = TripleStrings(
      "Snowflake unveiled Arcturus, an open-source model. Arcturus was trained using Nvidia H100 "
      "GPUs. The model uses a transformer.");
  CHECK(Has(triples, "uses(Technique:Arcturus, Technique:transformer)"));
  CHECK_FALSE(Has(triples, "uses(Technique:H100, Technique:transformer)"));
}

TEST_CASE("a model named after its company goes by its last word later") {
  // "Arctic" alone is also a region in the gazetteer; "Arctic Embed" stays itself.
  auto triples = TripleStrings(
      "Kestrel Labs released Kestrel Arctic, an open model, and Arctic Embed. Arctic was trained "
      "with DeepSpeed.");
  CHECK(Has(triples, "uses(Technique:Kestrel Arctic, Technique:DeepSpeed)"));
  CHECK(Has(triples, "developed(Organization:Kestrel Labs, Technique:Arctic Embed)"));
}

TEST_CASE("', and it' starts a clause about the sentence's subject") {
  auto triples = TripleStrings(
      "Llama 3 outperformed H2O and StreamingLLM on LongBench, and it beat SnapKV on RULER.");
  CHECK(Has(triples, "outperforms(Technique:Llama 3, Technique:SnapKV)"));
  triples = TripleStrings("Veo builds on Imagen Video and Lumiere, and it uses PyTorch.");
  CHECK(Has(triples, "uses(Technique:Veo, Technique:PyTorch)"));
  CHECK_FALSE(Has(triples, "uses(Technique:Lumiere, Technique:PyTorch)"));
}

TEST_CASE("a sentence opening with 'It' continues the previous subject") {
  auto triples = TripleStrings(
      "Gemini answers questions about images better than GPT-4. It was trained on LAION-5B.");
  CHECK(Has(triples, "trained_on(Technique:Gemini, Dataset:LAION-5B)"));
  CHECK(TripleStrings("Gemini answers questions. It is raining in Paris.").empty());
}

TEST_CASE("'It' skips a sentence that opens with a reference to find the subject") {
  auto triples = TripleStrings(
      "NimbusNet is a speech model from Harbor Labs. The company said it runs on phones. It was "
      "evaluated on HarborSpeech and FLEURS.");
  CHECK(Has(triples, "evaluated_on(Technique:NimbusNet, Dataset:HarborSpeech)"));
  CHECK(Has(triples, "evaluated_on(Technique:NimbusNet, Dataset:FLEURS)"));
}

TEST_CASE("'their model' and 'the team's approach' are the model last said to be developed") {
  auto triples = TripleStrings(
      "Dana Okafor and colleagues at Kestrel Labs proposed Zephyr-2, a grasping system. Their "
      "model scored 78 percent on RLBench, outperforming R3M, a method from Meta. It also beat "
      "MVP. The team\u2019s approach uses PyTorch.");
  CHECK(Has(triples, "evaluated_on(Technique:Zephyr-2, Dataset:RLBench)"));
  // The aside about Meta's R3M does not change what the article is about.
  CHECK(Has(triples, "outperforms(Technique:Zephyr-2, Technique:MVP)"));
  CHECK(Has(triples, "uses(Technique:Zephyr-2, Technique:PyTorch)"));
  // Without a development said before, "their model" is nobody's.
  CHECK(TripleStrings("Their model scored 78 percent on RLBench.").empty());
  // Nor is it the model of a newsletter's story before the headline.
  triples = TripleStrings(
      "Dana Okafor and colleagues at Kestrel Labs proposed Zephyr-2, a grasping system.\n\n"
      "Harbor Robotics Raises New Funds\n\nThe team's approach uses PyTorch.");
  CHECK_FALSE(Has(triples, "uses(Technique:Zephyr-2, Technique:PyTorch)"));
  // A section heading of two words goes on about the same model.
  triples = TripleStrings(
      "Dana Okafor and colleagues at Kestrel Labs proposed Zephyr-2, a grasping system.\n\n"
      "Training Procedure\n\nThe team's approach uses PyTorch.");
  CHECK(Has(triples, "uses(Technique:Zephyr-2, Technique:PyTorch)"));
}

TEST_CASE("a model named less often does not take over the article's topic") {
  auto triples = TripleStrings(
      "Kestrel Labs released Zephyr-2, a training library. Zephyr-2 is popular. Kestrel Labs "
      "used the library to train Nimbus-7, a language model. The new version includes three "
      "updates:\n  \xE2\x80\xA2 PyTorch Lightning support cuts code.");
  CHECK(Has(triples, "developed(Organization:Kestrel Labs, Technique:Nimbus-7)"));
  CHECK(Has(triples, "uses(Technique:Zephyr-2, Technique:PyTorch Lightning)"));
  CHECK_FALSE(Has(triples, "uses(Technique:Nimbus-7, Technique:PyTorch Lightning)"));
}

TEST_CASE("'it' after a verb done to models is the model named before") {
  auto triples = TripleStrings(
      "The authors started from Zephyr-2, a translation model. They fine-tuned it on HarborQA and "
      "tested it on FLEURS.");
  CHECK(Has(triples, "trained_on(Technique:Zephyr-2, Dataset:HarborQA)"));
  CHECK(Has(triples, "evaluated_on(Technique:Zephyr-2, Dataset:FLEURS)"));
  triples = TripleStrings(
      "The authors took Zephyr-2, a translation model, and fine-tuned it on HarborQA.");
  CHECK(Has(triples, "trained_on(Technique:Zephyr-2, Dataset:HarborQA)"));
}

TEST_CASE("bullets that open with a name are parts of the technique that introduced them") {
  auto triples = TripleStrings(
      "Kestrel Labs released Zephyr-2, a training library. The new version includes three "
      "updates:\n\n  \xE2\x80\xA2 PyTorch Lightning support cuts code. It is faster.\n  - "
      "Sparse Attention handles long inputs.\n  * A planner, FlashAttention, and more.\n\n"
      "Ruth Adeyemi said TensorFlow users wait.\n  - LoRA is next.");
  CHECK(Has(triples, "uses(Technique:Zephyr-2, Technique:PyTorch Lightning)"));
  CHECK(Has(triples, "uses(Technique:Zephyr-2, Technique:sparse attention)"));
  // A bullet that does not open with the name, and bullets after the list
  // ended, are not parts.
  CHECK_FALSE(Has(triples, "uses(Technique:Zephyr-2, Technique:FlashAttention)"));
  CHECK_FALSE(Has(triples, "uses(Technique:Zephyr-2, Technique:LoRA)"));
  // Without a verb that introduces parts, a colon starts no list.
  triples = TripleStrings("Zephyr-2, a library, in numbers:\n  - PyTorch Lightning support.");
  CHECK_FALSE(Has(triples, "uses(Technique:Zephyr-2, Technique:PyTorch Lightning)"));
}

TEST_CASE("'it' after an opening time phrase continues the subject before") {
  auto triples = TripleStrings(
      "Kestrel Labs sells data tools. In April it released Zephyr-2, a language model.");
  CHECK(Has(triples, "developed(Organization:Kestrel Labs, Technique:Zephyr-2)"));
  // A name in the sentence before that is not its subject is not "it".
  triples = TripleStrings(
      "Kestrel Labs was founded by Dana Okafor. The two previously worked together at Northfield "
      "Robotics. In May it released Zephyr-2, a language model.");
  CHECK_FALSE(Has(triples, "developed(Organization:Northfield Robotics, Technique:Zephyr-2)"));
}

TEST_CASE("'a model it released': 'it' doing what developers do is the sentence's organization") {
  auto triples = TripleStrings(
      "Kestrel Labs devised GRPO to train Zephyr-2, a math model it released in 2024.");
  CHECK(Has(triples, "developed(Organization:Kestrel Labs, Technique:Zephyr-2)"));
}

TEST_CASE("after a colon 'it' is the sentence's subject") {
  auto triples = TripleStrings(
      "Kestrel Labs released Zephyr-2, a language model. Zephyr-2 departs from its sibling: it "
      "uses PyTorch.");
  CHECK(Has(triples, "uses(Technique:Zephyr-2, Technique:PyTorch)"));
}

TEST_CASE("after a semicolon 'it' is the model named last before it") {
  auto triples = TripleStrings(
      "Dana Okafor led a group that built Zephyr-2, a translation system; it was trained on "
      "HarborQA.");
  CHECK(Has(triples, "trained_on(Technique:Zephyr-2, Dataset:HarborQA)"));
  // A model opening the sentence as its subject goes on past the semicolon.
  triples = TripleStrings(
      "Kestrel Labs built the Zephyr-2 model. Zephyr-2 extends the Quill-9 model with a mask "
      "branch; it was evaluated on the HarborQA benchmark.");
  CHECK(Has(triples, "evaluated_on(Technique:Zephyr-2, Dataset:HarborQA)"));
  CHECK_FALSE(Has(triples, "evaluated_on(Technique:Quill-9, Dataset:HarborQA)"));
}

TEST_CASE("the rules read a sentence again without the appositions after its opening name") {
  // Two appositions: no rule reads past both to the verb.
  auto triples = TripleStrings(
      "Kestrel Labs built the Zephyr-2 model. Zephyr-2, released by Kestrel Labs in May, a "
      "lab in Oslo, is a Quill-9 model further trained on HarborQA.");
  CHECK(Has(triples, "based_on(Technique:Zephyr-2, Technique:Quill-9)"));
  // A verb after a participial apposition and a coordinated verb phrase.
  triples = TripleStrings(
      "Kestrel Labs built the Zephyr-2 model. Zephyr-2, developed by Kestrel Labs in 2021, "
      "keeps the Quill-9 tokenizer, and outperforms Quill-9 on HarborQA.");
  CHECK(Has(triples, "outperforms(Technique:Zephyr-2, Technique:Quill-9)"));
  // "and" after the apposition opens no verb of the opening name.
  triples = TripleStrings(
      "Kestrel Labs built the Zephyr-2 model. Zephyr-2, developed by Kestrel Labs, and Quill-9 "
      "outperform Lumen-3 on HarborQA.");
  CHECK_FALSE(Has(triples, "outperforms(Technique:Zephyr-2, Technique:Lumen-3)"));
}

TEST_CASE("'she' and 'he' are the person the sentences before were about") {
  auto triples = TripleStrings(
      "Dana Okafor studied physics in Lagos. In 2019 she joined DeepMind as a researcher.");
  CHECK(Has(triples, "affiliated_with(Person:Dana Okafor, Organization:DeepMind)"));
  // A person named before the pronoun in its own sentence: no guess.
  triples = TripleStrings(
      "Dana Okafor studied physics in Lagos. Ruth Adeyemi said he joined DeepMind last year.");
  CHECK_FALSE(Has(triples, "affiliated_with(Person:Dana Okafor, Organization:DeepMind)"));
}

TEST_CASE("'we' is the organization an article's byline speaks for") {
  auto triples = TripleStrings(
      "Zephyr-2: faster answers\nPosted by Dana Okafor for the Harbor Labs team\n\nToday we're "
      "releasing Zephyr-2, our first open model.");
  CHECK(Has(triples, "developed(Organization:Harbor Labs, Technique:Zephyr-2)"));
  // Without a byline "we" is nobody in particular.
  CHECK(TripleStrings("Today we're releasing Zephyr-2, our first open model.").empty());
}

TEST_CASE("names in brackets after an organization are its other names") {
  CHECK(EntitiesOf("The Harbor Institute of Science and Technology (Instytut Harborski, HIST) "
                   "released Zephyr-2. HIST said more would follow.") ==
        "Harbor Institute of Science and Technology/Organization, Zephyr-2/Technique");
  Article article;
  article.id = "t";
  article.text = "The Harbor Institute of Science and Technology (Instytut Harborski, HIST) grew.";
  std::vector<EntityMention> entities = Builtin().Extract(article).entities;
  REQUIRE(entities.size() == 1);
  CHECK(entities[0].aliases == std::vector<std::string>{"Instytut Harborski", "HIST"});
  // A person's brackets hold an affiliation, not another name.
  CHECK(EntitiesOf("Dana Okafor (Kestrel Labs) spoke.") ==
        "Dana Okafor/Person, Kestrel Labs/Organization");
  // "and" joins only a field word after "of": two organizations stay two.
  CHECK(EntitiesOf("The University of Toronto and Google signed.") ==
        "University of Toronto/Organization, Google/Organization");
}

TEST_CASE("'the authors' are every person the sentence before names") {
  auto triples = TripleStrings(
      "Authors: Dana Okafor and Ruth Adeyemi (Northfield University); Tom Becker (Kestrel "
      "Labs)\nThe authors propose Zephyr-2, a retrieval model.");
  for (const char* person : {"Dana Okafor", "Ruth Adeyemi", "Tom Becker"}) {
    CAPTURE(person);
    CHECK(Has(triples, std::string("developed(Person:") + person + ", Technique:Zephyr-2)"));
  }
}

TEST_CASE("'the 8B model' is the model of that size named last") {
  auto triples = TripleStrings(
      "Harbor Labs released Zephyr-8B, a smaller model distilled from Zephyr-70B. The 8B model "
      "scored 72 percent on MMLU.");
  CHECK(Has(triples, "evaluated_on(Technique:Zephyr-8B, Dataset:MMLU)"));
  CHECK_FALSE(Has(triples, "evaluated_on(Technique:Zephyr-70B, Dataset:MMLU)"));
}

TEST_CASE("a leaderboard row 'T (O)' names the developer; a name with a digit is no person") {
  auto triples = TripleStrings("Top models\n\n1. Zephyr-4.5 (OpenAI) — 1,329 Elo (±6)\n");
  CHECK(Has(triples, "developed(Organization:OpenAI, Technique:Zephyr-4.5)"));
  CHECK(std::none_of(triples.begin(), triples.end(), [](const std::string& t) {
    return t.find("affiliated_with") != std::string::npos;
  }));
}

TEST_CASE("a model size alone is no name") {
  auto triples = TripleStrings("The 8B model scored 72 percent on MMLU, better than Gemma 2 9B.");
  CHECK(std::none_of(triples.begin(), triples.end(),
                     [](const std::string& t) { return t.find(":8B") != std::string::npos; }));
  CHECK(EntitiesOf("Zephyr-2 is pretrained on over 15T tokens.") == "Zephyr-2/Technique");
  // A size with a variant word after a hyphen still continues a known model.
  CHECK(EntitiesOf("Gemma 7B-it beat Gemma 2B-Instruct.") ==
        "Gemma 7B-it/Technique, Gemma 2B-Instruct/Technique");
}

TEST_CASE("an 'X-based' word is a place of its own, not part of the next name") {
  auto triples = TripleStrings("Tokyo-based Sakana AI released a new model.");
  CHECK(Has(triples, "located_in(Organization:Sakana AI, Location:Tokyo)"));
}

TEST_CASE("a colon inside a name keeps the name whole; a colon before a space or digit does not") {
  auto triples = TripleStrings("Nvidia agreed to acquire Run:ai, a Tel Aviv-based startup.");
  CHECK(Has(triples, "part_of(Organization:Run:ai, Organization:Nvidia)"));
  CHECK(Has(triples, "located_in(Organization:Run:ai, Location:Tel Aviv)"));
  const std::unordered_set<std::string> none;
  std::vector<Token> tokens = Tokenize("Results: Nvidia met at 10:30 in Run:ai's lab.", 0, none);
  std::vector<std::string> words;
  for (const Token& t : tokens) words.push_back(t.lower);
  CHECK(std::count(words.begin(), words.end(), "results") == 1);
  CHECK(std::count(words.begin(), words.end(), "10") == 1);
  CHECK(std::count(words.begin(), words.end(), "run:ai") == 1);
}

TEST_CASE("a one-letter word ending the sentence leaves the period to the sentence") {
  const std::unordered_set<std::string> none;
  auto words = [&](const std::string& text) {
    std::vector<std::string> out;
    for (const Token& t : Tokenize(text, 0, none)) out.push_back(t.lower);
    return out;
  };
  CHECK(words("It was trained on posts from X.") ==
        std::vector<std::string>{"it", "was", "trained", "on", "posts", "from", "x", "."});
  CHECK(words("John F. Kennedy") == std::vector<std::string>{"john", "f.", "kennedy"});
  CHECK(words("It opened in the U.S.").back() == "u.s.");
}

TEST_CASE("an apposition types a new name by its head noun, the last of the run") {
  auto triples = TripleStrings("Kestrel, a vector database startup based in Oslo, raised money.");
  CHECK(Has(triples, "located_in(Organization:Kestrel, Location:Oslo)"));
  triples = TripleStrings("Kestrel Labs released Harborset, a speech dataset of 900 hours.");
  CHECK(std::none_of(triples.begin(), triples.end(), [](const std::string& t) {
    return t.find("Organization:Harborset") != std::string::npos;
  }));
  // Capitalized words inside the run ("a San Francisco startup") do not end it;
  // a determiner does ("a large language model the company trained").
  triples = TripleStrings("Cognition, a San Francisco startup led by Scott Wu, unveiled Devin.");
  CHECK(Has(triples, "affiliated_with(Person:Scott Wu, Organization:Cognition)"));
  triples = TripleStrings(
      "Kestrel Chat is powered by Zephyr-2, a large language model the firm trained.");
  CHECK(Has(triples, "uses(Technique:Kestrel Chat, Technique:Zephyr-2)"));
  // After a possessive the head starts afresh: "the company's chatbot" is a chatbot.
  CHECK(EntitiesOf("Harbor Chat, the company's chatbot, runs on Gemini Pro.") ==
        "Harbor Chat/Technique, Gemini Pro/Technique");
}

TEST_CASE("'AI' starts an organization's name before a cue word; a title's words are no name") {
  auto triples = TripleStrings("The model was tested by Japan's AI Safety Institute.");
  CHECK(Has(triples, "located_in(Organization:AI Safety Institute, Location:Japan)"));
  triples = TripleStrings(
      "\"It works,\" said Dr. Dana Okafor, Chief Medical Officer of Northfield Health.");
  CHECK(Has(triples, "affiliated_with(Person:Dana Okafor, Organization:Northfield Health)"));
  CHECK(std::none_of(triples.begin(), triples.end(),
                     [](const std::string& t) { return t.find("Medical") != std::string::npos; }));
}

TEST_CASE("a variant or size after a known model names a model of its own") {
  auto triples =
      TripleStrings("NimbusNet beat GPT-4o mini and Gemini 1.5 Pro on the HarborQA benchmark.");
  CHECK(Has(triples, "outperforms(Technique:NimbusNet, Technique:GPT-4o mini)"));
  CHECK(Has(triples, "outperforms(Technique:NimbusNet, Technique:Gemini 1.5 Pro)"));
  triples = TripleStrings("Meta trained Llama 2 7B on public data, not GPT-4 large datasets.");
  CHECK(Has(triples, "developed(Organization:Meta, Technique:Llama 2 7B)"));
  // A lab's name and a size word name one of its models.
  triples = TripleStrings("NimbusNet beat Mistral Large on the HarborQA benchmark.");
  CHECK(Has(triples, "outperforms(Technique:NimbusNet, Technique:Mistral Large)"));
  // A bare version number: "Claude Opus 4", but not a quantity after a model.
  triples = TripleStrings("NimbusNet overtook Claude Opus 4 this week.");
  CHECK(Has(triples, "outperforms(Technique:NimbusNet, Technique:Claude Opus 4)"));
  triples = TripleStrings("NimbusNet ran faster than GPT-4 3 times in a row.");
  CHECK(Has(triples, "outperforms(Technique:NimbusNet, Technique:GPT-4)"));
  // "v2", "v5p": a version after a known model.
  triples = TripleStrings("NimbusNet beat MoCo v2 and DALL-E v5p on the HarborQA benchmark.");
  CHECK(Has(triples, "outperforms(Technique:NimbusNet, Technique:MoCo v2)"));
  CHECK(Has(triples, "outperforms(Technique:NimbusNet, Technique:DALL-E v5p)"));
  // A benchmark's edition by its year is a benchmark of its own.
  triples = TripleStrings("NimbusNet scored 61 percent on AIME 2024 and beat GPT-4 on DAVIS 2017.");
  CHECK(Has(triples, "evaluated_on(Technique:NimbusNet, Dataset:DAVIS 2017)"));
  // A named subset of a known benchmark is a benchmark of its own.
  triples = TripleStrings("NimbusNet scored 61 percent on GPQA Diamond and BIG-Bench Hard.");
  CHECK(Has(triples, "evaluated_on(Technique:NimbusNet, Dataset:GPQA Diamond)"));
  CHECK(Has(triples, "evaluated_on(Technique:NimbusNet, Dataset:BIG-Bench Hard)"));
  // One hyphenated word: a known model, then sizes or variants.
  triples = TripleStrings("Alibaba's Qwen2-72B and Meta's Llama-3-70B-Instruct are open.");
  CHECK(Has(triples, "developed(Organization:Alibaba, Technique:Qwen2-72B)"));
  CHECK(Has(triples, "developed(Organization:Meta, Technique:Llama-3-70B-Instruct)"));
}

TEST_CASE("lowercase model names with a digit inside are names; short ones are not") {
  auto triples = TripleStrings("Kestrel Labs proposed data2vec, a self-supervised method.");
  CHECK(Has(triples, "developed(Organization:Kestrel Labs, Technique:data2vec)"));
  triples = TripleStrings("Kestrel Labs proposed b2b pricing and mp3 players.");
  CHECK(triples.empty());
  // Hyphens may join the letters and digits: "gpt-4o-transcribe".
  triples = TripleStrings("Kestrel Labs released kestrel-2-transcribe, a speech model.");
  CHECK(Has(triples, "developed(Organization:Kestrel Labs, Technique:kestrel-2-transcribe)"));
  triples = TripleStrings("Kestrel Labs fought covid-19 and won a top-5 spot.");
  CHECK(triples.empty());
}

TEST_CASE("an unknown name before '-owned' is an organization, before '-based' a place") {
  auto triples = TripleStrings("Zephyr-2 comes from the Brennerco-owned Kestrel Labs.");
  CHECK(Has(triples, "part_of(Organization:Kestrel Labs, Organization:Brennerco)"));
  triples = TripleStrings("Kestrel Labs, a Tromsøya-based startup, released Zephyr-2.");
  CHECK(Has(triples, "located_in(Organization:Kestrel Labs, Location:Tromsøya)"));
  // A prefix with a digit names a model.
  triples = TripleStrings("It surpassed Zephyr-2, a Harbor-121-based model for X-rays.");
  CHECK(Has(triples, "based_on(Technique:Zephyr-2, Technique:Harbor-121)"));
}

TEST_CASE("'&' between capitalized words joins one name") {
  CHECK(EntitiesOf("Today LexisNexis Legal & Professional is using Claude 2.") ==
        "LexisNexis Legal & Professional/Organization, Claude 2/Technique");
}

TEST_CASE("a known name after 'ex-' is a name of its own") {
  CHECK(EntitiesOf("Johnny Ho, an ex-Quora engineer, spoke.") ==
        "Johnny Ho/Person, Quora/Organization");
}

TEST_CASE("chips are no entities, and no name shape makes one of their words") {
  CHECK(EntitiesOf("Zephyr-2 was trained on 2,048 Nvidia H800 GPUs and Google's TPU v4.") ==
        "Zephyr-2/Technique, Nvidia/Organization, Google/Organization");
  CHECK(TripleStrings("Nvidia's H100 outperformed Intel's Gaudi2 on MLPerf.").empty());
  CHECK(TripleStrings("Kestrel Labs unveiled Blackwell Ultra, a chip for training.").empty());
}

TEST_CASE("'the company' with no company named lately is the article's most-named one") {
  // Kestrel-2 and Kestrel-3 are named after Kestrel Labs and count as naming
  // it, so Kestrel Labs outweighs Harbor AI.
  auto triples = TripleStrings(
      "Kestrel Labs released Kestrel-2, a model for code. Kestrel-2 beat the price of Harbor "
      "AI's Zephyr-2. Kestrel-3 is a mixture-of-experts model. The team trained it for weeks. "
      "They used Lumen Descent, an optimizer the company introduced last year.");
  CHECK(Has(triples, "developed(Organization:Kestrel Labs, Technique:Lumen Descent)"));
  // A source is no participant: the sentence's subject stays the model.
  triples = TripleStrings(
      "Kestrel Labs released Kestrel-2. According to the company, Kestrel-2 outperformed "
      "Zephyr-2 on HumanEval.");
  CHECK(Has(triples, "outperforms(Technique:Kestrel-2, Technique:Zephyr-2)"));
}

TEST_CASE("a term after 'a' is an instance: what it was trained on is not the technique's") {
  auto triples = TripleStrings("It was a convolutional neural network trained on ImageNet.");
  CHECK_FALSE(Has(triples, "trained_on(Technique:convolutional neural network, Dataset:ImageNet)"));
  triples = TripleStrings("The convolutional neural network was trained on ImageNet.");
  CHECK(Has(triples, "trained_on(Technique:convolutional neural network, Dataset:ImageNet)"));
}

TEST_CASE("a known model goes by its variant word later; a score is no part of a name") {
  auto triples = TripleStrings(
      "Anthropic released Claude 3 Haiku and Claude 3 Opus. Opus scored 86.8 percent on MMLU "
      "and Haiku 75.2 percent.");
  CHECK(Has(triples, "evaluated_on(Technique:Claude 3 Opus, Dataset:MMLU)"));
  CHECK(Has(triples, "evaluated_on(Technique:Claude 3 Haiku, Dataset:MMLU)"));
  CHECK(std::none_of(triples.begin(), triples.end(),
                     [](const std::string& t) { return t.find("75.2") != std::string::npos; }));
}

TEST_CASE("what the authors used, the article's technique uses") {
  auto triples = TripleStrings(
      "Dana Okafor and colleagues at Kestrel University present Zephyr-2, a world model. For the "
      "dynamics model, they used a convolutional LSTM. To train the system, the authors used the "
      "same iterative procedure as SimPLe.");
  CHECK(Has(triples, "uses(Technique:Zephyr-2, Technique:convolutional LSTM)"));
  CHECK_FALSE(Has(triples, "uses(Technique:Zephyr-2, Technique:SimPLe)"));
  // A training step's plain list: every item.
  triples = TripleStrings(
      "Dana Okafor and colleagues at Kestrel University present Zephyr-2, a world model. "
      "Fine-tuning used dropout, batch normalization and the Adam optimizer.");
  CHECK(Has(triples, "uses(Technique:Zephyr-2, Technique:dropout)"));
  CHECK(Has(triples, "uses(Technique:Zephyr-2, Technique:batch normalization)"));
  // The model a purpose names uses it; what a recipe was applied to is not used.
  triples = TripleStrings(
      "Dana Okafor and colleagues at Kestrel University present Zephyr-2, a world model. To "
      "build Zephyr-2 Mini, the team applied knowledge distillation. Then the team applied the "
      "recipe to Mistral 7B.");
  CHECK(Has(triples, "uses(Technique:Zephyr-2 Mini, Technique:knowledge distillation)"));
  CHECK_FALSE(Has(triples, "uses(Technique:Zephyr-2, Technique:knowledge distillation)"));
  CHECK_FALSE(Has(triples, "uses(Technique:Zephyr-2, Technique:Mistral 7B)"));
}

TEST_CASE("a name inside a relative clause is not the subject of what follows it") {
  auto triples = TripleStrings(
      "Vicuna, which is based on Meta's Llama 2, was trained on the Open X-Embodiment dataset.");
  CHECK(Has(triples, "trained_on(Technique:Vicuna, Dataset:Open X-Embodiment)"));
  CHECK_FALSE(Has(triples, "trained_on(Technique:Llama 2, Dataset:Open X-Embodiment)"));
  triples =
      TripleStrings("Kestrel Labs, whose chief executive is Dana Okafor, has released Zephyr-2.");
  CHECK(Has(triples, "developed(Organization:Kestrel Labs, Technique:Zephyr-2)"));
  CHECK_FALSE(Has(triples, "developed(Person:Dana Okafor, Technique:Zephyr-2)"));
  // What a kind is based on, its named instance is based on.
  triples = TripleStrings("Zephyr-2 is a diffusion model based on RoseTTAFold.");
  CHECK(Has(triples, "based_on(Technique:Zephyr-2, Technique:RoseTTAFold)"));
}

TEST_CASE("the owner an apposition names did not do what follows it") {
  auto triples = TripleStrings(
      "Harbor Labs and Kestrel Labs, both subsidiaries of Alphabet, unveiled Zephyr-2, a model.");
  CHECK(Has(triples, "developed(Organization:Kestrel Labs, Technique:Zephyr-2)"));
  CHECK_FALSE(Has(triples, "developed(Organization:Alphabet, Technique:Zephyr-2)"));
  // An owner named after a phrase that names nobody: no developer at all.
  triples = TripleStrings(
      "The London-based group, a division of Alphabet, introduced Zephyr-2, a robotics model.");
  CHECK_FALSE(Has(triples, "developed(Organization:Alphabet, Technique:Zephyr-2)"));
}

TEST_CASE("a name after a preposition that opens a sentence is no subject for 'it'") {
  auto triples = TripleStrings(
      "Kestrel Labs released Zephyr-2 on Monday. Applied to GPT-3, Zephyr-2 cut memory use by "
      "two thirds. It achieved 73.4 percent accuracy on WikiSQL.");
  CHECK(Has(triples, "evaluated_on(Technique:Zephyr-2, Dataset:WikiSQL)"));
  CHECK_FALSE(Has(triples, "evaluated_on(Technique:GPT-3, Dataset:WikiSQL)"));
}

TEST_CASE("'it' after an opening phrase set off by a comma continues the subject before") {
  auto triples = TripleStrings(
      "Kestrel Labs released Zephyr-2, a small model. On MMLU, it outperformed Google's Gemma 7B "
      "(63.6 percent).");
  CHECK(Has(triples, "outperforms(Technique:Zephyr-2, Technique:Gemma 7B)"));
  // A long opening phrase, up to 20 words.
  triples = TripleStrings(
      "Kestrel Labs released Zephyr-2, a small model. On TruthfulQA, a data set that checks "
      "whether a model repeats popular misconceptions, it beat the original GPT-3 by far.");
  CHECK(Has(triples, "outperforms(Technique:Zephyr-2, Technique:GPT-3)"));
  // Not when the opening phrase names a model itself.
  triples = TripleStrings(
      "Kestrel Labs released Zephyr-2, a small model. On MMLU, like GPT-4, it outperformed Gemma "
      "7B.");
  CHECK_FALSE(Has(triples, "outperforms(Technique:Zephyr-2, Technique:Gemma 7B)"));
}

TEST_CASE("a phrase in apposition with a name refers to that name, not to one named earlier") {
  // "the company" after "01.AI," is the apposition the rules read, not Zhipu AI.
  auto triples = TripleStrings(
      "Zhipu AI expanded its GLM-4 lineup. 01.AI, the company founded by investor Kai-Fu Lee, "
      "launched Yi-Lightning.");
  CHECK(Has(triples, "affiliated_with(Person:Kai-Fu Lee, Organization:01.AI)"));
  CHECK_FALSE(Has(triples, "affiliated_with(Person:Kai-Fu Lee, Organization:Zhipu AI)"));
  CHECK_FALSE(Has(triples, "developed(Organization:Zhipu AI, Technique:Yi-Lightning)"));
  // "the resulting model, Tulu-3," is named by the name after it.
  triples = TripleStrings(
      "Kestrel Labs released Zephyr-2. When we applied the recipe to Llama 3, the resulting "
      "model, Tulu-3, outperformed DeepSeek-V3.");
  CHECK(Has(triples, "outperforms(Technique:Tulu-3, Technique:DeepSeek-V3)"));
  CHECK_FALSE(Has(triples, "outperforms(Technique:Zephyr-2, Technique:DeepSeek-V3)"));
}

TEST_CASE("'the institute' is an organization whose name says institute, if one was named") {
  auto triples = TripleStrings(
      "The Kestrel Safety Institute is part of the Department for Science, Innovation and "
      "Technology. In May the institute open-sourced Zephyr-2, a framework for evaluations.");
  CHECK(Has(triples, "developed(Organization:Kestrel Safety Institute, Technique:Zephyr-2)"));
  CHECK_FALSE(Has(triples,
                  "developed(Organization:Department for Science, Innovation and Technology, "
                  "Technique:Zephyr-2)"));
}

TEST_CASE("a byline's department word is no part of the organization that speaks") {
  auto triples = TripleStrings(
      "Ten years of open research\nPosted by the Ai2 Communications Team | 8 min read\n\nIn 2024 "
      "we released "
      "Zephyr-2, a language model.");
  CHECK(Has(triples, "developed(Organization:Allen Institute for AI, Technique:Zephyr-2)"));
}

TEST_CASE("a masthead, a title or a byline names the organization that speaks as 'we'") {
  // The masthead's department word goes: "OpenAI Research" speaks for OpenAI.
  auto triples = TripleStrings(
      "OpenAI Research | Release\n\nIntroducing Zephyr-2\n\nToday we are releasing Zephyr-2, "
      "a speech model.");
  CHECK(Has(triples, "developed(Organization:OpenAI, Technique:Zephyr-2)"));
  triples = TripleStrings(
      "Introducing Zephyr-2 | Cohere\n\nToday we are releasing Zephyr-2, a speech model.");
  CHECK(Has(triples, "developed(Organization:Cohere, Technique:Zephyr-2)"));
  triples = TripleStrings(
      "*By the Zephyr team at Cohere, with colleagues at Mila - July 2021*\n\nToday we are "
      "releasing Zephyr-2, a speech model.");
  CHECK(Has(triples, "developed(Organization:Cohere, Technique:Zephyr-2)"));
  CHECK_FALSE(Has(triples, "developed(Organization:Mila, Technique:Zephyr-2)"));
  // A lab in the gazetteer keeps its own name.
  triples = TripleStrings(
      "Microsoft Research | Blog\n\nToday we are releasing Zephyr-2, a speech model.");
  CHECK(Has(triples, "developed(Organization:Microsoft Research, Technique:Zephyr-2)"));
  // The people a byline names work for the publisher.
  triples = TripleStrings(
      "Cohere Research | Release\n\nSeptember 2022 - Posted by Dana Okafor, on behalf of the "
      "Zephyr team\n\nToday we are releasing Zephyr-2.");
  CHECK(Has(triples, "affiliated_with(Person:Dana Okafor, Organization:Cohere)"));
  // An organization named further into a line speaks for no one.
  triples = TripleStrings(
      "Zephyr-2 beats rivals, analysts at Cohere say\n\nToday we are releasing Zephyr-2.");
  CHECK_FALSE(Has(triples, "developed(Organization:Cohere, Technique:Zephyr-2)"));
}

TEST_CASE("a known model's version joined to a variant by a hyphen names the variant") {
  auto triples = TripleStrings("Meta also released Llama 2-Chat, a fine-tuned version of Llama 2.");
  CHECK(Has(triples, "developed(Organization:Meta, Technique:Llama 2-Chat)"));
  CHECK_FALSE(Has(triples, "developed(Organization:Meta, Technique:Llama)"));
  // A lowercase word after the hyphen describes: "Llama 2-based" is Llama 2.
  triples = TripleStrings("Meta released Llama 2-based tools in July.");
  CHECK_FALSE(Has(triples, "developed(Organization:Meta, Technique:Llama 2-based)"));
}

TEST_CASE("bullets of results after a line that names the model score that model") {
  auto triples = TripleStrings(
      "Kestrel Labs released Zephyr-2.\n\nZephyr-2 versus GPT-4, per the table:\n\n- MMLU: 86.8% "
      "vs 86.4%\n- 95.0% on GSM8K\n- Claude 3 Opus scored 90.1% on HumanEval\n\nThe team "
      "also tested Quill-9.\n\n- 50.2% on MATH");
  CHECK(Has(triples, "evaluated_on(Technique:Zephyr-2, Dataset:MMLU)"));
  CHECK(Has(triples, "evaluated_on(Technique:GPT-4, Dataset:MMLU)"));
  CHECK(Has(triples, "evaluated_on(Technique:Zephyr-2, Dataset:GSM8K)"));
  // A bullet that opens with a model speaks of that model.
  CHECK(Has(triples, "evaluated_on(Technique:Claude 3 Opus, Dataset:HumanEval)"));
  CHECK_FALSE(Has(triples, "evaluated_on(Technique:Zephyr-2, Dataset:HumanEval)"));
  // A paragraph in between ends the results: its line names no lead.
  CHECK_FALSE(Has(triples, "evaluated_on(Technique:Zephyr-2, Dataset:MATH)"));
  CHECK_FALSE(Has(triples, "evaluated_on(Technique:GPT-4, Dataset:MATH)"));
  // Bullets that open with a verb speak of the model the line before named.
  triples = TripleStrings(
      "Zephyr-2 is a 7-billion-parameter model that:\n\n- outperforms GPT-4 on all the "
      "benchmarks we tested;\n- uses grouped-query attention for faster inference.");
  CHECK(Has(triples, "outperforms(Technique:Zephyr-2, Technique:GPT-4)"));
  CHECK(Has(triples, "uses(Technique:Zephyr-2, Technique:grouped-query attention)"));
}

TEST_CASE("an entity goes by the fullest name the article writes for it") {
  // The title's "Segment Anything" gives way to the text's fuller name.
  auto triples = TripleStrings(
      "Introducing Segment Anything | Meta AI\n\nToday we are releasing the Segment Anything "
      "Model (SAM), a promptable model. SAM was trained on SA-1B.");
  CHECK(Has(triples, "trained_on(Technique:Segment Anything Model, Dataset:SA-1B)"));
  CHECK_FALSE(Has(triples, "trained_on(Technique:Segment Anything, Dataset:SA-1B)"));
}

TEST_CASE("'the Paris-based company' is not one the article placed elsewhere") {
  auto triples = TripleStrings(
      "Kestrel Labs invested in Cedarbrook AI, the San Francisco-based startup behind Zephyr-2. "
      "Cedarbrook AI released Zephyr-2 in May. The Seattle-based company did not disclose "
      "terms.");
  CHECK(Has(triples, "located_in(Organization:Cedarbrook AI, Location:San Francisco)"));
  CHECK(Has(triples, "located_in(Organization:Kestrel Labs, Location:Seattle)"));
  CHECK_FALSE(Has(triples, "located_in(Organization:Cedarbrook AI, Location:Seattle)"));
}

TEST_CASE("a name implies its parent only where it starts with the parent's own name") {
  auto triples = TripleStrings("Researchers at Apollo Research and Google Research met.");
  CHECK(Has(triples, "part_of(Organization:Google Research, Organization:Google)"));
  CHECK(std::none_of(triples.begin(), triples.end(), [](const std::string& t) {
    return t.find("part_of(Organization:Apollo Research") != std::string::npos;
  }));
  // A rule that said so already is not repeated under the parent's short name.
  triples = TripleStrings("Alibaba Cloud, the cloud arm of Alibaba Group, released Qwen2.5.");
  CHECK(Has(triples, "part_of(Organization:Alibaba Cloud, Organization:Alibaba Group)"));
  CHECK_FALSE(Has(triples, "part_of(Organization:Alibaba Cloud, Organization:Alibaba)"));
}

TEST_CASE("a field word before an organization's cue word continues its name") {
  auto triples = TripleStrings("Tsinghua's Knowledge Engineering Group released ChatGLM-6B.");
  CHECK(Has(triples, "developed(Organization:Knowledge Engineering Group, Technique:ChatGLM-6B)"));
}

TEST_CASE("'X-based' reaches a name after a business noun, not one after a verb") {
  auto triples = TripleStrings(
      "Cognition AI grew in 2024, when the San Francisco-based startup unveiled Devin, a coding "
      "agent.");
  CHECK_FALSE(Has(triples, "located_in(Organization:Devin, Location:San Francisco)"));
  triples = TripleStrings("The London-based AI startup Wayve raised money.");
  CHECK(Has(triples, "located_in(Organization:Wayve, Location:London)"));
}

TEST_CASE("'the Tokyo-based startup' refers to a company, and its place is where that is") {
  auto triples = TripleStrings(
      "Kestrel Labs grew fast in 2024, when the San Francisco-based startup unveiled Zephyr-2.");
  CHECK(Has(triples, "developed(Organization:Kestrel Labs, Technique:Zephyr-2)"));
  CHECK(Has(triples, "located_in(Organization:Kestrel Labs, Location:San Francisco)"));
  // A news agency in a dateline is no referent.
  triples = TripleStrings(
      "April 16 (Reuters) - Kestrel Labs said on Tuesday it would take a charge. Shares of the "
      "Lisbon-based chipmaker fell.");
  CHECK(Has(triples, "located_in(Organization:Kestrel Labs, Location:Lisbon)"));
  CHECK_FALSE(Has(triples, "located_in(Organization:Reuters, Location:Lisbon)"));
}

TEST_CASE("'he' after the one person a sentence names is that person") {
  auto triples = TripleStrings(
      "Kestrel's chief executive, Dana Okafor, co-wrote the paper while he was an intern at "
      "Google Brain.");
  CHECK(Has(triples, "affiliated_with(Person:Dana Okafor, Organization:Google Brain)"));
  // Not when the sentence names two people before it.
  triples =
      TripleStrings("Dana Okafor thanked Tom Becker, who said he was an intern at Google Brain.");
  CHECK_FALSE(Has(triples, "affiliated_with(Person:Dana Okafor, Organization:Google Brain)"));
}

TEST_CASE("a lowercase term after 'a' is an instance: releasing one develops no technique") {
  auto triples = TripleStrings("Kestrel Labs Releases a Sparse Mixture-of-Experts Model");
  CHECK(std::none_of(triples.begin(), triples.end(), [](const std::string& t) {
    return t.starts_with("developed(Organization:Kestrel Labs");
  }));
  triples = TripleStrings("Kestrel Labs developed Zephyr-2 in 2023.");
  CHECK(Has(triples, "developed(Organization:Kestrel Labs, Technique:Zephyr-2)"));
}

TEST_CASE("'AI' after a place and before a lowercase noun names nothing; awards are no entities") {
  auto triples = TripleStrings(
      "Yoshua Bengio, the Turing Award winner who founded Mila, the Montreal AI institute, will "
      "chair a report.");
  CHECK(Has(triples, "located_in(Organization:Mila, Location:Montreal)"));
  CHECK(EntitiesOf("The Turing Award went to Zephyr-2's authors.") == "Zephyr-2/Technique");
}

TEST_CASE("a license is no mention of the organization it names") {
  CHECK(EntitiesOf("Kestrel-2 is free under the MIT license.") == "Kestrel-2/Technique");
}

TEST_CASE("a hyphenated model name keeps its patch size after a slash") {
  auto triples = TripleStrings("ViT-H/14, a larger variant, was pretrained on JFT-300M.");
  CHECK(Has(triples, "trained_on(Technique:ViT-H/14, Dataset:JFT-300M)"));
  auto words = [](std::string_view text) {
    std::vector<std::string> out;
    for (const Token& t : Tokenize(text, 0, {}))
      out.emplace_back(text.substr(t.begin, t.end - t.begin));
    return out;
  };
  CHECK(words("DiT-XL/2 runs") == std::vector<std::string>{"DiT-XL/2", "runs"});
  // No hyphen before the slash, or more than digits after it: separate words.
  CHECK(words("TCP/IP") == std::vector<std::string>{"TCP", "/", "IP"});
  CHECK(words("GPT-4/Claude") == std::vector<std::string>{"GPT-4", "/", "Claude"});
}

TEST_CASE("a lowercase word hyphenated to a capitalized one is an adjective, not a name") {
  auto triples =
      TripleStrings("Kestrel Labs, the San Francisco data-and-AI company, raised money.");
  CHECK(Has(triples, "located_in(Organization:Kestrel Labs, Location:San Francisco)"));
  CHECK(EntitiesOf("Zephyr-2 scored 79.0 on the Spider text-to-SQL benchmark.") ==
        "Zephyr-2/Technique, Spider/Dataset");
}

TEST_CASE("language names, alone or joined by hyphens, are no names") {
  CHECK(EntitiesOf("Zephyr-2, an Arabic-English language model built by Kestrel Labs, speaks "
                   "Swahili.") == "Zephyr-2/Technique, Kestrel Labs/Organization");
}

TEST_CASE("an organization cue word alone is no name") {
  auto triples = TripleStrings(
      "Geoffrey Hinton, a University Professor Emeritus in the University of Toronto's "
      "Department of Computer Science, won.");
  CHECK_FALSE(Has(triples, "affiliated_with(Person:Geoffrey Hinton, Organization:University)"));
}

TEST_CASE("a cue word after an organization suffix continues the name") {
  auto triples = TripleStrings("Zephyr-2 was built by Snowflake AI Research in Bellevue.");
  CHECK(Has(triples, "developed(Organization:Snowflake AI Research, Technique:Zephyr-2)"));
}

TEST_CASE("surname particles belong to a person's name") {
  auto triples = TripleStrings("Aaron van den Oord and colleagues at DeepMind proposed WaveNet.");
  CHECK(Has(triples, "affiliated_with(Person:Aaron van den Oord, Organization:DeepMind)"));
  // Not after an organization's cue: "University of" stays the place's name.
  triples = TripleStrings("Dana Okafor joined the Universidad de Chile last year.");
  CHECK(Has(triples, "affiliated_with(Person:Dana Okafor, Organization:Universidad de Chile)"));
}

// Tokenize() reads ASCII words on a path of their own: the same flags and
// lowercase forms as the path for other words.
TEST_CASE("ASCII words and other words are classified alike") {
  const std::unordered_set<std::string> abbreviations = {"inc."};
  auto flags = [&](const std::string& text) {
    std::vector<std::string> out;
    for (const Token& t : Tokenize(text, 0, abbreviations)) {
      out.push_back(t.lower + (t.word ? " w" : "") + (t.cap ? " cap" : "") +
                    (t.inner_cap ? " inner" : "") + (t.all_caps ? " caps" : "") +
                    (t.digit ? " digit" : ""));
    }
    return out;
  };
  CHECK(flags("OpenAI GPT-4o NASA x 7B Acme Inc. U.S.") ==
        std::vector<std::string>{"openai w cap inner", "gpt-4o w cap inner digit",
                                 "nasa w cap inner caps", "x w", "7b w inner digit", "acme w cap",
                                 "inc. w cap", "u.s. w cap inner caps"});
  CHECK(flags("Éric ÉCOLE naïve Ü2 éA") ==
        std::vector<std::string>{"éric w cap", "école w cap inner caps", "naïve w",
                                 "ü2 w cap digit", "éa w inner"});
}

// Recognition reads a token's hyphen, name shape and hash from the token,
// set once by Tokenize(), where each reading once worked them out anew.
TEST_CASE("a token carries its hyphen, its name shape and its hash") {
  const std::unordered_set<std::string> none;
  WordSet held;
  held.insert("gpt-4");
  held.insert("the");
  auto shapes = [&](const std::string& text) {
    std::vector<std::string> out;
    for (const Token& t : Tokenize(text, 0, none)) {
      CHECK(t.hash == ShortHash(t.lower));
      CHECK(held.contains(t) == held.contains(t.lower));
      out.push_back(t.lower + (t.hyphen ? " hyphen" : "") + (t.name_shape ? " name" : ""));
    }
    return out;
  };
  CHECK(shapes("Tokyo-based data2vec b2b We're the GPT-4 ABC, iPhone École") ==
        std::vector<std::string>{"tokyo-based hyphen name", "data2vec name", "b2b", "we're", "the",
                                 "gpt-4 hyphen name", "abc name", ",", "iphone name",
                                 "école name"});
}

// Lines are read for cells eight bytes at a time: a gap, a tab or a "|"
// is found wherever it falls.
TEST_CASE("a score table is found wherever its separators fall in a line") {
  for (size_t offset = 0; offset < 17; ++offset) {
    CAPTURE(offset);
    std::string label(offset + 1, 'B');
    for (std::string_view gap : {"  ", "\t", " | "}) {
      std::string text = label + std::string(gap) + "Zephyr" + std::string(gap) + "Kestrel\n" +
                         "MMLU" + std::string(gap) + "80.1" + std::string(gap) + "90.2\n";
      std::vector<Table> tables = FindTables(text);
      REQUIRE(tables.size() == 1);
      CHECK(tables[0].header.cells.size() == 3);
      CHECK(tables[0].rows.size() == 1);
    }
  }
}

// LowerUtf8() lowers ASCII eight bytes at a time: every ASCII byte, at every
// offset, comes out as a byte at a time would.
TEST_CASE("lowercasing reads ASCII in blocks and other text by code point") {
  std::string ascii;
  for (int c = 1; c < 128; ++c) ascii += static_cast<char>(c);
  for (size_t offset = 0; offset < 9; ++offset) {
    std::string text = std::string(offset, 'Q') + ascii + "ÉCOLE Zürich";
    std::string expected;
    for (char c : std::string_view(text).substr(0, offset + ascii.size()))
      expected += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    CHECK(LowerUtf8(text) == expected + "école zürich");
  }
}

// The lexicon's word lists answer "no" from a hash bit for most words: never
// for a word they hold, of any length the hash reads in its own way.
TEST_CASE("a word list's filter keeps every word it holds") {
  WordSet set;
  WordMap<EntityType> map;
  std::vector<std::string> held, other;
  for (size_t length = 0; length <= 20; ++length) {
    held.push_back(std::string(length, 'a') + std::to_string(length));
    other.push_back(std::string(length, 'b') + "-" + std::to_string(length));
  }
  for (const std::string& w : held) {
    set.insert(w);
    map[w] = EntityType::kDataset;
  }
  for (const std::string& w : held) {
    CAPTURE(w);
    CHECK(set.count(w) == 1);
    CHECK((map.find(w) != map.end() && map.find(w)->second == EntityType::kDataset));
  }
  for (const std::string& w : other) {
    CAPTURE(w);
    CHECK(set.count(w) == 0);
    CHECK(map.find(w) == map.end());
  }
  HashFilter filter;
  for (const std::string& w : held) filter.Add(w);
  for (const std::string& w : held) CHECK(filter.MayContain(w));
}

TEST_CASE("a bad gazetteer line names the file and line") {
  Gazetteer g;
  Status s = g.AddFile("my.tsv", "Acme\tOrganization\n\nWidget\tGadget\n");
  CHECK(s.message() ==
        "my.tsv:3: unknown type \"Gadget\" (expected Person, Organization, Technique, Dataset, "
        "Location; or Hardware or NotEntity for names that are no entity)");
}

}  // namespace
}  // namespace kg::extract
