// PrintedPercent: a percentage as a publisher printed it ("57.02%", "57.02", "43"), and the one
// rule every check in esep uses to decide whether a printed figure is consistent with the exact
// value it stands for: part / whole printed with d decimals is consistent when
//
//   |100 * part / whole - printed| <= 0.5 * 10^-d,
//
// the closed interval. A value exactly halfway is consistent with both neighbours, because a
// publisher may round half up, half down or half to even; esep cannot tell which, and a check
// must never accuse a figure that some honest rounding produces. Decided in exact integer
// arithmetic (Int128), never floating point.
//
// Example:
//   ASSIGN_OR_RETURN(PrintedPercent printed, ParsePrintedPercent("42.91%"));
//   WithinRounding(ballots, registered, printed);

#pragma once

#include <cstdint>
#include <string_view>

#include "base/result.h"

namespace esep {

// The printed percentage "57.02%" (or "57.02") as the integer 5702 and its 2 decimals.
struct PrintedPercent {
  int64_t scaled = 0;
  int decimals = 0;
};

inline constexpr int kMaxPrintedDecimals = 6;

// kInvalidArgument unless `text` is digits with an optional point, at most 6 decimals and an
// optional trailing '%', at most 100.
Result<PrintedPercent> ParsePrintedPercent(std::string_view text);

// Whether part / whole printed as `printed` is within its rounding (the closed interval above).
// REQUIRES: whole > 0, part >= 0.
bool WithinRounding(int64_t part, int64_t whole, const PrintedPercent& printed);

}  // namespace esep
