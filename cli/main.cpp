// kg: build a knowledge graph from articles and ask it questions.
// Parses flags into the option structs of cli/commands.h and maps the
// returned Status to an exit code: 0 ok, 1 user error, 2 internal error.
#include <malloc.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/query_commands.h"

namespace kg::cli {
namespace {

constexpr int kExitUserError = 1;
constexpr int kExitInternalError = 2;

std::filesystem::path DefaultDb() {
  const char* env = std::getenv("KG_DB");
  return (env != nullptr && *env != '\0') ? std::filesystem::path(env) : "kg.db";
}

void AddDbOption(CLI::App* cmd, std::filesystem::path* db) {
  cmd->add_option("--db", *db, "database directory (default: $KG_DB, else ./kg.db)");
}

void AddExtractFlags(CLI::App* cmd, ExtractFlags* flags) {
  cmd->add_option("--rules", flags->rule_files,
                  "extra rule file (JSON); a rule named like a built-in one replaces it")
      ->check(CLI::ExistingFile);
  cmd->add_option("--gazetteer", flags->gazetteer_files,
                  "extra gazetteer file (TSV: name, type, aliases separated by |)")
      ->check(CLI::ExistingFile);
  cmd->add_option("-j,--jobs", flags->jobs, "extraction threads")->check(CLI::Range(1, 256));
}

struct Commands {
  std::filesystem::path db = DefaultDb();
  ExtractArgs extract;
  ExplainArgs explain;
  RulesArgs rules;
  IngestArgs ingest;
  ImportArgs import;
  StatsArgs stats;
  DocsArgs docs;
  CheckArgs check;
  QueryCommands query;
  std::string help_topic;
  std::function<Status()> run;
};

void AddExtractionCommands(CLI::App& app, Commands& c) {
  auto* extract = app.add_subcommand(
      "extract", "Extract triples from articles and print them as JSON Lines (SCHEMA.md)");
  extract
      ->add_option("paths", c.extract.inputs,
                   "files or directories (.txt .md .html .jsonl), - for stdin")
      ->required();
  extract->add_flag("--explain", c.extract.explain,
                    "print each triple with its rule and matched spans instead of JSON");
  extract->add_flag("--no-entities", c.extract.no_entities, "print triples only, no entity lines");
  AddExtractFlags(extract, &c.extract.flags);
  extract->callback([&c] { c.run = [&c] { return RunExtract(c.extract); }; });

  auto* explain = app.add_subcommand("explain", "Show which rules fire on a sentence and why");
  explain->add_option("sentence", c.explain.sentence, "the sentence to explain")->required();
  explain->add_option("--rule", c.explain.rule, "explain one rule: why it did or did not match");
  AddExtractFlags(explain, &c.explain.flags);
  explain->callback([&c] { c.run = [&c] { return RunExplain(c.explain); }; });

  auto* rules = app.add_subcommand("rules", "Test or list the extraction rules");
  rules->add_option("action", c.rules.action, "test: run every rule's examples; list: rule names")
      ->required()
      ->check(CLI::IsMember({"test", "list"}));
  AddExtractFlags(rules, &c.rules.flags);
  rules->callback([&c] { c.run = [&c] { return RunRules(c.rules); }; });
}

void AddStoreCommands(CLI::App& app, Commands& c) {
  auto* ingest = app.add_subcommand("ingest", "Extract articles and add them to the database");
  ingest
      ->add_option("paths", c.ingest.inputs,
                   "files or directories (.txt .md .html .jsonl), - for stdin")
      ->required();
  AddDbOption(ingest, &c.db);
  AddExtractFlags(ingest, &c.ingest.flags);
  ingest->add_flag("-q,--quiet", c.ingest.quiet, "print nothing on success");
  ingest->add_flag("--query-snapshot", c.ingest.query_snapshot,
                   "write the query snapshot (faster read-only queries; about 1.3x the store's "
                   "size) even if the store had none");
  ingest->callback([&c] {
    c.run = [&c] {
      c.ingest.db = c.db;
      return RunIngest(c.ingest);
    };
  });

  auto* import_cmd =
      app.add_subcommand("import", "Bulk-load triples in the kg extract JSON Lines format");
  import_cmd
      ->add_option("files", c.import.files,
                   "JSON Lines files from kg extract (none: with --query-snapshot, only write "
                   "the snapshot of the store as it is)")
      ->check(CLI::ExistingFile);
  AddDbOption(import_cmd, &c.db);
  import_cmd->add_flag("--query-snapshot", c.import.query_snapshot,
                       "also write the query snapshot: read-only queries answer from a "
                       "memory-mapped copy (faster; about 1.3x the store's size on disk)");
  import_cmd->callback([&c] {
    c.run = [&c] {
      c.import.db = c.db;
      return RunImport(c.import);
    };
  });

  auto* stats = app.add_subcommand("stats", "Count entities, edges and documents in the database");
  AddDbOption(stats, &c.db);
  stats->add_flag("--json", c.stats.json, "print JSON");
  stats->callback([&c] {
    c.run = [&c] {
      c.stats.db = c.db;
      return RunStats(c.stats);
    };
  });

  auto* docs = app.add_subcommand("docs", "List documents, or remove one with its evidence");
  docs->add_option("action", c.docs.action, "list | rm")
      ->required()
      ->check(CLI::IsMember({"list", "rm"}));
  docs->add_option("ids", c.docs.ids, "document ids (for rm)");
  docs->add_flag("--json", c.docs.json, "print JSON (for list)");
  AddDbOption(docs, &c.db);
  docs->callback([&c] {
    c.run = [&c] {
      c.docs.db = c.db;
      return RunDocs(c.docs);
    };
  });

  auto* check = app.add_subcommand(
      "check", "Verify the database's indexes, evidence and counters; --repair fixes them");
  check->add_flag("--repair", c.check.repair,
                  "fix what can be fixed in one atomic write (rebuild indexes and edge values "
                  "from the evidence, drop orphan rows, recount)");
  AddDbOption(check, &c.db);
  check->callback([&c] {
    c.run = [&c] {
      c.check.db = c.db;
      return RunCheck(c.check);
    };
  });
}

// A bad row (a key or value that does not decode) is damage that `kg check
// --repair` may mend; RocksDB's own damage (lost or broken files) arrives
// already explained by the store.
Status ExplainDamage(const Status& status, const std::filesystem::path& db) {
  if (status.code() != Status::Code::kCorruption ||
      status.message().find(" is damaged") != std::string::npos) {
    return status;
  }
  return Status::Corruption(fmt::format(
      "database {} is damaged: {}; run `kg check --repair --db {}` to mend it, or re-ingest the "
      "articles into a new directory",
      db.string(), status.message(), db.string()));
}

int ExitCodeFor(const Status& status) {
  if (status.ok()) return 0;
  std::fprintf(stderr, "kg: %s\n", status.message().c_str());
  return status.IsUserError() ? kExitUserError : kExitInternalError;
}

int Main(int argc, char** argv) {
  CLI::App app{
      "kg: build a knowledge graph from articles and ask it questions.\n"
      "Run `kg help COMMAND` for a command's flags.",
      "kg"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "show every command's flags");
  Commands c;
  AddExtractionCommands(app, c);
  AddStoreCommands(app, c);
  AddQueryCommands(app, c.db, c.query, c.run);

  auto* help = app.add_subcommand("help", "Show help for a command: kg help COMMAND");
  help->add_option("command", c.help_topic, "the command");
  help->callback([&] {
    c.run = [&]() -> Status {
      if (c.help_topic.empty()) {
        std::fputs(app.help().c_str(), stdout);
        return Status::Ok();
      }
      for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
        if (sub->check_name(c.help_topic)) {
          std::fputs(sub->help().c_str(), stdout);
          return Status::Ok();
        }
      }
      return Status::InvalidArgument("no command named \"" + c.help_topic +
                                     "\"; run `kg --help` for the list");
    };
  });

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string where;
    for (const CLI::App* sub : app.get_subcommands()) where = sub->get_name();
    std::fprintf(stderr, "kg: %s (see `kg help%s%s`)\n", e.what(), where.empty() ? "" : " ",
                 where.c_str());
    return kExitUserError;
  }
  Status status = c.run ? c.run() : Status::InvalidArgument("no command given; see kg --help");
  if (status.ok()) status = FlushStandardOutput();
  return ExitCodeFor(ExplainDamage(status, c.db));
}

}  // namespace
}  // namespace kg::cli

int main(int argc, char** argv) {
  // glibc hands freed memory of worker threads' arenas back to the kernel
  // (madvise) and takes it again on the next article: 3% of `kg extract` went
  // to that and its page faults. Keep up to 256 MiB of freed memory instead.
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  try {
    return kg::cli::Main(argc, argv);
  } catch (const std::system_error& e) {
    // fmt::print throws this when it cannot write (standard output on a full disk).
    if (std::string_view(e.what()).starts_with("cannot write to file")) {
      kg::Status failed = kg::cli::WriteFailed("to standard output", e.code().value());
      std::fprintf(stderr, "kg: %s\n", failed.message().c_str());
      return 1;
    }
    std::fprintf(stderr, "kg: internal error: %s\n", e.what());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kg: internal error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "kg: internal error\n");
  }
  return 2;
}
