// CountShare: a share of two counts (added / registered, ballots / registered) kept as the two
// integers, so that shares are ordered and compared with thresholds exactly, by 128-bit
// cross-multiplication, never as doubles. Also the order statistics (quantiles) of a set of
// shares, which are themselves shares of the set. Plain values; thread-safe.
//
// Example:
//   std::vector<CountShare> shares = {{3, 100}, {1, 50}, {7, 200}};
//   CountShare median = OrderStatistic(shares, (shares.size() + 1) / 2);  // 1/50 = 2/100

#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/int128.h"

namespace esep::fingerprints {

// part / whole. REQUIRES: 0 <= part, 0 < whole <= kMaxShareWhole (so that differences of two
// shares, and those differences' cross-products, stay within 128 bits).
struct CountShare {
  int64_t part = 0;
  int64_t whole = 1;

  double ToDouble() const { return static_cast<double>(part) / static_cast<double>(whole); }
  // Exact comparisons.
  friend bool operator<(const CountShare& a, const CountShare& b) {
    return Int128{a.part} * b.whole < Int128{b.part} * a.whole;
  }
  friend bool operator>(const CountShare& a, const CountShare& b) { return b < a; }
  friend bool operator==(const CountShare& a, const CountShare& b) {
    return Int128{a.part} * b.whole == Int128{b.part} * a.whole;
  }
};

// 2^30 (about 1.07 billion): no precinct is larger; a larger denominator is excluded from the
// statistics that compare deviations of shares (counted as "too large to be a precinct").
inline constexpr int64_t kMaxShareWhole = int64_t{1} << 30;

// A difference of two shares, |a − b| = numerator / denominator, exact. With parts at most
// their wholes and wholes at most kMaxShareWhole, both stay below 2^60, so two deviations
// compare by cross-multiplication within 128 bits.
struct ShareDeviation {
  Int128 numerator = 0;  // >= 0
  Int128 denominator = 1;

  double ToDouble() const {
    return static_cast<double>(numerator) / static_cast<double>(denominator);
  }
  friend bool operator<(const ShareDeviation& a, const ShareDeviation& b) {
    return a.numerator * b.denominator < b.numerator * a.denominator;
  }
};

// |a − b|. REQUIRES: both parts <= wholes <= kMaxShareWhole.
ShareDeviation AbsoluteDifference(const CountShare& a, const CountShare& b);

// Whether a − b > multiple × deviation, exactly. REQUIRES: as AbsoluteDifference, and
// 0 <= multiple <= 100.
bool ExceedsBy(const CountShare& a, const CountShare& b, int64_t multiple,
               const ShareDeviation& deviation);

// The k-th smallest of `shares` (1-based, nearest-rank: k = ceil(q × n) for the q-quantile).
// Reorders `shares`. REQUIRES: 1 <= k <= shares.size().
CountShare OrderStatistic(std::span<CountShare> shares, size_t k);

// The nearest-rank q-quantile of n values, q = percent / 100: k = ceil(percent × n / 100), at
// least 1. Integer arithmetic, so that the 50th percentile of 4 values is the 2nd.
size_t NearestRank(size_t n, int64_t percent);

// The lower median (order statistic ceil(n/2)) and the median absolute deviation from it (the
// lower median of |share − median|), exactly. REQUIRES: !shares.empty(); shares as
// AbsoluteDifference requires.
struct MedianAndMad {
  CountShare median;
  ShareDeviation mad;
};
MedianAndMad ComputeMedianAndMad(std::span<const CountShare> shares);

}  // namespace esep::fingerprints
