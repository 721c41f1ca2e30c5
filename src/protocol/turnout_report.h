// TurnoutReport: a precinct commission's report, during election day, of how many voters had
// received ballots by one of the election's report times (cumulative since the polls opened),
// and TurnoutSubmission, such a report as it is submitted for acceptance. Not to be confused
// with the CEC's published turnout-by-hour table (model::TurnoutByHour) or the protocol's line
// "turnout reported during the day" (control ratio KZ-09): these are the precincts' own reports,
// kept in the store (docs/formats/store.md) and published (docs/formats/snapshot.md).
//
// Plain data and pure functions; thread-safe.

#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "protocol/decision.h"

namespace esep::protocol {

struct TurnoutReport {
  std::string commission_id;  // the precinct commission
  std::string time;           // one of the election's report times, "HH:MM" (local time)
  int64_t voters = 0;         // voters who had received ballots by `time`, cumulative
  friend bool operator==(const TurnoutReport&, const TurnoutReport&) = default;
};

struct TurnoutSubmission {
  TurnoutReport report;
  std::optional<Decision> decision;  // required for a correction, optional otherwise
  std::string source;                // where it came from, e.g. "turnout.csv:17"
  // When not empty, the report is rejected with this reason whatever its figures: the caller
  // found it does not belong to the election (an unknown precinct, a time that is not a report
  // time). It is kept like every other rejected report.
  std::string refusal;
};

// True for "HH:MM" with HH 00..23 and MM 00..59 (two digits each). Such texts order
// chronologically as bytes, which the cumulative rule relies on.
bool IsClockTime(std::string_view time);

// Why `report` breaks the cumulative rule against `accepted`, the commission's latest accepted
// reports at the other times (in any order; one at report.time itself is ignored): a count at
// an earlier time above report.voters, or at a later time below it. Empty when it does not.
// Example: "cumulative: 1,204 voters by 14:00 is fewer than the 1,310 already reported by 12:00"
std::string CumulativeConflict(const TurnoutReport& report,
                               std::span<const TurnoutReport> accepted);

}  // namespace esep::protocol
