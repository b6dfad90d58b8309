// tests/support/test_store.h: small graph stores built inside a test.
//
// A TestStore opens a fresh graph::Store in its own temporary directory and
// ingests hand-written triples, one document per distinct `doc`; the
// directory is removed when the TestStore goes away.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "graph/graph.h"

namespace kg::testing {

using extract::EntityType;
using extract::Relation;

struct TestTriple {
  TestTriple(std::string s, EntityType s_type, Relation r, std::string o, EntityType o_type,
             std::string document = "doc1", std::string evidence = "")
      : subject(std::move(s)),
        subject_type(s_type),
        relation(r),
        object(std::move(o)),
        object_type(o_type),
        doc(std::move(document)),
        sentence(std::move(evidence)) {}
  std::string subject;
  EntityType subject_type;
  Relation relation;
  std::string object;
  EntityType object_type;
  std::string doc = "doc1";
  std::string sentence;  // empty: "<subject> <relation> <object>."
  double confidence = 0.9;
};

class TestStore {
 public:
  // REQUIRES: the store opens and every document ingests (checked with
  // doctest REQUIRE).
  // `doc_dates`: document id -> article date (YYYY-MM-DD) of the document
  // and its triples; documents not listed are undated.
  explicit TestStore(const std::vector<TestTriple>& triples,
                     const std::vector<extract::EntityMention>& mentions = {},
                     const std::map<std::string, std::string>& doc_dates = {});
  ~TestStore();
  TestStore(const TestStore&) = delete;
  TestStore& operator=(const TestStore&) = delete;

  const graph::Store& store() const { return *store_; }
  graph::Store& store() { return *store_; }
  // The id of an entity by name. REQUIRES: it exists.
  graph::EntityId Id(const std::string& name) const;
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<graph::Store> store_;
};

// A fresh empty directory under the system temporary directory.
std::filesystem::path MakeTempDir(const std::string& prefix);

// Short names for the table-driven tests.
inline constexpr EntityType kPerson = EntityType::kPerson;
inline constexpr EntityType kOrg = EntityType::kOrganization;
inline constexpr EntityType kTech = EntityType::kTechnique;
inline constexpr EntityType kData = EntityType::kDataset;
inline constexpr EntityType kPlace = EntityType::kLocation;

}  // namespace kg::testing
