// Scores given beside an evaluation (extract/peer_scores.h).
#include "extract/peer_scores.h"

#include <algorithm>

namespace kg::extract {
namespace {

constexpr std::string_view kPeerScoreRule = "peer_score_on";
constexpr std::string_view kScoreLabelRule = "score_label_on";
// How far before a name a score may start ("up from 67.2 percent for
// Google's original Med-PaLM"): enough for the number, its unit and a
// possessive.
constexpr size_t kBeforeBytes = 60;

bool AnyMatches(const std::vector<std::unique_ptr<RE2>>& cues, std::string_view text,
                RE2::Anchor anchor) {
  return std::any_of(cues.begin(), cues.end(), [&](const std::unique_ptr<RE2>& cue) {
    return cue->Match(text, 0, text.size(), anchor, nullptr, 0);
  });
}

bool HasScore(std::string_view text, Span sentence, const Mention& m, const PeerScoreCues& cues) {
  std::string_view after = text.substr(m.span.end, sentence.end - m.span.end);
  if (AnyMatches(cues.after, after, RE2::ANCHOR_START)) return true;
  uint32_t from =
      m.span.begin > sentence.begin + kBeforeBytes ? m.span.begin - kBeforeBytes : sentence.begin;
  // The `before` cues end in "$": matched unanchored, they end where the name starts.
  return AnyMatches(cues.before, text.substr(from, m.span.begin - from), RE2::UNANCHORED);
}

bool Evaluates(const Triple& t) { return t.relation == Relation::kEvaluatedOn; }

// The evaluation whose benchmark the sentence names last before `m`, else first after it.
const Triple* NearestEvaluation(const Mention& m, const std::vector<Triple>& kept) {
  const Triple* before = nullptr;
  const Triple* after = nullptr;
  for (const Triple& t : kept) {
    if (!Evaluates(t)) continue;
    if (t.object_span.begin < m.span.begin) {
      if (!before || t.object_span.begin > before->object_span.begin) before = &t;
    } else if (!after || t.object_span.begin < after->object_span.begin) {
      after = &t;
    }
  }
  return before ? before : after;
}

// "- **MMLU:** ...", "GSM8K: ...": a benchmark first in its sentence, after
// nothing but list or emphasis marks, and before a colon.
const Mention* LabelBenchmark(std::string_view text, Span sentence,
                              const std::vector<Mention>& mentions) {
  const Mention* first = nullptr;
  for (const Mention& m : mentions) {
    if (m.source != MentionSource::kReference && (!first || m.span.begin < first->span.begin))
      first = &m;
  }
  if (!first || first->type != EntityType::kDataset || !first->typed) return nullptr;
  std::string_view lead = text.substr(sentence.begin, first->span.begin - sentence.begin);
  if (lead.find_first_not_of(" \t-*#>") != std::string_view::npos && lead != "\xE2\x80\xA2 ")
    return nullptr;
  std::string_view rest = text.substr(first->span.end, sentence.end - first->span.end);
  bool colon = rest.starts_with(":") || rest.starts_with("**:");
  return colon ? first : nullptr;
}

bool IsSubjectOf(const Mention& m, const std::vector<Triple>& triples, Relation relation) {
  return std::any_of(triples.begin(), triples.end(), [&](const Triple& t) {
    return t.relation == relation && t.subject.name == m.name;
  });
}

}  // namespace

void AddPeerScores(const Article& article, Span sentence, const std::vector<Mention>& mentions,
                   const PeerScoreCues& cues, std::vector<Triple>* kept) {
  const std::string& text = article.text;
  const Mention* label = nullptr;
  if (std::none_of(kept->begin(), kept->end(), Evaluates)) {
    label = LabelBenchmark(text, sentence, mentions);
    if (!label) return;
  }
  std::vector<Triple> added;
  for (const Mention& m : mentions) {
    if (m.type != EntityType::kTechnique || !m.typed || m.source == MentionSource::kReference)
      continue;
    if (IsSubjectOf(m, *kept, Relation::kEvaluatedOn) ||
        IsSubjectOf(m, added, Relation::kEvaluatedOn) ||
        IsSubjectOf(m, *kept, Relation::kTrainedOn) || !HasScore(text, sentence, m, cues))
      continue;
    Triple t;
    if (label) {
      t.object = {label->name, EntityType::kDataset};
      t.object_span = label->span;
      t.doc = article.id;
      t.date = article.date;
      t.evidence = text.substr(sentence.begin, sentence.end - sentence.begin);
      t.sentence = sentence;
      t.rule = std::string(kScoreLabelRule);
      t.confidence = cues.confidence;
    } else {
      const Triple* anchor = NearestEvaluation(m, *kept);
      t = *anchor;
      t.rule = std::string(kPeerScoreRule);
      t.confidence = std::min(cues.confidence, anchor->confidence);
    }
    t.relation = Relation::kEvaluatedOn;
    t.subject = {m.name, EntityType::kTechnique};
    t.subject_span = m.span;
    added.push_back(std::move(t));
  }
  kept->insert(kept->end(), added.begin(), added.end());
}

}  // namespace kg::extract
