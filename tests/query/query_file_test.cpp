// RunQueryFile: batches of named queries in JSON (query/query_file.cpp,
// docs/QUERY.md). The graph is the one drawn in tests/query/fixtures.h.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "query/query.h"
#include "tests/query/fixtures.h"

namespace kg::query {
namespace {

using nlohmann::json;
using testing::AiNews;

json RunFile(std::string_view text, const QueryFileOptions& options = {}) {
  Result<std::string> out = RunQueryFile(AiNews().store(), text, options);
  REQUIRE_MESSAGE(out.ok(), out.status().message());
  return json::parse(*out);
}

// A file of `count` queries of every kind, one in six a bad query (an
// error row); with `repeat_every` > 0, every repeat_every-th query repeats
// the id of the one before it.
std::string MixedQueries(int count, int repeat_every) {
  const char* kinds[] = {
      R"("kind": "neighbours", "entity": "OpenAI", "depth": 2)",
      R"("kind": "path", "from": "Yale", "to": "Adam")",
      R"("kind": "pattern", "pattern": "Organization -developed-> Technique", "infer": true)",
      R"("kind": "entity", "name": "GPT-3")",
      R"("kind": "neighbours", "entity": "Yalee")",  // an error row
      R"("kind": "top", "limit": 3)"};
  std::string queries = R"({"queries": [)";
  for (int i = 0; i < count; ++i) {
    if (i > 0) queries += ",";
    const int id = repeat_every > 0 && i % repeat_every == repeat_every - 1 ? i - 1 : i;
    queries += R"({"id": "q)" + std::to_string(id) + R"(", )" + kinds[i % 6] + "}";
  }
  return queries + "]}";
}

TEST_CASE("a batch answers each query in order, one bad query reported in place") {
  json answer = RunFile(R"({"queries": [
    {"id": "q1", "kind": "neighbours", "entity": "OpenAI", "relations": ["developed"],
     "direction": "out"},
    {"id": "q2", "kind": "path", "from": "Yale", "to": "Adam", "max_hops": 0},
    {"id": "q3", "kind": "pattern", "pattern": "Organization -developed-> Technique",
     "infer": true, "evidence": 0},
    {"id": "q4", "kind": "entity", "name": "GPT-3"},
    {"id": "q5", "kind": "top", "type": "Organization", "limit": 1}
  ]})");
  const json& results = answer["results"];
  REQUIRE(results.size() == 5);

  // q1: OpenAI -developed-> GPT-3, seen in b.txt and c.txt (weight 2).
  CHECK(results[0]["id"] == "q1");
  CHECK(results[0]["center"]["name"] == "OpenAI");
  REQUIRE(results[0]["rows"].size() == 1);
  const json& row = results[0]["rows"][0];
  CHECK(row["entity"]["name"] == "GPT-3");
  CHECK(row["entity"]["type"] == "Technique");
  CHECK(row["depth"] == 1);
  CHECK(row["via"]["subject"] == "OpenAI");
  CHECK(row["via"]["relation"] == "developed");
  CHECK(row["via"]["object"] == "GPT-3");
  CHECK(row["via"]["direction"] == "out");
  CHECK(row["via"]["weight"] == 2);
  CHECK(row["via"]["confidence"] == 0.9);
  CHECK(row["via"]["evidence"] == json::parse(R"([
      {"doc": "b.txt", "sentence": "OpenAI released GPT-3."},
      {"doc": "c.txt", "sentence": "GPT-3, built by OpenAI, writes essays."}])"));
  CHECK(results[0]["truncated"] == false);

  CHECK(results[1] == json{{"id", "q2"},
                           {"error",
                            "query \"q2\": field \"max_hops\": expected a positive "
                            "integer"}});

  // q3: three direct rows and two inferred, with no evidence asked for.
  CHECK(results[2]["rows"].size() == 5);
  size_t inferred = 0;
  for (const json& r : results[2]["rows"]) {
    inferred += r["inferred"].get<bool>();
    for (const json& hop : r["hops"]) CHECK(hop["evidence"].empty());
  }
  CHECK(inferred == 2);

