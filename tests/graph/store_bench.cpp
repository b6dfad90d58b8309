// store_bench: timings of the graph store, not a test (not run by ctest).
//   store_bench import <db dir> <file.jsonl>...   bulk import, prints the rate
//   store_bench hop2 <db dir> <name>              fresh open + 2-hop neighbourhood
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <unordered_set>
#include <vector>

#include "graph/graph.h"

namespace {

using Clock = std::chrono::steady_clock;
double Ms(Clock::time_point since) {
  return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

int Import(const std::string& dir, std::vector<std::filesystem::path> files) {
  auto start = Clock::now();
  auto store = kg::graph::Store::Open({}, dir);
  if (!store.ok()) return fmt::print(stderr, "{}\n", store.status().message()), 2;
  auto stats = (*store)->Import(files);
  if (!stats.ok()) return fmt::print(stderr, "{}\n", stats.status().message()), 2;
  double import_ms = Ms(start);
  store->reset();  // close (flushes) before measuring the size
  double total_ms = Ms(start);
  auto reopened = kg::graph::Store::Open({.read_only = true}, dir);
  auto s = (*reopened)->Stats();
  fmt::print("triples={} documents={} entities={} edges={} evidence={}\n", stats->triples,
             stats->documents, s->entities, s->edges, s->evidence);
  fmt::print(
      "import {:.0f} ms, with close {:.0f} ms: {:.0f} triples/s; {} bytes on disk, "
      "{:.1f} bytes/triple\n",
      import_ms, total_ms, stats->triples / (total_ms / 1000), s->bytes_on_disk,
      double(s->bytes_on_disk) / double(stats->triples));
  return 0;
}

int Hop2(const std::string& dir, const std::string& name) {
  auto start = Clock::now();
  auto store = kg::graph::Store::Open({.read_only = true}, dir);
  if (!store.ok()) return fmt::print(stderr, "{}\n", store.status().message()), 2;
  double open_ms = Ms(start);
  auto center = (*store)->FindEntity(name);
  if (!center.ok() || !center->has_value()) return fmt::print(stderr, "no {}\n", name), 1;
  std::unordered_set<kg::graph::EntityId> seen{(*center)->id};
  std::vector<kg::graph::EntityId> frontier{(*center)->id};
  size_t edges = 0;
  for (int depth = 0; depth < 2; ++depth) {
    std::vector<kg::graph::EntityId> next;
    for (auto id : frontier) {
      for (bool out : {true, false}) {
        auto cursor =
            out ? (*store)->OutEdges(id, std::nullopt) : (*store)->InEdges(id, std::nullopt);
        for (; cursor->Valid(); cursor->Next(), ++edges) {
          auto other = out ? cursor->edge().object : cursor->edge().subject;
          if (seen.insert(other).second) next.push_back(other);
        }
      }
    }
    frontier = std::move(next);
  }
  fmt::print("open {:.1f} ms, open + 2-hop {:.1f} ms: {} nodes, {} edges read\n", open_ms,
             Ms(start), seen.size(), edges);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() >= 3 && args[0] == "import") {
    return Import(args[1], std::vector<std::filesystem::path>(args.begin() + 2, args.end()));
  }
  if (args.size() == 3 && args[0] == "hop2") return Hop2(args[1], args[2]);
  fmt::print(stderr, "usage: store_bench import <db> <files...> | hop2 <db> <name>\n");
  return 1;
}
