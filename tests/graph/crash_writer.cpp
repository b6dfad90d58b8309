// crash_writer: the process that crash_test.py kills with SIGKILL.
//   crash_writer ingest <db> <n>   IngestDocument for documents 0..n-1 (idempotent)
//   crash_writer gen <file> <n>    writes the same n documents as `kg extract` JSON Lines
//   crash_writer import <db> <file>
//   crash_writer check <db>        exit 1, printing why, unless the store holds whole documents
//   crash_writer dump <db>         the store, without ids, for comparing with a clean run
#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "graph/graph.h"
#include "tests/graph/store_check.h"

namespace {

using kg::graph::EntityType;
using kg::graph::Relation;

// Document i: 1 to 5 triples among 300 names, so that documents share
// entities and edges (weights above 1), and a removal would have to rescan.
kg::extract::Extraction MakeExtraction(int i) {
  kg::extract::Extraction x;
  const std::string doc = fmt::format("doc-{:05d}", i);
  for (int k = 0; k <= i % 5; ++k) {
    kg::extract::Triple t;
    t.subject = {fmt::format("Org {}", (i * 7 + k) % 60), EntityType::kOrganization};
    t.relation = k % 2 == 0 ? Relation::kDeveloped : Relation::kUses;
    t.object = {fmt::format("Model {}", (i * 13 + k * 31) % 240), EntityType::kTechnique};
    t.doc = doc;
    t.date = fmt::format("2021-{:02d}-{:02d}", 1 + i % 12, 1 + k);
    t.evidence =
        fmt::format("{} built {} (sentence {} of {}).", t.subject.name, t.object.name, k, doc);
    t.sentence = {static_cast<uint32_t>(k * 100), static_cast<uint32_t>(k * 100 + 60)};
    t.subject_span = {t.sentence.begin, t.sentence.begin + 6};
    t.object_span = {t.sentence.begin + 13, t.sentence.begin + 20};
    t.rule = "crash_rule";
    t.confidence = 0.5 + 0.05 * k;
    x.triples.push_back(std::move(t));
  }
  return x;
}

int Fail(const std::string& message) {
  fmt::print(stderr, "crash_writer: {}\n", message);
  return 1;
}

int Ingest(const std::string& dir, int n) {
  auto store = kg::graph::Store::Open({}, dir);
  if (!store.ok()) return Fail(store.status().message());
  for (int i = 0; i < n; ++i) {
    kg::graph::DocumentRecord doc{fmt::format("doc-{:05d}", i), "crash", "h1", "", "", 0, 0};
    auto outcome = (*store)->IngestDocument(doc, MakeExtraction(i));
    if (!outcome.ok()) return Fail(outcome.status().message());
  }
  return 0;
}

int Generate(const std::string& file, int n) {
  std::ofstream out(file);
  for (int i = 0; i < n; ++i) {
    for (const auto& t : MakeExtraction(i).triples) out << kg::extract::TripleToJson(t) << "\n";
  }
  return out ? 0 : Fail("cannot write " + file);
}

int Import(const std::string& dir, const std::string& file) {
  auto store = kg::graph::Store::Open({}, dir);
  if (!store.ok()) return Fail(store.status().message());
  std::filesystem::path path(file);
  auto stats = (*store)->Import(std::span(&path, 1));
  return stats.ok() ? 0 : Fail(stats.status().message());
}

int Check(const std::string& dir, bool dump) {
  auto store = kg::graph::Store::Open({.read_only = true}, dir);
  // Killed before it had created the store: no documents, which is whole.
  if (!dump && store.status().code() == kg::Status::Code::kNotFound) {
    return fmt::print("documents=0 ({})\n", store.status().message()), 0;
  }
  if (!store.ok()) return Fail(store.status().message());
  if (dump) return fmt::print("{}", kg::graph::testing::DumpStore(**store)), 0;
  std::string problem = kg::graph::testing::CheckConsistent(**store);
  if (!problem.empty()) return Fail(dir + ": " + problem);
  fmt::print("documents={}\n", (*store)->Stats()->documents);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> a(argv + 1, argv + argc);
  if (a.size() == 3 && a[0] == "ingest") return Ingest(a[1], std::stoi(a[2]));
  if (a.size() == 3 && a[0] == "gen") return Generate(a[1], std::stoi(a[2]));
  if (a.size() == 3 && a[0] == "import") return Import(a[1], a[2]);
  if (a.size() == 2 && (a[0] == "check" || a[0] == "dump")) return Check(a[1], a[0] == "dump");
  return Fail(
      "usage: ingest <db> <n> | gen <file> <n> | import <db> <file> | check <db> | dump <db>");
}
