#include "fingerprints/klimek_model.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <limits>
#include <random>
#include <string>

#include <boost/math/special_functions/erf.hpp>

#include "fingerprints/klimek_weights.h"

namespace esep::fingerprints {

namespace {

using internal::BestWeights;
using internal::FitBin;
using internal::LogLikelihood;
using internal::Weights;

// Boost.Math reports an argument at the edge of the domain (erf_inv(1)) by throwing; our code
// does not throw, so such calls return +-infinity and the caller clamps.
using NoThrowPolicy = boost::math::policies::policy<
    boost::math::policies::domain_error<boost::math::policies::ignore_error>,
    boost::math::policies::overflow_error<boost::math::policies::ignore_error>,
    boost::math::policies::pole_error<boost::math::policies::ignore_error>>;

constexpr double kSqrt2 = 1.4142135623730951;
// The median of a half-normal distribution with unit scale: sqrt(2) * erf_inv(1/2).
constexpr double kHalfNormalMedian = 0.6744897501960817;
// The tiny uniform background mixed into every component of the fit (see FitKlimekModel).
constexpr double kBackground = 1e-6;
constexpr double kInfinity = std::numeric_limits<double>::infinity();

double NormalCdf(double z) { return 0.5 * std::erfc(-z / kSqrt2); }

double NormalQuantile(double p) {
  return -kSqrt2 * boost::math::erfc_inv(2.0 * p, NoThrowPolicy());
}

// A uniform double in (0, 1) from 53 random bits: the same on every platform, unlike
// std::uniform_real_distribution whose algorithm the standard leaves open.
double Uniform(std::mt19937_64& rng) {
  return (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53;
}

// A normal(mean, sd) value, with the rare values beyond 0 or 1 put at 0 or 1.
double ClampedNormal(double mean, double sd, double z) {
  return std::clamp(mean + sd * z, 0.0, 1.0);
}

// P(bin b) for a clamped normal among `bins` bins of [0, 1]: the first bin also holds the mass
// below 0 and the last the mass above 1.
std::vector<double> ClampedNormalBins(double mean, double sd, int bins) {
  sd = std::max(sd, 1e-9);
  std::vector<double> out(static_cast<size_t>(bins));
  double below = 0;  // the CDF at the bin's lower edge (0 for the first bin: everything below)
  for (int b = 0; b < bins; ++b) {
    const double above =
        b + 1 == bins ? 1.0 : NormalCdf((static_cast<double>(b + 1) / bins - mean) / sd);
    out[static_cast<size_t>(b)] = std::max(0.0, above - below);
    below = above;
  }
  return out;
}

// |N(0, scale)| truncated to [0, limit / scale * scale) = [0, limit): inversion at u.
double TruncatedHalfNormal(double scale, double limit, double u) {
  const double cap = std::erf(limit / scale / kSqrt2);
  const double z = kSqrt2 * boost::math::erf_inv(u * cap, NoThrowPolicy());
  return std::clamp(scale * z, 0.0, limit);
}

int BinOfDouble(double value, int bins) {
  const auto bin = static_cast<int>(value * bins);
  return std::clamp(bin, 0, bins - 1);
}

// The random draws behind the fraud components, fixed for one fit (common random numbers, so
// the criterion changes smoothly with the parameters): a standard normal for the clean turnout
// and one for the clean share of each model precinct, and a uniform for the size of its fraud.
struct ModelDraws {
  std::vector<double> z_turnout;
  std::vector<double> z_share;
  std::vector<double> magnitude_u;
};

ModelDraws DrawModel(int64_t model_precincts, uint64_t seed) {
  std::mt19937_64 rng(seed);
  ModelDraws draws;
  const auto n = static_cast<size_t>(model_precincts);
  draws.z_turnout.resize(n);
  draws.z_share.resize(n);
  draws.magnitude_u.resize(n);
  for (size_t i = 0; i < n; ++i) {
    draws.z_turnout[i] = NormalQuantile(Uniform(rng));
    draws.z_share[i] = NormalQuantile(Uniform(rng));
    draws.magnitude_u[i] = Uniform(rng);
  }
  return draws;
}

std::vector<double> CleanHistogram(const KlimekCleanModel& model, int bins) {
  const std::vector<double> turnout_p =
      ClampedNormalBins(model.turnout_mean, model.turnout_sd, bins);
  const std::vector<double> share_p = ClampedNormalBins(model.share_mean, model.share_sd, bins);
  std::vector<double> out(static_cast<size_t>(bins) * static_cast<size_t>(bins));
  for (size_t t = 0; t < turnout_p.size(); ++t) {
    for (size_t s = 0; s < share_p.size(); ++s) {
      out[t * share_p.size() + s] = turnout_p[t] * share_p[s];
    }
  }
  return out;
}

// x and x^alpha for each model precinct's fraud.
struct Magnitudes {
  std::vector<double> x;
  std::vector<double> x_alpha;
};

TurnoutShare Defraud(double a, double v, double x, double x_alpha) {
  const double turnout = a + x * (1.0 - a);
  if (turnout <= 0) {
    return {a, v};
  }
  const double leader = a * v + x * (1.0 - a) + x_alpha * a * (1.0 - v);
  return {std::clamp(turnout, 0.0, 1.0), std::clamp(leader / turnout, 0.0, 1.0)};
}

// The histogram (probabilities) of the model precincts after fraud of sizes `m`.
std::vector<double> FraudHistogram(const ModelDraws& draws, const KlimekCleanModel& clean,
                                   const Magnitudes& m, int bins) {
  std::vector<double> out(static_cast<size_t>(bins) * static_cast<size_t>(bins), 0.0);
  for (size_t i = 0; i < draws.z_turnout.size(); ++i) {
    const double a = ClampedNormal(clean.turnout_mean, clean.turnout_sd, draws.z_turnout[i]);
    const double v = ClampedNormal(clean.share_mean, clean.share_sd, draws.z_share[i]);
    const TurnoutShare after = Defraud(a, v, m.x[i], m.x_alpha[i]);
    const int t = BinOfDouble(after.turnout, bins);
    const int s = BinOfDouble(after.share, bins);
    out[static_cast<size_t>(t) * static_cast<size_t>(bins) + static_cast<size_t>(s)] += 1.0;
  }
  const double total = static_cast<double>(draws.z_turnout.size());
  for (double& p : out) {
    p /= total;
  }
  return out;
}

Magnitudes WithAlpha(std::vector<double> x, double alpha) {
  Magnitudes m;
  m.x_alpha.resize(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    m.x_alpha[i] = std::pow(x[i], alpha);
  }
  m.x = std::move(x);
  return m;
}

std::vector<double> IncrementalMagnitudes(const ModelDraws& draws, double theta) {
  std::vector<double> out(draws.magnitude_u.size());
  for (size_t i = 0; i < out.size(); ++i) {
    // x in [0, 1): x = 1 would be extreme fraud, which has its own component.
    out[i] = std::min(TruncatedHalfNormal(theta, 1.0, draws.magnitude_u[i]), 1.0 - 1e-12);
  }
  return out;
}

std::vector<double> ExtremeMagnitudes(const ModelDraws& draws, double extreme_sd) {
  std::vector<double> out(draws.magnitude_u.size());
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = 1.0 - TruncatedHalfNormal(extreme_sd, 1.0, draws.magnitude_u[i]);
  }
  return out;
}

// Mixes the tiny uniform background into a component (the same in all three, so it favours
// none): a data bin where the simulation drew no precinct keeps a finite likelihood.
void AddBackground(std::vector<double>& component) {
  const double uniform = 1.0 / static_cast<double>(component.size());
  for (double& p : component) {
    p = (1.0 - kBackground) * p + kBackground * uniform;
  }
}

}  // namespace

TurnoutShare ApplyKlimekFraud(TurnoutShare clean, double x, double alpha) {
  return Defraud(clean.turnout, clean.share, x, std::pow(x, alpha));
}

namespace {

double Mode(std::span<const double> values, double peak_limit) {
  constexpr int kBins = 200;    // 0.005 wide
  constexpr int kRadius = 8;    // kernel cut at 4 standard deviations
  constexpr double kSigma = 2;  // bins: bandwidth 0.01
  // Values at or above the limit are left out: smoothed, a corner spike spreads below the limit
  // and was taken for the peak (share "peak" 0.95 with extreme fraud in 15 % of precincts).
  std::vector<double> counts(kBins, 0.0);
  for (double v : values) {
    if (v < peak_limit) {
      counts[static_cast<size_t>(BinOfDouble(v, kBins))] += 1.0;
    }
  }
  std::vector<double> smooth(kBins, 0.0);
  for (int b = 0; b < kBins; ++b) {
    for (int k = -kRadius; k <= kRadius; ++k) {
      const int j = b + k;
      if (j >= 0 && j < kBins) {
        smooth[static_cast<size_t>(b)] +=
            counts[static_cast<size_t>(j)] * std::exp(-0.5 * k * k / (kSigma * kSigma));
      }
    }
  }
  // The highest local maximum below the limit; the edge of the search range counts only when
  // there is no interior maximum (the values falling all the way to the limit).
  const auto at = [&](int b) { return smooth[static_cast<size_t>(b)]; };
  int best = -1;
  int highest = 0;
  for (int b = 0; b < kBins && (b + 0.5) / kBins < peak_limit; ++b) {
    highest = at(b) > at(highest) ? b : highest;
    const bool local = (b == 0 || at(b) >= at(b - 1)) && b + 1 < kBins && at(b) > at(b + 1) &&
                       (b + 1.5) / kBins < peak_limit;
    if (local && (best < 0 || at(b) > at(best))) {
      best = b;
    }
  }
  best = best < 0 ? highest : best;
  double offset = 0;
  if (best > 0 && best + 1 < kBins) {
    const double left = at(best - 1);
    const double mid = at(best);
    const double right = at(best + 1);
    const double curvature = left - 2 * mid + right;
    if (curvature < 0) {
      offset = std::clamp(0.5 * (left - right) / curvature, -0.5, 0.5);
    }
  }
  return (best + 0.5 + offset) / kBins;
}

double LowerSideSd(std::span<const double> values, double mode) {
  std::vector<double> below;
  for (double v : values) {
    if (v < mode) {
      below.push_back(mode - v);
    }
  }
  if (below.empty()) {
    return 0.005;
  }
  auto middle = below.begin() + static_cast<std::ptrdiff_t>(below.size() / 2);
  std::nth_element(below.begin(), middle, below.end());
  return std::max(0.005, *middle / kHalfNormalMedian);
}

}  // namespace

KlimekCleanModel EstimateKlimekClean(std::span<const double> turnout, std::span<const double> share,
                                     double peak_limit) {
  KlimekCleanModel model;
  if (turnout.empty() || share.empty()) {
    return model;
  }
  model.turnout_mean = Mode(turnout, peak_limit);
  model.turnout_sd = LowerSideSd(turnout, model.turnout_mean);
  model.share_mean = Mode(share, peak_limit);
  model.share_sd = LowerSideSd(share, model.share_mean);
  return model;
}

std::vector<double> KlimekModelHistogram(const KlimekCleanModel& clean,
                                         const KlimekFraudModel& fraud, int bins,
                                         int64_t model_precincts, uint64_t seed) {
  assert(bins >= 1 && model_precincts >= 1);  // REQUIRES
  std::vector<double> out = CleanHistogram(clean, bins);
  const double clean_weight = 1.0 - fraud.incremental - fraud.extreme;
  for (double& p : out) {
    p *= clean_weight;
  }
  if (fraud.incremental <= 0 && fraud.extreme <= 0) {
    return out;
  }
  const ModelDraws draws = DrawModel(model_precincts, seed);
  if (fraud.incremental > 0) {
    const std::vector<double> h = FraudHistogram(
        draws, clean, WithAlpha(IncrementalMagnitudes(draws, fraud.theta), fraud.alpha), bins);
    for (size_t b = 0; b < out.size(); ++b) {
      out[b] += fraud.incremental * h[b];
    }
  }
  if (fraud.extreme > 0) {
    const std::vector<double> h = FraudHistogram(
        draws, clean, WithAlpha(ExtremeMagnitudes(draws, fraud.extreme_sd), fraud.alpha), bins);
    for (size_t b = 0; b < out.size(); ++b) {
      out[b] += fraud.extreme * h[b];
    }
  }
  return out;
}

namespace {

// The fit's fixed part: the data's occupied bins and the model's random draws.
class Fitter {
 public:
  Fitter(std::span<const int64_t> counts, const KlimekFitOptions& options)
      : bins_(options.bins), draws_(DrawModel(options.model_precincts, options.seed)) {
    for (size_t b = 0; b < counts.size(); ++b) {
      if (counts[b] > 0) {
        occupied_.push_back(b);
        data_.push_back({.count = static_cast<double>(counts[b])});
        precincts_ += counts[b];
      }
    }
  }

