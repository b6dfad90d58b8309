// Streaming writers for GraphML, GEXF, Cytoscape.js JSON, DOT, Neo4j CSV and
// N-Triples (query/export_writers.h).
#include "query/export_writers.h"

#include <iterator>
#include <unordered_map>

#include <fmt/format.h>

#include "query/escape.h"

namespace kg::query::internal {
namespace {

using extract::ToString;

constexpr size_t kFlushBytes = 1 << 16;

struct Rgb {
  int r, g, b;
};
// Tableau 10: distinct for the colour-blind, readable under black labels.
Rgb RgbOf(EntityType type) {
  switch (type) {
    case EntityType::kPerson:
      return {225, 87, 89};
    case EntityType::kOrganization:
      return {78, 121, 167};
    case EntityType::kTechnique:
      return {89, 161, 79};
    case EntityType::kDataset:
      return {242, 142, 43};
    case EntityType::kLocation:
      return {176, 122, 161};
  }
  return {186, 176, 172};
}

// List-valued attributes travel as JSON array text in the formats without
// lists, so that any alias round-trips exactly.
std::string AliasesAsJson(const Entity& entity) {
  std::string text = "[";
  for (size_t i = 0; i < entity.aliases.size(); ++i) {
    if (i > 0) text += ',';
    AppendJsonString(entity.aliases[i], &text);
  }
  return text + "]";
}

class Buffered : public GraphWriter {
 public:
  explicit Buffered(std::ostream* out) : out_(out) {}
  bool Finish() override {
    Flush();
    out_->flush();
    return out_->good();
  }

 protected:
  template <typename... Args>
  void Put(fmt::format_string<Args...> format, Args&&... args) {
    fmt::format_to(std::back_inserter(buf_), format, std::forward<Args>(args)...);
  }
  void Xml(std::string_view text) { AppendXml(text, &buf_); }
  void Json(std::string_view text) { AppendJsonString(text, &buf_); }
  void MaybeFlush() {
    if (buf_.size() >= kFlushBytes) Flush();
  }
  void Flush() {
    out_->write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }
  std::string buf_;

 private:
  std::ostream* out_;
};

class GraphMlWriter : public Buffered {
 public:
  using Buffered::Buffered;
  void Begin() override {
    // Key ids equal their attr.name: Gephi reads ids, Cytoscape reads names.
    Put("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
        "xmlns:y=\"http://www.yworks.com/xml/graphml\" "
        "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
        "http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd\">\n");
    for (const char* spec :
         {"label\" for=\"node\" attr.name=\"label\" attr.type=\"string",
          "name\" for=\"node\" attr.name=\"name\" attr.type=\"string",
          "type\" for=\"node\" attr.name=\"type\" attr.type=\"string",
          "aliases\" for=\"node\" attr.name=\"aliases\" attr.type=\"string",
          "mentions\" for=\"node\" attr.name=\"mentions\" attr.type=\"long",
          "degree\" for=\"node\" attr.name=\"degree\" attr.type=\"long",
          "nodegraphics\" for=\"node\" yfiles.type=\"nodegraphics",
          "relation\" for=\"edge\" attr.name=\"relation\" attr.type=\"string",
          "interaction\" for=\"edge\" attr.name=\"interaction\" attr.type=\"string",
          "weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"long",
          "confidence\" for=\"edge\" attr.name=\"confidence\" attr.type=\"double",
          "evidence\" for=\"edge\" attr.name=\"evidence\" attr.type=\"string"}) {
      Put("  <key id=\"{}\"/>\n", spec);
    }
    Put("  <graph id=\"kg\" edgedefault=\"directed\">\n");
  }
  void Node(const Entity& e, uint64_t degree) override {
    Put("    <node id=\"n{}\">", e.id);
    for (const char* key : {"label", "name"}) {
      Put("<data key=\"{}\">", key);
      Xml(e.name);
      Put("</data>");
    }
    Put("<data key=\"type\">{}</data><data key=\"aliases\">", ToString(e.type));
    Xml(AliasesAsJson(e));
    Put("</data><data key=\"mentions\">{}</data><data key=\"degree\">{}</data>", e.mentions,
        degree);
    Put("<data key=\"nodegraphics\"><y:ShapeNode><y:Geometry height=\"30.0\" width=\"{}.0\" "
        "x=\"0.0\" y=\"0.0\"/><y:Fill color=\"{}\" transparent=\"false\"/>"
        "<y:Shape type=\"roundrectangle\"/><y:NodeLabel>",
        40 + 8 * std::min<size_t>(e.name.size(), 40), ColourOf(e.type));
    Xml(e.name);
    Put("</y:NodeLabel></y:ShapeNode></data></node>\n");
    MaybeFlush();
  }
  void EdgeRow(const Edge& e, const std::string& evidence) override {
    std::string_view relation = ToString(e.relation);
    Put("    <edge id=\"e{}\" source=\"n{}\" target=\"n{}\"><data key=\"relation\">{}</data>"
        "<data key=\"interaction\">{}</data><data key=\"weight\">{}</data>"
        "<data key=\"confidence\">{}</data><data key=\"evidence\">",
        ++edges_, e.subject, e.object, relation, relation, e.weight, e.confidence);
    Xml(evidence);
    Put("</data></edge>\n");
    MaybeFlush();
  }
  void End() override { Put("  </graph>\n</graphml>\n"); }

