// The shape of each territorial commission's precinct turnout distribution, compared with the
// other precincts of its region (docs/forensics-indicators.md): a two-sample
// Kolmogorov–Smirnov test per commission, with Holm's correction over the commissions tested.
// A commission whose precincts report turnouts unlike its neighbours' (a block near 100 %, a
// second peak) is listed; geography, not fraud, explains many such differences, so a listed
// commission is a place to look, not a finding. Rendered as text and JSON by TurnoutShapeText and
// TurnoutShapeJson. Pure functions; thread-safe.
//
// Example:
//   TurnoutShape shape = ComputeTurnoutShape(table, {.alpha = 0.01});
//   for (const CommissionTurnoutShape& c : shape.tested) if (c.flagged) Print(c.group);

#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "precincts/precinct_table.h"

namespace esep::fingerprints {

struct TurnoutShapeOptions {
  // Commissions with fewer precincts, or whose reference has fewer, are not tested.
  int64_t min_precincts = 10;
  double alpha = 0.01;  // family-wise level over the commissions tested (Holm)
};

struct CommissionTurnoutShape {
  std::string group;   // the territorial commission
  std::string region;  // its region ("" when the table has none)
  int64_t precincts = 0;
  int64_t reference_precincts = 0;  // the other precincts of the region (or of the table)
  int64_t registered = 0;
  int64_t ballots = 0;
  int64_t reference_registered = 0;
  int64_t reference_ballots = 0;
  double mean_turnout = 0;  // unweighted mean of the precincts' turnouts
  double reference_mean_turnout = 0;
  // The KS statistic D = ks_numerator / (precincts × reference_precincts), exact.
  int64_t ks_numerator = 0;
  double ks_statistic = 0;
  double p_value = 1;           // asymptotic two-sided (Kolmogorov distribution)
  double adjusted_p_value = 1;  // Holm over the commissions tested
  bool flagged = false;         // adjusted_p_value <= alpha
};

// A special commission's precinct (precincts::PrecinctTable::special: on a ship, in a hospital),
// set apart from the test: its turnout is high or low by its nature.
struct SpecialPrecinctTurnout {
  std::string precinct;
  std::string group;
  int64_t registered = 0;
  int64_t ballots = 0;
};

struct TurnoutShape {
  bool within_regions = false;  // the reference is the region (false: the whole table)
  int64_t precincts = 0;        // with registered voters, special commissions not included
  int64_t excluded = 0;         // no registered voters
  // The special commissions' precincts, in table order: neither tested nor part of any
  // reference, reported apart; and the rule that marked them ("" when none was given).
  std::vector<SpecialPrecinctTurnout> special;
  std::string special_rule;
  int64_t commissions = 0;  // (region, group) pairs
  int64_t too_small = 0;    // not tested: fewer than min_precincts, or the reference
  std::vector<CommissionTurnoutShape> tested;  // smallest p first
  std::optional<double> p_value;               // the smallest Holm-adjusted p-value
  bool flagged = false;
  TurnoutShapeOptions options;
};

// The test on `table`. Turnout is ballots / registered, ordered exactly; ties (equal turnouts)
// are handled as the empirical distribution functions' common steps, so D is exact. Precincts
// of special commissions (table.special) are set apart in `special`, whatever their voters.
TurnoutShape ComputeTurnoutShape(const precincts::PrecinctTable& table,
                                 const TurnoutShapeOptions& options);

inline constexpr std::string_view kTurnoutShapeTitle =
    "Turnout distribution by territorial commission";

// Why the test has nothing to show (no commission large enough), or "" when it tested one.
std::string_view UnavailableReason(const TurnoutShape& shape);

// A plain-language report: the title and reference, the counts, the smallest adjusted p-value
// with its verdict, the commissions with the smallest p-values (at least `max_listed`, and every
// flagged one), and how to read it; ends with a blank line.
std::string TurnoutShapeText(const TurnoutShape& shape, size_t max_listed);

// Every number, every commission tested included: {"reference", "precincts", "excluded",
// "commission_count", "tested_count", "too_small", "min_precincts", "alpha", "correction",
// "p_value", "flagged", "flagged_count", "commissions", "special": {"rule", "count",
// "precincts": [{"precinct", "commission", "registered", "ballots"}]}}.
nlohmann::json TurnoutShapeJson(const TurnoutShape& shape);

// The Kolmogorov distribution's upper tail Q(λ) = 2 Σ_{k≥1} (−1)^(k−1) exp(−2k²λ²), with its
// small-λ form; the two-sample p-value is Q((√n + 0.12 + 0.11/√n) D) with n = n₁n₂/(n₁+n₂)
// (Stephens 1970; Numerical Recipes §14.3).
double KolmogorovTail(double lambda);
double TwoSampleKsPValue(double d, int64_t n1, int64_t n2);

}  // namespace esep::fingerprints
