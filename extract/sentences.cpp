// Sentence splitting: lines first, then sentence-final punctuation.
#include "extract/sentences.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "extract/tokens.h"

namespace kg::extract {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Length of a bullet mark ("•", "-", "*", "–", "·") plus its space at `pos`, or 0.
size_t BulletLength(std::string_view text, size_t pos) {
  static constexpr std::string_view kBullets[] = {
      "\xE2\x80\xA2", "-", "*", "\xE2\x80\x93", "\xC2\xB7", "\xE2\x97\x8F", "\xE2\x96\xAA"};
  for (std::string_view b : kBullets) {
    if (text.substr(pos, b.size()) == b && pos + b.size() < text.size() &&
        IsSpace(text[pos + b.size()])) {
      return b.size();
    }
  }
  return 0;
}

Span TrimSpan(std::string_view text, Span s) {
  while (s.begin < s.end && IsSpace(text[s.begin])) ++s.begin;
  if (size_t bullet = BulletLength(text, s.begin); bullet && s.begin + bullet < s.end) {
    s.begin += static_cast<uint32_t>(bullet);
    while (s.begin < s.end && IsSpace(text[s.begin])) ++s.begin;
  }
  while (s.end > s.begin && IsSpace(text[s.end - 1])) --s.end;
  return s;
}

bool EndsWithFinalPunctuation(std::string_view line) {
  while (!line.empty() && IsSpace(line.back())) line.remove_suffix(1);
  if (line.empty()) return false;
  char c = line.back();
  return c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == '"' || c == ')' ||
         line.ends_with("\xE2\x80\x9D") || line.ends_with("\xE2\x80\x99");
}

// The word before the '.' at `dot`, lowercased, with the '.'.
std::string WordBefore(std::string_view text, size_t begin, size_t dot) {
  size_t start = dot;
  while (start > begin && !IsSpace(text[start - 1]) && text[start - 1] != '(') --start;
  return LowerUtf8(text.substr(start, dot + 1 - start));
}

bool IsInitialOrAbbreviation(const std::string& word,
                             const std::unordered_set<std::string>& abbreviations) {
  if (abbreviations.count(word)) return true;
  // "c." or "u.s.": single letters each followed by a period.
  if (word.size() < 2) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    bool letter = (word[i] >= 'a' && word[i] <= 'z');
    if ((i % 2 == 0) != letter) return false;
    if (i % 2 == 1 && word[i] != '.') return false;
  }
  return word.size() % 2 == 0;
}

bool StartsSentence(std::string_view text, size_t pos) {
  if (pos >= text.size()) return false;
  unsigned char c = static_cast<unsigned char>(text[pos]);
  if (c >= '0' && c <= '9') return true;
  if (c == '"' || c == '(' || c == '\'' || BulletLength(text, pos)) return true;
  if (text.substr(pos, 3) == "\xE2\x80\x9C" || text.substr(pos, 3) == "\xE2\x80\x98") return true;
  return StartsUpper(text.substr(pos, 4));
}

// "Cohere released Command R. It was tested ...": a single capital letter
// before a period is a middle initial ("Carlos E. Jimenez") unless the next
// word is one that opens sentences and is no surname.
bool EndsNameBeforeOpener(std::string_view text, size_t dot, size_t next, size_t end) {
  static constexpr std::string_view kOpeners[] = {
      "It",    "Its",     "The",       "This",  "That",   "These", "Those", "They",
      "Their", "There",   "We",        "Our",   "He",     "She",   "His",   "Her",
      "In",    "On",      "At",        "A",     "An",     "But",   "And",   "So",
      "Yet",   "However", "According", "After", "Before", "With",  "For"};
  bool single_letter =
      dot >= 2 && text[dot - 1] >= 'A' && text[dot - 1] <= 'Z' && text[dot - 2] == ' ';
  if (!single_letter) return false;
  size_t word_end = next;
  while (word_end < end && std::isalpha(static_cast<unsigned char>(text[word_end]))) ++word_end;
  std::string_view word = text.substr(next, word_end - next);
  if (word_end < end && text[word_end] != ' ' && text[word_end] != ',') return false;
  return std::find(std::begin(kOpeners), std::end(kOpeners), word) != std::end(kOpeners);
}

// Splits one block (a paragraph or a line) at sentence-final punctuation.
void SplitBlock(std::string_view text, Span block,
                const std::unordered_set<std::string>& abbreviations, std::vector<Span>* out) {
  uint32_t start = block.begin;
  for (uint32_t i = block.begin; i < block.end; ++i) {
    // Runs for every byte of every article: a table lookup skips to the next mark.
    static constexpr auto kSentenceMark = [] {
      std::array<bool, 256> mark{};
      mark['.'] = mark['!'] = mark['?'] = true;
      return mark;
    }();
    while (i < block.end && !kSentenceMark[static_cast<unsigned char>(text[i])]) ++i;
    if (i == block.end) break;
    char c = text[i];
    uint32_t after = i + 1;
    while (after < block.end && (text[after] == '"' || text[after] == ')' || text[after] == '\'' ||
                                 text[after] == '.' || text[after] == '!' || text[after] == '?'))
      ++after;
    while (after + 2 < block.end && text.substr(after, 3) == "\xE2\x80\x9D") after += 3;
    if (after >= block.end || !IsSpace(text[after])) continue;
    uint32_t next = after;
    while (next < block.end && IsSpace(text[next])) ++next;
    if (!StartsSentence(text, next)) continue;
    if (c == '.' && IsInitialOrAbbreviation(WordBefore(text, start, i), abbreviations) &&
        !EndsNameBeforeOpener(text, i, next, block.end))
      continue;
    Span s = TrimSpan(text, {start, after});
    if (s.end > s.begin) out->push_back(s);
    start = next;
    i = next - 1;
  }
  Span s = TrimSpan(text, {start, block.end});
  if (s.end > s.begin) out->push_back(s);
}

}  // namespace

std::vector<Span> SplitSentences(std::string_view text,
                                 const std::unordered_set<std::string>& abbreviations) {
  std::vector<Span> sentences;
  uint32_t block_begin = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    size_t next = eol + 1;
    // Does the next line continue this one (hard-wrapped text)?
    bool continues = false;
    if (next < text.size() && !EndsWithFinalPunctuation(line)) {
      size_t first = next;
      while (first < text.size() && (text[first] == ' ' || text[first] == '\t')) ++first;
      continues = first < text.size() && text[first] >= 'a' && text[first] <= 'z' &&
                  line.find_first_not_of(" \t\r") != std::string_view::npos;
    }
    if (!continues) {
      SplitBlock(text, {block_begin, static_cast<uint32_t>(eol)}, abbreviations, &sentences);
      block_begin = static_cast<uint32_t>(std::min(next, text.size()));
    }
    if (eol == text.size()) break;
    pos = next;
  }
  return sentences;
}

LineStart StartOfLine(std::string_view text, uint32_t sentence_begin) {
  size_t line = text.rfind('\n', sentence_begin == 0 ? 0 : sentence_begin - 1);
  size_t first = line == std::string_view::npos || sentence_begin == 0 ? 0 : line + 1;
  while (first < sentence_begin && (text[first] == ' ' || text[first] == '\t')) ++first;
  if (first == sentence_begin) return LineStart::kLine;
  size_t after = first + BulletLength(text, first);
  if (after == first) return LineStart::kInside;
  while (after < sentence_begin && IsSpace(text[after])) ++after;
  return after == sentence_begin ? LineStart::kBullet : LineStart::kInside;
}

}  // namespace kg::extract
