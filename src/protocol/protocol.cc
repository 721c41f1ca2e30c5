#include "protocol/protocol.h"

#include <numeric>

#include <fmt/format.h>

namespace esep::protocol {

std::string ContestRef::ToString() const {
  return kind == Kind::kPartyList ? std::string("list") : fmt::format("district {}", district);
}

std::string_view FigureName(Figure figure) {
  switch (figure) {
    case Figure::kVotersOnList:
      return "voters on the list";
    case Figure::kVotersAddedOnDay:
      return "voters added on election day";
    case Figure::kBallotsReceived:
      return "ballots received";
    case Figure::kBallotsIssuedPremises:
      return "ballots issued in the premises";
    case Figure::kBallotsIssuedMobile:
      return "ballots issued for mobile voting";
    case Figure::kBallotsIssuedAbsentee:
      return "ballots issued on absentee certificates";
    case Figure::kBallotsUnused:
      return "unused (cancelled) ballots";
    case Figure::kBallotsSpoiled:
      return "spoiled ballots";
    case Figure::kBallotsInStationaryBoxes:
      return "ballots in the stationary boxes";
    case Figure::kBallotsInMobileBoxes:
      return "ballots in the mobile boxes";
    case Figure::kInvalidBallots:
      return "invalid ballots";
    case Figure::kValidBallots:
      return "valid ballots";
    case Figure::kSumOfChoices:
      return "votes for all choices";
    case Figure::kAgainstAll:
      return "votes against all";
    case Figure::kTurnoutReportedDuringDay:
      return "turnout reported during the day";
  }
  return "?";
}

int64_t Protocol::Get(Figure figure) const {
  switch (figure) {
    case Figure::kVotersOnList:
      return voters_on_list;
    case Figure::kVotersAddedOnDay:
      return voters_added_on_day;
    case Figure::kBallotsReceived:
      return ballots_received;
    case Figure::kBallotsIssuedPremises:
      return ballots_issued_premises;
    case Figure::kBallotsIssuedMobile:
      return ballots_issued_mobile;
    case Figure::kBallotsIssuedAbsentee:
      return ballots_issued_absentee;
    case Figure::kBallotsUnused:
      return ballots_unused;
    case Figure::kBallotsSpoiled:
      return ballots_spoiled;
    case Figure::kBallotsInStationaryBoxes:
      return ballots_in_stationary_boxes;
    case Figure::kBallotsInMobileBoxes:
      return ballots_in_mobile_boxes;
    case Figure::kInvalidBallots:
      return invalid_ballots;
    case Figure::kValidBallots:
      return valid_ballots;
    case Figure::kSumOfChoices:
      return std::accumulate(choice_votes.begin(), choice_votes.end(), int64_t{0});
    case Figure::kAgainstAll:
      return against_all;
    case Figure::kTurnoutReportedDuringDay:
      return turnout_reported_during_day.value_or(0);
  }
  return 0;
}

void AddCounts(const Protocol& from, Protocol& into) {
  for (const CountField& count : kCountFields) {
    into.*count.member += from.*count.member;
  }
  if (into.choice_votes.size() < from.choice_votes.size()) {
    into.choice_votes.resize(from.choice_votes.size(), 0);
  }
  for (size_t k = 0; k < from.choice_votes.size(); ++k) {
    into.choice_votes[k] += from.choice_votes[k];
  }
}

}  // namespace esep::protocol
