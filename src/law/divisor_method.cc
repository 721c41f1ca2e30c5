#include "law/divisor_method.h"

#include <algorithm>
#include <cassert>

#include <fmt/format.h>

#include "base/int128.h"

namespace esep::law {

namespace {

Status CheckInput(std::span<const int64_t> votes, int64_t seats,
                  std::span<const size_t> priority_rank) {
  if (votes.size() != priority_rank.size()) {
    return InternalError("votes and priority ranks differ in length");
  }
  if (votes.empty()) {
    return InvalidArgumentError("no lists to allocate seats to");
  }
  if (seats <= 0) {
    return InvalidArgumentError(fmt::format("{} seats: at least one seat is required", seats));
  }
  for (int64_t v : votes) {
    if (v < 0) {
      return InvalidArgumentError(fmt::format("a list has {} votes; votes cannot be negative", v));
    }
  }
  return OkStatus();
}

// True when a/da is larger than b/db, or equal and a's list wins the tie.
bool Beats(int64_t votes_a, int64_t divisor_a, size_t rank_a, int64_t votes_b, int64_t divisor_b,
           size_t rank_b) {
  const Int128 left = static_cast<Int128>(votes_a) * divisor_b;
  const Int128 right = static_cast<Int128>(votes_b) * divisor_a;
  if (left != right) {
    return left > right;
  }
  return rank_a < rank_b;
}

}  // namespace

int64_t Divisor(ApportionmentMethod method, int64_t seats_held) {
  assert(!IsLargestRemainder(method));
  return method == ApportionmentMethod::kSainteLague ? 2 * seats_held + 1 : seats_held + 1;
}

Result<std::vector<DivisorAward>> AllocateByDivisors(ApportionmentMethod method,
                                                     std::span<const int64_t> votes, int64_t seats,
                                                     std::span<const size_t> priority_rank) {
  RETURN_IF_ERROR(CheckInput(votes, seats, priority_rank));
  std::vector<int64_t> held(votes.size(), 0);
  std::vector<DivisorAward> awards;
  awards.reserve(static_cast<size_t>(seats));
  for (int64_t seat = 0; seat < seats; ++seat) {
    size_t best = 0;
    for (size_t i = 1; i < votes.size(); ++i) {
      if (Beats(votes[i], Divisor(method, held[i]), priority_rank[i], votes[best],
                Divisor(method, held[best]), priority_rank[best])) {
        best = i;
      }
    }
    const int64_t divisor = Divisor(method, held[best]);
    awards.push_back({best, divisor, Fraction(votes[best], divisor)});
    ++held[best];
  }
  return awards;
}

Result<std::vector<DivisorAward>> AllocateByQuotientTable(ApportionmentMethod method,
                                                          std::span<const int64_t> votes,
                                                          int64_t seats,
                                                          std::span<const size_t> priority_rank) {
  RETURN_IF_ERROR(CheckInput(votes, seats, priority_rank));
  // No list can take more than every seat, so `seats` quotients per list are enough.
  std::vector<DivisorAward> table;
  table.reserve(votes.size() * static_cast<size_t>(seats));
  for (size_t list = 0; list < votes.size(); ++list) {
    for (int64_t k = 0; k < seats; ++k) {
      const int64_t divisor = Divisor(method, k);
      table.push_back({list, divisor, Fraction(votes[list], divisor)});
    }
  }
  auto by_quotient = [&](const DivisorAward& a, const DivisorAward& b) {
    if (a.quotient != b.quotient) {
      return a.quotient > b.quotient;
    }
    if (a.list != b.list) {
      return priority_rank[a.list] < priority_rank[b.list];
    }
    return a.divisor < b.divisor;
  };
  std::partial_sort(table.begin(), table.begin() + seats, table.end(), by_quotient);
  table.resize(static_cast<size_t>(seats));
  return table;
}

std::vector<int64_t> SeatsFromAwards(std::span<const DivisorAward> awards, size_t lists) {
  std::vector<int64_t> seats(lists, 0);
  for (const DivisorAward& award : awards) {
    ++seats[award.list];
  }
  return seats;
}

}  // namespace esep::law
