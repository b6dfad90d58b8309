// extract/entities.h: internal; see extract/extract.h.
// Entity recognition in one sentence. Candidates come from, in priority:
//   1. acronym definitions in the text ("Long Form (LF)"): the article's own
//      word beats everything else;
//   2. the gazetteers and names remembered from earlier sentences, and name
//      shapes typed by a cue word ("... University", "... Dataset", a first
//      name or surname): among these the longest span wins, then the order
//      given here;
//   3. other capitalized sequences, typed only by context ("the startup X",
//      "X, a library") or left untyped, only where nothing above matched.
// Sentence-initial common words, stop words, months and newsletter words are
// not names; headings keep only gazetteer and remembered names.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "extract/extract.h"
#include "extract/lexicon.h"
#include "extract/tokens.h"

namespace kg::extract {

enum class MentionSource : uint8_t {
  kAcronym,
  kGazetteer,
  kMemory,
  kCue,
  kPerson,
  kShape,
  kReference,
};

// "Distributed Representations", "Emergent Abilities": a lowercase word with
// the ending of an abstract noun, or a name holding one, is no person's name.
bool AbstractNounEnding(std::string_view lower);
bool HasAbstractNounWord(std::string_view name);

struct Mention {
  Span span;  // in the article
  std::string name;
  EntityType type = EntityType::kOrganization;
  bool typed = true;  // false: `type` is a guess; rules see the mention as UNK
  std::vector<std::string> aliases;
  std::string canonical;  // gazetteer: the entry's own name
  MentionSource source = MentionSource::kShape;
};

// What recognition learns while it reads one article, in order.
struct DocMemory {
  std::unordered_map<std::string, Mention> single_words;       // lowercase word -> entity
  std::unordered_set<std::string> mid_sentence_caps;           // capitalized alone, not at a start
  std::unordered_map<std::string, std::string> display_names;  // gazetteer name -> name used
  std::unordered_map<std::string, EntityType> learned_types;  // untyped name -> type a rule gave it
  // Organization -> places located_in triples gave it (ArticleSubjects::org_places).
  std::unordered_map<std::string, std::vector<std::string>> org_places;
  struct Named {
    int count = 0;
    size_t last_sentence = 0;
    Mention mention;  // where it was named first
  };
  // Organization -> times named, by itself or as the first word of a model's
  // name ("DeepSeek-R1"); count -1: an institution, never "the company".
  std::unordered_map<std::string, Named> company_mentions;
  Mention topic_company;    // the one named most so far, twice or more; empty name if none
  Mention topic_technique;  // the one last said to be developed; empty name if none
  std::unordered_map<std::string, Named> technique_mentions;  // technique -> times named, last
  // "Snowflake Arctic" after "Snowflake": lowercase "arctic" -> the model.
  // Its bare last word names it later, before any gazetteer sense of the word.
  std::unordered_map<std::string, Mention> model_tails;
};

// Who an article is by and about, for references across paragraphs.
struct ArticleSubjects {
  const Mention* author = nullptr;           // "we", "our" (FindAuthor)
  const Mention* topic_company = nullptr;    // "the company" after a paragraph about others
  const Mention* topic_technique = nullptr;  // "their model", "the team's approach"
  // Organization -> places the article has located it in so far: "the
  // Paris-based company" is one of those located in Paris.
  const std::unordered_map<std::string, std::vector<std::string>>* org_places = nullptr;
};

class Recognizer {
 public:
  Recognizer(const Lexicon& lexicon, const Gazetteer& gazetteer)
      : lexicon_(lexicon), gazetteer_(gazetteer) {}

  // Mentions in one sentence, sorted by position, not overlapping.
  // `tokens` are the sentence's tokens (offsets into `text`).
  std::vector<Mention> Recognize(std::string_view text, Span sentence,
                                 const std::vector<Token>& tokens, DocMemory* memory) const;

  // Capitalized words that are not at a sentence start, for DocMemory.
  void NoteMidSentenceCaps(const std::vector<Token>& tokens, DocMemory* memory) const;

  // Names in brackets right after a typed name become its aliases; the
  // mention grows over the brackets.
  void MergeBracketedNames(std::string_view text, std::vector<Mention>* mentions) const;
  void ResolveSurnamesInSentence(const std::vector<Token>& tokens,
                                 std::vector<Mention>* mentions) const;

  // The organization an article speaks for, from one of its first
  // sentences: one named right before a lexicon author suffix ("Ondine
  // Engineering Blog", "for the Ondine team", "Acme today announced").
  std::optional<Mention> FindAuthor(std::string_view text,
                                    const std::vector<Mention>& mentions) const;

  // Adds mentions for "the company", "the model" (the last named entity of
  // the fitting type in this sentence before the phrase, or in `previous`,
  // oldest first), "the models" (the last list "A, B, and C" of such
  // names in the latest sentence that has one; they share the phrase's span)
  // and "we" (the article's `author`, when it has one).
  void AddReferences(std::string_view text, const std::vector<Token>& tokens,
                     const std::vector<const std::vector<Mention>*>& previous,
                     const ArticleSubjects& subjects, std::vector<Mention>* mentions) const;

