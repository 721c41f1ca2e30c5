// `esep tally DIR`: read an election's protocols, check each against the control ratios, sum
// the accepted ones up the commission tree in memory (no store), and print the result with the
// seat allocation and district winners. The quick path for a whole file of protocols.

#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/text.h"
#include "cli/commands.h"
#include "cli/election_directory.h"
#include "cli/tally_text.h"
#include "service/tally.h"

namespace esep::cli {

namespace {

struct TallyFlags {
  std::string directory;
  std::optional<std::string> protocols;
  uint64_t seed = 0;
  int64_t max_reasons = 50;
  std::string format = "text";
};

Status RunTally(const TallyFlags& flags) {
  int64_t rejected = 0;
  auto on_rejection = [&](const std::string& reason) {
    if (++rejected <= flags.max_reasons) {
      std::cerr << "rejected: " << EscapeControlCharacters(reason) << "\n";
    }
  };
  const service::TallyRequest request{.directory = ResolveElectionDirectory(flags.directory),
                                      .protocols_path = flags.protocols.value_or(""),
                                      .seed = flags.seed};
  ASSIGN_OR_RETURN(const service::TallyOutcome tally,
                   service::TallyProtocols(request, on_rejection));
  if (tally.rejected > flags.max_reasons) {
    std::cerr << fmt::format("... and {} more rejections (raise --max-reasons to see them)\n",
                             tally.rejected - flags.max_reasons);
  }
  const int64_t read = tally.accepted + tally.rejected;
  if (flags.format == "json") {
    std::cout << TallyJson(tally).dump(2, ' ', false,
                                       nlohmann::ordered_json::error_handler_t::replace)
              << "\n";
    if (tally.rejected > 0) {
      return InvalidArgumentError(fmt::format("{} of {} protocols were rejected (reasons above)",
                                              GroupThousands(tally.rejected),
                                              GroupThousands(read)));
    }
    return OkStatus();
  }
  std::cout << EscapeControlCharacters(TallyText(tally, flags.max_reasons));
  if (tally.rejected > 0) {
    return InvalidArgumentError(fmt::format(
        "{} of {} protocols were rejected (reasons above); the result counts only the accepted "
        "ones",
        GroupThousands(tally.rejected), GroupThousands(read)));
  }
  return OkStatus();
}

}  // namespace

void AddTallyCommand(CLI::App& app, Action& run) {
  auto flags = std::make_shared<TallyFlags>();
  CLI::App* command = app.add_subcommand(
      "tally", "Check and sum an election's protocols in memory and print the result.");
  command
      ->add_option("DIR", flags->directory,
                   "election directory with election.json and commissions.csv")
      ->required();
  command->add_option("--protocols", flags->protocols,
                      "protocols CSV (default DIR/protocols.csv; docs/formats/protocols-csv.md), "
                      "or JSON Lines when the name ends in .jsonl "
                      "(docs/formats/protocols-jsonl.md)");
  command->add_option("--seed", flags->seed, "seed of any drawing of lots")->default_val(0);
  command->add_option("--format", flags->format, "text (default) | json (the sums only)")
      ->check(CLI::IsMember({"text", "json"}));
  command->add_option("--max-reasons", flags->max_reasons,
                      "print at most this many rejection reasons (default 50)");
  command->footer(
      "Example:\n"
      "  esep generate --precincts 10223 --seed 1 --out /tmp/synthetic\n"
      "  esep tally /tmp/synthetic\n"
      "  esep tally /tmp/synthetic --format json   # national and district sums, for scripts\n"
      "\n"
      "Every protocol is checked against the control ratios (esep ratios); one that breaks an\n"
      "error-level ratio, or does not belong to the commission tree, is rejected with its reason\n"
      "and nothing of it is counted. Results are preliminary until every precinct has reported.");
  command->callback([flags, &run] { run = [flags] { return RunTally(*flags); }; });
}

}  // namespace esep::cli
