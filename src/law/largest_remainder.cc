#include "law/largest_remainder.h"

#include <algorithm>
#include <cassert>
#include <numeric>

#include <fmt/format.h>

#include "base/int128.h"

namespace esep::law {

Fraction LargestRemainderQuota(ApportionmentMethod method, int64_t base, int64_t seats) {
  assert(IsLargestRemainder(method) && base > 0 && seats > 0);
  if (method == ApportionmentMethod::kDroop) {
    return Fraction::Whole(base / (seats + 1) + 1);
  }
  return Fraction(base, seats);
}

Result<LargestRemainderResult> AllocateLargestRemainder(ApportionmentMethod method,
                                                        std::span<const int64_t> votes,
                                                        int64_t seats,
                                                        std::span<const size_t> priority_rank) {
  if (votes.size() != priority_rank.size()) {
    return InternalError("votes and priority ranks differ in length");
  }
  if (seats <= 0) {
    return InvalidArgumentError(fmt::format("{} seats: at least one seat is required", seats));
  }
  int64_t base = 0;
  for (int64_t v : votes) {
    if (v < 0) {
      return InvalidArgumentError(fmt::format("a list has {} votes; votes cannot be negative", v));
    }
    base += v;
  }
  if (base == 0) {
    return FailedPreconditionError("no list has any votes, so there is no quota to divide by");
  }

  LargestRemainderResult result;
  result.quota = LargestRemainderQuota(method, base, seats);
  const int64_t quota_numerator = result.quota.numerator();
  const int64_t quota_denominator = result.quota.denominator();
  int64_t awarded = 0;
  std::vector<int64_t> remainder_numerators;  // all over quota_denominator
  for (int64_t v : votes) {
    LargestRemainderRow row;
    // quotient = v / (n/d) = v*d / n.
    const Int128 scaled = static_cast<Int128>(v) * quota_denominator;
    row.quotient = Fraction(static_cast<int64_t>(scaled), quota_numerator);
    row.whole_seats = static_cast<int64_t>(scaled / quota_numerator);
    const int64_t remainder_numerator =
        static_cast<int64_t>(scaled - static_cast<Int128>(row.whole_seats) * quota_numerator);
    row.remainder = Fraction(remainder_numerator, quota_denominator);
    remainder_numerators.push_back(remainder_numerator);
    awarded += row.whole_seats;
    result.rows.push_back(row);
  }
  if (awarded > seats) {
    // Impossible for a quota above base/(seats+1); kept as a guard against a future quota.
    return InternalError(
        fmt::format("whole quotas give {} seats, more than the {} to fill", awarded, seats));
  }

  result.remainder_ranking.resize(votes.size());
  std::iota(result.remainder_ranking.begin(), result.remainder_ranking.end(), size_t{0});
  std::sort(result.remainder_ranking.begin(), result.remainder_ranking.end(),
            [&](size_t a, size_t b) {
              if (remainder_numerators[a] != remainder_numerators[b]) {
                return remainder_numerators[a] > remainder_numerators[b];
              }
              return priority_rank[a] < priority_rank[b];
            });
  int64_t left = seats - awarded;
  while (left > 0) {
    for (size_t index : result.remainder_ranking) {
      if (left == 0) {
        break;
      }
      result.rows[index].remainder_seats += 1;
      result.remainder_order.push_back(index);
      --left;
    }
  }
  return result;
}

}  // namespace esep::law
