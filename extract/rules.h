// extract/rules.h: internal; see extract/extract.h and docs/RULES.md.
// Relation rules are data: JSON files of RE2 patterns written against the
// masked sentence, where every entity mention is a typed placeholder
// ("⟦ORG:3⟧"). Macros ({ORG}, {PER_LIST}, {DEV_VERB}, ...) are expanded
// before RE2 compiles a pattern; each rule is compiled once. A prefilter
// (LiteralFilter: the literal strings each pattern requires, searched all at
// once) tells which patterns can match a sentence at all; a pattern whose
// matches must start at a placeholder runs anchored at each one that fits.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "extract/entities.h"
#include "extract/extract.h"

namespace re2 {
class RE2;
}

namespace kg::extract {

struct SlotSpec {
  std::string group_name;  // a named group, or
  int group = 0;           // a group number (1-based)
  std::vector<EntityType> types;
};

struct RuleCase {
  std::string sentence;
  std::vector<std::string> triples;  // ToString() of triples; empty: "no triple at all"
};

// A pattern's RE2, compiled when a sentence first needs it: compiling every
// built-in pattern took most of Extractor::Create(), and a run over a few
// articles needs few of them. Thread-safe.
class LazyRegex {
 public:
  // `compiled`, when given, is `pattern` compiled already.
  LazyRegex(std::string pattern, std::shared_ptr<const re2::RE2> compiled);
  const std::string& pattern() const { return pattern_; }
  // The pattern as written, case-insensitive: for any text.
  const re2::RE2& get() const;
  // For a text FoldedText() returned: LowercasedPattern() compiled
  // case-sensitively, or get() when there is none or `compiled` was given.
  // Both find the same matches in such a text.
  const re2::RE2& folded() const;

 private:
  std::string pattern_;
  mutable std::once_flag once_;
  mutable std::shared_ptr<const re2::RE2> re_;
  bool given_ = false;  // re_ came compiled
  mutable std::once_flag folded_once_;
  mutable std::shared_ptr<const re2::RE2> folded_;
};

// Why two forms: case-insensitive RE2 makes each "k" and "s" a class of three
// characters (with the Kelvin sign and the long s), which keeps a pattern's
// words from being read as strings. Compiled lowercased and case-sensitive,
// the built-in patterns take about 40% less time (most of a short run's).
//
// `pattern` with its ASCII letters lowercased where they stand for
// themselves (not in escapes, group names, flags or class names), when
// matching it case-sensitively against a FoldedText() finds what `pattern`
// finds case-insensitively in the original text. Nothing when that is not
// sure: a flag group, "\Q", "\p", "\x" or another escaped letter than
// \d \D \w \W \s \S \b \B \A \z \n \t \r \f \v, "[:upper:]",
// "[:lower:]", a class range holding letters of one case only but not
// spelled with letters of that case ("[0-Z]"), or a character beyond ASCII
// that has a case.
std::optional<std::string> LowercasedPattern(std::string_view pattern);

// `text` with ASCII letters lowercased (same length, same offsets), when no
// character beyond ASCII in it has a case; else empty (then the patterns run
// as written on `text`). Keeps the last text lowered per thread: Apply()
// runs for every candidate rule of a sentence.
std::string_view FoldedText(std::string_view text);

struct Rule {
  std::string name;
  std::string file;
  Relation relation = Relation::kUses;
  std::vector<std::string> patterns;  // as written
  std::vector<std::string> expanded;  // after macro expansion
  std::vector<std::shared_ptr<const LazyRegex>> regexes;
  // Per regex, the capture group numbers of the subject and object slots,
  // resolved once at load: Apply() runs per sentence.
  std::vector<std::pair<int, int>> slot_groups;
  int first_prefilter_pattern = -1;  // index of regexes[0] in the prefilter
  SlotSpec subject;
  SlotSpec object;
  double confidence = 0.5;
  std::vector<RuleCase> examples;
  std::vector<RuleCase> counter_examples;
};

// A relation between two mentions found by one rule in one sentence.
struct RuleHit {
  int subject = -1;  // index into the sentence's mentions
  int object = -1;
  EntityType subject_type = EntityType::kPerson;
  EntityType object_type = EntityType::kPerson;
};

class RuleSet {
 public:
  RuleSet();
  ~RuleSet();
  RuleSet(RuleSet&&) noexcept;
  RuleSet& operator=(RuleSet&&) noexcept;

