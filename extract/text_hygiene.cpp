// Text hygiene: encodings, mojibake, Unicode normalization. Boilerplate lines
// and header dates are in reader_boilerplate.cpp.
#include "extract/text_hygiene.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "extract/reader_utf8.h"

namespace kg::extract {
namespace {

constexpr uint64_t kEveryByte = 0x0101010101010101ull;
constexpr uint64_t kTopBits = kEveryByte * 0x80;

uint64_t Load8(std::string_view text, size_t pos) {
  uint64_t eight;
  std::memcpy(&eight, text.data() + pos, 8);
  return eight;
}

// Where the run of ASCII bytes from `pos` ends. The passes below read every
// byte of every article, nearly all ASCII: eight bytes at a time.
size_t AsciiRunEnd(std::string_view text, size_t pos) {
  while (pos + 8 <= text.size() && (Load8(text, pos) & kTopBits) == 0) pos += 8;
  while (pos < text.size() && static_cast<unsigned char>(text[pos]) < 0x80) ++pos;
  return pos;
}

// Whether eight bytes are all printable ASCII (0x20..0x7E). For a byte below
// 0x80, adding 0x60 sets its top bit when it is 0x20 or more, adding 1 when
// it is 0x7F; neither sum carries into the next byte.
bool Printable8(uint64_t eight) {
  return (eight & kTopBits) == 0 && ((eight + kEveryByte * 0x60) & kTopBits) == kTopBits &&
         ((eight + kEveryByte) & kTopBits) == 0;
}

// Whether `text` holds a byte from C3 to C5, with which UTF-8 writes every
// code point a code page maps to a UTF-8 lead byte (RepairMojibakeOnce()).
bool HasMojibakeLead(std::string_view text) {
  for (size_t pos = AsciiRunEnd(text, 0); pos < text.size(); pos = AsciiRunEnd(text, pos + 1)) {
    auto byte = static_cast<unsigned char>(text[pos]);
    if (byte >= 0xC3 && byte <= 0xC5) return true;
  }
  return false;
}

// Windows-1252 bytes 0x80..0x9F; 0 where the code page leaves a byte
// undefined (those decode as the C1 control of the same value, as browsers do).
constexpr char32_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// Windows-1250 bytes 0x80..0xFF (Central European), 0 where undefined.
constexpr char32_t kCp1250High[128] = {
    0x20AC, 0,      0x201A, 0,      0x201E, 0x2026, 0x2020, 0x2021, 0,      0x2030, 0x0160, 0x2039,
    0x015A, 0x0164, 0x017D, 0x0179, 0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0,      0x2122, 0x0161, 0x203A, 0x015B, 0x0165, 0x017E, 0x017A, 0x00A0, 0x02C7, 0x02D8, 0x0141,
    0x00A4, 0x0104, 0x00A6, 0x00A7, 0x00A8, 0x00A9, 0x015E, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x017B,
    0x00B0, 0x00B1, 0x02DB, 0x0142, 0x00B4, 0x00B5, 0x00B6, 0x00B7, 0x00B8, 0x0105, 0x015F, 0x00BB,
    0x013D, 0x02DD, 0x013E, 0x017C, 0x0154, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x0139, 0x0106, 0x00C7,
    0x010C, 0x00C9, 0x0118, 0x00CB, 0x011A, 0x00CD, 0x00CE, 0x010E, 0x0110, 0x0143, 0x0147, 0x00D3,
    0x00D4, 0x0150, 0x00D6, 0x00D7, 0x0158, 0x016E, 0x00DA, 0x0170, 0x00DC, 0x00DD, 0x0162, 0x00DF,
    0x0155, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x013A, 0x0107, 0x00E7, 0x010D, 0x00E9, 0x0119, 0x00EB,
    0x011B, 0x00ED, 0x00EE, 0x010F, 0x0111, 0x0144, 0x0148, 0x00F3, 0x00F4, 0x0151, 0x00F6, 0x00F7,
    0x0159, 0x016F, 0x00FA, 0x0171, 0x00FC, 0x00FD, 0x0163, 0x02D9};

char32_t Cp1252ToCodePoint(unsigned char byte) {
  if (byte >= 0x80 && byte <= 0x9F && kCp1252High[byte - 0x80] != 0) {
    return kCp1252High[byte - 0x80];
  }
  return byte;
}

// The byte that `cp` was decoded from under Windows-1252 or Latin-1 (both:
// mojibake tools disagree on 0x80..0x9F), or -1.
int WesternByte(char32_t cp) {
  if (cp >= 0x80 && cp <= 0xFF) return static_cast<int>(cp);
  for (int i = 0; i < 32; ++i) {
    if (kCp1252High[i] == cp) return 0x80 + i;
  }
  return -1;
}

int CentralEuropeanByte(char32_t cp) {
  for (int i = 0; i < 128; ++i) {
    if (kCp1250High[i] == cp) return 0x80 + i;
  }
  return -1;
}

int ExpectedUtf8Length(int lead_byte) {
  if (lead_byte >= 0xC2 && lead_byte <= 0xDF) return 2;
  if (lead_byte >= 0xE0 && lead_byte <= 0xEF) return 3;
  if (lead_byte >= 0xF0 && lead_byte <= 0xF4) return 4;
  return 0;
}

// If the code points at `text[pos..]` are the code-page image of one UTF-8
// sequence, returns that sequence and sets *consumed to the bytes of `text`
// it replaces; else returns "".
std::string TryRepairAt(std::string_view text, size_t pos, int (*to_byte)(char32_t),
                        size_t* consumed) {
  char32_t cp = 0;
  size_t length = DecodeUtf8(text, pos, &cp);
  int lead = to_byte(cp);
  int needed = ExpectedUtf8Length(lead);
  if (needed == 0) return "";
  std::string bytes(1, static_cast<char>(lead));
  size_t at = pos + length;
  for (int i = 1; i < needed; ++i) {
    if (at >= text.size()) return "";
    length = DecodeUtf8(text, at, &cp);
    int byte = to_byte(cp);
    if (byte < 0x80 || byte > 0xBF) return "";
    bytes += static_cast<char>(byte);
    at += length;
  }
  char32_t repaired = 0;
  if (DecodeUtf8(bytes, 0, &repaired) != bytes.size()) return "";
  *consumed = at - pos;
  return bytes;
}

// One pass of RepairMojibake; sets *changed when it repaired something.
std::string RepairMojibakeOnce(std::string_view text, bool* changed) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    auto byte = static_cast<unsigned char>(text[pos]);
    // Every code point that a code page maps to a UTF-8 lead byte is in
    // U+00C0..U+017F, which UTF-8 writes starting with C3, C4 or C5.
    if (byte < 0xC3 || byte > 0xC5) {
      out += text[pos++];
      continue;
    }
    size_t consumed = 0;
    std::string repaired = TryRepairAt(text, pos, WesternByte, &consumed);
    if (repaired.empty()) repaired = TryRepairAt(text, pos, CentralEuropeanByte, &consumed);
    if (!repaired.empty()) {
      out += repaired;
      pos += consumed;
      *changed = true;
      continue;
    }
    char32_t cp = 0;
    size_t length = DecodeUtf8(text, pos, &cp);
    if (length == 0) length = 1;  // not reached for valid input; never loop
    out.append(text.substr(pos, length));
    pos += length;
  }
  return out;
}

