// Specification of Store::Check and Store::Repair: a store damaged on
// purpose behind the store's back (raw RocksDB writes), the exact report,
// and a clean check after the repair.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <rocksdb/db.h>

#include <functional>

#include "graph/graph.h"
#include "graph/records.h"
#include "tests/graph/test_support.h"

namespace kg::graph {
namespace {

using testing::IdOf;
using testing::MakeDoc;
using testing::MakeTriple;
using testing::TempDir;
using T = EntityType;
using R = Relation;

// Two documents: both say Google Brain developed the Transformer, d1 also
// that Google Brain is part of Google.
void Fill(Store& store) {
  extract::Extraction d1;
  d1.triples = {
      MakeTriple("Google Brain", T::kOrganization, R::kDeveloped, "Transformer", T::kTechnique,
                 "d1", "Google Brain developed the Transformer.", 0.9, "2020-01-01"),
      MakeTriple("Google Brain", T::kOrganization, R::kPartOf, "Google", T::kOrganization, "d1",
                 "Google Brain, a part of Google.", 0.6, "2020-01-01")};
  extract::Extraction d2;
  d2.triples = {MakeTriple("Google Brain", T::kOrganization, R::kDeveloped, "Transformer",
                           T::kTechnique, "d2", "The Transformer came from Google Brain.", 0.7,
                           "2021-05-05")};
  REQUIRE(store.IngestDocument(MakeDoc("d1", "h1", "2020-01-01"), d1).ok());
  REQUIRE(store.IngestDocument(MakeDoc("d2", "h2", "2021-05-05"), d2).ok());
}

// Opens the store's RocksDB directly and lets `damage` write to it.
void Damage(
    const std::filesystem::path& dir,
    const std::function<void(rocksdb::DB*, std::vector<rocksdb::ColumnFamilyHandle*>&)>& damage) {
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const char* name : kColumnFamilyNames) {
    families.emplace_back(name, rocksdb::ColumnFamilyOptions());
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  REQUIRE(rocksdb::DB::Open(rocksdb::DBOptions(), dir.string(), families, &handles, &db).ok());
  damage(db, handles);
  for (auto* h : handles) REQUIRE(db->DestroyColumnFamilyHandle(h).ok());
  delete db;
}

std::vector<std::string> Problems(const CheckReport& report) {
  std::vector<std::string> out;
  for (const CheckProblem& p : report.problems) {
    out.push_back((p.repairable ? "[repairable] " : "[manual] ") + p.message);
  }
  return out;
}

// Damages a filled store, checks the report, repairs it and checks again.
struct Fixture {
  TempDir dir;
  EntityId brain = 0, transformer = 0, google = 0;

  Fixture() {
    auto store = testing::OpenStore(dir.path());
    Fill(*store);
    brain = IdOf(*store, "Google Brain");
    transformer = IdOf(*store, "Transformer");
    google = IdOf(*store, "Google");
  }
  EdgeKey Developed() const { return {brain, R::kDeveloped, transformer}; }

