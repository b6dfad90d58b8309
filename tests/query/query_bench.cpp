// query_bench: latencies of queries and exports on a synthetic store.
//
//   query_bench DIR EDGES      builds DIR (if empty) with EDGES random edges,
//                              then times queries and a GraphML export.
//   query_bench DIR --run FILE runs a query file on the store in DIR and
//                              prints the answer (until the CLI has `kg query`).
// Not a test: run by hand (docs/QUERY.md gives figures). The graph has
// hubs: entity ids are drawn with a skew, as names are in news text.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>

#include <fmt/format.h>

#include "query/query.h"

namespace {

using namespace kg;
using Clock = std::chrono::steady_clock;

constexpr extract::EntityType kTypes[] = {
    extract::EntityType::kPerson, extract::EntityType::kOrganization,
    extract::EntityType::kTechnique, extract::EntityType::kDataset, extract::EntityType::kLocation};

std::string Name(uint64_t i) { return fmt::format("Entity {}", i); }
extract::EntityType TypeOf(uint64_t i) { return kTypes[i % 5]; }

Status Build(graph::Store* store, uint64_t edges) {
  uint64_t entities = std::max<uint64_t>(100, edges / 4);
  std::mt19937_64 random(42);
  // Squaring a uniform draw favours small ids: a few hubs, a long tail.
  auto pick = [&] {
    double u = std::uniform_real_distribution<double>(0, 1)(random);
    return static_cast<uint64_t>(u * u * static_cast<double>(entities));
  };
  constexpr uint64_t kPerDocument = 200;
  for (uint64_t done = 0, doc = 0; done < edges; ++doc) {
    extract::Extraction extraction;
    for (uint64_t i = 0; i < kPerDocument && done < edges; ++i, ++done) {
      uint64_t s = pick(), o = pick();
      extract::Triple t;
      t.subject = {Name(s), TypeOf(s)};
      t.object = {Name(o), TypeOf(o)};
      t.relation = extract::kAllRelations[random() % 9];
      t.doc = fmt::format("doc{}", doc);
      t.evidence = fmt::format("{} {} {} in a sentence of ordinary length for news text.", Name(s),
                               extract::ToString(t.relation), Name(o));
      t.confidence = 0.8;
      extraction.triples.push_back(std::move(t));
    }
    graph::DocumentRecord record;
    record.id = fmt::format("doc{}", doc);
    record.content_hash = fmt::format("h{}", doc);
    Result<graph::IngestOutcome> outcome = store->IngestDocument(record, extraction);
    if (!outcome.ok()) return outcome.status();
    if (doc % 500 == 0) fmt::print(stderr, "ingested {} triples\n", done);
  }
  return Status::Ok();
}

template <typename Fn>
double Millis(Fn&& fn) {
  auto start = Clock::now();
  fn();
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

int RunFile(const char* dir, const char* file) {
  graph::StoreOptions options;
  options.read_only = true;
  Result<std::unique_ptr<graph::Store>> store = graph::Store::Open(options, dir);
  if (!store.ok()) return fmt::print(stderr, "{}\n", store.status().message()), 2;
  std::ifstream in(file, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  query::QueryFileOptions query_options;
  query_options.export_dir = std::filesystem::path(dir).parent_path();
  Result<std::string> answer = query::RunQueryFile(**store, text, query_options);
  if (!answer.ok()) return fmt::print(stderr, "{}\n", answer.status().message()), 1;
  fmt::print("{}", *answer);
  return 0;
}

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[2]) == "--run") return RunFile(argv[1], argv[3]);
  if (argc != 3) {
    fmt::print(stderr, "usage: query_bench DIR EDGES | query_bench DIR --run FILE\n");
    return 1;
  }
  Result<std::unique_ptr<graph::Store>> store = graph::Store::Open({}, argv[1]);
  if (!store.ok()) return fmt::print(stderr, "{}\n", store.status().message()), 2;
  Result<graph::StoreStats> stats = (*store)->Stats();
  if (stats.ok() && stats->edges == 0) {
    double ms = Millis([&] {
      Status s = Build(store->get(), std::stoull(argv[2]));
      if (!s.ok()) fmt::print(stderr, "{}\n", s.message());
    });
    fmt::print("build: {:.0f} ms\n", ms);
    stats = (*store)->Stats();
  }
  fmt::print("store: {} entities, {} edges\n", stats->entities, stats->edges);
  const graph::Store& s = **store;
  for (const char* name : {"Entity 0", "Entity 5000", "Entity 20000"}) {
    for (int depth : {1, 2, 3}) {
      query::NeighbourOptions options;
      options.depth = depth;
      size_t rows = 0;
      bool truncated = false;
      double ms = Millis([&] {
        auto r = query::Neighbours(s, name, options);
        if (r.ok()) rows = r->rows.size(), truncated = r->truncated;
      });
      fmt::print("neighbours {:>12} depth {}: {:8.1f} ms ({} rows{})\n", name, depth, ms, rows,
                 truncated ? ", truncated" : "");
    }
  }
  for (auto [from, to] :
       {std::pair{"Entity 20000", "Entity 24000"}, std::pair{"Entity 1000", "Entity 23000"}}) {
    for (int k : {0, 3}) {
      query::PathOptions options;
      options.k = k;
      size_t hops = 0;
      double ms = Millis([&] {
        auto r = query::FindPaths(s, from, to, options);
        if (r.ok() && !r->paths.empty()) hops = r->paths.front().hops.size();
      });
      fmt::print("path {} -> {} k={}: {:8.1f} ms (shortest {} hops)\n", from, to, k, ms, hops);
    }
  }
  {
    auto pattern = query::ParsePattern(
        "Organization:\"Entity 1\" -developed-> Technique "
        "-based_on-> Technique");
    size_t rows = 0;
    double ms = Millis([&] {
      auto r = query::MatchPattern(s, *pattern);
      if (r.ok()) rows = r->rows.size();
    });
    fmt::print("pattern (anchored): {:8.1f} ms ({} rows)\n", ms, rows);
  }
  // Where an export's time goes: the scans, and one evidence read per edge.
  uint64_t count = 0;
  double edges_ms = Millis(
      [&] { (void)s.ForEachEdge([&](const graph::Edge&) { return ++count, Status::Ok(); }); });
  double entities_ms = Millis(
      [&] { (void)s.ForEachEntity([&](const graph::Entity&) { return ++count, Status::Ok(); }); });
  double evidence_ms = Millis([&] {
    (void)s.ForEachEdge([&](const graph::Edge& e) {
      count += s.GetEvidence(e, 1)->size();
      return Status::Ok();
    });
  });
  fmt::print("scan edges: {:.0f} ms, scan entities: {:.0f} ms, edges + evidence: {:.0f} ms\n",
             edges_ms, entities_ms, evidence_ms);
  double top_ms = Millis([&] { (void)query::TopEntities(s, std::nullopt, 10); });
  fmt::print("top 10: {:8.1f} ms\n", top_ms);
  std::string out_path = std::string(argv[1]) + ".graphml";
  double export_ms = Millis([&] {
    std::ofstream out(out_path, std::ios::binary);
    Status st = query::Export(s, {}, out);
    if (!st.ok()) fmt::print(stderr, "{}\n", st.message());
  });
  fmt::print("export graphml (whole store): {:8.1f} ms -> {}\n", export_ms, out_path);
  export_ms = Millis([&] {
    std::ofstream out(out_path, std::ios::binary);
    query::ExportOptions options;
    options.with_evidence = false;
    Status st = query::Export(s, options, out);
    if (!st.ok()) fmt::print(stderr, "{}\n", st.message());
  });
  fmt::print("export graphml (whole store, no evidence): {:8.1f} ms\n", export_ms);
  return 0;
}
