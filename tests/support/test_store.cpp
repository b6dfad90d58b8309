// Small graph stores for tests (tests/support/test_store.h).
#include "tests/support/test_store.h"

#include <doctest/doctest.h>

#include <atomic>
#include <map>

#include <unistd.h>

namespace kg::testing {

std::filesystem::path MakeTempDir(const std::string& prefix) {
  static std::atomic<int> counter{0};
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      (prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

TestStore::TestStore(const std::vector<TestTriple>& triples,
                     const std::vector<extract::EntityMention>& mentions,
                     const std::map<std::string, std::string>& doc_dates)
    : dir_(MakeTempDir("kg-query-test")) {
  Result<std::unique_ptr<graph::Store>> opened = graph::Store::Open({}, dir_ / "db");
  REQUIRE_MESSAGE(opened.ok(), opened.status().message());
  store_ = std::move(*opened);
  std::map<std::string, extract::Extraction> docs;
  for (const TestTriple& t : triples) {
    extract::Triple triple;
    triple.subject = {t.subject, t.subject_type};
    triple.relation = t.relation;
    triple.object = {t.object, t.object_type};
    triple.doc = t.doc;
    triple.evidence =
        t.sentence.empty()
            ? t.subject + " " + std::string(extract::ToString(t.relation)) + " " + t.object + "."
            : t.sentence;
    triple.rule = "test";
    triple.confidence = t.confidence;
    if (auto date = doc_dates.find(t.doc); date != doc_dates.end()) triple.date = date->second;
    docs[t.doc].triples.push_back(std::move(triple));
  }
  for (const extract::EntityMention& mention : mentions) {
    docs[mention.doc.empty() ? "doc1" : mention.doc].entities.push_back(mention);
  }
  for (const auto& [id, extraction] : docs) {
    graph::DocumentRecord record;
    record.id = id;
    record.source = id;
    record.content_hash = "hash-" + id;
    if (auto date = doc_dates.find(id); date != doc_dates.end()) record.date = date->second;
    Result<graph::IngestOutcome> outcome = store_->IngestDocument(record, extraction);
    REQUIRE_MESSAGE(outcome.ok(), outcome.status().message());
  }
}

TestStore::~TestStore() {
  store_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

graph::EntityId TestStore::Id(const std::string& name) const {
  Result<std::optional<graph::Entity>> found = store_->FindEntity(name);
  REQUIRE_MESSAGE(found.ok(), found.status().message());
  const std::string missing = "no entity named " + name;
  REQUIRE_MESSAGE(found->has_value(), missing);
  return (*found)->id;
}

}  // namespace kg::testing
