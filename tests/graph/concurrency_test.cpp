// Specification of readers beside a writer: a read-only Store opened while
// documents are being ingested sees whole documents only, and never fewer
// than an earlier reader saw.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <atomic>
#include <thread>

#include "graph/graph.h"
#include "tests/graph/store_check.h"
#include "tests/graph/test_support.h"

namespace kg::graph {
namespace {

using testing::MakeDoc;
using testing::MakeTriple;
using testing::TempDir;
using T = EntityType;

// Document i shares its organization with other documents, so edges gain
// weight while readers watch.
extract::Extraction Document(int i) {
  extract::Extraction x;
  const std::string doc = fmt::format("d{:04d}", i);
  for (int k = 0; k < 3; ++k) {
    x.triples.push_back(MakeTriple(fmt::format("Org {}", i % 7), T::kOrganization,
                                   Relation::kDeveloped, fmt::format("Model {}", (i + k) % 40),
                                   T::kTechnique, doc, fmt::format("sentence {} of {}", k, doc)));
  }
  return x;
}

TEST_CASE("a reader opened during ingest sees whole documents, never fewer than before") {
  TempDir dir;
  constexpr int kDocs = 300;
  auto writer = testing::OpenStore(dir.path() / "db");
  std::atomic<bool> done = false;
  std::thread ingest([&] {
    for (int i = 0; i < kDocs; ++i) {
      auto outcome = writer->IngestDocument(MakeDoc(fmt::format("d{:04d}", i)), Document(i));
      if (!outcome.ok()) break;
    }
    done = true;
  });
  uint64_t last_seen = 0;
  int reads = 0;
  std::vector<std::string> problems;
  while (!done || reads < 3) {
    auto reader = Store::Open({.read_only = true}, dir.path() / "db");
    if (!reader.ok()) {
      problems.push_back(reader.status().message());
      break;
    }
    std::string problem = testing::CheckConsistent(**reader);
    if (!problem.empty()) problems.push_back(problem);
    uint64_t documents = (*reader)->Stats()->documents;
    if (documents < last_seen) problems.push_back(fmt::format("{} < {}", documents, last_seen));
    last_seen = documents;
    ++reads;
  }
  ingest.join();
  CHECK(problems == std::vector<std::string>{});
  CHECK(reads >= 3);
  auto reader = Store::Open({.read_only = true}, dir.path() / "db");
  REQUIRE(reader.ok());
  CHECK((*reader)->Stats()->documents == kDocs);
  CHECK(testing::CheckConsistent(**reader) == "");
}

}  // namespace
}  // namespace kg::graph
