// RunQueryFile (query/query.h): a batch of named queries in one JSON
// document (docs/QUERY.md), answered as one JSON document.
#include <algorithm>
#include <atomic>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <nlohmann/json.hpp>

#include "query/present.h"

namespace kg::query {
namespace {

using internal::JsonWriter;
using InJson = nlohmann::json;

constexpr size_t kDefaultEvidencePerEdge = 2;

// Reads the fields of one query; every error names the query and the field.
class Fields {
 public:
  // `label` names the query in messages: its quoted id, or #N without one.
  Fields(const InJson& query, std::string label) : query_(query), label_(std::move(label)) {}

  const std::string& label() const { return label_; }

  Status Error(std::string_view field, std::string_view what) const {
    return Status::InvalidArgument(fmt::format("query {}: field \"{}\": {}", label_, field, what));
  }

  // Every field must be one the kind knows: a typo must not pass silently.
  Status OnlyKnown(std::vector<std::string> known) const {
    for (const char* common : {"id", "kind", "evidence", "export"}) known.push_back(common);
    for (const auto& [key, value] : query_.items()) {
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        std::sort(known.begin(), known.end());
        return Error(key,
                     fmt::format("unknown field (expected one of {})", fmt::join(known, ", ")));
      }
    }
    return Status::Ok();
  }

  Result<std::optional<std::string>> String(std::string_view field, bool required) const {
    auto it = query_.find(field);
    if (it == query_.end()) {
      if (required) return Error(field, "missing (expected a string)");
      return std::optional<std::string>();
    }
    if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
      return Error(field, "expected a non-empty string");
    }
    return std::optional<std::string>(it->get<std::string>());
  }

