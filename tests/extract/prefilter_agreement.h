// tests/extract/prefilter_agreement.h: the check the prefilter tests share.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "extract/entities.h"
#include "extract/rules.h"

namespace kg::extract::testing {

// A rule's hits as "subject>object" strings, comparable across runs.
inline std::vector<std::string> HitKeys(const std::vector<RuleHit>& hits) {
  std::vector<std::string> out;
  for (const RuleHit& h : hits)
    out.push_back(std::to_string(h.subject) + ">" + std::to_string(h.object));
  return out;
}

// For every rule: one the prefilter leaves out has no hit in `masked`, and
// one it keeps gives the same hits through the prefilter's chosen patterns
// as alone. Returns how many rules fired.
inline int CheckPrefilterAgrees(const RuleSet& rules, std::string_view masked,
                                const std::vector<Mention>& mentions) {
  int fired = 0;
  std::vector<int> patterns;
  std::vector<int> candidates = rules.Candidates(masked, &patterns);
  for (size_t r = 0; r < rules.rules().size(); ++r) {
    CAPTURE(masked);
    CAPTURE(rules.rules()[r].name);
    std::vector<RuleHit> alone = rules.Apply(rules.rules()[r], masked, mentions);
    bool candidate = std::count(candidates.begin(), candidates.end(), static_cast<int>(r)) > 0;
    if (!candidate) {
      CHECK(alone.empty());
      continue;
    }
    CHECK(HitKeys(rules.Apply(rules.rules()[r], masked, mentions, nullptr, &patterns)) ==
          HitKeys(alone));
    fired += alone.empty() ? 0 : 1;
  }
  return fired;
}

}  // namespace kg::extract::testing
