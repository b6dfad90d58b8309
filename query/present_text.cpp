// Tables for people (query/query.h, "Presentation").
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "query/present.h"

namespace kg::query {
namespace {

using extract::ToString;
using internal::NameCache;

// Columns are padded by code points, which is close enough for names in
// Latin, Greek or Cyrillic script; wide CJK names just push the line out.
size_t Width(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string Pad(std::string_view text, size_t width) {
  std::string padded(text);
  padded.append(width > Width(text) ? width - Width(text) : 0, ' ');
  return padded;
}

// "A -developed-> B" when walked forward, "A <-developed- B" otherwise, A
// being the node the walk came from.
std::string Step(const Hop& hop) {
  std::string_view relation = ToString(hop.edge.relation);
  return hop.forward ? fmt::format(" -{}-> ", relation) : fmt::format(" <-{}- ", relation);
}

std::string HopText(const Hop& hop, NameCache* names) {
  EntityId from = hop.forward ? hop.edge.subject : hop.edge.object;
  EntityId to = hop.forward ? hop.edge.object : hop.edge.subject;
  return fmt::format("{}{}{}", names->Name(from), Step(hop), names->Name(to));
}

std::string Chain(const std::vector<Entity>& nodes, const std::vector<Hop>& hops) {
  std::string text = nodes.empty() ? "" : nodes.front().name;
  for (size_t i = 0; i < hops.size() && i + 1 < nodes.size(); ++i) {
    text += Step(hops[i]) + nodes[i + 1].name;
  }
  return text;
}

void AppendEvidence(const Store& store, const Edge& edge, size_t limit, const char* indent,
                    std::string* out) {
  Result<std::vector<graph::Evidence>> evidence = store.GetEvidence(edge, limit);
  if (!evidence.ok()) {
    *out += fmt::format("{}(evidence unavailable: {})\n", indent, evidence.status().message());
    return;
  }
  for (const graph::Evidence& e : *evidence) {
    *out += fmt::format("{}{}: \"{}\"\n", indent, e.doc, e.sentence);
  }
}

void AppendHint(bool truncated, const std::string& hint, std::string* out) {
  if (truncated) *out += "(" + hint + ")\n";
}

}  // namespace

std::string FormatNeighbours(const Store& store, const NeighbourResult& result, bool with_evidence,
                             size_t evidence_per_edge) {
  NameCache names(store);
  names.Add(result.center);
  size_t name_width = 6;
  for (const NeighbourRow& row : result.rows) {
    names.Add(row.entity);
    name_width = std::max(name_width, Width(row.entity.name));
  }
  std::string out =
      fmt::format("{} ({}): {} neighbour{}\n", result.center.name, ToString(result.center.type),
                  result.rows.size(), result.rows.size() == 1 ? "" : "s");
  if (!result.rows.empty()) {
    out += fmt::format("depth  {}  {}  via\n", Pad("entity", name_width), Pad("type", 12));
  }
  for (const NeighbourRow& row : result.rows) {
    out += fmt::format("{}  {}  {}  {}  (weight {})\n", Pad(std::to_string(row.depth), 5),
                       Pad(row.entity.name, name_width), Pad(ToString(row.entity.type), 12),
                       HopText(row.via, &names), row.via.edge.weight);
    if (with_evidence) AppendEvidence(store, row.via.edge, evidence_per_edge, "       ", &out);
  }
  AppendHint(result.truncated, result.truncation_hint, &out);
  return out;
}

std::string FormatPaths(const Store& store, const PathResult& result, bool with_evidence,
                        size_t evidence_per_edge) {
  NameCache names(store);
  std::string out;
  if (result.paths.empty()) {
    out = fmt::format("no path from {} to {}\n", result.from.name, result.to.name);
  } else {
    out = fmt::format("{} path{} from {} to {}:\n", result.paths.size(),
                      result.paths.size() == 1 ? "" : "s", result.from.name, result.to.name);
  }
  for (size_t i = 0; i < result.paths.size(); ++i) {
    const Path& path = result.paths[i];
    out += fmt::format("{}. {}  ({} hop{})\n", i + 1, Chain(path.nodes, path.hops),
                       path.hops.size(), path.hops.size() == 1 ? "" : "s");
    if (!with_evidence) continue;
    for (const Hop& hop : path.hops) {
      out += "   " + HopText(hop, &names) + "\n";
      AppendEvidence(store, hop.edge, evidence_per_edge, "     ", &out);
    }
  }
  AppendHint(result.truncated, result.truncation_hint, &out);
  return out;
}

std::string FormatPattern(const Store& store, const PatternResult& result, bool with_evidence,
                          size_t evidence_per_edge) {
  NameCache names(store);
  std::string out =
      fmt::format("{} match{}\n", result.rows.size(), result.rows.size() == 1 ? "" : "es");
  for (const PatternRow& row : result.rows) {
    out += Chain(row.nodes, row.hops) + (row.inferred ? "  [inferred]\n" : "\n");
    if (!with_evidence) continue;
    for (const Hop& hop : row.hops) {
      out += "   " + HopText(hop, &names) + "\n";
      AppendEvidence(store, hop.edge, evidence_per_edge, "     ", &out);
    }
  }
  AppendHint(result.truncated, result.truncation_hint, &out);
  return out;
}

std::string FormatEntityReport(const Store& store, const EntityReport& report, bool with_evidence,
                               size_t evidence_per_edge) {
  NameCache names(store);
  names.Add(report.entity);
  const Entity& e = report.entity;
  std::string out = fmt::format("{} ({}), {} mention{}\n", e.name, ToString(e.type), e.mentions,
                                e.mentions == 1 ? "" : "s");
  if (!e.aliases.empty()) out += fmt::format("aliases: {}\n", fmt::join(e.aliases, ", "));
  std::optional<Relation> group;
  for (const Hop& hop : report.edges) {
    if (group != hop.edge.relation) {
      group = hop.edge.relation;
      out += fmt::format("{}:\n", ToString(*group));
    }
    EntityId other = hop.forward ? hop.edge.object : hop.edge.subject;
    out += fmt::format("  {} {}  (weight {})\n", hop.forward ? "->" : "<-", names.Name(other),
                       hop.edge.weight);
    if (with_evidence) AppendEvidence(store, hop.edge, evidence_per_edge, "      ", &out);
  }
  if (report.edges.empty()) out += "no relations\n";
  return out;
}

std::string FormatTop(const std::vector<RankedEntity>& top) {
  size_t name_width = 6;
  for (const RankedEntity& r : top) name_width = std::max(name_width, Width(r.entity.name));
  std::string out =
      fmt::format("rank  {}  {}  degree\n", Pad("entity", name_width), Pad("type", 12));
  for (size_t i = 0; i < top.size(); ++i) {
    out += fmt::format("{}  {}  {}  {}\n", Pad(std::to_string(i + 1), 4),
                       Pad(top[i].entity.name, name_width), Pad(ToString(top[i].entity.type), 12),
                       top[i].degree);
  }
  return out;
}

}  // namespace kg::query