  // `minimum` 1: "a positive integer"; 0: "a non-negative integer".
  Result<std::optional<int64_t>> Integer(std::string_view field, int64_t minimum) const {
    auto it = query_.find(field);
    if (it == query_.end()) return std::optional<int64_t>();
    const char* expected =
        minimum > 0 ? "expected a positive integer" : "expected a non-negative integer";
    if (!it->is_number_integer()) return Error(field, expected);
    int64_t value = it->get<int64_t>();
    if (value < minimum || value > 1'000'000'000) return Error(field, expected);
    return std::optional<int64_t>(value);
  }

  Result<bool> Bool(std::string_view field) const {
    auto it = query_.find(field);
    if (it == query_.end()) return false;
    if (!it->is_boolean()) return Error(field, "expected true or false");
    return it->get<bool>();
  }

  // A string or an array of strings, each parsed by `parse`.
  template <typename T, typename Parse>
  Result<std::vector<T>> List(std::string_view field, Parse parse) const {
    std::vector<T> values;
    auto it = query_.find(field);
    if (it == query_.end()) return values;
    InJson items = it->is_array() ? *it : InJson::array({*it});
    for (const InJson& item : items) {
      if (!item.is_string()) return Error(field, "expected a string or an array of strings");
      Result<T> value = parse(item.get<std::string>());
      if (!value.ok()) return Error(field, value.status().message());
      values.push_back(*value);
    }
    return values;
  }

  const InJson& raw() const { return query_; }

 private:
  const InJson& query_;
  std::string label_;
};

// Sets `*target` from an optional integer field.
template <typename T>
Status ReadInteger(const Fields& f, std::string_view field, int64_t minimum, T* target) {
  Result<std::optional<int64_t>> value = f.Integer(field, minimum);
  if (!value.ok()) return value.status();
  if (*value) *target = static_cast<T>(**value);
  return Status::Ok();
}

// Reads the optional "since" and "until" fields (YYYY-MM-DD).
Status ReadTimeRange(const Fields& f, TimeRange* range) {
  for (auto [field, target] : {std::pair{"since", &range->since}, {"until", &range->until}}) {
    Result<std::optional<std::string>> value = f.String(field, false);
    if (!value.ok()) return value.status();
    if (!*value) continue;
    if (Status s = ValidateDate(**value, "value"); !s.ok()) return f.Error(field, s.message());
    *target = std::move(*value);
  }
  if (Status s = ValidateTimeRange(*range); !s.ok()) return f.Error("since", s.message());
  return Status::Ok();
}

// A query's answer, written only once the whole query has succeeded.
struct Answer {
  std::function<void(JsonWriter*)> write_members;
  std::function<Subgraph()> subgraph;  // made only for an "export"
};

// Keeps `result` for writing later with `write(result, out)`.
template <typename R, typename Write>
Answer AnswerOf(R result, Write write) {
  auto kept = std::make_shared<const R>(std::move(result));
  return {[kept, write](JsonWriter* out) { write(*kept, out); },
          [kept] { return ToSubgraph(*kept); }};
}

Result<Direction> ParseDirection(const std::string& text) {
  if (text == "out") return Direction::kOut;
  if (text == "in") return Direction::kIn;
  if (text == "both") return Direction::kBoth;
  return Status::InvalidArgument(
      fmt::format("unknown direction \"{}\" (expected out, in or both)", text));
}

Result<Answer> RunNeighbours(const Store& store, const Fields& f, size_t evidence) {
  KG_RETURN_IF_ERROR(f.OnlyKnown({"entity", "depth", "relations", "types", "direction", "limit",
                                  "max_visited", "since", "until"}));
  Result<std::optional<std::string>> entity = f.String("entity", true);
  if (!entity.ok()) return entity.status();
  NeighbourOptions options;
  KG_RETURN_IF_ERROR(ReadInteger(f, "depth", 1, &options.depth));
  KG_RETURN_IF_ERROR(ReadInteger(f, "limit", 1, &options.limit));
  KG_RETURN_IF_ERROR(ReadInteger(f, "max_visited", 1, &options.max_visited));
  KG_RETURN_IF_ERROR(ReadTimeRange(f, &options.time));
  Result<std::vector<Relation>> relations = f.List<Relation>("relations", extract::ParseRelation);
  if (!relations.ok()) return relations.status();
  options.relations = *relations;
  Result<std::vector<EntityType>> types = f.List<EntityType>("types", extract::ParseEntityType);
  if (!types.ok()) return types.status();
  options.types = *types;
  Result<std::vector<Direction>> direction = f.List<Direction>("direction", ParseDirection);
  if (!direction.ok()) return direction.status();
  if (direction->size() > 1) return f.Error("direction", "expected one of out, in or both");
  if (!direction->empty()) options.direction = direction->front();
  Result<NeighbourResult> result = Neighbours(store, **entity, options);
  if (!result.ok()) return f.Error("entity", result.status().message());
  return AnswerOf(std::move(*result),
                  [&store, evidence](const NeighbourResult& r, JsonWriter* out) {
                    internal::WriteNeighbours(store, r, evidence, out);
                  });
}

Result<Answer> RunPath(const Store& store, const Fields& f, size_t evidence) {
  KG_RETURN_IF_ERROR(f.OnlyKnown({"from", "to", "max_hops", "relations", "all", "k", "max_visited",
                                  "max_paths", "since", "until"}));
  Result<std::optional<std::string>> from = f.String("from", true);
  if (!from.ok()) return from.status();
  Result<std::optional<std::string>> to = f.String("to", true);
  if (!to.ok()) return to.status();
  PathOptions options;
  KG_RETURN_IF_ERROR(ReadInteger(f, "max_hops", 1, &options.max_hops));
  KG_RETURN_IF_ERROR(ReadInteger(f, "k", 0, &options.k));
  KG_RETURN_IF_ERROR(ReadInteger(f, "max_visited", 1, &options.max_visited));
  KG_RETURN_IF_ERROR(ReadTimeRange(f, &options.time));
  KG_RETURN_IF_ERROR(ReadInteger(f, "max_paths", 1, &options.max_paths));
  Result<bool> all = f.Bool("all");
  if (!all.ok()) return all.status();
  options.all_shortest = *all;
  Result<std::vector<Relation>> relations = f.List<Relation>("relations", extract::ParseRelation);
  if (!relations.ok()) return relations.status();
  options.relations = *relations;
  // Name resolution errors say which end was not found.
  Result<Entity> from_entity = ResolveEntity(store, **from);
  if (!from_entity.ok()) return f.Error("from", from_entity.status().message());
  Result<Entity> to_entity = ResolveEntity(store, **to);
  if (!to_entity.ok()) return f.Error("to", to_entity.status().message());
  Result<PathResult> result =
      FindPaths(store, std::move(*from_entity), std::move(*to_entity), options);
  if (!result.ok()) return result.status().Annotate(fmt::format("query {}", f.label()));
  return AnswerOf(std::move(*result), [&store, evidence](const PathResult& r, JsonWriter* out) {
    internal::WritePaths(store, r, evidence, out);
  });
}

Result<Answer> RunPattern(const Store& store, const Fields& f, size_t evidence) {
  KG_RETURN_IF_ERROR(f.OnlyKnown({"pattern", "infer", "limit", "max_visited", "since", "until"}));
  Result<std::optional<std::string>> text = f.String("pattern", true);
  if (!text.ok()) return text.status();
  Result<Pattern> pattern = ParsePattern(**text);
  if (!pattern.ok()) return f.Error("pattern", pattern.status().message());
  Result<bool> infer = f.Bool("infer");
  if (!infer.ok()) return infer.status();
  pattern->infer_through_affiliation = *infer;
  KG_RETURN_IF_ERROR(ReadInteger(f, "limit", 1, &pattern->limit));
  KG_RETURN_IF_ERROR(ReadInteger(f, "max_visited", 1, &pattern->max_visited));
  KG_RETURN_IF_ERROR(ReadTimeRange(f, &pattern->time));
  Result<PatternResult> result = MatchPattern(store, *pattern);
  if (!result.ok()) return f.Error("pattern", result.status().message());
  return AnswerOf(std::move(*result), [&store, evidence](const PatternResult& r, JsonWriter* out) {
    internal::WritePattern(store, r, evidence, out);
  });
}

Result<Answer> RunEntity(const Store& store, const Fields& f, size_t evidence) {
  KG_RETURN_IF_ERROR(f.OnlyKnown({"name", "since", "until"}));
  Result<std::optional<std::string>> name = f.String("name", true);
  if (!name.ok()) return name.status();
  EntityOptions options;
  KG_RETURN_IF_ERROR(ReadTimeRange(f, &options.time));
  Result<EntityReport> report = DescribeEntity(store, **name, options);
  if (!report.ok()) return f.Error("name", report.status().message());
  return AnswerOf(std::move(*report), [&store, evidence](const EntityReport& r, JsonWriter* out) {
    internal::WriteEntityReport(store, r, evidence, out);
  });
}

Result<Answer> RunTop(const Store& store, const Fields& f) {
  KG_RETURN_IF_ERROR(f.OnlyKnown({"type", "limit"}));
  Result<std::optional<std::string>> type_name = f.String("type", false);
  if (!type_name.ok()) return type_name.status();
  std::optional<EntityType> type;
  if (*type_name) {
    Result<EntityType> parsed = extract::ParseEntityType(**type_name);
    if (!parsed.ok()) return f.Error("type", parsed.status().message());
    type = *parsed;
  }
  size_t limit = 10;
  KG_RETURN_IF_ERROR(ReadInteger(f, "limit", 1, &limit));
  Result<std::vector<RankedEntity>> top = TopEntities(store, type, limit);
  if (!top.ok()) return top.status();
  return AnswerOf(std::move(*top), [](const std::vector<RankedEntity>& r, JsonWriter* out) {
    internal::WriteTop(r, out);
  });
}

Result<Answer> RunKind(const Store& store, const Fields& f, size_t evidence) {
  Result<std::optional<std::string>> kind = f.String("kind", true);
  if (!kind.ok()) return kind.status();
  if (**kind == "neighbours" || **kind == "neighbors") return RunNeighbours(store, f, evidence);
  if (**kind == "path") return RunPath(store, f, evidence);
  if (**kind == "pattern") return RunPattern(store, f, evidence);
  if (**kind == "entity") return RunEntity(store, f, evidence);
  if (**kind == "top") return RunTop(store, f);
  return f.Error("kind", fmt::format("unknown kind \"{}\" (expected neighbours, path, pattern, "
                                     "entity or top)",
                                     **kind));
}

struct Exported {
  std::string format;
  std::string out;
};

// {"format": "graphml", "out": "labs.graphml"}: writes the answer's subgraph.
Result<Exported> RunExport(const Store& store, const Fields& f, const Subgraph& subgraph,
                           const QueryFileOptions& options) {
  const InJson& spec = f.raw()["export"];
  if (!spec.is_object()) return f.Error("export", "expected {\"format\": ..., \"out\": ...}");
  Fields fields(spec, f.label());
  auto error = [&](const Status& s) { return f.Error("export", s.message()); };
  if (Status s = fields.OnlyKnown({"format", "out", "iri_base"}); !s.ok()) return error(s);
  if (!options.allow_export) return f.Error("export", "exports are disabled for this run");
  Result<std::optional<std::string>> format = fields.String("format", true);
  if (!format.ok()) return error(format.status());
  Result<std::optional<std::string>> out = fields.String("out", true);
  if (!out.ok()) return error(out.status());
  ExportOptions export_options;
  Result<ExportFormat> parsed = ParseExportFormat(**format);
  if (!parsed.ok()) return error(parsed.status());
  export_options.format = *parsed;
  export_options.subgraph = subgraph;
  Result<std::optional<std::string>> iri_base = fields.String("iri_base", false);
  if (!iri_base.ok()) return error(iri_base.status());
  if (*iri_base) export_options.iri_base = **iri_base;
  std::filesystem::path path = options.export_dir / **out;
  std::ofstream file(path, std::ios::binary);
  if (!file) return f.Error("export", fmt::format("cannot write {}", path.string()));
  KG_RETURN_IF_ERROR(
      Export(store, export_options, file)
          .Annotate(fmt::format("query {}: exporting to {}", f.label(), path.string())));
  return Exported{**format, path.string()};
}

// A query run, ready to be written.
struct Done {
  std::string id;
  std::string kind;
  Answer answer;
  std::optional<Exported> exported;
};

Result<Done> RunOne(const Store& store, const InJson& query, size_t index,
                    const QueryFileOptions& options) {
  std::string id = fmt::format("#{}", index + 1);
  if (!query.is_object()) {
    return Status::InvalidArgument(fmt::format("query {}: expected an object", id));
  }
  if (auto it = query.find("id"); it != query.end()) {
    if (!it->is_string()) {
      return Status::InvalidArgument(fmt::format("query {}: field \"id\": expected a string", id));
    }
    id = it->get<std::string>();
  }
  Fields f(query, query.contains("id") ? fmt::format("\"{}\"", id) : id);
  size_t evidence = kDefaultEvidencePerEdge;
  KG_RETURN_IF_ERROR(ReadInteger(f, "evidence", 0, &evidence));
  Result<Answer> answer = RunKind(store, f, evidence);
  if (!answer.ok()) return answer.status();
  Done done{id, query["kind"].get<std::string>(), std::move(*answer), std::nullopt};
  if (query.contains("export")) {
    Result<Exported> exported = RunExport(store, f, done.answer.subgraph(), options);
    if (!exported.ok()) return exported.status();
    done.exported = std::move(*exported);
  }
  return done;
}

void WriteDone(const Done& done, JsonWriter* out) {
  out->BeginObject();
  out->Member("id", done.id);
  out->Member("kind", done.kind);
  done.answer.write_members(out);
  if (done.exported) {
    out->Key("export");
    out->BeginObject();
    out->Member("format", done.exported->format);
    out->Member("out", done.exported->out);
    out->EndObject();
  }
  out->EndObject();
}

// Writes a value of the query file as it was given (an error row's id).
void WriteInput(const InJson& value, JsonWriter* out) {
  switch (value.type()) {
    case InJson::value_t::object:
      out->BeginObject();
      for (const auto& [key, item] : value.items()) {
        out->EscapedKey(key);
        WriteInput(item, out);
      }
      out->EndObject();
      return;
    case InJson::value_t::array:
      out->BeginArray();
      for (const InJson& item : value) WriteInput(item, out);
      out->EndArray();
      return;
    case InJson::value_t::string:
      return out->String(value.get_ref<const std::string&>());
    case InJson::value_t::boolean:
      return out->Bool(value.get<bool>());
    case InJson::value_t::number_integer:
      return out->Int(value.get<int64_t>());
    case InJson::value_t::number_unsigned:
      return out->UInt(value.get<uint64_t>());
    case InJson::value_t::number_float:
      return out->Double(value.get<double>());
    default:
      return out->Null();
  }
}

// "line 2, column 15" of the byte at `offset` (0-based) in `text`.
std::string Position(std::string_view text, size_t offset) {
  size_t end = std::min(offset, text.size());
  size_t line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + end, '\n'));
  size_t line_start = end == 0 ? std::string_view::npos : text.rfind('\n', end - 1);
  size_t column = line_start == std::string_view::npos ? end + 1 : end - line_start;
  return fmt::format("line {}, column {}", line, column);
}