  int64_t precincts() const { return precincts_; }
  std::span<const FitBin> data() const { return data_; }
  const ModelDraws& draws() const { return draws_; }
  int evaluations() const { return evaluations_; }

  // The best (f_i, f_e) for this clean part and these fraud sizes, with its log-likelihood.
  Weights Evaluate(const KlimekCleanModel& clean, const Magnitudes& incremental,
                   const Magnitudes& extreme) {
    ++evaluations_;
    std::vector<double> c = CleanHistogram(clean, bins_);
    std::vector<double> i = FraudHistogram(draws_, clean, incremental, bins_);
    std::vector<double> e = FraudHistogram(draws_, clean, extreme, bins_);
    AddBackground(c);
    AddBackground(i);
    AddBackground(e);
    for (size_t k = 0; k < occupied_.size(); ++k) {
      data_[k].clean = c[occupied_[k]];
      data_[k].incremental = i[occupied_[k]];
      data_[k].extreme = e[occupied_[k]];
    }
    return BestWeights(data_);
  }

  // The log-likelihood of the clean part alone.
  double CleanLogLikelihood(const KlimekCleanModel& clean) {
    std::vector<double> c = CleanHistogram(clean, bins_);
    AddBackground(c);
    for (size_t k = 0; k < occupied_.size(); ++k) {
      data_[k].clean = c[occupied_[k]];
    }
    return LogLikelihood(data_, 0, 0);
  }

