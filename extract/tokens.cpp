// Tokenizer: Unicode-aware word boundaries over UTF-8 text.
#include "extract/tokens.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "extract/word_set.h"

namespace kg::extract {
namespace {

struct CodePoint {
  int32_t value = -1;
  int length = 1;
};

CodePoint DecodeMultiByte(std::string_view text, size_t pos) {
  CodePoint cp;
  utf8proc_ssize_t n =
      utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
                       static_cast<utf8proc_ssize_t>(text.size() - pos), &cp.value);
  cp.length = n > 0 ? static_cast<int>(n) : 1;
  if (n <= 0) cp.value = -1;
  return cp;
}

// Called for every byte of every sentence: ASCII is decoded inline.
inline CodePoint Decode(std::string_view text, size_t pos) {
  if (pos < text.size() && static_cast<unsigned char>(text[pos]) < 0x80) {
    return CodePoint{static_cast<unsigned char>(text[pos]), 1};
  }
  return DecodeMultiByte(text, pos);
}

bool IsWordChar(int32_t c) {
  if (c < 0) return false;
  if (c < 128) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

bool IsApostrophe(int32_t c) { return c == '\'' || c == 0x2019; }

// A joiner continues a word only when a word character follows it.
bool IsJoiner(int32_t c) { return c == '-' || c == '.' || c == 0x00B7 || IsApostrophe(c); }

bool IsPossessive(std::string_view text, size_t pos, int apostrophe_length) {
  size_t s = pos + apostrophe_length;
  if (s >= text.size() || (text[s] != 's' && text[s] != 'S')) return false;
  return s + 1 >= text.size() || !IsWordChar(Decode(text, s + 1).value);
}

// "Run:ai": a colon between a letter and a lowercase letter is part of a
// name. With a space after it ("Results: X") or a digit ("10:30") it is not.
bool IsNameColon(std::string_view text, size_t pos) {
  if (text[pos] != ':' || pos == 0 || pos + 1 >= text.size()) return false;
  char before = text[pos - 1];
  char after = text[pos + 1];
  bool letter_before = (before >= 'a' && before <= 'z') || (before >= 'A' && before <= 'Z');
  return letter_before && after >= 'a' && after <= 'z';
}

bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// "Transformer++", "C++": up to two plus signs right after a word, and
// before no letter or digit, belong to it. Returns the word's new end.
size_t TrailingPlusEnd(std::string_view text, size_t end) {
  size_t plus = end;
  while (plus < text.size() && plus - end < 2 && text[plus] == '+') ++plus;
  if (plus == end || (plus < text.size() && IsWordChar(Decode(text, plus).value))) return end;
  return plus;
}

// "ViT-H/14", "DiT-XL/2": a hyphenated model name's patch or size after a
// slash, one to three digits, belongs to it ("TCP/IP", "24/7" have no
// hyphen before the slash). Returns where the digits end, or `pos`.
size_t SlashSizeEnd(std::string_view text, size_t start, size_t pos) {
  if (pos >= text.size() || text[pos] != '/') return pos;
  if (text.substr(start, pos - start).find('-') == std::string_view::npos) return pos;
  size_t end = pos + 1;
  while (end < text.size() && end - pos <= 3 && text[end] >= '0' && text[end] <= '9') ++end;
  bool digits = end > pos + 1 && end - pos <= 4;
  if (!digits || (end < text.size() && IsWordChar(Decode(text, end).value))) return pos;
  return end;
}

// Scans one word starting at `pos`; returns its end.
size_t ScanWord(std::string_view text, size_t pos) {
  const size_t start = pos;
  while (pos < text.size()) {
    // Runs for every byte of every sentence: ASCII letters and digits, most
    // of a word, are taken without decoding.
    if (IsAsciiAlnum(text[pos])) {
      ++pos;
      continue;
    }
    CodePoint cp = Decode(text, pos);
    if (IsWordChar(cp.value)) {
      pos += cp.length;
      continue;
    }
    if (IsNameColon(text, pos)) {
      ++pos;
      continue;
    }
    if (size_t sized = SlashSizeEnd(text, start, pos); sized != pos) {
      pos = sized;
      break;
    }
    if (!IsJoiner(cp.value) || pos + cp.length >= text.size()) break;
    if (IsApostrophe(cp.value) && IsPossessive(text, pos, cp.length)) break;
    if (!IsWordChar(Decode(text, pos + cp.length).value)) break;
    pos += cp.length;
  }
  return TrailingPlusEnd(text, pos);
}

// Whether only spaces, closing quotes and brackets follow `pos` in `text`.
// The curly quotes are matched byte by byte, which also lets through a few
// other marks built of the same bytes: harmless at the end of a sentence.
bool OnlyClosersAfter(std::string_view text, size_t pos) {
  return text.find_first_not_of(" \t\n\"')\u201D\u2019", pos) == std::string_view::npos;
}

// "U.S" or "C": letters separated by periods, one letter each.
bool IsInitials(std::string_view word) {
  if (word.empty()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    bool letter_slot = i % 2 == 0;
    char c = word[i];
    if (letter_slot && !(c >= 'A' && c <= 'Z')) return false;
    if (!letter_slot && c != '.') return false;
  }
  return true;
}

void Classify(std::string_view word, Token* token) {
  int letters = 0, uppers = 0;
  bool first = true;
  for (size_t pos = 0; pos < word.size();) {
    CodePoint cp = Decode(word, pos);
    bool ascii = cp.value >= 0 && cp.value < 0x80;
    bool upper =
        ascii ? (cp.value >= 'A' && cp.value <= 'Z') : cp.value >= 0 && utf8proc_isupper(cp.value);
    bool lower =
        ascii ? (cp.value >= 'a' && cp.value <= 'z') : cp.value >= 0 && utf8proc_islower(cp.value);
    if (first) token->cap = upper;
    if (!first && upper) token->inner_cap = true;
    if (upper || lower) ++letters;
    if (upper) ++uppers;
    if (cp.value >= '0' && cp.value <= '9') token->digit = true;
    first = false;
    pos += cp.length;
  }
  token->all_caps = letters >= 2 && uppers == letters;
}

constexpr uint64_t kEveryByte = 0x0101010101010101ull;

uint64_t Load8(const char* p) {
  uint64_t eight;
  std::memcpy(&eight, p, 8);
  return eight;
}

bool IsAscii8(uint64_t eight) { return (eight & (kEveryByte * 0x80)) == 0; }

// Eight ASCII bytes lowercased at once: a byte gets 0x20 where it is 'A' to
// 'Z'. Each sum below sets a byte's top bit, never carrying into the next.
uint64_t LowerAscii8(uint64_t eight) {
  uint64_t from_a = eight + kEveryByte * (0x80 - 'A');       // top bit: the byte >= 'A'
  uint64_t after_z = eight + kEveryByte * (0x80 - 'Z' - 1);  // top bit: the byte > 'Z'
  uint64_t upper = from_a & ~after_z & (kEveryByte * 0x80);
  return eight | upper >> 2;
}

// Classify() and LowerUtf8() in one pass, for a word of ASCII bytes (most
// words): the same flags and the same lowercase form.
void ClassifyAscii(std::string_view word, Token* token) {
  token->lower.assign(word);
  int letters = 0, uppers = 0;
  for (size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    bool upper = c >= 'A' && c <= 'Z';
    bool lower = c >= 'a' && c <= 'z';
    if (upper) {
      token->lower[i] = static_cast<char>(c + 32);
      ++uppers;
      if (i > 0) token->inner_cap = true;
    }
    if (upper || lower) ++letters;
    if (c >= '0' && c <= '9') token->digit = true;
  }
  token->cap = !word.empty() && word[0] >= 'A' && word[0] <= 'Z';
  token->all_caps = letters >= 2 && uppers == letters;
}

// A word of ASCII letters and digits that ends at a space or at a mark that
// joins nothing (most words): read and classified as ScanWord() and
// ClassifyAscii() read them, in one pass and without decoding each byte.
// Returns its end, or 0 (and `token` unchanged) when the word at `pos` is of
// another kind.
size_t ReadPlainWord(std::string_view text, size_t pos, Token* token) {
  size_t end = pos;
  int letters = 0, uppers = 0;
  bool digit = false;
  for (; end < text.size(); ++end) {
    char c = text[end];
    if (c >= 'a' && c <= 'z') {
      ++letters;
    } else if (c >= 'A' && c <= 'Z') {
      ++letters;
      ++uppers;
    } else if (c >= '0' && c <= '9') {
      digit = true;
    } else {
      break;
    }
  }
  if (end == pos) return 0;
  if (end < text.size()) {
    char next = text[end];
    if ((next & 0x80) || next == '-' || next == '.' || next == '\'' || next == ':' || next == '+')
      return 0;
  }
  token->lower.assign(text.substr(pos, end - pos));
  if (uppers > 0) {
    for (char& c : token->lower) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
  }
  token->word = true;
  token->cap = text[pos] >= 'A' && text[pos] <= 'Z';
  token->inner_cap = uppers > (token->cap ? 1 : 0);
  token->all_caps = letters >= 2 && uppers == letters;
  token->digit = digit;
  return end;
}

bool IsAscii(std::string_view text) {
  return std::none_of(text.begin(), text.end(), [](char c) { return c & 0x80; });
}

bool IsContraction(const std::string& lower) {
  // Every ending below holds an apostrophe, straight or curly (0xE2...).
  // A loop, not find_first_of(): that calls memchr once per byte.
  if (std::none_of(lower.begin(), lower.end(), [](char c) { return c == '\'' || c == '\xE2'; }))
    return false;
  for (std::string_view end :
       {"\xE2\x80\x99ve", "\xE2\x80\x99m", "\xE2\x80\x99ll", "\xE2\x80\x99re",
        "\xE2\x80\x99"
        "d",
        "n\xE2\x80\x99t", "'ve", "'m", "'ll", "'re", "'d", "n't"}) {
    if (lower.ends_with(end)) return true;
  }
  return false;
}

// "data2vec", "seq2seq": lowercase letters, a digit, lowercase letters, three
// or more letters on each side (so "b2b" and "mp3" are no names).
bool IsLowercaseModelName(const Token& t) {
  const std::string& w = t.lower;
  // t.digit: the word holds an ASCII digit, and so does its lowercase form.
  if (!t.word || t.cap || !t.digit) return false;
  size_t digit = static_cast<size_t>(
      std::find_if(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; }) - w.begin());
  if (digit == w.size() || digit < 3) return false;
  size_t after = w.find_first_not_of("0123456789", digit);
  if (after == std::string::npos || w.size() - after < 3) return false;
  // "gpt-4o-transcribe": letters and hyphens around the digits.
  auto letters = [](std::string_view part) {
    return std::all_of(part.begin(), part.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; }) &&
           std::count(part.begin(), part.end(), '-') < static_cast<std::ptrdiff_t>(part.size()) - 2;
  };
  return letters(std::string_view(w).substr(0, digit)) &&
         letters(std::string_view(w).substr(after));
}

