// extract/lexicon.h: internal; see extract/extract.h.
// The word lists that steer recognition (data/lexicon.json, data/names/) and
// the gazetteers of known entities (data/gazetteers/*.tsv). Both are data:
// nothing here names an entity or a cue word in C++.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "extract/extract.h"
#include "extract/tokens.h"
#include "extract/word_set.h"

namespace kg::extract {

struct Lexicon {
  std::unordered_set<std::string> abbreviations;       // lowercase, with the final '.'
  std::vector<std::pair<std::string, double>> hedges;  // lowercase phrase, factor
  // Indexes into `hedges` by the byte each starts with; empty phrases apart.
  std::array<std::vector<int>, 256> hedges_by_first_byte;
  std::vector<int> empty_hedges;
  WordSet stop_words;                          // never a name on their own
  WordSet org_cues;                            // "university": the name is an organization
  WordSet org_suffixes;                        // "ai": only as the last word of 2+
  WordSet dataset_cues;                        // "dataset" as the last word
  WordSet connectors;                          // "of" inside "University of X"
  WordMap<EntityType> type_cues;               // "startup" near a name
  WordMap<EntityType> references;              // "the company"
  WordMap<EntityType> plural_references;       // "the models"
  std::unordered_set<std::string> unit_words;  // "Research" in "Google Research": a part
  // "Pro" in "Gemini 1.5 Pro", "mini" in "GPT-4o mini": a variant of a known
  // model is a model of its own. Capitalized in text, except "mini".
  std::unordered_set<std::string> model_variant_words;
  // Words that make a number after a model's name a quantity, not a version
  // ("GPT-4 3 times faster").
  std::unordered_set<std::string> quantity_words;
  // Words naming a subset of a known benchmark after its name ("GPQA Diamond").
  std::unordered_set<std::string> dataset_variant_words;
  // Lowercase words inside a person's name ("van den" in "Aaron van den Oord").
  WordSet name_particles;
  // References to a business ("the company"), which never stand for a name
  // with one of `institution_words` ("University", "Ministry").
  std::unordered_set<std::string> business_references;
  // References to an institution ("the university"), which stand only for a
  // name with one of `institution_words`.
  std::unordered_set<std::string> institution_references;
  // "led by", "backers", "participation from" (lowercase): the companies a
  // sentence names after one of these invested; "the company" later is not
  // one of them.
  std::vector<std::string> investor_cues;
  // "ClinBERT-NO, built by the Nordic Clinical Language Consortium, an
  // Oslo-based collaboration, is a BERT model": the words that open an
  // apposition after a sentence's opening name, either an opener ("an") or a
  // participle ("built") with one of the words that may follow it ("by").
  std::unordered_set<std::string> apposition_openers;
  std::unordered_set<std::string> apposition_participles;
  std::unordered_set<std::string> apposition_participle_next;
  // Verbs after a sentence's opening "It" that say it is a model ("It outperformed").
  std::unordered_set<std::string> model_verbs;
  std::unordered_set<std::string> institution_words;
  // "their model", "the team's new approach": an owner phrase (tokenized,
  // apostrophes straight), an optional adjective and a noun name the
  // technique an article last said someone developed.
  std::vector<std::vector<std::string>> topic_owners;
  WordSet topic_owner_starts;  // first words of topic_owners
  std::unordered_set<std::string> topic_adjectives;
  std::unordered_set<std::string> topic_nouns;
  // "The library includes four updates:": verbs of a sentence ending in a
  // colon that make the bullets after it parts of its subject.
  std::unordered_set<std::string> list_verbs;
  // Column headings of a table of records ("| Rank | Model | Developer |"):
  // the column that names the model, and the one that names who built it.
  std::unordered_set<std::string> table_model_headings;
  std::unordered_set<std::string> table_developer_headings;
  double list_part_confidence = 0.7;
  // "They used a convolutional LSTM": who the authors are, and what using is.
  std::vector<std::vector<std::string>> author_subjects;  // lowercase words
  WordSet author_subject_starts;                          // first words of author_subjects
  std::unordered_set<std::string> author_use_verbs;
  // "transformer model": a head noun after a term that is no part of its
  // name (Recognizer::DisplayName).
  WordSet term_head_nouns;
  // "speech recognition", "machine translation": tasks and fields, no kind a
  // technique is based on (lowercase).
  std::unordered_set<std::string> task_terms;
  double authors_used_confidence = 0.7;
  double table_score_confidence = 0.75;  // a model's score on a benchmark in a table
  double owner_confidence = 0.75;        // "Google's GNMT" once a rule placed GNMT
  // "base model" -> based_on: a model card's field labels, lowercase, and
  // the relation a line "Label: names" gives the article's topic technique.
  std::unordered_map<std::string, Relation> field_labels;
  double field_line_confidence = 0.75;
  // "model card", "release notes" (lowercase): a title line "Name: Model
  // Card" or "Model card: Name" says the article is about the model Name.
  std::unordered_set<std::string> card_title_words;
  // "Posted by Dana Okafor" in a post whose publisher is known: the person
  // works there.
  double byline_staff_confidence = 0.8;
  double title_authors_confidence = 0.75;  // a paper title's technique and its authors
  // "The paper, "...", is by", "In a new paper,", "authors include": RE2
  // patterns after whose match a sentence lists a paper's authors; and
  // " as first author", after an author's name.
  std::vector<std::string> paper_author_cues;
  std::vector<std::string> author_role_cues;
  // "It introduces": what a paper is about follows (RE2 patterns).
  std::vector<std::string> paper_topic_cues;
  double paper_authors_confidence = 0.7;
  // "60.3% for GPT-4o", "GPT-4 managed 35.7 percent": RE2 patterns that say
  // the text right before (ending in "$") or right after (starting with "^")
  // a model's name gives its score (extract/peer_scores.h).
  std::vector<std::string> peer_score_before;
  std::vector<std::string> peer_score_after;
  double peer_score_confidence = 0.7;
  // A sentence one of these RE2 patterns matches names no winner by scores.
  std::vector<std::string> peer_score_no_winner;
  // The text before a dataset a comparison's sentence names that says the
  // comparison was not made on it ("trained on"): RE2 patterns ending in "$"
  // (extract/compared_benchmarks.h).
  std::vector<std::string> compared_benchmark_not_after;
  // Text between a comparison and a dataset after it that starts another
  // clause ("; ", ", though"): RE2 patterns.
  std::vector<std::string> compared_benchmark_clause_breaks;
  double compared_benchmark_confidence = 0.65;
  // Words after a number that make it a size or a count, not a score.
  std::unordered_set<std::string> peer_score_not_units;
  // ", and it", ", when it": words after a comma that start a clause whose
  // "it" is the sentence's subject.
  std::unordered_set<std::string> clause_joiners;
  // "the same company", "the other startup": adjectives that keep "the ...
  // company" from naming the company before.
  std::unordered_set<std::string> non_referring_adjectives;
  // Words that may stand between "the" and a technique's reference noun:
  // "the new video model" is "the model".
  std::unordered_set<std::string> model_reference_adjectives;
  // "In April it released ...": words that open a time phrase before "it".
  std::unordered_set<std::string> fronted_openers;
  // "a model it released": verbs after "it" that say it is the developer.
  std::unordered_set<std::string> developer_verbs;
  // "the decoder", "the speech encoder": parts of the article's model.
  std::unordered_set<std::string> component_nouns;
  std::unordered_set<std::string> component_adjectives;
  // "a Go program": words before "program" in an apposition that make it
  // software rather than an organization's programme. Lowercase.
  std::unordered_set<std::string> software_program_words;
  // Verbs before an object "it" that say it is a model ("fine-tuned it on").
  std::unordered_set<std::string> model_object_verbs;
  // "Large" in "Mistral Large": after a lab's name, a model of the lab's.
  std::unordered_set<std::string> lab_model_words;
  // "Technology" in "University of Science and Technology": after "of" in
  // an organization's name, "and" joins one of these to the name.
  std::unordered_set<std::string> name_and_words;
  // An organization named right before one of these in an article's first
  // lines is its author ("Ondine Engineering Blog"): "we" is that
  // organization. Lowercase phrases.
  std::vector<std::string> author_suffixes;
  // "Ai2 Communications Team": a department's word after the organization's
  // name. Lowercase.
  std::unordered_set<std::string> author_departments;
  // Rules whose developed triple credits a person alone: "P, a co-creator of
  // ChatGPT, became chief scientist of O" says nothing of O building it.
  std::unordered_set<std::string> personal_credit_rules;
  WordSet first_names;  // lowercase
  WordSet surnames;     // lowercase
  std::vector<std::pair<Relation, Relation>> compatible_relations;
  double part_of_confidence = 0.9;
};

// Loads data/lexicon.json (or a file of that shape) into `lexicon`.
Status AddLexiconJson(std::string_view file, std::string_view content, Lexicon* lexicon);
// One lowercase name per line ('#' comments); adds to `names`.
void AddNameList(std::string_view content, WordSet* names);

struct GazetteerEntry {
  std::string name;
  EntityType type = EntityType::kTechnique;
  std::vector<std::string> aliases;
  bool any_case = false;    // written all lowercase: a term, matched in any case
  bool exact_case = false;  // a short acronym ("US", "GO"): matched only as written
  // A name that is no entity under the schema: computing hardware ("H100",
  // type Hardware) or another known name (type NotEntity: "MIT License").
  // Known so that its words are never read as a technique or an organization.
  bool not_entity = false;
  // Lowercased short all-caps aliases ("in" for Indiana's "IN"): matched
  // only as written, so "In other news" is not Indiana.
  std::vector<std::string> acronym_aliases;
};

struct GazetteerMatch {
  int entry = -1;
  size_t tokens = 0;    // how many tokens the match covers
  bool plural = false;  // matched by dropping a final "s"
};

// Known entities, looked up by hashed lowercase token n-grams (longest wins).
class Gazetteer {
 public:
  // TSV lines: name<TAB>type<TAB>alias|alias, where type is an entity type,
  // "Hardware" or "NotEntity". A later entry with the same name replaces an
  // earlier one.
  Status AddFile(std::string_view file, std::string_view content);