  CHECK(results[3]["entity"]["name"] == "GPT-3");
  CHECK(results[3]["rows"].size() == 3);  // developed by OpenAI, based_on, trained_on
  CHECK(results[4]["rows"] ==
        json::parse(R"([{"entity": {"id": )" + std::to_string(AiNews().Id("OpenAI")) +
                    R"(, "name": "OpenAI", "type": "Organization"}, "degree": 3}])"));
}

TEST_CASE("strict mode fails the run at the first bad query") {
  QueryFileOptions strict;
  strict.strict = true;
  Result<std::string> out = RunQueryFile(AiNews().store(), R"({"queries": [
    {"id": "ok", "kind": "entity", "name": "Yale"},
    {"id": "bad", "kind": "neighbours", "entity": "Yalee"}]})",
                                         strict);
  REQUIRE_FALSE(out.ok());
  CHECK(out.status().message() ==
        "query \"bad\": field \"entity\": no entity named \"Yalee\"; did you mean \"Yale\"?");
}

// Answers go out in pieces as they are written, but only once every query
// has run: a run that fails hands nothing to `write`.
TEST_CASE("the answer is handed out in pieces that join to the whole, and not at all on failure") {
  std::string queries = R"({"queries": [)";
  for (int i = 0; i < 400; ++i) {
    if (i > 0) queries += ",";
    queries +=
        R"({"id": "n)" + std::to_string(i) + R"(", "kind": "neighbours", "entity": "OpenAI"})";
  }
  Result<std::string> whole = RunQueryFile(AiNews().store(), queries + "]}", {});
  REQUIRE(whole.ok());
  std::vector<std::string> pieces;
  auto keep = [&pieces](std::string_view piece) { pieces.emplace_back(piece); };
  REQUIRE(RunQueryFile(AiNews().store(), queries + "]}", {}, keep).ok());
  CHECK(pieces.size() > 1);
  std::string joined;
  for (const std::string& piece : pieces) joined += piece;
  CHECK(joined == *whole);

  pieces.clear();
  QueryFileOptions strict;
  strict.strict = true;
  const std::string bad = R"(, {"id": "bad", "kind": "neighbours", "entity": "Yalee"}]})";
  CHECK_FALSE(RunQueryFile(AiNews().store(), queries + bad, strict, keep).ok());
  CHECK(pieces.empty());
}

// The answer of a query whose id an earlier query used is written before the
// repeat is found (on the thread that ran it); it must give way to the error.
TEST_CASE("a repeated id is an error row in place of that query's answer") {
  const std::string queries = R"({"queries": [
    {"id": "a", "kind": "entity", "name": "Yale"},
    {"id": "b", "kind": "neighbours", "entity": "OpenAI"},
    {"id": "a", "kind": "neighbours", "entity": "OpenAI"},
    {"id": "c", "kind": "top", "limit": 1}]})";
  for (auto layout : {QueryFileOptions::Layout::kCompact, QueryFileOptions::Layout::kPretty}) {
    for (size_t jobs : {1, 2, 4}) {
      CAPTURE(jobs);
      QueryFileOptions options;
      options.jobs = jobs;
      options.layout = layout;
      Result<std::string> out = RunQueryFile(AiNews().store(), queries, options);
      REQUIRE(out.ok());
      const json results = json::parse(*out)["results"];
      REQUIRE(results.size() == 4);
      CHECK(results[0]["entity"]["name"] == "Yale");
      CHECK(results[1]["center"]["name"] == "OpenAI");
      CHECK(results[2] == json{{"id", "a"},
                               {"error",
                                "query \"a\": field \"id\": used by an earlier query (ids "
                                "must be unique)"}});
      CHECK(results[3]["rows"].size() == 1);
    }
    QueryFileOptions strict;
    strict.strict = true;
    strict.layout = layout;
    Result<std::string> failed = RunQueryFile(AiNews().store(), queries, strict);
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.status().message().find("used by an earlier query") != std::string::npos);
  }
}

