// Boilerplate lines (patterns from data/boilerplate.json) and header dates.
#include <re2/re2.h>

#include <cctype>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "extract/builtin_data.h"
#include "extract/text_hygiene.h"

namespace kg::extract {
namespace {

constexpr std::string_view kBoilerplateFile = "boilerplate.json";

struct BoilerplatePattern {
  std::string name;
  bool cut = false;  // remove the match only, not the line
  std::unique_ptr<RE2> regex;
};

struct BoilerplateRules {
  Status status;
  size_t max_line_bytes = 0;
  std::vector<BoilerplatePattern> patterns;
};

std::string_view FindBuiltinFile(std::string_view path) {
  for (int i = 0; i < kBuiltinFileCount; ++i) {
    if (kBuiltinFiles[i].path == path) return kBuiltinFiles[i].content;
  }
  return {};
}

Status AddPattern(const nlohmann::json& entry, BoilerplateRules* rules) {
  BoilerplatePattern pattern;
  pattern.name = entry.at("name").get<std::string>();
  std::string kind = entry.at("kind").get<std::string>();
  if (kind != "line" && kind != "cut") {
    return Status::Internal("pattern \"" + pattern.name + "\": kind \"" + kind +
                            "\" is neither \"line\" nor \"cut\"");
  }
  pattern.cut = kind == "cut";
  RE2::Options options;
  options.set_case_sensitive(false);
  options.set_log_errors(false);
  pattern.regex = std::make_unique<RE2>(entry.at("pattern").get<std::string>(), options);
  if (!pattern.regex->ok()) {
    return Status::Internal("pattern \"" + pattern.name + "\": " + pattern.regex->error());
  }
  rules->patterns.push_back(std::move(pattern));
  return Status::Ok();
}

BoilerplateRules LoadBoilerplateRules() {
  BoilerplateRules rules;
  std::string_view content = FindBuiltinFile(kBoilerplateFile);
  try {
    nlohmann::json json = nlohmann::json::parse(content);
    rules.max_line_bytes = json.at("max_line_bytes").get<size_t>();
    for (const nlohmann::json& entry : json.at("patterns")) {
      rules.status = AddPattern(entry, &rules);
      if (!rules.status.ok()) break;
    }
  } catch (const nlohmann::json::exception& e) {
    rules.status = Status::Internal(e.what());
  }
  if (!rules.status.ok()) {
    rules.status = rules.status.Annotate("extract/data/boilerplate.json (built in)");
    rules.patterns.clear();
  }
  return rules;
}

const BoilerplateRules& Boilerplate() {
  static const BoilerplateRules rules = LoadBoilerplateRules();  // compiled once
  return rules;
}

std::string_view TrimSpaces(std::string_view line) {
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  return line;
}

bool HasAlphanumeric(std::string_view line) {
  for (char c : line) {
    if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) {
      return true;
    }
  }
  return false;
}

// The line with boilerplate removed: "" for a boilerplate line.
std::string CleanLine(std::string_view line, const BoilerplateRules& rules) {
  std::string_view trimmed = TrimSpaces(line);
  if (trimmed.empty() || trimmed.size() > rules.max_line_bytes) return std::string(line);
  std::string kept(trimmed);
  for (const BoilerplatePattern& pattern : rules.patterns) {
    if (pattern.cut) {
      RE2::GlobalReplace(&kept, *pattern.regex, "");
    } else if (RE2::FullMatch(kept, *pattern.regex)) {
      return "";
    }
  }
  if (kept == trimmed) return std::string(line);
  return HasAlphanumeric(kept) ? std::string(TrimSpaces(kept)) : "";
}

}  // namespace

Status CheckBoilerplateData() { return Boilerplate().status; }

std::string DropBoilerplateLines(std::string_view text) {
  const BoilerplateRules& rules = Boilerplate();
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    out += CleanLine(line, rules);
    if (end == std::string_view::npos) break;
    out += '\n';
    text.remove_prefix(end + 1);
  }
  return out;
}

}  // namespace kg::extract
