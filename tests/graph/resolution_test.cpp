// Specification of entity resolution: one node per real entity.
#include <doctest/doctest.h>

#include "graph/graph.h"
#include "tests/graph/test_support.h"

namespace kg::graph {
namespace {

using testing::IdOf;
using testing::MakeDoc;
using testing::MakeMention;
using testing::MakeTriple;
using testing::TempDir;
using T = EntityType;
using R = Relation;

TEST_CASE("case, diacritic, punctuation and leading-\"the\" variants are one entity") {
  TempDir dir;
  auto store = testing::OpenStore(dir.path());
  extract::Extraction x;
  x.triples = {
      MakeTriple("São Paulo University", T::kOrganization, R::kLocatedIn, "Brazil", T::kLocation,
                 "d1"),
      MakeTriple("the Sao Paulo university", T::kOrganization, R::kUses, "Transformer",
                 T::kTechnique, "d1"),
      MakeTriple("SAO-PAULO University", T::kOrganization, R::kUses, "the transformer",
                 T::kTechnique, "d1"),
  };
  REQUIRE(store->IngestDocument(MakeDoc("d1"), x).ok());
  EntityId id = IdOf(*store, "São Paulo University");
  CHECK(IdOf(*store, "sao paulo university") == id);
  CHECK(IdOf(*store, "The São-Paulo University!") == id);
  CHECK(IdOf(*store, "transformer") == IdOf(*store, "The Transformer"));
  CHECK(store->Stats()->entities == 3);
  // The first spelling seen is the canonical name.
  CHECK(store->GetEntity(id)->name == "São Paulo University");
  auto reasons = store->MergeReasons("the Sao Paulo university", "São Paulo University");
  REQUIRE(reasons.ok());
  CHECK(*reasons == std::vector<std::string>{
                        "\"the Sao Paulo university\" and \"São Paulo University\" have the same "
                        "normalized name \"sao paulo university\""});
}

TEST_CASE("an acronym defined in a document merges with its expansion, with the reason") {
  TempDir dir;
  auto store = testing::OpenStore(dir.path());
  extract::Extraction x;
  x.entities = {MakeMention("CLIP", T::kTechnique, {"Contrastive Language-Image Pretraining"})};
  x.triples = {MakeTriple("OpenAI", T::kOrganization, R::kDeveloped,
                          "Contrastive Language-Image Pretraining", T::kTechnique, "d1")};
  REQUIRE(store->IngestDocument(MakeDoc("d1"), x).ok());
  EntityId clip = IdOf(*store, "CLIP");
  CHECK(IdOf(*store, "contrastive language image pretraining") == clip);
  auto entity = store->GetEntity(clip);
  CHECK(entity->name == "CLIP");
  CHECK(entity->aliases == std::vector<std::string>{"Contrastive Language-Image Pretraining"});
  auto reasons = store->MergeReasons("CLIP", "Contrastive Language-Image Pretraining");
  REQUIRE(reasons.ok());
  CHECK(*reasons == std::vector<std::string>{"\"Contrastive Language-Image Pretraining\" is an "
                                             "alias of \"CLIP\" defined in document d1"});
  // A later document that names only the expansion finds the same entity.
  extract::Extraction later;
  later.triples = {MakeTriple("Contrastive Language-Image Pretraining", T::kTechnique,
                              R::kTrainedOn, "WIT", T::kDataset, "d2")};
  REQUIRE(store->IngestDocument(MakeDoc("d2"), later).ok());
  CHECK(store->Stats()->entities == 3);
  CHECK(testing::OutEdgeStrings(*store, clip) ==
        std::vector<std::string>{"trained_on(CLIP -> WIT) w=1 c=0.8"});
}

TEST_CASE("an alias that already names another entity does not merge the two") {
  TempDir dir;
  auto store = testing::OpenStore(dir.path());
  extract::Extraction first;
  first.triples = {MakeTriple("Adam", T::kTechnique, R::kBasedOn, "SGD", T::kTechnique, "d1")};
  first.entities = {MakeMention("AdaBelief", T::kTechnique)};
  REQUIRE(store->IngestDocument(MakeDoc("d1"), first).ok());
  extract::Extraction second;
  second.entities = {MakeMention("AdaBelief", T::kTechnique, {"SGD"})};
  REQUIRE(store->IngestDocument(MakeDoc("d2"), second).ok());
  CHECK(IdOf(*store, "AdaBelief") != IdOf(*store, "SGD"));
  CHECK(store->MergeReasons("AdaBelief", "SGD")->empty());
  CHECK(store->MergeReasons("AdaBelief", "Nope").status().message() == "no entity named \"Nope\"");
}

TEST_CASE("the type with the most evidence wins, whatever the order") {
  TempDir dir;
  auto store = testing::OpenStore(dir.path());
  auto ingest = [&](const std::string& doc, T type) {
    extract::Extraction x;
    x.entities = {MakeMention("Adam", type)};
    REQUIRE(store->IngestDocument(MakeDoc(doc), x).ok());
  };
  ingest("d1", T::kTechnique);
  ingest("d2", T::kTechnique);
  ingest("d3", T::kPerson);  // the last writer does not win
  CHECK(store->FindEntity("Adam")->value().type == T::kTechnique);
  CHECK(store->Stats()->entities_by_type[2].second == 1);  // Technique
  ingest("d4", T::kPerson);
  ingest("d5", T::kPerson);
  CHECK(store->FindEntity("Adam")->value().type == T::kPerson);
  CHECK(store->FindEntity("Adam")->value().mentions == 5);
  CHECK(store->Stats()->entities_by_type[0].second == 1);  // Person
  CHECK(store->Stats()->entities_by_type[2].second == 0);
}

TEST_CASE("suggestions: names sharing a prefix or a typo away, best first") {
  TempDir dir;
  auto store = testing::OpenStore(dir.path());
  extract::Extraction x;
  for (const char* name : {"OpenAI", "OpenAI Five", "Opera", "Google", "Oxford"}) {
    x.entities.push_back(MakeMention(name, T::kOrganization));
  }
  REQUIRE(store->IngestDocument(MakeDoc("d1"), x).ok());
  CHECK(store->SuggestNames("OpenAl", 3) == std::vector<std::string>{"OpenAI", "Opera"});
  CHECK(store->SuggestNames("open", 5) == std::vector<std::string>{"OpenAI", "OpenAI Five"});
  CHECK(store->SuggestNames("Gogle", 5) == std::vector<std::string>{"Google"});
  CHECK(store->SuggestNames("zzz", 5).empty());
  CHECK(store->SuggestNames("OpenAI", 1) == std::vector<std::string>{"OpenAI"});
}

}  // namespace
}  // namespace kg::graph
