// Specification of the query snapshot (graph/query_snapshot.h): a read-only
// store reads it only while it reflects the state opened, and then every
// read answers exactly what RocksDB answers.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <fstream>
#include <set>

#include "graph/graph.h"
#include "tests/graph/test_support.h"

namespace kg::graph {
namespace {

using testing::MakeDoc;
using testing::MakeMention;
using testing::MakeTriple;
using testing::TempDir;
using E = EntityType;
using R = Relation;

std::filesystem::path SnapshotFile(const std::filesystem::path& db) {
  return db / "query_snapshot";
}

std::unique_ptr<Store> OpenReader(const std::filesystem::path& db, bool use_snapshot = true) {
  StoreOptions options;
  options.read_only = true;
  options.use_query_snapshot = use_snapshot;
  auto store = Store::Open(options, db);
  REQUIRE_MESSAGE(store.ok(), store.status().message());
  return std::move(*store);
}

// Three documents: an edge with evidence from all three (more rows than the
// snapshot keeps), aliases, a self-loop, dated and undated evidence.
void Fill(Store& store) {
  extract::Extraction a;
  a.triples = {MakeTriple("OpenAI", E::kOrganization, R::kDeveloped, "CLIP", E::kTechnique, "a",
                          "OpenAI built CLIP.", 0.9, "2021-01-05"),
               MakeTriple("CLIP", E::kTechnique, R::kBasedOn, "Transformer", E::kTechnique, "a",
                          "CLIP is based on the Transformer.", 0.7, "2021-01-05")};
  a.entities = {MakeMention("Contrastive Language-Image Pretraining", E::kTechnique, {"CLIP"})};
  extract::Extraction b;
  b.triples = {MakeTriple("OpenAI", E::kOrganization, R::kDeveloped, "CLIP", E::kTechnique, "b",
                          "OpenAI made \"CLIP\".", 0.6, ""),
               MakeTriple("Alec Radford", E::kPerson, R::kAffiliatedWith, "OpenAI",
                          E::kOrganization, "b", "Alec Radford of OpenAI said.", 0.8, "")};
  extract::Extraction c;
  c.triples = {MakeTriple("OpenAI", E::kOrganization, R::kDeveloped, "CLIP", E::kTechnique, "c",
                          "OpenAI released CLIP.", 0.95, "2022-03-01"),
               MakeTriple("Transformer", E::kTechnique, R::kBasedOn, "Transformer", E::kTechnique,
                          "c", "The Transformer builds on itself.", 0.5, "2022-03-01")};
  REQUIRE(store.IngestDocument(MakeDoc("a", "h", "2021-01-05"), a).ok());
  REQUIRE(store.IngestDocument(MakeDoc("b", "h"), b).ok());
  REQUIRE(store.IngestDocument(MakeDoc("c", "h", "2022-03-01"), c).ok());
}

std::string EvidenceText(const Result<std::vector<Evidence>>& rows) {
  if (!rows.ok()) return "error: " + rows.status().message();
  std::string out;
  for (const Evidence& e : *rows) {
    out += fmt::format("[{} \"{}\" {}-{} {}-{} {} {} {}]", e.doc, e.sentence, e.subject_span.begin,
                       e.subject_span.end, e.object_span.begin, e.object_span.end, e.rule,
                       e.confidence, e.date);
  }
  return out;
}

// Everything a query reads from a store, as text: entities by id (and one
// past the last), names and aliases, each entity's edges by direction and
// relation, each edge's evidence at several limits, and one batch.
std::string ReadEverything(const Store& store) {
  std::string out;
  std::vector<Edge> edges;
  std::vector<EntityId> ids;
  for (EntityId id = 0; id < 8; ++id) {
    Result<Entity> e = store.GetEntity(id);
    if (!e.ok()) {
      out += fmt::format("entity {}: {}\n", id, e.status().message());
      continue;
    }
    ids.push_back(id);
    out += fmt::format("entity {}: {} {} {} aliases={}\n", id, e->name, extract::ToString(e->type),
                       e->mentions, fmt::join(e->aliases, "|"));
    for (const std::string& name : [&] {
           std::vector<std::string> names = e->aliases;
           names.push_back(e->name);
           return names;
         }()) {
      Result<std::optional<Entity>> found = store.FindEntity("the " + name);
      out += fmt::format("  name {} -> {}\n", name, found.ok() && *found ? (*found)->id : 0);
    }
    for (std::optional<Relation> r : {std::optional<Relation>(), std::optional(R::kDeveloped),
                                      std::optional(R::kBasedOn), std::optional(R::kUses)}) {
      std::string which = r ? std::string(extract::ToString(*r)) : "any";
      for (const auto& line : testing::OutEdgeStrings(store, id, r))
        out += "  out " + which + " " + line + "\n";
      for (const auto& line : testing::InEdgeStrings(store, id, r))
        out += "  in " + which + " " + line + "\n";
    }
    for (auto cursor = store.OutEdges(id, std::nullopt); cursor->Valid(); cursor->Next()) {
      edges.push_back(cursor->edge());
    }
  }
  Result<std::optional<Entity>> unknown = store.FindEntity("Nobody Known");
  out += fmt::format("unknown name found: {}\n", unknown.ok() && unknown->has_value());
  Result<std::vector<Entity>> batch = store.GetEntities(ids);
  out += fmt::format("batch of {} entities: {}\n", ids.size(), batch.ok() ? batch->size() : 0);
  for (const Edge& edge : edges) {
    for (size_t limit : {0, 1, 2, 3}) {
      out += fmt::format("evidence {}: {}\n", limit, EvidenceText(store.GetEvidence(edge, limit)));
    }
  }
  auto rows = store.GetEvidenceBatch(edges, 2);
  REQUIRE(rows.ok());
  for (const auto& r : *rows) out += "batch " + EvidenceText(r) + "\n";
  Edge missing;
  missing.subject = 1;
  missing.object = 2;
  out += "missing edge " + EvidenceText(store.GetEvidence(missing, 2)) + "\n";
  return out;
}

TEST_CASE("in-place reads give what the copying reads give") {
  TempDir dir;
  const auto db = dir.path() / "db";
  {
    auto store = testing::OpenStore(db);
    Fill(*store);
    REQUIRE(store->WriteQuerySnapshot().ok());
  }
  auto with = OpenReader(db);
  auto without = OpenReader(db, /*use_snapshot=*/false);
  for (EntityId id = 0; id < 8; ++id) {
    CAPTURE(id);
    CHECK_FALSE(without->EdgesInPlace(id, true).has_value());
    for (bool out : {true, false}) {
      auto slots = with->EdgesInPlace(id, out);
      REQUIRE(slots.has_value());
      auto cursor = out ? with->OutEdges(id, std::nullopt) : with->InEdges(id, std::nullopt);
      for (const SnapshotEdgeSlot& slot : *slots) {
        REQUIRE(cursor->Valid());
        const Edge& edge = cursor->edge();
        CHECK(cursor->slot() == &slot);
        CHECK((slot.subject == edge.subject && slot.object == edge.object &&
               slot.relation == static_cast<uint8_t>(edge.relation) && slot.weight == edge.weight &&
               slot.confidence == edge.confidence));
        Edge bare;
        cursor->EdgeWithoutDates(&bare);
        CHECK((bare.subject == edge.subject && bare.object == edge.object &&
               bare.relation == edge.relation && bare.first_date.empty() &&
               bare.last_date.empty()));
        // Dates and evidence, found from the slot, by lookup, and from RocksDB.
        for (const Store* store : {with.get(), without.get()}) {
          for (const SnapshotEdgeSlot* where :
               {&slot, static_cast<const SnapshotEdgeSlot*>(nullptr)}) {
            Edge dated = bare;
            REQUIRE(store->ReadEdgeDates(&dated, where).ok());
            CHECK(dated.first_date == edge.first_date);
            CHECK(dated.last_date == edge.last_date);
          }
        }
        for (size_t limit : {0, 1, 2, 3}) {
          CAPTURE(limit);
          Result<std::vector<Evidence>> copied = without->GetEvidence(edge, limit);
          REQUIRE(copied.ok());
          for (const SnapshotEdgeSlot* where :
               {&slot, static_cast<const SnapshotEdgeSlot*>(nullptr)}) {
            std::vector<::kg::graph::EvidenceText> text;
            CHECK_FALSE(without->GetEvidenceText(edge, where, limit, &text));
            if (!with->GetEvidenceText(edge, where, limit, &text)) {
              CHECK(copied->size() > 2);  // more rows than the snapshot keeps
              continue;
            }
            REQUIRE(text.size() == copied->size());
            for (size_t i = 0; i < text.size(); ++i) {
              CHECK(text[i].doc == (*copied)[i].doc);
              CHECK(text[i].sentence == (*copied)[i].sentence);
              CHECK(text[i].date == (*copied)[i].date);
            }
          }
        }
        cursor->Next();
      }
      CHECK_FALSE(cursor->Valid());
    }
  }
  // A slot that is not the edge's is not trusted: the edge is looked up.
  auto first = with->EdgesInPlace(1, true);
  REQUIRE(first.has_value());
  REQUIRE_FALSE(first->empty());
  for (auto cursor = with->InEdges(2, std::nullopt); cursor->Valid(); cursor->Next()) {
    Edge dated = cursor->edge();
    dated.first_date.clear();
    if (dated.subject == first->front().subject && dated.object == first->front().object) continue;
    REQUIRE(with->ReadEdgeDates(&dated, &first->front()).ok());
    CHECK(dated.first_date == cursor->edge().first_date);
  }
  Edge missing;
  missing.subject = 1;
  missing.object = 2;
  CHECK(with->ReadEdgeDates(&missing, nullptr).code() == Status::Code::kNotFound);
  CHECK(without->ReadEdgeDates(&missing, nullptr).code() == Status::Code::kNotFound);
}

TEST_CASE("a read-only store answers from the snapshot exactly what RocksDB answers") {
  TempDir dir;
  const auto db = dir.path() / "db";
  {
    auto store = testing::OpenStore(db);
    Fill(*store);
    REQUIRE(store->WriteQuerySnapshot().ok());
    CHECK_FALSE(store->UsesQuerySnapshot());  // a writer never reads it
  }
  auto with = OpenReader(db);
  auto without = OpenReader(db, /*use_snapshot=*/false);
  CHECK(with->UsesQuerySnapshot());
  CHECK_FALSE(without->UsesQuerySnapshot());
  const std::string expected = ReadEverything(*without);
  CHECK(ReadEverything(*with) == expected);
  // The text is not trivially empty: the edge with three documents is there.
  CHECK(expected.find("[c \"OpenAI released CLIP.\"") != std::string::npos);
}

// `kg ingest` of unchanged articles opens the store for writing and writes
// nothing: the snapshot must stay in use.
TEST_CASE("opening for writing without writing keeps the snapshot") {
  TempDir dir;
  const auto db = dir.path() / "db";
  {
    auto store = testing::OpenStore(db);
    Fill(*store);
    REQUIRE(store->WriteQuerySnapshot().ok());
  }
  {
    auto store = testing::OpenStore(db);
    extract::Extraction unchanged;
    REQUIRE(store->IngestDocument(MakeDoc("a", "h", "2021-01-05"), unchanged).ok());
  }
  CHECK(OpenReader(db)->UsesQuerySnapshot());
}

TEST_CASE("a snapshot written after an import is read") {
  TempDir dir;
  const auto file = dir.path() / "triples.jsonl";
  std::ofstream(file)
      << R"({"subject": {"name": "OpenAI", "type": "Organization"}, "relation": "developed", )"
         R"("object": {"name": "CLIP", "type": "Technique"}, "doc": "a.txt", "evidence": "x"})"
      << "\n";
  {
    auto store = testing::OpenStore(dir.path() / "db");
    REQUIRE(store->Import(std::span(&file, 1)).ok());
    // Opt-in: an import alone writes none.
    CHECK_FALSE(graph::Store::HasQuerySnapshot(dir.path() / "db"));
    REQUIRE(store->WriteQuerySnapshot().ok());
  }
  CHECK(std::filesystem::exists(SnapshotFile(dir.path() / "db")));
  CHECK(graph::Store::HasQuerySnapshot(dir.path() / "db"));
  auto reader = OpenReader(dir.path() / "db");
  CHECK(reader->UsesQuerySnapshot());
  CHECK(ReadEverything(*reader) == ReadEverything(*OpenReader(dir.path() / "db", false)));
  CHECK(testing::OutEdgeStrings(*reader, testing::IdOf(*reader, "OpenAI")).size() == 1);
}

// Whatever writes, the snapshot of the state before is gone, and a reader
// reads RocksDB and sees the write.
TEST_CASE("every write makes the snapshot stale and deletes it") {
  struct Case {
    const char* what;
    std::function<void(Store&)> write;
  };
  const Case cases[] = {
      {"IngestDocument",
       [](Store& s) {
         extract::Extraction x;
         x.triples = {MakeTriple("OpenAI", E::kOrganization, R::kUses, "GPU", E::kTechnique, "d")};
         REQUIRE(s.IngestDocument(MakeDoc("d", "h"), x).ok());
       }},
      {"RemoveDocument", [](Store& s) { REQUIRE(s.RemoveDocument("b").ok()); }},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    TempDir dir;
    const auto db = dir.path() / "db";
    auto writer = testing::OpenStore(db);
    Fill(*writer);
    REQUIRE(writer->WriteQuerySnapshot().ok());
    const std::string before = ReadEverything(*OpenReader(db));
    c.write(*writer);
    CHECK_FALSE(std::filesystem::exists(SnapshotFile(db)));
    auto reader = OpenReader(db);
    CHECK_FALSE(reader->UsesQuerySnapshot());
    const std::string after = ReadEverything(*reader);
    CHECK(after != before);
    CHECK(after == ReadEverything(*OpenReader(db, false)));
    // Written again, it is read again, and it says what RocksDB says.
    REQUIRE(writer->WriteQuerySnapshot().ok());
    auto again = OpenReader(db);
    CHECK(again->UsesQuerySnapshot());
    CHECK(ReadEverything(*again) == after);
  }
}

// A file left over from an earlier state (restored from a backup, or a
// writer killed between its write and the file's deletion) names an older
// sequence number; one copied from another store names another identity.
TEST_CASE("a snapshot of another state is never read") {
  TempDir dir;
  const auto db = dir.path() / "db";
  const auto old_copy = dir.path() / "old_snapshot";
  auto writer = testing::OpenStore(db);
  Fill(*writer);
  REQUIRE(writer->WriteQuerySnapshot().ok());
  std::filesystem::copy_file(SnapshotFile(db), old_copy);
  REQUIRE(writer->RemoveDocument("c").ok());

  SUBCASE("an older state of the same store") {
    std::filesystem::copy_file(old_copy, SnapshotFile(db));
    auto reader = OpenReader(db);
    CHECK_FALSE(reader->UsesQuerySnapshot());
    CHECK(ReadEverything(*reader) == ReadEverything(*OpenReader(db, false)));
  }
  SUBCASE("the same content in another store") {
    const auto other = dir.path() / "other";
    {
      auto copy = testing::OpenStore(other);
      Fill(*copy);
      REQUIRE(copy->RemoveDocument("c").ok());
    }
    REQUIRE(writer->WriteQuerySnapshot().ok());
    std::filesystem::copy_file(SnapshotFile(db), SnapshotFile(other));
    CHECK_FALSE(OpenReader(other)->UsesQuerySnapshot());
  }
}

TEST_CASE("a damaged snapshot is ignored") {
  TempDir dir;
  const auto db = dir.path() / "db";
  {
    auto writer = testing::OpenStore(db);
    Fill(*writer);
    REQUIRE(writer->WriteQuerySnapshot().ok());
  }
  const auto size = std::filesystem::file_size(SnapshotFile(db));
  SUBCASE("cut short") { std::filesystem::resize_file(SnapshotFile(db), size - 8); }
  SUBCASE("not a snapshot") {
    std::fstream file(SnapshotFile(db), std::ios::in | std::ios::out | std::ios::binary);
    file.write("NOTSNAP!", 8);
  }
  SUBCASE("empty") { std::filesystem::resize_file(SnapshotFile(db), 0); }
  auto reader = OpenReader(db);
  CHECK_FALSE(reader->UsesQuerySnapshot());
  CHECK(ReadEverything(*reader) == ReadEverything(*OpenReader(db, false)));
}

TEST_CASE("a read-only store cannot write a snapshot") {
  TempDir dir;
  const auto db = dir.path() / "db";
  testing::OpenStore(db).reset();
  Status s = OpenReader(db)->WriteQuerySnapshot();
  CHECK(s.message().find("opened read-only") != std::string::npos);
}

}  // namespace
}  // namespace kg::graph
