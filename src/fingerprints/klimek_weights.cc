#include "fingerprints/klimek_weights.h"

#include <array>
#include <cmath>

namespace esep::fingerprints::internal {

namespace {

// The best point on the segment from (a_i, a_e) to (b_i, b_e): the log-likelihood is concave
// along it, so its derivative decreases and bisection finds where it changes sign.
Weights BestOnSegment(std::span<const FitBin> bins, double a_i, double a_e, double b_i,
                      double b_e) {
  const auto slope = [&](double t) {
    const double f_i = a_i + t * (b_i - a_i);
    const double f_e = a_e + t * (b_e - a_e);
    double sum = 0;
    for (const FitBin& bin : bins) {
      const double direction =
          (b_i - a_i) * (bin.incremental - bin.clean) + (b_e - a_e) * (bin.extreme - bin.clean);
      sum += bin.count * direction / Mix(bin, f_i, f_e);
    }
    return sum;
  };
  double t = 0;
  if (slope(0.0) <= 0) {
    t = 0;
  } else if (slope(1.0) >= 0) {
    t = 1;
  } else {
    double lo = 0;
    double hi = 1;
    for (int step = 0; step < 60; ++step) {
      const double mid = 0.5 * (lo + hi);
      (slope(mid) > 0 ? lo : hi) = mid;
    }
    t = 0.5 * (lo + hi);
  }
  Weights w{a_i + t * (b_i - a_i), a_e + t * (b_e - a_e), 0};
  w.log_likelihood = LogLikelihood(bins, w.f_i, w.f_e);
  return w;
}

// Damped Newton inside the simplex f_i, f_e >= 0, f_i + f_e <= 1; every iterate is feasible.
Weights NewtonInside(std::span<const FitBin> bins) {
  double f_i = 0.05;
  double f_e = 0.05;
  double current = LogLikelihood(bins, f_i, f_e);
  for (int iteration = 0; iteration < 100; ++iteration) {
    double g_i = 0;
    double g_e = 0;
    double h_ii = 0;
    double h_ie = 0;
    double h_ee = 0;
    for (const FitBin& bin : bins) {
      const double m = Mix(bin, f_i, f_e);
      const double d_i = (bin.incremental - bin.clean) / m;
      const double d_e = (bin.extreme - bin.clean) / m;
      g_i += bin.count * d_i;
      g_e += bin.count * d_e;
      h_ii += bin.count * d_i * d_i;
      h_ie += bin.count * d_i * d_e;
      h_ee += bin.count * d_e * d_e;
    }
    // Step = -H^-1 g with H = -[[h_ii, h_ie], [h_ie, h_ee]] (negative semi-definite).
    const double det = h_ii * h_ee - h_ie * h_ie;
    double step_i = 0;
    double step_e = 0;
    if (det > 1e-12 * (h_ii * h_ee) && det > 0) {
      step_i = (h_ee * g_i - h_ie * g_e) / det;
      step_e = (h_ii * g_e - h_ie * g_i) / det;
    } else {
      return {f_i, f_e, current};  // flat direction: the edges decide
    }
    // Keep strictly inside: at most 0.9 of the way to the boundary.
    double limit = 1.0;
    if (step_i < 0) {
      limit = std::min(limit, 0.9 * f_i / -step_i);
    }
    if (step_e < 0) {
      limit = std::min(limit, 0.9 * f_e / -step_e);
    }
    if (step_i + step_e > 0) {
      limit = std::min(limit, 0.9 * (1.0 - f_i - f_e) / (step_i + step_e));
    }
    double scale = limit;
    bool improved = false;
    for (int halving = 0; halving < 30; ++halving) {
      const double next = LogLikelihood(bins, f_i + scale * step_i, f_e + scale * step_e);
      if (next >= current) {
        f_i += scale * step_i;
        f_e += scale * step_e;
        improved = next - current > 1e-10 * std::max(1.0, std::abs(current));
        current = next;
        break;
      }
      scale *= 0.5;
    }
    if (!improved) {
      break;
    }
  }
  return {f_i, f_e, current};
}

}  // namespace

double Mix(const FitBin& bin, double f_i, double f_e) {
  return bin.clean + f_i * (bin.incremental - bin.clean) + f_e * (bin.extreme - bin.clean);
}

double LogLikelihood(std::span<const FitBin> bins, double f_i, double f_e) {
  double sum = 0;
  for (const FitBin& bin : bins) {
    sum += bin.count * std::log(Mix(bin, f_i, f_e));
  }
  return sum;
}

Weights BestWeights(std::span<const FitBin> bins) {
  const std::array<Weights, 4> candidates = {
      BestOnSegment(bins, 0, 0, 1, 0),  // f_e = 0
      BestOnSegment(bins, 0, 0, 0, 1),  // f_i = 0
      BestOnSegment(bins, 1, 0, 0, 1),  // f_i + f_e = 1
      NewtonInside(bins),
  };
  Weights best = candidates[0];
  for (const Weights& w : candidates) {
    if (w.log_likelihood > best.log_likelihood) {
      best = w;
    }
  }
  return best;
}

}  // namespace esep::fingerprints::internal
