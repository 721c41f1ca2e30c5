#include "cli/result_text.h"

#include <fmt/format.h>

#include "base/fraction.h"
#include "base/text.h"
#include "report/allocation_report.h"
#include "report/text_table.h"

namespace esep::cli {

namespace {

// Lists up to `max` items (0: all) and counts the rest.
template <typename Items, typename Describe>
std::string Listed(const std::string& title, const Items& items, int64_t max, Describe describe) {
  if (items.empty()) {
    return "";
  }
  std::string text =
      fmt::format("{} ({}):\n", title, GroupThousands(static_cast<int64_t>(items.size())));
  int64_t shown = 0;
  for (const auto& item : items) {
    if (max > 0 && shown == max) {
      text += fmt::format("  ... and {} more (esep report --level precinct, or esep export)\n",
                          GroupThousands(static_cast<int64_t>(items.size()) - shown));
      break;
    }
    text += "  " + describe(item) + "\n";
    ++shown;
  }
  return text + "\n";
}

}  // namespace

std::string Progress(const tabulation::Tally& tally) {
  return fmt::format("{} of {}", GroupThousands(tally.protocols), GroupThousands(tally.expected));
}

std::string RegionTable(const model::ElectionDefinition& definition,
                        const tabulation::Tabulator& tabulator) {
  report::TextTable regions({{"Region"},
                             {"Protocols", report::Align::kRight},
                             {"Voters", report::Align::kRight},
                             {"Ballots issued", report::Align::kRight},
                             {"Turnout", report::Align::kRight}});
  auto add = [&](const std::string& name, const tabulation::Tally& tally) {
    regions.AddRow({name, Progress(tally), GroupThousands(tally.sum.voters_on_list),
                    GroupThousands(tally.sum.ballots_issued()),
                    FormatPercent(tally.sum.ballots_issued(), tally.sum.voters_on_list, 2) + "%"});
  };
  for (size_t r = 0; r < tabulator.regions().size(); ++r) {
    add(definition.regions()[r].name, tabulator.regions()[r]);
  }
  regions.AddRule();
  add(definition.country(), tabulator.national());
  return regions.Render();
}

std::string DistrictTable(const tabulation::Tabulator& tabulator,
                          const results::SeatDecision& seats) {
  report::TextTable districts({{"District"},
                               {"Protocols", report::Align::kRight},
                               {"Elected"},
                               {"Votes", report::Align::kRight},
                               {"Margin", report::Align::kRight}});
  for (const results::DistrictDecision& district : seats.districts) {
    std::string elected = "—";
    std::string votes;
    std::string margin;
    if (district.outcome.has_value()) {
      const law::DistrictOutcome& outcome = *district.outcome;
      if (outcome.winner.has_value()) {
        elected = district.candidates[*outcome.winner].name;
        votes = GroupThousands(district.candidates[*outcome.winner].votes);
      } else {
        elected = fmt::format("no one ({})", law::DistrictOutcomeName(outcome.kind));
      }
      margin = GroupThousands(outcome.margin);
    }
    const tabulation::Tally& tally =
        tabulator.districts()[static_cast<size_t>(district.number - 1)];
    districts.AddRow({fmt::format("{}", district.number), Progress(tally), elected, votes, margin});
  }
  return districts.Render();
}

std::string NationalResultText(const results::ElectionResults& results,
                               const results::SeatDecision& seats,
                               const ResultTextOptions& options) {
  const model::ElectionDefinition& definition = *results.definition;
  const tabulation::Tabulator& tabulator = *results.tabulator;
  std::string text = fmt::format("{}\nStatus: {}\n", definition.LabelledTitle(),
                                 results::ResultStatusName(results.status()));
  for (const std::string& reason : results.PreliminaryReasons()) {
    text += fmt::format("  preliminary: {}\n", reason);
  }
  text += fmt::format("Definition SHA-256: {}\n", options.definition_sha256);
  if (!options.chain_head.empty()) {
    text += fmt::format("Audit chain head:   {}\n", options.chain_head);
  }
  text += "\n";

  text += "Party-list contest:\n" + RegionTable(definition, tabulator) + "\n";

  if (seats.list.has_value()) {
    text += report::AllocationText(*seats.list) + "\n";
  } else {
    text += fmt::format("No seat allocation: {}.\n\n", seats.list_unavailable);
  }

  if (!seats.districts.empty()) {
    text += "Single-member districts:\n" + DistrictTable(tabulator, seats) + "\n";
  }

  std::vector<const tabulation::Reconciliation*> differing;
  for (const tabulation::Reconciliation& r : results.reconciliations) {
    if (!r.matches()) {
      differing.push_back(&r);
    }
  }
  text += fmt::format(
      "Summary protocols of higher commissions: {} reconciled, {} differ from their precincts.\n",
      GroupThousands(static_cast<int64_t>(results.reconciliations.size())),
      GroupThousands(static_cast<int64_t>(differing.size())));
  text += Listed("Summary protocols that differ from the sum of their precincts", differing,
                 options.max_findings,
                 [](const tabulation::Reconciliation* r) { return r->Describe(); });
  text += Listed("Precincts whose two protocols disagree (warnings)", results.precinct_findings,
                 options.max_findings, [](const protocol::Finding& f) {
                   return fmt::format("{}: {}", f.rule_id, f.message);
                 });
  text += Listed("Stored protocols the definition does not place (not counted)",
                 results.untabulated, options.max_findings, [](const std::string& s) { return s; });
  return text;
}

}  // namespace esep::cli
