#include "tests/graph/store_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <vector>

namespace kg::graph::testing {
namespace {

struct Scan {
  std::map<EntityId, Entity> entities;
  std::vector<Edge> edges;
  std::map<std::string, uint64_t> evidence_by_doc;
  uint64_t evidence = 0;
  std::string problem;
};

// Reads every entity, edge and evidence row; notes the first broken edge.
Scan ScanStore(const Store& store) {
  Scan scan;
  Status s = store.ForEachEntity([&](const Entity& e) {
    scan.entities[e.id] = e;
    return Status::Ok();
  });
  if (s.ok()) {
    s = store.ForEachEdge([&](const Edge& e) {
      scan.edges.push_back(e);
      return Status::Ok();
    });
  }
  if (!s.ok()) scan.problem = "scan failed: " + s.message();
  for (const Edge& edge : scan.edges) {
    Result<std::vector<Evidence>> rows = store.GetEvidence(edge, 0);
    if (!rows.ok()) return scan.problem = "evidence read failed: " + rows.status().message(), scan;
    std::set<std::string> docs;
    for (const Evidence& row : *rows) {
      ++scan.evidence_by_doc[row.doc];
      docs.insert(row.doc);
    }
    scan.evidence += rows->size();
    if (scan.problem.empty() && docs.size() != edge.weight) {
      scan.problem = fmt::format("edge {}->{} has weight {} but evidence from {} documents",
                                 edge.subject, edge.object, edge.weight, docs.size());
    }
    if (scan.problem.empty() &&
        (!scan.entities.count(edge.subject) || !scan.entities.count(edge.object))) {
      scan.problem = fmt::format("edge {}->{} names a missing entity", edge.subject, edge.object);
    }
  }
  return scan;
}

}  // namespace

std::string CheckConsistent(const Store& store) {
  Result<CheckReport> report = store.Check();
  if (!report.ok()) return "check failed: " + report.status().message();
  if (!report->problems.empty()) return report->problems.front().message;
  Result<StoreStats> stats = store.Stats();
  if (!stats.ok()) return "stats failed: " + stats.status().message();
  std::string scanned =
      fmt::format("entities={} edges={} evidence={} documents={}", report->entities, report->edges,
                  report->evidence, report->documents);
  std::string counted =
      fmt::format("entities={} edges={} evidence={} documents={}", stats->entities, stats->edges,
                  stats->evidence, stats->documents);
  if (scanned != counted) return "Stats() says " + counted + " but a scan finds " + scanned;
  return "";
}

std::string DumpStore(const Store& store) {
  Scan scan = ScanStore(store);
  std::vector<std::string> lines;
  for (const auto& [id, e] : scan.entities) {
    lines.push_back(fmt::format("entity {} {} mentions={} aliases={}", e.name,
                                extract::ToString(e.type), e.mentions, fmt::join(e.aliases, "|")));
  }
  for (const Edge& edge : scan.edges) {
    std::string head =
        fmt::format("{} -{}-> {}", scan.entities[edge.subject].name,
                    extract::ToString(edge.relation), scan.entities[edge.object].name);
    lines.push_back(fmt::format("edge {} w={} c={} {}..{}", head, edge.weight, edge.confidence,
                                edge.first_date, edge.last_date));
    Result<std::vector<Evidence>> rows = store.GetEvidence(edge, 0);
    if (!rows.ok()) continue;
    for (const Evidence& r : *rows) {
      lines.push_back(fmt::format("evidence {} [{}] {} {} {} {}", head, r.doc, r.sentence, r.rule,
                                  r.confidence, r.date));
    }
  }
  Result<std::vector<DocumentRecord>> docs = store.ListDocuments();
  if (docs.ok()) {
    for (const DocumentRecord& d : *docs) {
      lines.push_back(
          fmt::format("document {} hash={} triples={}", d.id, d.content_hash, d.triple_count));
    }
  }
  std::sort(lines.begin(), lines.end());
  lines.push_back(scan.problem);
  return fmt::format("{}\n", fmt::join(lines, "\n"));
}

}  // namespace kg::graph::testing
