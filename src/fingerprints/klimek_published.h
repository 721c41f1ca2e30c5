// Klimek et al.'s fraud-model fit as the authors' program computes it (`esep audit
// --method-preset klimek2012`; docs/reproducing-published-analyses.md, "Klimek et al. 2012").
// The program, ElectionFritter.m, is public as its R port by W. Mebane and N. Egami,
// `ComputeKlimekModel` of the Election Forensics Toolkit (EFToolkit, R/ComputeKlimekModel.R);
// every deterministic step below follows that code's definitions (read, not copied): the units
// kept, the bins and their `thres` rule, the peak and slope rules, θ and the spreads, the grids,
// the criterion, ties averaged, ten iterations, the thres set. The simulation draws from esep's
// own seeded stream, so the fitted f_i, f_e and α agree with R's within Monte Carlo error, not
// digit for digit. This fit is separate from esep's own (klimek_model.h), which the suite runs.
//
// Pure functions; deterministic given the seed; thread-safe.
//
// Example:
//   ASSIGN_OR_RETURN(Klimek2012Table t, RunKlimek2012(table, {.level = Klimek2012Level::kRegion}));
//   fmt::print("{}", Klimek2012Text(t));

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

// The figure that both turnout and the share divide by: the program's `TotalVotes` (its code
// calls it NValid). EFToolkit's example passes the ballots cast.
enum class Klimek2012Base { kBallots, kValid };

// The unit of the fit (the program's `Level`): all precincts, or each region or group apart.
enum class Klimek2012Level { kNational, kRegion, kGroup };

struct Klimek2012Options {
  Klimek2012Base base = Klimek2012Base::kBallots;
  Klimek2012Level level = Klimek2012Level::kNational;
  // The choices fitted, by name; empty: the leader (the choice with the most votes).
  std::vector<std::string> choices;
  int iterations = 10;  // the program's `iter`
  uint64_t seed = 1;    // of esep's stream (std::mt19937_64)
};

// R's seq(from, to, by) for by > 0: n = as.integer((to - from) / by + 1e-10) steps, the points
// from + k by (k = 0..n), each at most `to`. REQUIRES: by > 0, to >= from.
std::vector<double> RSequence(double from, double to, double by);

// The bins of a fit of `units` units started at `thres`: while 0.8 units <= 1 / h, with
// h = 0.01 (5 / thres), thres falls by 0.5 (not below 0.5); then the breaks are
// seq(x0, 1 - x0, h) with x0 = -h / 2 — bins of width h centred on 0, h, 2h, ... (h = 0.01 at
// thres 5: 101 bins centred on 0 %, 1 %, ..., 100 %).
struct Klimek2012Bins {
  double thres = 5;  // after the rule
  std::vector<double> breaks;
};
Klimek2012Bins Klimek2012BinsFor(int64_t units, double thres);

// R's hist(values, breaks, plot = FALSE)$counts: bins closed on the right, the first closed on
// both sides, every inner break moved up by 1e-7 times the median bin width and the first down
// by as much; NaN and infinite values left out. nullopt when a finite value falls outside the
// breaks (R stops: "some 'x' not counted").
std::optional<std::vector<int64_t>> RHistogram(std::span<const double> values,
                                               std::span<const double> breaks);

// The program's Estimate: the clean part read from the histograms of the share (v) and of
// turnout (a) over the bins. The break at the left edge of bin k (1-based) is breaks[k - 1].
struct Klimek2012Estimate {
  // The share's peak: the left break of the first bin with the most units.
  double share_peak = 0;
  // The slope threshold the drops were found with: the first of thres, thres - 0.5, ... (above
  // 1) at which the share histogram, from bin 10 on, falls by more than it between neighbours.
  double slope_threshold = 0;
  // λ: the left break of the first bin k >= 10 whose next bin has fewer units by more than
  // the slope threshold (the program's lambda_fraud[1]; the other party's is 1 - λ).
  double share_drop = 0;
  // The same rule on the turnout histogram from bin 15 on, at the same threshold (p_Att).
  double turnout_drop = 0;
  // sqrt(mean (a - p_Att)²) over the units with v < λ and a < p_Att (stdAtt).
  double turnout_spread = 0;
  // sqrt(2 mean (v - λ)²) over the units with v < λ (sigma_fraud).
  double share_spread = 0;
  // θ: the fourth root of mean (v - peak)² over the units with v > peak.
  double theta = 0;
};

