// extract/extract.h: turns articles into typed entity-relation triples.
//
// The extract module reads articles (plain text, Markdown, HTML, JSON Lines),
// splits them into sentences, recognizes entities (gazetteers, cue words, name
// shapes, acronym definitions) and applies relation rules. Rules and
// gazetteers are data files (extract/data/), compiled into the binary as
// defaults; ExtractorOptions adds or replaces them from the user's files.
//
// Order of calls: Extractor::Create() once (compiles every rule), then
// Extract() per article, from any number of threads: an Extractor is
// immutable after Create(). ReadArticles() streams articles from files.
// Every Triple keeps its evidence: document, sentence, offsets, rule, and a
// confidence. This module depends on no other kg module.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace kg::extract {

// Stored in database keys: append, never renumber.
enum class EntityType : uint8_t {
  kPerson = 1,
  kOrganization = 2,
  kTechnique = 3,
  kDataset = 4,
  kLocation = 5,
};

// Stored in database keys: append, never renumber.
enum class Relation : uint8_t {
  kAffiliatedWith = 1,
  kDeveloped = 2,
  kBasedOn = 3,
  kUses = 4,
  kTrainedOn = 5,
  kEvaluatedOn = 6,
  kOutperforms = 7,
  kLocatedIn = 8,
  kPartOf = 9,
};

inline constexpr EntityType kAllEntityTypes[] = {EntityType::kPerson, EntityType::kOrganization,
                                                 EntityType::kTechnique, EntityType::kDataset,
                                                 EntityType::kLocation};
inline constexpr Relation kAllRelations[] = {
    Relation::kAffiliatedWith, Relation::kDeveloped, Relation::kBasedOn,
    Relation::kUses,           Relation::kTrainedOn, Relation::kEvaluatedOn,
    Relation::kOutperforms,    Relation::kLocatedIn, Relation::kPartOf};

// Names as in SCHEMA.md: "Person", "affiliated_with".
std::string_view ToString(EntityType type);
std::string_view ToString(Relation relation);
// Accepts the SCHEMA.md spelling, case-insensitively; the error lists the
// valid names.
Result<EntityType> ParseEntityType(std::string_view name);
Result<Relation> ParseRelation(std::string_view name);

// One article, as read from a file. `text` is valid, NFKC-normalized UTF-8
// with markup removed; `id` names it in evidence (the file name for files,
// the `id` field for JSON Lines).
struct Article {
  std::string id;
  std::string text;
  std::string title;
  std::string date;  // ISO 8601 (YYYY-MM-DD) when known, else empty
  std::string url;
  std::string source;  // the path it was read from ("-" for standard input)
};

// Byte offsets into Article::text, half-open.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
};

struct EntityRef {
  std::string name;
  EntityType type = EntityType::kTechnique;
};

struct Triple {
  EntityRef subject;
  Relation relation = Relation::kUses;
  EntityRef object;
  std::string doc;       // Article::id
  std::string date;      // Article::date
  std::string evidence;  // the sentence the triple was read from
  Span sentence;         // where that sentence is in the article
  Span subject_span;     // where the subject's mention is in the article
  Span object_span;
  std::string rule;  // name of the rule that fired
  double confidence = 0.0;
};

// "affiliated_with(Person:Dana Okafor, Organization:Northfield University)":
// how tests, `kg rules test` and `kg explain` print a triple.
std::string ToString(const Triple& triple);

// An entity as the article names it, with every other name the article (or
// a gazetteer) gives it: "Contrastive Language-Image Pretraining (CLIP)"
// yields name "CLIP" with alias "Contrastive Language-Image Pretraining".
struct EntityMention {
  EntityRef entity;
  std::vector<std::string> aliases;
  std::string doc;
  uint32_t mentions = 0;  // how often the article names it
  std::optional<Span> first;
};

struct Extraction {
  std::vector<Triple> triples;
  std::vector<EntityMention> entities;
};

struct ExtractorOptions {
  // Rule files (JSON) loaded after the built-in ones; a rule with the name
  // of an existing rule replaces it.
  std::vector<std::filesystem::path> rule_files;
  // Gazetteer files (TSV: name, type, aliases) loaded after the built-in ones.
  std::vector<std::filesystem::path> gazetteer_files;
  // Skip the built-in rules and gazetteers (for testing a rule file alone).
  bool no_builtin_data = false;
  // Compile each built-in rule pattern when a sentence first needs it (most
  // runs need a fraction of them). False: compile them all in Create(), so
  // that Extract() alone can be timed (extract_bench).
  bool compile_rules_lazily = true;
};

// What one rule did with one sentence, for `kg explain`.
struct RuleTrace {
  std::string rule;
  bool fired = false;
  std::vector<Triple> triples;  // what it produced when it fired
  std::string why_not;          // when it did not: which part failed
};

// The outcome of a rule file's own examples and counter-examples.
struct RuleTestResult {
  std::string rule;
  std::string file;
  std::string sentence;
  bool counter_example = false;
  bool passed = false;
  std::string detail;  // what was expected and what came out
};

class Extractor {
 public:
  // Compiles every rule and loads every gazetteer. Errors name the file, the
  // rule and what is wrong with it.
  static Result<std::unique_ptr<Extractor>> Create(const ExtractorOptions& options);
  virtual ~Extractor() = default;

  // Thread-safe; the result owns all its strings.
  virtual Extraction Extract(const Article& article) const = 0;

  // Runs every rule on one sentence and reports what each did. With
  // `only_rule` set, reports that rule alone (NotFound if no such rule).
  virtual Result<std::vector<RuleTrace>> Explain(std::string_view sentence,
                                                 std::string_view only_rule) const = 0;

  // Runs the examples and counter-examples that rule files carry.
  virtual std::vector<RuleTestResult> TestRules() const = 0;

  // Names of the loaded rules, in the order they are applied.
  virtual std::vector<std::string> RuleNames() const = 0;
};

// Streams the articles under `path` to `sink`: a file (.txt, .md, .html,
// .htm, .jsonl), a directory (walked recursively, in sorted order, files of
// other kinds skipped), or "-" for standard input (read as plain text, or
// JSON Lines when it starts with '{'). A file that cannot be read is reported
// through `on_skip` (path and reason) and the walk goes on; a non-OK Status
// from `sink` stops it and is returned.
// Hidden files and directories are skipped; a binary or empty file, and a bad
// JSON Lines line ("path:line"), go to `on_skip`. Plain text from standard
// input gets the id "stdin". Every reader repairs the encoding (invalid
// UTF-8 bytes become U+FFFD; a file with no UTF-8 at all is read as
// Windows-1252), repairs mojibake, applies NFKC and empties newsletter
// boilerplate lines (data/boilerplate.json).
struct ReadOptions {
  std::function<void(const std::string& path, const std::string& reason)> on_skip;
};
Status ReadArticles(const std::filesystem::path& path, const ReadOptions& options,
                    const std::function<Status(Article&&)>& sink);

// Reads one article held in memory; `name` picks the reader by extension.
Result<Article> ReadArticleText(std::string_view name, std::string_view bytes);

// The JSON Lines contract of `kg extract` (SCHEMA.md): one object per line.
std::string TripleToJson(const Triple& triple);
std::string EntityToJson(const EntityMention& mention);
// Parses one line of `kg extract` output (a triple; entity lines give
// NotFound so readers can skip them). Errors say which field is wrong.
Result<Triple> TripleFromJson(std::string_view line);

}  // namespace kg::extract
