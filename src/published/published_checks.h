// Checks of published aggregates against themselves (docs/forensics-published.md): every
// printed percentage against the counts it is a share of, within the rounding the publisher
// used; turnout against ballots and registered voters; parts against the whole they should
// sum to; and the district contests of a region against its party-list contest.
//
//   ASSIGN_OR_RETURN(std::vector<published::PublishedCheck> checks,
//                    published::CheckPublishedFigures(data));
//
// Every decision is exact integer arithmetic (Int128); no floating point. A printed percentage
// p with d decimals is consistent with part / whole when |100 * part / whole - p| <= 0.5 * 10^-d
// (the closed interval: a value exactly halfway rounds to p under half up or half down), the one
// rule of base/printed_percent.h that every check in esep uses.
// Pure function of its input; thread-safe.

#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/printed_percent.h"
#include "base/result.h"
#include "io/election_data.h"

namespace esep::published {

enum class CheckKind {
  kPercent,        // a printed percentage against the counts it is a share of
  kTurnout,        // printed turnout against ballots / registered voters
  kSum,            // parts against the whole they should sum to (or not exceed)
  kDistrictTotal,  // a district's candidates' printed percentages admit a common base
  kCrossContest,   // a region's district ballots against its party-list ballots
  kTurnoutByHour,  // cumulative turnout by hour does not decrease
};

// "percent", "turnout", "sum", "district_total", "cross_contest", "turnout_by_hour".
std::string_view CheckKindName(CheckKind kind);

// A published figure as printed, with the column or field it comes from.
struct PublishedFigure {
  std::string name;   // "ballots_total", "winner_pct", "Amanat"
  std::string value;  // "341118", "47.03", "67.81%"
};

struct PublishedCheck {
  CheckKind kind = CheckKind::kSum;
  std::string source;  // the table's file name, e.g. "party_list_by_region.csv"
  int64_t line = 0;    // its line in that file; 0 when the check spans several lines
  std::string unit;    // the row or unit: "Astana", "district 12 (Almaty Region)"
  std::string rule;    // what must hold: "turnout_pct = ballots_total / registered"
  std::vector<PublishedFigure> figures;  // every published figure involved
  std::string published;                 // the figure under test, as printed ("42.91%")
  std::string recomputed;  // what esep derives from the others ("43.2379%", "[338491, 338569]")
  std::string exact;       // the derived value exactly: a fraction or an integer interval
  // The recomputed value minus the published one in percentage points, signed, to two more
  // decimals than printed; empty when the figure is not a percentage.
  std::string difference_points;
  // How far apart in counts (votes or ballots), signed: the published count minus the count
  // the other figures imply (to one decimal when that count is fractional).
  std::string difference_count;
  std::string count_unit;  // "votes", "ballots", "registered voters"
  // Counts outside what the published figures allow under any rounding (0 when consistent).
  int64_t beyond_tolerance = 0;
  std::string tolerance;  // "±0.005 points (2 decimals printed)", "exact", ...
  std::string note;       // a sentence on an inconsistent check's size; may be empty
  bool consistent = true;
};

// Every check the tables of `data` allow, in this order: the party-list table row by row
// (sum, ballots <= registered, turnout, then the row's printed percentages when the data has
// them), the national row against the regions' sum column by column, the districts, the
// regions' two contests, turnout by hour. kInvalidArgument (naming file, line and field) when
// a printed percentage cannot be read or a row of the party-list table lacks a party column.
Result<std::vector<PublishedCheck>> CheckPublishedFigures(const model::ElectionData& data);

}  // namespace esep::published
