// query/export_writers.h: internal to query/; the public contract is query/query.h.
//
// One streaming writer per export format. Export() feeds a writer every node
// (before any edge), then every edge, then calls End(); writers hold a small
// buffer, never the graph.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>

#include "query/query.h"

namespace kg::query::internal {

class GraphWriter {
 public:
  virtual ~GraphWriter() = default;
  virtual void Begin() {}
  virtual void Node(const Entity& entity, uint64_t degree) = 0;
  virtual void EdgesBegin() {}
  // `evidence`: one example sentence, empty if none.
  virtual void EdgeRow(const Edge& edge, const std::string& evidence) = 0;
  virtual void End() {}
  // Flushes the buffer; false when a stream failed.
  virtual bool Finish() = 0;
};

// `nodes_out` and `edges_out` may be the same stream (CSV to one stream).
std::unique_ptr<GraphWriter> MakeWriter(const ExportOptions& options, std::ostream* nodes_out,
                                        std::ostream* edges_out);

// "#4E79A7"-style colour for an entity type, shared by every format.
const char* ColourOf(EntityType type);

}  // namespace kg::query::internal
