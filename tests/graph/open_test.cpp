// Specification of Open: one writer, readers beside it, clear refusals.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <rocksdb/db.h>

#include <fstream>
#include <functional>

#include "graph/codec.h"
#include "graph/graph.h"
#include "graph/records.h"
#include "tests/graph/test_support.h"

namespace kg::graph {
namespace {

using testing::MakeDoc;
using testing::MakeTriple;
using testing::TempDir;
using T = EntityType;
using R = Relation;

extract::Extraction OneTriple(const std::string& doc) {
  extract::Extraction x;
  x.triples = {
      MakeTriple("DeepMind", T::kOrganization, R::kDeveloped, "AlphaZero", T::kTechnique, doc)};
  return x;
}

TEST_CASE("a second writer gets Busy, naming the directory") {
  TempDir dir;
  auto writer = testing::OpenStore(dir.path());
  auto second = Store::Open(StoreOptions{}, dir.path());
  REQUIRE_FALSE(second.ok());
  CHECK(second.status().code() == Status::Code::kBusy);
  const std::string& msg = second.status().message();
  CHECK(msg.starts_with(
      fmt::format("database {} is in use by another kg process (", dir.path().string())));
  CHECK(msg.ends_with("); wait for it to finish, or open the database read-only"));
}

TEST_CASE("a reader opens beside a writer and sees the state as of its Open") {
  TempDir dir;
  auto writer = testing::OpenStore(dir.path());
  REQUIRE(writer->IngestDocument(MakeDoc("d1"), OneTriple("d1")).ok());
  auto reader = Store::Open(StoreOptions{.read_only = true}, dir.path());
  REQUIRE_MESSAGE(reader.ok(), reader.status().message());
  CHECK((*reader)->FindEntity("AlphaZero")->has_value());
  CHECK((*reader)->Stats()->documents == 1);
  REQUIRE(writer->IngestDocument(MakeDoc("d2"), OneTriple("d2")).ok());
  CHECK((*reader)->Stats()->documents == 1);
  Status s = (*reader)->RemoveDocument("d1");
  CHECK(s.message() == fmt::format("database {} was opened read-only; open it without "
                                   "read_only to change it",
                                   dir.path().string()));
}

TEST_CASE("read-only on a missing database says to ingest first") {
  TempDir dir;
  auto missing = dir.path() / "nothing";
  auto store = Store::Open(StoreOptions{.read_only = true}, missing);
  CHECK(store.status().code() == Status::Code::kNotFound);
  CHECK(store.status().message() ==
        fmt::format("no kg database at {}; run `kg ingest` first to create it", missing.string()));
}

TEST_CASE("a path that is a file is refused") {
  TempDir dir;
  auto file = dir.path() / "notes.txt";
  std::ofstream(file) << "hello\n";
  auto store = Store::Open(StoreOptions{}, file);
  CHECK(store.status().code() == Status::Code::kInvalidArgument);
  CHECK(store.status().message() ==
        fmt::format("{} is a file, not a kg database directory; give the path of a directory "
                    "(it is created if missing)",
                    file.string()));
}

TEST_CASE("a non-empty directory that is not a database is refused") {
  TempDir dir;
  std::ofstream(dir.path() / "notes.txt") << "hello\n";
  auto store = Store::Open(StoreOptions{}, dir.path());
  CHECK(store.status().message() ==
        fmt::format("{} is not a kg database and is not empty; give a new or empty directory",
                    dir.path().string()));
}

// Opens `dir` with every kg column family behind the store's back (creating
// them when `create`), lets `use` write, and closes it.
void WithRawFamilies(
    const std::filesystem::path& dir, bool create,
    const std::function<void(rocksdb::DB*, const std::vector<rocksdb::ColumnFamilyHandle*>&)>&
        use) {
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const char* name : kColumnFamilyNames)
    families.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  rocksdb::DBOptions options;
  options.create_if_missing = create;
  options.create_missing_column_families = create;
  REQUIRE(rocksdb::DB::Open(options, dir.string(), families, &handles, &db).ok());
  use(db, handles);
  for (auto* h : handles) REQUIRE(db->DestroyColumnFamilyHandle(h).ok());
  delete db;
}

// Writes a schema version into the meta family behind the store's back.
void PlantSchemaVersion(const std::filesystem::path& dir, uint32_t version) {
  WithRawFamilies(dir, false, [&](rocksdb::DB* db, const auto& handles) {
    std::string value;
    PutU32(&value, version);
    REQUIRE(db->Put(rocksdb::WriteOptions(), handles[kCfMeta], kMetaSchemaVersion, value).ok());
  });
}

TEST_CASE("a database with a newer schema version is refused, naming both versions") {
  TempDir dir;
  {
    auto store = testing::OpenStore(dir.path());
    REQUIRE(store->IngestDocument(MakeDoc("d1"), OneTriple("d1")).ok());
  }
  PlantSchemaVersion(dir.path(), kSchemaVersion + 1);
  auto store = Store::Open(StoreOptions{}, dir.path());
  CHECK(store.status().code() == Status::Code::kInvalidArgument);
  CHECK(store.status().message() ==
        fmt::format("database {} has schema version 2, but this kg reads schema version 1; "
                    "upgrade kg to open it",
                    dir.path().string()));
}

// Regression (CI, first session): a writer killed after creating every
// family but before writing the schema version left a store that readers
// called foreign; it is an unfinished kg store, and a writer finishes it.
TEST_CASE("a store killed before its schema version is unfinished, and a writer finishes it") {
  TempDir dir;
  WithRawFamilies(dir.path(), true, [](rocksdb::DB*, const auto&) {});
  auto reader = Store::Open(StoreOptions{.read_only = true}, dir.path());
  CHECK(reader.status().code() == Status::Code::kNotFound);
  CHECK(reader.status().message() ==
        fmt::format("the kg database at {} was not fully created (its writer stopped early); "
                    "run `kg ingest` to finish creating it",
                    dir.path().string()));
  {
    auto writer = testing::OpenStore(dir.path());
    REQUIRE(writer->IngestDocument(MakeDoc("d1"), OneTriple("d1")).ok());
  }
  auto finished = Store::Open(StoreOptions{.read_only = true}, dir.path());
  REQUIRE_MESSAGE(finished.ok(), finished.status().message());
  CHECK((*finished)->Stats()->documents == 1);
}

// Regression (crash test): a writer killed while RocksDB was still creating
// the database left LOCK and LOG but no CURRENT.
TEST_CASE("a directory holding only RocksDB's first files is an unfinished store") {
  TempDir dir;
  std::ofstream(dir.path() / "LOCK");
  std::ofstream(dir.path() / "LOG") << "rocksdb log\n";
  auto reader = Store::Open(StoreOptions{.read_only = true}, dir.path());
  CHECK(reader.status().code() == Status::Code::kNotFound);
  CHECK(reader.status().message().starts_with(
      fmt::format("the kg database at {} was not fully created", dir.path().string())));
  {
    auto writer = testing::OpenStore(dir.path());
    REQUIRE(writer->IngestDocument(MakeDoc("d1"), OneTriple("d1")).ok());
  }
  auto finished = Store::Open(StoreOptions{.read_only = true}, dir.path());
  REQUIRE_MESSAGE(finished.ok(), finished.status().message());
  CHECK((*finished)->Stats()->documents == 1);
}

TEST_CASE("a store reopens with its data after the writer is gone") {
  TempDir dir;
  {
    auto store = testing::OpenStore(dir.path());
    REQUIRE(store->IngestDocument(MakeDoc("d1"), OneTriple("d1")).ok());
  }
  auto reader = Store::Open(StoreOptions{.read_only = true}, dir.path());
  REQUIRE(reader.ok());
  CHECK(testing::OutEdgeStrings(**reader, testing::IdOf(**reader, "DeepMind")) ==
        std::vector<std::string>{"developed(DeepMind -> AlphaZero) w=1 c=0.8"});
}

}  // namespace
}  // namespace kg::graph