TEST_CASE("field errors name the query, the field and what was expected") {
  struct Case {
    const char* query;
    const char* error;
  };
  const Case cases[] = {
      {R"({"id": "a", "kind": "neighbours", "entity": "OpenAI", "depht": 2})",
       "query \"a\": field \"depht\": unknown field (expected one of depth, direction, entity, "
       "evidence, export, id, kind, limit, max_visited, relations, since, types, until)"},
      {R"({"id": "b", "kind": "neighbours", "entity": "OpenAI", "relations": ["devloped"]})",
       "query \"b\": field \"relations\": unknown relation \"devloped\" (expected "
       "affiliated_with, developed, based_on, uses, trained_on, evaluated_on, outperforms, "
       "located_in, part_of)"},
      {R"({"id": "c", "kind": "walk"})",
       "query \"c\": field \"kind\": unknown kind \"walk\" (expected neighbours, path, pattern, "
       "entity or top)"},
      {R"({"id": "d", "kind": "path", "from": "Yale"})",
       "query \"d\": field \"to\": missing (expected a string)"},
      {R"({"kind": "neighbours", "entity": "OpenAI", "depth": "two"})",
       "query #1: field \"depth\": expected a positive integer"},
      {R"({"id": "e", "kind": "pattern", "pattern": "Organization -x-> Technique"})",
       "query \"e\": field \"pattern\": pattern: unknown relation \"x\" (expected "
       "affiliated_with, developed, based_on, uses, trained_on, evaluated_on, outperforms, "
       "located_in, part_of) at column 15\n  Organization -x-> Technique\n                ^"},
      {R"({"id": "f", "kind": "top", "export": {"format": "svg", "out": "x.svg"}})",
       "query \"f\": field \"export\": unknown export format \"svg\" (expected graphml, gexf, "
       "json, dot, csv or ntriples)"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.query);
    json answer = RunFile(std::string(R"({"queries": [)") + c.query + "]}");
    CHECK(answer["results"][0]["error"] == c.error);
  }
}

TEST_CASE("JSON syntax errors give line and column") {
  Result<std::string> out = RunQueryFile(AiNews().store(),
                                         "{\"queries\": [\n"
                                         "  {\"id\": \"q1\",, \"kind\": \"top\"}\n"
                                         "]}\n",
                                         {});
  REQUIRE_FALSE(out.ok());
  // The second comma is the 15th character of line 2.
  CHECK(out.status().message() ==
        "query file: JSON syntax error at line 2, column 15: syntax error while parsing object "
        "key - unexpected ','; expected string literal");
  CHECK(RunQueryFile(AiNews().store(), "[1, 2]", {}).status().message() ==
        "query file: expected an object with a \"queries\" array (see docs/QUERY.md)");
}

// Regression (fuzz_query_file): nlohmann throws out_of_range, not a
// parse_error, for a number too large for a double, and it escaped.
TEST_CASE("a number too large for a double is a user error with its position") {
  Result<std::string> out =
      RunQueryFile(AiNews().store(), "{\"queries\":\n  277E5555555555555555555555}", {});
  REQUIRE_FALSE(out.ok());
  CHECK(out.status().code() == Status::Code::kInvalidArgument);
  CHECK(out.status().message() ==
        "query file: JSON number out of range at line 2, column 3: number overflow parsing "
        "'277E5555555555555555555555' (numbers must fit a double)");
  Result<std::string> limit = RunQueryFile(
      AiNews().store(), R"({"queries": [{"id": "t", "kind": "top", "limit": -1e400}]})", {});
  CHECK(limit.status().message() ==
        "query file: JSON number out of range at line 1, column 50: number overflow parsing "
        "'-1e400' (numbers must fit a double)");
}

TEST_CASE("an export field writes the answer as a subgraph") {
  std::filesystem::path dir = testing::MakeTempDir("kg-query-file");
  QueryFileOptions options;
  options.export_dir = dir;
  json answer = RunFile(R"({"queries": [
    {"id": "labs", "kind": "pattern", "pattern": "Organization -developed-> Technique",
     "export": {"format": "graphml", "out": "labs.graphml"}}]})",
                        options);
  CHECK(answer["results"][0]["export"]["out"] == (dir / "labs.graphml").string());
  std::ifstream file(dir / "labs.graphml");
  std::stringstream text;
  text << file.rdbuf();
  // Three organizations, three techniques, three developed edges.
  std::string xml = text.str();
  CHECK(std::count(xml.begin(), xml.end(), '\n') > 10);
  size_t nodes = 0, edges = 0;
  for (size_t at = 0; (at = xml.find("<node ", at)) != std::string::npos; ++at) ++nodes;
  for (size_t at = 0; (at = xml.find("<edge ", at)) != std::string::npos; ++at) ++edges;
  CHECK(nodes == 6);
  CHECK(edges == 3);
  std::filesystem::remove_all(dir);
}

