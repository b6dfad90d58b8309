// The names of entity types and relations, as SCHEMA.md spells them.
#include <algorithm>
#include <cctype>
#include <string>

#include "extract/extract.h"

namespace kg::extract {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

template <typename Enum, size_t N>
std::string JoinNames(const Enum (&all)[N]) {
  std::string names;
  for (Enum e : all) {
    if (!names.empty()) names += ", ";
    names += ToString(e);
  }
  return names;
}

}  // namespace

std::string_view ToString(EntityType type) {
  switch (type) {
    case EntityType::kPerson:
      return "Person";
    case EntityType::kOrganization:
      return "Organization";
    case EntityType::kTechnique:
      return "Technique";
    case EntityType::kDataset:
      return "Dataset";
    case EntityType::kLocation:
      return "Location";
  }
  return "Unknown";
}

std::string_view ToString(Relation relation) {
  switch (relation) {
    case Relation::kAffiliatedWith:
      return "affiliated_with";
    case Relation::kDeveloped:
      return "developed";
    case Relation::kBasedOn:
      return "based_on";
    case Relation::kUses:
      return "uses";
    case Relation::kTrainedOn:
      return "trained_on";
    case Relation::kEvaluatedOn:
      return "evaluated_on";
    case Relation::kOutperforms:
      return "outperforms";
    case Relation::kLocatedIn:
      return "located_in";
    case Relation::kPartOf:
      return "part_of";
  }
  return "unknown";
}

Result<EntityType> ParseEntityType(std::string_view name) {
  for (EntityType type : kAllEntityTypes) {
    if (EqualsIgnoreCase(name, ToString(type))) return type;
  }
  return Status::InvalidArgument("unknown entity type \"" + std::string(name) + "\" (expected " +
                                 JoinNames(kAllEntityTypes) + ")");
}

Result<Relation> ParseRelation(std::string_view name) {
  for (Relation relation : kAllRelations) {
    if (EqualsIgnoreCase(name, ToString(relation))) return relation;
  }
  return Status::InvalidArgument("unknown relation \"" + std::string(name) + "\" (expected " +
                                 JoinNames(kAllRelations) + ")");
}

}  // namespace kg::extract
