// The Extractor: sentences -> mentions -> masked sentences -> rules -> triples.
#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <sstream>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>
#include <re2/re2.h>

#include "extract/builtin_data.h"
#include "extract/compared_benchmarks.h"
#include "extract/entities.h"
#include "extract/extract.h"
#include "extract/inferred_triples.h"
#include "extract/lexicon.h"
#include "extract/peer_scores.h"
#include "extract/rules.h"
#include "extract/sentences.h"
#include "extract/tables.h"
#include "extract/tokens.h"

namespace kg::extract {
namespace {

constexpr std::string_view kNamePrefixRule = "name_prefix_part_of";
constexpr std::string_view kTeamDevelopedRule = "developer_affiliation_developed";
constexpr std::string_view kListPartsRule = "list_intro_parts";
constexpr std::string_view kComparedOnRule = "compared_on_benchmark";
constexpr std::string_view kTableScoresRule = "table_scores";
constexpr std::string_view kTableDeveloperRule = "table_developer";
constexpr std::string_view kOwnerRule = "owner_possessive_developed";
constexpr std::string_view kFieldLineRule = "field_line";
constexpr std::string_view kTitleAuthorsRule = "title_authors";
constexpr std::string_view kPaperAuthorsRule = "paper_authors";
constexpr std::string_view kAuthorsUsedRule = "authors_used";
constexpr std::string_view kBylineStaffRule = "byline_staff";

Result<std::string> ReadFile(const std::filesystem::path& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::NotFound("cannot read " + std::string(what) + " file " + path.string() +
                            " (check the path and its permissions)");
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// "we're" after its placeholder: rules read "⟦ORG:0⟧ are releasing". Returns
// the bytes of `after` consumed.
size_t SpellOutContraction(std::string_view after, std::string* out) {
  for (std::string_view apostrophe : {"'", "\xE2\x80\x99"}) {
    if (!after.starts_with(apostrophe)) continue;
    std::string_view rest = after.substr(apostrophe.size());
    for (auto [short_form, long_form] : {std::pair{"re", " are"}, std::pair{"ve", " have"}}) {
      std::string_view s(short_form);
      bool ends =
          rest.size() == s.size() ||
          (rest.size() > s.size() && !std::isalnum(static_cast<unsigned char>(rest[s.size()])));
      if (rest.starts_with(s) && ends) {
        *out += long_form;
        return apostrophe.size() + s.size();
      }
    }
  }
  return 0;
}

// A byte Mask() replaces: a space, or the first of a curly quote or bracket.
constexpr auto kMaskedByte = [] {
  std::array<bool, 256> masked{};
  for (unsigned char c : {' ', '\t', '\n', '\r', '\xE2', '('}) masked[c] = true;
  return masked;
}();
bool IsMaskedByte(char c) { return kMaskedByte[static_cast<unsigned char>(c)]; }

// The length of the citation opening at text[at] ("(Bao et al., 2022)",
// "(Gu and Dao, 2023; Smith et al. 2021a)"), or 0 if none opens there. One
// name and a year is no citation: "(OpenAI, 2023)" names a developer.
size_t CitationLength(std::string_view text, size_t at, size_t end) {
  static const RE2 kCitation(
      "\\((?:[A-Z][\\w'\xE2\x80\x99-]+(?: (?:et al\\.?|(?:and|&) "
      "[A-Z][\\w'\xE2\x80\x99-]+)),? (?:19|20)\\d\\d[a-z]?(?:; )?)+\\)");
  re2::StringPiece rest(text.data() + at, end - at);
  if (!RE2::Consume(&rest, kCitation)) return 0;
  return static_cast<size_t>(rest.data() - (text.data() + at));
}

// The sentence as rules see it: mentions replaced by placeholders, curly
// quotes made straight, runs of spaces made one, citations ("(Bao et al.,
// 2022)") left out, so that "BEiT (Bao et al., 2022), from Microsoft
// Research" reads as an apposition.
std::string Mask(std::string_view text, Span sentence, const std::vector<Mention>& mentions) {
  std::string out;
  out.reserve(sentence.end - sentence.begin + 16);
  size_t next = 0;
  for (uint32_t i = sentence.begin; i < sentence.end;) {
    if (next < mentions.size() && i >= mentions[next].span.begin) {
      // Mentions sharing a span ("the models") read as a list: "A, B and C".
      bool shared = next > 0 && mentions[next - 1].span.begin == mentions[next].span.begin;
      bool more =
          next + 1 < mentions.size() && mentions[next + 1].span.begin == mentions[next].span.begin;
      if (shared) out += more ? ", " : " and ";
      const Mention& m = mentions[next];
      std::string_view spelled = text.substr(m.span.begin, m.span.end - m.span.begin);
      // ", and it uses ...": a new clause about the subject, not the last
      // item of a list ("Imagen Video and Lumiere, and it ...").
      if (m.source == MentionSource::kReference && spelled == "it") {
        for (std::string_view joiner : {", and ", ", but ", ", while ", ", so "}) {
          if (std::string_view(out).ends_with(joiner)) {
            out.resize(out.size() - joiner.size());
            out += "; ";
            break;
          }
        }
      }
      AppendPlaceholder(m, static_cast<int>(next), &out);
      // "our CTO", spoken for an organization, reads "⟦ORG:0⟧'s CTO"; so does
      // "Its founders" opening a sentence.
      if (m.source == MentionSource::kReference &&
          (spelled == "our" || spelled == "Our" || spelled == "its" || spelled == "Its")) {
        out += "'s";
      }
      i = std::max(i, m.span.end);
      ++next;
      i += SpellOutContraction(text.substr(i, std::min<size_t>(8, sentence.end - i)), &out);
      continue;
    }
    char c = text[i];
    // Every mark replaced below is three bytes starting with 0xE2.
    std::string_view rest = c == '\xE2' ? text.substr(i, 3) : std::string_view();
    if (rest == "\xE2\x80\x99" || rest == "\xE2\x80\x98") {
      out += '\'';
      i += 3;
    } else if (rest == "\xE2\x80\x9C" || rest == "\xE2\x80\x9D") {
      out += '"';
      i += 3;
    } else if (rest == "\xE2\x9F\xA6" || rest == "\xE2\x9F\xA7") {
      // The article's own "⟦" and "⟧" must not read as placeholders.
      out += rest[2] == '\xA6' ? '[' : ']';
      i += 3;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!out.empty() && out.back() != ' ') out += ' ';
      ++i;
    } else if (size_t cited = c == '(' ? CitationLength(text, i, sentence.end) : 0; cited > 0) {
      if (!out.empty() && out.back() == ' ') out.pop_back();
      i += static_cast<uint32_t>(cited);
      while (next < mentions.size() && mentions[next].span.begin < i) ++next;
    } else {
      // Bytes that stay as they are, up to the next one that may not: a run
      // is copied at once.
      uint32_t stop =
          next < mentions.size() ? std::min(sentence.end, mentions[next].span.begin) : sentence.end;
      uint32_t run = i + 1;
      while (run < stop && !IsMaskedByte(text[run])) ++run;
      out.append(text.data() + i, run - i);
      i = run;
    }
  }
  return out;
}

bool IsWordByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

double HedgeFactor(std::string_view sentence, const Lexicon& lexicon) {
  thread_local std::string lower;  // kept across calls: one allocation, not one per sentence
  LowerUtf8(sentence, &lower);
  // One pass over the sentence, trying only the hedges that start with the
  // byte at hand: a search per hedge read the sentence once for each.
  double factor = 1.0;
  // "released in May": a hedge capitalized inside a sentence is a name.
  // (Lowercasing kept every byte where it was unless the sizes differ.)
  auto capitalized = [&](size_t pos) {
    return pos > 0 && lower.size() == sentence.size() && sentence[pos] >= 'A' &&
           sentence[pos] <= 'Z';
  };
  auto try_hedge = [&](int h, size_t pos) {
    const auto& [phrase, f] = lexicon.hedges[h];
    size_t end = pos + phrase.size();
    bool right = end >= lower.size() || !IsWordByte(lower[end]);
    if (right && std::string_view(lower).substr(pos).starts_with(phrase) && !capitalized(pos))
      factor = std::min(factor, f);
  };
  for (size_t pos = 0; pos <= lower.size(); ++pos) {
    const std::vector<int>* starting =
        pos < lower.size() ? &lexicon.hedges_by_first_byte[static_cast<unsigned char>(lower[pos])]
                           : nullptr;
    bool may_start = (starting != nullptr && !starting->empty()) || !lexicon.empty_hedges.empty();
    if (!may_start || (pos > 0 && IsWordByte(lower[pos - 1]))) continue;
    if (starting != nullptr) {
      for (int h : *starting) try_hedge(h, pos);
    }
    for (int h : lexicon.empty_hedges) try_hedge(h, pos);
  }
  return factor;
}

struct Candidate {
  Triple triple;
  int rule_order = 0;
};

class ExtractorImpl final : public Extractor {
 public:
  Status Load(const ExtractorOptions& options);

  Extraction Extract(const Article& article) const override {
    return Run(article, nullptr, nullptr);
  }
  Result<std::vector<RuleTrace>> Explain(std::string_view sentence,
                                         std::string_view only_rule) const override;
  std::vector<RuleTestResult> TestRules() const override;
  std::vector<std::string> RuleNames() const override {
    std::vector<std::string> names;
    for (const Rule& r : rules_.rules()) names.push_back(r.name);
    return names;
  }

 private:
  // `only`: rule indexes to run (null: all, through the prefilter).
  // `traces`: when given, one entry per rule run, with why_not filled.
  Extraction Run(const Article& article, const std::vector<int>* only,
                 std::vector<RuleTrace>* traces) const;
  void ApplyRules(const Article& article, Span sentence, const std::string& masked,
                  const std::vector<Mention>& mentions, const std::vector<int>* only,
                  std::vector<RuleTrace>* traces, std::vector<Candidate>* out) const;
  void AddPartOfByName(const Article& article, Span sentence, const std::vector<Mention>& mentions,
                       std::vector<Candidate>* out) const;
  void AddAuthorsUsed(const Article& article, const std::vector<Token>& tokens,
                      const std::vector<Mention>& mentions, const Mention* topic,
                      std::vector<Candidate>* out) const;
  void AddListParts(const Article& article, Span sentence, const std::vector<Mention>& mentions,
                    std::optional<Mention>* owner, std::vector<Candidate>* out) const;
  void AddBylineStaff(const Article& article, Span sentence, const std::vector<Mention>& mentions,
                      const Mention& publisher, std::vector<Candidate>* out) const;
  void UpdateResultsLead(const Article& article, Span sentence,
                         const std::vector<Mention>& mentions, const Mention* topic,
                         std::vector<Mention>* lead) const;
  void AddTitleAuthors(const Article& article, Span sentence, const std::vector<Mention>& mentions,
                       std::optional<std::pair<Mention, size_t>>* title, size_t index,
                       std::vector<Candidate>* out) const;
  void AddFieldLine(const Article& article, Span sentence, const std::vector<Mention>& mentions,
                    const DocMemory& memory, std::vector<Candidate>* out) const;
  // Authors named before the article says what their paper is about.
  struct PendingAuthors {
    std::vector<Mention> authors;
    Span sentence;
    size_t index = 0;
  };
  void AddPaperAuthors(const Article& article, Span sentence, const std::vector<Mention>& mentions,
                       const DocMemory& memory, size_t index,
                       std::optional<PendingAuthors>* pending, std::vector<Candidate>* out) const;
  void CreditPendingAuthors(const Article& article, Span sentence,
                            const std::vector<Mention>& mentions, const DocMemory& memory,
                            size_t index, std::optional<PendingAuthors>* pending,
                            std::vector<Triple>* out) const;
  // The lexicon's RE2 cue lists (paper authors, peer scores), compiled.
  Status CompileCues();
  void AddOwners(const Article& article, Span sentence, const std::vector<Mention>& mentions,
                 std::vector<Triple>* triples) const;
  void AddRecordTables(const Article& article,
                       const std::vector<std::vector<Mention>>& per_sentence,
                       std::vector<Triple>* out) const;
  void AddTableScores(const Article& article, const std::vector<std::vector<Mention>>& per_sentence,
                      std::vector<Triple>* out) const;
  bool Compatible(Relation a, Relation b) const;
  // The rule that made a candidate; nullptr for one that no rule file made.
  const Rule* RuleOf(const Candidate& c) const;
  std::vector<Triple> ResolveConflicts(std::vector<Candidate> candidates) const;
  std::vector<EntityMention> CollectEntities(const Article& article,
                                             const std::vector<Mention>& all,
                                             const std::vector<Triple>& triples) const;
  Triple MakeTriple(const Article& article, Span sentence, const Mention& s, EntityType st,
                    Relation relation, const Mention& o, EntityType ot, std::string rule,
                    double confidence) const;

