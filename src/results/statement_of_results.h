// StatementOfResults: what a commission's statement of results shows, recomputed by esep
// from the published regional tables — national and regional list results, the threshold
// test and seat allocation with its worked steps, the district winners, turnout, the
// composition of the house, and every published figure that does not follow from the others.
//
// BuildStatement is a pure function of its inputs; the statement owns its data.

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "io/election_data.h"
#include "law/district_winner.h"
#include "law/list_allocation.h"
#include "law/rule_set.h"
#include "results/seat_decision.h"

namespace esep::results {

// Party-list results of one territory (a region, or the nation as the sum of regions).
struct UnitListResult {
  std::string region_id;  // empty for the nation
  std::string name;
  int64_t registered_voters = 0;
  std::vector<int64_t> party_votes;  // definition's party order
  int64_t against_all = 0;
  int64_t invalid = 0;
  int64_t ballots_total = 0;
  std::string published_turnout;  // as printed, e.g. "57.02%"

  int64_t list_votes() const;
  // Percentages are of votes for lists plus against all: the base the CEC publishes.
  int64_t percent_base() const { return list_votes() + against_all; }
};

struct DistrictLine {
  int number = 0;
  std::string region_name;
  std::vector<law::CandidateVotes> candidates;  // as published (top two in 2023)
  std::optional<int64_t> against_all;           // when published
  law::DistrictOutcome outcome;
  std::string published_winner;  // the name the source prints as elected
};

// A published figure compared with the one esep recomputes from the other published figures.
struct Check {
  std::string where;      // "party_list_by_region.csv:19 (Astana)"
  std::string what;       // "turnout = ballots / registered voters"
  std::string published;  // "42.91%"
  std::string computed;   // "43.24%"
  bool agrees = true;
};

struct StatementOfResults {
  std::string election_id;
  std::string title;
  std::string date;
  law::RuleSet rule_set;
  std::vector<std::string> party_names;        // ballot order
  std::vector<std::string> party_short_names;  // ballot order
  std::vector<UnitListResult> regions;
  UnitListResult national;  // the sum of the regions
  std::optional<law::ListAllocation> allocation;
  std::vector<DistrictLine> districts;
  std::vector<CompositionLine> composition;
  std::optional<model::TurnoutByHour> turnout_by_hour;
  std::vector<Check> checks;
  int64_t house_size = 0;
};

// Builds the statement for `data` under `rule_set`; `lot_seed` seeds any drawing of lots.
// kFailedPrecondition when the data has no party-list table or the law cannot be applied.
Result<StatementOfResults> BuildStatement(const model::ElectionData& data,
                                          const law::RuleSet& rule_set, uint64_t lot_seed);

}  // namespace esep::results
