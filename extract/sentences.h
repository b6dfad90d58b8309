// extract/sentences.h: internal; see extract/extract.h.
// Sentence splitting with byte offsets.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "extract/extract.h"

namespace kg::extract {

// Splits `text` into sentences, as half-open byte spans with outer spaces and
// bullet marks trimmed. A blank line always ends a sentence; so does a line
// break, unless the next line starts with a lowercase letter and the line
// before has no final punctuation (hard-wrapped text). Inside a line, ".",
// "!" and "?" end a sentence when followed by a space and an uppercase
// letter, digit, quote or bullet, except after an abbreviation (lowercase,
// with its period, in `abbreviations`) or initials ("U.S.", "C.").
std::vector<Span> SplitSentences(std::string_view text,
                                 const std::unordered_set<std::string>& abbreviations);

// Where a sentence starts within its line: right after a bullet mark that
// opens the line (the mark SplitSentences trims: "  • Sparse Attention ..."),
// at the line's start, or inside the line.
enum class LineStart { kBullet, kLine, kInside };
LineStart StartOfLine(std::string_view text, uint32_t sentence_begin);

}  // namespace kg::extract