  // Counts the organizations (not institutions) named, for the topic company.
  void CountCompanies(const std::vector<Mention>& mentions, DocMemory* memory) const;

  // A heading that names a company ("4) SALESFORCE: BRING YOUR OWN MODEL")
  // starts a section about it: it becomes the topic company, and the counts
  // of the sections before no longer decide "the company". A headline of
  // three words or more ("Evo Reads Genomes at Scale") starts a newsletter's
  // next story: "the model" or "the team's approach" there is none of the
  // story before's, so the topic technique and its counts start over. (A
  // section heading of one or two words, "Evaluation", goes on about the
  // same model.)
  void NoteSectionHeading(std::string_view text, Span sentence, const std::vector<Token>& tokens,
                          const std::vector<Mention>& mentions, DocMemory* memory) const;

 private:
  struct Candidate;
  std::vector<const Mention*> Referents(std::string_view text, const std::string& phrase, Span span,
                                        const std::vector<Mention>& here,
                                        const std::vector<const std::vector<Mention>*>& previous,
                                        const Mention* topic_company) const;
  std::vector<bool> SentenceStarts(const std::vector<Token>& tokens) const;
  bool IsHeading(std::string_view text, Span sentence, const std::vector<Token>& tokens) const;
  bool IsPersonRole(const Token& t) const;
  size_t NameParticlesAt(const std::vector<Token>& tokens, size_t j) const;
  bool NamesInstitution(std::string_view name) const;
  void RememberModelTail(const Mention& model, DocMemory* memory) const;
  void AddTheyDeveloped(const std::vector<Token>& tokens, const std::vector<Mention>& mentions,
                        const std::vector<const std::vector<Mention>*>& previous,
                        std::vector<Mention>* added) const;
  bool NameHasWord(std::string_view name, std::string_view phrase) const;
  void DropDepartment(Mention* author) const;
  size_t TopicPhraseNoun(const std::vector<Token>& tokens, size_t i) const;
  size_t ReferenceNoun(const std::vector<Token>& tokens, size_t the,
                       const std::vector<Mention>& mentions) const;
  size_t ModelReferenceNoun(const std::vector<Token>& tokens, size_t the) const;
  bool NamesTechnique(const std::string& phrase) const;
  bool AmpersandNameAt(const std::vector<Token>& tokens, size_t k) const;
  bool IsBareVersion(const std::vector<Token>& tokens, size_t k) const;
  bool IsKnownModelVariant(std::string_view word) const;
  bool IsStopWordCompound(const Token& t) const;
  bool IsModelVariant(const Token& t) const;
  bool StartsOrgName(const std::vector<Token>& tokens, size_t i) const;
  void FindShortFor(std::string_view text, const std::vector<Token>& tokens,
                    std::vector<Candidate>* out) const;
  bool NameDefinedForm(const std::string& short_form, const std::string& long_form,
                       const std::vector<Token>& tokens, size_t first, size_t end,
                       Candidate* c) const;
  void FindAcronyms(std::string_view text, const std::vector<Token>& tokens,
                    std::vector<Candidate>* out) const;
  std::string DisplayName(const GazetteerEntry& e, std::string_view surface,
                          const DocMemory& memory) const;
  void FindExPrefixes(std::string_view text, const std::vector<Token>& tokens,
                      std::vector<Candidate>* out) const;
  void FindGazetteer(std::string_view text, const std::vector<Token>& tokens,
                     const DocMemory& memory, std::vector<Candidate>* out) const;
  void FindRemembered(const std::vector<Token>& tokens, const DocMemory& memory,
                      std::vector<Candidate>* out) const;
  void FindShapes(std::string_view text, const std::vector<Token>& tokens,
                  const std::vector<bool>& starts, const DocMemory& memory,
                  std::vector<Candidate>* out) const;
  void AddShape(std::string_view text, const std::vector<Token>& tokens, size_t i, size_t j,
                bool person_cue, std::vector<Candidate>* out) const;
  void FindBasedPrefixes(std::string_view text, const std::vector<Token>& tokens,
                         std::vector<Candidate>* out) const;
  bool LooksLikePerson(const std::vector<Token>& tokens, size_t i, size_t j) const;
  void TypeByContext(const std::vector<Token>& tokens, Candidate* c) const;
  std::vector<Mention> Select(std::vector<Candidate> candidates) const;
  void ExpandEllipsis(const std::vector<Token>& tokens, std::vector<Mention>* mentions) const;
  void Remember(const std::vector<Mention>& mentions, DocMemory* memory) const;

  const Lexicon& lexicon_;
  const Gazetteer& gazetteer_;
};

// A placeholder code for rules: PER, ORG, TECH, DATA, LOC, or UNK when untyped.
std::string_view TypeCode(const Mention& mention);

}  // namespace kg::extract
