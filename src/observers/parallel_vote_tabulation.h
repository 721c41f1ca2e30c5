// Parallel vote tabulation (quick count): national list shares and turnout estimated from the
// protocol copies of a random sample of precincts with the cluster ratio estimator and its
// finite-population correction, as in NDI's quick-count method (docs/forensics-pvt.md), with
// normal confidence intervals, set against the official national figures. Pure functions;
// thread-safe.
//
// Example:
//   ASSIGN_OR_RETURN(PvtResult pvt, EstimateFromObservers(records, table, {}));
//   std::cout << PvtText(pvt);

#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.h"
#include "observers/observer_comparison.h"
#include "observers/observer_records.h"
#include "precincts/precinct_table.h"

namespace esep::observers {

// The ratio estimate R = Σ y_i / Σ x_i over the n sampled precincts of N, with
//   Var(R) = (1 − n/N) / (n · x̄²) · Σ (y_i − R·x_i)² / (n − 1),   x̄ = Σ x_i / n,
// and the interval R ± z · sqrt(Var(R)).
struct RatioEstimate {
  int64_t sample = 0;       // n
  int64_t population = 0;   // N
  int64_t numerator = 0;    // Σ y_i
  int64_t denominator = 0;  // Σ x_i
  double estimate = 0;      // R
  double standard_error = 0;
  double low = 0;   // R − z·SE
  double high = 0;  // R + z·SE
};

// REQUIRES (checked: kInvalidArgument): numerators and denominators of equal length n >= 2,
// counts non-negative, Σ x_i > 0, population >= n, z > 0.
Result<RatioEstimate> EstimateRatio(std::span<const int64_t> numerators,
                                    std::span<const int64_t> denominators, int64_t population,
                                    double z);

// The two-sided normal quantile for `confidence` (0.95 -> 1.959964), by Boost.Math.
// REQUIRES: 0 < confidence < 1.
double NormalQuantileTwoSided(double confidence);

// The estimator the quick count uses, as the renderings name it.
inline constexpr char kPvtEstimator[] = "cluster ratio estimator with finite-population correction";

struct PvtOptions {
  double confidence = 0.95;      // of the intervals, strictly between 0 and 1
  ChoiceAliases choice_aliases;  // as for the comparison
  // Warnings: fewer sampled precincts than this, or a list with votes in fewer sampled
  // precincts than min_precincts_with_votes.
  int64_t min_sample = 30;
  int64_t min_precincts_with_votes = 10;
};

// One national figure: its estimate from the sample and the official value.
struct PvtFigure {
  std::string name;  // "turnout", "share Amanat", "turnout (observers' counts)"
  RatioEstimate estimate;
  int64_t official_numerator = 0;
  int64_t official_denominator = 0;
  double official = 0;
  bool inside = false;               // low <= official <= high
  double z_difference = 0;           // (official − estimate) / standard error; 0 when the SE is 0
  int64_t precincts_with_votes = 0;  // shares: sampled precincts with a vote for the list
  // The official figure over the same sampled precincts: no sampling error between it and the
  // estimate, so any gap is the copies (or the counts) disagreeing with the official protocols.
  int64_t official_sample_numerator = 0;
  int64_t official_sample_denominator = 0;
};

struct PvtResult {
  std::string source;
  std::string table_source;
  bool synthetic = false;
  double confidence = 0.95;
  double z = 0;
  int64_t population = 0;            // N: precincts in the official table
  int64_t sampled = 0;               // precincts of the table with a usable copy
  int64_t sampled_unknown = 0;       // observed precincts the table lacks (left out)
  int64_t sampled_without_copy = 0;  // observed precincts with no copy (not posted, no access)
  std::vector<PvtFigure> figures;    // turnout, each list's share, turnout by observers' counts
  std::vector<std::string> warnings;
};

// The quick count from the observers' copies: for each precinct of the table with a copy (the
// first posted_copy, else the first observer_copy), turnout = Σ ballots / Σ registered over the
// precincts whose copy has both, and each list's share = Σ votes / Σ valid over the precincts
// whose copy has valid and every list's votes; also turnout from the observers' own counts at
// the close over the official registered voters. The official figures come from the whole
// table. Figures whose sample is under 2 precincts are left out with a warning. Errors: those
// of MatchListColumns; kInvalidArgument for a confidence outside (0, 1).
Result<PvtResult> EstimateFromObservers(const ObserverRecords& records,
                                        const precincts::PrecinctTable& table,
                                        const PvtOptions& options);

std::string PvtText(const PvtResult& pvt);
nlohmann::ordered_json PvtJson(const PvtResult& pvt);

}  // namespace esep::observers