 private:
  uint64_t edges_ = 0;
};

class GexfWriter : public Buffered {
 public:
  using Buffered::Buffered;
  void Begin() override {
    Put("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
        "xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" "
        "version=\"1.3\">\n"
        "  <meta><creator>kg</creator></meta>\n"
        "  <graph defaultedgetype=\"directed\" mode=\"static\">\n"
        "    <attributes class=\"node\">\n"
        "      <attribute id=\"type\" title=\"type\" type=\"string\"/>\n"
        "      <attribute id=\"aliases\" title=\"aliases\" type=\"string\"/>\n"
        "      <attribute id=\"mentions\" title=\"mentions\" type=\"long\"/>\n"
        "      <attribute id=\"degree\" title=\"degree\" type=\"long\"/>\n"
        "    </attributes>\n"
        "    <attributes class=\"edge\">\n"
        "      <attribute id=\"relation\" title=\"relation\" type=\"string\"/>\n"
        "      <attribute id=\"confidence\" title=\"confidence\" type=\"double\"/>\n"
        "      <attribute id=\"evidence\" title=\"evidence\" type=\"string\"/>\n"
        "    </attributes>\n"
        "    <nodes>\n");
  }
  void Node(const Entity& e, uint64_t degree) override {
    Put("      <node id=\"n{}\" label=\"", e.id);
    Xml(e.name);
    Put("\"><attvalues><attvalue for=\"type\" value=\"{}\"/><attvalue for=\"aliases\" value=\"",
        ToString(e.type));
    Xml(AliasesAsJson(e));
    Rgb rgb = RgbOf(e.type);
    Put("\"/><attvalue for=\"mentions\" value=\"{}\"/><attvalue for=\"degree\" value=\"{}\"/>"
        "</attvalues><viz:color r=\"{}\" g=\"{}\" b=\"{}\" a=\"1.0\"/></node>\n",
        e.mentions, degree, rgb.r, rgb.g, rgb.b);
    MaybeFlush();
  }
  void EdgesBegin() override { Put("    </nodes>\n    <edges>\n"); }
  void EdgeRow(const Edge& e, const std::string& evidence) override {
    std::string_view relation = ToString(e.relation);
    Put("      <edge id=\"e{}\" source=\"n{}\" target=\"n{}\" label=\"{}\" weight=\"{}\">"
        "<attvalues><attvalue for=\"relation\" value=\"{}\"/>"
        "<attvalue for=\"confidence\" value=\"{}\"/><attvalue for=\"evidence\" value=\"",
        ++edges_, e.subject, e.object, relation, e.weight, relation, e.confidence);
    Xml(evidence);
    Put("\"/></attvalues></edge>\n");
    MaybeFlush();
  }
  void End() override { Put("    </edges>\n  </graph>\n</gexf>\n"); }

