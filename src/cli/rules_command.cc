// `esep rules`: the named rule sets and what they say.

#include <iostream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "law/rule_set.h"

namespace esep::cli {

namespace {

Status RunRules() {
  for (const law::RuleSet& rule_set : law::AllRuleSets()) {
    const law::ListRules& list = rule_set.list;
    std::cout << fmt::format("{}\n  {}\n  used for: {}\n", rule_set.name, rule_set.title,
                             rule_set.used_for);
    std::cout << fmt::format(
        "  list seats {}, method {}, threshold {}% of {}, runner-up guarantee {}, ties {}, "
        "surplus {}; district seats {}\n",
        list.seats, law::MethodName(list.method), list.threshold_percent.ToDecimal(2),
        law::ThresholdBaseName(list.threshold_base), list.runner_up_min_seats,
        law::TieBreakName(list.tie_break), law::SurplusSeatsName(list.surplus),
        rule_set.district_seats);
    std::cout << fmt::format("  law: {}\n\n", rule_set.citation);
  }
  std::cout << "docs/law.md explains each rule, its source, and what could not be confirmed.\n";
  return OkStatus();
}

}  // namespace

void AddRulesCommand(CLI::App& app, Action& run) {
  CLI::App* command = app.add_subcommand("rules", "List the named rule sets (electoral laws).");
  command->footer("Example:\n  esep rules\n  esep seats --rules kz-majilis-2012 --votes votes.csv");
  command->callback([&run] { run = [] { return RunRules(); }; });
}

}  // namespace esep::cli
