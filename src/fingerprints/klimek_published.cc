#include "fingerprints/klimek_published.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <string>

#include <boost/math/special_functions/erf.hpp>
#include <fmt/format.h>

namespace esep::fingerprints {

namespace {

// R sums and averages doubles in long double (src/main/summary.c, cov.c); so does this file, so
// that the deterministic figures agree with R's to the last digit where the hardware allows.
using Accumulator = long double;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The program's extreme-fraud spread: x = 1 - |N(0, 0.075)|.
constexpr double kExtremeSpread = 0.075;

// The first bin (1-based) the share's and turnout's drops are sought from.
constexpr size_t kShareDropFrom = 10;
constexpr size_t kTurnoutDropFrom = 15;

// boost's erfc_inv at 0 or 2 returns +-infinity instead of throwing.
using NoThrowPolicy = boost::math::policies::policy<
    boost::math::policies::domain_error<boost::math::policies::ignore_error>,
    boost::math::policies::overflow_error<boost::math::policies::ignore_error>,
    boost::math::policies::pole_error<boost::math::policies::ignore_error>>;

constexpr double kSqrt2 = 1.4142135623730951;

// A uniform double in (0, 1) from 53 random bits, the same on every platform.
double Uniform(std::mt19937_64& rng) {
  return (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53;
}

// A standard normal value by inversion of a uniform (portable, unlike std::normal_distribution).
double StandardNormal(std::mt19937_64& rng) {
  return -kSqrt2 * boost::math::erfc_inv(2.0 * Uniform(rng), NoThrowPolicy());
}

// R's mean(): the long double sum over n, then corrected by the mean residual.
double RMean(std::span<const double> values) {
  const auto n = static_cast<Accumulator>(values.size());
  Accumulator sum = 0;
  for (const double v : values) {
    sum += v;
  }
  Accumulator mean = sum / n;
  if (std::isfinite(static_cast<double>(mean))) {
    Accumulator residual = 0;
    for (const double v : values) {
      residual += v - mean;
    }
    mean += residual / n;
  }
  return static_cast<double>(mean);
}

// R's median() of a non-empty vector.
double RMedian(std::vector<double> values) {
  assert(!values.empty());
  std::sort(values.begin(), values.end());
  const size_t half = values.size() / 2;
  if (values.size() % 2 == 1) {
    return values[half];
  }
  const std::array<double, 2> middle = {values[half - 1], values[half]};
  return RMean(middle);
}

// sqrt(factor * Σ d² / n) with R's long double sum; NaN for no values (R's 0 / 0).
double RootMeanSquare(std::span<const double> deviations, double factor) {
  // R's sum(s^2): each square in double, the sum in long double.
  Accumulator sum = 0;
  for (const double d : deviations) {
    sum += d * d;
  }
  const double total = static_cast<double>(sum);
  return std::sqrt(factor * total / static_cast<double>(deviations.size()));
}

// The left break of the first bin k >= from (1-based) with counts[k] - counts[k - 1] < -slope
// (0-based counts), or nullopt: R's x[which(diff(n[from:m]) < -slope)[1] + from - 1].
std::optional<double> FirstDrop(std::span<const int64_t> counts, std::span<const double> breaks,
                                size_t from, double slope) {
  for (size_t k = from; k < counts.size(); ++k) {
    if (static_cast<double>(counts[k] - counts[k - 1]) < -slope) {
      return breaks[k - 1];
    }
  }
  return std::nullopt;
}

// The program's Sim_Vote and Sim.Histo for one grid point: the simulated share of every unit
// (NaN where the two simulated counts are both 0).
void SimulateShares(const Klimek2012Estimate& e, std::span<const int64_t> registered,
                    const Klimek2012Point& point, std::mt19937_64& rng,
                    std::vector<double>& shares) {
  const double fraud = point.incremental + point.extreme;     // f2
  const double incremental_part = point.incremental / fraud;  // f1 (NaN when no fraud)
  shares.resize(registered.size());
  for (size_t i = 0; i < registered.size(); ++i) {
    // Clean turnout, redrawn until in [0, 1].
    double a = 0;
    do {
      a = e.turnout_drop + e.turnout_spread * StandardNormal(rng);
    } while (a < 0 || a > 1);
    // The two parties' rates, normalised to sum 1, redrawn until both are in [0, 1].
    double l1 = 0;
    double l2 = 0;
    do {
      l1 = e.share_drop + e.share_spread * StandardNormal(rng);
      l2 = (1 - e.share_drop) + e.share_spread * StandardNormal(rng);
      const double sum = l1 + l2;
      l1 /= sum;
      l2 /= sum;
    } while (l1 < 0 || l2 < 0 || l1 > 1 || l2 > 1);
    const auto voters = static_cast<double>(registered[i]);
    double winner = std::nearbyint(voters * a * l1);  // R's round: half to even
    double other = std::nearbyint(voters * a * l2);
    const bool fraudulent = Uniform(rng) < fraud;
    const bool incremental = Uniform(rng) < incremental_part;
    double x = 0;
    if (fraudulent && incremental) {
      do {
        x = std::abs(e.theta * StandardNormal(rng));
      } while (x >= 1 || x <= 0);
    } else if (fraudulent) {
      x = 1 - std::abs(kExtremeSpread * StandardNormal(rng));
      // The port redraws an x outside (0, 1) as |N(0, 0.075)|, without the 1 -.
      while (x >= 1 || x <= 0) {
        x = std::abs(kExtremeSpread * StandardNormal(rng));
      }
    }
    const double moved = std::nearbyint(std::pow(x, point.alpha) * other);
    winner = winner + std::floor(x * (voters - (winner + other))) + moved;
    other = other - moved;
    shares[i] = winner / (winner + other);
  }
}

struct Attempt {
  Klimek2012Bins bins;
  Klimek2012Estimate estimate;
  std::vector<Klimek2012Pick> picks;
};

// One call of the program's ElectionFitter_sim at `thres`; the failure's text otherwise.
Result<Attempt> TryThres(std::span<const double> turnout, std::span<const double> share,
                         std::span<const int64_t> registered, double thres, int iterations,
                         std::mt19937_64& rng) {
  Attempt attempt;
  attempt.bins = Klimek2012BinsFor(static_cast<int64_t>(share.size()), thres);
  if (attempt.bins.thres <= 1) {
    return FailedPreconditionError(
        fmt::format("too few precincts: the bin rule left thres at {} and the slope rule needs "
                    "more than 1",
                    attempt.bins.thres));
  }
  ASSIGN_OR_RETURN(attempt.estimate, EstimateKlimek2012(turnout, share, attempt.bins));
  const std::optional<std::vector<int64_t>> observed = RHistogram(share, attempt.bins.breaks);
  assert(observed.has_value());  // EstimateKlimek2012 has binned the same shares
  const std::vector<Klimek2012Point> grid = Klimek2012Grid();
  std::vector<double> criteria(grid.size());
  std::vector<double> simulated;
  for (int it = 0; it < iterations; ++it) {
    for (size_t z = 0; z < grid.size(); ++z) {
      SimulateShares(attempt.estimate, registered, grid[z], rng, simulated);
      const std::optional<std::vector<int64_t>> counts = RHistogram(simulated, attempt.bins.breaks);
      if (!counts.has_value()) {
        return FailedPreconditionError(
            "a simulated share fell outside the bins (a unit with one more simulated ballot than "
            "voters)");
      }
      criteria[z] = Klimek2012Criterion(*counts, *observed);
    }
    attempt.picks.push_back(PickKlimek2012(grid, criteria));
  }
  return attempt;
}

}  // namespace

std::vector<double> RSequence(double from, double to, double by) {
  assert(by > 0 && to >= from);
  const double del = to - from;
  const auto n = static_cast<int64_t>(del / by + 1e-10);
  std::vector<double> out;
  out.reserve(static_cast<size_t>(n) + 1);
  for (int64_t k = 0; k <= n; ++k) {
    out.push_back(std::min(from + static_cast<double>(k) * by, to));
  }
  return out;
}

Klimek2012Bins Klimek2012BinsFor(int64_t units, double thres) {
  double x0 = 0;
  double h = 0;
  while (true) {
    x0 = -0.005 * (5 / thres);
    h = 0.01 * (5 / thres);
    if (0.8 * static_cast<double>(units) > 1 / h) {
      break;
    }
    if (thres > 0.5) {
      thres = thres - 0.5;
    } else {
      break;
    }
  }
  return {.thres = thres, .breaks = RSequence(x0, 1 - x0, 0.01 * (5 / thres))};
}

std::optional<std::vector<int64_t>> RHistogram(std::span<const double> values,
                                               std::span<const double> breaks) {
  assert(breaks.size() > 5);  // hist's fuzz is a median bin width only from 6 breaks on
  std::vector<double> widths(breaks.size() - 1);
  for (size_t k = 0; k + 1 < breaks.size(); ++k) {
    widths[k] = breaks[k + 1] - breaks[k];
  }
  const double fuzz = 1e-7 * RMedian(widths);
  std::vector<double> fuzzy(breaks.begin(), breaks.end());
  fuzzy[0] -= fuzz;
  for (size_t k = 1; k < fuzzy.size(); ++k) {
    fuzzy[k] += fuzz;
  }
  std::vector<int64_t> counts(breaks.size() - 1, 0);
  for (const double v : values) {
    if (!std::isfinite(v)) {
      continue;
    }
    if (v < fuzzy.front() || v > fuzzy.back()) {
      return std::nullopt;
    }
    // The bin (fuzzy[k], fuzzy[k + 1]], the first also closed on the left: graphics' BinCount.
    size_t low = 0;
    size_t high = fuzzy.size() - 1;
    while (high - low >= 2) {
      const size_t middle = (high + low) / 2;
      if (v > fuzzy[middle]) {
        low = middle;
      } else {
        high = middle;
      }
    }
    ++counts[low];
  }
  return counts;
}

Result<Klimek2012Estimate> EstimateKlimek2012(std::span<const double> turnout,
                                              std::span<const double> share,
                                              const Klimek2012Bins& bins) {
  assert(turnout.size() == share.size());
  const std::span<const double> breaks = bins.breaks;
  const std::optional<std::vector<int64_t>> share_counts = RHistogram(share, breaks);
  const std::optional<std::vector<int64_t>> turnout_counts = RHistogram(turnout, breaks);
  if (!share_counts.has_value() || !turnout_counts.has_value()) {
    return FailedPreconditionError("a turnout or share lies outside the bins (above 100 %)");
  }
  Klimek2012Estimate e;
  const auto peak = std::max_element(share_counts->begin(), share_counts->end());
  e.share_peak = breaks[static_cast<size_t>(peak - share_counts->begin())];
  std::optional<double> share_drop;
  double slope = bins.thres;
  while (slope > 1) {
    share_drop = FirstDrop(*share_counts, breaks, kShareDropFrom, slope);
    if (share_drop.has_value()) {
      break;
    }
    slope = slope - 0.5;
  }
  if (!share_drop.has_value()) {
    return FailedPreconditionError(fmt::format(
        "the share histogram never falls by more than the slope threshold (tried from {} down to "
        "1.5) between neighbouring bins from bin {} on",
        bins.thres, kShareDropFrom));
  }
  e.slope_threshold = slope;
  e.share_drop = *share_drop;
  const std::optional<double> turnout_drop =
      FirstDrop(*turnout_counts, breaks, kTurnoutDropFrom, slope);
  if (!turnout_drop.has_value()) {
    return FailedPreconditionError(
        fmt::format("the turnout histogram never falls by more than {} between neighbouring bins "
                    "from bin {} on",
                    slope, kTurnoutDropFrom));
  }
  e.turnout_drop = *turnout_drop;
  std::vector<double> below_both;
  std::vector<double> below_drop;
  std::vector<double> above_peak;
  for (size_t i = 0; i < share.size(); ++i) {
    if (share[i] < e.share_drop && turnout[i] < e.turnout_drop) {
      below_both.push_back(turnout[i] - e.turnout_drop);
    }
    if (share[i] < e.share_drop) {
      below_drop.push_back(share[i] - e.share_drop);
    }
    if (share[i] > e.share_peak) {
      above_peak.push_back(share[i] - e.share_peak);
    }
  }
  if (below_both.empty()) {
    return FailedPreconditionError(
        fmt::format("no precinct has both a share below {} and a turnout below {}: the turnout "
                    "spread is undefined",
                    e.share_drop, e.turnout_drop));
  }
  if (below_drop.empty() || above_peak.empty()) {
    return FailedPreconditionError(
        "no precinct below the share's drop or above its peak: the share spread or theta is "
        "undefined");
  }
  e.turnout_spread = RootMeanSquare(below_both, 1);
  e.share_spread = RootMeanSquare(below_drop, 2);
  e.theta = std::sqrt(RootMeanSquare(above_peak, 1));
  return e;
}

std::vector<Klimek2012Point> Klimek2012Grid() {
  const std::vector<double> incremental = RSequence(0, 1, 0.2);
  const std::vector<double> extreme = RSequence(0, 0.3, 0.1);
  const std::vector<double> alphas = RSequence(0.5, 1, 0.5);
  std::vector<Klimek2012Point> grid;
  for (const double alpha : alphas) {
    for (const double fe : extreme) {
      for (const double fi : incremental) {
        grid.push_back({.incremental = fi, .extreme = fe, .alpha = alpha});
      }
    }
  }
  return grid;
}

double Klimek2012Criterion(std::span<const int64_t> simulated, std::span<const int64_t> observed) {
  assert(simulated.size() == observed.size());
  Accumulator sum = 0;
  for (size_t k = 0; k < observed.size(); ++k) {
    const double r =
        static_cast<double>(simulated[k] - observed[k]) / (static_cast<double>(observed[k]) + 1);
    sum += r * r;
  }
  return static_cast<double>(sum);
}

Klimek2012Pick PickKlimek2012(std::span<const Klimek2012Point> grid,
                              std::span<const double> criteria) {
  assert(grid.size() == criteria.size() && !criteria.empty());
  const double least = *std::min_element(criteria.begin(), criteria.end());
  std::vector<double> fi;
  std::vector<double> fe;
  std::vector<double> alpha;
  std::vector<double> criterion;
  for (size_t z = 0; z < grid.size(); ++z) {
    if (criteria[z] == least) {
      fi.push_back(grid[z].incremental);
      fe.push_back(grid[z].extreme);
      alpha.push_back(grid[z].alpha);
      criterion.push_back(criteria[z]);
    }
  }
  return {.point = {.incremental = RMean(fi), .extreme = RMean(fe), .alpha = RMean(alpha)},
          .criterion = RMean(criterion)};
}

Klimek2012Summary SummarizeKlimek2012(std::span<const double> values) {
  Klimek2012Summary summary{.mean = RMean(values), .sd = kNaN};
  if (values.size() < 2) {
    return summary;
  }
  // R's var: the deviations from the (double) mean, squared and summed in long double.
  Accumulator sum = 0;
  for (const double v : values) {
    const Accumulator d = v - summary.mean;
    sum += d * d;
  }
  summary.sd = std::sqrt(static_cast<double>(sum / static_cast<Accumulator>(values.size() - 1)));
  return summary;
}

Klimek2012Row FitKlimek2012(std::span<const int64_t> registered, std::span<const int64_t> base,
                            std::span<const int64_t> votes, int iterations, uint64_t seed) {
  assert(registered.size() == base.size() && base.size() == votes.size() && iterations >= 1);
  Klimek2012Row row;
  std::vector<int64_t> kept_registered;
  std::vector<double> turnout;
  std::vector<double> share;
  for (size_t i = 0; i < registered.size(); ++i) {
    if (registered[i] == 0 || base[i] == 0 || votes[i] == 0) {
      ++row.left_out;
      continue;
    }
    kept_registered.push_back(registered[i]);
    turnout.push_back(static_cast<double>(base[i]) / static_cast<double>(registered[i]));
    share.push_back(static_cast<double>(votes[i]) / static_cast<double>(base[i]));
  }
  row.units = static_cast<int64_t>(share.size());
  std::mt19937_64 rng(seed);
  for (int k = 0; k <= 9; ++k) {
    // R's thresSet: 5 + c(0:9) / 10.
    const double thres = 5 + static_cast<double>(k) / 10;
    Result<Attempt> attempt = TryThres(turnout, share, kept_registered, thres, iterations, rng);
    if (!attempt.has_value()) {
      row.failure = std::string(attempt.error().message());
      row.failed_thres.push_back(fmt::format("thres {}: {}", thres, row.failure));
      continue;
    }
    row.failure.clear();
    row.thres_tried = thres;
    row.thres = attempt->bins.thres;
    row.bins = static_cast<int>(attempt->bins.breaks.size()) - 1;
    row.estimate = attempt->estimate;
    row.picks = std::move(attempt->picks);
    std::vector<double> fi;
    std::vector<double> fe;
    std::vector<double> alpha;
    std::vector<double> criterion;
    for (const Klimek2012Pick& pick : row.picks) {
      fi.push_back(pick.point.incremental);
      fe.push_back(pick.point.extreme);
      alpha.push_back(pick.point.alpha);
      criterion.push_back(pick.criterion);
    }
    row.incremental = SummarizeKlimek2012(fi);
    row.extreme = SummarizeKlimek2012(fe);
    row.alpha = SummarizeKlimek2012(alpha);
    row.criterion = SummarizeKlimek2012(criterion);
    break;
  }
  return row;
}

std::string_view Klimek2012BaseName(Klimek2012Base base) {
  return base == Klimek2012Base::kValid ? "valid" : "ballots";
}

std::string_view Klimek2012LevelName(Klimek2012Level level) {
  switch (level) {
    case Klimek2012Level::kNational:
      return "national";
    case Klimek2012Level::kRegion:
      return "region";
    case Klimek2012Level::kGroup:
      return "group";
  }
  return "?";
}

Result<Klimek2012Table> RunKlimek2012(const precincts::PrecinctTable& table,
                                      const Klimek2012Options& options) {
  if (options.iterations < 1) {
    return InvalidArgumentError(
        fmt::format("Klimek 2012 fit: iterations {} must be 1 or more", options.iterations));
  }
  if (table.choices() == 0) {
    return InvalidArgumentError("Klimek 2012 fit: the precinct table has no choices");
  }
  std::vector<size_t> choices;
  for (const std::string& name : options.choices) {
    const auto found = std::find(table.choice_names.begin(), table.choice_names.end(), name);
    if (found == table.choice_names.end()) {
      return InvalidArgumentError(
          fmt::format("Klimek 2012 fit: no choice named '{}' in the table", name));
    }
    choices.push_back(static_cast<size_t>(found - table.choice_names.begin()));
  }
  if (choices.empty()) {
    choices.push_back(table.Leader());
  }
  const std::vector<std::string>* names = nullptr;
  const std::vector<uint32_t>* unit_of = nullptr;
  if (options.level == Klimek2012Level::kRegion) {
    names = &table.region_names;
    unit_of = &table.region;
  } else if (options.level == Klimek2012Level::kGroup) {
    names = &table.group_names;
    unit_of = &table.group;
  }
  if (names != nullptr &&
      (unit_of->size() != table.size() ||
       std::all_of(names->begin(), names->end(), [](const std::string& n) { return n.empty(); }))) {
    const std::string_view level = Klimek2012LevelName(options.level);
    return InvalidArgumentError(
        fmt::format("Klimek 2012 fit by {}: the precincts have no {} names (map a {} column)",
                    level, level, level));
  }
  // Units by name in byte order, each with its precincts in table order.
  std::map<std::string, std::vector<size_t>> members;
  for (size_t i = 0; i < table.size(); ++i) {
    members[names == nullptr ? "National" : (*names)[(*unit_of)[i]]].push_back(i);
  }
  Klimek2012Table result{.options = options,
                         .source = table.source,
                         .synthetic = table.synthetic,
                         .skipped = table.skipped};
  std::vector<int64_t> registered;
  std::vector<int64_t> base;
  std::vector<int64_t> votes;
  for (const size_t choice : choices) {
    uint64_t position = 0;
    for (const auto& [unit, precincts] : members) {
      registered.clear();
      base.clear();
      votes.clear();
      for (const size_t i : precincts) {
        registered.push_back(table.registered[i]);
        base.push_back(options.base == Klimek2012Base::kValid ? table.valid[i] : table.ballots[i]);
        votes.push_back(table.Votes(i, choice));
      }
      Klimek2012Row row =
          FitKlimek2012(registered, base, votes, options.iterations, options.seed + position);
      row.unit = unit;
      row.choice = table.choice_names[choice];
      result.rows.push_back(std::move(row));
      ++position;
    }
  }
  return result;
}

}  // namespace esep::fingerprints
