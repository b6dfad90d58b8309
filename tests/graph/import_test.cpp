// Specification of Import: `kg extract` JSON Lines in bulk.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <fstream>

#include "graph/graph.h"
#include "tests/graph/store_check.h"
#include "tests/graph/test_support.h"

namespace kg::graph {
namespace {

using testing::IdOf;
using testing::OutEdgeStrings;
using testing::StatsString;
using testing::TempDir;
using R = Relation;

std::string Line(const char* s, const char* st, const char* r, const char* o, const char* ot,
                 const char* doc, const char* sentence, double confidence = 0.9) {
  return fmt::format(
      R"({{"subject": {{"name": "{}", "type": "{}"}}, "relation": "{}", "object": {{"name": "{}", )"
      R"("type": "{}"}}, "doc": "{}", "date": "2021-03-04", "evidence": "{}", "confidence": {}}})",
      s, st, r, o, ot, doc, sentence, confidence);
}

std::filesystem::path WriteFile(const TempDir& dir, const std::string& name,
                                const std::vector<std::string>& lines) {
  auto path = dir.path() / name;
  std::ofstream out(path);
  for (const auto& l : lines) out << l << "\n";
  return path;
}

const std::vector<std::string> kLines = {
    Line("OpenAI", "Organization", "developed", "CLIP", "Technique", "a.txt", "OpenAI built CLIP."),
    Line("OpenAI", "Organization", "developed", "CLIP", "Technique", "a.txt", "OpenAI built CLIP."),
    "",
    R"({"entity": {"name": "CLIP", "type": "Technique"}, "doc": "a.txt"})",
    Line("CLIP", "Technique", "trained_on", "WIT", "Dataset", "b.txt", "CLIP was trained on WIT."),
    Line("OpenAI", "Organization", "developed", "CLIP", "Technique", "b.txt", "OpenAI made CLIP.",
         0.5),
};

TEST_CASE("import groups lines by document, skips blanks and entity lines, dedups repeats") {
  TempDir dir;
  auto store = testing::OpenStore(dir.path() / "db");
  auto file = WriteFile(dir, "triples.jsonl", kLines);
  auto stats = store->Import(std::span(&file, 1));
  REQUIRE_MESSAGE(stats.ok(), stats.status().message());
  CHECK(stats->lines == 6);
  CHECK(stats->triples == 4);
  CHECK(stats->skipped_lines == 2);
  CHECK(stats->documents == 2);
  // The repeated line in a.txt is one piece of evidence; b.txt adds weight.
  CHECK(OutEdgeStrings(*store, IdOf(*store, "OpenAI")) ==
        std::vector<std::string>{"developed(OpenAI -> CLIP) w=2 c=0.9 2021-03-04..2021-03-04"});
  CHECK(StatsString(*store) ==
        "entities=3 edges=2 evidence=3 documents=2 Organization=1 Technique=1 Dataset=1 "
        "developed=1 trained_on=1");
  auto docs = store->ListDocuments();
  REQUIRE(docs->size() == 2);
  CHECK((*docs)[0].id == "a.txt");
  CHECK((*docs)[0].source == file.string());
  CHECK((*docs)[0].triple_count == 1);
  CHECK((*docs)[1].triple_count == 2);
}

TEST_CASE("an imported store reads back after reopening") {
  TempDir dir;
  auto file = WriteFile(dir, "triples.jsonl", kLines);
  {
    auto store = testing::OpenStore(dir.path() / "db");
    REQUIRE(store->Import(std::span(&file, 1)).ok());
  }
  auto store = testing::OpenStore(dir.path() / "db");
  CHECK(StatsString(*store) ==
        "entities=3 edges=2 evidence=3 documents=2 Organization=1 Technique=1 Dataset=1 "
        "developed=1 trained_on=1");
  auto edge = store->OutEdges(IdOf(*store, "OpenAI"), R::kDeveloped);
  REQUIRE(edge->Valid());
  auto evidence = store->GetEvidence(edge->edge(), 0);
  REQUIRE(evidence->size() == 2);
  CHECK((*evidence)[0].doc == "a.txt");
  CHECK((*evidence)[1].sentence == "OpenAI made CLIP.");
}

TEST_CASE("importing the same file again changes nothing; a changed document is replaced") {
  TempDir dir;
  auto store = testing::OpenStore(dir.path() / "db");
  auto file = WriteFile(dir, "triples.jsonl", kLines);
  REQUIRE(store->Import(std::span(&file, 1)).ok());
  std::string before = StatsString(*store);
  REQUIRE(store->Import(std::span(&file, 1)).ok());
  CHECK(StatsString(*store) == before);
  auto changed = WriteFile(dir, "b.jsonl",
                           {Line("CLIP", "Technique", "evaluated_on", "ImageNet", "Dataset",
                                 "b.txt", "CLIP on ImageNet.")});
  REQUIRE(store->Import(std::span(&changed, 1)).ok());
  CHECK(StatsString(*store) ==
        "entities=3 edges=2 evidence=2 documents=2 Organization=1 Technique=1 Dataset=1 "
        "developed=1 evaluated_on=1");
  CHECK(OutEdgeStrings(*store, IdOf(*store, "OpenAI")) ==
        std::vector<std::string>{"developed(OpenAI -> CLIP) w=1 c=0.9 2021-03-04..2021-03-04"});
  CHECK_FALSE(store->FindEntity("WIT")->has_value());
}

TEST_CASE("a document whose lines are not contiguous imports as if they were") {
  const std::string a1 = Line("OpenAI", "Organization", "developed", "CLIP", "Technique", "a.txt",
                              "OpenAI built CLIP.");
  const std::string a2 =
      Line("CLIP", "Technique", "trained_on", "WIT", "Dataset", "a.txt", "CLIP used WIT.", 0.7);
  const std::string b1 = Line("Google", "Organization", "developed", "CLIP", "Technique", "b.txt",
                              "Google built CLIP too.", 0.6);
  TempDir dir;
  auto interleaved = WriteFile(dir, "interleaved.jsonl", {a1, b1, a2, a1});
  auto grouped = WriteFile(dir, "grouped.jsonl", {a1, a2, a1, b1});
  auto first = testing::OpenStore(dir.path() / "interleaved");
  auto second = testing::OpenStore(dir.path() / "grouped");
  REQUIRE(first->Import(std::span(&interleaved, 1)).ok());
  REQUIRE(second->Import(std::span(&grouped, 1)).ok());
  // a.txt's lines come in the same order in both files, so even its
  // content hash agrees; the repeated a1 is one piece of evidence.
  CHECK(testing::DumpStore(*first) == testing::DumpStore(*second));
  CHECK(testing::CheckConsistent(*first) == "");
  CHECK(StatsString(*first) ==
        "entities=4 edges=3 evidence=3 documents=2 Organization=2 Technique=1 Dataset=1 "
        "developed=2 trained_on=1");
}

TEST_CASE("a malformed line stops the import, naming file and line") {
  TempDir dir;
  auto store = testing::OpenStore(dir.path() / "db");
  auto file = WriteFile(dir, "bad.jsonl", {kLines[0], "", R"({"subject": 3})"});
  auto stats = store->Import(std::span(&file, 1));
  REQUIRE_FALSE(stats.ok());
  CHECK(stats.status().code() == Status::Code::kInvalidArgument);
  CHECK(stats.status().message().starts_with(file.string() + ":3: "));
  CHECK(store->Stats()->documents == 0);  // nothing was written
}

TEST_CASE("a missing import file is NotFound") {
  TempDir dir;
  auto store = testing::OpenStore(dir.path() / "db");
  std::filesystem::path file = dir.path() / "absent.jsonl";
  auto stats = store->Import(std::span(&file, 1));
  CHECK(stats.status().message() ==
        file.string() + ": cannot open the file; check the path and permissions");
}

}  // namespace
}  // namespace kg::graph