// Several jobs run the queries and write their answers on threads of their
// own; the answer is the same, byte for byte, as with one.
TEST_CASE("an answer written with several jobs is the one written with one") {
  const std::string queries = MixedQueries(300, 0);
  for (auto layout : {QueryFileOptions::Layout::kCompact, QueryFileOptions::Layout::kPretty}) {
    CAPTURE(static_cast<int>(layout));
    QueryFileOptions one;
    one.jobs = 1;
    one.layout = layout;
    Result<std::string> expected = RunQueryFile(AiNews().store(), queries, one);
    REQUIRE(expected.ok());
    CHECK(json::parse(*expected)["results"].size() == 300);
    for (size_t jobs : {2, 3, 8}) {
      CAPTURE(jobs);
      QueryFileOptions options = one;
      options.jobs = jobs;
      Result<std::string> answer = RunQueryFile(AiNews().store(), queries, options);
      REQUIRE(answer.ok());
      CHECK(*answer == *expected);
      std::vector<std::string> pieces;
      auto keep = [&pieces](std::string_view piece) { pieces.emplace_back(piece); };
      REQUIRE(RunQueryFile(AiNews().store(), queries, options, keep).ok());
      std::string joined;
      for (const std::string& piece : pieces) joined += piece;
      CHECK(joined == *expected);
    }
  }
}

// Written as they are done (with a way to take the output back), answers
// are the ones written at the end, for any number of jobs: in the file's
// order, a repeated id an error row in place, a bad query reported in place.
TEST_CASE("answers written as they are done are the answer written at the end") {
  const std::string queries = MixedQueries(600, 50);
  for (auto layout : {QueryFileOptions::Layout::kCompact, QueryFileOptions::Layout::kPretty}) {
    CAPTURE(static_cast<int>(layout));
    QueryFileOptions options;
    options.layout = layout;
    Result<std::string> expected = RunQueryFile(AiNews().store(), queries, options);
    REQUIRE(expected.ok());
    CHECK(json::parse(*expected)["results"][49]["error"].get<std::string>().find(
              "used by an earlier query") != std::string::npos);
    for (size_t jobs : {1, 2, 3, 8}) {
      CAPTURE(jobs);
      options.jobs = jobs;
      std::vector<std::string> pieces;
      auto keep = [&pieces](std::string_view piece) { pieces.emplace_back(piece); };
      int taken_back = 0;
      auto take_back = [&taken_back] {
        ++taken_back;
        return Status::Ok();
      };
      REQUIRE(RunQueryFile(AiNews().store(), queries, options, keep, take_back).ok());
      CHECK(taken_back == 0);
      CHECK(pieces.size() > 1);
      std::string joined;
      for (const std::string& piece : pieces) joined += piece;
      CHECK(joined == *expected);
    }
  }
}

// A failed run has handed pieces on before it failed; they are taken back,
// and when that fails too, the error says so.
TEST_CASE("a failed run written as answers were done takes back what it wrote") {
  std::string queries = R"({"queries": [)";
  for (int i = 0; i < 400; ++i) {
    queries +=
        R"({"id": "n)" + std::to_string(i) + R"(", "kind": "neighbours", "entity": "OpenAI"},)";
  }
  queries += R"({"id": "bad", "kind": "neighbours", "entity": "Yalee"}]})";
  QueryFileOptions strict;
  strict.strict = true;
  for (size_t jobs : {1, 2}) {
    CAPTURE(jobs);
    strict.jobs = jobs;
    size_t written = 0;
    auto count = [&written](std::string_view piece) { written += piece.size(); };
    size_t written_when_taken_back = 0;
    auto take_back = [&] {
      written_when_taken_back = written;
      return Status::Ok();
    };
    Status failed = RunQueryFile(AiNews().store(), queries, strict, count, take_back);
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.message() ==
          "query \"bad\": field \"entity\": no entity named \"Yalee\"; did you mean \"Yale\"?");
    CHECK(written_when_taken_back > 0);

    auto cannot = [] { return Status::IOError("truncating standard output: Permission denied"); };
    Status both = RunQueryFile(AiNews().store(), queries, strict, count, cannot);
    CHECK(both.message() ==
          "query \"bad\": field \"entity\": no entity named \"Yalee\"; did you mean \"Yale\"? "
          "(and the answer written before it could not be taken back: truncating standard "
          "output: Permission denied)");
  }
}