  // The longest entry whose name or alias starts at tokens[i]; `text` is the
  // text the token offsets point into, offset by `base`.
  std::optional<GazetteerMatch> LongestMatch(const std::vector<Token>& tokens, size_t i,
                                             std::string_view text, uint32_t base) const;
  // An entry by exact name or alias, any case.
  std::optional<int> Find(std::string_view name) const;
  const GazetteerEntry& entry(int index) const { return entries_[index]; }
  size_t size() const { return entries_.size(); }

 private:
  void AddKey(const std::string& surface, int index);
  bool CaseFits(const GazetteerEntry& entry, const std::vector<Token>& tokens, size_t i, size_t n,
                std::string_view text, uint32_t base) const;

  std::vector<GazetteerEntry> entries_;
  StringMap<int> by_key_;  // joined lowercase tokens -> entry
  StringSet first_tokens_;
  StringSet prefixes_;  // every leading part of every key
  // The same three, as filters: LongestMatch() runs for every word, and
  // most words and word sequences are in none of them.
  HashFilter key_filter_;
  HashFilter first_token_filter_;
  HashFilter prefix_filter_;
  size_t max_tokens_ = 1;
};

// Lowercase tokens of `name` joined by single spaces: the gazetteer key.
std::string NameKey(std::string_view name);

}  // namespace kg::extract
