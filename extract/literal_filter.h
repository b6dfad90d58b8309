// extract/literal_filter.h: internal; see extract/extract.h and extract/rules.h.
// Which rule patterns may match a masked sentence, from the literal strings
// each pattern's syntax requires. A match of
//   "⟦(?:ORG|UNK):\d+⟧ (?:announced|unveiled) "
// contains "⟦org:" or "⟦unk:", and "⟧ announced " or "⟧ unveiled ": a
// sentence without them is no match, and the pattern's RE2 is not run.
// RE2's FilteredRE2 did this job, but it compiled every pattern a second
// time and walked a tree of atoms per sentence: half of Extractor::Create()
// and a tenth of extraction went there.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kg::extract {

// What every match of a pattern contains: for each clause, at least one of
// its strings (lowercase, as the case-insensitive rules match), as a
// substring of the match. Sound, not complete: a part of the syntax this
// reading does not know, or a string shorter than three bytes (in nearly
// every sentence), requires nothing. Empty: nothing is required.
// RE2 syntax, shared with the rule compiler (rules.cpp): the index just past
// the character class opening at pattern[i] ("[^]x]", "[[:alpha:]]"), and
// just past the group opening at pattern[0]; npos if it does not close.
size_t ClassEnd(std::string_view pattern, size_t i);
size_t GroupEnd(std::string_view pattern);

using LiteralClauses = std::vector<std::vector<std::string>>;
LiteralClauses RequiredLiterals(std::string_view pattern);

// Which of a fixed set of byte strings occur in a text, in one pass over it
// (Aho-Corasick). An RE2::Set of the literal atoms did the same job at about
// 60 ns a byte of masked sentence; this table (then 300 KB for the built-in
// rules, now 800 KB) took 25 to 35 on the same (loaded) machine. Its lookups depend on
// each other, so the cost is cache misses: bytes that occur in no atom share
// one column, entries are 16 bits and states near the root come first.
class AtomFinder {
 public:
  explicit AtomFinder(const std::vector<std::string>& atoms);
  // False when the atoms need more states than the table can number.
  bool ok() const { return !table_.empty(); }
  // Appends to `found` the index of every atom that occurs in `text`, each
  // once, in increasing order. ASCII letters match in either case (the
  // atoms are lowercase).
  void Find(std::string_view text, std::vector<int>* found) const;

 private:
  void RenumberBreadthFirst(std::vector<std::vector<int32_t>>* ends);
  int Next(int state, unsigned char byte) const { return table_[state * columns_ + column_[byte]]; }

  std::array<uint8_t, 256> column_{};  // byte -> column; 0: in no atom
  int columns_ = 1;
  std::vector<int32_t> next_;          // state * columns_ + column -> state, while building
  std::vector<uint16_t> table_;        // next_, half the size: more of it stays in cache
  std::vector<int32_t> output_begin_;  // per state, a range of outputs_
  std::vector<int32_t> outputs_;       // the atoms ending at a state
  std::vector<int> always_;            // empty atoms: in every text
};

// The patterns of a rule set, each with its RequiredLiterals().
class LiteralFilter {
 public:
  LiteralFilter();
  ~LiteralFilter();
  LiteralFilter(LiteralFilter&&) noexcept;
  LiteralFilter& operator=(LiteralFilter&&) noexcept;

  // Patterns are numbered from 0 in the order added.
  void Add(std::string_view pattern);
  // Builds the automaton. False when the atoms are too many for it: then
  // every pattern may match every text.
  bool Finish();

  // Appends to `patterns`, in increasing order, every pattern whose clauses
  // all hold in `text` (the masked sentence). REQUIRES: Finish() returned true.
  void MayMatch(std::string_view text, std::vector<int>* patterns) const;

 private:
  std::vector<std::string> pending_;  // the patterns, until Finish()
  // Per pattern, its clauses as atom indexes, the one to look up first
  // (KeyClause()) first.
  std::vector<std::vector<std::vector<int>>> clauses_;
  std::vector<int> unconditional_;  // patterns that require nothing
  // Per atom, the patterns whose key clause names it.
  std::vector<std::vector<int>> patterns_keyed_;
  // The atoms from here on are characters RE2 folds to ASCII letters.
  int first_unfolded_atom_ = 0;
  std::unique_ptr<AtomFinder> atoms_;  // null when no clause names an atom
};

}  // namespace kg::extract
