// Names of the export formats, as the CLI spells them.
#include <string>

#include "query/query.h"

namespace kg::query {

Result<ExportFormat> ParseExportFormat(std::string_view name) {
  if (name == "graphml") return ExportFormat::kGraphML;
  if (name == "gexf") return ExportFormat::kGexf;
  if (name == "json") return ExportFormat::kJson;
  if (name == "dot") return ExportFormat::kDot;
  if (name == "csv") return ExportFormat::kCsv;
  if (name == "ntriples" || name == "nt") return ExportFormat::kNTriples;
  return Status::InvalidArgument("unknown export format \"" + std::string(name) +
                                 "\" (expected graphml, gexf, json, dot, csv or ntriples)");
}

}  // namespace kg::query