// Line ends to "\n"; controls other than tab and newline removed (they only
// confuse sentence splitting and JSON consumers). Works on bytes: in valid
// UTF-8, C2 80..C2 9F are exactly the C1 controls and E2 80 A8/A9 are U+2028
// and U+2029.
std::string NormalizeLinesAndControls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  auto byte_at = [&](size_t i) {
    return i < text.size() ? static_cast<unsigned char>(text[i]) : 0;
  };
  // Bytes kept as they are: printable ASCII, tab, newline, and every byte
  // beyond ASCII but the leads C2 and E2 of the marks handled below. Runs of
  // them (nearly all the text) are copied at once.
  auto kept = [](unsigned char byte) {
    return byte < 0x80 ? byte == '\n' || byte == '\t' || (byte >= 0x20 && byte != 0x7F)
                       : byte != 0xC2 && byte != 0xE2;
  };
  for (size_t pos = 0; pos < text.size();) {
    size_t run = pos;
    while (run < text.size()) {
      if (run + 8 <= text.size() && Printable8(Load8(text, run))) {
        run += 8;
      } else if (kept(static_cast<unsigned char>(text[run]))) {
        ++run;
      } else {
        break;
      }
    }
    out.append(text.substr(pos, run - pos));
    pos = run;
    if (pos >= text.size()) break;
    unsigned char byte = byte_at(pos);
    if (byte == '\r') {
      out += '\n';
      pos += byte_at(pos + 1) == '\n' ? 2 : 1;
    } else if (byte < 0x80) {
      ++pos;  // a control: dropped
    } else if (byte == 0xC2 && byte_at(pos + 1) >= 0x80 && byte_at(pos + 1) <= 0x9F) {
      if (byte_at(pos + 1) == 0x85) out += '\n';  // NEL
      pos += 2;
    } else if (byte == 0xE2 && byte_at(pos + 1) == 0x80 &&
               (byte_at(pos + 2) == 0xA8 || byte_at(pos + 2) == 0xA9)) {
      out += byte_at(pos + 2) == 0xA8 ? "\n" : "\n\n";
      pos += 3;
    } else {
      out += text[pos++];
    }
  }
  return out;
}

