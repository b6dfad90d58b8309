// Escaping for the export formats (query/escape.h).
#include "query/escape.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace kg::query::internal {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Decodes one UTF-8 sequence at text[*pos]; an invalid or truncated one, an
// overlong form or a surrogate yields U+FFFD and consumes one byte.
char32_t NextCodePoint(std::string_view text, size_t* pos) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(*pos);
  if (lead < 0x80) {
    ++*pos;
    return lead;
  }
  int length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  if (length == 0 || lead > 0xF4 || *pos + length > text.size()) {
    ++*pos;
    return kReplacement;
  }
  char32_t cp = lead & (0x7F >> length);
  for (int i = 1; i < length; ++i) {
    unsigned char next = byte(*pos + i);
    if ((next & 0xC0) != 0x80) {
      ++*pos;
      return kReplacement;
    }
    cp = (cp << 6) | (next & 0x3F);
  }
  static constexpr char32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinimum[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++*pos;
    return kReplacement;
  }
  *pos += length;
  return cp;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

void AppendHex(unsigned value, int digits, std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
    out->push_back(kHex[(value >> shift) & 0xF]);
}

// Bytes copied as they are: printable ASCII outside a format's specials.
// A table built once per format, because testing each byte against the
// specials (a memchr per byte) was most of the cost of writing a JSON answer.
using PlainBytes = std::array<bool, 256>;
constexpr PlainBytes PlainExcept(std::string_view special) {
  PlainBytes plain{};
  for (int c = 0x20; c < 0x7F; ++c) plain[c] = special.find(static_cast<char>(c)) == special.npos;
  return plain;
}

// Calls `escape(cp, out)` for each code point; it returns false to have the
// code point copied as UTF-8. Runs of plain bytes are copied whole: names
// are mostly such runs, and exports are mostly names.
template <typename Escape>
void Transcode(std::string_view text, std::string* out, const PlainBytes& plain, Escape escape) {
  for (size_t pos = 0; pos < text.size();) {
    size_t run = pos;
    while (run < text.size() && plain[static_cast<unsigned char>(text[run])]) ++run;
    out->append(text, pos, run - pos);
    if ((pos = run) == text.size()) break;
    char32_t cp = NextCodePoint(text, &pos);
    if (!escape(cp, out)) AppendUtf8(cp, out);
  }
}

constexpr PlainBytes kXmlPlain = PlainExcept("&<>\"'");
constexpr PlainBytes kQuoteBackslashPlain = PlainExcept("\"\\");
constexpr PlainBytes kQuotePlain = PlainExcept("\"");
constexpr PlainBytes kAsciiPlain = PlainExcept("");

}  // namespace

void AppendXml(std::string_view text, std::string* out) {
  Transcode(text, out, kXmlPlain, [](char32_t cp, std::string* o) {
    switch (cp) {
      case '&':
        *o += "&amp;";
        return true;
      case '<':
        *o += "&lt;";
        return true;
      case '>':
        *o += "&gt;";
        return true;
      case '"':
        *o += "&quot;";
        return true;
      case '\'':
        *o += "&apos;";
        return true;
      case '\t':
        *o += "&#9;";
        return true;
      case '\n':
        *o += "&#10;";
        return true;
      case '\r':
        *o += "&#13;";
        return true;
      default:
        break;
    }
    // Not XML 1.0 characters, even as references.
    if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF) {
      AppendUtf8(kReplacement, o);
      return true;
    }
    return false;
  });
}

// The backslash escapes JSON and N-Triples share: quote, backslash and the
// five control characters with a one-letter form.
static bool AppendShortEscape(char32_t cp, std::string* out) {
  switch (cp) {
    case '"':
      *out += "\\\"";
      return true;
    case '\\':
      *out += "\\\\";
      return true;
    case '\n':
      *out += "\\n";
      return true;
    case '\r':
      *out += "\\r";
      return true;
    case '\t':
      *out += "\\t";
      return true;
    case '\b':
      *out += "\\b";
      return true;
    case '\f':
      *out += "\\f";
      return true;
    default:
      return false;
  }
}

namespace {

#if defined(__SSE2__)
// A bit for each of the 16 bytes at `bytes` that a JSON string cannot copy
// as it is: a control character, a byte of a non-ASCII character (a signed
// comparison: from 0x80 up bytes are negative), DEL, a quote, a backslash.
unsigned SpecialJsonBytes(const char* bytes) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes));
  const __m128i special = _mm_or_si128(
      _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)), _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F))),
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
  return static_cast<unsigned>(_mm_movemask_epi8(special));
}

// The length of the leading run of bytes a JSON string copies as they are,
// found sixteen at a time: sentences and names are nearly all such bytes,
// and scanning them was most of escaping an answer. The last bytes are
// checked in a copy, not one at a time: names are mostly shorter than 16
// bytes, and a byte loop's exit mispredicted on each of them.
size_t PlainJsonPrefix(std::string_view text) {
  size_t i = 0;
  for (; i + 16 <= text.size(); i += 16) {
    if (const unsigned found = SpecialJsonBytes(text.data() + i); found != 0) {
      return i + static_cast<size_t>(__builtin_ctz(found));
    }
  }
  const size_t rest = text.size() - i;
  if (rest == 0) return i;
  char tail[16] = {};
  std::memcpy(tail, text.data() + i, rest);
  const unsigned found = SpecialJsonBytes(tail) | (~0u << rest);  // past the end counts as found
  return i + static_cast<size_t>(__builtin_ctz(found));
}
#else
// Whether any of the eight bytes of `word` is not printable ASCII, or is a
// quote or a backslash: the bytes a JSON string cannot copy as they are.
bool HasJsonSpecialByte(uint64_t word) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighs = 0x8080808080808080ULL;
  auto has_zero = [](uint64_t v) { return ((v - kOnes) & ~v & kHighs) != 0; };
  const bool control = ((word - 0x20 * kOnes) & ~word & kHighs) != 0;
  return control || (word & kHighs) != 0 || has_zero(word ^ ('"' * kOnes)) ||
         has_zero(word ^ ('\\' * kOnes)) || has_zero(word ^ (0x7F * kOnes));
}

