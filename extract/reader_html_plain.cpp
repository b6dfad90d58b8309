// A plain tag stripper for pages Gumbo should not parse: Gumbo's time grows
// with the square of the element depth (100 000 nested <div>: 22 s), so a
// hostile page goes through this linear scan instead.
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

#include "extract/reader_formats.h"
#include "extract/reader_utf8.h"

namespace kg::extract {
namespace {

bool IsVoidElement(std::string_view tag) {
  static constexpr std::string_view kVoid[] = {"area",  "base",   "br",    "col",  "embed",
                                               "hr",    "img",    "input", "link", "meta",
                                               "param", "source", "track", "wbr"};
  for (std::string_view name : kVoid) {
    if (tag == name) return true;
  }
  return false;
}

bool IsBlockElement(std::string_view tag) {
  static constexpr std::string_view kBlock[] = {
      "p",       "div",     "br",   "li", "ul", "ol",    "h1",   "h2",
      "h3",      "h4",      "h5",   "h6", "tr", "table", "pre",  "blockquote",
      "section", "article", "main", "hr", "dt", "dd",    "title"};
  for (std::string_view name : kBlock) {
    if (tag == name) return true;
  }
  return false;
}

// The lower-case name of the tag that starts at html[pos] ('<'), or "".
std::string TagName(std::string_view html, size_t pos, bool* closing) {
  size_t at = pos + 1;
  *closing = at < html.size() && html[at] == '/';
  if (*closing) ++at;
  std::string name;
  while (at < html.size() && std::isalnum(static_cast<unsigned char>(html[at]))) {
    name += static_cast<char>(std::tolower(static_cast<unsigned char>(html[at++])));
  }
  return name;
}

// Where the construct at html[pos] ('<') ends: after "-->" for a comment,
// after the matching close tag for script and style, else after '>'.
size_t SkipMarkup(std::string_view html, size_t pos, const std::string& name, bool closing) {
  auto after = [&](std::string_view needle, size_t from) {
    size_t found = html.find(needle, from);
    return found == std::string_view::npos ? html.size() : found + needle.size();
  };
  if (html.substr(pos, 4) == "<!--") return after("-->", pos + 4);
  if (!closing && (name == "script" || name == "style")) {
    for (size_t at = html.find("</", pos + 1); at != std::string_view::npos;
         at = html.find("</", at + 2)) {
      bool is_close = false;
      if (TagName(html, at, &is_close) == name) return after(">", at);
    }
    return html.size();
  }
  return after(">", pos + 1);
}

// &amp; &lt; &gt; &quot; &apos; &nbsp; and numeric references; others stay.
size_t AppendEntity(std::string_view html, size_t pos, std::string* out) {
  static constexpr std::pair<std::string_view, char32_t> kNamed[] = {
      {"&amp;", '&'},  {"&lt;", '<'},    {"&gt;", '>'},
      {"&quot;", '"'}, {"&apos;", '\''}, {"&nbsp;", 0xA0}};
  for (const auto& [name, cp] : kNamed) {
    if (html.substr(pos, name.size()) == name) {
      AppendUtf8(cp, out);
      return name.size();
    }
  }
  size_t at = pos + 1;
  if (at < html.size() && html[at] == '#') {
    bool hex = at + 1 < html.size() && (html[at + 1] == 'x' || html[at + 1] == 'X');
    at += hex ? 2 : 1;
    char32_t cp = 0;
    size_t digits = 0;
    for (; at < html.size() && digits < 7 && std::isxdigit(static_cast<unsigned char>(html[at]));
         ++at, ++digits) {
      int digit = std::isdigit(static_cast<unsigned char>(html[at]))
                      ? html[at] - '0'
                      : std::tolower(static_cast<unsigned char>(html[at])) - 'a' + 10;
      if (!hex && digit > 9) break;
      cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(digit);
    }
    if (digits > 0 && at < html.size() && html[at] == ';') {
      bool valid = cp > 0 && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
      AppendUtf8(valid ? cp : kReplacementCharacter, out);
      return at + 1 - pos;
    }
  }
  *out += '&';
  return 1;
}

// Runs of spaces become one space, runs of line breaks at most one blank
// line, and the ends are trimmed, as a browser would show it.
std::string Squeeze(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t newlines = 0;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      ++newlines;
      space = false;
    } else if (c == ' ' || c == '\t' || c == '\f') {
      space = true;
    } else {
      if (!out.empty()) {
        if (newlines > 0) {
          out.append(std::min<size_t>(newlines, 2), '\n');
        } else if (space) {
          out += ' ';
        }
      }
      newlines = 0;
      space = false;
      out += c;
    }
  }
  return out;
}

}  // namespace

size_t EstimateHtmlDepth(std::string_view html) {
  size_t depth = 0;
  size_t deepest = 0;
  for (size_t pos = html.find('<'); pos != std::string_view::npos; pos = html.find('<', pos + 1)) {
    bool closing = false;
    std::string name = TagName(html, pos, &closing);
    if (name.empty() || IsVoidElement(name)) continue;
    size_t end = html.find('>', pos);
    bool self_closing = end != std::string_view::npos && end > pos && html[end - 1] == '/';
    if (closing) {
      depth = depth > 0 ? depth - 1 : 0;
    } else if (!self_closing) {
      deepest = std::max(deepest, ++depth);
    }
  }
  return deepest;
}

std::string StripHtmlTags(std::string_view html) {
  std::string out;
  out.reserve(html.size() / 2);
  for (size_t pos = 0; pos < html.size();) {
    if (html[pos] == '&') {
      pos += AppendEntity(html, pos, &out);
      continue;
    }
    if (html[pos] != '<') {
      out += html[pos++];
      continue;
    }
    bool closing = false;
    std::string name = TagName(html, pos, &closing);
    if (name.empty() && html.substr(pos, 4) != "<!--") {
      out += html[pos++];  // a lone '<' is text
      continue;
    }
    if (IsBlockElement(name)) out += '\n';
    pos = SkipMarkup(html, pos, name, closing);
  }
  return Squeeze(out);
}

}  // namespace kg::extract
