// cli/query_commands.h: internal to the kg command.
// The question-asking commands: neighbours, path, pattern, entity, top,
// query, export. They open the database read-only, so they run beside an ingest.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "base/status.h"

namespace kg::cli {

// Flags shared by commands that print an answer.
struct AnswerFlags {
  bool json = false;
  bool evidence = false;
  size_t evidence_per_edge = 2;
  std::string export_format;  // with --out: write the answer as a subgraph
  std::filesystem::path out;
};

struct QueryCommands {
  std::string entity, from, to, pattern, query_file, format;
  std::vector<std::string> names;  // kg entity NAME | kg entity why A B
  std::vector<std::string> relations, types;
  std::string direction = "both", type;
  int depth = 1, max_hops = 6, k = 0;
  size_t limit = 100, max_visited = 0, max_paths = 0;
  bool all_paths = false, infer = false, strict = false, no_evidence = false;
  unsigned jobs = 0;    // kg query threads; 0: one per core
  bool pretty = false;  // kg query: indented answer
  std::string iri_base;
  std::string since, until;  // YYYY-MM-DD; empty: open end
  AnswerFlags answer;
};

// Registers the commands; the one parsed sets `run`.
void AddQueryCommands(CLI::App& app, std::filesystem::path& db, QueryCommands& q,
                      std::function<Status()>& run);

}  // namespace kg::cli
