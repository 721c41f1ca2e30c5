// The whole party-list procedure: threshold, admission (with Kazakhstan's runner-up
// guarantee), apportionment, and seats a list has no candidates for, with the worked steps
// an official or a journalist can follow line by line.
//
// Example:
//   ListContestVotes votes{.lists = {{"A", 600}, {"B", 300}, {"C", 100}}};
//   ListRules rules{.seats = 10, .threshold_percent = Fraction(5, 1)};
//   Result<ListAllocation> allocation = AllocateListSeats(votes, rules);
//
// Pure function of its arguments; thread-safe.

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/fraction.h"
#include "base/result.h"
#include "law/divisor_method.h"
#include "law/list_rules.h"

namespace esep::law {

struct ListVotes {
  std::string name;
  int64_t votes = 0;
  std::optional<std::string> registered_on;  // ISO date; breaks ties under the Kazakh rule
  std::optional<int64_t> candidates;         // list length; seats beyond it are surplus
};

struct ListContestVotes {
  std::vector<ListVotes> lists;  // in ballot order
  int64_t against_all = 0;
  int64_t invalid = 0;
};

enum class Admission {
  kPassedThreshold,
  kRunnerUpGuarantee,  // admitted because only one list passed
  kBelowThreshold,
};

struct ListAllocationRow {
  std::string name;
  int64_t votes = 0;
  Admission admission = Admission::kBelowThreshold;
  // Largest remainder only: votes / quota, whole quotas, and the remainder in votes.
  std::optional<Fraction> quotient;
  std::optional<Fraction> remainder;
  int64_t whole_seats = 0;      // whole quotas (largest remainder) or 0
  int64_t remainder_seats = 0;  // seats from the remainders (largest remainder) or 0
  // Seats won: the method's count plus guarantee_change (and, under kReallocate, after the
  // reallocation), before vacancies. The method alone gave seats_won - guarantee_change.
  int64_t seats_won = 0;
  int64_t guarantee_change = 0;  // + for the runner-up, - for the leader
  int64_t seats = 0;             // seats filled by candidates of this list
  int64_t vacant = 0;            // seats won with no candidate left to fill them

  bool admitted() const { return admission != Admission::kBelowThreshold; }
};

struct AllocationStep {
  std::string kind;  // threshold, admission, quota, whole-seats, remainder-seats, tie, ...
  std::string text;  // one sentence a commission secretary understands
};

struct ListAllocation {
  ListRules rules;
  int64_t list_votes = 0;  // votes for all lists
  int64_t against_all = 0;
  int64_t invalid = 0;
  int64_t threshold_base = 0;           // the denominator of the threshold test
  int64_t admitted_votes = 0;           // the quota base: votes of the admitted lists
  std::optional<Fraction> quota;        // largest remainder only
  std::vector<ListAllocationRow> rows;  // in input order
  std::vector<DivisorAward> awards;     // highest averages only, in award order
  std::vector<AllocationStep> steps;
  int64_t seats_filled = 0;
  int64_t seats_vacant = 0;
  bool lot_decided = false;  // a drawing of lots decided a seat (the seed is in rules)
};

// Allocates rules.seats among votes.lists. Errors:
//   kInvalidArgument    no lists, a negative count, duplicate names, no seats;
//   kFailedPrecondition no votes, or no list reaches the threshold.
Result<ListAllocation> AllocateListSeats(const ListContestVotes& votes, const ListRules& rules);

std::string_view AdmissionName(Admission admission);  // "passed", "runner-up", "below"

}  // namespace esep::law
