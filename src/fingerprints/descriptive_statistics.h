// Descriptive statistics of a precinct table that researchers quote beside the tests, with no
// test and no flag: Pearson's r between turnout and the leader's share, the precincts at exactly
// 100 % turnout, and the top-right corner (turnout and share both at least a stated threshold).
// docs/forensics-indicators.md ("Descriptive statistics"). Pure functions; thread-safe.
//
// Example:
//   DescriptiveStatistics stats = ComputeDescriptiveStatistics(table, {});
//   std::cout << DescriptiveStatisticsText(stats);

#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "precincts/precinct_table.h"

namespace esep::fingerprints {

struct DescriptiveStatisticsOptions {
  // The corner: turnout >= corner_percent % and leader share >= corner_percent %, compared
  // exactly (100 × ballots >= corner_percent × registered). 1..100.
  int64_t corner_percent = 95;
};

// Turnout = ballots / registered voters; leader share = the leader's votes / valid ballots
// (the leader: most votes over all precincts). Every count is of the precincts where the
// measures it uses are defined.
struct DescriptiveStatistics {
  std::string leader;               // "" when the table has no choices
  int64_t precincts = 0;            // all precincts of the table
  int64_t with_voters = 0;          // registered > 0: turnout defined
  int64_t with_both = 0;            // registered > 0 and valid > 0: both measures defined
  std::optional<double> pearson_r;  // over with_both precincts, unweighted; none if n < 2 or a
                                    // measure does not vary
  int64_t full_turnout = 0;         // ballots == registered > 0: exactly 100 % turnout
  int64_t corner = 0;               // of with_both: both measures >= corner_percent %
  int64_t corner_percent = 95;
};

DescriptiveStatistics ComputeDescriptiveStatistics(const precincts::PrecinctTable& table,
                                                   const DescriptiveStatisticsOptions& options);

// Three lines under a title, each figure with its definition and base; ends with a blank line.
std::string DescriptiveStatisticsText(const DescriptiveStatistics& stats);

// {"leader", "turnout", "leader_share", "precincts", "with_voters", "with_both",
//  "pearson_r_turnout_leader_share", "full_turnout", "corner": {"turnout_at_least_percent",
//  "share_at_least_percent", "precincts"}}.
nlohmann::json DescriptiveStatisticsJson(const DescriptiveStatistics& stats);

}  // namespace esep::fingerprints
