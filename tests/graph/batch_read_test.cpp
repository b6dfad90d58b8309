// Batched reads (GetEntities, GetEvidenceBatch) answer as the one-at-a-time
// reads do, and the entity records a read-only store keeps are never stale.
#include <doctest/doctest.h>

#include <string>
#include <vector>

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

extract::Extraction LabDoc(const std::string& doc) {
  extract::Extraction x;
  x.triples = {
      MakeTriple("OpenAI", T::kOrganization, R::kDeveloped, "CLIP", T::kTechnique, doc,
                 "OpenAI developed CLIP.", 0.9, "2021-01-05"),
      MakeTriple("OpenAI", T::kOrganization, R::kDeveloped, "CLIP", T::kTechnique, doc,
                 "CLIP is OpenAI's.", 0.7, "2021-01-05"),
      MakeTriple("OpenAI", T::kOrganization, R::kDeveloped, "CLIP", T::kTechnique, doc,
                 "OpenAI built CLIP.", 0.6, "2021-01-05"),
      MakeTriple("CLIP", T::kTechnique, R::kTrainedOn, "ImageNet", T::kDataset, doc,
                 "CLIP was trained on ImageNet.", 0.6, "2021-01-05"),
      MakeTriple("Ilya Sutskever", T::kPerson, R::kAffiliatedWith, "OpenAI", T::kOrganization, doc,
                 "Ilya Sutskever of OpenAI said.", 0.8),
  };
  return x;
}

std::vector<Edge> AllEdges(const Store& store) {
  std::vector<Edge> edges;
  REQUIRE(store
              .ForEachEdge([&](const Edge& e) {
                edges.push_back(e);
                return Status::Ok();
              })
              .ok());
  return edges;
}

std::string RowsText(const std::vector<Evidence>& rows) {
  std::string text;
  for (const Evidence& e : rows) text += e.doc + ": " + e.sentence + " [" + e.date + "] | ";
  return text;
}

std::string EntityText(const Entity& e) {
  std::string text = std::to_string(e.id) + " " + e.name + " " +
                     std::string(extract::ToString(e.type)) + " " + std::to_string(e.mentions);
  for (const std::string& alias : e.aliases) text += " aka " + alias;
  return text;
}

TEST_CASE("GetEvidenceBatch gives each edge, in the order asked, what GetEvidence gives") {
  TempDir dir;
  auto store = testing::OpenStore(dir.path());
  REQUIRE(store->IngestDocument(MakeDoc("d1"), LabDoc("d1")).ok());
  std::vector<Edge> edges = AllEdges(*store);
  REQUIRE(edges.size() == 3);
  // Out of key order, one edge twice, and an edge that is not stored.
  std::vector<Edge> asked = {edges[2], edges[0], edges[1], edges[0]};
  Edge unknown = edges[0];
  unknown.object = 999;
  asked.push_back(unknown);
  for (size_t limit : {size_t{0}, size_t{1}, size_t{2}}) {
    CAPTURE(limit);
    Result<std::vector<std::vector<Evidence>>> batch = store->GetEvidenceBatch(asked, limit);
    REQUIRE(batch.ok());
    REQUIRE(batch->size() == asked.size());
    for (size_t i = 0; i < asked.size(); ++i) {
      Result<std::vector<Evidence>> one = store->GetEvidence(asked[i], limit);
      REQUIRE(one.ok());
      CHECK(RowsText((*batch)[i]) == RowsText(*one));
    }
    CHECK((*batch)[4].empty());
  }
  Result<std::vector<std::vector<Evidence>>> none = store->GetEvidenceBatch({}, 2);
  REQUIRE(none.ok());
  CHECK(none->empty());
}

TEST_CASE("GetEntities gives each id, in the order asked, what GetEntity gives") {
  TempDir dir;
  auto store = testing::OpenStore(dir.path());
  REQUIRE(store->IngestDocument(MakeDoc("d1"), LabDoc("d1")).ok());
  const std::vector<EntityId> ids = {IdOf(*store, "ImageNet"), IdOf(*store, "OpenAI"),
                                     IdOf(*store, "CLIP"), IdOf(*store, "OpenAI")};
  auto check = [&](const Store& s) {
    Result<std::vector<Entity>> batch = s.GetEntities(ids);
    REQUIRE(batch.ok());
    REQUIRE(batch->size() == ids.size());
    for (size_t i = 0; i < ids.size(); ++i) {
      Result<Entity> one = s.GetEntity(ids[i]);
      REQUIRE(one.ok());
      CHECK(EntityText((*batch)[i]) == EntityText(*one));
    }
    const std::vector<EntityId> with_unknown = {ids[0], 999, ids[1]};
    Result<std::vector<Entity>> failed = s.GetEntities(with_unknown);
    CHECK(failed.status().code() == Status::Code::kNotFound);
    CHECK(failed.status().message() == "no entity with id 999");
    CHECK(s.GetEntity(999).status().message() == "no entity with id 999");
  };
  check(*store);
  store.reset();
  // A read-only store keeps the records it read: asked again, in batches
  // mixing kept and unread ids, the answers do not change.
  auto reader = Store::Open({.read_only = true}, dir.path());
  REQUIRE(reader.ok());
  check(**reader);
  check(**reader);
}

// A writable store changes under its own reads, so it must not answer from
// kept records; a read-only one sees the store as of its Open().
TEST_CASE("entity records are never stale") {
  TempDir dir;
  auto writer = testing::OpenStore(dir.path());
  REQUIRE(writer->IngestDocument(MakeDoc("d1"), LabDoc("d1")).ok());
  const EntityId clip = IdOf(*writer, "CLIP");
  auto before = Store::Open({.read_only = true}, dir.path());
  REQUIRE(before.ok());
  const std::string old_text = EntityText(*(*before)->GetEntity(clip));
  REQUIRE(EntityText(*writer->GetEntity(clip)) == old_text);

  // A second document calls CLIP a dataset three times and gives an alias.
  extract::Extraction more;
  more.triples = {MakeTriple("CLIP", T::kDataset, R::kPartOf, "ImageNet", T::kDataset, "d2",
                             "CLIP is part of ImageNet.", 0.5)};
  more.entities = {MakeMention("CLIP", T::kDataset, {"Contrastive Language-Image Pretraining"}, 3)};
  REQUIRE(writer->IngestDocument(MakeDoc("d2", "h2"), more).ok());

  const std::string new_text = EntityText(*writer->GetEntity(clip));
  CHECK(new_text != old_text);
  CHECK(new_text.find("aka Contrastive Language-Image Pretraining") != std::string::npos);
  const std::vector<EntityId> ids = {clip};
  CHECK(EntityText(writer->GetEntities(ids)->front()) == new_text);
  // The reader opened before the change keeps its view, kept records or not.
  CHECK(EntityText(*(*before)->GetEntity(clip)) == old_text);
  CHECK(EntityText((*before)->GetEntities(ids)->front()) == old_text);
  auto after = Store::Open({.read_only = true}, dir.path());
  REQUIRE(after.ok());
  CHECK(EntityText(*(*after)->GetEntity(clip)) == new_text);
  CHECK(EntityText((*after)->GetEntities(ids)->front()) == new_text);

  // Removing the document takes the alias away again, for the writer at once.
  REQUIRE(writer->RemoveDocument("d2").ok());
  CHECK(EntityText(*writer->GetEntity(clip)) == old_text);
  CHECK(EntityText(writer->GetEntities(ids)->front()) == old_text);
}

}  // namespace
}  // namespace kg::graph
