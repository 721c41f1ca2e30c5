#include "fingerprints/last_digit_null.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace esep::fingerprints {

namespace {

// A run of consecutive counts [first, last] holding `mass` of them.
struct Bin {
  int64_t first = 0;
  int64_t last = 0;
  double mass = 0;
};

// ln f(x) = sum_j coefficients[j] u^(j + 1), u = (x - centre) / 10, up to a constant.
struct LogPolynomial {
  std::vector<double> coefficients;
  double operator()(double offset) const {
    const double u = offset / 10;
    double power = u;
    double exponent = 0;
    for (const double c : coefficients) {
      exponent += c * power;
      power *= u;
    }
    return std::exp(exponent);
  }
};

// Sum of f over the bin (log), and the f-weighted means of u^1 .. u^degree.
struct Moments {
  double log_sum = 0;
  std::vector<double> means;
};

Moments MomentsOf(const LogPolynomial& f, const Bin& bin, double centre) {
  Moments m;
  m.means.assign(f.coefficients.size(), 0.0);
  double sum = 0;
  for (int64_t x = bin.first; x <= bin.last; ++x) {
    const double offset = static_cast<double>(x) - centre;
    const double w = f(offset);
    sum += w;
    double power = offset / 10;
    for (double& mean : m.means) {
      mean += w * power;
      power *= offset / 10;
    }
  }
  for (double& mean : m.means) {
    mean /= sum;
  }
  m.log_sum = std::log(sum);
  return m;
}

// Solves a x = b in place by Gaussian elimination with partial pivoting; false when singular.
bool Solve(std::vector<std::vector<double>>& a, std::vector<double>& b) {
  const size_t n = b.size();
  for (size_t col = 0; col < n; ++col) {
    size_t pivot = col;
    for (size_t row = col + 1; row < n; ++row) {
      if (std::abs(a[row][col]) > std::abs(a[pivot][col])) {
        pivot = row;
      }
    }
    if (!(std::abs(a[pivot][col]) > 1e-300)) {
      return false;
    }
    std::swap(a[pivot], a[col]);
    std::swap(b[pivot], b[col]);
    for (size_t row = col + 1; row < n; ++row) {
      const double factor = a[row][col] / a[col][col];
      for (size_t k = col; k < n; ++k) {
        a[row][k] -= factor * a[col][k];
      }
      b[row] -= factor * b[col];
    }
  }
  for (size_t col = n; col-- > 0;) {
    for (size_t k = col + 1; k < n; ++k) {
      b[col] -= a[col][k] * b[k];
    }
    b[col] /= a[col][col];
  }
  return std::all_of(b.begin(), b.end(), [](double v) { return std::isfinite(v); });
}

// The residuals ln(S_i / S_middle) - ln(M_i / M_middle) over the bins other than the middle
// one, with their moments.
struct Fit {
  std::vector<double> residual;
  std::vector<Moments> moments;
  double norm = 0;
};

Fit Evaluate(const LogPolynomial& f, const std::vector<Bin>& bins, size_t middle, double centre) {
  Fit fit;
  for (const Bin& bin : bins) {
    fit.moments.push_back(MomentsOf(f, bin, centre));
  }
  for (size_t i = 0; i < bins.size(); ++i) {
    if (i != middle) {
      const double r = (fit.moments[i].log_sum - fit.moments[middle].log_sum) -
                       std::log(bins[i].mass / bins[middle].mass);
      fit.residual.push_back(r);
      fit.norm += r * r;
    }
  }
  fit.norm = std::sqrt(fit.norm);
  return fit;
}

// The log-polynomial of degree bins - 1 whose sums over the bins, relative to its sum over the
// middle one, equal the bins' masses relative to the middle's, by damped Newton steps from
// `start` (whose degree it takes as given). Empty when it does not converge (only for masses no
// smooth density has).
std::optional<LogPolynomial> FitLogPolynomial(const std::vector<Bin>& bins, size_t middle,
                                              double centre, LogPolynomial start) {
  LogPolynomial f = std::move(start);
  f.coefficients.resize(bins.size() - 1, 0.0);
  Fit fit = Evaluate(f, bins, middle, centre);
  for (int iteration = 0; iteration < 60 && fit.norm >= 1e-12; ++iteration) {
    // d ln S / d coefficient j = mean of u^(j + 1) over the bin.
    std::vector<std::vector<double>> jacobian;
    for (size_t i = 0; i < bins.size(); ++i) {
      if (i == middle) {
        continue;
      }
      std::vector<double> row;
      for (size_t j = 0; j < f.coefficients.size(); ++j) {
        row.push_back(fit.moments[i].means[j] - fit.moments[middle].means[j]);
      }
      jacobian.push_back(std::move(row));
    }
    std::vector<double> step = fit.residual;
    if (!Solve(jacobian, step)) {
      return std::nullopt;
    }
    bool improved = false;
    for (double scale = 1.0; scale > 1e-4 && !improved; scale /= 2) {
      LogPolynomial next = f;
      for (size_t j = 0; j < step.size(); ++j) {
        next.coefficients[j] -= scale * step[j];
      }
      Fit next_fit = Evaluate(next, bins, middle, centre);
      if (std::isfinite(next_fit.norm) && next_fit.norm < fit.norm) {
        f = std::move(next);
        fit = std::move(next_fit);
        improved = true;
      }
    }
    if (!improved) {
      break;
    }
  }
  if (fit.norm < 1e-6) {
    return f;
  }
  return std::nullopt;
}

// Adds `mass` counts spread over the digits d >= first_digit of one decade with weights f(d -
// 4.5) to `expected`.
void Spread(const LogPolynomial& f, int first_digit, double mass,
            std::array<double, 10>& expected) {
  std::array<double, 10> weight{};
  double total = 0;
  for (int d = first_digit; d <= 9; ++d) {
    weight[static_cast<size_t>(d)] = f(static_cast<double>(d) - 4.5);
    total += weight[static_cast<size_t>(d)];
  }
  for (int d = first_digit; d <= 9; ++d) {
    expected[static_cast<size_t>(d)] += mass * weight[static_cast<size_t>(d)] / total;
  }
}

std::array<double, 10> Normalised(const std::array<double, 10>& expected, int64_t counts) {
  std::array<double, 10> probability{};
  for (size_t d = 0; d < 10; ++d) {
    probability[d] = counts > 0 ? expected[d] / static_cast<double>(counts) : 0.1;
  }
  return probability;
}

double Centre(const Bin& bin) { return static_cast<double>(bin.first + bin.last) / 2; }
// Counts per unit of the bin's width.
double Density(const Bin& bin) { return bin.mass / static_cast<double>(bin.last - bin.first + 1); }

// The log-linear shape of the middle decade: its slope from the two neighbours' densities, or
// from the middle and the one neighbour that has counts; flat when neither has any (nothing is
// known of the shape at the edge of the counts, and flat is the classic null).
LogPolynomial LinearShape(const Bin& lower, const Bin& middle, const Bin& upper, double centre) {
  double slope = 0;
  if (lower.mass > 0 && upper.mass > 0) {
    slope = std::log(Density(upper) / Density(lower)) / (Centre(upper) - Centre(lower));
  } else if (lower.mass > 0) {
    slope = std::log(Density(middle) / Density(lower)) / (centre - Centre(lower));
  } else if (upper.mass > 0) {
    slope = std::log(Density(upper) / Density(middle)) / (Centre(upper) - centre);
  }
  return {{10 * slope}};
}

// Bins with at least this many counts may shape a quartic: a log-quartic through sparse bins
// follows their noise.
constexpr double kMinQuarticBinMass = 50;

// The middle decade's shape, and the simpler model it is checked against. The shape is the
// log-quartic through five bins (two on each side) when each has enough counts, checked against
// the log-quadratic through three; else the log-quadratic when both neighbours have counts,
// checked against the log-linear one; else the log-linear one (checked against itself).
// (Measured: the log-quadratic alone left a bias of about 1.5 % of the slope on smooth densities
// with 10^5 counts, significant there; the quartic removes it.)
struct DecadeShapes {
  LogPolynomial shape;
  LogPolynomial simpler;
};

DecadeShapes ShapesOf(const std::vector<Bin>& bins, double centre) {
  const Bin& lower = bins[1];
  const Bin& middle = bins[2];
  const Bin& upper = bins[3];
  const LogPolynomial linear = LinearShape(lower, middle, upper, centre);
  if (lower.mass <= 0 || upper.mass <= 0) {
    return {linear, linear};
  }
  std::optional<LogPolynomial> quadratic =
      FitLogPolynomial({lower, middle, upper}, 1, centre, linear);
  if (!quadratic.has_value()) {
    return {linear, linear};
  }
  const bool enough = std::all_of(bins.begin(), bins.end(),
                                  [](const Bin& bin) { return bin.mass >= kMinQuarticBinMass; });
  std::optional<LogPolynomial> quartic =
      enough ? FitLogPolynomial(bins, 2, centre, *quadratic) : std::nullopt;
  if (!quartic.has_value()) {
    return {*quadratic, linear};
  }
  return {*quartic, *quadratic};
}

}  // namespace