 private:
  int bins_;
  ModelDraws draws_;
  std::vector<size_t> occupied_;
  std::vector<FitBin> data_;
  int64_t precincts_ = 0;
  int evaluations_ = 0;
};

using CleanVector = std::array<double, 4>;

KlimekCleanModel FromVector(const CleanVector& p) { return {p[0], p[1], p[2], p[3]}; }
CleanVector ToVector(const KlimekCleanModel& m) {
  return {m.turnout_mean, m.turnout_sd, m.share_mean, m.share_sd};
}

// Nelder-Mead minimisation of `cost` over the clean part from `start`, `iterations` steps.
template <typename Cost>
CleanVector NelderMead(const Cost& cost, const CleanVector& start, int iterations) {
  constexpr size_t kDims = 4;
  std::array<CleanVector, kDims + 1> simplex;
  std::array<double, kDims + 1> values{};
  simplex[0] = start;
  for (size_t d = 0; d < kDims; ++d) {
    simplex[d + 1] = start;
    // Means move by a fifth of a standard deviation, deviations by a tenth of themselves.
    const double sd = d < 2 ? start[1] : start[3];
    simplex[d + 1][d] += (d % 2 == 0) ? 0.2 * sd : 0.1 * sd;
  }
  for (size_t k = 0; k <= kDims; ++k) {
    values[k] = cost(simplex[k]);
  }
  for (int step = 0; step < iterations; ++step) {
    std::array<size_t, kDims + 1> order{0, 1, 2, 3, 4};
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return values[a] < values[b]; });
    const size_t worst = order[kDims];
    CleanVector centroid{};
    for (size_t k = 0; k < kDims; ++k) {
      for (size_t d = 0; d < kDims; ++d) {
        centroid[d] += simplex[order[k]][d] / kDims;
      }
    }
    const auto along = [&](double t) {
      CleanVector p{};
      for (size_t d = 0; d < kDims; ++d) {
        p[d] = centroid[d] + t * (simplex[worst][d] - centroid[d]);
      }
      return p;
    };
    const CleanVector reflected = along(-1.0);
    const double reflected_value = cost(reflected);
    if (reflected_value < values[order[0]]) {
      const CleanVector expanded = along(-2.0);
      const double expanded_value = cost(expanded);
      if (expanded_value < reflected_value) {
        simplex[worst] = expanded;
        values[worst] = expanded_value;
      } else {
        simplex[worst] = reflected;
        values[worst] = reflected_value;
      }
    } else if (reflected_value < values[order[kDims - 1]]) {
      simplex[worst] = reflected;
      values[worst] = reflected_value;
    } else {
      const CleanVector contracted = along(0.5);
      const double contracted_value = cost(contracted);
      if (contracted_value < values[worst]) {
        simplex[worst] = contracted;
        values[worst] = contracted_value;
      } else {  // shrink toward the best
        for (size_t k = 1; k <= kDims; ++k) {
          for (size_t d = 0; d < kDims; ++d) {
            simplex[order[k]][d] =
                simplex[order[0]][d] + 0.5 * (simplex[order[k]][d] - simplex[order[0]][d]);
          }
          values[order[k]] = cost(simplex[order[k]]);
        }
      }
    }
  }
  size_t best = 0;
  for (size_t k = 1; k <= kDims; ++k) {
    best = values[k] < values[best] ? k : best;
  }
  return simplex[best];
}

}  // namespace

