// esep: an open election results system. main() parses the command line with CLI11, runs
// the chosen subcommand and maps its Status to an exit code (base/status.h).

#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "base/text.h"
#include "cli/commands.h"
#include "cli/source_commit.h"

namespace {

int Run(int argc, char** argv) {
  CLI::App app(
      "esep — count, account, report: turns election protocols into published, "
      "verifiable results.",
      "esep");
  app.require_subcommand(1);
  app.footer(
      "Start here:\n"
      "  esep results data/elections/kz-majilis-2023   the 2023 Mäjilis result, step by step\n"
      "  esep seats --help                             seats from your own vote counts\n"
      "  esep rules                                    the electoral laws esep knows\n"
      "  esep ratios                                   the checks every protocol must pass\n"
      "  esep generate --out DIR                       a synthetic election to try things on\n"
      "  esep tally DIR                                check and sum its protocols in memory\n"
      "  esep import --db FILE DIR                     load them into a store, kept for good\n"
      "  esep report --db FILE --level region          results at any level, from the store\n"
      "  esep export --db FILE --format err --out F    the whole election as NIST ERR JSON\n"
      "  esep verify --db FILE                         recompute the chain, totals and seats\n"
      "  esep serve --db FILE --listen ADDR:PORT       the commission server (API and web app)\n"
      "Run 'esep COMMAND --help' for a command's options and an example.");
  app.set_version_flag("--version",
                       fmt::format("esep {} ({})", ESEP_VERSION, esep::cli::kSourceCommit),
                       "print the version and the source commit esep was built from");
  esep::cli::Action run;
  esep::cli::AddResultsCommand(app, run);
  esep::cli::AddSeatsCommand(app, run);
  esep::cli::AddRulesCommand(app, run);
  esep::cli::AddRatiosCommand(app, run);
  esep::cli::AddGenerateCommand(app, run);
  esep::cli::AddTallyCommand(app, run);
  esep::cli::AddImportCommand(app, run);
  esep::cli::AddReportCommand(app, run);
  esep::cli::AddExportCommand(app, run);
  esep::cli::AddPublishCommand(app, run);
  esep::cli::AddVerifyCommand(app, run);
  esep::cli::AddKeysCommand(app, run);
  esep::cli::AddAuditCommand(app, run);
  esep::cli::AddUsersCommand(app, run);
  esep::cli::AddServeCommand(app, run);
  // One text of exit codes ends every --help (base/status.h), never a copy per command.
  app.footer(fmt::format("{}\n\n{}", app.get_footer(), esep::ExitCodesHelp()));
  for (CLI::App* command : app.get_subcommands({})) {
    command->footer(fmt::format("{}\n\n{}", command->get_footer(), esep::ExitCodesHelp()));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    std::cerr << fmt::format("esep: {}\nRun 'esep --help' or 'esep COMMAND --help' for usage.\n",
                             esep::EscapeControlCharacters(error.what()));
    return 2;  // Bad input, like every other input error (base/status.h).
  }
  if (!run) {
    return 2;
  }
  esep::Status status;
  try {
    status = run();
  } catch (const std::exception& error) {
    // Our code does not throw; this catches a third-party library's exception at the edge.
    status = esep::InternalError(error.what());
  }
  if (!status.ok()) {
    // Messages quote the user's files; a NUL or an escape sequence in them is made visible.
    std::cerr << fmt::format("esep: error: {}\n", esep::EscapeControlCharacters(status.message()));
    return esep::ExitCodeFor(status.code());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (...) {
    // Only printing to a closed or full stream can get here; report it without C++ streams.
    std::fputs("esep: internal error: an exception escaped while printing\n", stderr);
    return 70;
  }
}
