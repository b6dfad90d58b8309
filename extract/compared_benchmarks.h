// extract/compared_benchmarks.h: internal; see extract/extract.h.
//
// "Mixtral outperformed Meta's Llama 2 70B on most benchmarks the company
// reported, including MMLU": a benchmark named in a sentence that compares
// two models is one both were evaluated on, though no rule read the
// sentence's evaluation. The comparison a benchmark belongs to is the one
// nearest it in the sentence ("A scored higher than B on MMLU, and C beat D
// on several tests": MMLU is A's and B's).
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include <re2/re2.h>

#include "extract/entities.h"
#include "extract/extract.h"

namespace kg::extract {

// The lexicon's compared_benchmark_not_after patterns, compiled: each is
// matched against the end of the sentence's text before a dataset (or the
// list of datasets it ends), and a match says the dataset is not what the
// comparison was made on ("trained on", "pretrained on ... and").
struct ComparedBenchmarkCues {
  std::vector<std::unique_ptr<RE2>> not_after;
  // compared_benchmark_clause_breaks: text between a comparison and a
  // dataset named after it that starts another clause ("; ", ", though").
  std::vector<std::unique_ptr<RE2>> clause_breaks;
  double confidence = 0.65;
};

// Adds to `kept` (one sentence's triples) evaluated_on(T, D) for both sides
// T of the outperforms triple nearest each Dataset mention D that no triple
// of the sentence relates yet. Only outperforms triples whose two mentions
// are in `sentence` count.
void AddComparedBenchmarks(std::string_view text, Span sentence,
                           const std::vector<Mention>& mentions, const ComparedBenchmarkCues& cues,
                           std::vector<Triple>* kept);

}  // namespace kg::extract
