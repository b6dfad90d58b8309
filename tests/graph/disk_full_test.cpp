// Specification of a full disk: an ingest that cannot be written fails with a
// message saying the disk is full, and the store keeps whole documents only.
// The disk is a RocksDB FileSystem that stops writing after a byte budget,
// part-way through an append as a real disk does.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <rocksdb/env.h>
#include <rocksdb/file_system.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "graph/graph.h"
#include "graph/rocks_store.h"
#include "tests/graph/test_support.h"

namespace kg::graph {
namespace {

using testing::MakeDoc;
using testing::MakeTriple;
using testing::TempDir;
using T = EntityType;
using R = Relation;

constexpr int64_t kUnlimited = -1;

// Bytes the "disk" still takes, shared by every file it opens.
class FullDisk final : public rocksdb::FileSystemWrapper {
 public:
  FullDisk() : rocksdb::FileSystemWrapper(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "FullDisk"; }

  void LimitTo(int64_t bytes) { budget_ = bytes; }

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* file,
                                    rocksdb::IODebugContext* debug) override {
    rocksdb::IOStatus s = target()->NewWritableFile(name, options, file, debug);
    if (s.ok()) *file = std::make_unique<File>(std::move(*file), &budget_);
    return s;
  }
  rocksdb::IOStatus ReopenWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                       std::unique_ptr<rocksdb::FSWritableFile>* file,
                                       rocksdb::IODebugContext* debug) override {
    rocksdb::IOStatus s = target()->ReopenWritableFile(name, options, file, debug);
    if (s.ok()) *file = std::make_unique<File>(std::move(*file), &budget_);
    return s;
  }
  rocksdb::IOStatus ReuseWritableFile(const std::string& name, const std::string& old_name,
                                      const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSWritableFile>* file,
                                      rocksdb::IODebugContext* debug) override {
    rocksdb::IOStatus s = target()->ReuseWritableFile(name, old_name, options, file, debug);
    if (s.ok()) *file = std::make_unique<File>(std::move(*file), &budget_);
    return s;
  }

 private:
  class File final : public rocksdb::FSWritableFileOwnerWrapper {
   public:
    File(std::unique_ptr<rocksdb::FSWritableFile> file, std::atomic<int64_t>* budget)
        : rocksdb::FSWritableFileOwnerWrapper(std::move(file)), budget_(budget) {}

    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* debug) override {
      size_t room = Take(data.size());
      rocksdb::IOStatus s = target()->Append(rocksdb::Slice(data.data(), room), options, debug);
      if (s.ok() && room < data.size()) return rocksdb::IOStatus::NoSpace("FullDisk", "append");
      return s;
    }
    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                             const rocksdb::DataVerificationInfo& /*info*/,
                             rocksdb::IODebugContext* debug) override {
      return Append(data, options, debug);
    }
    rocksdb::IOStatus PositionedAppend(const rocksdb::Slice& data, uint64_t offset,
                                       const rocksdb::IOOptions& options,
                                       rocksdb::IODebugContext* debug) override {
      size_t room = Take(data.size());
      rocksdb::IOStatus s =
          target()->PositionedAppend(rocksdb::Slice(data.data(), room), offset, options, debug);
      if (s.ok() && room < data.size()) return rocksdb::IOStatus::NoSpace("FullDisk", "append");
      return s;
    }
    rocksdb::IOStatus PositionedAppend(const rocksdb::Slice& data, uint64_t offset,
                                       const rocksdb::IOOptions& options,
                                       const rocksdb::DataVerificationInfo& /*info*/,
                                       rocksdb::IODebugContext* debug) override {
      return PositionedAppend(data, offset, options, debug);
    }

   private:
    // How much of `wanted` bytes still fits; the rest is lost, as on a disk.
    size_t Take(size_t wanted) {
      int64_t left = budget_->load();
      while (true) {
        if (left == kUnlimited) return wanted;
        int64_t room = std::min<int64_t>(left, static_cast<int64_t>(wanted));
        if (budget_->compare_exchange_weak(left, left - room)) return static_cast<size_t>(room);
      }
    }
    std::atomic<int64_t>* budget_;
  };

  std::atomic<int64_t> budget_{kUnlimited};
};

// Many triples, so that the document's batch is far larger than the budget.
extract::Extraction Triples(const std::string& doc, int count) {
  extract::Extraction x;
  for (int i = 0; i < count; ++i) {
    x.triples.push_back(MakeTriple(fmt::format("Lab {}", i), T::kOrganization, R::kDeveloped,
                                   fmt::format("Model {}", i), T::kTechnique, doc,
                                   fmt::format("Lab {} developed Model {}.", i, i)));
  }
  return x;
}

std::vector<std::string> DocIds(const Store& store) {
  std::vector<std::string> ids;
  auto docs = store.ListDocuments();
  REQUIRE_MESSAGE(docs.ok(), docs.status().message());
  for (const DocumentRecord& d : *docs) ids.push_back(d.id);
  return ids;
}

TEST_CASE("a full disk fails an ingest, saying so, and the store keeps whole documents") {
  TempDir dir;
  auto disk = std::make_shared<FullDisk>();
  std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(disk);
  {
    auto store = RocksStore::Open(StoreOptions{}, dir.path(), env.get());
    REQUIRE_MESSAGE(store.ok(), store.status().message());
    REQUIRE((*store)->IngestDocument(MakeDoc("d1"), Triples("d1", 3)).ok());
    disk->LimitTo(200);  // bytes: a fraction of d2's batch
    auto full = (*store)->IngestDocument(MakeDoc("d2"), Triples("d2", 50));
    REQUIRE_FALSE(full.ok());
    // A user error (exit 1): the user frees space, kg is not at fault.
    CHECK(full.status().code() == Status::Code::kInvalidArgument);
    const std::string& msg = full.status().message();
    CAPTURE(msg);
    CHECK(msg.starts_with(
        fmt::format("writing to database {}: the disk is full (", dir.path().string())));
    CHECK(msg.ends_with(
        "); free some space and run the command again (a document is written whole or not at "
        "all)"));
    // RocksDB stops writing after the error; later documents fail the same way.
    auto after = (*store)->IngestDocument(MakeDoc("d3"), Triples("d3", 1));
    REQUIRE_FALSE(after.ok());
    CHECK(after.status().message().find("the disk is full") != std::string::npos);
  }
  // With space again (the default file system), the store opens, holds d1
  // whole and nothing of d2, checks clean and takes d2.
  {
    auto reader = Store::Open(StoreOptions{.read_only = true}, dir.path());
    REQUIRE_MESSAGE(reader.ok(), reader.status().message());
    CHECK(DocIds(**reader) == std::vector<std::string>{"d1"});
    CHECK(testing::StatsString(**reader) ==
          "entities=6 edges=3 evidence=3 documents=1 Organization=3 Technique=3 developed=3");
    auto report = (*reader)->Check();
    REQUIRE(report.ok());
    CHECK(report->Remaining() == 0);
  }
  auto writer = testing::OpenStore(dir.path());
  REQUIRE(writer->IngestDocument(MakeDoc("d2"), Triples("d2", 50)).ok());
  CHECK(DocIds(*writer) == std::vector<std::string>{"d1", "d2"});
}

}  // namespace
}  // namespace kg::graph
