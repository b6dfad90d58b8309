// Boilerplate lines (patterns from data/boilerplate.json) and header dates.
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "extract/builtin_data.h"
#include "extract/literal_filter.h"
#include "extract/text_hygiene.h"

namespace kg::extract {
namespace {

constexpr std::string_view kBoilerplateFile = "boilerplate.json";

struct BoilerplatePattern {
  std::string name;
  bool cut = false;  // remove the match only, not the line
  std::unique_ptr<RE2> regex;
  // RequiredLiterals() of the pattern: a line without them is no match, and
  // the pattern is not run on it (most lines). Empty: it runs on every line.
  LiteralClauses required;
  std::vector<std::vector<int>> required_atoms;  // the same, as indexes into the atoms
};

struct BoilerplateRules {
  Status status;
  size_t max_line_bytes = 0;
  std::vector<BoilerplatePattern> patterns;
  // Every pattern's required strings, then the two characters RE2 folds to
  // ASCII letters (from first_folded_atom on): all found in one pass over a
  // line. Null when it could not be built: then every pattern runs.
  std::unique_ptr<AtomFinder> atoms;
  int first_folded_atom = 0;
};

// Builds rules->atoms and each pattern's required_atoms.
void IndexRequiredLiterals(BoilerplateRules* rules) {
  std::vector<std::string> atoms;
  for (BoilerplatePattern& pattern : rules->patterns) {
    for (const std::vector<std::string>& clause : pattern.required) {
      std::vector<int>& ids = pattern.required_atoms.emplace_back();
      for (const std::string& atom : clause) {
        auto at = std::find(atoms.begin(), atoms.end(), atom);
        ids.push_back(static_cast<int>(at - atoms.begin()));
        if (at == atoms.end()) atoms.push_back(atom);
      }
    }
  }
  rules->first_folded_atom = static_cast<int>(atoms.size());
  for (const char* folded : {"\xE2\x84\xAA", "\xC5\xBF"}) atoms.emplace_back(folded);
  rules->atoms = std::make_unique<AtomFinder>(atoms);
  if (!rules->atoms->ok()) rules->atoms.reset();
}

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
  pattern.required = RequiredLiterals(pattern.regex->pattern());
  // Lines are compared with ASCII case folded: a string beyond ASCII, which
  // RE2 may fold otherwise, makes the pattern run on every line.
  for (const std::vector<std::string>& clause : pattern.required) {
    for (const std::string& atom : clause) {
      if (std::any_of(atom.begin(), atom.end(), [](char c) { return c & 0x80; }))
        pattern.required.clear();
    }
    if (pattern.required.empty()) break;
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
  IndexRequiredLiterals(&rules);
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

// Whether one string of each of a pattern's clauses is among `found` (sorted
// atom indexes).
bool HoldsRequired(const std::vector<std::vector<int>>& required, const std::vector<int>& found) {
  return std::all_of(required.begin(), required.end(), [&](const std::vector<int>& clause) {
    return std::any_of(clause.begin(), clause.end(), [&](int atom) {
      return std::binary_search(found.begin(), found.end(), atom);
    });
  });
}

// The line with boilerplate removed: "" for a boilerplate line.
std::string CleanLine(std::string_view line, const BoilerplateRules& rules) {
  std::string_view trimmed = TrimSpaces(line);
  if (trimmed.empty() || trimmed.size() > rules.max_line_bytes) return std::string(line);
  std::string kept(trimmed);
  thread_local std::vector<int> found;
  bool filter = false;  // whether `found` holds the atoms of `kept`
  auto scan = [&] {
    found.clear();
    if (rules.atoms) rules.atoms->Find(kept, &found);
    filter = rules.atoms && (found.empty() || found.back() < rules.first_folded_atom);
  };
  scan();
  for (const BoilerplatePattern& pattern : rules.patterns) {
    // A pattern whose strings the line lacks matches nowhere in it: no full
    // match, nothing to cut.
    if (filter && !HoldsRequired(pattern.required_atoms, found)) continue;
    if (pattern.cut) {
      if (RE2::GlobalReplace(&kept, *pattern.regex, "") > 0) scan();
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
