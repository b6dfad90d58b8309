// query/json_writer.h: internal to query/; the public contract is query/query.h.
//
// Writes JSON straight into a string, in the layout of nlohmann's dump():
// compact, or pretty with `indent` spaces. Answers are written row by row as
// they are presented, instead of being built as a tree of nodes and dumped:
// the tree, its copies and its dump were most of a neighbourhood query's time.
// Strings are escaped by AppendJsonString (query/escape.h): invalid UTF-8
// becomes U+FFFD, so the output is always valid JSON.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kg::query::internal {

class JsonWriter {
 public:
  // indent < 0: compact; otherwise one member or item a line, nested levels
  // indented by `indent` spaces.
  explicit JsonWriter(std::string* out, int indent = -1) : out_(out), indent_(indent) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }

  // Later output goes to `out`, continuing the document where it stands:
  // the texts written to each output, concatenated, are the document.
  void SetOutput(std::string* out) { out_ = out; }

  // Inside an object, before each member's value.
  void Key(std::string_view key);

  void String(std::string_view value);
  void Int(int64_t value);
  void UInt(uint64_t value);
  void Double(double value);  // shortest round-trip form; NaN and infinities as null
  void Bool(bool value);
  void Null();

  // A member with a scalar value.
  void Member(std::string_view key, std::string_view value) {
    Key(key);
    String(value);
  }

 private:
  void Open(char bracket);
  void Close(char bracket);
  // Separator and indentation before a value (a no-op right after Key()).
  void BeforeValue();
  void NewLine(size_t depth);

  std::string* out_;
  int indent_;
  std::vector<size_t> counts_;  // values written so far at each open level
  bool after_key_ = false;
};

}  // namespace kg::query::internal