 private:
  uint64_t edges_ = 0;
};

// Cytoscape.js elements: {"elements":{"nodes":[{"data":{...}}],"edges":[...]}}.
class CytoscapeJsonWriter : public Buffered {
 public:
  using Buffered::Buffered;
  void Begin() override { Put("{{\"elements\":{{\"nodes\":["); }
  void Node(const Entity& e, uint64_t degree) override {
    Put("{}\n{{\"data\":{{\"id\":\"n{}\",\"name\":", first_ ? "" : ",", e.id);
    first_ = false;
    Json(e.name);
    Put(",\"label\":");
    Json(e.name);
    Put(",\"type\":\"{}\",\"aliases\":{},\"mentions\":{},\"degree\":{},\"color\":\"{}\"}}}}",
        ToString(e.type), AliasesAsJson(e), e.mentions, degree, ColourOf(e.type));
    MaybeFlush();
  }
  void EdgesBegin() override {
    Put("],\"edges\":[");
    first_ = true;
  }
  void EdgeRow(const Edge& e, const std::string& evidence) override {
    std::string_view relation = ToString(e.relation);
    Put("{}\n{{\"data\":{{\"id\":\"e{}\",\"source\":\"n{}\",\"target\":\"n{}\","
        "\"relation\":\"{}\",\"interaction\":\"{}\",\"weight\":{},\"confidence\":{},"
        "\"evidence\":",
        first_ ? "" : ",", ++edges_, e.subject, e.object, relation, relation, e.weight,
        e.confidence);
    first_ = false;
    Json(evidence);
    Put("}}}}");
    MaybeFlush();
  }
  void End() override { Put("]}}}}\n"); }

 private:
  bool first_ = true;
  uint64_t edges_ = 0;
};

class DotWriter : public Buffered {
 public:
  using Buffered::Buffered;
  void Begin() override { Put("digraph kg {{\n  node [shape=box, style=\"rounded,filled\"];\n"); }
  void Node(const Entity& e, uint64_t degree) override {
    Put("  n{} [label=", e.id);
    AppendDotString(e.name, &buf_);
    Put(", type=\"{}\", aliases=", ToString(e.type));
    AppendDotString(AliasesAsJson(e), &buf_);
    Put(", mentions={}, degree={}, fillcolor=\"{}\"];\n", e.mentions, degree, ColourOf(e.type));
    MaybeFlush();
  }
  void EdgeRow(const Edge& e, const std::string& evidence) override {
    Put("  n{} -> n{} [label=\"{}\", relation=\"{}\", weight={}, confidence={}, evidence=",
        e.subject, e.object, ToString(e.relation), ToString(e.relation), e.weight, e.confidence);
    AppendDotString(evidence, &buf_);
    Put("];\n");
    MaybeFlush();
  }
  void End() override { Put("}}\n"); }
};

// Neo4j bulk import (neo4j-admin database import): nodes then edges.
class CsvWriter : public GraphWriter {
 public:
  CsvWriter(std::ostream* nodes_out, std::ostream* edges_out)
      : nodes_out_(nodes_out), edges_out_(edges_out) {}
  void Begin() override { nodes_ += "id:ID,name,:LABEL,aliases,mentions:int\n"; }
  void Node(const Entity& e, uint64_t) override {
    fmt::format_to(std::back_inserter(nodes_), "{},", e.id);
    AppendCsvField(e.name, &nodes_);
    fmt::format_to(std::back_inserter(nodes_), ",{},", ToString(e.type));
    AppendCsvField(AliasesAsJson(e), &nodes_);
    fmt::format_to(std::back_inserter(nodes_), ",{}\n", e.mentions);
    if (nodes_.size() >= kFlushBytes) Flush(nodes_out_, &nodes_);
  }
  void EdgesBegin() override {
    Flush(nodes_out_, &nodes_);
    if (edges_out_ == nodes_out_) edges_ += "\n";  // one blank line between the tables
    edges_ += ":START_ID,:END_ID,:TYPE,weight:int,confidence:float,evidence\n";
  }
  void EdgeRow(const Edge& e, const std::string& evidence) override {
    fmt::format_to(std::back_inserter(edges_), "{},{},{},{},{},", e.subject, e.object,
                   ToString(e.relation), e.weight, e.confidence);
    AppendCsvField(evidence, &edges_);
    edges_ += '\n';
    if (edges_.size() >= kFlushBytes) Flush(edges_out_, &edges_);
  }
  bool Finish() override {
    Flush(nodes_out_, &nodes_);
    Flush(edges_out_, &edges_);
    nodes_out_->flush();
    edges_out_->flush();
    return nodes_out_->good() && edges_out_->good();
  }

