// extract/peer_scores.h: internal; see extract/extract.h.
//
// "On MATH, o1 reached 94.8%, compared with 60.3% for GPT-4o": a model a
// sentence gives a score beside one that sentence evaluates on a benchmark
// was evaluated on that benchmark too (a model compared against on D is
// evaluated on D). A score is given by the cue patterns of the lexicon
// (`peer_score_after`: right after the model's name, "GPT-4 managed 35.7
// percent", "RoBERTa's 88.5", "Gemma 7B (53.3 percent)"; `peer_score_before`:
// right before it, "60.3% for GPT-4o").
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include <re2/re2.h>

#include "extract/entities.h"
#include "extract/extract.h"
#include "extract/lexicon.h"

namespace kg::extract {

// The lexicon's peer_score_* patterns, compiled; its peer_score_not_units
// and peer_score_confidence are read from the Lexicon itself.
struct PeerScoreCues {
  std::vector<std::unique_ptr<RE2>> after;   // matched at the start of the text after a name
  std::vector<std::unique_ptr<RE2>> before;  // matched at the end of the text before it
  // Sentences that say lower is better ("FID", "error rate") or call two
  // scores even ("tied", "on par"): no winner is read from them.
  std::vector<std::unique_ptr<RE2>> no_winner;
};

// Adds to `kept` (one sentence's triples) evaluated_on(U, D) for every
// technique U the sentence gives a score that is not yet evaluated there,
// D being the benchmark of the sentence's evaluated_on triples named last
// before U (else first after it). A sentence with no such triple may name
// its benchmark as a label instead ("- **MMLU:** GLM-4 scored 81.5, against
// 86.4 for GPT-4"): then every technique with a score was evaluated on it.
// Where the sentence also gives the score of the evaluated model (or a label
// line, of the first model it scores), the higher of the two scores
// outperforms the lower ("o1 scored 83% on AIME, against 13% for GPT-4o").
void AddPeerScores(const Article& article, Span sentence, const std::vector<Mention>& mentions,
                   const PeerScoreCues& cues, const Lexicon& lexicon, std::vector<Triple>* kept);

}  // namespace kg::extract