  Lexicon lexicon_;
  Gazetteer gazetteer_;
  RuleSet rules_;
  std::vector<std::unique_ptr<RE2>> paper_author_cues_;
  std::vector<std::unique_ptr<RE2>> author_role_cues_;
  std::vector<std::unique_ptr<RE2>> paper_topic_cues_;
  PeerScoreCues peer_scores_;
  ComparedBenchmarkCues compared_benchmarks_;
};

Status ExtractorImpl::CompileCues() {
  for (auto [key, patterns, compiled] :
       {std::tuple{"paper_author_cues", &lexicon_.paper_author_cues, &paper_author_cues_},
        std::tuple{"author_role_cues", &lexicon_.author_role_cues, &author_role_cues_},
        std::tuple{"paper_topic_cues", &lexicon_.paper_topic_cues, &paper_topic_cues_},
        std::tuple{"peer_score_before", &lexicon_.peer_score_before, &peer_scores_.before},
        std::tuple{"peer_score_after", &lexicon_.peer_score_after, &peer_scores_.after},
        std::tuple{"peer_score_no_winner", &lexicon_.peer_score_no_winner, &peer_scores_.no_winner},
        std::tuple{"compared_benchmark_not_after", &lexicon_.compared_benchmark_not_after,
                   &compared_benchmarks_.not_after},
        std::tuple{"compared_benchmark_clause_breaks", &lexicon_.compared_benchmark_clause_breaks,
                   &compared_benchmarks_.clause_breaks}}) {
    for (const std::string& pattern : *patterns) {
      auto re = std::make_unique<RE2>(pattern, RE2::Quiet);
      if (!re->ok()) {
        return Status::InvalidArgument(
            fmt::format("extract/data/lexicon.json: {}: \"{}\": {}", key, pattern, re->error()));
      }
      compiled->push_back(std::move(re));
    }
  }
  compared_benchmarks_.confidence = lexicon_.compared_benchmark_confidence;
  return Status::Ok();
}

Status ExtractorImpl::Load(const ExtractorOptions& options) {
  std::vector<std::pair<std::string, std::string_view>> rule_files;
  if (!options.no_builtin_data) {
    for (int i = 0; i < kBuiltinFileCount; ++i) {
      std::string_view path = kBuiltinFiles[i].path;
      std::string_view content = kBuiltinFiles[i].content;
      std::string where = "extract/data/" + std::string(path);
      if (path == "lexicon.json") {
        KG_RETURN_IF_ERROR(AddLexiconJson(where, content, &lexicon_));
      } else if (path == "names/first_names.txt.tsv" || path == "names/first_names.tsv") {
        AddNameList(content, &lexicon_.first_names);
      } else if (path == "names/surnames.tsv") {
        AddNameList(content, &lexicon_.surnames);
      } else if (path.starts_with("gazetteers/")) {
        KG_RETURN_IF_ERROR(gazetteer_.AddFile(where, content));
      } else if (path.starts_with("rules/")) {
        rule_files.emplace_back(where, content);
      }
    }
  }
  KG_RETURN_IF_ERROR(CompileCues());
  for (const auto& [where, content] : rule_files)
    KG_RETURN_IF_ERROR(rules_.AddFile(where, content, options.compile_rules_lazily));
  for (const std::filesystem::path& path : options.gazetteer_files) {
    Result<std::string> content = ReadFile(path, "gazetteer");
    if (!content.ok()) return content.status();
    KG_RETURN_IF_ERROR(gazetteer_.AddFile(path.string(), *content));
  }
  for (const std::filesystem::path& path : options.rule_files) {
    Result<std::string> content = ReadFile(path, "rules");
    if (!content.ok()) return content.status();
    KG_RETURN_IF_ERROR(rules_.AddFile(path.string(), *content));
  }
  return rules_.Finish();
}

Triple ExtractorImpl::MakeTriple(const Article& article, Span sentence, const Mention& s,
                                 EntityType st, Relation relation, const Mention& o, EntityType ot,
                                 std::string rule, double confidence) const {
  Triple t;
  t.subject = {s.name, st};
  t.relation = relation;
  t.object = {o.name, ot};
  t.doc = article.id;
  t.date = article.date;
  t.evidence = article.text.substr(sentence.begin, sentence.end - sentence.begin);
  t.sentence = sentence;
  t.subject_span = s.span;
  t.object_span = o.span;
  t.rule = std::move(rule);
  t.confidence = confidence;
  return t;
}

void ExtractorImpl::ApplyRules(const Article& article, Span sentence, const std::string& masked,
                               const std::vector<Mention>& mentions, const std::vector<int>* only,
                               std::vector<RuleTrace>* traces, std::vector<Candidate>* out) const {
  std::vector<int> matched_patterns;
  std::vector<int> which = only ? *only : rules_.Candidates(masked, &matched_patterns);
  if (which.empty()) return;
  double hedge = -1;  // computed when a rule first fires
  for (int r : which) {
    const Rule& rule = rules_.rules()[r];
    std::string why_not;
    std::vector<RuleHit> hits =
        rules_.Apply(rule, masked, mentions, traces ? &why_not : nullptr, &matched_patterns);
    // Only a trace that is kept is filled: copying the rule's name for every
    // rule tried on every sentence cost an allocation each.
    RuleTrace trace;
    if (traces) trace = {rule.name, !hits.empty(), {}, why_not};
    if (!hits.empty() && hedge < 0) {
      hedge = HedgeFactor(
          std::string_view(article.text).substr(sentence.begin, sentence.end - sentence.begin),
          lexicon_);
    }
    for (const RuleHit& h : hits) {
      Triple t = MakeTriple(article, sentence, mentions[h.subject], h.subject_type, rule.relation,
                            mentions[h.object], h.object_type, rule.name, rule.confidence * hedge);
      if (traces) trace.triples.push_back(t);
      out->push_back({std::move(t), r});
    }
    if (traces) {
      if (!trace.fired)
        trace.why_not +=
            (trace.why_not.empty() ? "" : "; ") + std::string("masked sentence: ") + masked;
      traces->push_back(std::move(trace));
    }
  }
}

// "Google Research" is part of Google: an organization named by a known
// organization's name and a word that names a unit (lexicon unit_words).
void ExtractorImpl::AddPartOfByName(const Article& article, Span sentence,
                                    const std::vector<Mention>& mentions,
                                    std::vector<Candidate>* out) const {
  int order = static_cast<int>(rules_.rules().size());
  for (const Mention& m : mentions) {
    if (m.type != EntityType::kOrganization || !m.typed || m.source == MentionSource::kReference)
      continue;
    // Letters and digits alone make one token: no unit word can follow.
    if (std::all_of(m.name.begin(), m.name.end(), IsWordByte)) continue;
    std::vector<Token> words = Tokenize(m.name, 0, lexicon_.abbreviations);
    // "Google Research": a known organization, then a word naming a unit.
    // "Meta Superintelligence Labs": the known name may end words before the
    // unit word.
    for (size_t n = 1; n < words.size(); ++n) {
      if (!lexicon_.unit_words.count(words[n].lower)) continue;
      std::string_view prefix;
      int known = -1;
      for (size_t k = n; k >= 1 && known < 0; --k) {
        // "Allen Institute for AI" is no unit of the Allen Institute.
        if (k < n && !words[k].cap) break;
        prefix = std::string_view(m.name).substr(0, words[k - 1].end);
        std::optional<int> entry = gazetteer_.Find(prefix);
        if (entry && gazetteer_.entry(*entry).type == EntityType::kOrganization) known = *entry;
      }
      if (known < 0) continue;
      Mention parent = m;
      parent.name = gazetteer_.entry(known).name;
      if (parent.name == m.name || parent.name == m.canonical) break;
      // "Apollo Research" is no part of Baidu Apollo, which "Apollo" also
      // names: the prefix must be how the parent's own name starts.
      if (!parent.name.starts_with(prefix)) break;
      // "Alibaba Cloud, the cloud-computing arm of Alibaba Group": a rule
      // already said so.
      bool said = std::any_of(out->begin(), out->end(), [&](const Candidate& c) {
        return c.triple.relation == Relation::kPartOf && c.triple.subject.name == m.name &&
               c.triple.object.name.starts_with(prefix);
      });
      if (said) break;
      out->push_back({MakeTriple(article, sentence, m, EntityType::kOrganization, Relation::kPartOf,
                                 parent, EntityType::kOrganization, std::string(kNamePrefixRule),
                                 lexicon_.part_of_confidence),
                      order});
      break;
    }
  }
}

// "The new version includes four updates:" followed by bullets that open
// with names ("• ZeRO-Offload juggles ...", "• Sparse Attention ..."): the
// technique that introduced the list uses each. `owner` carries that
// technique from the introducing sentence through its bullets.
void ExtractorImpl::AddListParts(const Article& article, Span sentence,
                                 const std::vector<Mention>& mentions,
                                 std::optional<Mention>* owner, std::vector<Candidate>* out) const {
  std::string_view text(article.text);
  LineStart start = StartOfLine(text, sentence.begin);
  if (*owner && start == LineStart::kBullet && !mentions.empty()) {
    const Mention& part = mentions.front();
    bool opens = part.span.begin == sentence.begin && part.typed &&
                 part.type == EntityType::kTechnique && part.source != MentionSource::kReference;
    if (opens && part.name != (*owner)->name)
      out->push_back({MakeTriple(article, sentence, **owner, EntityType::kTechnique,
                                 Relation::kUses, part, EntityType::kTechnique,
                                 std::string(kListPartsRule), lexicon_.list_part_confidence),
                      static_cast<int>(rules_.rules().size())});
  } else if (start != LineStart::kInside) {
    owner->reset();
  }
  std::string_view said = text.substr(sentence.begin, sentence.end - sentence.begin);
  if (!said.ends_with(':') || mentions.empty() || mentions.front().type != EntityType::kTechnique ||
      !mentions.front().typed)
    return;
  for (const Token& t : Tokenize(said, 0, lexicon_.abbreviations)) {
    if (lexicon_.list_verbs.count(t.lower)) {
      *owner = mentions.front();
      return;
    }
  }
}

// A bullet of results: it names a benchmark or opens with a comparison
// ("better than GPT-4 on ..."), and no name but a benchmark's opens it (a
// bullet opening with a model has its own subject).
bool ScoresOrCompares(std::string_view text, Span sentence, const std::vector<Mention>& mentions) {
  if (mentions.empty()) return false;
  const Mention& first = mentions.front();
  if (first.span.begin == sentence.begin && first.type != EntityType::kDataset) return false;
  bool benchmark = std::any_of(mentions.begin(), mentions.end(),
                               [](const Mention& m) { return m.type == EntityType::kDataset; });
  if (benchmark) return true;
  // "Mistral 7B is a model that:" then "- outperforms Llama 2 13B ...",
  // "- uses grouped-query attention ...": a verb without its subject.
  std::string opening = LowerUtf8(text.substr(sentence.begin, 16));
  for (std::string_view word :
       {"better ", "ahead ", "outperform", "beat", "surpass", "behind ", "uses ", "relies ",
        "combines ", "employs ", "achieves ", "scores ", "reaches ", "matches "}) {
    if (opening.starts_with(word)) return true;
  }
  return false;
}

// "Llama 3 70B, according to Meta:" or "Opus versus GPT-4, per the table:"
// followed by bullets that name no model ("- 82.0% on MMLU", "- MMLU: 86.8%
// vs 86.4%"): the bullets speak of the model (or the two models) the
// introducing line named. `lead` carries them from that line through its
// bullets; "Selected results:" names the article's topic technique.
void ExtractorImpl::UpdateResultsLead(const Article& article, Span sentence,
                                      const std::vector<Mention>& mentions, const Mention* topic,
                                      std::vector<Mention>* lead) const {
  std::string_view text(article.text);
  LineStart start = StartOfLine(text, sentence.begin);
  if (start == LineStart::kBullet) return;
  if (start == LineStart::kLine) lead->clear();
  std::string_view said = text.substr(sentence.begin, sentence.end - sentence.begin);
  if (!said.ends_with(':')) return;
  std::vector<const Mention*> models;
  for (const Mention& m : mentions) {
    // An untyped name ("Quill-9, according to ...:") is the model the bullets score.
    if (m.type == EntityType::kTechnique || !m.typed) models.push_back(&m);
  }
  if (models.size() == 2) {
    std::string between =
        LowerUtf8(text.substr(models[0]->span.end, models[1]->span.begin - models[0]->span.end));
    bool versus = between == " vs " || between == " vs. " || between == " versus " ||
                  between == " against " || between == " and ";
    if (!versus) models.clear();
  }
  if (models.size() > 2) models.clear();
  if (models.empty() && topic != nullptr) {
    std::string lower = LowerUtf8(said);
    for (std::string_view word : {"results", "numbers", "scores", "benchmarks"}) {
      if (lower.find(word) != std::string::npos) {
        models.push_back(topic);
        break;
      }
    }
  }
  lead->clear();
  for (const Mention* m : models) lead->push_back(*m);
}

// "To build R1-Zero, the team ...": the technique a sentence opening with a
// purpose ("To build", "To train", ...) names before `before`, if one.
const Mention* PurposeModel(const std::vector<Token>& tokens, const std::vector<Mention>& mentions,
                            uint32_t before) {
  static const std::unordered_set<std::string_view> kPurposeVerbs = {
      "build", "produce", "train", "create", "make", "develop", "obtain", "get", "turn"};
  if (tokens.size() < 3 || tokens[0].lower != std::string_view("to") ||
      !kPurposeVerbs.count(tokens[1].lower))
    return nullptr;
  for (const Mention& m : mentions) {
    if (m.span.begin >= before) break;
    // What one builds or trains is a technique, though nothing typed it.
    if ((!m.typed || m.type == EntityType::kTechnique) && m.source != MentionSource::kReference)
      return &m;
  }
  return nullptr;
}

// "For the dynamics model, they used a convolutional LSTM", "The authors
// employed proximal policy optimization": what the authors use is used by the
// technique the article is about (its topic technique). Only the first
// technique named within three words of the verb: in "they used the same
// procedure as SimPLe" SimPLe is no part.
void ExtractorImpl::AddAuthorsUsed(const Article& article, const std::vector<Token>& tokens,
                                   const std::vector<Mention>& mentions, const Mention* topic,
                                   std::vector<Candidate>* out) const {
  constexpr size_t kMaxWordsBetween = 3;
  if (topic == nullptr || topic->type != EntityType::kTechnique) return;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (!lexicon_.author_subject_starts.contains(tokens[i])) continue;  // most tokens
    size_t verb = i;
    for (const std::vector<std::string>& phrase : lexicon_.author_subjects) {
      bool match = i + phrase.size() < tokens.size();
      for (size_t k = 0; match && k < phrase.size(); ++k) match = tokens[i + k].lower == phrase[k];
      if (match) verb = i + phrase.size();
    }
    if (verb == i) continue;
    if (tokens[verb].lower == "also" || tokens[verb].lower == "then") ++verb;
    if (verb >= tokens.size() || !lexicon_.author_use_verbs.count(tokens[verb].lower)) continue;
    const Mention* used = nullptr;
    for (const Mention& m : mentions) {
      if (m.span.begin > tokens[verb].begin) {
        used = &m;
        break;
      }
    }
    if (used == nullptr || !used->typed || used->type != EntityType::kTechnique ||
        used->source == MentionSource::kReference)
      return;
    // "applied the recipe to Llama 3.1": what it was applied to is not used.
    for (size_t k = verb + 1; k < tokens.size() && tokens[k].begin < used->span.begin; ++k) {
      if (tokens[k].lower == std::string_view("to") && tokens[k].end + 1 >= used->span.begin)
        return;
    }
    // "To build R1-Zero, the team applied reinforcement learning": the model
    // the purpose names uses it, not the topic.
    const Mention* user = PurposeModel(tokens, mentions, tokens[i].begin);
    if (user == nullptr) user = topic;
    // "LoRA ... the team used QLoRA": a variant of the topic is another topic.
    if (used->name.find(user->name) != std::string::npos ||
        user->name.find(used->name) != std::string::npos)
      return;
    size_t between = 0;
    for (size_t k = verb + 1; k < tokens.size() && tokens[k].begin < used->span.begin; ++k)
      ++between;
    if (between > kMaxWordsBetween) return;
    Span sentence{tokens.front().begin, tokens.back().end};
    // "Fine-tuning used GOLD, tempering and value conditioning": a plain list
    // after the first is used too.
    static constexpr std::string_view kJoiners[] = {
        ", ", " and ", ", and ", " as well as ", " together with ", " plus ", ", plus "};
    for (auto m = mentions.begin() + (used - mentions.data()); m != mentions.end(); ++m) {
      if (m != mentions.begin() + (used - mentions.data())) {
        std::string_view gap(article.text.data() + std::prev(m)->span.end,
                             m->span.begin - std::prev(m)->span.end);
        bool joined =
            std::find(std::begin(kJoiners), std::end(kJoiners), gap) != std::end(kJoiners);
        if (!joined || !m->typed || m->type != EntityType::kTechnique ||
            m->source == MentionSource::kReference)
          break;
      }
      out->push_back({MakeTriple(article, sentence, *user, EntityType::kTechnique, Relation::kUses,
                                 *m, EntityType::kTechnique, std::string(kAuthorsUsedRule),
                                 lexicon_.authors_used_confidence),
                      static_cast<int>(rules_.rules().size())});
    }
    return;
  }
}

// "T outperformed U on D": a sentence that compares two models on a
// benchmark evaluated both on it, as "T scored 79 on D, ahead of U" does.
// When benchmarks follow the second model ("T scored 70 on D and beat U on
// D2"), the comparison is on those alone.
void AddComparedOn(std::vector<Triple>* triples) {
  std::vector<Triple> inferred;
  for (const Triple& beat : *triples) {
    if (beat.relation != Relation::kOutperforms) continue;
    uint32_t second = std::max(beat.subject_span.begin, beat.object_span.begin);
    auto about = [&beat](const Triple& t) {
      return t.relation == Relation::kEvaluatedOn &&
             (t.subject.name == beat.subject.name || t.subject.name == beat.object.name);
    };
    bool any_after = std::any_of(triples->begin(), triples->end(), [&](const Triple& t) {
      return about(t) && t.object_span.begin > second;
    });
    for (const Triple& tested : *triples) {
      if (!about(tested) || (any_after && tested.object_span.begin < second)) continue;
      bool winner = tested.subject.name == beat.subject.name;
      Triple t = tested;
      t.subject = winner ? beat.object : beat.subject;
      t.subject_span = winner ? beat.object_span : beat.subject_span;
      t.rule = std::string(kComparedOnRule);
      t.confidence = std::min(beat.confidence, tested.confidence);
      AddIfNew(std::move(t), *triples, &inferred);
    }
  }
  triples->insert(triples->end(), inferred.begin(), inferred.end());
}

// "It reached 88.6% on ImageNet, 94.6% on CIFAR-100 and 77.6% on VTAB. It
// outperformed BiT-L on all three": a comparison "on both", "on all three",
// "on each" is on the benchmarks its winner was evaluated on in the same
// sentence, else in the sentence before; the loser was evaluated on them
// too. A count ("all three") must match the benchmarks found.
void AddComparedOnAll(std::string_view text, Span sentence, std::span<const Triple> before,
                      std::vector<Triple>* kept) {
  static const RE2 kOnAll(
      "^[^;.]*?\\bon (both|all two|all three|all four|all five|all of them|all of these|each of "
      "them|each of these|every one of them|each)\\b");
  std::vector<Triple> inferred;
  for (const Triple& beat : *kept) {
    if (beat.relation != Relation::kOutperforms || beat.object_span.end >= sentence.end) continue;
    std::string_view rest = text.substr(beat.object_span.end, sentence.end - beat.object_span.end);
    std::string which;
    if (!RE2::PartialMatch(rest, kOnAll, &which)) continue;
    auto of_winner = [&beat](std::span<const Triple> triples) {
      std::vector<const Triple*> found;
      for (const Triple& t : triples) {
        bool named = std::none_of(found.begin(), found.end(), [&t](const Triple* f) {
          return f->object.name == t.object.name;
        });
        if (t.relation == Relation::kEvaluatedOn && t.subject.name == beat.subject.name && named)
          found.push_back(&t);
      }
      return found;
    };
    std::vector<const Triple*> tests = of_winner(*kept);
    if (tests.empty()) tests = of_winner(before);
    size_t wanted = which == "both" || which == "all two" ? 2
                    : which == "all three"                ? 3
                    : which == "all four"                 ? 4
                    : which == "all five"                 ? 5
                                                          : 0;
    if (tests.size() < 2 || (wanted != 0 && tests.size() != wanted)) continue;
    for (const Triple* tested : tests) {
      Triple t = beat;
      t.relation = Relation::kEvaluatedOn;
      t.subject = beat.object;
      t.subject_span = beat.object_span;
      t.object = tested->object;
      t.object_span = tested->object_span;  // in the sentence before, maybe: where it is named
      t.rule = std::string(kComparedOnRule);
      AddIfNew(std::move(t), *kept, &inferred);
    }
  }
  kept->insert(kept->end(), inferred.begin(), inferred.end());
}

// "Introducing Segment Anything" in a title, then "the Segment Anything
// Model (SAM)" in the text: an entity goes by the fullest name the article
// writes for it, one that extends the name it was first given ("Segment
// Anything Model"), as a reader would name it.
void UseFullestNames(std::string_view text, std::vector<Mention>* mentions,
                     std::vector<Triple>* triples) {
  std::unordered_map<std::string, std::string> fuller;
  for (const Mention& m : *mentions) {
    if (m.source == MentionSource::kReference || m.aliases.empty()) continue;
    for (const std::string& alias : m.aliases) {
      bool extends = alias.size() > m.name.size() + 1 && alias.starts_with(m.name) &&
                     alias[m.name.size()] == ' ';
      if (!extends) continue;
      // A name, not a term: "transformer model" is no fuller "transformer".
      bool capitalized = true;
      for (size_t i = 0; i < alias.size(); ++i) {
        if ((i == 0 || alias[i - 1] == ' ') && alias[i] >= 'a' && alias[i] <= 'z')
          capitalized = false;
      }
      if (!capitalized || text.find(alias) == std::string_view::npos) continue;
      std::string& best = fuller[m.name];
      if (alias.size() > best.size()) best = alias;
    }
  }
  if (fuller.empty()) return;
  auto rename = [&](std::string* name) {
    auto it = fuller.find(*name);
    if (it != fuller.end()) *name = it->second;
  };
  for (Mention& m : *mentions) rename(&m.name);
  for (Triple& t : *triples) {
    rename(&t.subject.name);
    rename(&t.object.name);
  }
}

// "By Dana Okafor and Lior Weiss, Kestrel Labs", "September 2022 - Posted
// by Dana Okafor, on behalf of the Quill team": the people a byline names
// work for the organization the post speaks for.
void ExtractorImpl::AddBylineStaff(const Article& article, Span sentence,
                                   const std::vector<Mention>& mentions, const Mention& publisher,
                                   std::vector<Candidate>* out) const {
  std::string said = LowerUtf8(
      std::string_view(article.text).substr(sentence.begin, sentence.end - sentence.begin));
  size_t trimmed = said.find_first_not_of(" *_");
  size_t by = std::string::npos;
  if (trimmed != std::string::npos && said.compare(trimmed, 3, "by ") == 0) by = trimmed;
  for (std::string_view cue : {"posted by ", "written by "}) {
    if (by == std::string::npos) by = said.find(cue);
  }
  if (by == std::string::npos) return;
  for (const Mention& m : mentions) {
    if (m.type != EntityType::kPerson || !m.typed || m.source == MentionSource::kReference ||
        m.span.begin < sentence.begin + by)
      continue;
    out->push_back({MakeTriple(article, sentence, m, EntityType::kPerson, Relation::kAffiliatedWith,
                               publisher, EntityType::kOrganization, std::string(kBylineStaffRule),
                               lexicon_.byline_staff_confidence),
                    static_cast<int>(rules_.rules().size())});
  }
}

// A paper's title line, "[2] FlashAttention: Fast and Memory-Efficient ...",
// or "## 1. DiT: Scalable ...",
// and its author line within the next sentences, "Authors: Tri Dao, Daniel
// Y. Fu (Stanford University)": every author developed the title's technique.
// `title` carries the technique and the index of its sentence.
void ExtractorImpl::AddTitleAuthors(const Article& article, Span sentence,
                                    const std::vector<Mention>& mentions,
                                    std::optional<std::pair<Mention, size_t>>* title, size_t index,
                                    std::vector<Candidate>* out) const {
  constexpr size_t kMaxSentencesAfterTitle = 3;
  std::string_view text(article.text);
  std::string_view said = text.substr(sentence.begin, sentence.end - sentence.begin);
  // "**Authors:** ...", "_Author:_ ...": emphasis marks before the label.
  said.remove_prefix(std::min(said.size(), said.find_first_not_of("*_")));
  bool authors = said.starts_with("Authors:") || said.starts_with("Author:");
  if (authors && *title && index - (*title)->second <= kMaxSentencesAfterTitle) {
    for (const Mention& m : mentions) {
      if (m.type != EntityType::kPerson || !m.typed || m.source == MentionSource::kReference)
        continue;
      out->push_back({MakeTriple(article, sentence, m, EntityType::kPerson, Relation::kDeveloped,
                                 (*title)->first, EntityType::kTechnique,
                                 std::string(kTitleAuthorsRule), lexicon_.title_authors_confidence),
                      static_cast<int>(rules_.rules().size())});
    }
    return;
  }
  // A title opens with the technique's name and a colon, perhaps in quotes
  // after a label ('Paper summary: "QLoRA: Efficient Finetuning ..."').
  for (const Mention& m : mentions) {
    if (m.source == MentionSource::kReference) continue;
    std::string_view before = text.substr(sentence.begin, m.span.begin - sentence.begin);
    for (std::string_view quote : {"\"", "\xE2\x80\x9C", "*"}) {
      while (before.ends_with(quote)) before.remove_suffix(quote.size());
    }
    size_t label = before.rfind(": ");
    if (label != std::string_view::npos && label + 2 == before.size()) before = {};
    bool opens = m.span.end < sentence.end && text[m.span.end] == ':' &&
                 before.find_first_not_of("[]0123456789 #*.") == std::string_view::npos;
    if (opens && (!m.typed || m.type == EntityType::kTechnique)) *title = std::pair{m, index};
    break;
  }
}

// The technique the article has named most so far (first named on ties).
const Mention* MostNamedTechnique(const DocMemory& memory) {
  const DocMemory::Named* best = nullptr;
  for (const auto& [name, named] : memory.technique_mentions) {
    if (best == nullptr || named.count > best->count ||
        (named.count == best->count && named.mention.span.begin < best->mention.span.begin))
      best = &named;
  }
  return best == nullptr ? nullptr : &best->mention;
}

// Whether any of `cues` matches the sentence `said` (starting at `begin`);
// sets `where` to where in the article the first that does matched.
bool FirstCueMatch(const std::vector<std::unique_ptr<RE2>>& cues, std::string_view said,
                   uint32_t begin, Span* where) {
  for (const auto& cue : cues) {
    re2::StringPiece match;
    if (!cue->Match(said, 0, said.size(), RE2::UNANCHORED, &match, 1)) continue;
    uint32_t at = begin + static_cast<uint32_t>(match.data() - said.data());
    *where = Span{at, at + static_cast<uint32_t>(match.size())};
    return true;
  }
  return false;
}

// "The paper, "Deep Residual Learning ...", is by A, B and C", "In a new
// paper, A and B of O show ...", "The paper's authors include A of O and B
// of P", "with A as first author": the people a sentence names as a paper's
// authors (lexicon paper_author_cues, author_role_cues) developed what the
// paper is about: a technique its quoted title names, else one the
// sentence's rules say was developed, else (once the article has a topic
// technique) the technique it has named most. After a cue, the authors run
// up to the first technique or dataset named. Before the article has a topic ("The paper, "Deep
// Residual Learning ...", is by A and B. It introduces residual networks"), the authors wait in
// `pending` for it (CreditPendingAuthors()).
void ExtractorImpl::AddPaperAuthors(const Article& article, Span sentence,
                                    const std::vector<Mention>& mentions, const DocMemory& memory,
                                    size_t index, std::optional<PendingAuthors>* pending,
                                    std::vector<Candidate>* out) const {
  std::string_view text(article.text);
  std::string_view said = text.substr(sentence.begin, sentence.end - sentence.begin);
  auto is_author = [](const Mention& m) {
    return m.typed && m.type == EntityType::kPerson && m.source != MentionSource::kReference;
  };
  // Authors are people: most sentences name none, and end here.
  if (std::none_of(mentions.begin(), mentions.end(), is_author)) return;
  // The cues name a paper, a study, a work (after a word and a space) or
  // its authors: most sentences name none, and skip the patterns. ("ork"
  // alone let through every "network".)
  static constexpr std::string_view kCueWords[] = {" paper", " Paper", " stud", " Stud",
                                                   " work",  " Work",  "uthor", "reprint"};
  bool may_cue = std::any_of(std::begin(kCueWords), std::end(kCueWords), [&](std::string_view w) {
    return said.find(w) != std::string_view::npos;
  });
  std::vector<const Mention*> authors;
  const Mention* titled = nullptr;
  Span cue;
  bool cued = may_cue && FirstCueMatch(paper_author_cues_, said, sentence.begin, &cue);
  for (const Mention& m : mentions) {
    if (!cued || m.span.begin < cue.begin || m.source == MentionSource::kReference) continue;
    bool named = m.typed && (m.type == EntityType::kTechnique || m.type == EntityType::kDataset);
    if (m.span.end <= cue.end) {  // in a quoted title
      if (named && m.type == EntityType::kTechnique && titled == nullptr) titled = &m;
      continue;
    }
    if (named) break;
    if (is_author(m)) authors.push_back(&m);
  }
  for (const Mention& m : mentions) {
    if (!is_author(m) || std::find(authors.begin(), authors.end(), &m) != authors.end()) continue;
    std::string_view after = text.substr(m.span.end, sentence.end - m.span.end);
    if (std::any_of(author_role_cues_.begin(), author_role_cues_.end(),
                    [&](const auto& role) { return RE2::PartialMatch(after, *role); }))
      authors.push_back(&m);
  }
  if (authors.empty()) return;  // most sentences, before the work is looked for
  const Mention* work = titled;
  // "CLIP was developed by a team led by A, with B as senior author": what
  // the sentence's rules say was developed.
  for (auto c = out->begin(); work == nullptr && c != out->end(); ++c) {
    if (c->triple.relation != Relation::kDeveloped ||
        c->triple.object.type != EntityType::kTechnique)
      continue;
    for (const Mention& m : mentions) {
      if (m.span.begin == c->triple.object_span.begin && m.name == c->triple.object.name) work = &m;
    }
  }
  // Else the technique the article has named most: a paper's authors are
  // named in a story about it, after other work was said to be developed.
  const Mention* topic = memory.topic_technique.name.empty() ? nullptr : MostNamedTechnique(memory);
  if (work == nullptr) work = topic;
  if (work == nullptr) {
    *pending = PendingAuthors{{}, sentence, index};
    for (const Mention* author : authors) (*pending)->authors.push_back(*author);
    return;
  }
  for (const Mention* author : authors) {
    out->push_back({MakeTriple(article, sentence, *author, EntityType::kPerson,
                               Relation::kDeveloped, *work, EntityType::kTechnique,
                               std::string(kPaperAuthorsRule), lexicon_.paper_authors_confidence),
                    static_cast<int>(rules_.rules().size())});
  }
}

// Pending authors developed what the article next says their paper is
// about, within a few sentences: the technique after a paper_topic_cue
// ("It introduces residual networks"), or the topic technique the article
// has by then (authors wait only while it has none).
void ExtractorImpl::CreditPendingAuthors(const Article& article, Span sentence,
                                         const std::vector<Mention>& mentions,
                                         const DocMemory& memory, size_t index,
                                         std::optional<PendingAuthors>* pending,
                                         std::vector<Triple>* out) const {
  constexpr size_t kMaxSentencesToTopic = 3;
  if (!*pending || index == (*pending)->index) return;
  if (index - (*pending)->index > kMaxSentencesToTopic) {
    pending->reset();
    return;
  }
  const Mention* work = nullptr;
  std::string_view said(article.text.data() + sentence.begin, sentence.end - sentence.begin);
  if (Span cue; FirstCueMatch(paper_topic_cues_, said, sentence.begin, &cue)) {
    for (const Mention& m : mentions) {
      if (m.span.begin >= cue.end && m.typed && m.type == EntityType::kTechnique) {
        work = &m;
        break;
      }
    }
  }
  const Mention& topic = memory.topic_technique;
  if (work == nullptr && !topic.name.empty() && topic.type == EntityType::kTechnique) work = &topic;
  if (work == nullptr) return;
  for (const Mention& author : (*pending)->authors) {
    out->push_back(MakeTriple(article, (*pending)->sentence, author, EntityType::kPerson,
                              Relation::kDeveloped, *work, EntityType::kTechnique,
                              std::string(kPaperAuthorsRule), lexicon_.paper_authors_confidence));
  }
  pending->reset();
}

// What a model card's field lines are about: the topic technique, else the
// technique named most so far (first named on ties).
const Mention* CardSubject(const DocMemory& memory) {
  if (!memory.topic_technique.name.empty()) return &memory.topic_technique;
  return MostNamedTechnique(memory);
}

// "Base model: Llama 3.1", "Training data: the Tulu 3 SFT Mix", "Developer:
// Allen Institute for AI": a model card's field line (lexicon field_labels)
// relates the article's topic technique to each name of the fitting type
// after the colon.
void ExtractorImpl::AddFieldLine(const Article& article, Span sentence,
                                 const std::vector<Mention>& mentions, const DocMemory& memory,
                                 std::vector<Candidate>* out) const {
  std::string_view said =
      std::string_view(article.text).substr(sentence.begin, sentence.end - sentence.begin);
  size_t colon = said.find(':');
  constexpr size_t kMaxLabel = 32;
  if (colon == std::string_view::npos || colon == 0 || colon > kMaxLabel) return;
  auto field = lexicon_.field_labels.find(LowerUtf8(said.substr(0, colon)));
  if (field == lexicon_.field_labels.end()) return;
  const Mention* card = CardSubject(memory);
  if (card == nullptr) return;
  const Mention& topic = *card;
  Relation relation = field->second;
  bool topic_is_object = relation == Relation::kDeveloped;
  EntityType wanted = relation == Relation::kTrainedOn || relation == Relation::kEvaluatedOn
                          ? EntityType::kDataset
                          : EntityType::kTechnique;
  int order = static_cast<int>(rules_.rules().size());
  bool first = true;
  for (const Mention& m : mentions) {
    if (m.span.begin < sentence.begin + colon || !m.typed ||
        m.source == MentionSource::kReference || m.name == topic.name)
      continue;
    bool fits = topic_is_object
                    ? m.type == EntityType::kOrganization || m.type == EntityType::kPerson
                    : m.type == wanted;
    if (!fits) continue;
    // "Architecture: a decoder-only transformer with GeGLU and RMSNorm": the
    // kind the line opens with is what the model is based on; the rest it uses.
    // "Architecture: modified from Megatron-LM GPT-2; 70 layers, 112 attention
    // heads": what it was modified from is a base, and numbers follow ';'.
    std::string_view lead = said.substr(colon + 1, m.span.begin - sentence.begin - colon - 1);
    if (relation == Relation::kUses && lead.find(';') != std::string_view::npos) break;
    bool modified = lead.find("modified from") != std::string_view::npos ||
                    lead.find("based on") != std::string_view::npos ||
                    lead.find("derived from") != std::string_view::npos;
    bool kind = relation == Relation::kUses &&
                ((first && (lead.starts_with(" a ") || lead.starts_with(" an "))) || modified);
    first = false;
    Relation r = kind ? Relation::kBasedOn : relation;
    Triple t = topic_is_object
                   ? MakeTriple(article, sentence, m, m.type, r, topic, EntityType::kTechnique,
                                std::string(kFieldLineRule), lexicon_.field_line_confidence)
                   : MakeTriple(article, sentence, topic, EntityType::kTechnique, r, m, wanted,
                                std::string(kFieldLineRule), lexicon_.field_line_confidence);
    out->push_back({std::move(t), order});
  }
}

// "It outperformed Google's GNMT": a model another rule placed in a sentence
// and that an organization's possessive names was developed there, as
// "Google's BERT" says to possessive_org_tech once BERT is known to be a model.
void ExtractorImpl::AddOwners(const Article& article, Span sentence,
                              const std::vector<Mention>& mentions,
                              std::vector<Triple>* triples) const {
  std::string_view text(article.text);
  std::vector<Triple> owned;
  auto owner_of = [&](Span model) -> const Mention* {
    for (const Mention& m : mentions) {
      if (m.type != EntityType::kOrganization || !m.typed || m.span.end >= model.begin) continue;
      std::string_view between = text.substr(m.span.end, model.begin - m.span.end);
      if (between == "'s " || between == "\xE2\x80\x99s " || between == "' ") return &m;
    }
    return nullptr;
  };
  for (const Triple& t : *triples) {
    for (bool subject : {true, false}) {
      const EntityRef& model = subject ? t.subject : t.object;
      Span span = subject ? t.subject_span : t.object_span;
      if (model.type != EntityType::kTechnique || span.begin < sentence.begin) continue;
      const Mention* owner = owner_of(span);
      if (owner == nullptr) continue;
      Mention made;
      made.name = model.name;
      made.span = span;
      Triple d = MakeTriple(article, sentence, *owner, EntityType::kOrganization,
                            Relation::kDeveloped, made, EntityType::kTechnique,
                            std::string(kOwnerRule), lexicon_.owner_confidence);
      AddIfNew(std::move(d), *triples, &owned);
    }
  }
  triples->insert(triples->end(), owned.begin(), owned.end());
}

// The name a table cell holds: the first mention inside the cell.
const Mention* CellMention(const std::vector<std::vector<Mention>>& per_sentence, Span cell) {
  for (const std::vector<Mention>& mentions : per_sentence) {
    for (const Mention& m : mentions) {
      if (m.source != MentionSource::kReference && m.span.begin >= cell.begin &&
          m.span.end <= cell.end)
        return &m;
    }
  }
  return nullptr;
}

int CountTyped(const std::vector<const Mention*>& mentions, EntityType type) {
  return static_cast<int>(std::count_if(mentions.begin(), mentions.end(), [type](const Mention* m) {
    return m != nullptr && m->typed && m->type == type;
  }));
}

// A model's score on a benchmark in a table ("| GSM8K | 93.5 | 93.7 |" under
// "| Benchmark | Tülu 3 70B | Llama 3.1 70B |") says the model was evaluated
// on it. Models run across the top and benchmarks down the side, or the
// reverse: the types the cells' names have decide.
void ExtractorImpl::AddTableScores(const Article& article,
                                   const std::vector<std::vector<Mention>>& per_sentence,
                                   std::vector<Triple>* out) const {
  std::string_view text(article.text);
  for (const Table& table : FindTables(text)) {
    std::vector<const Mention*> top, side;
    for (size_t c = 1; c < table.header.cells.size(); ++c)
      top.push_back(CellMention(per_sentence, table.header.cells[c]));
    for (const TableRow& row : table.rows) side.push_back(CellMention(per_sentence, row.cells[0]));
    bool models_on_top =
        CountTyped(top, EntityType::kTechnique) + CountTyped(side, EntityType::kDataset) >=
        CountTyped(top, EntityType::kDataset) + CountTyped(side, EntityType::kTechnique);
    for (size_t r = 0; r < table.rows.size(); ++r) {
      for (size_t c = 1; c < table.rows[r].cells.size(); ++c) {
        Span cell = table.rows[r].cells[c];
        std::string_view score = text.substr(cell.begin, cell.end - cell.begin);
        if (!HasDigit(score)) continue;
        const Mention* model = models_on_top ? top[c - 1] : side[r];
        const Mention* bench = models_on_top ? side[r] : top[c - 1];
        if (model == nullptr || bench == nullptr) continue;
        if ((model->typed && model->type != EntityType::kTechnique) ||
            (bench->typed && bench->type != EntityType::kDataset))
          continue;
        out->push_back(MakeTriple(article, table.rows[r].line, *model, EntityType::kTechnique,
                                  Relation::kEvaluatedOn, *bench, EntityType::kDataset,
                                  std::string(kTableScoresRule), lexicon_.table_score_confidence));
      }
    }
  }
}

// The column whose heading is one of `headings`, or -1.
int ColumnOf(std::string_view text, const TableRow& header,
             const std::unordered_set<std::string>& headings) {
  for (size_t c = 0; c < header.cells.size(); ++c) {
    Span cell = header.cells[c];
    if (headings.count(LowerUtf8(text.substr(cell.begin, cell.end - cell.begin))))
      return static_cast<int>(c);
  }
  return -1;
}

// A leaderboard of records ("| Rank | Model | Developer | SWE-bench Verified
// (%) |" over "| 1 | Claude Sonnet 4.5 | Anthropic | 77.2 |"): each row's
// model was built by its developer (rule table_developer) and evaluated on
// every benchmark its row has a score for (rule table_scores).
void ExtractorImpl::AddRecordTables(const Article& article,
                                    const std::vector<std::vector<Mention>>& per_sentence,
                                    std::vector<Triple>* out) const {
  std::string_view text(article.text);
  auto fits = [](const Mention* m, EntityType type) {
    return m != nullptr && (!m->typed || m->type == type);
  };
  for (const Table& table : FindRecordTables(text)) {
    int model_column = ColumnOf(text, table.header, lexicon_.table_model_headings);
    if (model_column < 0) continue;
    int developer_column = ColumnOf(text, table.header, lexicon_.table_developer_headings);
    std::vector<const Mention*> benchmarks;
    for (Span heading : table.header.cells) {
      const Mention* m = CellMention(per_sentence, heading);
      benchmarks.push_back(m != nullptr && m->typed && m->type == EntityType::kDataset ? m
                                                                                       : nullptr);
    }
    for (const TableRow& row : table.rows) {
      const Mention* model = CellMention(per_sentence, row.cells[model_column]);
      if (!fits(model, EntityType::kTechnique)) continue;
      const Mention* developer =
          developer_column < 0 ? nullptr : CellMention(per_sentence, row.cells[developer_column]);
      if (fits(developer, EntityType::kOrganization)) {
        out->push_back(MakeTriple(article, row.line, *developer, EntityType::kOrganization,
                                  Relation::kDeveloped, *model, EntityType::kTechnique,
                                  std::string(kTableDeveloperRule),
                                  lexicon_.table_score_confidence));
      }
      for (size_t c = 0; c < row.cells.size(); ++c) {
        std::string_view score =
            text.substr(row.cells[c].begin, row.cells[c].end - row.cells[c].begin);
        if (benchmarks[c] == nullptr || !IsScore(score) || !HasDigit(score)) continue;
        out->push_back(MakeTriple(article, row.line, *model, EntityType::kTechnique,
                                  Relation::kEvaluatedOn, *benchmarks[c], EntityType::kDataset,
                                  std::string(kTableScoresRule), lexicon_.table_score_confidence));
      }
    }
  }
}

// "T was developed by P and Q of O": the sentence that names who built T and
// where they work credits their organization too, as "researchers at O
// built T" would. Only within one sentence, so the affiliation is the one the
// sentence states for that work.
void AddTeamDevelopments(const std::unordered_set<std::string>& personal_credit_rules,
                         std::vector<Triple>* triples) {
  std::vector<Triple> inferred;
  for (const Triple& built : *triples) {
    if (built.relation != Relation::kDeveloped || built.subject.type != EntityType::kPerson ||
        personal_credit_rules.count(built.rule))
      continue;
    for (const Triple& works : *triples) {
      if (works.relation != Relation::kAffiliatedWith || works.subject.name != built.subject.name ||
          works.object.type != EntityType::kOrganization)
        continue;
      Triple t = built;
      t.subject = works.object;
      t.subject_span = works.object_span;
      t.rule = std::string(kTeamDevelopedRule);
      t.confidence = std::min(built.confidence, works.confidence);
      AddIfNew(std::move(t), *triples, &inferred);
    }
  }
  triples->insert(triples->end(), inferred.begin(), inferred.end());
}

// "A and colleagues at O found that ... They built X": people a sentence
// names as "they" (Recognizer::AddTheyDeveloped) work where the sentence
// before said they do; their organization developed X too.
void AddTheyTeamDevelopments(std::string_view text, std::span<const Triple> before,
                             std::vector<Triple>* kept) {
  std::vector<Triple> inferred;
  for (const Triple& built : *kept) {
    std::string_view said =
        text.substr(built.subject_span.begin, built.subject_span.end - built.subject_span.begin);
    if (built.relation != Relation::kDeveloped || built.subject.type != EntityType::kPerson ||
        (said != "they" && said != "They"))
      continue;
    for (const Triple& works : before) {
      if (works.relation != Relation::kAffiliatedWith || works.subject.name != built.subject.name)
        continue;
      Triple t = built;
      t.subject = works.object;
      t.rule = std::string(kTeamDevelopedRule);
      t.confidence = std::min(built.confidence, works.confidence);
      AddIfNew(std::move(t), *kept, &inferred);
    }
  }
  kept->insert(kept->end(), inferred.begin(), inferred.end());
}

// Whether two triples make one mention (the same span) a person in one and
// something else in the other. (An unknown name read as a product by one
// rule and as its maker by another is common and harmless; a person read as
// a technique is not.)
bool TypedApart(const Triple& a, const Triple& b) {
  auto differs = [](Span x, EntityType tx, Span y, EntityType ty) {
    return x.begin == y.begin && x.end == y.end && tx != ty &&
           (tx == EntityType::kPerson || ty == EntityType::kPerson);
  };
  return differs(a.subject_span, a.subject.type, b.subject_span, b.subject.type) ||
         differs(a.subject_span, a.subject.type, b.object_span, b.object.type) ||
         differs(a.object_span, a.object.type, b.subject_span, b.subject.type) ||
         differs(a.object_span, a.object.type, b.object_span, b.object.type);
}

// A mention a kept triple typed one way and `t` another, where the slot of
// `t`'s rule takes the kept type too, takes the kept type: the mention then
// has one reading and `t` is not dropped as typed apart. A mention typed by
// the gazetteer or a cue has its type in every rule's triple, so only a name
// two rules guessed differently changes ("said Lena Hartmann, an analyst at
// Berlin-based Brightwater Equity": the affiliation reads an organization
// where the location rule guessed a person).
void TakeKeptTypes(const Triple& kept, const Rule& rule, Triple* t) {
  auto take = [](Span span, EntityType* type, const SlotSpec& slot, Span kept_span,
                 EntityType kept_type) {
    if (span.begin != kept_span.begin || span.end != kept_span.end || *type == kept_type) return;
    if (std::find(slot.types.begin(), slot.types.end(), kept_type) != slot.types.end()) {
      *type = kept_type;
    }
  };
  for (auto [kept_span, kept_type] : {std::pair{kept.subject_span, kept.subject.type},
                                      std::pair{kept.object_span, kept.object.type}}) {
    take(t->subject_span, &t->subject.type, rule.subject, kept_span, kept_type);
    take(t->object_span, &t->object.type, rule.object, kept_span, kept_type);
  }
}

// "GPT-3 is a transformer trained on Common Crawl": what the sentence says of
// the kind ("transformer", a lowercase term) it says of the named model that
// is one (based_on from the same sentence). So is who built it: "AlexNet, a
// convolutional neural network built by Alex Krizhevsky".
void MoveToInstance(std::string_view text, std::vector<Triple>* triples) {
  // "AlexNet, a convolutional neural network built by ...": an instance of
  // the kind was built. "SD is an implementation of latent diffusion, a
  // method proposed by ...": the kind itself was.
  auto indefinite = [text](Span kind) {
    constexpr size_t kReach = 40;  // "a deep convolutional neural network"
    size_t from = kind.begin > kReach ? kind.begin - kReach : 0;
    std::string_view before = text.substr(from, kind.begin - from);
    size_t a = before.rfind(" a ");
    size_t an = before.rfind(" an ");
    if (a == std::string_view::npos && an == std::string_view::npos) return false;
    size_t article = a == std::string_view::npos    ? an
                     : an == std::string_view::npos ? a
                                                    : std::max(a, an);
    std::string_view words = before.substr(article);  // " a deep "
    bool preposition = words.find(" of ") != std::string_view::npos ||
                       words.find(" for ") != std::string_view::npos ||
                       words.find(" on ") != std::string_view::npos;
    return !preposition && words.find_first_of(",;:") == std::string_view::npos &&
           std::count(words.begin(), words.end(), ' ') <= 4;
  };
  for (const Triple& kind : *triples) {
    bool generic =
        !kind.object.name.empty() && std::islower(static_cast<unsigned char>(kind.object.name[0]));
    if (kind.relation != Relation::kBasedOn || !generic) continue;
    for (Triple& t : *triples) {
      bool subject_kind = t.subject_span.begin == kind.object_span.begin &&
                          t.subject_span.end == kind.object_span.end;
      bool object_kind = t.object_span.begin == kind.object_span.begin &&
                         t.object_span.end == kind.object_span.end;
      bool about_instance = t.relation == Relation::kTrainedOn ||
                            t.relation == Relation::kEvaluatedOn || t.relation == Relation::kUses ||
                            t.relation == Relation::kBasedOn;
      if (subject_kind && about_instance && &t != &kind) {
        t.subject = kind.subject;
        t.subject_span = kind.subject_span;
      } else if (object_kind && t.relation == Relation::kDeveloped &&
                 indefinite(kind.object_span)) {
        t.object = kind.subject;
        t.object_span = kind.subject_span;
      }
    }
  }
}

// "The speech encoder is a w2v-BERT 2.0 model": a part of the article's
// model (a reference such as "the decoder") that is some technique is a
// technique the model uses, not one it is a kind of.
void PartsAreUses(std::string_view text, const Lexicon& lexicon, std::vector<Triple>* triples) {
  for (Triple& t : *triples) {
    if (t.relation != Relation::kBasedOn) continue;
    std::string_view said =
        text.substr(t.subject_span.begin, t.subject_span.end - t.subject_span.begin);
    size_t space = said.rfind(' ');
    std::string last = LowerUtf8(space == std::string_view::npos ? said : said.substr(space + 1));
    if (lexicon.component_nouns.count(last)) t.relation = Relation::kUses;
  }
}

// "Whisper, an open-source speech recognition model": a task or a field
// (lexicon task_terms) names what a technique is for, not one it is a kind
// of, so no based_on triple has one as its object.
void DropTaskKinds(const Lexicon& lexicon, std::vector<Triple>* triples) {
  std::erase_if(*triples, [&lexicon](const Triple& t) {
    return t.relation == Relation::kBasedOn && lexicon.task_terms.count(LowerUtf8(t.object.name));
  });
}

// "Hugging Face engineers released a PyTorch reimplementation of the model",
// "Oracle has built Command and Embed into its cloud": a developer verb whose
// object is followed by one of these words (after the last of a list) made
// something from the technique, not the technique.
void DropDerivedObjects(std::string_view text, std::vector<Triple>* triples) {
  static constexpr std::string_view kDerived[] = {" reimplementation",
                                                  " re-implementation",
                                                  " implementation",
                                                  " port ",
                                                  " wrapper",
                                                  " integration",
                                                  " plugin",
                                                  " plug-in",
                                                  " fork ",
                                                  " bindings",
                                                  " into "};
  static constexpr std::string_view kJoiners[] = {" and ", ", ", ", and ", " or "};
  auto derived_after = [&](uint32_t end) {
    std::string_view rest = text.substr(end, std::min<size_t>(24, text.size() - end));
    return std::any_of(std::begin(kDerived), std::end(kDerived),
                       [&](std::string_view w) { return rest.starts_with(w); });
  };
  // "OpenAI's ChatGPT into Siri": a possessive still says who built it.
  auto is_developed = [&](const Triple& t) {
    std::string_view after = text.substr(t.subject_span.end, 4);
    bool possessive = after.starts_with("'s") || after.starts_with("\xE2\x80\x99s");
    return t.relation == Relation::kDeveloped && !possessive;
  };
  std::vector<bool> drop(triples->size(), false);
  for (size_t i = 0; i < triples->size(); ++i) {
    if (!is_developed((*triples)[i])) continue;
    // Follow the list to its last item: "Command and Embed into".
    uint32_t end = (*triples)[i].object_span.end;
    for (bool extended = true; extended;) {
      extended = false;
      for (const Triple& t : *triples) {
        if (!is_developed(t) || t.object_span.begin <= end) continue;
        std::string_view gap = text.substr(end, t.object_span.begin - end);
        if (std::find(std::begin(kJoiners), std::end(kJoiners), gap) != std::end(kJoiners)) {
          end = t.object_span.end;
          extended = true;
        }
      }
    }
    drop[i] = derived_after(end);
  }
  size_t k = 0;
  std::erase_if(*triples, [&](const Triple&) { return drop[k++]; });
}

// ResolveConflicts() keeps one triple per (subject, relation, object) in a
// sentence; the steps after it, which move a triple's ends, may make two
// alike again (MoveToInstance: "Zephyr-3 is a transformer trained on Common
// Crawl", read of the kind and of Zephyr-3 directly). The first stays.
void DropRepeatedTriples(std::vector<Triple>* triples) {
  for (size_t i = 1; i < triples->size(); ++i) {
    const Triple& t = (*triples)[i];
    bool repeated = std::any_of(triples->begin(), triples->begin() + i, [&t](const Triple& u) {
      return u.relation == t.relation && u.subject.name == t.subject.name &&
             u.object.name == t.object.name;
    });
    if (repeated) triples->erase(triples->begin() + i--);
  }
}

// "OpenAI is rolling out GPT-4o": words that say an organization developed
// a technique do not also say it uses it. ("Microsoft debuted DeepSpeed
// ..., when it used the library" says both, of two mentions.)
void DropOwnUses(std::vector<Triple>* triples) {
  auto developed = [&](const Triple& u) {
    return std::any_of(triples->begin(), triples->end(), [&](const Triple& d) {
      return d.relation == Relation::kDeveloped && d.subject.name == u.subject.name &&
             d.object.name == u.object.name && d.object_span.begin == u.object_span.begin;
    });
  };
  std::erase_if(*triples,
                [&](const Triple& t) { return t.relation == Relation::kUses && developed(t); });
}

// "It was a convolutional neural network trained on ImageNet": a lowercase
// term after "a" or "an" is some instance of the technique, not the
// technique itself; what it was trained or evaluated on, or beat, is not the
// technique's. (MoveToInstance() has moved what has a named instance.)
void DropIndefiniteSubjects(std::string_view text, std::vector<Triple>* triples) {
  auto indefinite = [text](const Triple& t) {
    bool about_results = t.relation == Relation::kTrainedOn ||
                         t.relation == Relation::kEvaluatedOn ||
                         t.relation == Relation::kOutperforms;
    bool term =
        !t.subject.name.empty() && std::none_of(t.subject.name.begin(), t.subject.name.end(),
                                                [](char c) { return c >= 'A' && c <= 'Z'; });
    std::string_view before = text.substr(0, t.subject_span.begin);
    return about_results && term && (before.ends_with(" a ") || before.ends_with(" an "));
  };
  // "Mistral AI Releases a Sparse Mixture-of-Experts Model": what was
  // released is some instance of the technique, not the technique.
  auto built_instance = [text](const Triple& t) {
    if (t.relation != Relation::kDeveloped || t.object.name.empty() ||
        !std::islower(static_cast<unsigned char>(t.object.name[0])))
      return false;
    std::string_view before = text.substr(0, t.object_span.begin);
    size_t cut = before.size() > 24 ? before.size() - 24 : 0;
    std::string tail = LowerUtf8(before.substr(cut));
    for (std::string_view article : {" a ", " an "}) {
      size_t at = tail.rfind(article);
      if (at == std::string::npos) continue;
      std::string_view between = std::string_view(tail).substr(at + article.size());
      bool one_word = std::count(between.begin(), between.end(), ' ') <= 1 &&
                      std::all_of(between.begin(), between.end(), [](char c) {
                        return c == ' ' || c == '-' || std::isalpha(static_cast<unsigned char>(c));
                      });
      if (one_word) return true;
    }
    return false;
  };
  std::erase_if(*triples, [&](const Triple& t) { return indefinite(t) || built_instance(t); });
}

// "ClinBERT-NO, built by the Nordic Clinical Language Consortium, an
// Oslo-based research collaboration, is a BERT model further fine-tuned on
// NorClin": the masked sentence without the appositions after its opening
// name, "⟦TECH:0⟧ is a ⟦TECH:2⟧ model further fine-tuned on ⟦DATA:3⟧", for
// the rules to read again; rules see one apposition at most ({APPOS}).
// Nothing unless the sentence opens with a name, one to four appositions
// follow it (lexicon apposition_openers, or apposition_participles and a
// word of apposition_participle_next: "built by", "released in"), and then
// a lowercase word that may be a verb ("is", "builds", "outperforms").
std::optional<std::string> WithoutOpeningAppositions(std::string_view masked,
                                                     const Lexicon& lexicon) {
  if (!masked.starts_with(kPlaceholderOpen)) return std::nullopt;
  size_t name_end = masked.find(kPlaceholderClose);
  if (name_end == std::string_view::npos) return std::nullopt;
  name_end += kPlaceholderClose.size();
  static constexpr std::string_view kNotVerbs[] = {
      "which", "who", "that", "and", "or", "but",   "in",    "on",    "at",   "for", "with",
      "from",  "by",  "as",   "of",  "to", "while", "whose", "where", "when", "so",  "not"};
  auto word_at = [&](size_t at) {
    size_t end = at;
    while (end < masked.size() &&
           (std::isalpha(static_cast<unsigned char>(masked[end])) || masked[end] == '-'))
      ++end;
    return masked.substr(at, end - at);
  };
  constexpr int kMostAppositions = 4;
  size_t at = name_end;
  int appositions = 0;
  while (masked.substr(at).starts_with(", ") && appositions < kMostAppositions) {
    size_t start = at + 2;
    std::string_view first = word_at(start);
    if (first.empty()) return std::nullopt;
    std::string lower = LowerUtf8(first);
    bool opener = lexicon.apposition_openers.count(lower) > 0;
    bool participle = false;
    if (!opener && lexicon.apposition_participles.count(lower) &&
        start + first.size() < masked.size() && masked[start + first.size()] == ' ') {
      participle = lexicon.apposition_participle_next.count(
                       LowerUtf8(word_at(start + first.size() + 1))) > 0;
    }
    if (opener || participle) {
      size_t next = masked.find(", ", start);
      size_t stop = std::min(masked.find(';', start), masked.find(": ", start));
      if (next == std::string_view::npos || stop < next) return std::nullopt;
      at = next;
      ++appositions;
      continue;
    }
    bool verb = appositions > 0 && first[0] >= 'a' && first[0] <= 'z' &&
                std::find(std::begin(kNotVerbs), std::end(kNotVerbs), first) == std::end(kNotVerbs);
    if (!verb) return std::nullopt;
    return std::string(masked.substr(0, name_end)) + " " + std::string(masked.substr(start));
  }
  return std::nullopt;
}

// "OpenVLA, which is based on Meta's Llama 2, was trained on ...", "Wayve,
// whose chief executive is Alex Kendall, has released LINGO-2": a name inside
// a relative clause is not the subject of what follows the clause; the name
// the clause hangs on is.
bool NamingClause(std::string_view clause) {
  static constexpr std::string_view kNaming[] = {" name ",   " names ",     " named ", " call ",
                                                 " calls ",  " called ",    " dub ",   " dubs ",
                                                 " dubbed ", " christened "};
  return std::any_of(std::begin(kNaming), std::end(kNaming),
                     [&](std::string_view w) { return clause.find(w) != std::string_view::npos; });
}

// Whether the clause that holds t's subject closes with a comma that a verb
// follows (", outperformed"), not an apposition (", a professor at").
bool VerbAfterClause(std::string_view text, const Triple& t) {
  std::string_view rest = text.substr(t.subject_span.end, t.object_span.begin - t.subject_span.end);
  size_t close = rest.find(", ");
  if (close == std::string_view::npos) return false;
  std::string_view after = rest.substr(close + 2);
  size_t space = after.find(' ');
  std::string_view word = after.substr(0, space);
  static constexpr std::string_view kNotVerbs[] = {
      "a", "an", "the", "its", "their", "his", "her", "which", "who", "that", "and", "or", "but"};
  bool lower = !word.empty() && word[0] >= 'a' && word[0] <= 'z';
  return lower &&
         std::find(std::begin(kNotVerbs), std::end(kNotVerbs), word) == std::end(kNotVerbs);
}

void MoveOutOfRelativeClauses(std::string_view text, const std::vector<Mention>& mentions,
                              std::vector<Triple>* triples) {
  static constexpr std::string_view kOpeners[] = {", which ", ", that ", ", whose ", ", who "};
  // "The London-based lab, a division of Alphabet, introduced Gemini
  // Robotics": the owner an apposition names did not do what follows it.
  static constexpr std::string_view kOwnerAppositions[] = {
      ", a division of ",     ", a subsidiary of ",
      ", a unit of ",         ", an arm of ",
      ", part of ",           ", a part of ",
      ", an affiliate of ",   ", a spinout of ",
      ", a spin-off of ",     ", both subsidiaries of ",
      ", both units of ",     ", both part of ",
      ", both divisions of ", ", both owned by ",
      ", owned by ",          ", now owned by "};
  // Whether the subject stands inside a relative clause that closes (", ")
  // before the object: where the clause opens, else npos.
  auto clause_start = [&](const Triple& t) {
    std::string_view before =
        text.substr(t.sentence.begin, t.subject_span.begin - t.sentence.begin);
    size_t comma = before.rfind(", ");
    if (comma == std::string_view::npos) return std::string_view::npos;
    std::string_view clause = before.substr(comma);
    auto starts = [&](std::string_view o) { return clause.starts_with(o); };
    bool owner = std::any_of(std::begin(kOwnerAppositions), std::end(kOwnerAppositions), starts) &&
                 clause.find_first_of(",;", 1) == std::string_view::npos &&
                 (t.relation == Relation::kDeveloped || t.relation == Relation::kUses);
    bool opens = owner || std::any_of(std::begin(kOpeners), std::end(kOpeners), starts);
    std::string_view rest =
        text.substr(t.subject_span.end, t.object_span.begin - t.subject_span.end);
    size_t close = rest.find(", ");
    bool closes = close != std::string_view::npos && rest.find(';') > close;
    return opens && closes ? t.sentence.begin + comma : std::string_view::npos;
  };
  std::vector<size_t> orphans;
  for (size_t i = 0; i < triples->size(); ++i) {
    Triple& t = (*triples)[i];
    if (t.object_span.begin < t.subject_span.end) continue;
    size_t opens_at = clause_start(t);
    if (opens_at == std::string_view::npos) continue;
    const Mention* head = nullptr;
    for (const Mention& m : mentions) {
      if (m.span.end != opens_at) continue;
      bool fits = m.type == t.subject.type ||
                  (t.relation == Relation::kDeveloped && m.type == EntityType::kOrganization);
      if (fits && (m.typed || m.source == MentionSource::kReference)) head = &m;
    }
    if (head == nullptr) {
      // "The 7.3-billion-parameter model, which uses grouped-query attention,
      // outperformed Llama 2 13B": the clause's own names are not the subject
      // of the verb after it. But "Their best model, which they name Guanaco,
      // outperforms ..." names the subject, and "founded by P, a professor at
      // O" goes on in an apposition.
      if (!NamingClause(text.substr(opens_at, t.subject_span.begin - opens_at)) &&
          VerbAfterClause(text, t))
        orphans.push_back(i);
      continue;
    }
    t.subject = {head->name, head->type};
    t.subject_span = head->span;
  }
  for (auto o = orphans.rbegin(); o != orphans.rend(); ++o) triples->erase(triples->begin() + *o);
}

bool ExtractorImpl::Compatible(Relation a, Relation b) const {
  if (a == b) return true;
  for (const auto& [x, y] : lexicon_.compatible_relations) {
    if ((x == a && y == b) || (x == b && y == a)) return true;
  }
  return false;
}

const Rule* ExtractorImpl::RuleOf(const Candidate& c) const {
  const std::vector<Rule>& rules = rules_.rules();
  if (c.rule_order < 0 || static_cast<size_t>(c.rule_order) >= rules.size()) return nullptr;
  const Rule& rule = rules[static_cast<size_t>(c.rule_order)];
  return rule.name == c.triple.rule ? &rule : nullptr;
}

// Per sentence: one triple per (subject, relation, object); when two rules
// relate the same two mentions (in either order, or the same names) by
// incompatible relations, the higher confidence wins, then the rule loaded
// first.
std::vector<Triple> ExtractorImpl::ResolveConflicts(std::vector<Candidate> candidates) const {
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) {
                     if (a.triple.confidence != b.triple.confidence)
                       return a.triple.confidence > b.triple.confidence;
                     return a.rule_order < b.rule_order;
                   });
  std::vector<Triple> kept;
  for (Candidate& c : candidates) {
    bool drop = false;
    if (const Rule* rule = RuleOf(c))
      for (const Triple& k : kept) TakeKeptTypes(k, *rule, &c.triple);
    for (const Triple& k : kept) {
      bool same_names =
          k.subject.name == c.triple.subject.name && k.object.name == c.triple.object.name;
      bool same_spans = k.subject_span.begin == c.triple.subject_span.begin &&
                        k.object_span.begin == c.triple.object_span.begin;
      if (same_names && k.relation == c.triple.relation) drop = true;
      if ((same_spans || same_names) && !Compatible(k.relation, c.triple.relation)) drop = true;
      // "Jia Wen, Tessel's head of software": one mention is a Person to one
      // rule and a Technique to another; the reading kept first wins.
      if (TypedApart(k, c.triple)) drop = true;
    }
    if (!drop) kept.push_back(std::move(c.triple));
  }
  return kept;
}

