// extract/inferred_triples.h: internal; see extract/extract.h.
// What the inferences after the rules (extractor.cpp, compared_benchmarks.cpp)
// share: an inferred triple never repeats one already read.
#pragma once

#include <algorithm>
#include <utility>
#include <vector>

#include "extract/extract.h"

namespace kg::extract {

// Adds `t` to `inferred` unless `triples` or `inferred` already relate its
// two names by its relation: inferences never repeat a rule's triple.
inline void AddIfNew(Triple t, const std::vector<Triple>& triples, std::vector<Triple>* inferred) {
  auto same = [&t](const Triple& x) {
    return x.relation == t.relation && x.subject.name == t.subject.name &&
           x.object.name == t.object.name;
  };
  if (std::none_of(triples.begin(), triples.end(), same) &&
      std::none_of(inferred->begin(), inferred->end(), same))
    inferred->push_back(std::move(t));
}

}  // namespace kg::extract
