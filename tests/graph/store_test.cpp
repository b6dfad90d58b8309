// Specification of the basic store: ingest one document, read it back.
#include <doctest/doctest.h>

#include "graph/graph.h"
#include "tests/graph/test_support.h"

namespace kg::graph {
namespace {

using testing::IdOf;
using testing::InEdgeStrings;
using testing::MakeDoc;
using testing::MakeMention;
using testing::MakeTriple;
using testing::OutEdgeStrings;
using testing::StatsString;
using testing::TempDir;
using T = EntityType;
using R = Relation;

extract::Extraction OpenAiDoc(const std::string& doc) {
  extract::Extraction x;
  x.triples = {
      MakeTriple("OpenAI", T::kOrganization, R::kDeveloped, "CLIP", T::kTechnique, doc,
                 "OpenAI developed CLIP.", 0.9, "2021-01-05"),
      MakeTriple("OpenAI", T::kOrganization, R::kDeveloped, "DALL·E", T::kTechnique, doc,
                 "OpenAI developed DALL·E.", 0.7, "2021-01-05"),
      MakeTriple("CLIP", T::kTechnique, R::kTrainedOn, "ImageNet", T::kDataset, doc,
                 "CLIP was trained on ImageNet.", 0.6, "2021-01-05"),
      MakeTriple("Ilya Sutskever", T::kPerson, R::kAffiliatedWith, "OpenAI", T::kOrganization, doc,
                 "Ilya Sutskever of OpenAI said.", 0.8, "2021-01-05"),
  };
  return x;
}

TEST_CASE("an ingested document reads back as entities, edges and evidence") {
  TempDir dir;
  auto store = testing::OpenStore(dir.path());
  auto outcome = store->IngestDocument(MakeDoc("d1"), OpenAiDoc("d1"));
  REQUIRE(outcome.ok());
  CHECK(*outcome == IngestOutcome::kAdded);

  auto openai = store->FindEntity("openai");
  REQUIRE(openai.ok());
  REQUIRE(openai->has_value());
  CHECK((*openai)->name == "OpenAI");
  CHECK((*openai)->type == T::kOrganization);
  CHECK((*openai)->mentions == 3);
  auto by_id = store->GetEntity((*openai)->id);
  REQUIRE(by_id.ok());
  CHECK(by_id->name == "OpenAI");

  // Out-edges come in key order: relation, then object id (creation order).
  CHECK(OutEdgeStrings(*store, IdOf(*store, "OpenAI")) ==
        std::vector<std::string>{"developed(OpenAI -> CLIP) w=1 c=0.9 2021-01-05..2021-01-05",
                                 "developed(OpenAI -> DALL·E) w=1 c=0.7 2021-01-05..2021-01-05"});
  CHECK(InEdgeStrings(*store, IdOf(*store, "OpenAI")) ==
        std::vector<std::string>{
            "affiliated_with(Ilya Sutskever -> OpenAI) w=1 c=0.8 2021-01-05..2021-01-05"});
  CHECK(InEdgeStrings(*store, IdOf(*store, "CLIP")) ==
        std::vector<std::string>{"developed(OpenAI -> CLIP) w=1 c=0.9 2021-01-05..2021-01-05"});
  CHECK(store->FindEntity("Nobody")->has_value() == false);
  CHECK(store->GetEntity(999).status().message() == "no entity with id 999");
}

TEST_CASE("the mention count of an entity is the triples that name it") {
  TempDir dir;
  auto store = testing::OpenStore(dir.path());
  REQUIRE(store->IngestDocument(MakeDoc("d1"), OpenAiDoc("d1")).ok());
  CHECK(store->FindEntity("OpenAI")->value().mentions == 3);
  CHECK(store->FindEntity("CLIP")->value().mentions == 2);
}

TEST_CASE("cursors stop at their prefix and filter by relation") {
  TempDir dir;
  auto store = testing::OpenStore(dir.path());
  REQUIRE(store->IngestDocument(MakeDoc("d1"), OpenAiDoc("d1")).ok());
  EntityId clip = IdOf(*store, "CLIP");
  // CLIP's out-edges do not run on into DALL·E's or ImageNet's keys.
  CHECK(OutEdgeStrings(*store, clip) ==
        std::vector<std::string>{"trained_on(CLIP -> ImageNet) w=1 c=0.6 2021-01-05..2021-01-05"});
  CHECK(OutEdgeStrings(*store, clip, R::kUses).empty());
  CHECK(OutEdgeStrings(*store, IdOf(*store, "OpenAI"), R::kAffiliatedWith).empty());
  CHECK(InEdgeStrings(*store, IdOf(*store, "OpenAI"), R::kAffiliatedWith).size() == 1);
  CHECK(OutEdgeStrings(*store, 12345).empty());
}

TEST_CASE("evidence keeps the sentence, spans, rule and date of each triple") {
  TempDir dir;
  auto store = testing::OpenStore(dir.path());
  REQUIRE(store->IngestDocument(MakeDoc("d1"), OpenAiDoc("d1")).ok());
  auto cursor = store->OutEdges(IdOf(*store, "OpenAI"), R::kDeveloped);
  REQUIRE(cursor->Valid());
  auto evidence = store->GetEvidence(cursor->edge(), 10);
  REQUIRE(evidence.ok());
  REQUIRE(evidence->size() == 1);
  const Evidence& e = (*evidence)[0];
  CHECK(e.doc == "d1");
  CHECK(e.sentence == "OpenAI developed CLIP.");
  CHECK(e.subject_span.begin == 0);
  CHECK(e.subject_span.end == 6);
  CHECK(e.object_span.begin == 1);
  CHECK(e.object_span.end == 5);
  CHECK(e.rule == "test_rule");
  CHECK(e.confidence == 0.9);
  CHECK(e.date == "2021-01-05");
}

TEST_CASE("whole-graph scans visit every entity and edge once") {
  TempDir dir;
  auto store = testing::OpenStore(dir.path());
  REQUIRE(store->IngestDocument(MakeDoc("d1"), OpenAiDoc("d1")).ok());
  std::vector<std::string> names;
  REQUIRE(store
              ->ForEachEntity([&](const Entity& e) {
                names.push_back(e.name);
                return Status::Ok();
              })
              .ok());
  CHECK(names ==
        std::vector<std::string>{"OpenAI", "CLIP", "DALL·E", "ImageNet", "Ilya Sutskever"});
  size_t edges = 0;
  REQUIRE(store
              ->ForEachEdge([&](const Edge&) {
                ++edges;
                return Status::Ok();
              })
              .ok());
  CHECK(edges == 4);
  Status stop = store->ForEachEdge([](const Edge&) { return Status::NotFound("stop here"); });
  CHECK(stop.message() == "stop here");
}

TEST_CASE("stats count entities by type and edges by relation") {
  TempDir dir;
  auto store = testing::OpenStore(dir.path());
  REQUIRE(store->IngestDocument(MakeDoc("d1"), OpenAiDoc("d1")).ok());
  CHECK(StatsString(*store) ==
        "entities=5 edges=4 evidence=4 documents=1 Person=1 Organization=1 Technique=2 "
        "Dataset=1 affiliated_with=1 developed=2 trained_on=1");
  CHECK(store->Stats()->bytes_on_disk > 0);
}

TEST_CASE("stats survive closing and reopening the store") {
  TempDir dir;
  {
    auto store = testing::OpenStore(dir.path());
    REQUIRE(store->IngestDocument(MakeDoc("d1"), OpenAiDoc("d1")).ok());
  }
  auto store = testing::OpenStore(dir.path());
  CHECK(StatsString(*store) ==
        "entities=5 edges=4 evidence=4 documents=1 Person=1 Organization=1 Technique=2 "
        "Dataset=1 affiliated_with=1 developed=2 trained_on=1");
  CHECK(store->FindEntity("dall e")->value().name == "DALL·E");
}

// The side-by-side scan must give what ForEachEdge plus GetEvidence give,
// edge by edge, with and without a row limit.
TEST_CASE("ForEachEdgeWithEvidence matches GetEvidence per edge") {
  TempDir dir;
  auto store = testing::OpenStore(dir.path());
  REQUIRE(store->IngestDocument(MakeDoc("d1"), OpenAiDoc("d1")).ok());
  extract::Extraction second;
  second.triples = {MakeTriple("OpenAI", T::kOrganization, R::kDeveloped, "CLIP", T::kTechnique,
                               "d0", "CLIP is OpenAI's.", 0.5, "2021-02-01"),
                    MakeTriple("OpenAI", T::kOrganization, R::kDeveloped, "CLIP", T::kTechnique,
                               "d0", "OpenAI built CLIP.", 0.5, "2021-02-01")};
  REQUIRE(store->IngestDocument(MakeDoc("d0", "h0"), second).ok());
  for (size_t limit : {size_t{0}, size_t{1}, size_t{2}}) {
    CAPTURE(limit);
    std::vector<std::string> expected, scanned;
    REQUIRE(store
                ->ForEachEdge([&](const Edge& edge) {
                  Result<std::vector<Evidence>> rows = store->GetEvidence(edge, limit);
                  REQUIRE(rows.ok());
                  std::string line = testing::EdgeToString(*store, edge);
                  for (const Evidence& e : *rows) line += " | " + e.doc + ": " + e.sentence;
                  expected.push_back(line);
                  return Status::Ok();
                })
                .ok());
    REQUIRE(store
                ->ForEachEdgeWithEvidence(limit,
                                          [&](const Edge& edge, std::span<const Evidence> rows) {
                                            std::string line = testing::EdgeToString(*store, edge);
                                            for (const Evidence& e : rows) {
                                              line += " | " + e.doc + ": " + e.sentence;
                                            }
                                            scanned.push_back(line);
                                            return Status::Ok();
                                          })
                .ok());
    CHECK(scanned == expected);
  }
  // The CLIP edge has three rows: d0's two, then d1's.
  std::vector<std::string> clip;
  REQUIRE(store
              ->ForEachEdgeWithEvidence(2,
                                        [&](const Edge& edge, std::span<const Evidence> rows) {
                                          if (edge.object == IdOf(*store, "CLIP")) {
                                            for (const Evidence& e : rows)
                                              clip.push_back(e.sentence);
                                          }
                                          return Status::Ok();
                                        })
              .ok());
  CHECK(clip == std::vector<std::string>{"CLIP is OpenAI's.", "OpenAI built CLIP."});
}

}  // namespace
}  // namespace kg::graph