// NFKC of one span with utf8proc; the span unchanged when utf8proc fails
// (only on invalid input, excluded by REQUIRES, or no memory: keeping the
// text un-normalized is better than losing it).
void AppendNfkc(std::string_view span, std::string* out) {
  utf8proc_uint8_t* mapped = nullptr;
  auto options = static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                                UTF8PROC_COMPAT | UTF8PROC_IGNORE);
  utf8proc_ssize_t length =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(span.data()),
                   static_cast<utf8proc_ssize_t>(span.size()), &mapped, options);
  if (length < 0) {
    out->append(span);
    return;
  }
  out->append(reinterpret_cast<const char*>(mapped), static_cast<size_t>(length));
  std::free(mapped);
}

bool IsAsciiSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// NFKC word by word. An ASCII word is already NFKC, and an ASCII space is a
// starter that nothing composes with, so NFKC(a + " " + b) is NFKC(a) + " "
// + NFKC(b): only words with non-ASCII bytes need utf8proc (25 MB/s).
std::string NfkcByWords(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;  // text[0, pos) is done
  while (pos < text.size()) {
    // The next byte beyond ASCII; everything before its word is copied as it is.
    size_t wide = AsciiRunEnd(text, pos);
    if (wide == text.size()) {
      out.append(text.substr(pos));
      break;
    }
    size_t begin = wide;
    while (begin > pos && !IsAsciiSpace(text[begin - 1])) --begin;
    size_t end = wide;
    while (end < text.size() && !IsAsciiSpace(text[end])) ++end;
    out.append(text.substr(pos, begin - pos));
    AppendNfkc(text.substr(begin, end - begin), &out);
    pos = end;
  }
  return out;
}

}  // namespace

std::string WhyNotText(std::string_view bytes) {
  // Look at the head only: a text file does not hide binary data later on,
  // and a 10 MB file should not be scanned twice.
  std::string_view head = bytes.substr(0, 8192);
  size_t controls = 0;
  for (char c : head) {
    auto byte = static_cast<unsigned char>(c);
    if (byte == 0) return "it holds NUL bytes, so it looks like a binary file, not text";
    if (byte < 0x20 && byte != '\n' && byte != '\r' && byte != '\t' && byte != '\f') ++controls;
  }
  if (controls * 10 > head.size()) {
    return "more than 10% of its first bytes are control characters, so it looks like a binary "
           "file, not text";
  }
  return "";
}

std::string DecodeToUtf8(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  size_t invalid = 0;
  size_t multibyte = 0;
  for (size_t pos = 0; pos < bytes.size();) {
    if (static_cast<unsigned char>(bytes[pos]) < 0x80) {
      pos = AsciiRunEnd(bytes, pos);
      continue;
    }
    char32_t cp = 0;
    size_t length = DecodeUtf8(bytes, pos, &cp);
    if (length == 0) {
      ++invalid;
      ++pos;
    } else {
      ++multibyte;
      pos += length;
    }
  }
  if (invalid == 0) return std::string(bytes);
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 4);
  bool as_cp1252 = multibyte == 0;
  for (size_t pos = 0; pos < bytes.size();) {
    auto byte = static_cast<unsigned char>(bytes[pos]);
    char32_t cp = 0;
    size_t length = byte < 0x80 ? 1 : (as_cp1252 ? 0 : DecodeUtf8(bytes, pos, &cp));
    if (length > 0) {
      out.append(bytes.substr(pos, length));
      pos += length;
      continue;
    }
    AppendUtf8(as_cp1252 ? Cp1252ToCodePoint(byte) : kReplacementCharacter, &out);
    ++pos;
  }
  return out;
}

std::string RepairMojibake(std::string_view text) {
  // Text that went through the wrong decoder twice needs two passes.
  std::string out(text);
  if (!HasMojibakeLead(text)) return out;
  for (int pass = 0; pass < 3; ++pass) {
    bool changed = false;
    out = RepairMojibakeOnce(out, &changed);
    if (!changed) break;
  }
  return out;
}

std::string NormalizeText(std::string_view text) {
  return NormalizeLinesAndControls(NfkcByWords(text));
}

std::string CleanText(std::string_view bytes) {
  return NormalizeText(RepairMojibake(DecodeToUtf8(bytes)));
}

}  // namespace kg::extract
