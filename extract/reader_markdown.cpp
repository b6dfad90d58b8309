// Markdown to plain text, line by line, so that line structure survives.
#include <re2/re2.h>

#include <string>
#include <string_view>

#include "extract/reader_formats.h"

namespace kg::extract {
namespace {

// Removes <!-- ... --> and keeps the newlines inside, so lines keep their
// numbers; an unclosed comment runs to the end, as in a browser.
std::string RemoveHtmlComments(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    size_t open = text.find("<!--", pos);
    if (open == std::string_view::npos) break;
    out.append(text.substr(pos, open - pos));
    size_t close = text.find("-->", open + 4);
    size_t end = close == std::string_view::npos ? text.size() : close + 3;
    for (size_t i = open; i < end; ++i) {
      if (text[i] == '\n') out += '\n';
    }
    pos = end;
  }
  if (pos < text.size()) out.append(text.substr(pos));
  return out;
}

struct InlineRule {
  RE2 regex;
  const char* rewrite;
};

// Inline markup, applied in order: images before links (an image is a link
// with a "!"), code before emphasis (stars in code are not emphasis).
const InlineRule* InlineRules(size_t* count) {
  static const InlineRule rules[] = {
      {RE2(R"(!\[[^\]]*\](\([^)]*\)|\[[^\]]*\]))"), ""},
      {RE2(R"(\[([^\]]*)\](\([^)]*\)|\[[^\]]*\]))"), R"(\1)"},
      {RE2(R"(<(https?://|mailto:)[^>]*>)"), ""},
      {RE2(R"(`+([^`]*)`+)"), R"(\1)"},
      {RE2(R"(\*\*([^*]+)\*\*)"), R"(\1)"},
      {RE2(R"(__([^_]+)__)"), R"(\1)"},
      {RE2(R"(\*([^*\s][^*]*)\*)"), R"(\1)"},
      {RE2(R"((^|\W)_([^_\s][^_]*)_(\W|$))"), R"(\1\2\3)"},
      {RE2(R"(~~([^~]+)~~)"), R"(\1)"},
      {RE2(R"(</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>)"), ""},
      {RE2(R"(\\([\\`*_{}\[\]()#+\-.!>~|]))"), R"(\1)"},
  };
  *count = sizeof rules / sizeof rules[0];
  return rules;
}

std::string StripInline(std::string_view text) {
  std::string out(text);
  size_t count = 0;
  const InlineRule* rules = InlineRules(&count);
  for (size_t i = 0; i < count; ++i) RE2::GlobalReplace(&out, rules[i].regex, rules[i].rewrite);
  return out;
}

bool IsFence(std::string_view line) {
  size_t first = line.find_first_not_of(' ');
  if (first == std::string_view::npos || first > 3) return false;
  std::string_view rest = line.substr(first);
  return rest.substr(0, 3) == "```" || rest.substr(0, 3) == "~~~";
}

// One line outside code fences to plain text; a heading's level goes to
// *heading_level (0 for other lines).
std::string StripLine(std::string_view line, int* heading_level) {
  static const RE2 heading(R"(^ {0,3}(#{1,6})(?:\s+|$)(.*?)(?:\s+#+)?\s*$)");
  static const RE2 rule_or_underline(R"(^ {0,3}([-*_=]\s*){3,}$)");
  static const RE2 reference(R"(^ {0,3}\[[^\]]+\]:\s*\S+.*$)");
  static const RE2 quote(R"(^ {0,3}(>\s?)+)");
  static const RE2 bullet(R"(^(\s*([-*+]|\d+[.)])\s+))");
  re2::StringPiece input(line.data(), line.size());
  std::string text;
  std::string hashes;
  *heading_level = 0;
  if (RE2::FullMatch(input, rule_or_underline) || RE2::FullMatch(input, reference)) return "";
  if (RE2::FullMatch(input, heading, &hashes, &text)) {
    *heading_level = static_cast<int>(hashes.size());
    return StripInline(text);
  }
  std::string unquoted(line);
  RE2::Replace(&unquoted, quote, "");
  std::string marker;
  if (RE2::PartialMatch(unquoted, bullet, &marker)) {
    return marker + StripInline(std::string_view(unquoted).substr(marker.size()));
  }
  return StripInline(unquoted);
}

std::string_view NextLine(std::string_view* rest) {
  size_t end = rest->find('\n');
  std::string_view line = rest->substr(0, end);
  rest->remove_prefix(end == std::string_view::npos ? rest->size() : end + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// YAML front matter ("---" ... "---" at the top): `title:` and `date:` are
// kept, and the block becomes empty lines. Returns false when there is none.
bool ReadFrontMatter(std::string_view* rest, MarkdownContent* content) {
  static const RE2 field(R"(^(title|date):\s*["']?(.*?)["']?\s*$)");
  if (NextLine(rest) != "---") return false;
  std::string_view scan = *rest;
  std::string blank_lines = "\n";
  while (!scan.empty()) {
    std::string_view line = NextLine(&scan);
    blank_lines += '\n';
    if (line == "---" || line == "...") {
      *rest = scan;
      content->text += blank_lines;
      return true;
    }
    std::string key, value;
    if (RE2::FullMatch(re2::StringPiece(line.data(), line.size()), field, &key, &value)) {
      (key == "title" ? content->title : content->date) = value;
    }
  }
  content->title.clear();
  content->date.clear();
  return false;  // no closing line: not front matter after all
}

}  // namespace

MarkdownContent MarkdownToText(std::string_view markdown) {
  std::string text = RemoveHtmlComments(markdown);
  MarkdownContent content;
  content.text.reserve(text.size());
  std::string_view rest = text;
  std::string_view after_front_matter = rest;
  if (ReadFrontMatter(&after_front_matter, &content)) rest = after_front_matter;
  bool in_fence = false;
  while (!rest.empty()) {
    bool last = rest.find('\n') == std::string_view::npos;
    std::string_view line = NextLine(&rest);
    int heading_level = 0;
    if (IsFence(line)) {
      in_fence = !in_fence;  // code is not prose: no entities from it
    } else if (!in_fence) {
      std::string stripped = StripLine(line, &heading_level);
      if (heading_level == 1 && content.title.empty()) content.title = stripped;
      content.text += stripped;
    }
    if (!last) content.text += '\n';
  }
  return content;
}

}  // namespace kg::extract
