// Specification of document lifecycle: idempotent ingest, replace, remove.
#include <doctest/doctest.h>

#include "graph/graph.h"
#include "tests/graph/test_support.h"

namespace kg::graph {
namespace {

using testing::IdOf;
using testing::MakeDoc;
using testing::MakeMention;
using testing::MakeTriple;
using testing::OutEdgeStrings;
using testing::StatsString;
using testing::TempDir;
using T = EntityType;
using R = Relation;

extract::Extraction GoogleDoc(const std::string& doc, const std::string& date) {
  extract::Extraction x;
  x.entities = {MakeMention("Google Brain", T::kOrganization, {"Brain team"}, 2)};
  x.triples = {
      MakeTriple("Google Brain", T::kOrganization, R::kDeveloped, "Transformer", T::kTechnique, doc,
                 "Google Brain developed the Transformer.", 0.9, date),
      MakeTriple("Google Brain", T::kOrganization, R::kPartOf, "Google", T::kOrganization, doc,
                 "Google Brain, a part of Google.", 0.6, date),
  };
  return x;
}

TEST_CASE("re-ingesting a document with the same hash changes nothing") {
  TempDir dir;
  auto store = testing::OpenStore(dir.path());
  REQUIRE(*store->IngestDocument(MakeDoc("d1", "h1"), GoogleDoc("d1", "2020-01-01")) ==
          IngestOutcome::kAdded);
  std::string before = StatsString(*store);
  auto again = store->IngestDocument(MakeDoc("d1", "h1"), GoogleDoc("d1", "2020-01-01"));
  REQUIRE(again.ok());
  CHECK(*again == IngestOutcome::kUnchanged);
  CHECK(StatsString(*store) == before);
  CHECK(store->FindEntity("Google Brain")->value().mentions == 2);
  CHECK(OutEdgeStrings(*store, IdOf(*store, "Google Brain"), R::kDeveloped) ==
        std::vector<std::string>{
            "developed(Google Brain -> Transformer) w=1 c=0.9 2020-01-01..2020-01-01"});
}

TEST_CASE("a changed document replaces its old triples") {
  TempDir dir;
  auto store = testing::OpenStore(dir.path());
  REQUIRE(store->IngestDocument(MakeDoc("d1", "h1"), GoogleDoc("d1", "2020-01-01")).ok());
  extract::Extraction changed;
  changed.triples = {MakeTriple("Google Brain", T::kOrganization, R::kDeveloped, "BERT",
                                T::kTechnique, "d1", "Google Brain developed BERT.", 0.7)};
  auto outcome = store->IngestDocument(MakeDoc("d1", "h2"), changed);
  REQUIRE(outcome.ok());
  CHECK(*outcome == IngestOutcome::kReplaced);
  CHECK(OutEdgeStrings(*store, IdOf(*store, "Google Brain")) ==
        std::vector<std::string>{"developed(Google Brain -> BERT) w=1 c=0.7"});
  CHECK_FALSE(store->FindEntity("Transformer")->has_value());
  CHECK_FALSE(store->FindEntity("Google")->has_value());
  CHECK_FALSE(store->FindEntity("Brain team")->has_value());  // its alias went with the mention
  CHECK(store->FindEntity("Google Brain")->value().mentions == 1);
  CHECK(store->FindEntity("Google Brain")->value().aliases.empty());
  CHECK(StatsString(*store) ==
        "entities=2 edges=1 evidence=1 documents=1 Organization=1 Technique=1 developed=1");
  auto docs = store->ListDocuments();
  REQUIRE(docs.ok());
  REQUIRE(docs->size() == 1);
  CHECK((*docs)[0].content_hash == "h2");
  CHECK((*docs)[0].triple_count == 1);
}

TEST_CASE("removing a document keeps edges another document supports") {
  TempDir dir;
  auto store = testing::OpenStore(dir.path());
  REQUIRE(store->IngestDocument(MakeDoc("d1"), GoogleDoc("d1", "2020-01-01")).ok());
  REQUIRE(store->IngestDocument(MakeDoc("d2"), GoogleDoc("d2", "2021-06-30")).ok());
  EntityId brain = IdOf(*store, "Google Brain");
  CHECK(OutEdgeStrings(*store, brain, R::kDeveloped) ==
        std::vector<std::string>{
            "developed(Google Brain -> Transformer) w=2 c=0.9 2020-01-01..2021-06-30"});
  REQUIRE(store->RemoveDocument("d1").ok());
  // The weight counts documents; the dates shrink to what is left.
  CHECK(OutEdgeStrings(*store, brain, R::kDeveloped) ==
        std::vector<std::string>{
            "developed(Google Brain -> Transformer) w=1 c=0.9 2021-06-30..2021-06-30"});
  CHECK(store->FindEntity("Google Brain")->value().mentions == 2);
  CHECK(IdOf(*store, "Brain team") == brain);
  CHECK(StatsString(*store) ==
        "entities=3 edges=2 evidence=2 documents=1 Organization=2 Technique=1 developed=1 "
        "part_of=1");
}

TEST_CASE("removing the last document deletes its edges, entities and names") {
  TempDir dir;
  auto store = testing::OpenStore(dir.path());
  REQUIRE(store->IngestDocument(MakeDoc("d1"), GoogleDoc("d1", "2020-01-01")).ok());
  extract::Extraction other;
  other.triples = {
      MakeTriple("DeepMind", T::kOrganization, R::kPartOf, "Google", T::kOrganization, "d2")};
  REQUIRE(store->IngestDocument(MakeDoc("d2"), other).ok());
  EntityId brain = IdOf(*store, "Google Brain");
  REQUIRE(store->RemoveDocument("d1").ok());
  CHECK_FALSE(store->FindEntity("Google Brain")->has_value());
  CHECK_FALSE(store->FindEntity("Brain team")->has_value());
  CHECK_FALSE(store->FindEntity("Transformer")->has_value());
  CHECK(store->GetEntity(brain).status().code() == Status::Code::kNotFound);
  CHECK(testing::InEdgeStrings(*store, IdOf(*store, "Google")) ==
        std::vector<std::string>{"part_of(DeepMind -> Google) w=1 c=0.8"});
  CHECK(StatsString(*store) ==
        "entities=2 edges=1 evidence=1 documents=1 Organization=2 part_of=1");
  CHECK(store->SuggestNames("Googl", 5) == std::vector<std::string>{"Google"});
  REQUIRE(store->RemoveDocument("d2").ok());
  CHECK(StatsString(*store) == "entities=0 edges=0 evidence=0 documents=0");
  CHECK(store->ListDocuments()->empty());
}

TEST_CASE("removing an unknown document is NotFound") {
  TempDir dir;
  auto store = testing::OpenStore(dir.path());
  Status s = store->RemoveDocument("nope.txt");
  CHECK(s.code() == Status::Code::kNotFound);
  CHECK(s.message() == "no document \"nope.txt\" is stored");
}

TEST_CASE("a document id must be printable") {
  TempDir dir;
  auto store = testing::OpenStore(dir.path());
  auto outcome = store->IngestDocument(MakeDoc(""), GoogleDoc("", ""));
  CHECK(outcome.status().message() ==
        "document id \"\" is empty or contains a NUL byte; give each document a printable id");
}

TEST_CASE("a document listing holds what was ingested") {
  TempDir dir;
  auto store = testing::OpenStore(dir.path());
  REQUIRE(store->IngestDocument(MakeDoc("b.txt", "hb", "2020-02-02"), GoogleDoc("b.txt", "")).ok());
  REQUIRE(store->IngestDocument(MakeDoc("a.txt", "ha"), GoogleDoc("a.txt", "")).ok());
  auto docs = store->ListDocuments();
  REQUIRE(docs.ok());
  REQUIRE(docs->size() == 2);
  CHECK((*docs)[0].id == "a.txt");
  CHECK((*docs)[1].id == "b.txt");
  CHECK((*docs)[1].source == "b.txt.txt");
  CHECK((*docs)[1].title == "Title of b.txt");
  CHECK((*docs)[1].date == "2020-02-02");
  CHECK((*docs)[1].triple_count == 2);
  CHECK((*docs)[1].ingest_time > 1600000000);
}

}  // namespace
}  // namespace kg::graph