std::vector<EntityMention> ExtractorImpl::CollectEntities(
    const Article& article, const std::vector<Mention>& all,
    const std::vector<Triple>& triples) const {
  // Keyed by views of the names in `triples` and `all`, which outlive both maps.
  std::unordered_map<std::string_view, EntityType> typed_by_rule;
  for (const Triple& t : triples) {
    typed_by_rule.emplace(t.subject.name, t.subject.type);
    typed_by_rule.emplace(t.object.name, t.object.type);
  }
  std::vector<EntityMention> entities;
  std::unordered_map<std::string_view, size_t> index;  // name -> its place in `entities`
  for (const Mention& m : all) {
    if (m.source == MentionSource::kReference) continue;
    auto [it, inserted] = index.emplace(m.name, entities.size());
    if (inserted) {
      EntityMention e;
      e.entity = {m.name, m.type};
      e.doc = article.id;
      e.first = m.span;
      entities.push_back(std::move(e));
    }
    EntityMention& e = entities[it->second];
    ++e.mentions;
    if (!m.typed) {
      auto t = typed_by_rule.find(m.name);
      if (t != typed_by_rule.end()) e.entity.type = t->second;
    }
    auto add_alias = [&e](std::string_view n) {
      if (n != e.entity.name && std::find(e.aliases.begin(), e.aliases.end(), n) == e.aliases.end())
        e.aliases.emplace_back(n);
    };
    for (const std::string& n : m.aliases) add_alias(n);
    if (m.source != MentionSource::kAcronym) {
      std::string_view surface =
          std::string_view(article.text).substr(m.span.begin, m.span.end - m.span.begin);
      // A name grown over bracketed names (MergeBracketedNames) has them as aliases.
      add_alias(surface.substr(0, surface.find(" (")));
    }
  }
  return entities;
}