// nlohmann reports a byte offset; people want a line and a column.
Status SyntaxError(std::string_view text, const InJson::parse_error& e) {
  std::string detail = e.what();
  if (size_t at = detail.find("column"); at != std::string::npos) {
    if (size_t colon = detail.find(": ", at); colon != std::string::npos) {
      detail = detail.substr(colon + 2);
    }
  }
  return Status::InvalidArgument(fmt::format("query file: JSON syntax error at {}: {}",
                                             Position(text, e.byte == 0 ? 0 : e.byte - 1), detail));
}

// Regression (fuzz_query_file): a number too large for a double ("1E999")
// is out_of_range, not a parse_error, and escaped RunQueryFile. It carries no
// position: the number's text, quoted in the message, is found instead.
Status NumberError(std::string_view text, const InJson::exception& e) {
  std::string detail = e.what();
  if (size_t at = detail.find("] "); at != std::string::npos) detail = detail.substr(at + 2);
  std::string where;
  size_t open = detail.find('\'');
  size_t close = open == std::string::npos ? open : detail.find('\'', open + 1);
  if (close != std::string::npos) {
    size_t found = text.find(std::string_view(detail).substr(open + 1, close - open - 1));
    if (found != std::string_view::npos) where = " at " + Position(text, found);
  }
  return Status::InvalidArgument(fmt::format(
      "query file: JSON number out of range{}: {} (numbers must fit a double)", where, detail));
}

