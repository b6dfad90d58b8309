// libFuzzer target: ReadArticleText on any bytes, with the reader picked by
// the first byte, then the built-in extractor on the article. Beyond "no
// crash, no sanitizer report" it checks what Article promises (valid UTF-8
// without "\r" in text and title, a date that is empty or YYYY-MM-DD) and
// that every triple's names and offsets lie inside the article.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "extract/extract.h"
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static constexpr const char* kNames[] = {"a.txt", "a.md", "a.html", "a.jsonl"};
  const char* name = kNames[data[0] % 4];
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
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
