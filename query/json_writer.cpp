// JsonWriter (query/json_writer.h).
#include "query/json_writer.h"

#include <cmath>

#include <fmt/format.h>

#include "query/escape.h"

namespace kg::query::internal {

void JsonWriter::NewLine(size_t depth) {
  if (indent_ < 0) return;
  out_->push_back('\n');
  out_->append(depth * static_cast<size_t>(indent_), ' ');
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
  if (counts_.back()++ > 0) out_->push_back(',');
  NewLine(counts_.size());
  AppendJsonString(key, out_);
  out_->append(indent_ < 0 ? ":" : ": ");
  after_key_ = true;
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
  fmt::format_to(std::back_inserter(*out_), "{}", value);
}

void JsonWriter::UInt(uint64_t value) {
  BeforeValue();
  fmt::format_to(std::back_inserter(*out_), "{}", value);
}

void JsonWriter::Double(double value) {
  BeforeValue();
  if (!std::isfinite(value)) {
    out_->append("null");
    return;
  }
  size_t start = out_->size();
  fmt::format_to(std::back_inserter(*out_), "{}", value);
  // "1" would read back as an integer; JSON readers keep 1.0 a number with a
  // fraction, as nlohmann writes it.
  if (out_->find_first_of(".en", start) == std::string::npos) out_->append(".0");
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
