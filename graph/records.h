// graph/records.h: internal to graph/ (see graph/graph.h). Column families,
// key builders and the records stored in them; docs/STORAGE.md documents
// every byte.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "graph/graph.h"

namespace kg::graph {

// The store's on-disk schema. Bump when a key or value format changes; a
// store with a newer version is refused.
inline constexpr uint32_t kSchemaVersion = 1;

// Column families, in the order they are opened (index = handle slot).
enum Cf : int {
  kCfDefault = 0,
  kCfMeta,
  kCfEntities,
  kCfNames,
  kCfSpo,
  kCfOps,
  kCfEvidence,
  kCfDocEdges,
  kCfDocuments,
  kCfMerges,
  kCfCount,
};
inline constexpr const char* kColumnFamilyNames[kCfCount] = {
    "default", "meta",     "entities",  "names",     "spo",
    "ops",     "evidence", "doc_edges", "documents", "merges"};

inline constexpr std::string_view kMetaSchemaVersion = "schema_version";
inline constexpr std::string_view kMetaCounters = "counters";

inline constexpr size_t kNumTypes = std::size(extract::kAllEntityTypes);
inline constexpr size_t kNumRelations = std::size(extract::kAllRelations);

struct EdgeKey {
  EntityId subject = 0;
  Relation relation = Relation::kUses;
  EntityId object = 0;
  auto operator<=>(const EdgeKey&) const = default;
};
inline constexpr size_t kEdgeKeySize = 17;

std::string EntityKey(EntityId id);
std::string SpoKey(const EdgeKey& k);
std::string OpsKey(const EdgeKey& k);
// Decodes the first kEdgeKeySize bytes of an spo or ops key.
EdgeKey DecodeSpoKey(std::string_view key);
EdgeKey DecodeOpsKey(std::string_view key);
// Evidence rows: spo key, document id, 0x00, u32 ordinal within the document.
std::string EvidenceKey(const EdgeKey& k, std::string_view doc, uint32_t ordinal);
std::string_view EvidenceKeyDoc(std::string_view key);
// Merge reasons: entity id, normalized name, 0x00, document id.
std::string MergeKey(EntityId id, std::string_view normalized, std::string_view doc);
std::string MergePrefix(EntityId id, std::string_view normalized);

// The smallest key greater than every key starting with `prefix` (for
// iterate_upper_bound); empty when there is none.
std::string PrefixSuccessor(std::string prefix);

struct EntityRecord {
  EntityId id = 0;
  std::string name;
  std::array<uint64_t, kNumTypes> type_counts{};  // index: EntityType value - 1
  std::vector<std::string> aliases;

  // The type with the most evidence; ties go to the lower enum value so the
  // outcome does not depend on ingest order.
  EntityType MajorityType() const;
  uint64_t Mentions() const;
  Entity ToEntity() const;
};
std::string EncodeEntity(const EntityRecord& r);
Result<EntityRecord> DecodeEntity(EntityId id, std::string_view value);

struct NameValue {
  EntityId id = 0;
  uint32_t refs = 0;    // documents that use this name for the entity
  std::string surface;  // the spelling first seen, shown in suggestions
};
std::string EncodeName(const NameValue& v);
Result<NameValue> DecodeName(std::string_view value);

struct EdgeValue {
  uint32_t weight = 0;
  double confidence = 0.0;
  std::string first_date;
  std::string last_date;
};
std::string EncodeEdgeValue(const EdgeValue& v);
Result<EdgeValue> DecodeEdgeValue(std::string_view value);
// Sets an edge's value fields (weight, confidence, dates) in place, reusing
// its strings: edge cursors decode every edge a search walks. False if the
// value does not decode.
bool DecodeEdgeValue(std::string_view value, Edge* edge);

std::string EncodeEvidence(const Evidence& e);  // the doc is in the key
Result<Evidence> DecodeEvidence(std::string_view doc, std::string_view value);

std::string EncodeDocument(const DocumentRecord& d);  // the id is the key
Result<DocumentRecord> DecodeDocument(std::string_view id, std::string_view value);

// What one document added, so that removing it touches only its own keys.
struct DocContribution {
  struct EdgeRows {
    EdgeKey edge;
    uint32_t rows = 0;  // evidence ordinals 0..rows-1
  };
  struct EntityCount {
    EntityId id = 0;
    EntityType type = EntityType::kTechnique;
    uint64_t count = 0;
  };
  struct NameUse {
    std::string normalized;
    EntityId id = 0;
  };
  std::vector<EdgeRows> edges;
  std::vector<EntityCount> entities;
  std::vector<NameUse> names;
  std::vector<std::string> merge_keys;
};
std::string EncodeContribution(const DocContribution& c);
Result<DocContribution> DecodeContribution(std::string_view value);

// Exact totals kept in meta so that Stats() does not scan.
struct Counters {
  EntityId next_entity_id = 1;
  uint64_t entities = 0;
  uint64_t edges = 0;
  uint64_t evidence = 0;
  uint64_t documents = 0;
  std::array<uint64_t, kNumTypes> entities_by_type{};
  std::array<uint64_t, kNumRelations> edges_by_relation{};
};
std::string EncodeCounters(const Counters& c);
Result<Counters> DecodeCounters(std::string_view value);

inline size_t TypeIndex(EntityType t) { return static_cast<size_t>(t) - 1; }
inline size_t RelationIndex(Relation r) { return static_cast<size_t>(r) - 1; }

}  // namespace kg::graph
