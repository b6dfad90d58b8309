// kg ingest, kg import, kg stats, kg docs, kg check.
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/article_pipeline.h"
#include "cli/commands.h"
#include "graph/graph.h"

namespace kg::cli {
namespace {

Result<std::unique_ptr<graph::Store>> OpenStore(const std::filesystem::path& db, bool read_only) {
  graph::StoreOptions options;
  options.read_only = read_only;
  options.create_if_missing = !read_only;
  return graph::Store::Open(options, db);
}

// FNV-1a over the article text: enough to tell a changed file from the same one.
std::string ContentHash(const extract::Article& article) {
  uint64_t hash = 1469598103934665603ULL;
  auto mix = [&](std::string_view bytes) {
    for (unsigned char c : bytes) hash = (hash ^ c) * 1099511628211ULL;
  };
  mix(article.text);
  mix(article.title);
  mix(article.date);
  return fmt::format("{:016x}", hash);
}

graph::DocumentRecord ToRecord(const extract::Article& article, const extract::Extraction& x) {
  graph::DocumentRecord doc;
  doc.id = article.id;
  doc.source = article.source;
  doc.content_hash = ContentHash(article);
  doc.title = article.title;
  doc.date = article.date;
  doc.ingest_time = std::chrono::duration_cast<std::chrono::seconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
  doc.triple_count = static_cast<uint32_t>(x.triples.size());
  return doc;
}

// Writes the query snapshot and says how long it took.
Status WriteSnapshotTimed(graph::Store& store) {
  auto start = std::chrono::steady_clock::now();
  KG_RETURN_IF_ERROR(store.WriteQuerySnapshot());
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fmt::print("wrote the query snapshot in {:.2f} s\n", seconds);
  return Status::Ok();
}

}  // namespace

Status RunIngest(const IngestArgs& args) {
  auto extractor = extract::Extractor::Create(args.flags.ToOptions());
  if (!extractor.ok()) return extractor.status();
  const bool had_snapshot = graph::Store::HasQuerySnapshot(args.db);
  auto store = OpenStore(args.db, /*read_only=*/false);
  if (!store.ok()) return store.status();
  size_t added = 0, replaced = 0, unchanged = 0, triples = 0;
  PipelineOptions options;
  options.jobs = args.flags.jobs;
  auto report = RunPipeline(
      args.inputs, **extractor, options,
      [&](const extract::Article& article, const extract::Extraction& extraction) -> Status {
        auto outcome = (*store)->IngestDocument(ToRecord(article, extraction), extraction);
        if (!outcome.ok()) return outcome.status().Annotate("ingesting " + article.source);
        switch (*outcome) {
          case graph::IngestOutcome::kAdded:
            ++added;
            break;
          case graph::IngestOutcome::kReplaced:
            ++replaced;
            break;
          case graph::IngestOutcome::kUnchanged:
            ++unchanged;
            break;
        }
        if (*outcome != graph::IngestOutcome::kUnchanged) triples += extraction.triples.size();
        return Status::Ok();
      });
  if (!report.ok()) return report.status();
  // A store that had a snapshot keeps one; --query-snapshot makes one.
  const bool changed = added + replaced > 0;
  if ((had_snapshot || args.query_snapshot) && (changed || !had_snapshot))
    KG_RETURN_IF_ERROR((*store)->WriteQuerySnapshot());
  for (const auto& skipped : report->skipped) fmt::print(stderr, "kg: skipped {}\n", skipped);
  if (!args.quiet) {
    fmt::print(
        "ingested {} document(s) into {}: {} added, {} replaced, {} unchanged; {} triple(s)\n",
        report->articles, args.db.string(), added, replaced, unchanged, triples);
  }
  if (!report->skipped.empty()) {
    return Status::InvalidArgument(
        fmt::format("{} input(s) could not be read (listed above); the rest was ingested",
                    report->skipped.size()));
  }
  return Status::Ok();
}

Status RunImport(const ImportArgs& args) {
  if (args.files.empty() && !args.query_snapshot) {
    return Status::InvalidArgument(
        "no files to import (name JSON Lines files from kg extract, or pass "
        "--query-snapshot alone to write the query snapshot of an existing store)");
  }
  const bool had_snapshot = graph::Store::HasQuerySnapshot(args.db);
  auto store = OpenStore(args.db, /*read_only=*/false);
  if (!store.ok()) return store.status();
  if (args.files.empty()) return WriteSnapshotTimed(**store);
  auto start = std::chrono::steady_clock::now();
  auto stats = (*store)->Import(args.files);
  if (!stats.ok()) return stats.status();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fmt::print("imported {} triple(s) from {} document(s) ({} line(s), {} skipped) in {:.2f} s\n",
             stats->triples, stats->documents, stats->lines, stats->skipped_lines, seconds);
  if (!args.query_snapshot && !had_snapshot) return Status::Ok();
  return WriteSnapshotTimed(**store);
}

Status RunStats(const StatsArgs& args) {
  auto store = OpenStore(args.db, /*read_only=*/true);
  if (!store.ok()) return store.status();
  auto stats = (*store)->Stats();
  if (!stats.ok()) return stats.status();
  if (args.json) {
    nlohmann::json out = {{"entities", stats->entities},
                          {"edges", stats->edges},
                          {"evidence", stats->evidence},
                          {"documents", stats->documents},
                          {"bytes_on_disk", stats->bytes_on_disk}};
    for (const auto& [type, count] : stats->entities_by_type) {
      out["entities_by_type"][std::string(extract::ToString(type))] = count;
    }
    for (const auto& [relation, count] : stats->edges_by_relation) {
      out["edges_by_relation"][std::string(extract::ToString(relation))] = count;
    }
    fmt::print("{}\n", out.dump(2));
    return Status::Ok();
  }
  fmt::print(
      "database   {}\ndocuments  {}\nentities   {}\nedges      {}\nevidence   {}\n"
      "disk       {:.1f} KiB\n",
      args.db.string(), stats->documents, stats->entities, stats->edges, stats->evidence,
      static_cast<double>(stats->bytes_on_disk) / 1024.0);
  fmt::print("\nentities by type\n");
  for (const auto& [type, count] : stats->entities_by_type) {
    fmt::print("  {:<16} {}\n", extract::ToString(type), count);
  }
  fmt::print("\nedges by relation\n");
  for (const auto& [relation, count] : stats->edges_by_relation) {
    fmt::print("  {:<16} {}\n", extract::ToString(relation), count);
  }
  return Status::Ok();
}

Status RunDocs(const DocsArgs& args) {
  const bool had_snapshot = graph::Store::HasQuerySnapshot(args.db);
  auto store = OpenStore(args.db, /*read_only=*/args.action == "list");
  if (!store.ok()) return store.status();
  if (args.action == "rm") {
    if (args.ids.empty()) return Status::InvalidArgument("kg docs rm needs a document id");
    for (const auto& id : args.ids) {
      KG_RETURN_IF_ERROR((*store)->RemoveDocument(id));
      fmt::print("removed {}\n", id);
    }
    return had_snapshot ? (*store)->WriteQuerySnapshot() : Status::Ok();
  }
  auto docs = (*store)->ListDocuments();
  if (!docs.ok()) return docs.status();
  if (args.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& d : *docs) {
      out.push_back({{"id", d.id},
                     {"source", d.source},
                     {"title", d.title},
                     {"date", d.date},
                     {"triples", d.triple_count},
                     {"content_hash", d.content_hash}});
    }
    fmt::print("{}\n", out.dump(2));
    return Status::Ok();
  }
  for (const auto& d : *docs) {
    fmt::print("{:<40} {:<10} {:>6} triples  {}\n", d.id, d.date.empty() ? "-" : d.date,
               d.triple_count, d.source);
  }
  fmt::print("{} document(s)\n", docs->size());
  return Status::Ok();
}