// Where the article has placed each organization, for "the Paris-based
// company" in the sentences after (PlacedReferent()).
void NotePlace(const Triple& t, DocMemory* memory) {
  if (t.relation != Relation::kLocatedIn || t.subject.type != EntityType::kOrganization) return;
  std::vector<std::string>& places = memory->org_places[t.subject.name];
  if (std::find(places.begin(), places.end(), t.object.name) == places.end())
    places.push_back(t.object.name);
}

// An untyped name that a rule placed in a typed slot keeps that type for the
// rest of the article ("the system" can then refer to it).
void LearnTypes(const Triple& t, std::vector<Mention>* mentions, DocMemory* memory) {
  for (Mention& m : *mentions) {
    if (m.typed) continue;
    if (m.span.begin == t.subject_span.begin)
      m.type = t.subject.type;
    else if (m.span.begin == t.object_span.begin)
      m.type = t.object.type;
    else
      continue;
    m.typed = true;
    memory->learned_types.emplace(m.name, m.type);
  }
}

// The technique a sentence says plainly that someone developed becomes the
// one "their model" and "the team's approach" name in the sentences after,
// unless the article has named its current topic more often, and lately
// ("Microsoft debuted DeepSpeed ... to train Turing-NLG" keeps DeepSpeed; a
// newsletter's next story has a topic of its own). Asides ("R3M, a method
// from Meta") and hedged claims have lower confidence.
constexpr double kPlainDevelopment = 0.8;
constexpr size_t kRecentSentences = 8;

