// Loading of the lexicon and the gazetteers, and gazetteer lookup.
#include "extract/lexicon.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace kg::extract {
namespace {

const std::unordered_set<std::string> kNoAbbreviations;

std::vector<std::string_view> SplitOn(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == sep) {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

// `word` is `name` + "s", compared without building that string.
bool IsPluralOf(std::string_view word, std::string_view name) {
  return word.size() == name.size() + 1 && word.back() == 's' && word.starts_with(name);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

template <typename Set>  // a WordSet or a std::unordered_set<std::string>
void AddLowerSet(const nlohmann::json& j, const char* key, Set* out) {
  if (!j.contains(key)) return;
  for (const auto& w : j.at(key)) out->insert(LowerUtf8(w.get<std::string>()));
}

// A list kept in order (phrases searched in turn), lowercase.
void AddLowerList(const nlohmann::json& j, const char* key, std::vector<std::string>* out) {
  if (!j.contains(key)) return;
  for (const auto& w : j.at(key)) out->push_back(LowerUtf8(w.get<std::string>()));
}

// A number the lexicon file may set; the default stays when it does not.
void SetDouble(const nlohmann::json& j, const char* key, double* out) {
  if (j.contains(key)) *out = j.at(key).get<double>();
}

Status AddTypedMap(const nlohmann::json& j, const char* key, WordMap<EntityType>* out) {
  if (!j.contains(key)) return Status::Ok();
  for (const auto& [word, type_name] : j.at(key).items()) {
    Result<EntityType> type = ParseEntityType(type_name.get<std::string>());
    if (!type.ok()) return type.status().Annotate(std::string(key) + " \"" + word + "\"");
    (*out)[LowerUtf8(word)] = *type;
  }
  return Status::Ok();
}

Status AddCompatible(const nlohmann::json& j, Lexicon* lexicon) {
  if (!j.contains("compatible_relations")) return Status::Ok();
  for (const auto& pair : j.at("compatible_relations")) {
    Result<Relation> a = ParseRelation(pair.at(0).get<std::string>());
    Result<Relation> b = ParseRelation(pair.at(1).get<std::string>());
    if (!a.ok()) return a.status().Annotate("compatible_relations");
    if (!b.ok()) return b.status().Annotate("compatible_relations");
    lexicon->compatible_relations.emplace_back(*a, *b);
  }
  return Status::Ok();
}

// "the team's" as the tokens "the", "team", "'s", matched against a
// sentence's tokens with StraightApostrophes().
void AddTopicOwners(const nlohmann::json& j, Lexicon* lexicon) {
  if (!j.contains("topic_owners")) return;
  for (const auto& phrase : j.at("topic_owners")) {
    std::vector<std::string> words;
    for (const Token& t : Tokenize(phrase.get<std::string>(), 0, lexicon->abbreviations))
      words.push_back(StraightApostrophes(t.lower));
    if (words.empty()) continue;
    lexicon->topic_owner_starts.insert(words.front());
    lexicon->topic_owners.push_back(std::move(words));
  }
}

Status FillLexicon(const nlohmann::json& j, Lexicon* lexicon) {
  AddLowerSet(j, "abbreviations", &lexicon->abbreviations);
  AddLowerSet(j, "stop_words", &lexicon->stop_words);
  AddLowerSet(j, "org_cues", &lexicon->org_cues);
  AddLowerSet(j, "org_suffixes", &lexicon->org_suffixes);
  AddLowerSet(j, "dataset_cues", &lexicon->dataset_cues);
  AddLowerSet(j, "connectors", &lexicon->connectors);
  if (j.contains("hedges")) {
    for (const auto& [phrase, factor] : j.at("hedges").items()) {
      lexicon->hedges.emplace_back(LowerUtf8(phrase), factor.get<double>());
      const std::string& lower = lexicon->hedges.back().first;
      int index = static_cast<int>(lexicon->hedges.size()) - 1;
      if (lower.empty()) {
        lexicon->empty_hedges.push_back(index);
      } else {
        lexicon->hedges_by_first_byte[static_cast<unsigned char>(lower[0])].push_back(index);
      }
    }
  }
  KG_RETURN_IF_ERROR(AddTypedMap(j, "type_cues", &lexicon->type_cues));
  KG_RETURN_IF_ERROR(AddTypedMap(j, "references", &lexicon->references));
  KG_RETURN_IF_ERROR(AddTypedMap(j, "plural_references", &lexicon->plural_references));
  AddLowerSet(j, "unit_words", &lexicon->unit_words);
  AddLowerSet(j, "model_variant_words", &lexicon->model_variant_words);
  AddLowerSet(j, "quantity_words", &lexicon->quantity_words);
  AddLowerSet(j, "peer_score_not_units", &lexicon->peer_score_not_units);
  AddLowerSet(j, "dataset_variant_words", &lexicon->dataset_variant_words);
  AddLowerSet(j, "name_particles", &lexicon->name_particles);
  AddLowerSet(j, "business_references", &lexicon->business_references);
  AddLowerSet(j, "institution_references", &lexicon->institution_references);
  AddLowerList(j, "investor_cues", &lexicon->investor_cues);
  AddLowerSet(j, "apposition_openers", &lexicon->apposition_openers);
  AddLowerSet(j, "apposition_participles", &lexicon->apposition_participles);
  AddLowerSet(j, "apposition_participle_next", &lexicon->apposition_participle_next);
  AddLowerSet(j, "model_verbs", &lexicon->model_verbs);
  AddLowerSet(j, "institution_words", &lexicon->institution_words);
  AddTopicOwners(j, lexicon);
  AddLowerSet(j, "topic_adjectives", &lexicon->topic_adjectives);
  AddLowerSet(j, "topic_nouns", &lexicon->topic_nouns);
  AddLowerSet(j, "model_object_verbs", &lexicon->model_object_verbs);
  AddLowerSet(j, "list_verbs", &lexicon->list_verbs);
  AddLowerSet(j, "table_model_headings", &lexicon->table_model_headings);
  AddLowerSet(j, "table_developer_headings", &lexicon->table_developer_headings);
  AddLowerSet(j, "fronted_openers", &lexicon->fronted_openers);
  AddLowerSet(j, "non_referring_adjectives", &lexicon->non_referring_adjectives);
  AddLowerSet(j, "model_reference_adjectives", &lexicon->model_reference_adjectives);
  AddLowerSet(j, "clause_joiners", &lexicon->clause_joiners);
  AddLowerSet(j, "developer_verbs", &lexicon->developer_verbs);
  AddLowerSet(j, "component_nouns", &lexicon->component_nouns);
  AddLowerSet(j, "component_adjectives", &lexicon->component_adjectives);
  AddLowerSet(j, "software_program_words", &lexicon->software_program_words);
  SetDouble(j, "title_authors_confidence", &lexicon->title_authors_confidence);
  SetDouble(j, "paper_authors_confidence", &lexicon->paper_authors_confidence);
  SetDouble(j, "peer_score_confidence", &lexicon->peer_score_confidence);
  SetDouble(j, "compared_benchmark_confidence", &lexicon->compared_benchmark_confidence);
  for (auto [key, cues] :
       {std::pair{"paper_author_cues", &lexicon->paper_author_cues},
        std::pair{"author_role_cues", &lexicon->author_role_cues},
        std::pair{"paper_topic_cues", &lexicon->paper_topic_cues},
        std::pair{"peer_score_before", &lexicon->peer_score_before},
        std::pair{"peer_score_after", &lexicon->peer_score_after},
        std::pair{"peer_score_no_winner", &lexicon->peer_score_no_winner},
        std::pair{"compared_benchmark_not_after", &lexicon->compared_benchmark_not_after},
        std::pair{"compared_benchmark_clause_breaks",
                  &lexicon->compared_benchmark_clause_breaks}}) {
    if (!j.contains(key)) continue;
    for (const auto& pattern : j.at(key)) cues->push_back(pattern.get<std::string>());
  }
  SetDouble(j, "byline_staff_confidence", &lexicon->byline_staff_confidence);
  SetDouble(j, "field_line_confidence", &lexicon->field_line_confidence);
  if (j.contains("field_labels")) {
    for (const auto& [label, relation] : j.at("field_labels").items()) {
      Result<Relation> r = ParseRelation(relation.get<std::string>());
      if (!r.ok())
        return Status::InvalidArgument("field_labels: \"" + label + "\": " + r.status().message());
      lexicon->field_labels[LowerUtf8(label)] = *r;
    }
  }
  SetDouble(j, "owner_confidence", &lexicon->owner_confidence);
  SetDouble(j, "table_score_confidence", &lexicon->table_score_confidence);
  SetDouble(j, "list_part_confidence", &lexicon->list_part_confidence);
  SetDouble(j, "authors_used_confidence", &lexicon->authors_used_confidence);
  AddLowerSet(j, "author_use_verbs", &lexicon->author_use_verbs);
  AddLowerSet(j, "term_head_nouns", &lexicon->term_head_nouns);
  AddLowerSet(j, "task_terms", &lexicon->task_terms);
  AddLowerSet(j, "card_title_words", &lexicon->card_title_words);
  if (j.contains("author_subjects")) {
    for (const auto& phrase : j.at("author_subjects")) {
      std::string lower = LowerUtf8(phrase.get<std::string>());
      std::vector<std::string> words;
      for (std::string_view w : SplitOn(lower, ' '))
        if (!w.empty()) words.emplace_back(w);
      if (words.empty()) continue;
      lexicon->author_subject_starts.insert(words.front());
      lexicon->author_subjects.push_back(std::move(words));
    }
  }
  AddLowerSet(j, "lab_model_words", &lexicon->lab_model_words);
  AddLowerSet(j, "name_and_words", &lexicon->name_and_words);
  AddLowerSet(j, "author_departments", &lexicon->author_departments);
  AddLowerSet(j, "personal_credit_rules", &lexicon->personal_credit_rules);
  AddLowerList(j, "author_suffixes", &lexicon->author_suffixes);
  SetDouble(j, "part_of_confidence", &lexicon->part_of_confidence);
  return AddCompatible(j, lexicon);
}

}  // namespace

Status AddLexiconJson(std::string_view file, std::string_view content, Lexicon* lexicon) {
  try {
    return FillLexicon(nlohmann::json::parse(content), lexicon).Annotate(std::string(file));
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument(std::string(file) + ": not a valid lexicon file: " + e.what());
  }
}

void AddNameList(std::string_view content, WordSet* names) {
  for (std::string_view line : SplitOn(content, '\n')) {
    line = Trim(line);
    if (line.empty() || line.front() == '#') continue;
    names->insert(LowerUtf8(line));
  }
}

std::string NameKey(std::string_view name) {
  std::string key;
  for (const Token& t : Tokenize(name, 0, kNoAbbreviations)) {
    if (!key.empty()) key += ' ';
    key += t.lower;
  }
  return key;
}

void Gazetteer::AddKey(const std::string& surface, int index) {
  std::vector<Token> tokens = Tokenize(surface, 0, kNoAbbreviations);
  if (tokens.empty()) return;
  std::string key;
  for (const Token& t : tokens) key += (key.empty() ? "" : " ") + t.lower;
  by_key_[key] = index;
  key_filter_.Add(key);
  first_tokens_.insert(tokens.front().lower);
  first_token_filter_.Add(tokens.front().lower);
  std::string prefix;
  for (const Token& t : tokens) {
    prefix += (prefix.empty() ? "" : " ") + t.lower;
    prefixes_.insert(prefix);
    prefix_filter_.Add(prefix);
  }
  max_tokens_ = std::max(max_tokens_, tokens.size());
}

Status Gazetteer::AddFile(std::string_view file, std::string_view content) {
  int line_number = 0;
  for (std::string_view line : SplitOn(content, '\n')) {
    ++line_number;
    if (Trim(line).empty() || Trim(line).front() == '#') continue;
    std::vector<std::string_view> cols = SplitOn(line, '\t');
    std::string where = std::string(file) + ":" + std::to_string(line_number);
    if (cols.size() < 2 || Trim(cols[0]).empty()) {
      return Status::InvalidArgument(where + ": expected name<TAB>type<TAB>aliases, got \"" +
                                     std::string(line) + "\"");
    }
    std::string_view type_name = Trim(cols[1]);
    bool not_entity = type_name == "Hardware" || type_name == "NotEntity";
    Result<EntityType> type = ParseEntityType(not_entity ? "Technique" : type_name);
    if (!type.ok()) {
      return Status::InvalidArgument(
          where + ": unknown type \"" + std::string(type_name) +
          "\" (expected Person, Organization, Technique, Dataset, "
          "Location; or Hardware or NotEntity for names that are no entity)");
    }
    GazetteerEntry entry{std::string(Trim(cols[0])), *type, {}, false, false, not_entity, {}};
    if (cols.size() > 2) {
      for (std::string_view alias : SplitOn(cols[2], '|')) {
        if (!Trim(alias).empty()) entry.aliases.emplace_back(Trim(alias));
      }
    }
    for (const std::string& alias : entry.aliases) {
      std::string lower = LowerUtf8(alias);
      bool acronym =
          alias.size() <= 3 && lower != alias &&
          std::none_of(alias.begin(), alias.end(), [](char c) { return c >= 'a' && c <= 'z'; });
      if (acronym) entry.acronym_aliases.push_back(std::move(lower));
    }
    entry.any_case = LowerUtf8(entry.name) == entry.name;
    entry.exact_case = entry.name.size() <= 3 && !entry.any_case;
    int index = static_cast<int>(entries_.size());
    entries_.push_back(entry);
    AddKey(entry.name, index);
    for (const std::string& alias : entry.aliases) AddKey(alias, index);
  }
  return Status::Ok();
}

bool Gazetteer::CaseFits(const GazetteerEntry& entry, const std::vector<Token>& tokens, size_t i,
                         size_t n, std::string_view text, uint32_t base) const {
  if (entry.any_case) return true;
  std::string_view written =
      text.substr(tokens[i].begin - base, tokens[i + n - 1].end - tokens[i].begin);
  if (written == entry.name) return true;
  for (const std::string& alias : entry.aliases) {
    if (written == alias || IsPluralOf(written, alias)) return true;
  }
  std::string_view surface =
      text.substr(tokens[i].begin - base, tokens[i + n - 1].end - tokens[i].begin);
  if (entry.exact_case) {
    if (surface == entry.name || IsPluralOf(surface, entry.name)) return true;
    for (const std::string& alias : entry.aliases) {
      if (surface == alias) return true;
    }
    return false;
  }
  // A short all-caps alias is an acronym and must be written as one: "IN"
  // (Indiana) is no match for "In other news".
  if (!entry.acronym_aliases.empty()) {
    std::string lower = LowerUtf8(written);
    for (const std::string& acronym : entry.acronym_aliases) {
      if (acronym == lower) return false;
    }
  }
  // A proper name must be written as one: "Adam" the optimizer, not "adam".
  return tokens[i].cap || tokens[i].digit;
}

namespace {
// Plurals of techniques and data sets: "transformers", "ResNets", "GANs".
bool PluralTypes(EntityType type) {
  return type == EntityType::kTechnique || type == EntityType::kDataset;
}

// "Titans" is no plural of the model "Titan": one capitalized word with no
// other capital, of a one-word proper name, is a name of its own.
// "transformers" (of "transformer"), "ResNets" and "Vision Transformers"
// are plurals.
bool IsNameOfItsOwn(const Token& word, const GazetteerEntry& entry) {
  bool proper_entry = !entry.name.empty() && entry.name[0] >= 'A' && entry.name[0] <= 'Z';
  return proper_entry && word.cap && !word.all_caps && !word.inner_cap;
}
}  // namespace

std::optional<GazetteerMatch> Gazetteer::LongestMatch(const std::vector<Token>& tokens, size_t i,
                                                      std::string_view text, uint32_t base) const {
  if (!tokens[i].word) return std::nullopt;
  std::string_view first = tokens[i].lower;
  std::string_view singular = first.substr(0, first.size() - 1);
  bool plural_first = first.size() > 3 && first.back() == 's' &&
                      first_token_filter_.MayContain(singular) && first_tokens_.contains(singular);
  if (!plural_first &&
      !(first_token_filter_.MayContainHash(tokens[i].hash) && first_tokens_.contains(first)))
    return std::nullopt;
  size_t longest = std::min(max_tokens_, tokens.size() - i);
  // Keys grow one token at a time and stop once no entry starts that way;
  // each is a prefix of the longest, so one buffer and their lengths do.
  // Runs for every token that may start an entry: no allocation per key.
  thread_local std::string key;
  thread_local std::vector<size_t> key_lengths;
  key.clear();
  key_lengths.clear();
  for (size_t n = 0; n < longest; ++n) {
    if (n) key += ' ';
    key += tokens[i + n].lower;
    key_lengths.push_back(key.size());
    if (n > 0 && !(prefix_filter_.MayContain(key) && prefixes_.contains(std::string_view(key))))
      break;
  }
  auto find = [this](std::string_view k) {
    return key_filter_.MayContain(k) ? by_key_.find(k) : by_key_.end();
  };
  for (size_t n = key_lengths.size(); n >= 1; --n) {
    std::string_view k(key.data(), key_lengths[n - 1]);
    auto it = find(k);
    bool plural = false;
    // Plurals of techniques and data sets: "transformers", "ResNets".
    if (it == by_key_.end() && k.size() > 3 && k.back() == 's') {
      it = find(k.substr(0, k.size() - 1));
      plural = true;
      if (it != by_key_.end() && (!PluralTypes(entries_[it->second].type) ||
                                  (n == 1 && IsNameOfItsOwn(tokens[i], entries_[it->second])))) {
        it = by_key_.end();
      }
    }
    if (it == by_key_.end()) continue;
    if (!CaseFits(entries_[it->second], tokens, i, n, text, base)) continue;
    return GazetteerMatch{it->second, n, plural};
  }
  return std::nullopt;
}

std::optional<int> Gazetteer::Find(std::string_view name) const {
  auto it = by_key_.find(NameKey(name));
  if (it == by_key_.end()) return std::nullopt;
  return it->second;
}

}  // namespace kg::extract