KlimekFit FitKlimekModel(std::span<const int64_t> counts, const KlimekCleanModel& clean,
                         const KlimekFitOptions& options) {
  assert(counts.size() ==
         static_cast<size_t>(options.bins) * static_cast<size_t>(options.bins));  // REQUIRES
  assert(!options.alphas.empty() && !options.thetas.empty());                     // REQUIRES
  KlimekFit fit;
  fit.clean = clean;
  Fitter fitter(counts, options);
  fit.precincts = fitter.precincts();
  if (fit.precincts == 0) {
    return fit;
  }
  const std::vector<double> extreme_x =
      ExtremeMagnitudes(fitter.draws(), KlimekFraudModel{}.extreme_sd);
  std::vector<Magnitudes> extreme_by_alpha;
  for (double alpha : options.alphas) {
    extreme_by_alpha.push_back(WithAlpha(extreme_x, alpha));
  }

  KlimekCleanModel current = clean;
  Weights best{0, 0, -kInfinity};
  double best_theta = options.thetas.front();
  size_t best_alpha = 0;
  // The profile log-likelihood at theta for the current clean part: the best over alpha and
  // (f_i, f_e). Records the overall best.
  const auto profile = [&](double theta) {
    const std::vector<double> x = IncrementalMagnitudes(fitter.draws(), theta);
    double top = -kInfinity;
    for (size_t a = 0; a < options.alphas.size(); ++a) {
      const Weights w =
          fitter.Evaluate(current, WithAlpha(x, options.alphas[a]), extreme_by_alpha[a]);
      top = std::max(top, w.log_likelihood);
      if (w.log_likelihood > best.log_likelihood) {
        best = w;
        best_theta = theta;
        best_alpha = a;
        fit.clean = current;
      }
    }
    return top;
  };
  const auto grid_search = [&]() {
    std::vector<double> values;
    for (double theta : options.thetas) {
      values.push_back(profile(theta));
    }
    return values;
  };

  // 1. (theta, alpha) on the grid with the clean part estimated from the data.
  grid_search();
  // 2. The clean part refined by likelihood with that (theta, alpha), f_i and f_e solved inside:
  //    the data's peak fixes it far more precisely than the mode alone.
  if (options.clean_iterations > 0) {
    const Magnitudes incremental =
        WithAlpha(IncrementalMagnitudes(fitter.draws(), best_theta), options.alphas[best_alpha]);
    const Magnitudes& extreme = extreme_by_alpha[best_alpha];
    const auto cost = [&](const CleanVector& p) {
      if (p[0] < 0 || p[0] > 1 || p[2] < 0 || p[2] > 1 || p[1] < 0.003 || p[3] < 0.003) {
        return kInfinity;
      }
      return -fitter.Evaluate(FromVector(p), incremental, extreme).log_likelihood;
    };
    current = FromVector(NelderMead(cost, ToVector(fit.clean), options.clean_iterations));
  }
  // 3. (theta, alpha) again with the refined clean part, then theta refined by golden section
  //    between the neighbours of the best grid point.
  const std::vector<double> grid_values = grid_search();
  const size_t k = static_cast<size_t>(std::max_element(grid_values.begin(), grid_values.end()) -
                                       grid_values.begin());
  double lo = k > 0 ? options.thetas[k - 1] : options.thetas[k];
  double hi = k + 1 < options.thetas.size() ? options.thetas[k + 1]
                                            : std::min(1.0, options.thetas[k] * 1.5);
  constexpr double kGolden = 0.6180339887498949;
  double x1 = hi - kGolden * (hi - lo);
  double x2 = lo + kGolden * (hi - lo);
  double v1 = options.theta_refinements > 0 ? profile(x1) : 0;
  double v2 = options.theta_refinements > 0 ? profile(x2) : 0;
  for (int step = 1; step < options.theta_refinements; ++step) {
    if (v1 >= v2) {
      hi = x2;
      x2 = x1;
      v2 = v1;
      x1 = hi - kGolden * (hi - lo);
      v1 = profile(x1);
    } else {
      lo = x1;
      x1 = x2;
      v1 = v2;
      x2 = lo + kGolden * (hi - lo);
      v2 = profile(x2);
    }
  }

  fit.fraud.incremental = best.f_i;
  fit.fraud.extreme = best.f_e;
  fit.fraud.theta = best_theta;
  fit.fraud.alpha = options.alphas[best_alpha];
  fit.log_likelihood = best.log_likelihood;
  fit.evaluations = fitter.evaluations();
  // G^2 = 2 sum n ln(n / (N p)) = 2 (sum n ln n - N ln N - log-likelihood).
  double entropy_term = 0;
  for (const FitBin& bin : fitter.data()) {
    entropy_term += bin.count * std::log(bin.count);
  }
  const auto n = static_cast<double>(fit.precincts);
  const double saturated = entropy_term - n * std::log(n);
  fit.deviance = 2.0 * (saturated - best.log_likelihood);
  fit.deviance_clean = 2.0 * (saturated - fitter.CleanLogLikelihood(fit.clean));
  return fit;
}