// Runs `run(i)` for each i in [0, n) on `jobs` threads, the calling thread
// among them; returns when all have run.
void ForEachIndex(size_t n, size_t jobs, const std::function<void(size_t)>& run) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < n; i = next++) run(i);
  };
  std::vector<std::jthread> helpers;
  for (size_t t = 1; t < std::min(jobs, n); ++t) helpers.emplace_back(work);
  work();
}

bool WritesFile(const InJson& query) { return query.is_object() && query.contains("export"); }

// Store failures are not the query's fault: they end the run, as any
// failure does with `strict`; other failures are rows of the answer.
bool EndsRun(const Status& failure, const QueryFileOptions& options) {
  return options.strict || !failure.IsUserError();
}

Status RepeatedId(const std::string& id) {
  return Status::InvalidArgument(
      fmt::format("query \"{}\": field \"id\": used by an earlier query (ids must be unique)", id));
}

// Runs every query: each one's answer, or the error of a query that failed
// on its own. Fails, writing nothing, on a store failure or, with `strict`,
// on the first query in the file's order that fails. Queries that only read
// run first, on `options.jobs` threads, each answer written as its item of
// the "results" array (`render(i, result)`, unless empty) on the thread that
// ran it, while what it read is still in the cache. The rest (exports) run
// after, in order, as each is reached in the file: a run that stops at a
// failed query has written no later query's file.
Result<std::vector<Result<Done>>> RunAll(
    const Store& store, const InJson& queries, const QueryFileOptions& options,
    const std::function<void(size_t, const Result<Done>&)>& render) {
  std::vector<std::optional<Result<Done>>> ran(queries.size());
  ForEachIndex(queries.size(), options.jobs, [&](size_t i) {
    if (WritesFile(queries[i])) return;
    ran[i] = RunOne(store, queries[i], i, options);
    if (render && ran[i]->ok()) {
      render(i, *ran[i]);
      (*ran[i])->answer = {};  // written: its result's memory goes back for the next query
    }
  });
  std::vector<Result<Done>> done;
  done.reserve(queries.size());
  std::set<std::string> ids;
  for (size_t i = 0; i < queries.size(); ++i) {
    Result<Done> result = ran[i] ? std::move(*ran[i]) : RunOne(store, queries[i], i, options);
    ran[i].reset();
    if (result.ok() && !ids.insert(result->id).second) result = RepeatedId(result->id);
    if (!result.ok() && EndsRun(result.status(), options)) return result.status();
    done.push_back(std::move(result));
  }
  return done;
}