// "data-and-AI", "non-AI": a lowercase word joined by hyphens to a
// capitalized one is an adjective, not a name ("e-ADAM", "iOS-based" and
// "gpt-4o" start otherwise).
bool IsLowercaseCompound(const Token& t, std::string_view word) {
  if (t.cap || !t.hyphen || t.digit || !t.inner_cap) return false;
  size_t dash = word.find('-');
  return dash >= 2 && std::all_of(word.begin(), word.begin() + static_cast<std::ptrdiff_t>(dash),
                                  [](char c) { return c >= 'a' && c <= 'z'; });
}

bool IsNameShape(const Token& t) {
  return t.word && (t.cap || t.inner_cap || t.all_caps || IsLowercaseModelName(t)) &&
         !IsContraction(t.lower);
}

// "Inc." and "U.S.": whether the period after `token` belongs to it. Appends
// the period to token->lower when it does.
bool TakesPeriod(std::string_view word, const std::unordered_set<std::string>& abbreviations,
                 Token* token) {
  token->lower += '.';
  if (IsInitials(word) || abbreviations.count(token->lower)) return true;
  token->lower.pop_back();
  return false;
}

}  // namespace

std::string LowerUtf8(std::string_view text) {
  std::string out;
  LowerUtf8(text, &out);
  return out;
}

