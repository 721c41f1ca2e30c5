// The arithmetic of the integer-percentage test (fingerprints/integer_percentages.h): which whole
// percentage's window holds k of n, decided in integers, and the binomial probability of landing
// in a window, alone (one measure) or jointly for turnout and the leader's share when the share's
// denominator is the simulated turnout count (the "either" statistic of Kobak et al. 2016).
// Internal to the fingerprints module. Pure functions and an immutable table; thread-safe.

#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace esep::fingerprints::internal {

// A window of half-width W / D percentage points around every whole percentage m = 0..100.
// Half-open: [m - w, m + w); closed: [m - w, m + w]. W = 0: exactly m %.
// `edges_counted`: whether k = 0 and k = n (0 % and 100 %) may count, or are left out.
struct Window {
  int64_t numerator = 1;
  int64_t denominator = 20;
  bool closed = false;
  bool edges_counted = false;
  // Closed windows only: decide a value exactly on an edge (100 k / n = m +- W/D) as the
  // published code of Kobak et al. does in IEEE doubles, |p - round(p)| <= (2W/D)/2 with
  // p = double(100 k) / double(n): whether the edge is in depends only on m and the side
  // (p is the correctly rounded value of m +- W/D whatever n), see EdgeInFloat64.
  bool float64_edges = false;
};

// Whether the double-precision test |p - round(p)| <= w, p = fl((m D + side W) / D), w =
// fl(fl(2W/D) / 2), accepts the edge of m's window on `side` (-1 lower, +1 upper). For W/D = 1/20
// it rejects the lower edge for m in {1, 2, 9..32} and the upper edge for m in {1, 8..31}.
bool EdgeInFloat64(int64_t m, int side, int64_t w, int64_t d);

// floor(a / b) and ceil(a / b) for b > 0 and any sign of a.
int64_t FloorDiv(int64_t a, int64_t b);
int64_t CeilDiv(int64_t a, int64_t b);

// The whole percentage m whose window holds k/n, or -1. Ignores edges_counted.
// REQUIRES: 0 <= k <= n, 1 <= n <= 1e9, 0 <= 2W <= D <= 1e6 (2W < D when closed).
int WindowOf(int64_t k, int64_t n, const Window& window);

// log(x!) from a table for x up to its size (lgamma beyond). Built once per test: the table
// holds at most 4,000,000 entries.
class LogFactorials {
 public:
  explicit LogFactorials(int64_t max_n);
  double operator()(int64_t x) const;
  // 1 / x, from a table of the same size (the pmf ratios' divisions dominate the joint null's
  // cost otherwise). REQUIRES: x >= 1.
  double Reciprocal(int64_t x) const {
    return x < static_cast<int64_t>(reciprocals_.size()) ? reciprocals_[static_cast<size_t>(x)]
                                                         : 1.0 / static_cast<double>(x);
  }

 private:
  std::vector<double> table_;
  std::vector<double> reciprocals_;
};

// Per whole percentage m = 0..100, a probability (added to).
using PerInteger = std::array<double, 101>;

// P(Binomial(n, p) lands in a window), the k range limited to [1, n - 1] unless edges are
// counted; added per m to `per_integer` when it is not null. p may be 0 or 1 (all mass on one
// k). Terms further than 8 sd + 10 from the mean are dropped (together below 1e-12).
// REQUIRES: n >= 1, 0 <= p <= 1.
double WindowProbability(int64_t n, double p, const Window& window,
                         const LogFactorials& log_factorial, PerInteger* per_integer = nullptr);

// The null of one station under the joint definition: the turnout count T' ~ Binomial(voters,
// turnout_rate), and, given T' = i >= 1, the leader's votes ~ Binomial(i, share_rate) (the
// share's denominator is the simulated count of those who voted; T' = 0 leaves the share
// undefined, not integer). Returns the probabilities that the turnout, the share, and either of
// them lands in a window; the per-integer splits of turnout and share are added to when not null.
struct JointProbabilities {
  double turnout = 0;
  double share = 0;
  double either = 0;
};
JointProbabilities JointWindowProbabilities(int64_t voters, double turnout_rate, double share_rate,
                                            const Window& window,
                                            const LogFactorials& log_factorial,
                                            PerInteger* turnout_per_integer,
                                            PerInteger* share_per_integer);

// P(at least k of independent events with probabilities p happen), exact DP over doubles.
double PoissonBinomialUpperTail(const std::vector<double>& p, int64_t k);

}  // namespace esep::fingerprints::internal
