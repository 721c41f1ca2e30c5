// The `esep` subcommands. Each Add*Command registers its flags on the CLI11 app and sets
// `run` to the action; the action returns a Status that main() turns into an exit code.
// Commands are thin: they parse flags, call the library and print.

#pragma once

#include <functional>

#include <CLI/CLI.hpp>

#include "base/status.h"

namespace esep::cli {

using Action = std::function<Status()>;

void AddSeatsCommand(CLI::App& app, Action& run);
void AddResultsCommand(CLI::App& app, Action& run);
void AddRulesCommand(CLI::App& app, Action& run);
void AddRatiosCommand(CLI::App& app, Action& run);
void AddGenerateCommand(CLI::App& app, Action& run);
void AddTallyCommand(CLI::App& app, Action& run);
void AddImportCommand(CLI::App& app, Action& run);
void AddReportCommand(CLI::App& app, Action& run);
void AddExportCommand(CLI::App& app, Action& run);
void AddVerifyCommand(CLI::App& app, Action& run);
void AddKeysCommand(CLI::App& app, Action& run);
void AddAuditCommand(CLI::App& app, Action& run);
void AddUsersCommand(CLI::App& app, Action& run);
void AddServeCommand(CLI::App& app, Action& run);
void AddPublishCommand(CLI::App& app, Action& run);

}  // namespace esep::cli
