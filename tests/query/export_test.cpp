// Export: every format read back by an independent parser (networkx,
// ElementTree, Graphviz, Python's csv, a strict N-Triples grammar, all in
// tests/query/check_export.py), with names that break naive escaping.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "query/escape.h"
#include "query/query.h"
#include "tests/support/test_store.h"

namespace kg::query {
namespace {

using nlohmann::json;
using namespace kg::testing;
namespace fs = std::filesystem;

const char kAmpersand[] = "A&B <Labs> \"Q\" 'S'";
const char kNewlines[] = "Line\nBreak\r\nCorp";
const char kEmoji[] = "Emoji \xF0\x9F\x98\x80 Net";
const char kHebrew[] =
    "\xD7\x9E\xD7\x9B\xD7\x95\xD7\x9F \xD7\x95\xD7\x99\xD7\x99\xD7\xA6\xD7\x9E\xD7\x9F";
const char kControl[] = "Ctl\x01Char Tab\tName";
const char kBackslash[] = "Back\\slash, comma; semi";
const char kEvidence[] =
    "He said \"hi\" & <left>\nthen\t\xE2\x80\x8F\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D.";

const TestStore& Hostile() {
  static const TestStore store(
      {
          {kAmpersand, kOrg, Relation::kDeveloped, kEmoji, kTech, "doc1", kEvidence},
          {kNewlines, kOrg, Relation::kDeveloped, kEmoji, kTech, "doc1"},
          {kHebrew, kOrg, Relation::kLocatedIn, kNewlines, kPlace, "doc2"},
          {kControl, kPerson, Relation::kAffiliatedWith, kAmpersand, kOrg, "doc2"},
          {kEmoji, kTech, Relation::kBasedOn, kBackslash, kTech, "doc3"},
      },
      {{{kAmpersand, kOrg}, {"Alias, \"one\"", "\xD7\x90\xD7\x9C\xD7\xA3"}, "doc1", 3, {}}});
  return store;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// What an exact reader must get back: the store's own contents.
json Expected(const Store& store) {
  json nodes = json::array(), edges = json::array();
  std::map<EntityId, std::string> names;
  std::map<EntityId, int> degree;
  REQUIRE(store
              .ForEachEdge([&](const Edge& e) {
                ++degree[e.subject];
                ++degree[e.object];
                return Status::Ok();
              })
              .ok());
  REQUIRE(store
              .ForEachEntity([&](const Entity& e) {
                names[e.id] = e.name;
                nodes.push_back({{"name", e.name},
                                 {"type", extract::ToString(e.type)},
                                 {"aliases", e.aliases},
                                 {"mentions", e.mentions},
                                 {"degree", degree[e.id]}});
                return Status::Ok();
              })
              .ok());
  REQUIRE(store
              .ForEachEdge([&](const Edge& e) {
                Result<std::vector<graph::Evidence>> evidence = store.GetEvidence(e, 1);
                REQUIRE(evidence.ok());
                edges.push_back(
                    {{"source", names[e.subject]},
                     {"relation", extract::ToString(e.relation)},
                     {"target", names[e.object]},
                     {"weight", e.weight},
                     {"confidence", e.confidence},
                     {"evidence", evidence->empty() ? "" : evidence->front().sentence}});
                return Status::Ok();
              })
              .ok());
  auto by = [](std::vector<std::string> keys) {
    return [keys](const json& a, const json& b) {
      for (const std::string& k : keys) {
        if (a[k] != b[k]) return a[k] < b[k];
      }
      return false;
    };
  };
  std::sort(nodes.begin(), nodes.end(), by({"name"}));
  std::sort(edges.begin(), edges.end(), by({"source", "relation", "target"}));
  return {{"nodes", nodes}, {"edges", edges}};
}

// XML 1.0 cannot carry control characters other than tab, newline, return.
std::string XmlSafe(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      out += "\xEF\xBF\xBD";
    } else {
      out += c;
    }
  }
  return out;
}

json ForFormat(json expected, const std::string& format) {
  if (format == "graphml" || format == "gexf") {
    for (json& n : expected["nodes"]) n["name"] = XmlSafe(n["name"]);
    for (json& e : expected["edges"]) {
      for (const char* k : {"source", "target", "evidence"}) e[k] = XmlSafe(e[k]);
    }
    std::sort(expected["nodes"].begin(), expected["nodes"].end(),
              [](const json& a, const json& b) { return a["name"] < b["name"]; });
  }
  if (format == "nt") {  // N-Triples carries names, aliases (unordered) and links
    for (json& n : expected["nodes"]) std::sort(n["aliases"].begin(), n["aliases"].end());
    for (json& e : expected["edges"]) {
      e.erase("weight");
      e.erase("confidence");
      e.erase("evidence");
    }
  }
  return expected;
}

// Runs the independent reader; returns its canonical JSON.
json ReadBack(const std::string& format, const fs::path& path, const fs::path& dir) {
  fs::path checker = fs::path(__FILE__).parent_path() / "check_export.py";
  std::string command = "python3 '" + checker.string() + "' " + format + " '" + path.string() +
                        "' > '" + (dir / "out.json").string() + "' 2> '" +
                        (dir / "err.txt").string() + "'";
  int rc = std::system(command.c_str());
  std::string err = ReadFile(dir / "err.txt");
  INFO(err);
  REQUIRE(rc == 0);
  return json::parse(ReadFile(dir / "out.json"));
}

TEST_CASE("the store keeps hostile names as given") {
  const Store& store = Hostile().store();
  for (const char* name : {kAmpersand, kNewlines, kEmoji, kHebrew, kControl, kBackslash}) {
    CAPTURE(name);
    Result<Entity> entity = store.GetEntity(Hostile().Id(name));
    REQUIRE(entity.ok());
    CHECK(entity->name == name);
  }
}

TEST_CASE("every format round-trips hostile names exactly") {
  const Store& store = Hostile().store();
  fs::path dir = MakeTempDir("kg-export-test");
  json expected = Expected(store);
  REQUIRE(expected["nodes"].size() == 6);
  REQUIRE(expected["edges"].size() == 5);
  struct Case {
    ExportFormat format;
    const char* reader;
  };
  for (Case c : {Case{ExportFormat::kGraphML, "graphml"}, Case{ExportFormat::kGexf, "gexf"},
                 Case{ExportFormat::kJson, "json"}, Case{ExportFormat::kDot, "dot"},
                 Case{ExportFormat::kNTriples, "nt"}, Case{ExportFormat::kCsv, "csv"}}) {
    CAPTURE(c.reader);
    ExportOptions options;
    options.format = c.format;
    fs::path path = dir / (std::string("export.") + c.reader);
    if (c.format == ExportFormat::kCsv) options.csv_dir = path;
    {
      std::ostringstream unused;  // CSV with csv_dir writes its own two files
      std::ofstream file;
      if (c.format != ExportFormat::kCsv) file.open(path, std::ios::binary);
      std::ostream& out =
          c.format == ExportFormat::kCsv ? static_cast<std::ostream&>(unused) : file;
      Status status = Export(store, options, out);
      REQUIRE_MESSAGE(status.ok(), status.message());
    }
    CHECK(ReadBack(c.reader, path, dir) == ForFormat(expected, c.reader));
    if (c.format == ExportFormat::kGraphML || c.format == ExportFormat::kGexf) {
      CHECK(std::system(("xmllint --noout '" + path.string() + "'").c_str()) == 0);
    }
  }
  fs::remove_all(dir);
}

TEST_CASE("GraphML keys: ids equal names, yEd graphics, colours by type") {
  std::ostringstream out;
  REQUIRE(Export(Hostile().store(), {}, out).ok());
  std::string xml = out.str();
  for (const char* key :
       {"<key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>",
        "<key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>",
        "<key id=\"nodegraphics\" for=\"node\" yfiles.type=\"nodegraphics\"/>",
        "<key id=\"interaction\" for=\"edge\" attr.name=\"interaction\" attr.type=\"string\"/>",
        "<key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"long\"/>",
        "xmlns:y=\"http://www.yworks.com/xml/graphml\"", "<y:Fill color=\"#4E79A7\"",
        "<data key=\"name\">A&amp;B &lt;Labs&gt; &quot;Q&quot; &apos;S&apos;</data>",
        "<data key=\"name\">Line&#10;Break&#13;&#10;Corp</data>"}) {
    CAPTURE(key);
    CHECK(xml.find(key) != std::string::npos);
  }
}

TEST_CASE("CSV to one stream: nodes, a blank line, edges") {
  ExportOptions options;
  options.format = ExportFormat::kCsv;
  std::ostringstream out;
  REQUIRE(Export(Hostile().store(), options, out).ok());
  std::string csv = out.str();
  CHECK(csv.starts_with("id:ID,name,:LABEL,aliases,mentions:int\n"));
  CHECK(csv.find("\n\n:START_ID,:END_ID,:TYPE,weight:int,confidence:float,evidence\n") !=
        std::string::npos);
  CHECK(csv.find(",\"A&B <Labs> \"\"Q\"\" 'S'\",Organization,") != std::string::npos);
}

TEST_CASE("N-Triples IRIs are percent-encoded under iri_base") {
  ExportOptions options;
  options.format = ExportFormat::kNTriples;
  options.iri_base = "http://example.org/kg";
  std::ostringstream out;
  REQUIRE(Export(Hostile().store(), options, out).ok());
  CHECK(out.str().find("<http://example.org/kg/entity/Organization/A%26B%20%3CLabs%3E%20%22Q%22"
                       "%20%27S%27> <http://www.w3.org/2000/01/rdf-schema#label> \"A&B <Labs> "
                       "\\\"Q\\\" 'S'\" .\n") != std::string::npos);
  options.iri_base = "not an iri";
  CHECK(Export(Hostile().store(), options, out).message() ==
        "iri_base \"not an iri\" is not an absolute IRI (expected e.g. https://kg.example.org/)");
}

TEST_CASE("a subgraph export holds the answer's entities and edges only") {
  Result<NeighbourResult> result = Neighbours(Hostile().store(), kEmoji, {});
  REQUIRE(result.ok());
  REQUIRE(result->rows.size() == 3);  // the two developers and what it is based on
  ExportOptions options;
  options.format = ExportFormat::kJson;
  options.subgraph = ToSubgraph(*result);
  std::ostringstream out;
  REQUIRE(Export(Hostile().store(), options, out).ok());
  json doc = json::parse(out.str());
  CHECK(doc["elements"]["nodes"].size() == 4);
  CHECK(doc["elements"]["edges"].size() == 3);
}

template <typename Append>
std::string Escaped(Append append, std::string_view text) {
  std::string out;
  append(text, &out);
  return out;
}

TEST_CASE("escapers: invalid UTF-8 becomes U+FFFD; controls per format") {
  using namespace internal;
  const std::string replacement = "\xEF\xBF\xBD";
  CHECK(Escaped(AppendXml,
                "a\xFF"
                "b") == "a" + replacement + "b");
  CHECK(Escaped(AppendXml, "\xC0\xAF") == replacement + replacement);  // overlong '/'
  CHECK(Escaped(AppendXml, "\xED\xA0\x80") == replacement + replacement + replacement);
  CHECK(Escaped(AppendXml, "x\x01y\tz") == "x" + replacement + "y&#9;z");
  CHECK(Escaped(AppendJsonString, "\x01\"\\\x7F") == "\"\\u0001\\\"\\\\\\u007F\"");
  CHECK(Escaped(AppendJsonString, "\xE2\x80\xA8") == "\"\\u2028\"");
  CHECK(Escaped(AppendNTriplesLiteral, "a\"\n\x1F") == "\"a\\\"\\n\\u001F\"");
  CHECK(Escaped(AppendCsvField, "a,\"b\"\nc") == "\"a,\"\"b\"\"\nc\"");
  CHECK(Escaped(AppendPercentEncoded, "a b/\xC3\xA9~") == "a%20b%2F%C3%A9~");
  CHECK(Escaped(AppendDotString, "say \"hi\"\\\n") == "\"say \\\"hi\\\"\\\\\\n\"");
}

}  // namespace
}  // namespace kg::query
