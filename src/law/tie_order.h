// TieOrder: who wins when two lists tie for a seat, under a rule set's tie-break rule.
//
// The order is total and fixed before any seat is awarded, so every part of the allocation
// that meets a tie breaks it the same way and can say why. Immutable after construction.

#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "law/list_rules.h"

namespace esep::law {

struct Contender {
  std::string name;
  int64_t votes = 0;
  std::optional<std::string> registered_on;  // ISO date "YYYY-MM-DD"; earlier sorts first
};

class TieOrder {
 public:
  // Under kEarlierRegistration the registration criterion is used only when every contender
  // has a date (otherwise it could not be a consistent order); lists registered the same day
  // fall through to votes and then to the drawing of lots seeded by `seed`.
  TieOrder(std::span<const Contender> contenders, TieBreak rule, uint64_t seed);

  // Lower rank wins a tie. Ranks are 0..n-1 in contender order.
  const std::vector<size_t>& ranks() const { return ranks_; }

  // A sentence saying why `winner` beats `loser` in a tie, e.g. "QHP's list was registered
  // earlier (2023-02-11) than JSDP's (2023-02-13)".
  std::string Explain(size_t winner, size_t loser) const;

  // True when the registration criterion could not be used although the rule asks for it.
  bool registration_unavailable() const { return registration_unavailable_; }
  // True when a tie between these two is decided by the drawing of lots.
  bool DecidedByLot(size_t a, size_t b) const { return Decider(a, b) == Criterion::kLot; }
  uint64_t seed() const { return seed_; }

 private:
  enum class Criterion { kRegistration, kVotes, kLot };
  Criterion Decider(size_t a, size_t b) const;

  std::vector<Contender> contenders_;
  TieBreak rule_;
  uint64_t seed_;
  bool use_registration_ = false;
  bool registration_unavailable_ = false;
  std::vector<size_t> lot_position_;  // position of each contender in the drawing of lots
  std::vector<size_t> ranks_;
};

}  // namespace esep::law
