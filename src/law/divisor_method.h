// Highest-averages apportionment (D'Hondt, Sainte-Laguë), implemented twice.
//
// AllocateByDivisors hands out seats one at a time to the largest current quotient;
// AllocateByQuotientTable sorts the whole table of quotients and takes the top ones. They
// share no code beyond the divisor sequence, so tests can cross-check them. Quotients are
// compared by 128-bit cross-multiplication. Pure functions; thread-safe.

#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/fraction.h"
#include "base/result.h"
#include "law/list_rules.h"

namespace esep::law {

// One seat of a highest-averages allocation, in the order seats were awarded.
struct DivisorAward {
  size_t list = 0;      // input index
  int64_t divisor = 1;  // the divisor that produced the winning quotient
  Fraction quotient;    // votes / divisor
};

// The k-th divisor (k = seats already held): k+1 for D'Hondt, 2k+1 for Sainte-Laguë.
// REQUIRES: a highest-averages method.
int64_t Divisor(ApportionmentMethod method, int64_t seats_held);

// Both return one award per seat. Ties between equal quotients go to the lower
// `priority_rank`. kInvalidArgument for negative votes, zero seats or mismatched spans.
// REQUIRES: method is kDHondt or kSainteLague.
Result<std::vector<DivisorAward>> AllocateByDivisors(ApportionmentMethod method,
                                                     std::span<const int64_t> votes, int64_t seats,
                                                     std::span<const size_t> priority_rank);
Result<std::vector<DivisorAward>> AllocateByQuotientTable(ApportionmentMethod method,
                                                          std::span<const int64_t> votes,
                                                          int64_t seats,
                                                          std::span<const size_t> priority_rank);

// Seats per list from a list of awards.
std::vector<int64_t> SeatsFromAwards(std::span<const DivisorAward> awards, size_t lists);

}  // namespace esep::law