// The row of a query that failed: its id as given, or #N, and the error.
void WriteError(const InJson& query, size_t index, const Status& error, JsonWriter* out) {
  out->BeginObject();
  out->Key("id");
  if (query.is_object() && query.contains("id")) {
    WriteInput(query["id"], out);
  } else {
    out->String(fmt::format("#{}", index + 1));
  }
  out->Member("error", error.message());
  out->EndObject();
}

// The answer document, handed to `write` a piece at a time as the answers'
// items are joined: one buffer, emptied and filled again, instead of a
// second copy of the whole document. A batch's answer can be many megabytes,
// and fresh memory for all of it (page faults, the kernel clearing each page)
// was a quarter of the time of a batch of 2,000 2-hop queries.
class PieceWriter {
 public:
  static constexpr size_t kPieceBytes = 256 << 10;
  explicit PieceWriter(const std::function<void(std::string_view)>& write) : write_(write) {
    text_.reserve(2 * kPieceBytes);
  }
  std::string* text() { return &text_; }
  // Called between rows: hands the text on once there is a piece's worth.
  void MaybeWrite() {
    if (text_.size() >= kPieceBytes) Write();
  }
  void Write() {
    if (!text_.empty()) write_(text_);
    text_.clear();  // keeps the buffer, and its pages
  }

