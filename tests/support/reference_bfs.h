// tests/support/reference_bfs.h: slow on purpose, obviously correct.
//
// A plain breadth-first search over Store cursors with a std::queue and
// std::map, no Boost. query::Neighbours must report exactly the entities and
// depths this reports, on hundreds of random graphs.
#pragma once

#include <map>

#include "query/query.h"

namespace kg::testing {

// Every entity within options.depth hops of `center` (itself excluded),
// walking options.relations in options.direction, mapped to its depth.
// Ignores types, limit and max_visited.
std::map<graph::EntityId, int> ReferenceNeighbours(const graph::Store& store,
                                                   graph::EntityId center,
                                                   const query::NeighbourOptions& options);

}  // namespace kg::testing