precincts::PrecinctTable SimulateKlimekTable(const KlimekCleanModel& clean,
                                             const KlimekFraudModel& fraud, int64_t precincts,
                                             int64_t registered, uint64_t seed) {
  precincts::PrecinctTable table;
  table.source = "synthetic (Klimek model simulation)";
  table.synthetic = true;
  table.choice_names = {"leader", "opposition"};
  std::mt19937_64 rng(seed);
  for (int64_t p = 0; p < precincts; ++p) {
    const double a =
        ClampedNormal(clean.turnout_mean, clean.turnout_sd, NormalQuantile(Uniform(rng)));
    const double v = ClampedNormal(clean.share_mean, clean.share_sd, NormalQuantile(Uniform(rng)));
    TurnoutShare values{a, v};
    const double kind = Uniform(rng);
    const double u = Uniform(rng);
    if (kind < fraud.extreme) {
      values = ApplyKlimekFraud(values, 1.0 - TruncatedHalfNormal(fraud.extreme_sd, 1.0, u),
                                fraud.alpha);
    } else if (kind < fraud.extreme + fraud.incremental) {
      values = ApplyKlimekFraud(
          values, std::min(TruncatedHalfNormal(fraud.theta, 1.0, u), 1.0 - 1e-12), fraud.alpha);
    }
    const int64_t ballots = std::clamp<int64_t>(
        std::llround(values.turnout * static_cast<double>(registered)), 0, registered);
    const int64_t leader =
        std::clamp<int64_t>(std::llround(values.share * static_cast<double>(ballots)), 0, ballots);
    // Cannot fail: every count is non-negative and consistent by construction.
    const Status status = table.Add({.id = "SIM-" + std::to_string(p + 1),
                                     .group = "",
                                     .registered = registered,
                                     .ballots = ballots,
                                     .valid = ballots,
                                     .votes = {leader, ballots - leader}});
    assert(status.ok());
    (void)status;
  }
  return table;
}

}  // namespace esep::fingerprints