  // Parses one rule file: its macros first, then its rules, each compiled.
  // A rule named like one of another file replaces it in place; two of a
  // name in one file are an error. With
  // `compile_lazily` (for the built-in rules, which tests compile), a pattern
  // whose capture groups the loader can number itself is compiled when first
  // needed: an invalid one never matches instead of failing here.
  Status AddFile(std::string_view file, std::string_view content, bool compile_lazily = false);
  // Builds the prefilter. REQUIRES: called once, after the last AddFile().
  Status Finish();

  const std::vector<Rule>& rules() const { return rules_; }
  // Indexes of the rules that may match `masked` (all of them if the
  // prefilter is unavailable). `patterns`, when given, receives the sorted
  // prefilter indexes of the patterns that may match (left empty when the
  // prefilter is unavailable: then every pattern must be tried).
  std::vector<int> Candidates(std::string_view masked, std::vector<int>* patterns = nullptr) const;

  // What `rule` relates in `masked`. `why_not`, when given, receives the
  // reason nothing came out. `patterns`, when given, is what Candidates()
  // reported: the rule's other patterns cannot match and are skipped.
  std::vector<RuleHit> Apply(const Rule& rule, std::string_view masked,
                             const std::vector<Mention>& mentions, std::string* why_not = nullptr,
                             const std::vector<int>* patterns = nullptr) const;

 private:
  Status AddRule(std::string_view file, const void* json, bool compile_lazily);
  Result<std::string> Expand(std::string_view pattern, int depth) const;

  std::map<std::string, std::string> macros_;
  std::vector<Rule> rules_;
  struct Prefilter;
  std::unique_ptr<Prefilter> prefilter_;
};

// `pattern` with every bounded repetition made unbounded: "X{0,160}?" becomes
// "X*?", "X{1,4}" "X+", "X{2,5}" "X{2,}"; "X{3}", escapes and character
// classes stay as they are. It matches everything `pattern` matches, and a
// little more.
std::string RelaxBounds(std::string_view pattern);

// The type codes ("ORG", "UNK") of the placeholder every match of `pattern`
// starts with, when its syntax proves there is one: it begins with
// "⟦(?:ORG|UNK):", perhaps inside groups that are neither optional nor
// repeated from zero, and every alternative at that level does too. Empty
// when nothing is proved (an optional part, "^", a word first, ...).
std::vector<std::string> LeadingPlaceholderCodes(std::string_view pattern);

// Where every match of `pattern` starts, as its syntax proves: at a
// placeholder with one of `codes`, or at one of `literals` (lowercase). Read
// from the pattern's first characters ("trained", "[Ll]ed by": "led by"), its
// first placeholder, or each alternative of its first group, and when that
// group is optional ("(?:professor )?⟦(?:PER|UNK):"), from what follows it
// too. Empty when nothing is proved (a class, an escape, "^", ...), except:
// a pattern that opens with a group of short alternatives, each "^" or a
// few single characters ("(?:^|[^⟦\w])", "(?:^|[ (\"“])"), and whose rest
// starts as above, has the rest's starts and `chars_before`: a match starts
// that many characters before one of them (0 for "^": at the text's start).
struct MatchStarts {
  std::vector<std::string> codes;
  std::vector<std::string> literals;
  std::vector<int> chars_before;
};
MatchStarts LeadingStarts(std::string_view pattern);

// The fewest placeholders ("⟦") a match of `pattern` must hold, as its
// syntax proves: each literal "⟦" outside optional parts counts, anything
// the reading does not know counts none. 0 when nothing is proved.
int MinPlaceholders(std::string_view pattern);

// The capture groups of `pattern` as RE2 numbers them: how many, and the
// number of each named one ("(?P<s>...)"). Nothing when the reading is not
// sure ("\\Q...\\E", a name given twice, a class that does not close, ...).
struct CaptureGroups {
  int count = 0;
  std::map<std::string, int> named;
};
std::optional<CaptureGroups> ReadCaptureGroups(std::string_view pattern);

// "⟦ORG:3⟧": the placeholder a mention becomes in the masked sentence,
// between these brackets.
inline constexpr std::string_view kPlaceholderOpen = "\xE2\x9F\xA6";   // ⟦
inline constexpr std::string_view kPlaceholderClose = "\xE2\x9F\xA7";  // ⟧
std::string Placeholder(const Mention& mention, int index);
// The same, appended to `out` (no temporary strings).
void AppendPlaceholder(const Mention& mention, int index, std::string* out);

}  // namespace kg::extract