 private:
  const std::function<void(std::string_view)>& write_;
  std::string text_;
};

using Layout = QueryFileOptions::Layout;

constexpr int kPrettyIndent = 2;
constexpr size_t kResultsDepth = 2;  // {"results": [ ... ]}

int IndentOf(Layout layout) { return layout == Layout::kPretty ? kPrettyIndent : -1; }

// Writes the item of query i of the "results" array, its separator first.
// Compact, each item starts a line.
void WriteResult(const Result<Done>& result, const InJson& queries, size_t i, Layout layout,
                 std::string* text) {
  const bool compact = layout == Layout::kCompact;
  if (compact) text->append(i > 0 ? ",\n" : "\n");
  JsonWriter out(text, IndentOf(layout), kResultsDepth, compact ? 0 : i);
  if (result.ok()) {
    WriteDone(*result, &out);
  } else {
    WriteError(queries[i], i, result.status(), &out);
  }
  out.Flush();
}

// Query i's item as text of its exact size, written on the calling thread
// into a text it reuses, then copied once: grown in place, an item was
// copied twice over as its string doubled, each time into fresh pages.
std::string ItemText(const Result<Done>& result, const InJson& queries, size_t i, Layout layout) {
  thread_local std::string scratch;
  scratch.clear();
  WriteResult(result, queries, i, layout, &scratch);
  return scratch;
}

// Appends query i's item to the piece buffer: `text`, written earlier, when
// there is one and the result is still an answer (it becomes an error on a
// repeated id); otherwise written now.
void AppendItem(const Result<Done>& result, const std::string* text, const InJson& queries,
                size_t i, Layout layout, PieceWriter* pieces) {
  if (text != nullptr && result.ok()) {
    pieces->text()->append(*text);
  } else {
    WriteResult(result, queries, i, layout, pieces->text());
  }
  pieces->MaybeWrite();
}

// Writes each answer of a file without exports as soon as it and every
// answer before it are written, instead of holding all of them until the
// last query has run (RunQueryFile with `take_back`). The thread that runs
// the next answer due writes it straight into the piece buffer; one that
// finishes ahead of it writes its answer into a text that waits, and the
// thread that writes the answer due writes the waiting ones after it. Only
// one thread at a time writes (`committing_`); ids are checked, and failures
// found, in the file's order, as the held mode does.
class StreamedAnswers {
 public:
  StreamedAnswers(const InJson& queries, const QueryFileOptions& options, PieceWriter* pieces)
      : queries_(queries), options_(options), pieces_(pieces), waiting_(queries.size()) {}

