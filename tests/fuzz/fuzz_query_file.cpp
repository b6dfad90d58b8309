// libFuzzer target: RunQueryFile() on any bytes, run against a small store
// built once (LLVMFuzzerInitialize) in a temporary directory, exports
// disabled so that no input writes a file. Beyond "no crash, no sanitizer
// report" it checks what RunQueryFile promises: a bad file or query is a
// user error (exit 1, never "internal"), and an answer is a JSON document
// with one result per query.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "graph/graph.h"
#include "query/query.h"

namespace {

using kg::extract::EntityType;
using kg::extract::Relation;

void Require(bool condition) {
  if (!condition) std::abort();
}

std::filesystem::path& StoreDir() {
  static std::filesystem::path dir;
  return dir;
}

std::unique_ptr<kg::graph::Store>& TheStore() {
  static std::unique_ptr<kg::graph::Store> store;
  return store;
}

void RemoveStore() {
  TheStore().reset();
  std::error_code ec;
  if (!StoreDir().empty()) std::filesystem::remove_all(StoreDir(), ec);
}

struct Fact {
  const char* subject;
  EntityType subject_type;
  Relation relation;
  const char* object;
  EntityType object_type;
};

// The "AI news" graph of tests/query/fixtures.h, as three dated documents
// and one undated, so that time ranges, paths and patterns have something
// to find.
void Ingest(kg::graph::Store* store, const char* doc, const char* date,
            std::initializer_list<Fact> facts) {
  kg::extract::Extraction x;
  for (const Fact& f : facts) {
    kg::extract::Triple t;
    t.subject = {f.subject, f.subject_type};
    t.relation = f.relation;
    t.object = {f.object, f.object_type};
    t.doc = doc;
    t.date = date;
    t.evidence = std::string(f.subject) + " and " + f.object + ".";
    t.sentence = {0, static_cast<uint32_t>(t.evidence.size())};
    t.rule = "fuzz";
    t.confidence = 0.8;
    x.triples.push_back(std::move(t));
  }
  kg::extract::EntityMention alias;
  alias.entity = {"CLIP", EntityType::kTechnique};
  alias.aliases = {"Contrastive Language-Image Pretraining"};
  alias.doc = doc;
  alias.mentions = 1;
  x.entities.push_back(alias);
  kg::graph::DocumentRecord record;
  record.id = doc;
  record.source = std::string(doc) + ".txt";
  record.content_hash = doc;
  record.date = date;
  record.triple_count = static_cast<uint32_t>(x.triples.size());
  Require(store->IngestDocument(record, x).ok());
}

void BuildStore() {
  std::string pattern = (std::filesystem::temp_directory_path() / "kg-fuzz-query-XXXXXX").string();
  Require(mkdtemp(pattern.data()) != nullptr);
  StoreDir() = pattern;
  std::atexit(RemoveStore);
  auto store = kg::graph::Store::Open(kg::graph::StoreOptions{}, StoreDir());
  Require(store.ok());
  constexpr EntityType kPer = EntityType::kPerson, kOrg = EntityType::kOrganization,
                       kTech = EntityType::kTechnique, kData = EntityType::kDataset,
                       kLoc = EntityType::kLocation;
  Ingest(store->get(), "a", "2020-01-15",
         {{"Juntang Zhuang", kPer, Relation::kAffiliatedWith, "Yale", kOrg},
          {"Juntang Zhuang", kPer, Relation::kDeveloped, "AdaBelief", kTech},
          {"AdaBelief", kTech, Relation::kBasedOn, "Adam", kTech},
          {"Adam", kTech, Relation::kBasedOn, "SGD", kTech}});
  Ingest(store->get(), "b", "2020-06-11",
         {{"OpenAI", kOrg, Relation::kDeveloped, "GPT-3", kTech},
          {"GPT-3", kTech, Relation::kBasedOn, "transformer", kTech},
          {"OpenAI", kOrg, Relation::kLocatedIn, "San Francisco", kLoc},
          {"GPT-3", kTech, Relation::kTrainedOn, "Common Crawl", kData},
          {"GPT-3", kTech, Relation::kOutperforms, "GPT-3", kTech}});
  Ingest(store->get(), "c", "2021-01-05",
         {{"Ilya Sutskever", kPer, Relation::kAffiliatedWith, "OpenAI", kOrg},
          {"Ilya Sutskever", kPer, Relation::kDeveloped, "CLIP", kTech},
          {"CLIP", kTech, Relation::kBasedOn, "transformer", kTech},
          {"Google", kOrg, Relation::kDeveloped, "transformer", kTech}});
  Ingest(store->get(), "d", "",
         {{"DeepMind", kOrg, Relation::kPartOf, "Google", kOrg},
          {"DeepMind", kOrg, Relation::kDeveloped, "AlphaZero", kTech},
          {"AlphaZero", kTech, Relation::kOutperforms, "Stockfish", kTech},
          {"AlphaZero", kTech, Relation::kEvaluatedOn, "chess", kData}});
  TheStore() = std::move(*store);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  BuildStore();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  kg::query::QueryFileOptions options;
  options.allow_export = false;
  kg::Result<std::string> answer = kg::query::RunQueryFile(*TheStore(), text, options);
  if (!answer.ok()) {
    Require(answer.status().IsUserError());
    return 0;
  }
  nlohmann::json in = nlohmann::json::parse(text);
  nlohmann::json out = nlohmann::json::parse(*answer);
  Require(out.at("results").size() == in.at("queries").size());
  return 0;
}
