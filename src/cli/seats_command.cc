// `esep seats`: allocate party-list seats from a CSV of votes under a named or free-form
// rule set, and show the worked steps.

#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/text.h"
#include "cli/commands.h"
#include "io/list_votes_csv.h"
#include "law/list_allocation.h"
#include "law/rule_changes.h"
#include "law/rule_set.h"
#include "report/allocation_report.h"

namespace esep::cli {

namespace {

struct SeatsFlags {
  std::string votes_path;
  std::optional<std::string> rule_set;
  law::ListRuleChanges changes;
  uint64_t seed = 0;
  std::string format = "table";
};

// The flags that changed the named rule set, as given: "--threshold 7", "--seats 50".
std::vector<std::string> RuleChanges(const law::ListRuleChanges& changes) {
  std::vector<std::string> flags = changes.Describe();
  for (std::string& flag : flags) {
    flag.insert(0, "--");
  }
  return flags;
}

// The heading of a table for a named rule set; when flags changed it, the title and law
// describe the rule set as enacted, so the heading says which rules were changed.
Result<std::string> RuleSetHeading(const std::string& name,
                                   const std::vector<std::string>& changes) {
  ASSIGN_OR_RETURN(const law::RuleSet rule_set, law::FindRuleSet(name));
  if (changes.empty()) {
    return fmt::format("Rule set {}: {}\nLaw: {}\n", rule_set.name, rule_set.title,
                       rule_set.citation);
  }
  return fmt::format(
      "Rule set {} CHANGED by {} (a what-if, not the law as enacted): the Rules line below is "
      "what was applied.\nAs enacted: {}\nLaw: {}\n",
      rule_set.name, fmt::join(changes, ", "), rule_set.title, rule_set.citation);
}

Status RunSeats(const SeatsFlags& flags) {
  ASSIGN_OR_RETURN(const law::ListRules rules,
                   law::ApplyRuleChanges(flags.rule_set, flags.changes, flags.seed));
  ASSIGN_OR_RETURN(law::ListContestVotes votes, io::ReadListVotesCsv(flags.votes_path));
  Result<law::ListAllocation> allocation = law::AllocateListSeats(votes, rules);
  if (!allocation.has_value()) {
    return allocation.error().WithContext(flags.votes_path);
  }
  if (flags.format == "json") {
    nlohmann::json json = report::AllocationJson(*allocation);
    json["rule_set"] = flags.rule_set ? nlohmann::json(*flags.rule_set) : nlohmann::json();
    json["rule_set_changes"] =
        flags.rule_set ? nlohmann::json(RuleChanges(flags.changes)) : nlohmann::json::array();
    json["votes_file"] = flags.votes_path;
    std::cout << json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else if (flags.format == "csv") {
    std::cout << report::AllocationCsv(*allocation);
  } else {
    if (flags.rule_set.has_value()) {
      ASSIGN_OR_RETURN(const std::string heading,
                       RuleSetHeading(*flags.rule_set, RuleChanges(flags.changes)));
      std::cout << heading;
    }
    std::cout << EscapeControlCharacters(report::AllocationText(*allocation));
  }
  return OkStatus();
}

}  // namespace

void AddSeatsCommand(CLI::App& app, Action& run) {
  auto flags = std::make_shared<SeatsFlags>();
  CLI::App* command = app.add_subcommand(
      "seats", "Allocate party-list seats from a CSV of votes and show every step.");
  command
      ->add_option("--votes", flags->votes_path,
                   "CSV with header 'party,votes' (optional columns 'registered' YYYY-MM-DD "
                   "and 'candidates'); rows 'against all' and 'invalid' are those ballot "
                   "lines. '-' reads standard input.")
      ->required();
  command->add_option("--rules", flags->rule_set,
                      "a named rule set (see `esep rules`); other flags override its values");
  command->add_option("--seats", flags->changes.seats, "seats to fill from the lists");
  command->add_option("--threshold", flags->changes.threshold,
                      "the threshold in percent, e.g. 5 or 7.25");
  command->add_option("--method", flags->changes.method,
                      "hare (default) | droop | dhondt | sainte-lague");
  command->add_option("--threshold-base", flags->changes.threshold_base,
                      "votes (default: lists + against all, invalid excluded) | cast (all "
                      "ballots, invalid included)");
  command->add_option("--runner-up-min-seats", flags->changes.runner_up_min_seats,
                      "if only one list passes, admit the next and give it at least K seats "
                      "(Kazakhstan: 2; default 0 = off)");
  command->add_option("--tie-break", flags->changes.tie_break,
                      "last-seat ties: registration (earlier list wins) | votes (more votes, then "
                      "lot) | lot; default: the rule set's, or votes without --rules");
  command->add_option("--surplus", flags->changes.surplus,
                      "seats beyond a list's candidates: vacant (default) | reallocate");
  command
      ->add_option("--seed", flags->seed,
                   "seed of any drawing of lots (printed with the result; use a publicly "
                   "drawn number)")
      ->default_val(0);
  command->add_option("--format", flags->format, "table (default) | json | csv")
      ->check(CLI::IsMember({"table", "json", "csv"}));
  command->footer(
      "Examples:\n"
      "  esep seats --rules kz-majilis-2023 --votes votes.csv\n"
      "  esep seats --seats 10 --threshold 5 --method dhondt --votes votes.csv --format json\n"
      "\n"
      "votes.csv:\n"
      "  party,votes\n"
      "  Amanat,3431510\n"
      "  Auyl,693938\n"
      "  against all,248291\n"
      "  invalid,158046\n"
      "\n"
      "Exit codes: 0 done; 2 bad input (the message names the file, line, field and rule).");
  command->callback([flags, &run] { run = [flags] { return RunSeats(*flags); }; });
}

}  // namespace esep::cli