Status RunCheck(const CheckArgs& args) {
  const bool had_snapshot = graph::Store::HasQuerySnapshot(args.db);
  auto store = OpenStore(args.db, /*read_only=*/!args.repair);
  if (!store.ok()) return store.status();
  auto report = args.repair ? (*store)->Repair() : (*store)->Check();
  if (!report.ok()) return report.status().Annotate("checking " + args.db.string());
  if (had_snapshot && report->repaired && !report->problems.empty()) {
    KG_RETURN_IF_ERROR((*store)->WriteQuerySnapshot());
  }
  size_t repairable = 0;
  for (const auto& problem : report->problems) {
    const bool fixed = report->repaired && problem.repairable;
    fmt::print("{}: {}\n", fixed ? "repaired" : "problem", problem.message);
    if (problem.repairable) ++repairable;
  }
  const size_t remaining = report->Remaining();
  if (remaining == 0) {
    fmt::print("database {} is consistent: {} entities, {} edges, {} evidence rows, {} documents",
               args.db.string(), report->entities, report->edges, report->evidence,
               report->documents);
    fmt::print("{}\n", report->repaired && !report->problems.empty()
                           ? fmt::format(" ({} problem(s) repaired)", report->problems.size())
                           : "");
    return Status::Ok();
  }
  if (report->repaired) {
    return Status::InvalidArgument(fmt::format(
        "database {}: {} problem(s) repaired, {} remain that --repair cannot fix (see the "
        "lines above for what to do)",
        args.db.string(), report->problems.size() - remaining, remaining));
  }
  return Status::InvalidArgument(fmt::format(
      "database {}: {} problem(s) found, {} of them repairable; run `kg check --repair --db {}` "
      "to fix those",
      args.db.string(), remaining, repairable, args.db.string()));
}

}  // namespace kg::cli