// Estimate on `turnout` and `share` (one entry per unit) over `bins`, or kFailedPrecondition
// saying which step found nothing (the program stops there and tries the next thres): no drop
// in the share histogram at any threshold above 1, none in the turnout histogram, no unit for a
// spread or for θ. REQUIRES: turnout.size() == share.size(); both inside the breaks.
Result<Klimek2012Estimate> EstimateKlimek2012(std::span<const double> turnout,
                                              std::span<const double> share,
                                              const Klimek2012Bins& bins);

// One grid point of the program's model.
struct Klimek2012Point {
  double incremental = 0;  // f_i
  double extreme = 0;      // f_e
  double alpha = 0;
};

// The grid: f_i ∈ seq(0, 1, 0.2) fastest, then f_e ∈ seq(0, 0.3, 0.1), then α ∈ {0.5, 1}
// (R's expand.grid order); 48 points.
std::vector<Klimek2012Point> Klimek2012Grid();

// The program's criterion: Σ ((simulated − observed) / (observed + 1))² over the bins.
// REQUIRES: equal sizes.
double Klimek2012Criterion(std::span<const int64_t> simulated, std::span<const int64_t> observed);

// One iteration's pick: the grid point with the least criterion; on a tie, the mean of the tied
// points (each of f_i, f_e, α and the criterion averaged). REQUIRES: equal, non-empty sizes.
struct Klimek2012Pick {
  Klimek2012Point point;
  double criterion = 0;
};
Klimek2012Pick PickKlimek2012(std::span<const Klimek2012Point> grid,
                              std::span<const double> criteria);

// A mean and R's sample standard deviation (n - 1; NaN for one value).
struct Klimek2012Summary {
  double mean = 0;
  double sd = 0;
};
Klimek2012Summary SummarizeKlimek2012(std::span<const double> values);

// The fit of one choice in one unit.
struct Klimek2012Row {
  std::string unit;    // "National", a region or a group name
  std::string choice;  // the choice fitted
  int64_t units = 0;   // precincts kept ("Obs")
  // Precincts of the unit left out: no voters on the list, a zero base, or 0 votes for the
  // choice (the program's rule).
  int64_t left_out = 0;
  // Empty on success; otherwise why every thres of the set failed (the last failure), and the
  // row has no estimate or fit (the program leaves it NA).
  std::string failure;
  // The thres values of the set that failed before the one used (or all ten), each
  // "thres 5: <why>", in order.
  std::vector<std::string> failed_thres;
  double thres_tried = 0;  // the first of 5, 5.1, ..., 5.9 that succeeded
  double thres = 0;        // after the bin rule
  int bins = 0;
  Klimek2012Estimate estimate;
  std::vector<Klimek2012Pick> picks;  // one per iteration
  Klimek2012Summary incremental;      // f_i over the iterations
  Klimek2012Summary extreme;          // f_e
  Klimek2012Summary alpha;
  Klimek2012Summary criterion;
};

// The fit of one unit: `registered`, `base` and `votes` per precinct (the program's NVoters,
// NValid, Votes). Precincts with a zero figure are left out; each thres of 5, 5.1, ..., 5.9 is
// tried until one succeeds; `iterations` iterations of the 48-point grid, each simulation a new
// draw from `seed`'s stream. REQUIRES: equal sizes, counts >= 0, iterations >= 1.
Klimek2012Row FitKlimek2012(std::span<const int64_t> registered, std::span<const int64_t> base,
                            std::span<const int64_t> votes, int iterations, uint64_t seed);

struct Klimek2012Table {
  Klimek2012Options options;
  std::string source;
  bool synthetic = false;
  std::vector<std::string> skipped;  // the loader's skipped rows (PrecinctTable::skipped)
  std::vector<Klimek2012Row> rows;   // choice-major: each choice, every unit (by name)
};

// The fit for every chosen choice in every unit of options.level, units in byte order of their
// names (R's split sorts them). Each unit's fit draws from options.seed + its position in the
// table. kInvalidArgument when a choice is not in the table, the level has no names (a CSV mapped
// without a region or group column), the table has no choices, or iterations < 1.
Result<Klimek2012Table> RunKlimek2012(const precincts::PrecinctTable& table,
                                      const Klimek2012Options& options);

std::string Klimek2012Text(const Klimek2012Table& table);
nlohmann::json Klimek2012Json(const Klimek2012Table& table);

std::string_view Klimek2012BaseName(Klimek2012Base base);     // "ballots" | "valid"
std::string_view Klimek2012LevelName(Klimek2012Level level);  // "national" | "region" | "group"

}  // namespace esep::fingerprints
