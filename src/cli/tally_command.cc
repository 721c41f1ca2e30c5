// `esep tally DIR`: read an election's protocols, check each against the control ratios, sum
// the accepted ones up the commission tree in memory (no store), and print the result with the
// seat allocation and district winners. The quick path for a whole file of protocols.

#include <chrono>
#include <ctime>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/text.h"
#include "cli/commands.h"
#include "cli/election_directory.h"
#include "io/csv.h"
#include "io/election_data.h"
#include "io/protocol_csv.h"
#include "io/protocol_jsonl.h"
#include "law/district_winner.h"
#include "law/list_allocation.h"
#include "law/rule_set.h"
#include "protocol/control_ratio.h"
#include "protocol/validation.h"
#include "report/allocation_report.h"
#include "report/text_table.h"
#include "statement/party_list_votes.h"
#include "tabulation/summary_reconciliation.h"
#include "tabulation/tabulator.h"

namespace esep::cli {

namespace {

struct TallyFlags {
  std::string directory;
  std::optional<std::string> protocols;
  uint64_t seed = 0;
  int64_t max_reasons = 50;
  std::string format = "text";
};

// The sums as JSON: each one a protocol as in JSON Lines (docs/formats/protocols-jsonl.md) with
// its progress, for scripts (bench/run.sh compares them with other tools' sums).
nlohmann::ordered_json TallyJson(const tabulation::Tally& tally) {
  std::string line;
  io::AppendProtocolJsonl(tally.sum, std::nullopt, line);
  nlohmann::ordered_json json = nlohmann::ordered_json::parse(line);
  json["protocols"] = tally.protocols;
  json["expected"] = tally.expected;
  return json;
}

std::string Progress(const tabulation::Tally& tally) {
  return fmt::format("{} of {}", GroupThousands(tally.protocols), GroupThousands(tally.expected));
}

Status RunTally(const TallyFlags& flags) {
  const auto start = std::chrono::steady_clock::now();
  const std::string directory = ResolveElectionDirectory(flags.directory);
  ASSIGN_OR_RETURN(io::ElectionData data, io::LoadElectionDirectory(directory));
  const model::ElectionDefinition& definition = data.definition;
  ASSIGN_OR_RETURN(law::RuleSet rule_set, law::FindRuleSet(definition.rule_set));
  ASSIGN_OR_RETURN(std::span<const protocol::ControlRatio> ratios,
                   protocol::ControlRatios(rule_set.name));
  ASSIGN_OR_RETURN(tabulation::Tabulator tabulator, tabulation::Tabulator::Create(definition));
  ASSIGN_OR_RETURN(const tabulation::SummaryReconciler reconciler,
                   tabulation::SummaryReconciler::Create(definition));
  std::vector<protocol::Protocol> summaries;  // reconciled once every precinct is in

  // The protocols' share of the time, wall and processor (one thread), for the benchmark.
  const auto protocols_start = std::chrono::steady_clock::now();
  const std::clock_t protocols_cpu_start = std::clock();
  const std::string path = flags.protocols.value_or(directory + "/protocols.csv");
  ASSIGN_OR_RETURN(std::string text, io::ReadTextFile(path));
  const bool jsonl = path.size() >= 6 && path.compare(path.size() - 6, 6, ".jsonl") == 0;
  int64_t accepted = 0;
  int64_t rejected = 0;
  int64_t warnings = 0;
  auto reject = [&](const std::string& reason) {
    if (++rejected <= flags.max_reasons) {
      std::cerr << "rejected: " << reason << "\n";
    }
  };
  auto on_row = [&](io::ProtocolRow&& row) {
    if (!row.protocol.has_value()) {
      reject(row.error);
      return;
    }
    const protocol::ValidationReport report = protocol::Validate(*row.protocol, ratios);
    if (!report.accepted()) {
      for (const protocol::Finding& finding : report.findings) {
        if (finding.severity == protocol::Severity::kError) {
          reject(fmt::format("{}:{}: {}", path, row.line, finding.message));
          break;
        }
      }
      return;
    }
    warnings += static_cast<int64_t>(report.warnings());
    if (reconciler.IsSummaryCommission(row.protocol->commission_id)) {
      if (const Status belongs = reconciler.Check(*row.protocol); !belongs.ok()) {
        reject(fmt::format("{}:{}: {}", path, row.line, belongs.message()));
        return;
      }
      summaries.push_back(std::move(*row.protocol));
      ++accepted;
      return;
    }
    const Status added = tabulator.Add(*row.protocol);
    if (!added.ok()) {
      reject(fmt::format("{}:{}: {}", path, row.line, added.message()));
      return;
    }
    ++accepted;
  };
  RETURN_IF_ERROR(jsonl ? io::ReadProtocolJsonl(text, path, on_row)
                        : io::ReadProtocolCsv(text, path, on_row));
  const auto end = std::chrono::steady_clock::now();
  const double protocol_seconds = std::chrono::duration<double>(end - protocols_start).count();
  const double protocol_cpu_seconds =
      static_cast<double>(std::clock() - protocols_cpu_start) / CLOCKS_PER_SEC;
  if (rejected > flags.max_reasons) {
    std::cerr << fmt::format("... and {} more rejections (raise --max-reasons to see them)\n",
                             rejected - flags.max_reasons);
  }
  const double seconds = std::chrono::duration<double>(end - start).count();
  const int64_t read = accepted + rejected;
  const auto protocols_per_second =
      protocol_seconds > 0 ? static_cast<int64_t>(static_cast<double>(read) / protocol_seconds) : 0;
  if (flags.format == "json") {
    nlohmann::ordered_json json;
    json["title"] = definition.title;
    json["accepted"] = accepted;
    json["rejected"] = rejected;
    json["warnings"] = warnings;
    json["seconds"] = seconds;
    json["protocol_seconds"] = protocol_seconds;
    json["protocol_cpu_seconds"] = protocol_cpu_seconds;
    json["protocols_per_second"] = protocols_per_second;
    json["national"] = TallyJson(tabulator.national());
    json["districts"] = nlohmann::ordered_json::array();
    for (const tabulation::Tally& tally : tabulator.districts()) {
      json["districts"].push_back(TallyJson(tally));
    }
    std::cout << json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    if (rejected > 0) {
      return InvalidArgumentError(fmt::format("{} of {} protocols were rejected (reasons above)",
                                              GroupThousands(rejected), GroupThousands(read)));
    }
    return OkStatus();
  }
  std::cout << fmt::format(
      "{}\n{} protocols accepted, {} rejected, {} warnings ({:.2f} s: the definition {:.2f} s, "
      "the protocols {:.2f} s, {} protocols/s on one thread, {:.2f} s of processor time).\n\n",
      definition.title, GroupThousands(accepted), GroupThousands(rejected),
      GroupThousands(warnings), seconds, seconds - protocol_seconds, protocol_seconds,
      GroupThousands(protocols_per_second), protocol_cpu_seconds);
  const tabulation::Tally& nation = tabulator.national();
  std::cout << fmt::format("Party-list protocols: {} ({}).\n", Progress(nation),
                           nation.complete() ? "complete" : "preliminary: protocols missing");
  report::TextTable regions({{"Region"},
                             {"Protocols", report::Align::kRight},
                             {"Voters", report::Align::kRight},
                             {"Ballots issued", report::Align::kRight},
                             {"Turnout", report::Align::kRight}});
  for (size_t r = 0; r < tabulator.regions().size(); ++r) {
    const tabulation::Tally& tally = tabulator.regions()[r];
    regions.AddRow({definition.regions[r].name, Progress(tally),
                    GroupThousands(tally.sum.voters_on_list),
                    GroupThousands(tally.sum.ballots_issued()),
                    FormatPercent(tally.sum.ballots_issued(), tally.sum.voters_on_list, 2) + "%"});
  }
  regions.AddRule();
  regions.AddRow({definition.country, Progress(nation), GroupThousands(nation.sum.voters_on_list),
                  GroupThousands(nation.sum.ballots_issued()),
                  FormatPercent(nation.sum.ballots_issued(), nation.sum.voters_on_list, 2) + "%"});
  std::cout << regions.Render() << "\n";

  if (rule_set.list.seats > 0 && nation.protocols > 0) {
    const law::ListContestVotes votes = statement::PartyListVotes(
        definition, nation.sum.choice_votes, nation.sum.against_all, nation.sum.invalid_ballots);
    law::ListRules rules = rule_set.list;
    rules.lot_seed = flags.seed;
    Result<law::ListAllocation> allocation = law::AllocateListSeats(votes, rules);
    if (allocation.has_value()) {
      std::cout << report::AllocationText(*allocation) << "\n";
    } else {
      std::cout << "No allocation: " << allocation.error().message() << "\n\n";
    }
  }

  report::TextTable districts({{"District"},
                               {"Protocols", report::Align::kRight},
                               {"Elected"},
                               {"Votes", report::Align::kRight},
                               {"Margin", report::Align::kRight}});
  for (size_t d = 0; d < tabulator.districts().size(); ++d) {
    const tabulation::Tally& tally = tabulator.districts()[d];
    std::vector<law::CandidateVotes> candidates;
    for (size_t c = 0; c < tally.sum.choice_votes.size(); ++c) {
      const auto& listed = definition.districts[d].candidates;
      candidates.push_back({c < listed.size() ? listed[c].name : fmt::format("candidate {}", c + 1),
                            c < listed.size() ? listed[c].affiliation : "",
                            tally.sum.choice_votes[c]});
    }
    std::string elected = "—";
    std::string winner_votes;
    std::string margin;
    if (!candidates.empty()) {
      ASSIGN_OR_RETURN(law::DistrictOutcome outcome,
                       law::DecideDistrict(candidates, tally.sum.against_all,
                                           rule_set.district_tie_break, flags.seed));
      if (outcome.winner.has_value()) {
        elected = candidates[*outcome.winner].name;
        winner_votes = GroupThousands(candidates[*outcome.winner].votes);
      } else {
        elected = fmt::format("no one ({})", law::DistrictOutcomeName(outcome.kind));
      }
      margin = GroupThousands(outcome.margin);
    }
    districts.AddRow({fmt::format("{}", d + 1), Progress(tally), elected, winner_votes, margin});
  }
  if (!tabulator.districts().empty()) {
    std::cout << "Single-member districts:\n" << districts.Render();
  }
  int64_t differing = 0;
  for (const protocol::Protocol& summary : summaries) {
    ASSIGN_OR_RETURN(const tabulation::Reconciliation reconciliation,
                     reconciler.Reconcile(tabulator, summary));
    if (!reconciliation.matches() && ++differing <= flags.max_reasons) {
      std::cout << "  " << reconciliation.Describe() << "\n";
    }
  }
  if (!summaries.empty()) {
    std::cout << fmt::format(
        "Summary protocols of higher commissions: {} reconciled, {} differ from the sum of "
        "their precincts.\n",
        GroupThousands(static_cast<int64_t>(summaries.size())), GroupThousands(differing));
  }
  if (rejected > 0) {
    return InvalidArgumentError(fmt::format(
        "{} of {} protocols were rejected (reasons above); the result counts only the accepted "
        "ones",
        GroupThousands(rejected), GroupThousands(rejected + accepted)));
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