// An export's file cannot be taken back: a file with one is answered as
// without `take_back`, all queries run before anything is written.
TEST_CASE("a file with an export is written at the end even when it could be taken back") {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "kg_stream_export";
  std::filesystem::create_directories(dir);
  QueryFileOptions strict;
  strict.strict = true;
  strict.export_dir = dir;
  const std::string queries = R"({"queries": [
    {"id": "a", "kind": "neighbours", "entity": "OpenAI",
     "export": {"format": "graphml", "out": "a.graphml"}},
    {"id": "bad", "kind": "neighbours", "entity": "Yalee"}]})";
  std::string written;
  auto keep = [&written](std::string_view piece) { written += piece; };
  int taken_back = 0;
  auto take_back = [&taken_back] {
    ++taken_back;
    return Status::Ok();
  };
  CHECK_FALSE(RunQueryFile(AiNews().store(), queries, strict, keep, take_back).ok());
  CHECK(written.empty());
  CHECK(taken_back == 0);
  std::filesystem::remove_all(dir);
}

// Compact, a script can read the answer a line at a time: each query's
// result is one line. Pretty is the same value, indented.
TEST_CASE("the compact answer has a line per query; the pretty one is the same value") {
  const std::string queries = R"({"queries": [
    {"id": "q1", "kind": "neighbours", "entity": "OpenAI", "depth": 2},
    {"id": "q2", "kind": "neighbours", "entity": "Yalee"},
    {"id": "q3", "kind": "path", "from": "Yale", "to": "Adam"}]})";
  Result<std::string> compact = RunQueryFile(AiNews().store(), queries, {});
  REQUIRE(compact.ok());
  std::vector<std::string> lines;
  std::istringstream in(*compact);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  REQUIRE(lines.size() == 5);
  CHECK(lines.front() == R"({"results":[)");
  CHECK(lines.back() == "]}");
  for (size_t i = 1; i <= 3; ++i) {
    std::string item = lines[i];
    if (i < 3) {
      REQUIRE(item.ends_with(","));
      item.pop_back();
    }
    CHECK(json::parse(item)["id"] == "q" + std::to_string(i));
  }
  QueryFileOptions pretty;
  pretty.layout = QueryFileOptions::Layout::kPretty;
  Result<std::string> indented = RunQueryFile(AiNews().store(), queries, pretty);
  REQUIRE(indented.ok());
  CHECK(indented->starts_with("{\n  \"results\": [\n    {\n      \"id\": \"q1\","));
  CHECK(json::parse(*indented) == json::parse(*compact));

  Result<std::string> none = RunQueryFile(AiNews().store(), R"({"queries": []})", {});
  REQUIRE(none.ok());
  CHECK(*none == "{\"results\":[]}\n");
}

// Exports run in the file's order even with several jobs: a strict run that
// stops at a bad query has written no later query's file.
TEST_CASE("with several jobs, a failed strict run writes no export after the failure") {
  std::filesystem::path dir = testing::MakeTempDir("kg-query-file-jobs");
  QueryFileOptions options;
  options.export_dir = dir;
  options.strict = true;
  options.jobs = 4;
  Result<std::string> out = RunQueryFile(AiNews().store(), R"({"queries": [
    {"id": "before", "kind": "pattern", "pattern": "Organization -developed-> Technique",
     "export": {"format": "graphml", "out": "before.graphml"}},
    {"id": "bad", "kind": "neighbours", "entity": "Yalee"},
    {"id": "after", "kind": "pattern", "pattern": "Organization -developed-> Technique",
     "export": {"format": "graphml", "out": "after.graphml"}}]})",
                                         options);
  CHECK_FALSE(out.ok());
  CHECK(std::filesystem::exists(dir / "before.graphml"));
  CHECK_FALSE(std::filesystem::exists(dir / "after.graphml"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kg::query
