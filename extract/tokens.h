// extract/tokens.h: internal; see extract/extract.h.
// Words and punctuation of a sentence with their byte offsets, the unit on
// which gazetteer lookup and name-shape recognition work.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace kg::extract {

struct Token {
  uint32_t begin = 0;  // byte offsets into the text given to Tokenize()
  uint32_t end = 0;
  std::string lower;       // lowercased (Unicode-aware)
  bool word = false;       // starts with a letter or digit; else punctuation
  bool cap = false;        // first character is an uppercase letter
  bool all_caps = false;   // two or more letters, none lowercase
  bool inner_cap = false;  // an uppercase letter after the first character
  bool digit = false;      // holds a digit
  bool hyphen = false;     // a word holding '-' ("GPT-4", "Tokyo-based")
  // A word that may be (part of) a name by its shape alone: capitalized, an
  // inner capital, all caps, or "data2vec"; no contraction ("We're").
  bool name_shape = false;
  // ShortHash(lower) (word_set.h): the lexicon's filters read it, where
  // each lookup hashed the word anew.
  uint64_t hash = 0;
};

// Splits `text` into words and punctuation. Inside a word, '-', '.', '·' and
// apostrophes join letters ("GPT-3", "Viz.ai", "DALL·E", "don't"), but a
// possessive "'s" is a token of its own. A final '.' stays on the word when
// the word is an abbreviation ("Inc.", "Dr.") or initials ("U.S.", "C.").
// `base` is added to every offset. `abbreviations` holds lowercase words with
// their final period.
std::vector<Token> Tokenize(std::string_view text, uint32_t base,
                            const std::unordered_set<std::string>& abbreviations);

// Lowercases UTF-8 text code point by code point.
std::string LowerUtf8(std::string_view text);
// The same into `out`, replacing its content: a buffer kept across calls
// saves an allocation per call.
void LowerUtf8(std::string_view text, std::string* out);

// `lower` with each right single quote (U+2019) made a straight apostrophe:
// "team’s" and "team's" compare equal.
std::string StraightApostrophes(std::string_view lower);

// True when `text` starts with a Unicode uppercase letter.
bool StartsUpper(std::string_view text);

}  // namespace kg::extract