 private:
  static void Flush(std::ostream* out, std::string* buf) {
    out->write(buf->data(), static_cast<std::streamsize>(buf->size()));
    buf->clear();
  }
  std::ostream* nodes_out_;
  std::ostream* edges_out_;
  std::string nodes_;
  std::string edges_;
};

// RDF: an entity is <base>entity/<Type>/<name>, a relation <base>relation/<r>.
class NTriplesWriter : public Buffered {
 public:
  NTriplesWriter(std::ostream* out, std::string base) : Buffered(out), base_(std::move(base)) {}
  void Node(const Entity& e, uint64_t degree) override {
    std::string iri = "<" + base_ + "entity/" + std::string(ToString(e.type)) + "/";
    AppendPercentEncoded(e.name, &iri);
    iri += '>';
    Put("{} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{}type/{}> .\n", iri, base_,
        ToString(e.type));
    Put("{} <http://www.w3.org/2000/01/rdf-schema#label> ", iri);
    AppendNTriplesLiteral(e.name, &buf_);
    Put(" .\n");
    for (const std::string& alias : e.aliases) {
      Put("{} <http://www.w3.org/2004/02/skos/core#altLabel> ", iri);
      AppendNTriplesLiteral(alias, &buf_);
      Put(" .\n");
    }
    Put("{0} <{1}vocab/mentions> \"{2}\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
        "{0} <{1}vocab/degree> \"{3}\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n",
        iri, base_, e.mentions, degree);
    iris_.emplace(e.id, std::move(iri));
    MaybeFlush();
  }
  void EdgeRow(const Edge& e, const std::string&) override {
    Put("{} <{}relation/{}> {} .\n", iris_.at(e.subject), base_, ToString(e.relation),
        iris_.at(e.object));
    MaybeFlush();
  }

 private:
  std::string base_;  // ends in "/" or "#"
  std::unordered_map<EntityId, std::string> iris_;
};

}  // namespace

const char* ColourOf(EntityType type) {
  switch (type) {
    case EntityType::kPerson:
      return "#E15759";
    case EntityType::kOrganization:
      return "#4E79A7";
    case EntityType::kTechnique:
      return "#59A14F";
    case EntityType::kDataset:
      return "#F28E2B";
    case EntityType::kLocation:
      return "#B07AA1";
  }
  return "#BAB0AC";
}

std::unique_ptr<GraphWriter> MakeWriter(const ExportOptions& options, std::ostream* nodes_out,
                                        std::ostream* edges_out) {
  switch (options.format) {
    case ExportFormat::kGraphML:
      return std::make_unique<GraphMlWriter>(nodes_out);
    case ExportFormat::kGexf:
      return std::make_unique<GexfWriter>(nodes_out);
    case ExportFormat::kJson:
      return std::make_unique<CytoscapeJsonWriter>(nodes_out);
    case ExportFormat::kDot:
      return std::make_unique<DotWriter>(nodes_out);
    case ExportFormat::kCsv:
      return std::make_unique<CsvWriter>(nodes_out, edges_out);
    case ExportFormat::kNTriples:
      return std::make_unique<NTriplesWriter>(nodes_out, options.iri_base);
  }
  return nullptr;
}

}  // namespace kg::query::internal
