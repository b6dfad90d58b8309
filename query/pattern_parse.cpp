// ParsePattern (query/query.h): "Organization -developed-> Technique
// -based_on*1..3-> Technique" into a Pattern.
#include <cctype>
#include <string>

#include <fmt/format.h>

#include "query/query.h"

namespace kg::query {
namespace {

// Long variable-length chains enumerate exponentially many simple paths.
constexpr int kMaxStepHops = 10;

class PatternParser {
 public:
  explicit PatternParser(std::string_view text) : text_(text) {}

  Result<Pattern> Parse() {
    Pattern pattern;
    KG_RETURN_IF_ERROR(ParseNode(&pattern));
    while (SkipSpaces(), pos_ < text_.size()) {
      KG_RETURN_IF_ERROR(ParseStep(&pattern));
      SkipSpaces();
      if (pos_ == text_.size()) return Error("expected a node after the step", pos_);
      KG_RETURN_IF_ERROR(ParseNode(&pattern));
    }
    return pattern;
  }

 private:
  // "what at column N", then the pattern and a caret under the token.
  Status Error(const std::string& what, size_t at) const {
    return Status::InvalidArgument(fmt::format("pattern: {} at column {}\n  {}\n  {}^", what,
                                               at + 1, text_, std::string(at, ' ')));
  }

  void SkipSpaces() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool Peek(std::string_view s) const { return text_.substr(pos_).starts_with(s); }
  std::string_view Word() {
    size_t begin = pos_;
    while (pos_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) {
      ++pos_;
    }
    return text_.substr(begin, pos_ - begin);
  }

  Result<std::string> QuotedName() {
    size_t begin = pos_++;
    size_t close = text_.find('"', pos_);
    if (close == std::string_view::npos) return Error("unterminated quoted name", begin);
    std::string name(text_.substr(pos_, close - pos_));
    pos_ = close + 1;
    if (name.empty()) return Error("empty quoted name", begin);
    return name;
  }

  Status ParseNode(Pattern* pattern) {
    SkipSpaces();
    std::optional<EntityType> type;
    std::optional<std::string> name;
    size_t begin = pos_;
    if (Peek("*")) {
      ++pos_;
    } else if (Peek("\"")) {
      Result<std::string> quoted = QuotedName();
      if (!quoted.ok()) return quoted.status();
      name = std::move(*quoted);
    } else {
      std::string_view word = Word();
      if (word.empty()) return Error("expected a node (a type, * or a quoted name)", begin);
      Result<EntityType> parsed = extract::ParseEntityType(word);
      if (!parsed.ok()) return Error(parsed.status().message(), begin);
      type = *parsed;
      if (Peek(":\"")) {
        ++pos_;
        Result<std::string> quoted = QuotedName();
        if (!quoted.ok()) return quoted.status();
        name = std::move(*quoted);
      }
    }
    pattern->node_types.push_back(type);
    pattern->node_names.push_back(std::move(name));
    return Status::Ok();
  }

  Status ParseStep(Pattern* pattern) {
    PatternStep step;
    size_t begin = pos_;
    if (Peek("<-")) {
      step.forward = false;
      pos_ += 2;
    } else if (Peek("-")) {
      pos_ += 1;
    } else {
      return Error("expected a step (-relation-> or <-relation-)", begin);
    }
    size_t word_at = pos_;
    std::string_view word = Word();
    if (word.empty()) return Error("expected a relation name", word_at);
    Result<Relation> relation = extract::ParseRelation(word);
    if (!relation.ok()) return Error(relation.status().message(), word_at);
    step.relation = *relation;
    KG_RETURN_IF_ERROR(ParseHops(&step));
    std::string_view close = step.forward ? "->" : "-";
    if (!Peek(close)) return Error(fmt::format("expected \"{}\" to close the step", close), pos_);
    pos_ += close.size();
    if (!step.forward && Peek(">")) {
      return Error("a step points one way: use -rel-> or <-rel-", begin);
    }
    pattern->steps.push_back(step);
    return Status::Ok();
  }

  // "*N" or "*MIN..MAX" after the relation name.
  Status ParseHops(PatternStep* step) {
    if (!Peek("*")) return Status::Ok();
    size_t begin = pos_++;
    Result<int> min = Number();
    if (!min.ok()) return min.status();
    int max = *min;
    if (Peek("..")) {
      pos_ += 2;
      Result<int> parsed = Number();
      if (!parsed.ok()) return parsed.status();
      max = *parsed;
    }
    if (*min < 1 || max < *min || max > kMaxStepHops) {
      return Error(fmt::format("hop range {}..{} is invalid (expected 1 <= MIN <= MAX <= {})", *min,
                               max, kMaxStepHops),
                   begin);
    }
    step->min_hops = *min;
    step->max_hops = max;
    return Status::Ok();
  }

  Result<int> Number() {
    size_t begin = pos_;
    int value = 0;
    while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
      if (value > 1000) return Error("hop count is too large", begin);
      value = value * 10 + (text_[pos_++] - '0');
    }
    if (pos_ == begin) return Error("expected a number of hops", begin);
    return value;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

Result<Pattern> ParsePattern(std::string_view text) { return PatternParser(text).Parse(); }

}  // namespace kg::query