void NoteDevelopment(const Triple& t, const std::vector<Mention>& mentions, size_t sentence,
                     DocMemory* memory) {
  if (t.relation != Relation::kDeveloped || t.object.type != EntityType::kTechnique ||
      t.confidence < kPlainDevelopment)
    return;
  auto count = [memory](const std::string& name) {
    auto it = memory->technique_mentions.find(name);
    return it == memory->technique_mentions.end() ? 0 : it->second.count;
  };
  const std::string& topic = memory->topic_technique.name;
  auto seen = memory->technique_mentions.find(topic);
  bool recent = seen != memory->technique_mentions.end() &&
                sentence <= seen->second.last_sentence + kRecentSentences;
  if (!topic.empty() && topic != t.object.name && recent && count(topic) > count(t.object.name))
    return;
  for (const Mention& m : mentions) {
    if (m.span.begin == t.object_span.begin && m.name == t.object.name) {
      memory->topic_technique = m;
      return;
    }
  }
}

void CountTechniques(const std::vector<Mention>& mentions, size_t sentence, DocMemory* memory) {
  for (const Mention& m : mentions) {
    if (m.type != EntityType::kTechnique || !m.typed) continue;
    DocMemory::Named& named = memory->technique_mentions[m.name];
    if (named.count == 0) named.mention = m;
    ++named.count;
    named.last_sentence = sentence;
  }
}

