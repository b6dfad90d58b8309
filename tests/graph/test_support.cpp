#include "tests/graph/test_support.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cstdlib>

namespace kg::graph::testing {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "kg-graph-test-XXXXXX").string();
  char* made = mkdtemp(pattern.data());
  REQUIRE(made != nullptr);
  path_ = made;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

extract::Triple MakeTriple(const std::string& subject, EntityType subject_type, Relation relation,
                           const std::string& object, EntityType object_type,
                           const std::string& doc, const std::string& sentence, double confidence,
                           const std::string& date) {
  extract::Triple t;
  t.subject = {subject, subject_type};
  t.relation = relation;
  t.object = {object, object_type};
  t.doc = doc;
  t.date = date;
  t.evidence = sentence;
  t.sentence = {0, static_cast<uint32_t>(sentence.size())};
  t.subject_span = {0, static_cast<uint32_t>(subject.size())};
  t.object_span = {1, static_cast<uint32_t>(object.size() + 1)};
  t.rule = "test_rule";
  t.confidence = confidence;
  return t;
}

extract::EntityMention MakeMention(const std::string& name, EntityType type,
                                   std::vector<std::string> aliases, uint32_t mentions) {
  extract::EntityMention m;
  m.entity = {name, type};
  m.aliases = std::move(aliases);
  m.mentions = mentions;
  return m;
}

DocumentRecord MakeDoc(const std::string& id, const std::string& hash, const std::string& date) {
  DocumentRecord d;
  d.id = id;
  d.source = id + ".txt";
  d.content_hash = hash;
  d.title = "Title of " + id;
  d.date = date;
  return d;
}

std::unique_ptr<Store> OpenStore(const std::filesystem::path& dir) {
  auto store = Store::Open(StoreOptions{}, dir);
  REQUIRE_MESSAGE(store.ok(), store.status().message());
  return std::move(*store);
}

std::string EdgeToString(const Store& store, const Edge& edge) {
  auto s = store.GetEntity(edge.subject);
  auto o = store.GetEntity(edge.object);
  std::string out =
      fmt::format("{}({} -> {}) w={} c={}", extract::ToString(edge.relation),
                  s.ok() ? s->name : "?", o.ok() ? o->name : "?", edge.weight, edge.confidence);
  if (!edge.first_date.empty()) out += fmt::format(" {}..{}", edge.first_date, edge.last_date);
  return out;
}

namespace {
std::vector<std::string> Drain(const Store& store, std::unique_ptr<EdgeCursor> cursor) {
  std::vector<std::string> out;
  for (; cursor->Valid(); cursor->Next()) out.push_back(EdgeToString(store, cursor->edge()));
  CHECK(cursor->status().ok());
  return out;
}
}  // namespace

std::vector<std::string> OutEdgeStrings(const Store& store, EntityId id,
                                        std::optional<Relation> relation) {
  return Drain(store, store.OutEdges(id, relation));
}

std::vector<std::string> InEdgeStrings(const Store& store, EntityId id,
                                       std::optional<Relation> relation) {
  return Drain(store, store.InEdges(id, relation));
}

EntityId IdOf(const Store& store, const std::string& name) {
  auto found = store.FindEntity(name);
  REQUIRE(found.ok());
  REQUIRE_MESSAGE(found->has_value(), "no entity named " << name);
  return (*found)->id;
}

std::string StatsString(const Store& store) {
  auto stats = store.Stats();
  REQUIRE(stats.ok());
  std::string out = fmt::format("entities={} edges={} evidence={} documents={}", stats->entities,
                                stats->edges, stats->evidence, stats->documents);
  for (const auto& [type, n] : stats->entities_by_type) {
    if (n) out += fmt::format(" {}={}", extract::ToString(type), n);
  }
  for (const auto& [relation, n] : stats->edges_by_relation) {
    if (n) out += fmt::format(" {}={}", extract::ToString(relation), n);
  }
  return out;
}

}  // namespace kg::graph::testing
