// tests/graph/store_check.h: whole-store invariants and a canonical dump,
// for the crash and concurrency tests. The checks live in the library
// (Store::Check); the dump is a full scan through the public API.
#pragma once

#include <string>

#include "graph/graph.h"

namespace kg::graph::testing {

// Checks that the store holds whole documents only, with Store::Check()
// (the same checks `kg check` runs), and that Stats() agrees with its scan.
// Returns the first violation, or "" if none.
std::string CheckConsistent(const Store& store);

// Every entity (by name: type, mentions, aliases), edge (by names: weight,
// confidence, dates) and evidence row, one per line in a fixed order, ids
// left out: two stores with equal dumps hold the same graph.
std::string DumpStore(const Store& store);

}  // namespace kg::graph::testing