// Where an article says who speaks for it: the title and byline lines.
constexpr size_t kAuthorSentences = 3;

// A title's words without a Markdown heading's '#' and the spaces around.
std::string_view TitleWords(std::string_view words) {
  while (!words.empty() && (words.front() == ' ' || words.front() == '#')) words.remove_prefix(1);
  while (!words.empty() && words.back() == ' ') words.remove_suffix(1);
  return words;
}

// Where in a title line "Pellucid-R-3B: Model Card", "Lumen-VL Release
// Notes", "Model card: Zephyr-2" or "Report summary: AlphaFold 2, its
// successor" the model's name stands (lexicon card_title_words), without
// '#' or spaces around it; empty if the line is no such title.
Span CardTitleName(const Lexicon& lexicon, std::string_view text, Span sentence) {
  std::string_view said = text.substr(sentence.begin, sentence.end - sentence.begin);
  auto name = [&](std::string_view part) {
    std::string_view words = TitleWords(part);
    uint32_t begin = static_cast<uint32_t>(words.data() - text.data());
    return Span{begin, begin + static_cast<uint32_t>(words.size())};
  };
  auto is_card = [&](std::string_view words) {
    return lexicon.card_title_words.contains(LowerUtf8(TitleWords(words)));
  };
  for (std::string_view separator : {": ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 "}) {
    size_t split = said.find(separator);
    if (split == std::string_view::npos) continue;
    std::string_view left = said.substr(0, split);
    std::string_view right = said.substr(split + separator.size());
    if (is_card(right)) return name(left);
    if (is_card(left)) return name(right);
  }
  // "Lumen-VL Release Notes": the title words end the line.
  std::string lower = LowerUtf8(said);
  for (const std::string& words : lexicon.card_title_words) {
    if (lower.size() > words.size() + 1 && lower.ends_with(" " + words))
      return name(said.substr(0, said.size() - words.size() - 1));
  }
  return {};
}

