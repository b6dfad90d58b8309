// query/json_writer.h: internal to query/; the public contract is query/query.h.
//
// Writes JSON text in the layout of nlohmann's dump(): compact, or pretty
// with `indent` spaces. Answers are written row by row as they are
// presented, instead of being built as a tree of nodes and dumped: the tree,
// its copies and its dump were most of a neighbourhood query's time.
// Strings are escaped as AppendJsonString (query/escape.h) escapes them:
// invalid UTF-8 becomes U+FFFD, so the output is always valid JSON.
//
// The text is gathered in a buffer inside the writer and reaches the output
// string when the outermost value is complete, or on Flush(): an answer is
// thousands of short pieces (keys, brackets, indentation), and appending
// each one to a std::string showed as a sixth of a 2-hop batch's time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace kg::query::internal {

// A member name known when compiling to need no escapes (a string literal of
// printable ASCII without quotes or backslashes; anything else does not
// compile), kept quoted with its colon: writing it is one copy of a fixed
// size. A 2-hop answer has some 2,000 keys.
class PlainKey {
 public:
  static constexpr size_t kMaxBytes = 28;
  template <size_t N>
  consteval PlainKey(const char (&name)[N]) {  // NOLINT: implicit, for Key("name")
    static_assert(N - 1 <= kMaxBytes, "a PlainKey is at most kMaxBytes long");
    text_[0] = '"';
    for (size_t i = 0; i + 1 < N; ++i) {
      const auto byte = static_cast<unsigned char>(name[i]);
      if (byte < 0x20 || byte >= 0x7F || byte == '"' || byte == '\\') {
        throw "a PlainKey needs no escapes: use JsonWriter::EscapedKey";
      }
      text_[i + 1] = name[i];
    }
    text_[N] = '"';
    text_[N + 1] = ':';
    size_ = N + 2;
  }
  // `"name":`, in a buffer of kBufferBytes.
  const char* data() const { return text_; }
  size_t size() const { return size_; }
  static constexpr size_t kBufferBytes = kMaxBytes + 4;

 private:
  char text_[kBufferBytes] = {};
  size_t size_ = 0;
};

class JsonWriter {
 public:
  // indent < 0: compact; otherwise one member or item a line, nested levels
  // indented by `indent` spaces.
  explicit JsonWriter(std::string* out, int indent = -1) : out_(out), indent_(indent) {}
  // Writes the next items of an array that another writer, with the same
  // `indent`, has open at `depth` (>= 1) levels of nesting and has written
  // `items_before` items of (its own or other writers'): each value written
  // is one item, with the separator and line break that writer would have
  // put before it. Flush() after the last; then that writer is told of them
  // (ItemsWrittenElsewhere) before it closes the array. This lets the items
  // of one array be written on several threads.
  JsonWriter(std::string* out, int indent, size_t depth, size_t items_before)
      : out_(out), indent_(indent), counts_(depth, 1) {
    counts_.back() = items_before;
  }
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }

  // Appends the text written so far to the output.
  void Flush();

  // `count` items of the innermost open array were written by other writers
  // (see the item writer's constructor): the next separator, and the line
  // break before the closing bracket, follow from them.
  void ItemsWrittenElsewhere(size_t count) { counts_.back() += count; }

  // Inside an object, before each member's value.
  void Key(const PlainKey& key);
  // A key that may need escapes (one read from a query file).
  void EscapedKey(std::string_view key);

  void String(std::string_view value);
  void Int(int64_t value);
  void UInt(uint64_t value);
  void Double(double value);  // shortest round-trip form; NaN and infinities as null
  void Bool(bool value);
  void Null();

  // A member with a scalar value.
  void Member(const PlainKey& key, std::string_view value) {
    Key(key);
    String(value);
  }

 private:
  static constexpr size_t kBufferBytes = 8192;
  // A line break and the most spaces a line is indented by without a loop;
  // copied whole, the writer then moving past only the spaces it needs.
  static constexpr std::string_view kNewLineAndSpaces =
      "\n                                                               ";

  void Open(char bracket);
  void Close(char bracket);
  // Separator and indentation before a value (a no-op right after Key()).
  void BeforeValue();
  void NewLine(size_t depth);
  // After each value: the text goes out once the outermost value is done.
  void AfterValue() {
    if (counts_.empty()) Flush();
  }
  // Inline, so that appends of literals are copies of a known size.
  void Append(std::string_view text) {
    if (text.size() > kBufferBytes) return AppendLong(text);
    char* at = Room(text.size());
    std::memcpy(at, text.data(), text.size());
    Used(at + text.size());
  }
  void AppendLong(std::string_view text);
  // Room for `bytes` more in the buffer (REQUIRES: bytes <= kBufferBytes);
  // the caller writes there and moves used_ past what it wrote.
  char* Room(size_t bytes) {
    if (kBufferBytes - used_ < bytes) Flush();
    return buffer_ + used_;
  }
  void Used(const char* end) { used_ = static_cast<size_t>(end - buffer_); }
  // The line break and indentation of a line at `depth`, at `at`, which has
  // room for kNewLineAndSpaces; returns the end.
  char* WriteNewLine(size_t depth, char* at) const {
    std::memcpy(at, kNewLineAndSpaces.data(), kNewLineAndSpaces.size());
    return at + 1 + depth * static_cast<size_t>(indent_);
  }
  bool IndentFits(size_t depth) const {
    return depth * static_cast<size_t>(indent_) < kNewLineAndSpaces.size();
  }

  std::string* out_;
  int indent_;
  std::vector<size_t> counts_;  // values written so far at each open level
  bool after_key_ = false;
  size_t used_ = 0;
  char buffer_[kBufferBytes];
};

}  // namespace kg::query::internal
