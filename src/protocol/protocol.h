// Protocol: one commission's signed record of the count of one contest — the ballot account
// (voters, ballots received, issued, unused, spoiled, found in the boxes, invalid) and the votes
// for each choice and "against all".
//
// Plain data, copied freely. The names follow the protocol form; docs/formats/ maps them to the
// NIST ERR terms (BallotCounts, VoteCounts). Counts are whole numbers, never negative.

#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace esep::protocol {

// The contest a protocol records: the national party-list contest, or one single-member
// district's contest.
struct ContestRef {
  enum class Kind { kPartyList, kDistrict };
  Kind kind = Kind::kPartyList;
  int district = 0;  // 1.. for kDistrict; 0 for the party list

  // "list" or "district 7".
  std::string ToString() const;
  friend bool operator==(const ContestRef&, const ContestRef&) = default;
};

// Every figure of the ballot account, by name. Control ratios are written in these terms.
enum class Figure {
  kVotersOnList,           // voters on the list at the close, additions included
  kVotersAddedOnDay,       // of whom added to the list on election day
  kBallotsReceived,        // ballots the commission received
  kBallotsIssuedPremises,  // issued to voters in the polling station
  kBallotsIssuedMobile,    // issued to voters voting at home (mobile boxes)
  kBallotsIssuedAbsentee,  // of the premises ballots, issued on an absentee certificate
  kBallotsUnused,          // unused ballots, cancelled at the count
  kBallotsSpoiled,         // ballots spoiled by voters and replaced
  kBallotsInStationaryBoxes,
  kBallotsInMobileBoxes,
  kInvalidBallots,
  kValidBallots,  // as written on the protocol
  kSumOfChoices,  // computed: the votes for every list or candidate
  kAgainstAll,
  kTurnoutReportedDuringDay,  // the last number of voters reported during the day, if any
};

// The protocol form's name for a figure, e.g. "ballots received".
std::string_view FigureName(Figure figure);

struct Protocol {
  std::string commission_id;  // the precinct (or higher commission) that signed it
  ContestRef contest;
  int64_t voters_on_list = 0;
  int64_t voters_added_on_day = 0;
  int64_t ballots_received = 0;
  int64_t ballots_issued_premises = 0;
  int64_t ballots_issued_mobile = 0;
  int64_t ballots_issued_absentee = 0;
  int64_t ballots_unused = 0;
  int64_t ballots_spoiled = 0;
  int64_t ballots_in_stationary_boxes = 0;
  int64_t ballots_in_mobile_boxes = 0;
  int64_t invalid_ballots = 0;
  int64_t valid_ballots = 0;
  std::vector<int64_t> choice_votes;  // lists (ballot order) or candidates (definition order)
  int64_t against_all = 0;
  std::optional<int64_t> turnout_reported_during_day;

  // The value of `figure` (kSumOfChoices is computed; an unreported turnout is 0).
  int64_t Get(Figure figure) const;
  int64_t ballots_issued() const { return ballots_issued_premises + ballots_issued_mobile; }
  int64_t ballots_in_boxes() const { return ballots_in_stationary_boxes + ballots_in_mobile_boxes; }

  // Every field equal: the same commission, contest and figures.
  friend bool operator==(const Protocol&, const Protocol&) = default;
};

// A count recorded on the protocol form: its name in files (the protocols CSV column, the JSON
// Lines key), the figure, and the field that holds it.
struct CountField {
  std::string_view key;
  Figure figure;
  int64_t Protocol::*member;
};

// The twelve counts of the ballot account in the order of the form, then "against all": the
// one list every reader, writer and check of the counts goes through.
inline constexpr std::array<CountField, 13> kCountFields = {{
    {"voters_on_list", Figure::kVotersOnList, &Protocol::voters_on_list},
    {"voters_added_on_day", Figure::kVotersAddedOnDay, &Protocol::voters_added_on_day},
    {"ballots_received", Figure::kBallotsReceived, &Protocol::ballots_received},
    {"ballots_issued_premises", Figure::kBallotsIssuedPremises, &Protocol::ballots_issued_premises},
    {"ballots_issued_mobile", Figure::kBallotsIssuedMobile, &Protocol::ballots_issued_mobile},
    {"ballots_issued_absentee", Figure::kBallotsIssuedAbsentee, &Protocol::ballots_issued_absentee},
    {"ballots_unused", Figure::kBallotsUnused, &Protocol::ballots_unused},
    {"ballots_spoiled", Figure::kBallotsSpoiled, &Protocol::ballots_spoiled},
    {"ballots_in_stationary_boxes", Figure::kBallotsInStationaryBoxes,
     &Protocol::ballots_in_stationary_boxes},
    {"ballots_in_mobile_boxes", Figure::kBallotsInMobileBoxes, &Protocol::ballots_in_mobile_boxes},
    {"invalid_ballots", Figure::kInvalidBallots, &Protocol::invalid_ballots},
    {"valid_ballots", Figure::kValidBallots, &Protocol::valid_ballots},
    {"against_all", Figure::kAgainstAll, &Protocol::against_all},
}};

// Adds `from`'s counts (kCountFields) and votes per choice into `into`, growing
// into.choice_votes to the longer of the two. Summaries of several protocols use it. The turnout
// reported during the day is left to the caller: a summary either drops it when a protocol
// lacks it or counts the missing figure as 0.
void AddCounts(const Protocol& from, Protocol& into);

}  // namespace esep::protocol
