// query/escape.h: internal to query/; the public contract is query/query.h.
//
// Escaping for the export formats. Each function appends `text` to `out` so
// that a conforming reader gets the same characters back. Bytes that are not
// valid UTF-8 become U+FFFD in every format; XML 1.0 cannot carry control
// characters other than tab, newline and carriage return, so those become
// U+FFFD there too (the other formats keep them, escaped).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kg::query::internal {

// Character data or an attribute value; also escapes \t \n \r as character
// references so attribute normalization keeps them.
void AppendXml(std::string_view text, std::string* out);
// A JSON string literal, quotes included.
void AppendJsonString(std::string_view text, std::string* out);
// Whether AppendJsonString() copies `text` as it is, between the quotes.
bool IsPlainJson(std::string_view text);
// The room WriteJsonString() needs for `text_bytes` bytes: six a byte (a
// control character's \u escape), the quotes, and 16 bytes it may overwrite
// past the end of what it writes.
constexpr size_t MaxJsonStringBytes(size_t text_bytes) { return 6 * text_bytes + 18; }
// AppendJsonString() into memory with room for MaxJsonStringBytes(); returns
// the end of what it wrote.
char* WriteJsonString(std::string_view text, char* out);
// An RFC 4180 field, always quoted (Neo4j's importer reads quoted newlines
// with --multiline-fields=true).
void AppendCsvField(std::string_view text, std::string* out);
// An N-Triples literal, quotes included.
void AppendNTriplesLiteral(std::string_view text, std::string* out);
// Percent-encodes every byte outside RFC 3986 "unreserved", for IRIs.
void AppendPercentEncoded(std::string_view text, std::string* out);
// A DOT double-quoted string, quotes included.
void AppendDotString(std::string_view text, std::string* out);

}  // namespace kg::query::internal