  // The result of query i, from the thread that ran it.
  void Finish(size_t i, Result<Done> result) {
    std::unique_lock lock(mutex_);
    if (failed_) return;
    if (i == next_ && !committing_) {
      committing_ = true;
      lock.unlock();
      Commit(i, std::move(result), nullptr);
      lock.lock();
      ++next_;
      WriteWaiting(lock);
      return;
    }
    lock.unlock();
    Waiting answer{std::move(result), {}};
    if (answer.result.ok()) {
      answer.text = ItemText(answer.result, queries_, i, options_.layout);
      answer.result->answer = {};
    }
    lock.lock();
    waiting_[i] = std::move(answer);
    if (i == next_ && !committing_) {
      committing_ = true;
      WriteWaiting(lock);
    }
  }

  // Whether the run has failed (a store failure, or any failure with
  // `strict`): the queries not yet started need not run.
  bool failed() const { return failed_; }
  // REQUIRES: every thread is done.
  const Status& status() const { return status_; }

 private:
  struct Waiting {
    Result<Done> result;
    std::string text;  // its item, when the result is an answer
  };

  // Writes the answers that wait, from next_ on, until one is missing.
  // REQUIRES: committing_, `lock` held.
  void WriteWaiting(std::unique_lock<std::mutex>& lock) {
    while (!failed_ && next_ < waiting_.size() && waiting_[next_]) {
      const size_t i = next_;
      Waiting answer = std::move(*waiting_[i]);
      waiting_[i].reset();
      lock.unlock();
      Commit(i, std::move(answer.result), &answer.text);
      lock.lock();
      ++next_;
    }
    committing_ = false;
  }

  // Writes query i's item (`text` when it holds it; else written now), or
  // fails the run. REQUIRES: committing_, by this thread.
  void Commit(size_t i, Result<Done> result, const std::string* text) {
    if (result.ok() && !ids_.insert(result->id).second) result = RepeatedId(result->id);
    if (!result.ok() && EndsRun(result.status(), options_)) {
      status_ = result.status();
      failed_ = true;
      return;
    }
    AppendItem(result, text, queries_, i, options_.layout, pieces_);
  }

  const InJson& queries_;
  const QueryFileOptions& options_;
  PieceWriter* pieces_;
  std::mutex mutex_;
  size_t next_ = 0;          // the next item due in the output
  bool committing_ = false;  // a thread is writing items
  std::vector<std::optional<Waiting>> waiting_;
  std::set<std::string> ids_;  // of the items written
  std::atomic<bool> failed_ = false;
  Status status_;
};

// Parses a query file: its "queries" array, or why it has none.
Result<InJson> ParseQueries(std::string_view json_text) {
  InJson document;
  try {
    document = InJson::parse(json_text);
  } catch (const InJson::parse_error& e) {
    return SyntaxError(json_text, e);
  } catch (const InJson::exception& e) {
    return NumberError(json_text, e);
  }
  auto queries = document.is_object() ? document.find("queries") : document.end();
  if (queries == document.end() || !queries->is_array()) {
    return Status::InvalidArgument(
        "query file: expected an object with a \"queries\" array (see docs/QUERY.md)");
  }
  return std::move(*queries);
}

// The answer document around its items: `{"results":[` ...
void OpenResults(JsonWriter* out) {
  out->BeginObject();
  out->Key("results");
  out->BeginArray();
  out->Flush();
}

// ... and `]}`, after `items` items written into the piece buffer.
void CloseResults(size_t items, Layout layout, PieceWriter* pieces, JsonWriter* out) {
  out->ItemsWrittenElsewhere(items);
  if (layout == Layout::kCompact && items > 0) pieces->text()->push_back('\n');
  out->EndArray();
  out->EndObject();
  pieces->text()->push_back('\n');
  pieces->Write();
}

