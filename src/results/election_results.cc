#include "results/election_results.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "base/text.h"
#include "protocol/control_ratio.h"
#include "protocol/protocol_order.h"
#include "results/results_builder.h"

namespace esep::results {

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
  ASSIGN_OR_RETURN(ResultsBuilder builder, ResultsBuilder::Create(std::move(definition)));
  protocol::SortByCommissionThenDistrict(accepted);
  // The precinct protocols stay where they are, compacted in place: a second vector of two
  // million protocols would double the peak memory of a large import.
  size_t precincts = 0;
  for (protocol::Protocol& p : accepted) {
    if (builder.Add(p)) {
      if (&accepted[precincts] != &p) {
        accepted[precincts] = std::move(p);
      }
      ++precincts;
    }
  }
  accepted.resize(precincts);
  ASSIGN_OR_RETURN(ElectionResults results, std::move(builder).Finish(std::move(open_corrections)));
  results.precinct_protocols = std::move(accepted);
  return results;
}

}  // namespace esep::results
