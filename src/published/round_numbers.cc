#include "published/round_numbers.h"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

namespace esep::published {

Fraction ClosenessProbability(int64_t base, int64_t steps, int64_t scaled_distance) {
  // steps * v mod base runs over the multiples of g = gcd(steps, base), each g times in a cycle
  // of base votes: residue j * g for j in [0, m). Count the j within the distance of 0 or base.
  const int64_t g = std::gcd(steps, base);
  const int64_t m = base / g;
  const int64_t d = std::min(scaled_distance, base);
  const int64_t low = (d / g) + 1;                    // j * g <= d
  const int64_t first_high = (base - d + g - 1) / g;  // j * g >= base - d
  const int64_t high = std::max<int64_t>(0, m - std::max<int64_t>(first_high, 1));
  return {std::min(m, low + high), m};
}

long double PoissonBinomialTail(std::span<const Fraction> p, int64_t k) {
  if (k <= 0) {
    return 1.0L;
  }
  if (k > static_cast<int64_t>(p.size())) {
    return 0.0L;
  }
  std::vector<long double> dist(p.size() + 1, 0.0L);  // dist[j]: P(j events so far)
  dist[0] = 1.0L;
  for (size_t i = 0; i < p.size(); ++i) {
    const long double q =
        static_cast<long double>(p[i].numerator()) / static_cast<long double>(p[i].denominator());
    for (size_t j = i + 1; j > 0; --j) {
      dist[j] = (dist[j] * (1.0L - q)) + (dist[j - 1] * q);
    }
    dist[0] *= (1.0L - q);
  }
  long double tail = 0.0L;
  for (size_t j = p.size() + 1; j > static_cast<size_t>(k); --j) {
    tail += dist[j - 1];  // smallest terms first
  }
  return std::min(tail, 1.0L);
}

Result<RoundNumberTest> TestRoundNumbers(std::span<const Share> shares, int64_t steps_per_unit) {
  if (steps_per_unit <= 0) {
    return InvalidArgumentError(
        fmt::format("round-number test: steps per unit {} must be positive", steps_per_unit));
  }
  RoundNumberTest test;
  test.steps_per_unit = steps_per_unit;
  std::vector<Fraction> p_close;
  for (const Share& share : shares) {
    if (share.base <= 0 || share.votes < 0 || share.votes > share.base) {
      return InvalidArgumentError(
          fmt::format("round-number test: share '{}' has votes {} of base {}; needs base > 0 and "
                      "0 <= votes <= base",
                      share.label, share.votes, share.base));
    }
    ShareCloseness c;
    c.share = share;
    const int64_t scaled_votes = steps_per_unit * share.votes;  // <= 1e4 * base: fits
    // Nearest k, halves up: k = floor((2 * steps * v + base) / (2 * base)).
    c.nearest_point = ((2 * scaled_votes) + share.base) / (2 * share.base);
    c.scaled_distance = scaled_votes >= c.nearest_point * share.base
                            ? scaled_votes - (c.nearest_point * share.base)
                            : (c.nearest_point * share.base) - scaled_votes;
    c.p_at_least_as_close = ClosenessProbability(share.base, steps_per_unit, c.scaled_distance);
    c.close = kCloseDenominator * c.scaled_distance <= share.base;
    c.p_close = ClosenessProbability(share.base, steps_per_unit, share.base / kCloseDenominator);
    test.close_count += c.close ? 1 : 0;
    test.expected_close += static_cast<long double>(c.p_close.numerator()) /
                           static_cast<long double>(c.p_close.denominator());
    p_close.push_back(c.p_close);
    test.shares.push_back(std::move(c));
  }
  test.p_value = PoissonBinomialTail(p_close, test.close_count);
  return test;
}

}  // namespace esep::published
