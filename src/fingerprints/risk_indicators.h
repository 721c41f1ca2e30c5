// Election-day additions to the voter list and mobile-box voting as risk indicators
// (docs/forensics-indicators.md): each precinct's share (added / registered, mobile-box ballots
// / ballots), their distribution, the precincts far above the rest, and whether those precincts
// report a higher turnout and leader share than the other precincts.
//
// Additions happen without safeguards and mobile boxes are a known channel for ballots nobody
// cast (seeds 001, "Election Day"); a high share is a reason to look at a precinct, not a
// finding of fraud. Every comparison with a threshold is exact (CountShare). The indicator keeps
// the figures of its high precincts, so it renders (RiskIndicatorText, RiskIndicatorJson)
// without the table. Pure functions; thread-safe.
//
// Example:
//   RiskIndicator additions = ComputeRiskIndicator(table, RiskKind::kAdditions, {});
//   for (const HighPrecinct& p : additions.high_precincts) Print(p.precinct);

#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "fingerprints/count_share.h"
#include "precincts/precinct_table.h"

namespace esep::fingerprints {

enum class RiskKind {
  kAdditions,  // voters added to the list on election day / registered voters
  kMobile,     // ballots found in the mobile boxes / ballots found in all boxes
};

// "election-day additions" or "mobile-box voting".
std::string_view RiskKindName(RiskKind kind);
// The indicator's title: "Election-day additions to the voter list" or "Mobile-box voting".
std::string_view RiskKindTitle(RiskKind kind);
// What the share is: "voters added on the day / registered voters" or "ballots in mobile boxes
// / ballots in all boxes".
std::string_view RiskShareName(RiskKind kind);

struct RiskIndicatorOptions {
  // A precinct is high when its share is strictly above the `percentile`-th percentile
  // (nearest rank) AND strictly above median + mad_multiple × MAD (raw median absolute
  // deviation; 5 raw MAD is 3.4 standard deviations of a normal distribution), AND its
  // denominator is at least min_base (a few added voters in a tiny precinct are not a signal).
  int64_t percentile = 99;   // 1..99
  int64_t mad_multiple = 5;  // 0..100
  int64_t min_base = 100;    // voters (additions) or ballots (mobile)
  double alpha = 0.01;       // level of the flag
};

// A comparison of the high precincts' mean with the other candidates' (precincts with a
// denominator of at least min_base): Welch's t-test, one-sided (high > rest).
struct MeanComparison {
  std::string measure;  // "turnout", "turnout net of additions", "leader share"
  bool tested = false;  // part of the indicator's p-value (otherwise shown for context)
  int64_t high_precincts = 0;
  int64_t rest_precincts = 0;
  double high_mean = 0;
  double rest_mean = 0;
  double difference = 0;          // high_mean − rest_mean
  double standard_error = 0;      // sqrt(s_h² / n_h + s_r² / n_r)
  double degrees_of_freedom = 0;  // Welch–Satterthwaite
  std::optional<double> p_value;  // none with fewer than 2 precincts on a side or no variance
};

// A high precinct with the figures its indicator reports.
struct HighPrecinct {
  std::string precinct;  // precincts::PrecinctTable::ids
  std::string group;     // its territorial commission
  int64_t part = 0;      // added on the day (or mobile-box ballots)
  int64_t whole = 0;     // registered (or ballots)
  int64_t registered = 0;
  int64_t ballots = 0;
};

struct RiskIndicator {
  RiskKind kind = RiskKind::kAdditions;
  bool available = false;   // false when the table lacks the column: nothing else is filled
  int64_t precincts = 0;    // with a denominator in 1..kMaxShareWhole
  int64_t excluded = 0;     // denominator 0 (no voters, no ballots) or above kMaxShareWhole
  int64_t part_total = 0;   // over the precincts: added (or mobile-box ballots)
  int64_t whole_total = 0;  // registered (or ballots)
  double mean_share = 0;    // unweighted mean of the precincts' shares
  // Nearest-rank order statistics of the shares (median: the lower median).
  CountShare p10, p25, median, p75, p90, p99, max;
  ShareDeviation mad;  // median of |share − median|
  // Precincts by whole percent: bin k counts shares in [k %, k + 1 %), bin 100 exactly 100 %.
  std::vector<int64_t> histogram;
  int64_t candidates = 0;    // precincts with a denominator of at least min_base
  std::vector<size_t> high;  // the high precincts (table positions), highest share first
  std::vector<HighPrecinct> high_precincts;  // their figures, in the same order
  std::vector<MeanComparison> comparisons;
  // The smallest tested comparison p-value times the number tested (Bonferroni), at most 1.
  std::optional<double> p_value;
  bool flagged = false;  // p_value <= alpha: the high precincts report more turnout or leader
  RiskIndicatorOptions options;
  std::string leader;  // the choice whose share is compared (the national leader)
};

// The indicator of `kind` on `table`. REQUIRES: options within the ranges above.
RiskIndicator ComputeRiskIndicator(const precincts::PrecinctTable& table, RiskKind kind,
                                   const RiskIndicatorOptions& options);

// Why the indicator has nothing to show ("the data has no election-day additions column", "no
// precinct has a positive denominator"), or "" when it has numbers.
std::string_view UnavailableReason(const RiskIndicator& indicator);

// The line a high precinct's share must pass besides the percentile: median + mad_multiple × MAD,
// as a share.
double MedianPlusMadMultiple(const RiskIndicator& indicator);

// A plain-language report: the title and what the share is, the distribution, the rule, the
// comparison of the high precincts with the rest, the first `max_listed` high precincts, and
// how to read it; ends with a blank line.
std::string RiskIndicatorText(const RiskIndicator& indicator, size_t max_listed);

// Every number, every high precinct included: {"share", "precincts", "excluded", "median", ...,
// "high", "comparisons", "p_value", "flagged"}; only "share", "p_value" (null) and "flagged"
// when the indicator is unavailable.
nlohmann::json RiskIndicatorJson(const RiskIndicator& indicator);

}  // namespace esep::fingerprints
