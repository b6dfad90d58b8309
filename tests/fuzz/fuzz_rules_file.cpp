// libFuzzer target: a rules file (docs/RULES.md) from any bytes, parsed and
// compiled by RuleSet::AddFile() and Finish() in memory, as `--rules FILE`
// is, on top of the built-in word macros. A file that loads is then applied
// to a few masked sentences. Beyond "no crash, no sanitizer report" it
// checks what Apply() promises: hits name mentions of the sentence, with a
// type the slot allows, and the prefilter never hides a hit (every rule
// applied unfiltered finds exactly what Candidates() + Apply() find).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "extract/builtin_data.h"
#include "extract/rules.h"

namespace {

using kg::extract::EntityType;
using kg::extract::Mention;
using kg::extract::Rule;
using kg::extract::RuleHit;
using kg::extract::RuleSet;

void Require(bool condition) {
  if (!condition) std::abort();
}

struct Sentence {
  std::vector<Mention> mentions;
  std::string masked;
};

// A masked sentence as the Extractor builds it: each '@' in `shape` becomes
// the placeholder of the next mention.
Sentence Masked(std::string_view shape, std::vector<Mention> mentions) {
  Sentence s{std::move(mentions), ""};
  int next = 0;
  for (char c : shape) {
    if (c != '@') {
      s.masked += c;
      continue;
    }
    kg::extract::AppendPlaceholder(s.mentions[next], next, &s.masked);
    ++next;
  }
  Require(next == static_cast<int>(s.mentions.size()));
  return s;
}

Mention Named(std::string name, EntityType type, bool typed = true) {
  Mention m;
  m.name = std::move(name);
  m.type = type;
  m.typed = typed;
  return m;
}

const std::vector<Sentence>& Sentences() {
  static const std::vector<Sentence> sentences = {
      Masked("@, a researcher at @, said @ is based on @.",
             {Named("Dana Okafor", EntityType::kPerson),
              Named("Northfield University", EntityType::kOrganization),
              Named("FalconNet", EntityType::kTechnique), Named("ResNet", EntityType::kTechnique)}),
      Masked("@ trained @ on @ in @, and @, @ and @ released it last week.",
             {Named("OpenAI", EntityType::kOrganization),
              Named("Kestrel", EntityType::kOrganization, /*typed=*/false),
              Named("ImageNet", EntityType::kDataset), Named("Paris", EntityType::kLocation),
              Named("Google", EntityType::kOrganization), Named("Meta", EntityType::kOrganization),
              Named("Acme Labs", EntityType::kOrganization)}),
      Masked("@ outperforms @ and @ on \"@\".",
             {Named("GPT-3", EntityType::kTechnique), Named("GPT-3", EntityType::kTechnique),
              Named("BERT", EntityType::kTechnique, /*typed=*/false),
              Named("SQuAD", EntityType::kDataset)}),
      Masked("Nothing here names anyone, caf\xC3\xA9 or not.", {}),
  };
  return sentences;
}

using HitKey = std::tuple<size_t, int, int, EntityType, EntityType>;

// Checks each hit against the sentence and the rule, and adds it to `out`.
void Collect(size_t rule, const Rule& r, const Sentence& s, const std::vector<RuleHit>& hits,
             std::vector<HitKey>* out) {
  const int count = static_cast<int>(s.mentions.size());
  for (const RuleHit& h : hits) {
    Require(h.subject >= 0 && h.subject < count && h.object >= 0 && h.object < count);
    Require(std::count(r.subject.types.begin(), r.subject.types.end(), h.subject_type) == 1 ||
            !s.mentions[h.subject].typed);
    Require(std::count(r.object.types.begin(), r.object.types.end(), h.object_type) == 1 ||
            !s.mentions[h.object].typed);
    out->emplace_back(rule, h.subject, h.object, h.subject_type, h.object_type);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  RuleSet rules;
  for (int i = 0; i < kg::extract::kBuiltinFileCount; ++i) {
    const kg::extract::BuiltinFile& file = kg::extract::kBuiltinFiles[i];
    if (std::string_view(file.path) == "rules/00_macros.json") {
      Require(rules.AddFile(file.path, file.content).ok());
    }
  }
  std::string_view content(reinterpret_cast<const char*>(data), size);
  if (!rules.AddFile("fuzz.json", content).ok()) return 0;
  // Every pattern compiled alone, so the prefilter set takes them all.
  Require(rules.Finish().ok());
  for (const Sentence& s : Sentences()) {
    std::vector<HitKey> filtered, unfiltered;
    std::vector<int> patterns;
    for (int r : rules.Candidates(s.masked, &patterns)) {
      const Rule& rule = rules.rules()[r];
      Collect(r, rule, s, rules.Apply(rule, s.masked, s.mentions, nullptr, &patterns), &filtered);
    }
    for (size_t r = 0; r < rules.rules().size(); ++r) {
      const Rule& rule = rules.rules()[r];
      std::string why_not;  // as `kg explain` asks: every pattern, and the reason
      Collect(r, rule, s, rules.Apply(rule, s.masked, s.mentions, &why_not), &unfiltered);
    }
    Require(filtered == unfiltered);
  }
  return 0;
}
