// EFToolkit's BasicElectionForensics table (Kalinin & Mebane, R package EFToolkit,
// R/BasicElectionForensics.R; docs/reproducing-published-analyses.md): per unit of a chosen
// level (the whole table, a region or a group) and per variable (turnout, then each choice), the
// second-digit mean (2BL) and its chi-square against Benford, the last-digit mean, C05s, P05s,
// skewness, kurtosis, the Sobyanin-Sukhovolsky measure and the turnout-share correlation, with
// the package's definitions (which counts enter, percentages capped at 1, R's rounding half to
// even), and on request the package's basic bootstrap intervals. The dip test is not computed.
//
// Pure functions; thread-safe.
//
// Example:
//   ASSIGN_OR_RETURN(EftoolkitTable t, RunEftoolkitTable(table, EftoolkitLevel::kRegion));
//   fmt::print("{}", EftoolkitTableText(t));

#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.h"
#include "precincts/precinct_table.h"

namespace esep::fingerprints {

enum class EftoolkitLevel { kNational, kRegion, kGroup };

// A 95 % basic bootstrap interval (boot.ci type "basic").
struct EftoolkitInterval {
  double low = 0;
  double high = 0;
};

// The package bootstraps these six statistics (precincts resampled with replacement within the
// unit); nullopt when not computed or NA.
struct EftoolkitIntervals {
  std::optional<EftoolkitInterval> second_digit_mean;
  std::optional<EftoolkitInterval> last_digit_mean;
  std::optional<EftoolkitInterval> count_05s;
  std::optional<EftoolkitInterval> percent_05s;
  std::optional<EftoolkitInterval> skewness;
  std::optional<EftoolkitInterval> kurtosis;
};

// Resamples for the bootstrap intervals (the package's R, 1000 by default there; 0: none) and
// the seed of their random stream.
struct EftoolkitBootstrap {
  int64_t resamples = 0;
  uint64_t seed = 1;
};

// One row: one variable in one unit. A statistic the package leaves NA is nullopt.
struct EftoolkitRow {
  std::string unit;          // "National", a region or a group name
  std::string variable;      // "Turnout" or a choice name
  int64_t observations = 0;  // precincts in the unit ("Obs")
  // _2BL: mean second digit of the counts with at least two digits; its Pearson chi-square
  // against Benford's second-digit law (9 df) and p-value, over the same counts.
  std::optional<double> second_digit_mean;
  int64_t second_digit_counts = 0;
  std::optional<double> second_digit_chi_square;
  std::optional<double> second_digit_p_value;
  std::optional<double> last_digit_mean;  // LastC: mean last digit of every count
  std::optional<double> count_05s;        // C05s: share of counts ending in 0 or 5
  std::optional<double> percent_05s;      // P05s: share of rounded percentages ending in 0 or 5
  std::optional<double> skewness;         // of the percentage (as a fraction)
  std::optional<double> kurtosis;         // m4 / m2^2 (not the excess)
  std::optional<double> sobyanin;         // choices only: slope of share on turnout - mean share
  std::optional<double> correlation;      // choices only: Pearson r(share, turnout)
  // DipT: Hartigan's dip of count / total (uncapped; a zero total or an infinite share left
  // out), its p-value against the uniform null (the package reports this p-value) and that
  // p-value's Monte Carlo standard error; nullopt when no share exists.
  std::optional<double> dip;
  std::optional<double> dip_p_value;
  std::optional<double> dip_p_value_standard_error;
  EftoolkitIntervals intervals;  // with EftoolkitBootstrap::resamples > 0
};

struct EftoolkitTable {
  EftoolkitLevel level = EftoolkitLevel::kNational;
  std::string source;
  bool synthetic = false;
  std::vector<EftoolkitRow> rows;  // variable-major (as the package): each variable, every unit
  EftoolkitBootstrap bootstrap;
};

// The statistics of one variable over one unit's precincts: `counts` (ballots for turnout, a
// choice's votes), `totals` (the percentage's denominator: voters on the list for turnout,
// ballots for a choice), and, for a choice, `turnout` (ballots / voters on the list, uncapped)
// for Sobyanin-Sukhovolsky and the correlation (empty for the turnout row). The dip test's null
// is simulated once per distinct number of shares and cached (dip_test.h).
EftoolkitRow EftoolkitStatistics(std::span<const int64_t> counts, std::span<const int64_t> totals,
                                 std::span<const double> turnout);

// Second and last digit as the package reads them from the decimal text of a count: the second
// character (none below 10), the last character.
std::optional<int> EftoolkitSecondDigit(int64_t count);
int EftoolkitLastDigit(int64_t count);

// Sets row.intervals: basic bootstrap intervals of the six bootstrapped statistics from
// `resamples` resamples of the precincts (counts[i], totals[i] together), drawn from `seed`.
// The replicates' quantiles are order statistics at (R + 1) 0.025 and (R + 1) 0.975 (boot.ci
// interpolates between them on the normal scale), and the random stream is not R's, so the
// bounds agree with the package's within Monte Carlo error, not digit for digit.
void AddEftoolkitIntervals(std::span<const int64_t> counts, std::span<const int64_t> totals,
                           const EftoolkitBootstrap& bootstrap, EftoolkitRow& row);

// The table for every unit of `level`, with bootstrap intervals when bootstrap.resamples > 0.
// kInvalidArgument when the level has no names in the table (e.g. kRegion for a CSV mapped
// without a region column) or resamples is negative.
Result<EftoolkitTable> RunEftoolkitTable(const precincts::PrecinctTable& table,
                                         EftoolkitLevel level, EftoolkitBootstrap bootstrap = {});

std::string EftoolkitTableText(const EftoolkitTable& table);
nlohmann::json EftoolkitTableJson(const EftoolkitTable& table);

}  // namespace esep::fingerprints
