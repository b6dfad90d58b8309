// cli/commands.h: internal to the kg command.
// One function per subcommand; main.cpp parses flags into these structs and
// turns the returned Status into a message and an exit code.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "extract/extract.h"

namespace kg::cli {

// "cannot write WHAT: <strerror(error)>; <what to do>" for an output that
// failed (what: "to standard output", "/path/kg.graphml"); a user error.
Status WriteFailed(std::string_view what, int error);
// fwrite() to standard output, remembering why the first failed write failed.
void WriteStandardOutput(std::string_view text);
// When standard output is a pipe, asks for a buffer of
// kStandardOutputPipeBytes instead of the usual 64 KiB: a query file's
// answer is written a piece at a time between its answers, and with room
// for a piece in the pipe the reader takes it while the next is written,
// instead of each write waiting for the reader.
inline constexpr int kStandardOutputPipeBytes = 1 << 20;
void WidenStandardOutputPipe();
// Flushes standard output and reports a write to it that failed at any
// point of the run (a full disk must not pass for success).
Status FlushStandardOutput();
// When standard output is a regular file written at its end (`> answer.json`),
// a function that removes what this process has written to it since (flushes,
// then truncates the file back to its length now); empty otherwise (a pipe, a
// terminal, `>>` or a file opened in its middle), where what is written stays.
std::function<Status()> TakeBackStandardOutput();

// Flags every command that extracts shares.
struct ExtractFlags {
  std::vector<std::filesystem::path> rule_files;
  std::vector<std::filesystem::path> gazetteer_files;
  int jobs = 1;
  extract::ExtractorOptions ToOptions() const;
};

struct ExtractArgs {
  std::vector<std::filesystem::path> inputs;
  ExtractFlags flags;
  bool explain = false;      // print rule and matched spans instead of JSON
  bool no_entities = false;  // triples only
};
Status RunExtract(const ExtractArgs& args);

struct ExplainArgs {
  std::string sentence;
  std::string rule;  // empty: every rule
  ExtractFlags flags;
};
Status RunExplain(const ExplainArgs& args);

struct RulesArgs {
  std::string action;  // "test" or "list"
  ExtractFlags flags;
};
Status RunRules(const RulesArgs& args);

struct IngestArgs {
  std::filesystem::path db;
  std::vector<std::filesystem::path> inputs;
  ExtractFlags flags;
  bool quiet = false;
  bool query_snapshot = false;  // write the query snapshot even if there was none
};
Status RunIngest(const IngestArgs& args);

struct ImportArgs {
  std::filesystem::path db;
  std::vector<std::filesystem::path> files;
  bool query_snapshot = false;  // write the query snapshot after loading
};
Status RunImport(const ImportArgs& args);

struct StatsArgs {
  std::filesystem::path db;
  bool json = false;
};
Status RunStats(const StatsArgs& args);

struct DocsArgs {
  std::filesystem::path db;
  std::string action;  // "list" or "rm"
  std::vector<std::string> ids;
  bool json = false;
};
Status RunDocs(const DocsArgs& args);

struct CheckArgs {
  std::filesystem::path db;
  bool repair = false;  // fix what can be fixed (opens the database writable)
};
// Prints one line per problem; a user error (exit 1) when problems remain.
Status RunCheck(const CheckArgs& args);

}  // namespace kg::cli
