// extract/reader_utf8.h: internal; see extract/extract.h.
// Strict UTF-8 decoding and encoding for the readers and the JSON codec.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kg::extract {

inline constexpr char32_t kReplacementCharacter = 0xFFFD;

// Decodes the code point at text[pos] into *cp and returns its length in
// bytes, or 0 when the bytes there are not valid UTF-8 (overlong forms,
// surrogates and code points above U+10FFFF are invalid).
// REQUIRES: pos < text.size()
inline size_t DecodeUtf8(std::string_view text, size_t pos, char32_t* cp) {
  auto at = [&](size_t i) { return static_cast<unsigned char>(text[pos + i]); };
  unsigned char lead = at(0);
  if (lead < 0x80) {
    *cp = lead;
    return 1;
  }
  size_t length = 0;
  char32_t value = 0;
  char32_t min = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, value = lead & 0x1F, min = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, value = lead & 0x0F, min = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, value = lead & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (pos + length > text.size()) return 0;
  for (size_t i = 1; i < length; ++i) {
    if ((at(i) & 0xC0) != 0x80) return 0;
    value = (value << 6) | (at(i) & 0x3F);
  }
  if (value < min || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
  *cp = value;
  return length;
}

// REQUIRES: cp <= 0x10FFFF and not a surrogate.
inline void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace kg::extract
