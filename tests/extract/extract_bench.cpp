// extract_bench: runs the Extractor over files without the CLI and reports
// throughput, so the speed of extraction alone can be measured.
//   extract_bench PATH... [--jsonl]
// --jsonl prints what `kg extract` prints (triples, then entities) instead.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <string>
#include <vector>

#include "extract/extract.h"

int main(int argc, char** argv) {
  using namespace kg::extract;
  bool jsonl = false;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--jsonl") {
      jsonl = true;
    } else {
      paths.push_back(a);
    }
  }
  // Every rule compiled here: the timing below is of extraction alone.
  ExtractorOptions options;
  options.compile_rules_lazily = false;
  auto extractor = Extractor::Create(options);
  if (!extractor.ok()) {
    std::cerr << "extract_bench: " << extractor.status().message() << "\n";
    return 1;
  }
  std::vector<Article> articles;
  for (const std::string& p : paths) {
    kg::Status s = ReadArticles(p, {}, [&](Article&& a) {
      articles.push_back(std::move(a));
      return kg::Status::Ok();
    });
    if (!s.ok()) std::cerr << "extract_bench: " << s.message() << "\n";
  }
  size_t bytes = 0, triples = 0;
  auto start = std::chrono::steady_clock::now();
  std::clock_t cpu_start = std::clock();
  for (const Article& a : articles) {
    Extraction x = (*extractor)->Extract(a);
    bytes += a.text.size();
    triples += x.triples.size();
    if (!jsonl) continue;
    for (const Triple& t : x.triples) std::cout << TripleToJson(t) << "\n";
    for (const EntityMention& e : x.entities) std::cout << EntityToJson(e) << "\n";
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // CPU time is the per-core figure: wall time also counts waiting for a
  // core on a shared machine.
  double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  std::fprintf(
      stderr, "%zu articles, %.2f MB, %zu triples in %.3f s wall, %.3f s CPU: %.2f MB/s per core\n",
      articles.size(), bytes / 1e6, triples, seconds, cpu, bytes / 1e6 / cpu);
  return 0;
}
