// kg extract, kg explain, kg rules.
#include <cstdio>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/article_pipeline.h"
#include "cli/commands.h"

namespace kg::cli {
namespace {

Result<std::unique_ptr<extract::Extractor>> MakeExtractor(const ExtractFlags& flags) {
  return extract::Extractor::Create(flags.ToOptions());
}

std::string_view Slice(const std::string& text, extract::Span span) {
  if (span.begin > span.end || span.end > text.size()) return {};
  return std::string_view(text).substr(span.begin, span.end - span.begin);
}

// Through WriteStandardOutput: fmt::print would throw on a full disk.
void PrintExplained(const extract::Article& article, const extract::Triple& t) {
  WriteStandardOutput(fmt::format(
      "{}({}:{}, {}:{})  conf {:.2f}\n  rule     {}\n  subject  \"{}\" at {}-{}\n  object   "
      "\"{}\" at {}-{}\n  doc      {}\n  sentence {}\n\n",
      extract::ToString(t.relation), extract::ToString(t.subject.type), t.subject.name,
      extract::ToString(t.object.type), t.object.name, t.confidence, t.rule,
      Slice(article.text, t.subject_span), t.subject_span.begin, t.subject_span.end,
      Slice(article.text, t.object_span), t.object_span.begin, t.object_span.end, t.doc,
      t.evidence));
}

}  // namespace

extract::ExtractorOptions ExtractFlags::ToOptions() const {
  extract::ExtractorOptions options;
  options.rule_files = rule_files;
  options.gazetteer_files = gazetteer_files;
  return options;
}

Status RunExtract(const ExtractArgs& args) {
  auto extractor = MakeExtractor(args.flags);
  if (!extractor.ok()) return extractor.status();
  PipelineOptions options;
  options.jobs = args.flags.jobs;
  std::string line;
  auto report =
      RunPipeline(args.inputs, **extractor, options,
                  [&](const extract::Article& article, const extract::Extraction& extraction) {
                    for (const auto& triple : extraction.triples) {
                      if (args.explain) {
                        PrintExplained(article, triple);
                      } else {
                        line = extract::TripleToJson(triple);
                        line += '\n';
                        WriteStandardOutput(line);
                      }
                    }
                    if (!args.explain && !args.no_entities) {
                      for (const auto& entity : extraction.entities) {
                        line = extract::EntityToJson(entity);
                        line += '\n';
                        WriteStandardOutput(line);
                      }
                    }
                    // A full disk stops the run: extracting more would be for nothing.
                    return std::ferror(stdout) ? FlushStandardOutput() : Status::Ok();
                  });
  if (!report.ok()) return report.status();
  for (const auto& skipped : report->skipped) fmt::print(stderr, "kg: skipped {}\n", skipped);
  KG_RETURN_IF_ERROR(FlushStandardOutput());
  if (!report->skipped.empty()) {
    return Status::InvalidArgument(
        fmt::format("{} input(s) could not be read (listed above); the rest was extracted",
                    report->skipped.size()));
  }
  return Status::Ok();
}

Status RunExplain(const ExplainArgs& args) {
  auto extractor = MakeExtractor(args.flags);
  if (!extractor.ok()) return extractor.status();
  auto traces = (*extractor)->Explain(args.sentence, args.rule);
  if (!traces.ok()) return traces.status();
  size_t fired = 0;
  for (const auto& trace : *traces) {
    if (!trace.fired && args.rule.empty()) continue;
    ++fired;
    fmt::print("{}: {}\n", trace.rule, trace.fired ? "fired" : "did not match");
    for (const auto& t : trace.triples) {
      fmt::print("  {}({}:{}, {}:{})  conf {:.2f}\n", extract::ToString(t.relation),
                 extract::ToString(t.subject.type), t.subject.name,
                 extract::ToString(t.object.type), t.object.name, t.confidence);
    }
    if (!trace.fired && !trace.why_not.empty()) fmt::print("  why: {}\n", trace.why_not);
  }
  if (fired == 0) fmt::print("no rule fired on this sentence\n");
  return Status::Ok();
}

Status RunRules(const RulesArgs& args) {
  auto extractor = MakeExtractor(args.flags);
  if (!extractor.ok()) return extractor.status();
  if (args.action == "list") {
    for (const auto& name : (*extractor)->RuleNames()) fmt::print("{}\n", name);
    return Status::Ok();
  }
  size_t failed = 0;
  auto results = (*extractor)->TestRules();
  for (const auto& r : results) {
    if (r.passed) continue;
    ++failed;
    fmt::print("FAIL {} ({}): {}: \"{}\"\n  {}\n", r.rule, r.file,
               r.counter_example ? "counter-example" : "example", r.sentence, r.detail);
  }
  fmt::print("{} passed, {} failed\n", results.size() - failed, failed);
  if (failed > 0) {
    return Status::InvalidArgument(fmt::format(
        "{} rule example(s) failed (listed above); fix the rule or its examples", failed));
  }
  return Status::Ok();
}

}  // namespace kg::cli