// Queries are all run before the first byte is written, so that a failed run
// writes nothing; presenting an answer cannot fail (a store error shows in
// place of the evidence it kept from the answer). Each answer is written as
// text by the thread that ran its query, right after it: the entities and
// evidence it shows are then still in that core's cache, and no thread
// waits on another to hand answers on in order (that hand-over, with a
// thread more than the cores, was a tenth of a 2-hop batch's time). The
// texts wait, in place of the answers they replace, until the last query
// has run.
Status RunHeld(const Store& store, const InJson& queries, const QueryFileOptions& options,
               const std::function<void(std::string_view)>& write) {
  // Each answer's item, written by the thread that ran it; an export's, or a
  // query's that failed, is written below. On one thread, every answer is
  // written below, into the reused piece buffer: written early, its text
  // would wait in fresh memory for the last query and then be copied once
  // more, which cost one thread more than it saved (0.126 against 0.118 ms
  // a 2-hop query at 10^6 edges).
  std::vector<std::string> items(queries.size());
  std::function<void(size_t, const Result<Done>&)> render;
  if (options.jobs > 1) {
    render = [&](size_t i, const Result<Done>& result) {
      items[i] = ItemText(result, queries, i, options.layout);
    };
  }
  Result<std::vector<Result<Done>>> done = RunAll(store, queries, options, render);
  if (!done.ok()) return done.status();
  PieceWriter pieces(write);
  JsonWriter out(pieces.text(), IndentOf(options.layout));
  OpenResults(&out);
  for (size_t i = 0; i < done->size(); ++i) {
    AppendItem((*done)[i], items[i].empty() ? nullptr : &items[i], queries, i, options.layout,
               &pieces);
    std::string().swap(items[i]);  // its memory back
  }
  CloseResults(done->size(), options.layout, &pieces, &out);
  return Status::Ok();
}

// Answers written as they are done (StreamedAnswers); on a failed run, what
// was written is taken back. Neither the answers' texts nor their results
// wait in fresh memory for the last query, and the output is written while
// the other threads still run queries: a 2-hop query in a batch of 100 at
// 10^6 edges, written to a file, took 0.053 ms instead of 0.063 (0.091
// instead of 0.109 on one thread), and a batch of 2,000 a peak RSS of 245
// MB instead of 318.
Status RunStreamed(const Store& store, const InJson& queries, const QueryFileOptions& options,
                   const std::function<void(std::string_view)>& write,
                   const std::function<Status()>& take_back) {
  PieceWriter pieces(write);
  JsonWriter out(pieces.text(), IndentOf(options.layout));
  OpenResults(&out);
  StreamedAnswers answers(queries, options, &pieces);
  ForEachIndex(queries.size(), options.jobs, [&](size_t i) {
    if (!answers.failed()) answers.Finish(i, RunOne(store, queries[i], i, options));
  });
  if (answers.failed()) {
    Status undone = take_back();
    if (!undone.ok()) {
      return Status::IOError(
          fmt::format("{} (and the answer written before it could not be taken back: {})",
                      answers.status().message(), undone.message()));
    }
    return answers.status();
  }
  CloseResults(queries.size(), options.layout, &pieces, &out);
  return Status::Ok();
}

}  // namespace

Status RunQueryFile(const Store& store, std::string_view json_text, const QueryFileOptions& options,
                    const std::function<void(std::string_view)>& write) {
  return RunQueryFile(store, json_text, options, write, nullptr);
}

Status RunQueryFile(const Store& store, std::string_view json_text, const QueryFileOptions& options,
                    const std::function<void(std::string_view)>& write,
                    const std::function<Status()>& take_back) {
  Result<InJson> queries = ParseQueries(json_text);
  if (!queries.ok()) return queries.status();
  // Exports write files as they run, which cannot be taken back.
  const bool exports = std::any_of(queries->begin(), queries->end(), WritesFile);
  if (take_back && !exports) return RunStreamed(store, *queries, options, write, take_back);
  return RunHeld(store, *queries, options, write);
}

Result<std::string> RunQueryFile(const Store& store, std::string_view json_text,
                                 const QueryFileOptions& options) {
  std::string text;
  Status s = RunQueryFile(store, json_text, options,
                          [&text](std::string_view piece) { text.append(piece); });
  if (!s.ok()) return s;
  return text;
}

}  // namespace kg::query
