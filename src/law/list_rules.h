// The rules of a party-list contest: house size, threshold, apportionment method, the
// runner-up guarantee, how ties for the last seat are broken and what happens to seats a
// list has no candidates for. Plain data; every default is the Kazakh one (docs/law.md).

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/fraction.h"
#include "base/result.h"

namespace esep::law {

enum class ApportionmentMethod {
  kHare,         // largest remainder, quota = base / seats (Kazakhstan, Russia, Ukraine)
  kDroop,        // largest remainder, quota = floor(base / (seats + 1)) + 1
  kDHondt,       // highest averages, divisors 1, 2, 3, ...
  kSainteLague,  // highest averages, divisors 1, 3, 5, ...
};

enum class ThresholdBase {
  kValidVotes,   // votes for all lists plus "against all"; invalid ballots excluded (KZ 2023)
  kBallotsCast,  // all ballots found in the boxes, invalid ones included (Russia)
};

// Who wins a tie for the last seat (equal remainders or equal quotients).
enum class TieBreak {
  kEarlierRegistration,  // the list registered earlier; then more votes; then lot (KZ)
  kMoreVotesThenLot,     // more votes; then a drawing of lots
  kLot,                  // a drawing of lots
};

// What happens to seats won beyond the number of candidates on a list.
enum class SurplusSeats {
  kLeaveVacant,  // reported as vacant (the rule found for Kazakhstan)
  kReallocate,   // the list is capped and the seats are shared among the other lists
};

struct ListRules {
  int64_t seats = 0;  // seats to fill from lists
  Fraction threshold_percent = Fraction(5, 1);
  ThresholdBase threshold_base = ThresholdBase::kValidVotes;
  ApportionmentMethod method = ApportionmentMethod::kHare;
  // When exactly one list passes the threshold, the list with the next-most votes is admitted
  // too and gets at least this many seats. 0 turns the guarantee off.
  int64_t runner_up_min_seats = 0;
  TieBreak tie_break = TieBreak::kEarlierRegistration;
  SurplusSeats surplus = SurplusSeats::kLeaveVacant;
  uint64_t lot_seed = 0;  // seeds every drawing of lots; printed with the result
};

std::string_view MethodName(ApportionmentMethod method);   // "hare", "droop", ...
std::string_view MethodTitle(ApportionmentMethod method);  // "largest remainder (Hare quota)"
Result<ApportionmentMethod> ParseMethod(std::string_view name);
std::string_view ThresholdBaseName(ThresholdBase base);  // "votes", "cast"
Result<ThresholdBase> ParseThresholdBase(std::string_view name);
std::string_view TieBreakName(TieBreak tie_break);  // "registration", "votes", "lot"
Result<TieBreak> ParseTieBreak(std::string_view name);
std::string_view SurplusSeatsName(SurplusSeats surplus);  // "vacant", "reallocate"
Result<SurplusSeats> ParseSurplusSeats(std::string_view name);

bool IsLargestRemainder(ApportionmentMethod method);

}  // namespace esep::law
