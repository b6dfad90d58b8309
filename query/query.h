// query/query.h: questions asked of a graph store, and exports of answers.
//
// Neighbourhoods, paths, typed patterns and entity reports, each answered by
// Boost.Graph algorithms over a view of the Store that loads only what a
// search visits. Every search has a budget (hops, visited nodes); a result
// that hit it says so in `truncated` and `truncation_hint`, naming the option
// that raises it. Every edge in an answer carries what is needed to show its
// evidence (Store::GetEvidence). RunQueryFile() runs a batch of named queries
// from a JSON document (docs/QUERY.md) and returns one JSON document.
// Export() writes the whole graph, or a subgraph, as GraphML and friends.
//
// Functions here only read the Store; they are safe to call from several
// threads on one Store.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "graph/graph.h"

namespace kg::query {

using graph::Edge;
using graph::Entity;
using graph::EntityId;
using graph::EntityType;
using graph::Relation;
using graph::Store;

enum class Direction { kOut, kIn, kBoth };

// Resolves a user-given name to an entity. NotFound carries "no entity named
// X; did you mean Y?".
Result<Entity> ResolveEntity(const Store& store, std::string_view name);

// Keeps only edges with evidence from articles dated in [since, until]
// (YYYY-MM-DD, both ends inclusive, either end open): an edge qualifies if
// at least one of its evidence rows is dated in range, so undated evidence
// never qualifies once a range is set. An edge whose [first_date,
// last_date] lies wholly inside or outside the range is decided without
// reading its evidence.
struct TimeRange {
  std::optional<std::string> since;
  std::optional<std::string> until;
  bool unbounded() const { return !since && !until; }
};
// InvalidArgument unless `date` is YYYY-MM-DD; `name` names it in the
// message (a flag, "--since", or a query-file field, "\"since\"").
Status ValidateDate(std::string_view date, std::string_view name);
// Both dates valid and since <= until; names them as "since"/"until".
Status ValidateTimeRange(const TimeRange& range);

struct NeighbourOptions {
  int depth = 1;
  std::vector<Relation> relations;  // empty: any
  std::vector<EntityType> types;    // types of entities reported; empty: any
  Direction direction = Direction::kBoth;
  size_t limit = 100;  // rows reported
  // A hub in news text (Google, "transformer") reaches most of the graph in
  // three hops; the budget keeps such a query interactive.
  size_t max_visited = 100000;
  TimeRange time;  // edges walked; unbounded: every edge
};

// One hop of an answer, with the direction it was walked in.
struct Hop {
  Edge edge;
  bool forward = true;  // walked subject -> object
  // Where the query snapshot keeps the edge, when the search read it there:
  // its evidence and dates are then read without looking it up again.
  // nullptr: unknown. Valid while the store is open.
  const graph::SnapshotEdgeSlot* slot = nullptr;
};

struct NeighbourRow {
  Entity entity;
  int depth = 0;
  Hop via;  // the edge by which it was first reached
};

struct NeighbourResult {
  Entity center;
  std::vector<NeighbourRow> rows;
  bool truncated = false;
  std::string truncation_hint;
};

Result<NeighbourResult> Neighbours(const Store& store, std::string_view name,
                                   const NeighbourOptions& options);

struct PathOptions {
  // Beyond six hops nearly everything in news text connects, and such paths
  // mean little to a reader.
  int max_hops = 6;
  std::vector<Relation> relations;  // empty: any
  bool all_shortest = false;        // every shortest path, not just one
  int k = 0;                        // >0: the k shortest simple paths (Yen)
  size_t max_visited = 200000;
  size_t max_paths = 100;
  TimeRange time;  // edges a path may use
};

struct Path {
  std::vector<Entity> nodes;  // nodes.size() == hops.size() + 1
  std::vector<Hop> hops;
};

struct PathResult {
  Entity from;
  Entity to;
  std::vector<Path> paths;  // empty: no path within the budget
  bool truncated = false;
  std::string truncation_hint;
};

Result<PathResult> FindPaths(const Store& store, std::string_view from, std::string_view to,
                             const PathOptions& options);
// The same between entities already resolved (ResolveEntity): a caller that
// resolves the ends itself, to say which one is unknown, reads them once.
Result<PathResult> FindPaths(const Store& store, Entity from, Entity to,
                             const PathOptions& options);

// A chain of typed nodes and relation steps, e.g.
// Organization -developed-> Technique -based_on*1..3-> Technique.
// A node is a type, `*` (any type), or a quoted name ("OpenAI", or
// Organization:"OpenAI") that pins it to one entity. A step is -rel-> or
// <-rel-, optionally with *N or *MIN..MAX hops of that relation.
struct PatternStep {
  Relation relation = Relation::kDeveloped;
  int min_hops = 1;
  int max_hops = 1;
  bool forward = true;
};
struct Pattern {
  std::vector<std::optional<EntityType>> node_types;   // size == steps.size() + 1
  std::vector<std::optional<std::string>> node_names;  // empty, or as node_types
  std::vector<PatternStep> steps;
  // "Which labs worked on which techniques": also count an organization as
  // having developed what a person affiliated with it developed (rows marked
  // inferred).
  bool infer_through_affiliation = false;
  size_t limit = 1000;
  size_t max_visited = 200000;
  TimeRange time;  // edges a row may use, inferred hops included
};
// Parses "Organization -developed-> Technique -based_on*1..3-> Technique".
// Errors name the offending token and its column, with a caret line.
Result<Pattern> ParsePattern(std::string_view text);

// Rows follow each step from every entity that fits the first node; a
// variable-length step yields one row per simple path, and no row uses one
// stored edge twice. nodes.size() == hops.size() + 1: an inferred hop pair
// (Organization <-affiliated_with- Person -developed-> Technique) puts the
// person between the two pattern nodes. An inferred row is left out when the
// organization developed the technique directly.
struct PatternRow {
  std::vector<Entity> nodes;
  std::vector<Hop> hops;  // inferred rows hold both hops behind the inference
  bool inferred = false;
};
struct PatternResult {
  std::vector<PatternRow> rows;
  bool truncated = false;
  std::string truncation_hint;
};
Result<PatternResult> MatchPattern(const Store& store, const Pattern& pattern);

// Everything known about one entity: relations grouped by kind.
struct EntityReport {
  Entity entity;
  std::vector<Hop> edges;
};
Result<EntityReport> DescribeEntity(const Store& store, std::string_view name);
struct EntityOptions {
  TimeRange time;  // edges reported
};
Result<EntityReport> DescribeEntity(const Store& store, std::string_view name,
                                    const EntityOptions& options);

// Most connected entities, optionally of one type. Degree counts edges in
// and out (a self-loop twice); ties go by name. Reads every edge once.
struct RankedEntity {
  Entity entity;
  uint64_t degree = 0;
};
Result<std::vector<RankedEntity>> TopEntities(const Store& store, std::optional<EntityType> type,
                                              size_t limit);

// Runs a JSON query file (docs/QUERY.md). Returns the JSON answer document;
// a bad query yields an error entry naming its id and field, unless `strict`,
// where it fails the whole run.
struct QueryFileOptions {
  bool strict = false;
  // Relative "out" paths of a query's "export" resolve here; empty: the
  // working directory. The CLI passes the query file's directory.
  std::filesystem::path export_dir;
  // A query file from elsewhere should not write files unless asked.
  bool allow_export = true;
  // Threads that run the queries and write their answers (at least 1). The
  // answer is the same for any number: queries that write a file ("export")
  // still run one at a time, in the file's order.
  size_t jobs = 1;
  // How the answer is laid out. Compact: each query's result on a line of its
  // own, without spaces ("{\"results\":[" first, "]}" last), which a script
  // reads, greps or splits fastest and which is half the bytes of Pretty.
  // Pretty: every member on its own line, indented two spaces per level.
  // Either is the same JSON value.
  enum class Layout { kCompact, kPretty };
  Layout layout = Layout::kCompact;
};
Result<std::string> RunQueryFile(const Store& store, std::string_view json_text,
                                 const QueryFileOptions& options);
// The same answer handed to `write` in pieces of about 256 KB, in order,
// once every query has run (nothing is written when the run fails). Each
// query's answer is held as its JSON text until then: memory grows with the
// answer's size (about 37 KB per 2-hop query of 100 rows), so split a batch
// of very many queries into several files.
Status RunQueryFile(const Store& store, std::string_view json_text, const QueryFileOptions& options,
                    const std::function<void(std::string_view)>& write);
// The same answer, each query's item handed on (in pieces of about 256 KB,
// in order) as soon as it and every item before it are written, for output
// whose writing can be undone: when the run fails, `take_back` is called to
// remove everything `write` was given (the CLI truncates a regular file
// back to its length at the start), and its failure is added to the run's
// error. Memory then stays flat however many queries the file holds. A
// file with an "export" query, whose file could not be taken back, is run
// as by the overload above, `take_back` never called.
Status RunQueryFile(const Store& store, std::string_view json_text, const QueryFileOptions& options,
                    const std::function<void(std::string_view)>& write,
                    const std::function<Status()>& take_back);

// ---- Export ----

enum class ExportFormat { kGraphML, kGexf, kJson, kDot, kCsv, kNTriples };
Result<ExportFormat> ParseExportFormat(std::string_view name);

// A set of entities and edges to export instead of the whole graph.
struct Subgraph {
  std::vector<EntityId> entities;
  std::vector<Edge> edges;
};

struct ExportOptions {
  ExportFormat format = ExportFormat::kGraphML;
  std::optional<Subgraph> subgraph;                  // nullopt: the whole store
  std::string iri_base = "https://kg.example.org/";  // N-Triples IRIs
  // One example sentence per edge costs a store read per edge, most of the
  // time of a whole-store export; false leaves `evidence` empty.
  bool with_evidence = true;
  // CSV only: the directory that receives nodes.csv and edges.csv (Neo4j
  // bulk-import headers). Empty: both tables go to `out`, nodes first.
  std::filesystem::path csv_dir;
};

// Writes the export to `out` (CSV with csv_dir set writes its two files).
// Text is UTF-8; invalid bytes become U+FFFD, and so do control characters
// other than tab, newline and return in the XML formats (XML 1.0 has no way
// to carry them). Aliases travel as JSON array text where a format has no
// lists (GraphML, GEXF, DOT, CSV).
Status Export(const Store& store, const ExportOptions& options, std::ostream& out);

// An answer as a subgraph to export: its entities and the edges it used.
Subgraph ToSubgraph(const NeighbourResult& result);
Subgraph ToSubgraph(const PathResult& result);
Subgraph ToSubgraph(const PatternResult& result);
Subgraph ToSubgraph(const EntityReport& report);
Subgraph ToSubgraph(const std::vector<RankedEntity>& top);

// ---- Presentation: what the CLI prints ----
//
// Tables for people: one line per row, hops drawn as "A -developed-> B" or
// "A <-affiliated_with- B", a last line with the truncation hint. With
// evidence, each edge is followed by up to `evidence_per_edge` sentences.
// A store error while reading evidence is shown in place of the sentences.
std::string FormatNeighbours(const Store& store, const NeighbourResult& result, bool with_evidence,
                             size_t evidence_per_edge = 2);
std::string FormatPaths(const Store& store, const PathResult& result, bool with_evidence,
                        size_t evidence_per_edge = 2);
std::string FormatPattern(const Store& store, const PatternResult& result, bool with_evidence,
                          size_t evidence_per_edge = 2);
std::string FormatEntityReport(const Store& store, const EntityReport& report, bool with_evidence,
                               size_t evidence_per_edge = 2);
std::string FormatTop(const std::vector<RankedEntity>& top);

// JSON objects with the row shape of a query file's results (docs/QUERY.md);
// every edge carries relation, direction, weight, confidence and up to
// `evidence_per_edge` pieces of evidence (document and sentence).
std::string NeighboursToJson(const Store& store, const NeighbourResult& result,
                             size_t evidence_per_edge = 2);
std::string PathsToJson(const Store& store, const PathResult& result, size_t evidence_per_edge = 2);
std::string PatternToJson(const Store& store, const PatternResult& result,
                          size_t evidence_per_edge = 2);
std::string EntityReportToJson(const Store& store, const EntityReport& report,
                               size_t evidence_per_edge = 2);
std::string TopToJson(const std::vector<RankedEntity>& top);

}  // namespace kg::query