// A model card's title names the model the card is about: the first name in
// it, or else its words (a headline's shapes are no names to the
// recognizer), are that technique, and the article's topic technique from
// the start, so the field lines under the title ("Developed by: Halden Lab")
// are about it.
void NoteCardTitle(const Lexicon& lexicon, std::string_view text, Span sentence, size_t index,
                   std::vector<Mention>* mentions, DocMemory* memory) {
  if (index >= kAuthorSentences) return;
  Span name = CardTitleName(lexicon, text, sentence);
  if (name.end <= name.begin) return;
  auto topic = [&](Mention* m) {
    m->type = EntityType::kTechnique;
    m->typed = true;
    memory->learned_types.emplace(m->name, m->type);
    memory->topic_technique = *m;
  };
  for (Mention& m : *mentions) {
    if (m.span.begin < name.begin || m.span.end > name.end || m.source == MentionSource::kReference)
      continue;
    if (!m.typed || m.type == EntityType::kTechnique) topic(&m);
    return;
  }
  // "Pellucid-R-3B", "Cadence TTS": up to three words, the first capitalized.
  constexpr size_t kMaxNameWords = 3;
  std::string_view words = text.substr(name.begin, name.end - name.begin);
  if (!std::isupper(static_cast<unsigned char>(words[0])) ||
      static_cast<size_t>(std::count(words.begin(), words.end(), ' ')) >= kMaxNameWords ||
      words.find_first_of(",;()") != std::string_view::npos)
    return;
  Mention made;
  made.span = name;
  made.name = std::string(words);
  topic(&made);
  auto after = std::find_if(mentions->begin(), mentions->end(),
                            [&](const Mention& m) { return m.span.begin >= made.span.end; });
  mentions->insert(after, std::move(made));
}