// The length of the leading run of bytes a JSON string copies as they are,
// checked eight at a time: sentences and names are nearly all such bytes,
// and a byte-by-byte scan of them was most of writing an answer.
size_t PlainJsonPrefix(std::string_view text) {
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + i, sizeof(word));
    if (HasJsonSpecialByte(word)) break;
  }
  while (i < text.size() && kQuoteBackslashPlain[static_cast<unsigned char>(text[i])]) ++i;
  return i;
}
#endif

// Appends the JSON form of the character at the start of `text` (one that
// is not a plain byte) and returns the bytes it took: an escape, the same
// bytes for a valid character, U+FFFD for an invalid byte.
size_t AppendJsonCharacter(std::string_view text, std::string* out) {
  size_t length = 0;
  const char32_t cp = NextCodePoint(text, &length);
  if (AppendShortEscape(cp, out)) return length;
  // U+2028/9 are valid JSON but end a line in older JavaScript.
  if (cp < 0x20 || cp == 0x7F || cp == 0x2028 || cp == 0x2029) {
    *out += "\\u";
    AppendHex(static_cast<unsigned>(cp), 4, out);
  } else {
    AppendUtf8(cp, out);
  }
  return length;
}

}  // namespace

bool IsPlainJson(std::string_view text) { return PlainJsonPrefix(text) == text.size(); }

// Runs of plain bytes are found by PlainJsonPrefix between the characters
// that need a look: a sentence with one accented name stays mostly a copy.
void AppendJsonString(std::string_view text, std::string* out) {
  out->push_back('"');
  for (;;) {
    const size_t plain = PlainJsonPrefix(text);
    out->append(text.data(), plain);
    text.remove_prefix(plain);
    if (text.empty()) break;
    text.remove_prefix(AppendJsonCharacter(text, out));
  }
  out->push_back('"');
}

char* WriteJsonString(std::string_view text, char* out) {
  *out++ = '"';
#if defined(__SSE2__)
  // Most names and short values: one check and one 16-byte store, no loop.
  if (text.size() <= 16) {
    char copy[16] = {};
    if (!text.empty()) std::memcpy(copy, text.data(), text.size());
    const unsigned found = SpecialJsonBytes(copy) | (~0u << text.size());
    if (static_cast<size_t>(__builtin_ctz(found)) == text.size()) {
      std::memcpy(out, copy, sizeof(copy));
      out += text.size();
      *out++ = '"';
      return out;
    }
  }
#endif
  for (;;) {
    const size_t plain = PlainJsonPrefix(text);
    std::memcpy(out, text.data(), plain);
    out += plain;
    text.remove_prefix(plain);
    if (text.empty()) break;
    std::string character;  // at most 6 bytes: no allocation
    text.remove_prefix(AppendJsonCharacter(text, &character));
    out = std::copy(character.begin(), character.end(), out);
  }
  *out++ = '"';
  return out;
}

void AppendCsvField(std::string_view text, std::string* out) {
  out->push_back('"');
  Transcode(text, out, kQuotePlain, [](char32_t cp, std::string* o) {
    if (cp != '"') return false;
    *o += "\"\"";
    return true;
  });
  out->push_back('"');
}

void AppendNTriplesLiteral(std::string_view text, std::string* out) {
  out->push_back('"');
  Transcode(text, out, kQuoteBackslashPlain, [](char32_t cp, std::string* o) {
    if (AppendShortEscape(cp, o)) return true;
    if (cp < 0x20 || cp == 0x7F) {
      *o += "\\u";
      AppendHex(static_cast<unsigned>(cp), 4, o);
      return true;
    }
    return false;
  });
  out->push_back('"');
}

void AppendPercentEncoded(std::string_view text, std::string* out) {
  std::string valid;
  Transcode(text, &valid, kAsciiPlain, [](char32_t, std::string*) { return false; });
  for (char c : valid) {
    auto byte = static_cast<unsigned char>(c);
    bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                      (byte >= '0' && byte <= '9') || byte == '-' || byte == '.' || byte == '_' ||
                      byte == '~';
    if (unreserved) {
      out->push_back(c);
    } else {
      out->push_back('%');
      AppendHex(byte, 2, out);
    }
  }
}

void AppendDotString(std::string_view text, std::string* out) {
  out->push_back('"');
  Transcode(text, out, kQuoteBackslashPlain, [](char32_t cp, std::string* o) {
    switch (cp) {
      case '"':
        *o += "\\\"";
        return true;
      case '\\':
        *o += "\\\\";
        return true;
      case '\n':
        *o += "\\n";
        return true;
      case '\r':
        *o += "\\r";
        return true;
      default:
        return false;
    }
  });
  out->push_back('"');
}

}  // namespace kg::query::internal
