// cli/article_pipeline.h: internal to the kg command.
// Reads articles from paths, extracts them on worker threads and hands the
// results to one consumer in input order, with a bounded number in flight so
// memory does not grow with the corpus.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "base/status.h"
#include "extract/extract.h"

namespace kg::cli {

// Articles are read, extracted and handed over in batches of about this
// much text or this many articles, whichever comes first.
constexpr size_t kPipelineBatchBytes = 256 << 10;
constexpr size_t kPipelineBatchArticles = 64;

struct PipelineOptions {
  // One thread extracts at about the speed the reader and writer keep up
  // with; more help when extraction dominates (kg extract -j).
  int jobs = 1;
  // Batches of articles read ahead of the consumer; bounds memory.
  size_t max_batches_in_flight = 4;
};

struct PipelineReport {
  size_t articles = 0;
  std::vector<std::string> skipped;  // "path: reason", one per unreadable input
};

// Calls `consume` once per article, in input order, on the calling thread.
// A non-OK Status from `consume` stops the run and is returned.
Result<PipelineReport> RunPipeline(
    const std::vector<std::filesystem::path>& inputs, const extract::Extractor& extractor,
    const PipelineOptions& options,
    const std::function<Status(const extract::Article&, const extract::Extraction&)>& consume);

}  // namespace kg::cli
