// AddComparedBenchmarks (extract/compared_benchmarks.h).
#include "extract/compared_benchmarks.h"

#include "extract/inferred_triples.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <string>

namespace kg::extract {
namespace {

constexpr std::string_view kComparedBenchmarkRule = "compared_benchmark";

bool Overlaps(Span a, Span b) { return a.begin < b.end && b.begin < a.end; }
bool Within(Span inner, Span outer) { return inner.begin >= outer.begin && inner.end <= outer.end; }

// Whether a triple of `kept` names the mention at `span`.
bool Related(Span span, const std::vector<Triple>& kept) {
  return std::any_of(kept.begin(), kept.end(), [span](const Triple& t) {
    return Overlaps(t.subject_span, span) || Overlaps(t.object_span, span);
  });
}

// ", ", " and ", ", or ", " as well as ": what joins the items of a list.
bool ListSeparator(std::string_view between) {
  static constexpr std::array<std::string_view, 9> kSeparators = {
      ", ",           " and ",         ", and ",   " or ",     ", or ",
      " as well as ", ", as well as ", " and on ", ", and on "};
  return std::find(kSeparators.begin(), kSeparators.end(), between) != kSeparators.end();
}

// The first mention of the list of datasets that mentions[last] ends.
size_t ListStart(std::string_view text, const std::vector<Mention>& mentions, size_t last) {
  size_t first = last;
  while (first > 0) {
    const Mention& before = mentions[first - 1];
    const Mention& item = mentions[first];
    if (before.type != EntityType::kDataset || before.span.end > item.span.begin ||
        !ListSeparator(text.substr(before.span.end, item.span.begin - before.span.end)))
      break;
    --first;
  }
  return first;
}

// How far `span` lies from the stretch of the sentence a comparison spans.
uint32_t Distance(Span span, const Triple& beat) {
  uint32_t from = std::min(beat.subject_span.begin, beat.object_span.begin);
  uint32_t to = std::max(beat.subject_span.end, beat.object_span.end);
  if (span.end <= from) return from - span.end;
  if (span.begin >= to) return span.begin - to;
  return 0;
}

// Whether `span` lies after the comparison, past the start of another clause.
bool InLaterClause(std::string_view text, Span span, const Triple& beat,
                   const ComparedBenchmarkCues& cues) {
  uint32_t to = std::max(beat.subject_span.end, beat.object_span.end);
  if (span.begin < to) return false;
  std::string_view between = text.substr(to, span.begin - to);
  return std::any_of(cues.clause_breaks.begin(), cues.clause_breaks.end(),
                     [between](const auto& re) { return RE2::PartialMatch(between, *re); });
}

}  // namespace

void AddComparedBenchmarks(std::string_view text, Span sentence,
                           const std::vector<Mention>& mentions, const ComparedBenchmarkCues& cues,
                           std::vector<Triple>* kept) {
  std::vector<const Triple*> comparisons;
  for (const Triple& t : *kept) {
    if (t.relation == Relation::kOutperforms && t.subject.type == EntityType::kTechnique &&
        t.object.type == EntityType::kTechnique && Within(t.subject_span, sentence) &&
        Within(t.object_span, sentence))
      comparisons.push_back(&t);
  }
  if (comparisons.empty()) return;
  std::vector<Triple> added;
  for (size_t i = 0; i < mentions.size(); ++i) {
    const Mention& dataset = mentions[i];
    if (dataset.type != EntityType::kDataset || !dataset.typed ||
        dataset.source == MentionSource::kReference || !Within(dataset.span, sentence) ||
        Related(dataset.span, *kept))
      continue;
    size_t first = ListStart(text, mentions, i);
    bool listed_with_related = false;
    for (size_t k = first; k < i; ++k) listed_with_related |= Related(mentions[k].span, *kept);
    std::string_view before =
        text.substr(sentence.begin, mentions[first].span.begin - sentence.begin);
    if (listed_with_related ||
        std::any_of(cues.not_after.begin(), cues.not_after.end(),
                    [before](const auto& re) { return RE2::PartialMatch(before, *re); }))
      continue;
    uint32_t nearest = std::numeric_limits<uint32_t>::max();
    for (const Triple* beat : comparisons)
      nearest = std::min(nearest, Distance(dataset.span, *beat));
    for (const Triple* beat : comparisons) {
      if (Distance(dataset.span, *beat) != nearest ||
          InLaterClause(text, dataset.span, *beat, cues))
        continue;
      for (bool winner : {true, false}) {
        Triple t = *beat;
        t.relation = Relation::kEvaluatedOn;
        t.subject = winner ? beat->subject : beat->object;
        t.subject_span = winner ? beat->subject_span : beat->object_span;
        t.object = {dataset.name, EntityType::kDataset};
        t.object_span = dataset.span;
        t.rule = std::string(kComparedBenchmarkRule);
        t.confidence = std::min(beat->confidence, cues.confidence);
        AddIfNew(std::move(t), *kept, &added);
      }
    }
  }
  kept->insert(kept->end(), added.begin(), added.end());
}

}  // namespace kg::extract