  std::vector<std::string> RepairAndRecheck(std::vector<std::string>* after) {
    auto store = testing::OpenStore(dir.path());
    Result<CheckReport> repaired = store->Repair();
    REQUIRE(repaired.ok());
    CHECK(repaired->repaired);
    CHECK(repaired->Remaining() == 0);
    Result<CheckReport> again = store->Check();
    REQUIRE(again.ok());
    *after = Problems(*again);
    return Problems(*repaired);
  }
};

TEST_CASE("a store written by the store checks clean") {
  Fixture f;
  auto store = testing::OpenStore(f.dir.path());
  Result<CheckReport> report = store->Check();
  REQUIRE(report.ok());
  CHECK(Problems(*report).empty());
  CHECK(report->Remaining() == 0);
  CHECK(fmt::format("{} {} {} {}", report->entities, report->edges, report->evidence,
                    report->documents) == "3 2 3 2");
}

TEST_CASE("a missing ops row is reported and rebuilt from spo") {
  Fixture f;
  Damage(f.dir.path(), [&](rocksdb::DB* db, auto& cf) {
    REQUIRE(db->Delete(rocksdb::WriteOptions(), cf[kCfOps], OpsKey(f.Developed())).ok());
  });
  std::vector<std::string> after;
  CHECK(f.RepairAndRecheck(&after) ==
        std::vector<std::string>{fmt::format(
            "[repairable] edge {} -developed-> {} is in spo but not in ops, so in-edge queries "
            "miss it; --repair rebuilds the ops row",
            f.brain, f.transformer)});
  CHECK(after.empty());
  auto store = testing::OpenStore(f.dir.path());
  CHECK(testing::InEdgeStrings(*store, f.transformer) ==
        std::vector<std::string>{"developed(Google Brain -> Transformer) w=2 c=0.9 "
                                 "2020-01-01..2021-05-05"});
}

TEST_CASE("a deleted evidence row: weight, document and counters are recomputed") {
  Fixture f;
  Damage(f.dir.path(), [&](rocksdb::DB* db, auto& cf) {
    REQUIRE(
        db->Delete(rocksdb::WriteOptions(), cf[kCfEvidence], EvidenceKey(f.Developed(), "d2", 0))
            .ok());
  });
  std::vector<std::string> after;
  const std::string edge = fmt::format("edge {} -developed-> {}", f.brain, f.transformer);
  CHECK(f.RepairAndRecheck(&after) ==
        std::vector<std::string>{
            "[repairable] " + edge +
                " has weight 2 but evidence from 1 document(s); --repair recomputes it from the "
                "evidence",
            "[repairable] document \"d2\": doc_edges lists 1 edge(s) with 1 evidence row(s) but "
            "the evidence has 0 edge(s) with 0 row(s); --repair rewrites the list from the "
            "evidence",
            "[repairable] document \"d2\" records 1 triple(s) but has 0 evidence row(s); "
            "--repair sets its count to 0",
            "[repairable] meta counters say entities=3 edges=2 evidence=3 documents=2 "
            "by_type=0/2/1/0/0 by_relation=0/1/0/0/0/0/0/0/1 but the rows give entities=3 "
            "edges=2 evidence=2 documents=2 by_type=0/2/1/0/0 by_relation=0/1/0/0/0/0/0/0/1; "
            "--repair rewrites them"});
  CHECK(after.empty());
  auto store = testing::OpenStore(f.dir.path());
  CHECK(testing::OutEdgeStrings(*store, f.brain, R::kDeveloped) ==
        std::vector<std::string>{"developed(Google Brain -> Transformer) w=1 c=0.9 "
                                 "2020-01-01..2020-01-01"});
  // The repaired contribution lets d2 be removed cleanly.
  REQUIRE(store->RemoveDocument("d2").ok());
  CHECK(Problems(*store->Check()).empty());
}

TEST_CASE("evidence of an unknown document is dropped") {
  Fixture f;
  Damage(f.dir.path(), [&](rocksdb::DB* db, auto& cf) {
    Evidence e;
    e.sentence = "planted";
    e.confidence = 0.5;
    REQUIRE(db->Put(rocksdb::WriteOptions(), cf[kCfEvidence],
                    EvidenceKey(f.Developed(), "ghost", 0), EncodeEvidence(e))
                .ok());
  });
  std::vector<std::string> after;
  CHECK(f.RepairAndRecheck(&after) ==
        std::vector<std::string>{fmt::format(
            "[repairable] evidence of edge {} -developed-> {} from document \"ghost\" (row 0): "
            "no such document is stored; --repair deletes the row",
            f.brain, f.transformer)});
  CHECK(after.empty());
}

TEST_CASE("an edge without evidence is deleted, a lost name is re-indexed") {
  Fixture f;
  Damage(f.dir.path(), [&](rocksdb::DB* db, auto& cf) {
    EdgeKey part_of{f.brain, R::kPartOf, f.google};
    REQUIRE(
        db->Delete(rocksdb::WriteOptions(), cf[kCfEvidence], EvidenceKey(part_of, "d1", 0)).ok());
    REQUIRE(db->Delete(rocksdb::WriteOptions(), cf[kCfNames], "transformer").ok());
  });
  auto store = testing::OpenStore(f.dir.path());
  Result<CheckReport> report = store->Check();
  REQUIRE(report.ok());
  std::vector<std::string> problems = Problems(*report);
  REQUIRE(problems.size() == 5);
  CHECK(problems[0] == fmt::format("[repairable] entity {} \"Transformer\": its name "
                                   "\"Transformer\" is not in the name index, so queries cannot "
                                   "find it by that name; --repair adds it",
                                   f.transformer));
  CHECK(problems[1] == fmt::format("[repairable] edge {} -part_of-> {} has no evidence; --repair "
                                   "deletes its spo and ops rows",
                                   f.brain, f.google));
  CHECK(report->Remaining() == 5);
  REQUIRE(store->Repair().ok());
  CHECK(Problems(*store->Check()).empty());
  CHECK((*store->FindEntity("the transformer"))->id == f.transformer);
  CHECK(testing::OutEdgeStrings(*store, f.brain, R::kPartOf).empty());
}

TEST_CASE("Repair refuses a read-only store") {
  Fixture f;
  StoreOptions options;
  options.read_only = true;
  auto store = Store::Open(options, f.dir.path());
  REQUIRE(store.ok());
  Result<CheckReport> repaired = (*store)->Repair();
  REQUIRE(!repaired.ok());
  CHECK(repaired.status().message() ==
        fmt::format("database {} was opened read-only; open it without read_only to change it",
                    f.dir.path().string()));
}

}  // namespace
}  // namespace kg::graph
