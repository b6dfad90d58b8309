// tests/graph/test_support.h: fixtures for the graph store tests.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "graph/graph.h"

namespace kg::graph::testing {

// A fresh directory under /tmp, removed with everything in it at scope end.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

extract::Triple MakeTriple(const std::string& subject, EntityType subject_type, Relation relation,
                           const std::string& object, EntityType object_type,
                           const std::string& doc, const std::string& sentence = "a sentence",
                           double confidence = 0.8, const std::string& date = "");

extract::EntityMention MakeMention(const std::string& name, EntityType type,
                                   std::vector<std::string> aliases = {}, uint32_t mentions = 1);

DocumentRecord MakeDoc(const std::string& id, const std::string& hash = "h1",
                       const std::string& date = "");

// Opens a writable store in `dir`; fails the test if it cannot.
std::unique_ptr<Store> OpenStore(const std::filesystem::path& dir);

// "developed(OpenAI -> CLIP) w=2 c=0.9 2021-01-05..2021-03-01", for comparing
// cursors' output as text.
std::string EdgeToString(const Store& store, const Edge& edge);
std::vector<std::string> OutEdgeStrings(const Store& store, EntityId id,
                                        std::optional<Relation> relation = std::nullopt);
std::vector<std::string> InEdgeStrings(const Store& store, EntityId id,
                                       std::optional<Relation> relation = std::nullopt);
EntityId IdOf(const Store& store, const std::string& name);
// "entities=3 edges=2 evidence=2 documents=1 Person=1 Organization=1 ..."
// (zero counts left out).
std::string StatsString(const Store& store);

}  // namespace kg::graph::testing
