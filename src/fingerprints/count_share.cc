#include "fingerprints/count_share.h"

#include <algorithm>
#include <cassert>

namespace esep::fingerprints {

ShareDeviation AbsoluteDifference(const CountShare& a, const CountShare& b) {
  Int128 numerator = Int128{a.part} * b.whole - Int128{b.part} * a.whole;
  if (numerator < 0) {
    numerator = -numerator;
  }
  return {numerator, Int128{a.whole} * b.whole};
}

bool ExceedsBy(const CountShare& a, const CountShare& b, int64_t multiple,
               const ShareDeviation& deviation) {
  assert(multiple >= 0 && multiple <= 100);
  // a − b = signed / whole; compare signed × deviation.denominator with
  // multiple × deviation.numerator × whole, every product below 2^127.
  const Int128 signed_difference = Int128{a.part} * b.whole - Int128{b.part} * a.whole;
  const Int128 whole = Int128{a.whole} * b.whole;
  return signed_difference * deviation.denominator > multiple * deviation.numerator * whole;
}

CountShare OrderStatistic(std::span<CountShare> shares, size_t k) {
  assert(k >= 1 && k <= shares.size());
  auto nth = shares.begin() + static_cast<std::ptrdiff_t>(k - 1);
  std::nth_element(shares.begin(), nth, shares.end());
  return *nth;
}

size_t NearestRank(size_t n, int64_t percent) {
  const auto scaled = static_cast<uint64_t>(percent) * n;
  return std::max<size_t>(1, static_cast<size_t>((scaled + 99) / 100));
}

MedianAndMad ComputeMedianAndMad(std::span<const CountShare> shares) {
  assert(!shares.empty());
  std::vector<CountShare> copy(shares.begin(), shares.end());
  const size_t k = (copy.size() + 1) / 2;
  MedianAndMad result;
  result.median = OrderStatistic(copy, k);
  std::vector<ShareDeviation> deviations;
  deviations.reserve(shares.size());
  for (const CountShare& share : shares) {
    deviations.push_back(AbsoluteDifference(share, result.median));
  }
  auto nth = deviations.begin() + static_cast<std::ptrdiff_t>(k - 1);
  std::nth_element(deviations.begin(), nth, deviations.end());
  result.mad = *nth;
  return result;
}

}  // namespace esep::fingerprints
