// libFuzzer target: ReadArticleText on any bytes, with the reader picked by
// the first byte. Beyond "no crash, no sanitizer report" it checks what
// Article promises: valid UTF-8 without "\r" in text and title, and a date
// that is empty or YYYY-MM-DD.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
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
  return 0;
}
