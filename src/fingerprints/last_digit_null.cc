#include "fingerprints/last_digit_null.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace esep::fingerprints {

namespace {

// A run of consecutive counts [first, last] holding `mass` of them.
struct Bin {
  int64_t first = 0;
  int64_t last = 0;
  double mass = 0;
};

// ln f(x) = slope (x - centre) + curvature (x - centre)^2, up to a constant.
struct LogQuadratic {
  double slope = 0;
  double curvature = 0;
  double operator()(double offset) const {
    return std::exp((slope * offset) + (curvature * offset * offset));
  }
};

// Sum of f over the bin, and the f-weighted means of (x - centre) and (x - centre)^2.
struct Moments {
  double sum = 0;
  double first = 0;
  double second = 0;
};

Moments MomentsOf(const LogQuadratic& f, const Bin& bin, double centre) {
  Moments m;
  for (int64_t x = bin.first; x <= bin.last; ++x) {
    const double offset = static_cast<double>(x) - centre;
    const double w = f(offset);
    m.sum += w;
    m.first += w * offset;
    m.second += w * offset * offset;
  }
  m.first /= m.sum;
  m.second /= m.sum;
  return m;
}

// The log-quadratic density whose sums over `lower` and `upper`, relative to its sum over
// `middle`, equal the bins' masses relative to `middle`'s (two equations, two unknowns), by
// damped Newton steps. When that fails (it rarely does: only for masses no smooth density has),
// the log-linear density through the outer bins.
LogQuadratic FitLogQuadratic(const Bin& lower, const Bin& middle, const Bin& upper, double centre,
                             const LogQuadratic& fallback) {
  const double target_lower = std::log(lower.mass / middle.mass);
  const double target_upper = std::log(upper.mass / middle.mass);
  const auto residual = [&](const LogQuadratic& f, Moments& l, Moments& m, Moments& u) {
    l = MomentsOf(f, lower, centre);
    m = MomentsOf(f, middle, centre);
    u = MomentsOf(f, upper, centre);
    const double r1 = std::log(l.sum / m.sum) - target_lower;
    const double r2 = std::log(u.sum / m.sum) - target_upper;
    return std::array<double, 2>{r1, r2};
  };
  LogQuadratic f = fallback;
  Moments l;
  Moments m;
  Moments u;
  std::array<double, 2> r = residual(f, l, m, u);
  for (int iteration = 0; iteration < 50; ++iteration) {
    const double norm = std::hypot(r[0], r[1]);
    if (norm < 1e-12) {
      return f;
    }
    // d ln S / d slope = mean offset; d ln S / d curvature = mean squared offset.
    const double a11 = l.first - m.first;
    const double a12 = l.second - m.second;
    const double a21 = u.first - m.first;
    const double a22 = u.second - m.second;
    const double determinant = (a11 * a22) - (a12 * a21);
    if (!std::isfinite(determinant) || std::abs(determinant) < 1e-300) {
      break;
    }
    const double step_slope = ((a22 * r[0]) - (a12 * r[1])) / determinant;
    const double step_curvature = ((a11 * r[1]) - (a21 * r[0])) / determinant;
    bool improved = false;
    for (double scale = 1.0; scale > 1e-4; scale /= 2) {
      LogQuadratic next{f.slope - (scale * step_slope), f.curvature - (scale * step_curvature)};
      Moments nl;
      Moments nm;
      Moments nu;
      const std::array<double, 2> next_r = residual(next, nl, nm, nu);
      if (std::isfinite(next_r[0]) && std::isfinite(next_r[1]) &&
          std::hypot(next_r[0], next_r[1]) < norm) {
        f = next;
        l = nl;
        m = nm;
        u = nu;
        r = next_r;
        improved = true;
        break;
      }
    }
    if (!improved) {
      break;
    }
  }
  return std::hypot(r[0], r[1]) < 1e-6 ? f : fallback;
}

// Adds `mass` counts spread over the digits d >= first_digit of one decade with weights f(d -
// 4.5) to `expected`.
void Spread(const LogQuadratic& f, int first_digit, double mass, std::array<double, 10>& expected) {
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

// The log-linear shape of the middle decade: its slope from the two neighbours' masses, or from
// the middle and the one neighbour that has counts; flat when neither has any (nothing is known
// of the shape at the edge of the counts, and flat is the classic null).
LogQuadratic LinearShape(const Bin& lower, const Bin& middle, const Bin& upper, double centre) {
  if (lower.mass > 0 && upper.mass > 0) {
    return {std::log(Density(upper) / Density(lower)) / (Centre(upper) - Centre(lower)), 0};
  }
  if (lower.mass > 0) {
    return {std::log(Density(middle) / Density(lower)) / (centre - Centre(lower)), 0};
  }
  if (upper.mass > 0) {
    return {std::log(Density(upper) / Density(middle)) / (Centre(upper) - centre), 0};
  }
  return {0, 0};
}

// The log-quadratic shape through the three decades' masses when both neighbours have counts,
// else the log-linear one.
LogQuadratic DecadeShape(const Bin& lower, const Bin& middle, const Bin& upper, double centre) {
  const LogQuadratic linear = LinearShape(lower, middle, upper, centre);
  if (lower.mass <= 0 || upper.mass <= 0) {
    return linear;
  }
  return FitLogQuadratic(lower, middle, upper, centre, linear);
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
    // Below the cut the counts are not tested, so their own digits may shape the null: the two
    // counts just below the first tested decade follow the density at the cut far more closely
    // than the whole decade below it, which for a small list holds the mode (measured: with
    // the whole decade, or half of it, the first decade's 0s and 1s were mis-modelled).
    const int64_t lower_first = std::max<int64_t>(1, start - (start - 10 < min_count ? 2 : 10));
    const Bin lower{lower_first, start - 1, static_cast<double>(mass_in(lower_first, start - 1))};
    const Bin middle{start, start + 9, static_cast<double>(mass_of(decade, 0))};
    const Bin upper{start + 10, start + 19, static_cast<double>(mass_of(decade + 1, 0))};
    const LogQuadratic shape = DecadeShape(lower, middle, upper, static_cast<double>(start) + 4.5);
    const LogQuadratic linear = LinearShape(lower, middle, upper, static_cast<double>(start) + 4.5);
    Spread(shape, first_digit, static_cast<double>(tested), expected);
    Spread(linear, first_digit, static_cast<double>(tested), linear_expected);
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
