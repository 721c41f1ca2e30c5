// The round-number test for vote shares (docs/forensics.md): how close each share votes/base
// lies to a multiple of a rounding grid (0.1 % or 0.01 %), the exact probability of landing at
// least that close when the share's position inside a grid step is uniform at the resolution of
// one vote, and the exact-by-dynamic-programming probability that at least as many shares as
// observed are "close".
//
// Distances and per-share probabilities are exact integers and fractions; only the Poisson-
// binomial tail is a long double (relative error below 1e-15 for the share counts used here).
// Pure functions; thread-safe.

#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/fraction.h"
#include "base/result.h"

namespace esep::published {

// One share: `votes` of `base`. REQUIRES (checked): 0 <= votes <= base, base > 0.
struct Share {
  std::string label;
  int64_t votes = 0;
  int64_t base = 0;
};

// A rounding grid: multiples of 1/steps_per_unit of the whole (1000: 0.1 %, 10000: 0.01 %).
inline constexpr int64_t kGrid01Percent = 1000;
inline constexpr int64_t kGrid001Percent = 10000;

// A share is "close" when its distance to the nearest grid point is at most this fraction of a
// grid step (1/20: within 0.005 percentage points of a 0.1 % point, so that the share printed
// to two decimals ends in 0). Under the null about 1 share in 10 is close.
inline constexpr int64_t kCloseDenominator = 20;

struct ShareCloseness {
  Share share;
  int64_t nearest_point = 0;     // k: the nearest grid point is k / steps_per_unit
  int64_t scaled_distance = 0;   // |steps * votes - k * base|; distance in votes = this / steps
  Fraction p_at_least_as_close;  // P(a null share lies at least this close to a grid point)
  bool close = false;            // kCloseDenominator * scaled_distance <= base
  Fraction p_close;              // P(a null share is close)
};

struct RoundNumberTest {
  int64_t steps_per_unit = 0;
  std::vector<ShareCloseness> shares;
  int64_t close_count = 0;
  long double expected_close = 0;  // sum of p_close
  long double p_value = 1;         // P(at least close_count close shares), exact DP
};

// P(min(r, base - r) <= scaled_distance) where r = steps * v mod base and v is uniform over
// any base consecutive vote counts: the count of such v over one cycle, divided by the cycle.
// Exact. REQUIRES: base > 0, steps > 0, scaled_distance >= 0.
Fraction ClosenessProbability(int64_t base, int64_t steps, int64_t scaled_distance);

// P(at least k of the independent events happen), event i with probability p[i] (Poisson-
// binomial tail) by dynamic programming over the events.
long double PoissonBinomialTail(std::span<const Fraction> p, int64_t k);

// The test on `shares` at the grid 1/steps_per_unit. kInvalidArgument names the share and the
// rule when a share has base <= 0 or votes outside [0, base].
Result<RoundNumberTest> TestRoundNumbers(std::span<const Share> shares, int64_t steps_per_unit);

}  // namespace esep::published