Extraction ExtractorImpl::Run(const Article& article, const std::vector<int>* only,
                              std::vector<RuleTrace>* traces) const {
  Recognizer recognizer(lexicon_, gazetteer_);
  std::vector<Span> sentences = SplitSentences(article.text, lexicon_.abbreviations);
  std::vector<std::vector<Token>> tokens;
  tokens.reserve(sentences.size());
  DocMemory memory;
  for (Span s : sentences) {
    tokens.push_back(Tokenize(std::string_view(article.text).substr(s.begin, s.end - s.begin),
                              s.begin, lexicon_.abbreviations));
    recognizer.NoteMidSentenceCaps(tokens.back(), &memory);
  }
  std::vector<std::vector<Mention>> per_sentence(sentences.size());
  std::vector<Mention> all_mentions;
  std::vector<Triple> triples;
  std::optional<Mention> author;
  std::optional<Mention> list_owner;                      // AddListParts()
  std::vector<Mention> results_lead;                      // UpdateResultsLead()
  std::optional<std::pair<Mention, size_t>> paper_title;  // AddTitleAuthors()
  std::optional<PendingAuthors> pending_authors;          // AddPaperAuthors()
  size_t previous_begin = 0;  // the sentence before's triples, for AddComparedOnAll()
  for (size_t i = 0; i < sentences.size(); ++i) {
    std::vector<Mention>& mentions = per_sentence[i];
    mentions = recognizer.Recognize(article.text, sentences[i], tokens[i], &memory);
    recognizer.NoteSectionHeading(article.text, sentences[i], tokens[i], mentions, &memory);
    NoteCardTitle(lexicon_, article.text, sentences[i], i, &mentions, &memory);
    all_mentions.insert(all_mentions.end(), mentions.begin(), mentions.end());
    if (!author && i < kAuthorSentences) author = recognizer.FindAuthor(article.text, mentions);
    std::vector<const std::vector<Mention>*> previous;
    for (size_t back = std::min<size_t>(i, 2); back >= 1; --back)
      previous.push_back(&per_sentence[i - back]);
    ArticleSubjects subjects;
    subjects.author = author ? &*author : nullptr;
    if (!memory.topic_company.name.empty()) subjects.topic_company = &memory.topic_company;
    if (!memory.topic_technique.name.empty()) subjects.topic_technique = &memory.topic_technique;
    subjects.org_places = &memory.org_places;
    recognizer.AddReferences(article.text, tokens[i], previous, subjects, &mentions);
    recognizer.CountCompanies(mentions, &memory);
    CountTechniques(mentions, i, &memory);
    std::vector<Candidate> candidates;
    // A relation needs two mentions: most sentences end here, unread by RE2.
    UpdateResultsLead(article, sentences[i], mentions, subjects.topic_technique, &results_lead);
    bool bullet_of_results = !results_lead.empty() &&
                             StartOfLine(article.text, sentences[i].begin) == LineStart::kBullet &&
                             ScoresOrCompares(article.text, sentences[i], mentions);
    if (bullet_of_results) {
      // The rules read "⟦TECH:n⟧ 82.0% on ⟦DATA:0⟧": the lead's models,
      // numbered after the sentence's own mentions, stand before the bullet.
      std::vector<Mention> with_lead = mentions;
      std::string masked;
      for (const Mention& m : results_lead) {
        if (!masked.empty()) masked += " and ";
        AppendPlaceholder(m, static_cast<int>(with_lead.size()), &masked);
        with_lead.push_back(m);
        with_lead.back().source = MentionSource::kReference;
      }
      masked += " " + Mask(article.text, sentences[i], mentions);
      ApplyRules(article, sentences[i], masked, with_lead, only, traces, &candidates);
    } else if (only || mentions.size() >= 2) {
      std::string masked = Mask(article.text, sentences[i], mentions);
      ApplyRules(article, sentences[i], masked, mentions, only, traces, &candidates);
      if (std::optional<std::string> elided = WithoutOpeningAppositions(masked, lexicon_)) {
        // Only the rules that fire on it are worth a trace.
        std::vector<RuleTrace> fired;
        ApplyRules(article, sentences[i], *elided, mentions, only, traces ? &fired : nullptr,
                   &candidates);
        if (traces)
          for (RuleTrace& t : fired)
            if (t.fired) traces->push_back(std::move(t));
      }
    }
    if (!only) {
      AddPartOfByName(article, sentences[i], mentions, &candidates);
      AddListParts(article, sentences[i], mentions, &list_owner, &candidates);
      AddAuthorsUsed(article, tokens[i], mentions, subjects.topic_technique, &candidates);
      AddTitleAuthors(article, sentences[i], mentions, &paper_title, i, &candidates);
      AddPaperAuthors(article, sentences[i], mentions, memory, i, &pending_authors, &candidates);
      if (author && i < kAuthorSentences + 1)
        AddBylineStaff(article, sentences[i], mentions, *author, &candidates);
      AddFieldLine(article, sentences[i], mentions, memory, &candidates);
    }
    std::vector<Triple> kept = ResolveConflicts(std::move(candidates));
    AddTeamDevelopments(lexicon_.personal_credit_rules, &kept);
    AddComparedOn(&kept);
    if (!only) {
      std::span<const Triple> before(triples.data() + previous_begin,
                                     triples.size() - previous_begin);
      AddComparedOnAll(article.text, sentences[i], before, &kept);
      AddTheyTeamDevelopments(article.text, before, &kept);
    }
    if (!only) AddPeerScores(article, sentences[i], mentions, peer_scores_, lexicon_, &kept);
    if (!only)
      AddComparedBenchmarks(article.text, sentences[i], mentions, compared_benchmarks_, &kept);
    if (!only) AddOwners(article, sentences[i], mentions, &kept);
    MoveToInstance(article.text, &kept);
    MoveOutOfRelativeClauses(article.text, mentions, &kept);
    DropIndefiniteSubjects(article.text, &kept);
    PartsAreUses(article.text, lexicon_, &kept);
    DropDerivedObjects(article.text, &kept);
    DropTaskKinds(lexicon_, &kept);
    DropOwnUses(&kept);
    DropRepeatedTriples(&kept);
    previous_begin = triples.size();
    for (Triple& t : kept) {
      LearnTypes(t, &mentions, &memory);
      NoteDevelopment(t, mentions, i, &memory);
      NotePlace(t, &memory);
      triples.push_back(std::move(t));
    }
    if (!only)
      CreditPendingAuthors(article, sentences[i], mentions, memory, i, &pending_authors, &triples);
  }
  if (!only) AddTableScores(article, per_sentence, &triples);
  if (!only) AddRecordTables(article, per_sentence, &triples);
  Extraction extraction;
  if (!only) UseFullestNames(article.text, &all_mentions, &triples);
  extraction.entities = CollectEntities(article, all_mentions, triples);
  extraction.triples = std::move(triples);
  return extraction;
}

Result<std::vector<RuleTrace>> ExtractorImpl::Explain(std::string_view sentence,
                                                      std::string_view only_rule) const {
  std::vector<int> which;
  for (size_t r = 0; r < rules_.rules().size(); ++r) {
    if (only_rule.empty() || rules_.rules()[r].name == only_rule)
      which.push_back(static_cast<int>(r));
  }
  if (which.empty()) {
    std::string names;
    for (const Rule& r : rules_.rules()) {
      if (r.name.find(only_rule.substr(0, 4)) != std::string::npos)
        names += (names.empty() ? "" : ", ") + r.name;
    }
    return Status::NotFound(
        "no rule named \"" + std::string(only_rule) + "\"" +
        (names.empty() ? " (see `kg rules test` for the list)" : "; did you mean " + names + "?"));
  }
  Article article;
  article.id = "explain";
  article.text = std::string(sentence);
  std::vector<RuleTrace> raw;
  (void)Run(article, &which, &raw);
  // One trace per rule, whatever the number of sentences.
  std::vector<RuleTrace> traces;
  for (int r : which) {
    RuleTrace merged{rules_.rules()[r].name, false, {}, {}};
    for (RuleTrace& t : raw) {
      if (t.rule != merged.rule) continue;
      merged.fired = merged.fired || t.fired;
      for (Triple& x : t.triples) merged.triples.push_back(std::move(x));
      if (!t.fired && merged.why_not.empty()) merged.why_not = t.why_not;
    }
    if (merged.fired) merged.why_not.clear();
    if (!only_rule.empty() || merged.fired) traces.push_back(std::move(merged));
  }
  return traces;
}

std::vector<RuleTestResult> ExtractorImpl::TestRules() const {
  std::vector<RuleTestResult> results;
  for (size_t r = 0; r < rules_.rules().size(); ++r) {
    const Rule& rule = rules_.rules()[r];
    std::vector<int> only{static_cast<int>(r)};
    auto run = [&](const std::string& sentence) {
      Article article;
      article.id = "test";
      article.text = sentence;
      std::vector<std::string> got;
      for (const Triple& t : Run(article, &only, nullptr).triples) got.push_back(ToString(t));
      return got;
    };
    auto join = [](const std::vector<std::string>& v) {
      std::string s;
      for (const std::string& x : v) s += (s.empty() ? "" : "; ") + x;
      return s.empty() ? std::string("nothing") : s;
    };
    for (const RuleCase& c : rule.examples) {
      std::vector<std::string> got = run(c.sentence);
      bool ok = c.triples.empty() ? !got.empty() : true;
      for (const std::string& want : c.triples)
        ok = ok && std::count(got.begin(), got.end(), want) > 0;
      results.push_back({rule.name, rule.file, c.sentence, false, ok,
                         "expected " + join(c.triples) + "; got " + join(got)});
    }
    for (const RuleCase& c : rule.counter_examples) {
      std::vector<std::string> got = run(c.sentence);
      bool ok = c.triples.empty() ? got.empty() : true;
      for (const std::string& bad : c.triples)
        ok = ok && std::count(got.begin(), got.end(), bad) == 0;
      results.push_back({rule.name, rule.file, c.sentence, true, ok,
                         "must not give " +
                             (c.triples.empty() ? std::string("any triple") : join(c.triples)) +
                             "; got " + join(got)});
    }
  }
  return results;
}

}  // namespace

std::string ToString(const Triple& triple) {
  return std::string(ToString(triple.relation)) + "(" + std::string(ToString(triple.subject.type)) +
         ":" + triple.subject.name + ", " + std::string(ToString(triple.object.type)) + ":" +
         triple.object.name + ")";
}

Result<std::unique_ptr<Extractor>> Extractor::Create(const ExtractorOptions& options) {
  auto extractor = std::make_unique<ExtractorImpl>();
  if (Status s = extractor->Load(options); !s.ok()) return s;
  return std::unique_ptr<Extractor>(std::move(extractor));
}

}  // namespace kg::extract
