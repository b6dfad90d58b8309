// JsonWriter (query/json_writer.h).
#include "query/json_writer.h"

#include <cmath>

#include <fmt/format.h>

#include "query/escape.h"

namespace kg::query::internal {

void JsonWriter::Flush() {
  out_->append(buffer_, used_);
  used_ = 0;
}

void JsonWriter::AppendLong(std::string_view text) {
  Flush();
  out_->append(text);
}

void JsonWriter::NewLine(size_t depth) {
  if (indent_ < 0) return;
  if (IndentFits(depth)) {
    Used(WriteNewLine(depth, Room(kNewLineAndSpaces.size())));
    return;
  }
  Flush();
  out_->push_back('\n');
  out_->append(depth * static_cast<size_t>(indent_), ' ');
}

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (counts_.empty()) return;
  if (counts_.back()++ > 0) Append(",");
  NewLine(counts_.size());
}

void JsonWriter::Key(const PlainKey& key) {
  const bool first = counts_.back()++ == 0;
  after_key_ = true;
  if (indent_ >= 0 && !IndentFits(counts_.size())) {  // nested deeper than answers are
    if (!first) Append(",");
    NewLine(counts_.size());
    Append(std::string_view(key.data(), key.size()));
    Append(" ");
    return;
  }
  // A comma, the line break and indentation, the quoted key and its colon,
  // in copies of a fixed size.
  char* at = Room(1 + kNewLineAndSpaces.size() + PlainKey::kBufferBytes + 1);
  if (!first) *at++ = ',';
  if (indent_ >= 0) at = WriteNewLine(counts_.size(), at);
  std::memcpy(at, key.data(), PlainKey::kBufferBytes);
  at += key.size();
  if (indent_ >= 0) *at++ = ' ';
  Used(at);
}

void JsonWriter::EscapedKey(std::string_view key) {
  const bool first = counts_.back()++ == 0;
  after_key_ = true;
  if (!first) Append(",");
  NewLine(counts_.size());
  const size_t most = MaxJsonStringBytes(key.size());
  if (most > kBufferBytes) {
    Flush();
    AppendJsonString(key, out_);
  } else {
    Used(WriteJsonString(key, Room(most)));
  }
  Append(indent_ < 0 ? ":" : ": ");
}

void JsonWriter::Open(char bracket) {
  BeforeValue();
  Append(std::string_view(&bracket, 1));
  counts_.push_back(0);
}

void JsonWriter::Close(char bracket) {
  bool empty = counts_.back() == 0;
  counts_.pop_back();
  if (!empty) NewLine(counts_.size());
  Append(std::string_view(&bracket, 1));
  AfterValue();
}

void JsonWriter::String(std::string_view value) {
  BeforeValue();
  const size_t most = MaxJsonStringBytes(value.size());
  if (most > kBufferBytes) {
    Flush();
    AppendJsonString(value, out_);
  } else {
    Used(WriteJsonString(value, Room(most)));
  }
  AfterValue();
}

void JsonWriter::Int(int64_t value) {
  BeforeValue();
  fmt::format_int digits(value);
  Append(std::string_view(digits.data(), digits.size()));
  AfterValue();
}

void JsonWriter::UInt(uint64_t value) {
  BeforeValue();
  fmt::format_int digits(value);
  Append(std::string_view(digits.data(), digits.size()));
  AfterValue();
}

void JsonWriter::Double(double value) {
  BeforeValue();
  if (!std::isfinite(value)) {
    Append("null");
    AfterValue();
    return;
  }
  char digits[64];
  const std::string_view text(digits, fmt::format_to_n(digits, sizeof(digits), "{}", value).size);
  Append(text);
  // "1" would read back as an integer; JSON readers keep 1.0 a number with a
  // fraction, as nlohmann writes it.
  if (text.find_first_of(".en") == std::string_view::npos) Append(".0");
  AfterValue();
}

void JsonWriter::Bool(bool value) {
  BeforeValue();
  Append(value ? std::string_view("true") : std::string_view("false"));
  AfterValue();
}

void JsonWriter::Null() {
  BeforeValue();
  Append("null");
  AfterValue();
}

}  // namespace kg::query::internal
