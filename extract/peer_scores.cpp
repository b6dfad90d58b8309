// Scores given beside an evaluation (extract/peer_scores.h).
#include "extract/peer_scores.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <string>
#include <system_error>

namespace kg::extract {
namespace {

constexpr std::string_view kPeerScoreRule = "peer_score_on";
constexpr std::string_view kScoreLabelRule = "score_label_on";
constexpr std::string_view kPeerBeatsRule = "peer_score_beats";
// How far before a name a score may start ("up from 67.2 percent for
// Google's original Med-PaLM"): enough for the number, its unit and a
// possessive.
constexpr size_t kBeforeBytes = 60;

// The score in a cue's match: its first number ("60.3% for " gives 60.3,
// "2,061" gives 2061).
std::optional<double> FirstNumber(std::string_view match) {
  size_t begin = match.find_first_of("0123456789");
  if (begin == std::string_view::npos) return std::nullopt;
  char digits[32];
  size_t size = 0;
  for (size_t i = begin; i < match.size() && size < sizeof digits; ++i) {
    char c = match[i];
    if (c == ',') continue;
    bool decimal_point =
        c == '.' && i + 1 < match.size() && std::isdigit(static_cast<unsigned char>(match[i + 1]));
    if (!std::isdigit(static_cast<unsigned char>(c)) && !decimal_point) break;
    digits[size++] = c;
  }
  double number = 0;
  // from_chars, not strtod: the locale never changes what a number reads as.
  if (std::from_chars(digits, digits + size, number).ec != std::errc()) return std::nullopt;
  return number;
}

bool IsAsciiAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// Whether the number a cue matched, followed by `rest` of the sentence, is
// a score: not a size ("7 billion", "70B"), a count ("12 layers") or a
// year ("GPT-4's 2023 launch").
bool IsScore(double number, std::string_view matched, std::string_view rest,
             const Lexicon& lexicon) {
  if (!rest.empty() && IsAsciiAlnum(rest.front())) return false;
  bool has_unit = matched.find_first_of("%") != std::string_view::npos ||
                  matched.find("percent") != std::string_view::npos ||
                  matched.find("point") != std::string_view::npos;
  bool whole = matched.find('.') == std::string_view::npos;
  if (!has_unit && whole && number >= 1900 && number <= 2100) return false;
  size_t word = rest.find_first_not_of(' ');
  if (word == std::string_view::npos || word == 0) return true;
  size_t end = word;
  while (end < rest.size() && (IsAsciiAlnum(rest[end]) || rest[end] == '-')) ++end;
  std::string next(rest.substr(word, end - word));
  std::transform(next.begin(), next.end(), next.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return !lexicon.peer_score_not_units.count(next);
}

// The score a cue finds in `text` (anchored at its start, or ending at its
// end); `sentence_end` is where the sentence ends, for what follows a match.
std::optional<double> MatchScore(const std::vector<std::unique_ptr<RE2>>& cues,
                                 std::string_view text, RE2::Anchor anchor, const Lexicon& lexicon,
                                 const char* sentence_end) {
  for (const std::unique_ptr<RE2>& cue : cues) {
    re2::StringPiece match;
    if (!cue->Match(text, 0, text.size(), anchor, &match, 1)) continue;
    std::string_view matched(match.data(), match.size());
    std::optional<double> number = FirstNumber(matched);
    if (!number) continue;
    const char* after = match.data() + match.size();
    std::string_view rest(after, static_cast<size_t>(sentence_end - after));
    if (IsScore(*number, matched, rest, lexicon)) return number;
  }
  return std::nullopt;
}

// The score the sentence gives the name at `name`, if any.
std::optional<double> ScoreOf(std::string_view text, Span sentence, Span name,
                              const PeerScoreCues& cues, const Lexicon& lexicon) {
  const char* sentence_end = text.data() + sentence.end;
  std::string_view after = text.substr(name.end, sentence.end - name.end);
  if (std::optional<double> score =
          MatchScore(cues.after, after, RE2::ANCHOR_START, lexicon, sentence_end))
    return score;
  uint32_t from =
      name.begin > sentence.begin + kBeforeBytes ? name.begin - kBeforeBytes : sentence.begin;
  // The `before` cues end in "$": matched unanchored, they end where the name starts.
  return MatchScore(cues.before, text.substr(from, name.begin - from), RE2::UNANCHORED, lexicon,
                    text.data() + name.begin);
}

bool Evaluates(const Triple& t) { return t.relation == Relation::kEvaluatedOn; }

// The evaluation of another model whose benchmark the sentence names last
// before `m`, else first after it; of several on that benchmark, the one
// of the model named first (the sentence's subject, as a rule).
const Triple* NearestEvaluation(const Mention& m, const std::vector<Triple>& kept) {
  auto closer = [&m](const Triple& t, const Triple* best) {
    if (!best) return true;
    bool t_before = t.object_span.begin < m.span.begin;
    bool best_before = best->object_span.begin < m.span.begin;
    if (t_before != best_before) return t_before;
    if (t.object_span.begin != best->object_span.begin)
      return t_before ? t.object_span.begin > best->object_span.begin
                      : t.object_span.begin < best->object_span.begin;
    return t.subject_span.begin < best->subject_span.begin;
  };
  const Triple* best = nullptr;
  for (const Triple& t : kept) {
    if (Evaluates(t) && t.subject.name != m.name && closer(t, best)) best = &t;
  }
  return best;
}

// "- **MMLU:** ...", "GSM8K: ...": a benchmark first in its sentence, after
// nothing but list or emphasis marks, and before a colon; or fronted, "On
// MATH, ...", "On the MATH benchmark of 12,500 problems, ...".
const Mention* LabelBenchmark(std::string_view text, Span sentence,
                              const std::vector<Mention>& mentions) {
  const Mention* first = nullptr;
  for (const Mention& m : mentions) {
    if (m.source != MentionSource::kReference && (!first || m.span.begin < first->span.begin))
      first = &m;
  }
  if (!first || first->type != EntityType::kDataset || !first->typed) return nullptr;
  std::string_view lead = text.substr(sentence.begin, first->span.begin - sentence.begin);
  size_t marks_end = lead.starts_with("\xE2\x80\xA2 ") ? 4 : lead.find_first_not_of(" \t-*#>");
  std::string_view words = marks_end == std::string_view::npos ? "" : lead.substr(marks_end);
  std::string_view rest = text.substr(first->span.end, sentence.end - first->span.end);
  if (words.empty()) return rest.starts_with(":") || rest.starts_with("**:") ? first : nullptr;
  bool fronted = words == "On " || words == "On the " || words == "on " || words == "on the ";
  bool then_comma = rest.starts_with(",") || rest.starts_with(" benchmark") ||
                    rest.starts_with(" test") || rest.starts_with(" suite") ||
                    rest.starts_with(" leaderboard") || rest.starts_with(" dataset");
  return fronted && then_comma ? first : nullptr;
}

bool IsSubjectOf(const Mention& m, const std::vector<Triple>& triples, Relation relation) {
  return std::any_of(triples.begin(), triples.end(), [&](const Triple& t) {
    return t.relation == relation && t.subject.name == m.name;
  });
}

bool Compared(std::string_view a, std::string_view b, const std::vector<Triple>& triples) {
  return std::any_of(triples.begin(), triples.end(), [&](const Triple& t) {
    return t.relation == Relation::kOutperforms && ((t.subject.name == a && t.object.name == b) ||
                                                    (t.subject.name == b && t.object.name == a));
  });
}

// A scored model of the sentence: its name, where, and its score.
struct Scored {
  EntityRef entity;
  Span span;
  double score = 0;
};

// "A scored 83% ..., against 13% for B": the higher score outperforms,
// unless the sentence says lower is better or calls the two even
// (lexicon peer_score_no_winner).
void AddWinner(const Triple& evidence, const Scored& a, const Scored& b, std::vector<Triple>* kept,
               std::vector<Triple>* added) {
  if (a.score == b.score || Compared(a.entity.name, b.entity.name, *kept) ||
      Compared(a.entity.name, b.entity.name, *added))
    return;
  const Scored& winner = a.score > b.score ? a : b;
  const Scored& loser = a.score > b.score ? b : a;
  Triple t = evidence;
  t.relation = Relation::kOutperforms;
  t.subject = winner.entity;
  t.subject_span = winner.span;
  t.object = loser.entity;
  t.object_span = loser.span;
  t.rule = std::string(kPeerBeatsRule);
  added->push_back(std::move(t));
}

}  // namespace

void AddPeerScores(const Article& article, Span sentence, const std::vector<Mention>& mentions,
                   const PeerScoreCues& cues, const Lexicon& lexicon, std::vector<Triple>* kept) {
  const std::string& text = article.text;
  const Mention* label = nullptr;
  if (std::none_of(kept->begin(), kept->end(), Evaluates)) {
    label = LabelBenchmark(text, sentence, mentions);
    if (!label) return;
  }
  std::string_view said =
      std::string_view(text).substr(sentence.begin, sentence.end - sentence.begin);
  // Whether a winner may be read from the sentence: looked up once, and
  // only when two scores are found.
  std::optional<bool> may_compare;
  auto compares = [&] {
    if (!may_compare) {
      may_compare = std::none_of(cues.no_winner.begin(), cues.no_winner.end(),
                                 [&](const auto& re) { return RE2::PartialMatch(said, *re); });
    }
    return *may_compare;
  };
  std::optional<Scored> first;  // a label line's first scored model
  std::vector<Triple> added;
  for (const Mention& m : mentions) {
    if (m.type != EntityType::kTechnique || !m.typed || m.source == MentionSource::kReference ||
        IsSubjectOf(m, *kept, Relation::kTrainedOn) ||
        IsSubjectOf(m, added, Relation::kEvaluatedOn))
      continue;
    std::optional<double> score = ScoreOf(text, sentence, m.span, cues, lexicon);
    if (!score) continue;
    Scored peer{{m.name, EntityType::kTechnique}, m.span, *score};
    Triple t;
    std::optional<Scored> rival;
    if (label) {
      t.object = {label->name, EntityType::kDataset};
      t.object_span = label->span;
      t.doc = article.id;
      t.date = article.date;
      t.evidence = std::string(said);
      t.sentence = sentence;
      t.rule = std::string(kScoreLabelRule);
      t.confidence = lexicon.peer_score_confidence;
      if (first)
        rival = first;
      else
        first = peer;
    } else {
      const Triple* anchor = NearestEvaluation(m, *kept);
      if (!anchor) continue;
      t = *anchor;
      t.rule = std::string(kPeerScoreRule);
      t.confidence = std::min(lexicon.peer_score_confidence, anchor->confidence);
      if (std::optional<double> s = ScoreOf(text, sentence, anchor->subject_span, cues, lexicon))
        rival = Scored{anchor->subject, anchor->subject_span, *s};
    }
    t.relation = Relation::kEvaluatedOn;
    t.subject = peer.entity;
    t.subject_span = m.span;
    if (rival && compares()) AddWinner(t, *rival, peer, kept, &added);
    // A model the rules evaluated here already is only compared.
    if (!IsSubjectOf(m, *kept, Relation::kEvaluatedOn)) added.push_back(std::move(t));
  }
  kept->insert(kept->end(), added.begin(), added.end());
}

}  // namespace kg::extract
