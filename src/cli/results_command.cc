// `esep results DIR`: the statement of results of an election directory, recomputed from
// its published tables.

#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "base/text.h"
#include "cli/commands.h"
#include "cli/election_directory.h"
#include "report/statement_report.h"
#include "service/statement.h"

namespace esep::cli {

namespace {

struct ResultsFlags {
  std::string directory;
  std::optional<std::string> rule_set;
  uint64_t seed = 0;
  std::string format = "text";
};

Status RunResults(const ResultsFlags& flags) {
  ASSIGN_OR_RETURN(
      const results::StatementOfResults statement,
      service::ComputeStatement({.directory = ResolveElectionDirectory(flags.directory),
                                 .rule_set = flags.rule_set,
                                 .seed = flags.seed}));
  if (flags.format == "json") {
    std::cout << report::StatementJson(statement).dump(2, ' ', false,
                                                       nlohmann::json::error_handler_t::replace)
              << "\n";
  } else {
    std::cout << EscapeControlCharacters(report::StatementText(statement));
  }
  return OkStatus();
}

}  // namespace

void AddResultsCommand(CLI::App& app, Action& run) {
  auto flags = std::make_shared<ResultsFlags>();
  CLI::App* command = app.add_subcommand(
      "results", "Recompute an election's statement of results from its published tables.");
  command
      ->add_option("DIR", flags->directory,
                   "election directory holding election.json (or a bundled id such as "
                   "kz-majilis-2023)")
      ->required();
  command->add_option("--rules", flags->rule_set,
                      "apply another rule set (what-if), e.g. kz-majilis-2012; default: the one "
                      "election.json names");
  command->add_option("--seed", flags->seed, "seed of any drawing of lots")->default_val(0);
  command->add_option("--format", flags->format, "text (default) | json")
      ->check(CLI::IsMember({"text", "json"}));
  command->footer(
      "Examples:\n"
      "  esep results data/elections/kz-majilis-2023\n"
      "  esep results kz-majilis-2023 --format json > statement.json\n"
      "  esep results kz-majilis-2023 --rules kz-majilis-2012   # the 2023 votes under 7%, 98 "
      "list seats\n"
      "\n"
      "The statement shows the national and regional list results with percentages, the\n"
      "threshold test, the seat allocation step by step, the district winners with margins,\n"
      "turnout, the composition of the house, and every published figure that does not follow\n"
      "from the others.");
  command->callback([flags, &run] { run = [flags] { return RunResults(*flags); }; });
}

}  // namespace esep::cli
