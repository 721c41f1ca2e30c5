#include "law/tie_order.h"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include "base/lot_drawing.h"
#include "base/text.h"

namespace esep::law {

TieOrder::TieOrder(std::span<const Contender> contenders, TieBreak rule, uint64_t seed)
    : contenders_(contenders.begin(), contenders.end()), rule_(rule), seed_(seed) {
  if (rule_ == TieBreak::kEarlierRegistration) {
    use_registration_ = std::all_of(contenders_.begin(), contenders_.end(),
                                    [](const Contender& c) { return c.registered_on.has_value(); });
    registration_unavailable_ = !use_registration_ && !contenders_.empty();
  }
  std::vector<std::string> names;
  names.reserve(contenders_.size());
  for (const Contender& contender : contenders_) {
    names.push_back(contender.name);
  }
  const std::vector<size_t> drawn = DrawLots(seed_, names);
  lot_position_.assign(contenders_.size(), 0);
  for (size_t position = 0; position < drawn.size(); ++position) {
    lot_position_[drawn[position]] = position;
  }

  std::vector<size_t> order(contenders_.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    switch (Decider(a, b)) {
      case Criterion::kRegistration:
        return *contenders_[a].registered_on < *contenders_[b].registered_on;
      case Criterion::kVotes:
        return contenders_[a].votes > contenders_[b].votes;
      case Criterion::kLot:
        return lot_position_[a] < lot_position_[b];
    }
    return a < b;
  });
  ranks_.assign(contenders_.size(), 0);
  for (size_t rank = 0; rank < order.size(); ++rank) {
    ranks_[order[rank]] = rank;
  }
}

TieOrder::Criterion TieOrder::Decider(size_t a, size_t b) const {
  const Contender& first = contenders_[a];
  const Contender& second = contenders_[b];
  if (use_registration_ && *first.registered_on != *second.registered_on) {
    return Criterion::kRegistration;
  }
  if (rule_ != TieBreak::kLot && first.votes != second.votes) {
    return Criterion::kVotes;
  }
  return Criterion::kLot;
}

std::string TieOrder::Explain(size_t winner, size_t loser) const {
  const Contender& w = contenders_[winner];
  const Contender& l = contenders_[loser];
  switch (Decider(winner, loser)) {
    case Criterion::kRegistration:
      return fmt::format("{}'s list was registered earlier ({}) than {}'s ({})", w.name,
                         *w.registered_on, l.name, *l.registered_on);
    case Criterion::kVotes:
      return fmt::format("{} has more votes ({}) than {} ({})", w.name, GroupThousands(w.votes),
                         l.name, GroupThousands(l.votes));
    case Criterion::kLot:
      break;
  }
  std::string why = use_registration_ ? "registered the same day and " : "";
  if (rule_ != TieBreak::kLot) {
    why += "equal in votes, ";
  } else {
    why = "tied and the rule breaks every tie by lot, ";
  }
  return fmt::format(
      "{} and {} are {}so the drawing of lots with seed {} decides: {} is drawn "
      "before {}",
      w.name, l.name, why, seed_, w.name, l.name);
}

}  // namespace esep::law
