// extract/reader_formats.h: internal; see extract/extract.h.
// One function per article format. Each takes the raw bytes of a file and
// returns text that still needs CleanText() (text_hygiene.h) where noted.
#pragma once

#include <functional>
#include <istream>
#include <string>
#include <string_view>

#include "base/status.h"
#include "extract/extract.h"

namespace kg::extract {

// Markdown to plain text: heading marks, emphasis, link targets, images,
// code fences and HTML comments removed; list bullets stay as line starts.
// Line structure is kept. The title is the front matter's `title:` or the
// first "# " heading; the date (raw) the front matter's `date:`.
// Works on any bytes (markup is ASCII).
struct MarkdownContent {
  std::string text;
  std::string title;
  std::string date;
};
MarkdownContent MarkdownToText(std::string_view markdown);

// What an HTML page holds for us. `text` is the body with block elements as
// line breaks and page furniture (script, style, nav, header, footer,
// aside, form, noscript) dropped.
struct HtmlContent {
  std::string text;
  std::string title;
  std::string date;  // raw, from <meta property="article:published_time"> or <time datetime>
};
// REQUIRES: `html` is valid UTF-8 (DecodeToUtf8).
HtmlContent HtmlToText(std::string_view html);

// How deep the page's elements nest, counted from its tags (an upper bound:
// unclosed <p> and <li> count as open). Linear time.
size_t EstimateHtmlDepth(std::string_view html);

// Text of a page by deleting tags (block tags become line breaks), script
// and style bodies and comments, and decoding basic entities. Linear time;
// for pages too deep for Gumbo.
std::string StripHtmlTags(std::string_view html);

// Reads JSON Lines articles ({"id", "text", "title"?, "date"?, "url"?} per
// line). `on_bad_line` gets a line's number (from 1) and what is wrong with
// it; a non-OK Status from `on_article` stops the reading and is returned.
Status ReadJsonLines(
    std::string_view bytes, const std::string& source,
    const std::function<Status(Article&&)>& on_article,
    const std::function<void(size_t line, const std::string& reason)>& on_bad_line);

// The same, read from a stream a block at a time, so memory does not grow
// with the file: a corpus of any size streams through. `first_bytes` are
// bytes already taken from the stream (to sniff its format). A line longer
// than `max_line_bytes` is reported to `on_bad_line` and skipped without
// holding it whole. A read error is returned.
Status ReadJsonLinesStream(
    std::istream& in, std::string_view first_bytes, const std::string& source,
    const std::function<Status(Article&&)>& on_article,
    const std::function<void(size_t line, const std::string& reason)>& on_bad_line,
    size_t block_bytes = 1 << 20, size_t max_line_bytes = 256u << 20);

// Fills an Article from text a reader extracted: cleans text and title
// (CleanText), empties boilerplate lines, and parses `date` (raw, from
// metadata), falling back to a date in the header lines when it is empty or
// not a date.
Article MakeArticle(std::string id, std::string_view raw_text, std::string title, std::string date,
                    std::string source);

}  // namespace kg::extract
