// kg neighbours, path, pattern, entity, top, query, export.
#include "cli/query_commands.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "cli/commands.h"
#include "graph/graph.h"
#include "query/query.h"

namespace kg::cli {
namespace {

using query::Subgraph;

Result<std::unique_ptr<graph::Store>> OpenForReading(const std::filesystem::path& db) {
  graph::StoreOptions options;
  options.read_only = true;
  options.create_if_missing = false;
  return graph::Store::Open(options, db);
}

Result<std::vector<extract::Relation>> ParseRelations(const std::vector<std::string>& names) {
  std::vector<extract::Relation> out;
  for (const auto& name : names) {
    auto relation = extract::ParseRelation(name);
    if (!relation.ok()) return relation.status().Annotate("--relation");
    out.push_back(*relation);
  }
  return out;
}

Result<std::vector<extract::EntityType>> ParseTypes(const std::vector<std::string>& names) {
  std::vector<extract::EntityType> out;
  for (const auto& name : names) {
    auto type = extract::ParseEntityType(name);
    if (!type.ok()) return type.status().Annotate("--type");
    out.push_back(*type);
  }
  return out;
}

Status WriteExport(const graph::Store& store, const std::string& format_name,
                   const std::filesystem::path& out_path, std::optional<Subgraph> subgraph,
                   const std::string& iri_base, bool with_evidence = true) {
  auto format = query::ParseExportFormat(format_name);
  if (!format.ok()) return format.status();
  query::ExportOptions options;
  options.format = *format;
  options.with_evidence = with_evidence;
  options.subgraph = std::move(subgraph);
  if (!iri_base.empty()) options.iri_base = iri_base;
  if (*format == query::ExportFormat::kCsv && !out_path.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(out_path, ec);
    if (ec)
      return Status::IOError(
          fmt::format("cannot create directory {}: {}", out_path.string(), ec.message()));
    options.csv_dir = out_path;
    std::ostringstream unused;
    return query::Export(store, options, unused);
  }
  if (out_path.empty()) {
    errno = 0;
    Status exported = query::Export(store, options, std::cout);
    // A failed stream is the output's fault, not the store's: say which.
    if (!exported.ok() && std::cout.fail()) return WriteFailed("to standard output", errno);
    return exported;
  }
  std::ofstream file(out_path, std::ios::binary);
  if (!file) {
    return Status::InvalidArgument(fmt::format(
        "cannot write {} (check the directory exists and is writable)", out_path.string()));
  }
  errno = 0;
  Status exported = query::Export(store, options, file);
  if (exported.ok()) file.close();
  if (file.fail()) return WriteFailed(out_path.string(), errno);
  KG_RETURN_IF_ERROR(exported);
  std::fprintf(stderr, "wrote %s\n", out_path.string().c_str());
  return Status::Ok();
}

// Prints an answer as a table or JSON, or exports it when --export is given.
template <typename Answer, typename TableFn, typename JsonFn>
Status Present(const graph::Store& store, const Answer& answer, const AnswerFlags& flags,
               const std::string& iri_base, TableFn table, JsonFn json) {
  if (!flags.export_format.empty()) {
    return WriteExport(store, flags.export_format, flags.out, query::ToSubgraph(answer), iri_base);
  }
  std::string text = flags.json ? json() : table();
  if (!text.empty() && text.back() != '\n') text += '\n';
  WriteStandardOutput(text);
  return Status::Ok();
}

void AddAnswerFlags(CLI::App* cmd, AnswerFlags* flags) {
  cmd->add_flag("--json", flags->json, "print JSON (the row shape of kg query results)");
  cmd->add_flag("--evidence", flags->evidence, "show the sentences behind each edge");
  cmd->add_option("--evidence-per-edge", flags->evidence_per_edge, "sentences shown per edge");
  cmd->add_option(
      "--export", flags->export_format,
      "write the answer as a subgraph instead: graphml, gexf, json, dot, csv, ntriples");
  cmd->add_option("--out", flags->out, "file for --export (a directory for csv); default stdout");
}

// --since/--until as a TimeRange; a bad date names its flag.
Result<query::TimeRange> TimeFlags(const QueryCommands& q) {
  query::TimeRange range;
  if (!q.since.empty()) {
    KG_RETURN_IF_ERROR(query::ValidateDate(q.since, "--since"));
    range.since = q.since;
  }
  if (!q.until.empty()) {
    KG_RETURN_IF_ERROR(query::ValidateDate(q.until, "--until"));
    range.until = q.until;
  }
  if (range.since && range.until && *range.since > *range.until) {
    return Status::InvalidArgument(fmt::format(
        "--since {} is after --until {}; give the earlier date to --since", q.since, q.until));
  }
  return range;
}

void AddTimeFlags(CLI::App* cmd, QueryCommands* q) {
  cmd->add_option("--since", q->since,
                  "only edges with evidence from articles dated on or after YYYY-MM-DD");
  cmd->add_option("--until", q->until,
                  "only edges with evidence from articles dated on or before YYYY-MM-DD");
}

Status RunNeighbours(const std::filesystem::path& db, const QueryCommands& q) {
  auto time = TimeFlags(q);
  if (!time.ok()) return time.status();
  auto store = OpenForReading(db);
  if (!store.ok()) return store.status();
  query::NeighbourOptions options;
  options.depth = q.depth;
  options.limit = q.limit;
  if (q.max_visited > 0) options.max_visited = q.max_visited;
  options.direction = q.direction == "out"  ? query::Direction::kOut
                      : q.direction == "in" ? query::Direction::kIn
                                            : query::Direction::kBoth;
  auto relations = ParseRelations(q.relations);
  if (!relations.ok()) return relations.status();
  options.relations = *relations;
  auto types = ParseTypes(q.types);
  if (!types.ok()) return types.status();
  options.types = *types;
  options.time = *time;
  auto result = query::Neighbours(**store, q.entity, options);
  if (!result.ok()) return result.status();
  const auto& s = **store;
  return Present(
      s, *result, q.answer, q.iri_base,
      [&] {
        return query::FormatNeighbours(s, *result, q.answer.evidence, q.answer.evidence_per_edge);
      },
      [&] { return query::NeighboursToJson(s, *result, q.answer.evidence_per_edge); });
}

Status RunPath(const std::filesystem::path& db, const QueryCommands& q) {
  auto time = TimeFlags(q);
  if (!time.ok()) return time.status();
  auto store = OpenForReading(db);
  if (!store.ok()) return store.status();
  query::PathOptions options;
  options.max_hops = q.max_hops;
  options.all_shortest = q.all_paths;
  options.k = q.k;
  if (q.max_visited > 0) options.max_visited = q.max_visited;
  if (q.max_paths > 0) options.max_paths = q.max_paths;
  auto relations = ParseRelations(q.relations);
  if (!relations.ok()) return relations.status();
  options.relations = *relations;
  options.time = *time;
  auto result = query::FindPaths(**store, q.from, q.to, options);
  if (!result.ok()) return result.status();
  const auto& s = **store;
  return Present(
      s, *result, q.answer, q.iri_base,
      [&] { return query::FormatPaths(s, *result, q.answer.evidence, q.answer.evidence_per_edge); },
      [&] { return query::PathsToJson(s, *result, q.answer.evidence_per_edge); });
}

Status RunPattern(const std::filesystem::path& db, const QueryCommands& q) {
  auto pattern = query::ParsePattern(q.pattern);
  if (!pattern.ok()) return pattern.status();
  pattern->infer_through_affiliation = q.infer;
  pattern->limit = q.limit;
  if (q.max_visited > 0) pattern->max_visited = q.max_visited;
  auto time = TimeFlags(q);
  if (!time.ok()) return time.status();
  pattern->time = *time;
  auto store = OpenForReading(db);
  if (!store.ok()) return store.status();
  auto result = query::MatchPattern(**store, *pattern);
  if (!result.ok()) return result.status();
  const auto& s = **store;
  return Present(
      s, *result, q.answer, q.iri_base,
      [&] {
        return query::FormatPattern(s, *result, q.answer.evidence, q.answer.evidence_per_edge);
      },
      [&] { return query::PatternToJson(s, *result, q.answer.evidence_per_edge); });
}

Status RunEntityWhy(const graph::Store& store, const std::string& a, const std::string& b) {
  auto reasons = store.MergeReasons(a, b);
  if (!reasons.ok()) return reasons.status();
  if (reasons->empty()) {
    fmt::print("\"{}\" and \"{}\" are not the same entity\n", a, b);
    return Status::Ok();
  }
  fmt::print("\"{}\" and \"{}\" are one entity:\n", a, b);
  for (const auto& reason : *reasons) fmt::print("  {}\n", reason);
  return Status::Ok();
}

Status RunEntity(const std::filesystem::path& db, const QueryCommands& q) {
  auto store = OpenForReading(db);
  if (!store.ok()) return store.status();
  const auto& s = **store;
  if (q.names.size() == 3 && q.names[0] == "why") return RunEntityWhy(s, q.names[1], q.names[2]);
  if (q.names.size() != 1) {
    return Status::InvalidArgument("kg entity takes one name, or `why NAME NAME`");
  }
  auto time = TimeFlags(q);
  if (!time.ok()) return time.status();
  auto report = query::DescribeEntity(s, q.names[0], query::EntityOptions{*time});
  if (!report.ok()) return report.status();
  return Present(
      s, *report, q.answer, q.iri_base,
      [&] {
        return query::FormatEntityReport(s, *report, q.answer.evidence, q.answer.evidence_per_edge);
      },
      [&] { return query::EntityReportToJson(s, *report, q.answer.evidence_per_edge); });
}

Status RunTop(const std::filesystem::path& db, const QueryCommands& q) {
  std::optional<extract::EntityType> type;
  if (!q.type.empty()) {
    auto parsed = extract::ParseEntityType(q.type);
    if (!parsed.ok()) return parsed.status().Annotate("--type");
    type = *parsed;
  }
  auto store = OpenForReading(db);
  if (!store.ok()) return store.status();
  auto top = query::TopEntities(**store, type, q.limit);
  if (!top.ok()) return top.status();
  return Present(
      **store, *top, q.answer, q.iri_base, [&] { return query::FormatTop(*top); },
      [&] { return query::TopToJson(*top); });
}

Result<std::string> ReadQueryText(const std::string& path) {
  if (path == "-") {
    return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) return Status::NotFound("cannot open query file " + path);
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

Status RunQueryFile(const std::filesystem::path& db, const QueryCommands& q) {
  auto text = ReadQueryText(q.query_file);
  if (!text.ok()) return text.status();
  auto store = OpenForReading(db);
  if (!store.ok()) return store.status();
  query::QueryFileOptions options;
  options.strict = q.strict;
  options.jobs = q.jobs > 0 ? q.jobs : std::max(1u, std::thread::hardware_concurrency());
  if (q.pretty) options.layout = query::QueryFileOptions::Layout::kPretty;
  // An "export" field's relative "out" is relative to the query file, so a
  // query file works from any directory.
  if (q.query_file != "-") options.export_dir = std::filesystem::path(q.query_file).parent_path();
  WidenStandardOutputPipe();
  // The answer ends with a newline. Written to a file, answers go out as
  // they are done: a failed run's are cut off again.
  Status s =
      query::RunQueryFile(**store, *text, options, WriteStandardOutput, TakeBackStandardOutput());
  if (!s.ok()) return s.Annotate(q.query_file);
  return Status::Ok();
}

Status RunExport(const std::filesystem::path& db, const QueryCommands& q) {
  auto store = OpenForReading(db);
  if (!store.ok()) return store.status();
  return WriteExport(**store, q.format, q.answer.out, std::nullopt, q.iri_base, !q.no_evidence);
}

}  // namespace

void AddQueryCommands(CLI::App& app, std::filesystem::path& db, QueryCommands& q,
                      std::function<Status()>& run) {
  auto add_db = [&db](CLI::App* cmd) {
    cmd->add_option("--db", db, "database directory (default: $KG_DB, else ./kg.db)");
  };
  auto on_parse = [&run, &db, &q](CLI::App* cmd, Status (*fn)(const std::filesystem::path&,
                                                              const QueryCommands&)) {
    cmd->callback([&run, &db, &q, fn] { run = [&db, &q, fn] { return fn(db, q); }; });
  };

  auto* nb = app.add_subcommand("neighbours", "Entities around an entity, within N hops");
  nb->alias("neighbors");
  nb->add_option("entity", q.entity, "name or alias of the entity")->required();
  nb->add_option("--depth", q.depth, "hops from the entity")->check(CLI::Range(1, 10));
  nb->add_option("--relation", q.relations, "follow only this relation (repeatable)");
  nb->add_option("--type", q.types, "report only entities of this type (repeatable)");
  nb->add_option("--direction", q.direction, "out, in or both")
      ->check(CLI::IsMember({"out", "in", "both"}));
  nb->add_option("--limit", q.limit, "rows reported");
  nb->add_option("--max-visited", q.max_visited, "stop after visiting this many entities");
  AddTimeFlags(nb, &q);
  AddAnswerFlags(nb, &q.answer);
  add_db(nb);
  on_parse(nb, RunNeighbours);

  auto* path = app.add_subcommand("path", "How two entities are connected: shortest paths");
  path->add_option("from", q.from, "first entity")->required();
  path->add_option("to", q.to, "second entity")->required();
  path->add_option("--max-hops", q.max_hops, "longest path searched")->check(CLI::Range(1, 20));
  path->add_option("--relation", q.relations, "follow only this relation (repeatable)");
  path->add_flag("--all", q.all_paths, "every shortest path, not just one");
  path->add_option("--k", q.k, "the k shortest simple paths (Yen's algorithm)")
      ->check(CLI::Range(0, 1000));
  path->add_option("--max-visited", q.max_visited, "stop after visiting this many entities");
  path->add_option("--max-paths", q.max_paths, "most paths reported with --all or --k");
  AddTimeFlags(path, &q);
  AddAnswerFlags(path, &q.answer);
  add_db(path);
  on_parse(path, RunPath);

  auto* pattern = app.add_subcommand(
      "pattern",
      "Typed pattern, e.g. \"Organization -developed-> Technique -based_on*1..3-> Technique\"");
  pattern->add_option("pattern", q.pattern, "the pattern (see docs/QUERY.md)")->required();
  pattern->add_flag("--infer", q.infer,
                    "count what a person affiliated with an organization developed as the "
                    "organization's (rows marked inferred)");
  pattern->add_option("--limit", q.limit, "rows reported");
  pattern->add_option("--max-visited", q.max_visited, "stop after visiting this many entities");
  AddTimeFlags(pattern, &q);
  AddAnswerFlags(pattern, &q.answer);
  add_db(pattern);
  on_parse(pattern, RunPattern);

  auto* entity = app.add_subcommand(
      "entity", "Everything known about an entity; `kg entity why A B`: why two names are one");
  entity->add_option("name", q.names, "NAME, or: why NAME NAME")->required()->expected(1, 3);
  AddTimeFlags(entity, &q);
  AddAnswerFlags(entity, &q.answer);
  add_db(entity);
  on_parse(entity, RunEntity);

  auto* top = app.add_subcommand("top", "Most connected entities");
  top->add_option("--type", q.type, "only entities of this type");
  top->add_option("--limit", q.limit, "rows reported");
  AddAnswerFlags(top, &q.answer);
  add_db(top);
  on_parse(top, RunTop);

  auto* qf = app.add_subcommand("query", "Run a JSON query file (docs/QUERY.md); prints JSON");
  qf->add_option("file", q.query_file, "the query file, - for stdin")->required();
  qf->add_flag("--strict", q.strict, "fail on the first bad query instead of reporting it");
  qf->add_option("-j,--jobs", q.jobs,
                 "threads that run the queries and write the answers (default: one per core)")
      ->check(CLI::Range(1, 256));
  qf->add_flag("--pretty", q.pretty,
               "indent the answer (default: compact, each query's result on a line of its own)");
  add_db(qf);
  on_parse(qf, RunQueryFile);

  auto* ex =
      app.add_subcommand("export", "Write the whole graph for Gephi, yEd, Cytoscape, Neo4j, RDF");
  ex->add_option("--format", q.format, "graphml, gexf, json, dot, csv, ntriples")->required();
  ex->add_option("--out", q.answer.out, "output file (a directory for csv); default stdout");
  ex->add_option("--iri-base", q.iri_base, "base of the IRIs minted by ntriples");
  ex->add_flag("--no-evidence", q.no_evidence,
               "leave out the example sentence per edge (much faster for large graphs)");
  add_db(ex);
  on_parse(ex, RunExport);
}

}  // namespace kg::cli