void LowerUtf8(std::string_view text, std::string* out_string) {
  std::string& out = *out_string;
  out.clear();
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    // Most text is ASCII: eight bytes at a time (~0: fewer are left), then a
    // byte at a time.
    uint64_t eight = pos + 8 <= text.size() ? Load8(text.data() + pos) : ~uint64_t{0};
    if (IsAscii8(eight)) {
      eight = LowerAscii8(eight);
      out.append(reinterpret_cast<const char*>(&eight), 8);
      pos += 8;
      continue;
    }
    char c = text[pos];
    if (static_cast<unsigned char>(c) < 0x80) {
      out += c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
      ++pos;
      continue;
    }
    CodePoint cp = Decode(text, pos);
    if (cp.value < 0) {
      out += text[pos++];
      continue;
    }
    utf8proc_uint8_t buf[4];
    utf8proc_ssize_t n = utf8proc_encode_char(utf8proc_tolower(cp.value), buf);
    out.append(reinterpret_cast<const char*>(buf), static_cast<size_t>(n));
    pos += cp.length;
  }
}

bool StartsUpper(std::string_view text) {
  if (text.empty()) return false;
  CodePoint cp = Decode(text, 0);
  return cp.value >= 0 && utf8proc_isupper(cp.value);
}

std::vector<Token> Tokenize(std::string_view text, uint32_t base,
                            const std::unordered_set<std::string>& abbreviations) {
  std::vector<Token> tokens;
  tokens.reserve(text.size() / 5 + 1);  // about one token per five bytes of prose
  for (size_t pos = 0; pos < text.size();) {
    CodePoint cp = Decode(text, pos);
    if (cp.value == ' ' || cp.value == '\t' || cp.value == '\n' || cp.value == 0xA0) {
      pos += cp.length;
      continue;
    }
    // Built in place: a token moved in costs a copy of its short string.
    Token& token = tokens.emplace_back();
    size_t end = pos + cp.length;
    if (size_t plain_end = ReadPlainWord(text, pos, &token); plain_end > 0) {
      end = plain_end;
    } else if (IsWordChar(cp.value)) {
      end = ScanWord(text, pos);
      token.word = true;
      std::string_view word = text.substr(pos, end - pos);
      if (IsAscii(word)) {
        ClassifyAscii(word, &token);
      } else {
        LowerUtf8(word, &token.lower);
        Classify(word, &token);
      }
      bool dot_follows = end < text.size() && text[end] == '.';
      // "from X." at the end of a sentence ends the sentence; "U.S." keeps
      // its period wherever it stands.
      bool sentence_final_letter =
          dot_follows && word.size() == 1 && OnlyClosersAfter(text, end + 1);
      if (dot_follows && !sentence_final_letter && TakesPeriod(word, abbreviations, &token)) ++end;
      token.hyphen = token.lower.find('-') != std::string::npos;
    } else if (IsApostrophe(cp.value) && IsPossessive(text, pos, cp.length)) {
      end = pos + cp.length + 1;
      token.lower = "'s";
    } else {
      token.lower.assign(text.substr(pos, cp.length));
    }
    token.begin = static_cast<uint32_t>(base + pos);
    token.end = static_cast<uint32_t>(base + end);
    if (token.word)
      token.name_shape =
          IsNameShape(token) && !IsLowercaseCompound(token, text.substr(pos, end - pos));
    token.hash = ShortHash(token.lower);
    pos = end;
  }
  return tokens;
}

std::string StraightApostrophes(std::string_view lower) {
  std::string out;
  for (size_t pos = 0; pos < lower.size();) {
    if (lower.substr(pos, 3) == "\xE2\x80\x99") {
      out += '\'';
      pos += 3;
    } else {
      out += lower[pos++];
    }
  }
  return out;
}

}  // namespace kg::extract
