// The fraud model of Klimek, Yegorov, Hanel & Thurner, "Statistical detection of systematic
// election irregularities", PNAS 109(41), 2012 (docs/forensics-klimek.md): clean precincts have
// turnout and leader share drawn from two independent normal distributions; with probability
// f_i a precinct gets incremental fraud (a fraction x of its non-voters stuffed for the leader
// and a fraction x^alpha of the opposition's votes moved to the leader, x small), with
// probability f_e extreme fraud (the same with x close to 1). This file holds the model, the
// robust estimate of its clean part from the data, its expected 2D histogram, the fit of f_i and
// f_e, and a simulator that draws a table from it. Pure functions; deterministic given the
// seed; thread-safe.

#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "precincts/precinct_table.h"

namespace esep::fingerprints {

// The clean part: turnout ~ N(turnout_mean, turnout_sd) and leader share ~ N(share_mean,
// share_sd), independent; the rare values beyond 0 or 1 are put at 0 or 1.
struct KlimekCleanModel {
  double turnout_mean = 0.6;
  double turnout_sd = 0.1;
  double share_mean = 0.5;
  double share_sd = 0.1;
};

// The fraud part. REQUIRES: incremental, extreme >= 0, incremental + extreme <= 1, theta > 0,
// alpha > 0, 0 < extreme_sd.
struct KlimekFraudModel {
  double incremental = 0;  // f_i: the probability that a precinct gets incremental fraud
  double extreme = 0;      // f_e: the probability that a precinct gets extreme fraud
  // Incremental fraud: x ~ |N(0, theta)| truncated to [0, 1).
  double theta = 0.1;
  // x^alpha of the opposition's votes move to the leader (x of the non-voters are stuffed).
  double alpha = 1;
  // Extreme fraud: x = 1 - |N(0, extreme_sd)|, truncated to (0, 1] (the authors' code: 0.075).
  double extreme_sd = 0.075;
};

// Turnout and leader share of one precinct, fractions of [0, 1].
struct TurnoutShare {
  double turnout = 0;
  double share = 0;
};

// One precinct after fraud of size x in [0, 1]: x of the non-voters (1 - turnout) become
// ballots for the leader, and x^alpha of the opposition's votes (turnout * (1 - share)) move to
// the leader. Valid ballots equal ballots in the model. A precinct with turnout 0 and x 0 stays.
TurnoutShare ApplyKlimekFraud(TurnoutShare clean, double x, double alpha);

// The clean part estimated from the data as the paper does, from the main peak and its
// fraud-free (lower) side, so that precincts pushed up and to the right by fraud do not widen
// it: for each axis, the mean is the mode of a Gaussian-smoothed histogram (bandwidth 0.01),
// sought among values below `peak_limit` (so a spike of extreme fraud near 100 % is not taken
// for the clean peak), and the standard deviation is the median distance below the mode of the
// values below it, divided by 0.67449 (the median of a half-normal is 0.67449 sd); at least
// 0.005. Values must lie in [0, 1]. With no values, returns the defaults.
KlimekCleanModel EstimateKlimekClean(std::span<const double> turnout, std::span<const double> share,
                                     double peak_limit);

// The model's expected 2D histogram at `bins` x `bins` over [0, 1]^2, turnout-major (entry
// t * bins + s: turnout bin t, share bin s; a value v falls in bin min(floor(bins * v),
// bins - 1)), as probabilities summing to 1. The clean part is exact (differences of the
// truncated normal CDFs); the fraud parts are averaged over `model_precincts` precincts drawn
// from `seed`. REQUIRES: bins >= 1, model_precincts >= 1.
std::vector<double> KlimekModelHistogram(const KlimekCleanModel& clean,
                                         const KlimekFraudModel& fraud, int bins,
                                         int64_t model_precincts, uint64_t seed);

struct KlimekFitOptions {
  int bins = 50;                      // the fit's histogram resolution (bins x bins)
  int64_t model_precincts = 100'000;  // model precincts simulated (the fraud components)
  uint64_t seed = 1;                  // of the simulation: the fit is deterministic given it
  std::vector<double> alphas = {0.5, 1, 2, 4};  // alpha grid
  // Theta grid. It starts at 0.1: smaller incremental fraud (a mean x under 0.08) moves a
  // precinct by less than the clean spread and cannot be told from it.
  std::vector<double> thetas = {0.1, 0.15, 0.2, 0.3, 0.45, 0.6};
  int theta_refinements = 8;  // golden-section steps on theta around the best grid point
  int clean_iterations = 60;  // Nelder-Mead steps refining the clean part; 0 keeps the estimate
};

struct KlimekFit {
  KlimekCleanModel clean;
  KlimekFraudModel fraud;     // the fitted f_i, f_e, theta and alpha
  int64_t precincts = 0;      // data precincts in the fit histogram
  double log_likelihood = 0;  // sum over bins of count * ln(model probability), at the fit
  double deviance = 0;        // G^2 = 2 sum count * ln(count / (precincts * probability))
  double deviance_clean = 0;  // G^2 of the clean model alone (f_i = f_e = 0)
  int evaluations = 0;        // (theta, alpha) pairs tried
};

// Fits f_i and f_e (and theta, alpha) to `counts`, a bins x bins data histogram (turnout-major,
// options.bins), with the clean part fixed to `clean`. The criterion is the binned likelihood:
// the data counts are multinomial over the bins with the model's probabilities, so the fit
// maximises sum count * ln p(bin), i.e. minimises the deviance G^2. For each (theta, alpha) on
// the grid (theta then refined), the model histogram is linear in (f_i, f_e) — (1 - f_i - f_e)
// clean + f_i incremental + f_e extreme — and the log-likelihood is concave in them, so the
// best (f_i, f_e) on the simplex is found exactly (Newton inside, bisection on each edge).
// REQUIRES: counts.size() == options.bins^2, options valid (non-empty grids).
KlimekFit FitKlimekModel(std::span<const int64_t> counts, const KlimekCleanModel& clean,
                         const KlimekFitOptions& options);

// A synthetic table drawn from the model, labelled synthetic, for tests and calibration:
// `precincts` precincts with `registered` voters each and two choices, "leader" and
// "opposition"; ballots = valid = round(turnout * registered) and the leader's votes =
// round(share * ballots). REQUIRES: precincts >= 0, registered >= 1.
precincts::PrecinctTable SimulateKlimekTable(const KlimekCleanModel& clean,
                                             const KlimekFraudModel& fraud, int64_t precincts,
                                             int64_t registered, uint64_t seed);

}  // namespace esep::fingerprints
