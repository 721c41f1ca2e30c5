// Largest-remainder apportionment (Hare and Droop quotas) in exact integer arithmetic.
//
// Each list first gets the whole number of quotas its votes contain; the seats left over go
// to the largest remainders. Remainders are compared as integers over a common denominator,
// so no floating point decides a seat. Pure functions; thread-safe.

#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/fraction.h"
#include "base/result.h"
#include "law/list_rules.h"

namespace esep::law {

struct LargestRemainderRow {
  Fraction quotient;        // votes / quota, exactly (the People's Party's 5.002... in 2023)
  int64_t whole_seats = 0;  // floor(quotient)
  Fraction remainder;       // votes left after the whole quotas, in votes
  int64_t remainder_seats = 0;
  int64_t seats() const { return whole_seats + remainder_seats; }
};

struct LargestRemainderResult {
  Fraction quota;                         // base / seats (Hare) or floor(base/(seats+1))+1 (Droop)
  std::vector<LargestRemainderRow> rows;  // in input order
  // Input indices in the order remainder seats were handed out (one entry per seat). When
  // more seats are left than lists, the order repeats (a second round by the same ranking).
  std::vector<size_t> remainder_order;
  // Every input index ranked by remainder, largest first, ties by `priority_rank`.
  std::vector<size_t> remainder_ranking;
};

// The quota for `base` votes and `seats` seats. REQUIRES: a largest-remainder method,
// base > 0, seats > 0.
Fraction LargestRemainderQuota(ApportionmentMethod method, int64_t base, int64_t seats);

// Apportions `seats` among lists with these `votes` (the quota base is their sum). Ties
// between equal remainders go to the lower `priority_rank`. Returns kFailedPrecondition
// when no list has a vote, kInvalidArgument for a negative count or mismatched spans.
// REQUIRES: method is kHare or kDroop.
Result<LargestRemainderResult> AllocateLargestRemainder(ApportionmentMethod method,
                                                        std::span<const int64_t> votes,
                                                        int64_t seats,
                                                        std::span<const size_t> priority_rank);

}  // namespace esep::law