LastDigitNullModel ModelLastDigitNull(const std::vector<int64_t>& counts, int64_t min_count) {
  // Per decade k (counts 10k .. 10k + 9): how many counts end in each digit. Zeros stay out.
  std::map<int64_t, std::array<int64_t, 10>> decades;
  for (const int64_t count : counts) {
    if (count >= 1) {
      ++decades[count / 10][static_cast<size_t>(count % 10)];
    }
  }
  const auto mass_of = [&](int64_t decade, int first_digit) {
    const auto it = decades.find(decade);
    int64_t mass = 0;
    if (it != decades.end()) {
      for (int d = first_digit; d <= 9; ++d) {
        mass += it->second[static_cast<size_t>(d)];
      }
    }
    return mass;
  };
  // Counts in [first, last], a range within one decade or a whole decade.
  const auto mass_in = [&](int64_t first, int64_t last) {
    const auto it = decades.find(first / 10);
    int64_t mass = 0;
    if (it != decades.end()) {
      for (int64_t x = first; x <= last; ++x) {
        mass += it->second[static_cast<size_t>(x % 10)];
      }
    }
    return mass;
  };
  LastDigitNullModel model;
  std::array<double, 10> expected{};
  std::array<double, 10> linear_expected{};
  for (const auto& [decade, digits] : decades) {
    const int64_t start = 10 * decade;
    if (start + 9 < min_count) {
      continue;
    }
    const int first_digit = static_cast<int>(std::max<int64_t>(0, min_count - start));
    const int64_t tested = mass_of(decade, first_digit);
    if (tested == 0) {
      continue;
    }
    model.counts += tested;
    // Two bins on each side. Below the cut the counts are not tested, so their own digits may
    // shape the null: there the bins are pairs of counts just below, which follow the density at
    // the cut far more closely than the whole decade below, which for a small list holds the
    // mode (measured: with the whole decade, or half of it, the first decade's 0s and 1s were
    // mis-modelled).
    std::vector<Bin> bins(5);
    int64_t edge = start;
    for (size_t i = 2; i-- > 0;) {
      const int64_t width = edge - 10 >= min_count ? 10 : 2;
      const int64_t first = std::max<int64_t>(1, edge - width);
      bins[i] = {first, edge - 1,
                 first <= edge - 1 ? static_cast<double>(mass_in(first, edge - 1)) : 0};
      edge = first;
    }
    bins[2] = {start, start + 9, static_cast<double>(mass_of(decade, 0))};
    bins[3] = {start + 10, start + 19, static_cast<double>(mass_of(decade + 1, 0))};
    bins[4] = {start + 20, start + 29, static_cast<double>(mass_of(decade + 2, 0))};
    const double centre = static_cast<double>(start) + 4.5;
    const DecadeShapes shapes = ShapesOf(bins, centre);
    Spread(shapes.shape, first_digit, static_cast<double>(tested), expected);
    Spread(shapes.simpler, first_digit, static_cast<double>(tested), linear_expected);
  }
  model.probability = Normalised(expected, model.counts);
  model.linear_probability = Normalised(linear_expected, model.counts);
  for (size_t d = 0; d < 10; ++d) {
    model.departure = std::max(model.departure, std::abs(model.probability[d] - 0.1) / 0.1);
    if (model.probability[d] > 0) {
      const double difference = model.probability[d] - model.linear_probability[d];
      model.model_spread_per_count += difference * difference / model.probability[d];
      model.uniform_distance_per_count +=
          (model.probability[d] - 0.1) * (model.probability[d] - 0.1) / model.probability[d];
    }
  }
  return model;
}

double LastDigitNullUncertainty(const LastDigitNullModel& model) {
  constexpr double kRelativeError = 0.1;
  return static_cast<double>(model.counts) *
         (model.model_spread_per_count +
          (kRelativeError * kRelativeError * model.uniform_distance_per_count));
}

}  // namespace esep::fingerprints
