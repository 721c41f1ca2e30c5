#include "results/election_results.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "base/text.h"
#include "protocol/control_ratio.h"
#include "protocol/protocol_order.h"
#include "tabulation/protocol_router.h"

namespace esep::results {

namespace {

// The precinct-scope ratios between each precinct's party-list and district protocols.
std::vector<protocol::Finding> CheckPrecinctPairs(std::span<const protocol::Protocol> protocols,
                                                  std::span<const protocol::ControlRatio> ratios) {
  std::vector<protocol::Finding> findings;
  for (size_t i = 0; i + 1 < protocols.size(); ++i) {
    const protocol::Protocol& list = protocols[i];
    const protocol::Protocol& district = protocols[i + 1];
    if (list.commission_id != district.commission_id ||
        list.contest.kind != protocol::ContestRef::Kind::kPartyList ||
        district.contest.kind != protocol::ContestRef::Kind::kDistrict) {
      continue;
    }
    protocol::ValidationReport report = protocol::ValidatePrecinct(list, district, ratios);
    for (protocol::Finding& finding : report.findings) {
      findings.push_back(std::move(finding));
    }
  }
  return findings;
}

}  // namespace

ResultStatus ElectionResults::status() const {
  return PreliminaryReasons().empty() ? ResultStatus::kFinal : ResultStatus::kPreliminary;
}

std::vector<std::string> ElectionResults::PreliminaryReasons() const {
  std::vector<std::string> reasons;
  const tabulation::Tally& nation = tabulator->national();
  if (!nation.complete()) {
    reasons.push_back(fmt::format("{} of {} precinct party-list protocols accepted",
                                  GroupThousands(nation.protocols),
                                  GroupThousands(nation.expected)));
  }
  int64_t district_protocols = 0;
  int64_t district_expected = 0;
  for (const tabulation::Tally& district : tabulator->districts()) {
    district_protocols += district.protocols;
    district_expected += district.expected;
  }
  if (district_protocols != district_expected) {
    reasons.push_back(fmt::format("{} of {} precinct district protocols accepted",
                                  GroupThousands(district_protocols),
                                  GroupThousands(district_expected)));
  }
  if (!open_corrections.empty()) {
    reasons.push_back(
        fmt::format("{} commission(s) have a correction submitted without a decision, still open",
                    GroupThousands(static_cast<int64_t>(open_corrections.size()))));
  }
  return reasons;
}

Result<ElectionResults> TabulateAccepted(
    std::shared_ptr<const model::ElectionDefinition> definition,
    std::vector<protocol::Protocol> accepted, std::unordered_set<std::string> open_corrections) {
  ElectionResults results;
  results.definition = std::move(definition);
  const model::ElectionDefinition& def = *results.definition;
  ASSIGN_OR_RETURN(results.rule_set, law::FindRuleSet(def.rule_set()));
  ASSIGN_OR_RETURN(std::span<const protocol::ControlRatio> ratios,
                   protocol::ControlRatios(results.rule_set.name));
  ASSIGN_OR_RETURN(tabulation::ProtocolRouter router, tabulation::ProtocolRouter::Create(def));
  results.open_corrections = std::move(open_corrections);

  protocol::SortByCommissionThenDistrict(accepted);
  // The precinct protocols stay where they are, compacted in place: a second vector of two
  // million protocols would double the peak memory of a large import.
  size_t precincts = 0;
  for (protocol::Protocol& p : accepted) {
    const Result<tabulation::ProtocolRoute> route = router.Add(p);
    if (!route.has_value()) {
      results.untabulated.push_back(fmt::format("{} ({}): {}", p.commission_id,
                                                p.contest.ToString(), route.error().message()));
    } else if (*route == tabulation::ProtocolRoute::kPrecinct) {
      if (&accepted[precincts] != &p) {
        accepted[precincts] = std::move(p);
      }
      ++precincts;
    }
  }
  accepted.resize(precincts);
  results.precinct_protocols = std::move(accepted);
  results.precinct_findings = CheckPrecinctPairs(results.precinct_protocols, ratios);
  ASSIGN_OR_RETURN(results.reconciliations, router.Reconcile());
  results.summary_protocols = router.summaries();
  results.tabulator.emplace(std::move(router).TakeTabulator());
  return results;
}

}  // namespace esep::results
