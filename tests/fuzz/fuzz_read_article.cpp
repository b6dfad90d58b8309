// libFuzzer target: ReadArticleText on any bytes, with the reader picked by
// the first byte, then the built-in extractor on the article. Beyond "no
// crash, no sanitizer report" it checks what Article promises (valid UTF-8
// without "\r" in text and title, a date that is empty or YYYY-MM-DD) and
// that every triple's names and offsets lie inside the article. For JSON
// Lines it also checks that the streaming reader, with a block size taken
// from the first byte, reads what the whole-buffer reader reads.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "extract/extract.h"
#include "extract/reader_formats.h"
#include "extract/reader_utf8.h"

namespace {

bool IsValidUtf8(std::string_view text) {
  for (size_t pos = 0; pos < text.size();) {
    char32_t cp = 0;
    size_t length = kg::extract::DecodeUtf8(text, pos, &cp);
    if (length == 0) return false;
    pos += length;
  }
  return true;
}

void Require(bool condition) {
  if (!condition) std::abort();
}

const kg::extract::Extractor& Builtin() {
  static const std::unique_ptr<kg::extract::Extractor> extractor = [] {
    auto made = kg::extract::Extractor::Create(kg::extract::ExtractorOptions{});
    Require(made.ok());
    return std::move(*made);
  }();
  return *extractor;
}

// "id|text|title|date|url" per article and "line: reason" per bad line.
std::vector<std::string> LinesRead(std::string_view bytes, size_t block_bytes) {
  std::vector<std::string> log;
  auto on_article = [&](kg::extract::Article&& a) {
    log.push_back(a.id + "|" + a.text + "|" + a.title + "|" + a.date + "|" + a.url);
    return kg::Status::Ok();
  };
  auto on_bad = [&](size_t line, const std::string& reason) {
    log.push_back(std::to_string(line) + ": " + reason);
  };
  if (block_bytes == 0) {
    Require(kg::extract::ReadJsonLines(bytes, "f.jsonl", on_article, on_bad).ok());
  } else {
    std::istringstream in{std::string(bytes)};
    Require(
        kg::extract::ReadJsonLinesStream(in, {}, "f.jsonl", on_article, on_bad, block_bytes).ok());
  }
  return log;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static constexpr const char* kNames[] = {"a.txt", "a.md", "a.html", "a.jsonl"};
  const char* name = kNames[data[0] % 4];
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 4 == 3) Require(LinesRead(bytes, 0) == LinesRead(bytes, 1 + data[0] / 4 % 32));
  kg::Result<kg::extract::Article> article = kg::extract::ReadArticleText(name, bytes);
  if (!article.ok()) return 0;
  Require(IsValidUtf8(article->text) && IsValidUtf8(article->title));
  Require(article->text.find('\r') == std::string::npos);
  Require(article->date.empty() || article->date.size() == 10);
  kg::extract::Extraction x = Builtin().Extract(*article);
  for (const kg::extract::Triple& t : x.triples) {
    Require(t.subject_span.begin <= t.subject_span.end &&
            t.subject_span.end <= article->text.size());
    Require(t.object_span.begin <= t.object_span.end && t.object_span.end <= article->text.size());
    Require(IsValidUtf8(t.subject.name) && IsValidUtf8(t.object.name));
  }
  return 0;
}
