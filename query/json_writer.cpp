// JsonWriter (query/json_writer.h).
#include "query/json_writer.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "query/escape.h"

namespace kg::query::internal {

void JsonWriter::NewLine(size_t depth) {
  if (indent_ < 0) return;
  // One append of a prefix of a newline and spaces: answers are mostly
  // short lines, and two appends a line showed in profiles.
  static constexpr std::string_view kNewLineAndSpaces =
      "\n                                                                ";
  size_t spaces = depth * static_cast<size_t>(indent_);
  if (spaces < kNewLineAndSpaces.size()) {
    out_->append(kNewLineAndSpaces.data(), spaces + 1);
    return;
  }
  out_->push_back('\n');
  out_->append(spaces, ' ');
}

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (counts_.empty()) return;
  if (counts_.back()++ > 0) out_->push_back(',');
  NewLine(counts_.size());
}

void JsonWriter::Key(std::string_view key) {
  const bool first = counts_.back()++ == 0;
  after_key_ = true;
  // The common case in one append: a comma, the line break and indentation,
  // and a key that needs no escapes. Answers are mostly keys, and five
  // appends each showed in profiles.
  const size_t spaces = indent_ < 0 ? 0 : counts_.size() * static_cast<size_t>(indent_);
  char line[96];
  if (spaces + key.size() + 6 <= sizeof(line) && IsPlainJson(key)) {
    char* at = line;
    if (!first) *at++ = ',';
    if (indent_ >= 0) {
      *at++ = '\n';
      at = std::fill_n(at, spaces, ' ');
    }
    *at++ = '"';
    at = std::copy(key.begin(), key.end(), at);
    *at++ = '"';
    *at++ = ':';
    if (indent_ >= 0) *at++ = ' ';
    out_->append(line, static_cast<size_t>(at - line));
    return;
  }
  if (!first) out_->push_back(',');
  NewLine(counts_.size());
  AppendJsonString(key, out_);
  out_->append(indent_ < 0 ? ":" : ": ");
}

void JsonWriter::Open(char bracket) {
  BeforeValue();
  out_->push_back(bracket);
  counts_.push_back(0);
}

void JsonWriter::Close(char bracket) {
  bool empty = counts_.back() == 0;
  counts_.pop_back();
  if (!empty) NewLine(counts_.size());
  out_->push_back(bracket);
}

void JsonWriter::String(std::string_view value) {
  BeforeValue();
  AppendJsonString(value, out_);
}

void JsonWriter::Int(int64_t value) {
  BeforeValue();
  fmt::format_int digits(value);
  out_->append(digits.data(), digits.size());
}

void JsonWriter::UInt(uint64_t value) {
  BeforeValue();
  fmt::format_int digits(value);
  out_->append(digits.data(), digits.size());
}

void JsonWriter::Double(double value) {
  BeforeValue();
  if (!std::isfinite(value)) {
    out_->append("null");
    return;
  }
  char digits[64];
  const std::string_view text(digits, fmt::format_to_n(digits, sizeof(digits), "{}", value).size);
  out_->append(text);
  // "1" would read back as an integer; JSON readers keep 1.0 a number with a
  // fraction, as nlohmann writes it.
  if (text.find_first_of(".en") == std::string_view::npos) out_->append(".0");
}

void JsonWriter::Bool(bool value) {
  BeforeValue();
  out_->append(value ? "true" : "false");
}

void JsonWriter::Null() {
  BeforeValue();
  out_->append("null");
}

}  // namespace kg::query::internal
