// `esep seats`: allocate party-list seats from a CSV of votes under a named or free-form
// rule set, and show the worked steps.

#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "cli/commands.h"
#include "io/list_votes_csv.h"
#include "law/list_allocation.h"
#include "law/rule_set.h"
#include "report/allocation_report.h"

namespace esep::cli {

namespace {

struct SeatsFlags {
  std::string votes_path;
  std::optional<std::string> rule_set;
  std::optional<int64_t> seats;
  std::optional<std::string> threshold;
  std::optional<std::string> method;
  std::optional<std::string> threshold_base;
  std::optional<int64_t> runner_up_min_seats;
  std::optional<std::string> tie_break;
  std::optional<std::string> surplus;
  uint64_t seed = 0;
  std::string format = "table";
};

// The rules: the named rule set's list rules (if any), with every flag given overriding them.
Result<law::ListRules> RulesFromFlags(const SeatsFlags& flags) {
  law::ListRules rules;
  // Free-form defaults: ties go to more votes, then lot (there is no registration order).
  rules.tie_break = law::TieBreak::kMoreVotesThenLot;
  if (flags.rule_set.has_value()) {
    ASSIGN_OR_RETURN(law::RuleSet rule_set, law::FindRuleSet(*flags.rule_set));
    if (rule_set.list.seats == 0) {
      return InvalidArgumentError(
          fmt::format("rule set '{}' has no party-list seats", rule_set.name));
    }
    rules = rule_set.list;
  } else if (!flags.seats.has_value() || !flags.threshold.has_value()) {
    return InvalidArgumentError(
        "give either --rules NAME, or both --seats N and --threshold P (see esep seats --help)");
  }
  if (flags.seats.has_value()) {
    if (*flags.seats <= 0) {
      return InvalidArgumentError(
          fmt::format("--seats {}: at least one seat is required", *flags.seats));
    }
    rules.seats = *flags.seats;
  }
  if (flags.threshold.has_value()) {
    Result<Fraction> percent = Fraction::ParseDecimal(*flags.threshold);
    if (!percent.has_value() || *percent > Fraction::Whole(100)) {
      return InvalidArgumentError(
          fmt::format("--threshold '{}': a percentage from 0 to 100 is required, such as 5 or 7.25",
                      *flags.threshold));
    }
    rules.threshold_percent = *percent;
  }
  if (flags.method.has_value()) {
    ASSIGN_OR_RETURN(rules.method, law::ParseMethod(*flags.method));
  }
  if (flags.threshold_base.has_value()) {
    ASSIGN_OR_RETURN(rules.threshold_base, law::ParseThresholdBase(*flags.threshold_base));
  }
  if (flags.runner_up_min_seats.has_value()) {
    if (*flags.runner_up_min_seats < 0) {
      return InvalidArgumentError("--runner-up-min-seats cannot be negative");
    }
    rules.runner_up_min_seats = *flags.runner_up_min_seats;
  }
  if (flags.tie_break.has_value()) {
    ASSIGN_OR_RETURN(rules.tie_break, law::ParseTieBreak(*flags.tie_break));
  }
  if (flags.surplus.has_value()) {
    ASSIGN_OR_RETURN(rules.surplus, law::ParseSurplusSeats(*flags.surplus));
  }
  rules.lot_seed = flags.seed;
  return rules;
}

Status RunSeats(const SeatsFlags& flags) {
  ASSIGN_OR_RETURN(law::ListRules rules, RulesFromFlags(flags));
  ASSIGN_OR_RETURN(law::ListContestVotes votes, io::ReadListVotesCsv(flags.votes_path));
  Result<law::ListAllocation> allocation = law::AllocateListSeats(votes, rules);
  if (!allocation.has_value()) {
    return allocation.error().WithContext(flags.votes_path);
  }
  if (flags.format == "json") {
    nlohmann::json json = report::AllocationJson(*allocation);
    json["rule_set"] = flags.rule_set ? nlohmann::json(*flags.rule_set) : nlohmann::json();
    json["votes_file"] = flags.votes_path;
    std::cout << json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else if (flags.format == "csv") {
    std::cout << report::AllocationCsv(*allocation);
  } else {
    if (flags.rule_set.has_value()) {
      ASSIGN_OR_RETURN(law::RuleSet rule_set, law::FindRuleSet(*flags.rule_set));
      std::cout << fmt::format("Rule set {}: {}\nLaw: {}\n", rule_set.name, rule_set.title,
                               rule_set.citation);
    }
    std::cout << report::AllocationText(*allocation);
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
  command->add_option("--seats", flags->seats, "seats to fill from the lists");
  command->add_option("--threshold", flags->threshold, "the threshold in percent, e.g. 5 or 7.25");
  command->add_option("--method", flags->method, "hare (default) | droop | dhondt | sainte-lague");
  command->add_option("--threshold-base", flags->threshold_base,
                      "votes (default: lists + against all, invalid excluded) | cast (all "
                      "ballots, invalid included)");
  command->add_option("--runner-up-min-seats", flags->runner_up_min_seats,
                      "if only one list passes, admit the next and give it at least K seats "
                      "(Kazakhstan: 2; default 0 = off)");
  command->add_option("--tie-break", flags->tie_break,
                      "last-seat ties: registration (earlier list wins) | votes (more votes, then "
                      "lot) | lot; default: the rule set's, or votes without --rules");
  command->add_option("--surplus", flags->surplus,
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
