// The 95 % Wilson score interval of a rate, for the programs that measure how often a test flags
// a series of synthetic elections: one formula, so that their tables agree.

#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace esep::tools {

struct WilsonInterval {
  double low = 0;
  double high = 1;
};

// The 95 % Wilson score interval of `k` successes in `n` trials; [0, 1] when n is 0.
inline WilsonInterval Wilson(int64_t k, int64_t n) {
  if (n <= 0) {
    return {0, 1};
  }
  constexpr double kZ = 1.959963984540054;  // the 97.5th percentile of the standard normal
  const auto trials = static_cast<double>(n);
  const double p = static_cast<double>(k) / trials;
  const double denominator = 1 + (kZ * kZ / trials);
  const double centre = (p + (kZ * kZ / (2 * trials))) / denominator;
  const double half =
      kZ * std::sqrt((p * (1 - p) / trials) + (kZ * kZ / (4 * trials * trials))) / denominator;
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

}  // namespace esep::tools
