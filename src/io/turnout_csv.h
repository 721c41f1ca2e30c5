// Reads and writes the precinct commissions' turnout reports of election day as CSV, one report
// per row (docs/formats/turnout-csv.md):
//
//   [synthetic,]commission,time,voters[,decision_number,decision_date,decision_commission,
//   decision_reason]
//   PEC-abai-00001,10:00,112
//
// `synthetic` (yes/no) marks generated reports (esep generate writes "yes" on every row).
//
// A bad row is reported with the file, line, field and rule, and the rows around it are still
// delivered: an import stores the good rows and reports every bad one. Thread-compatible.

#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "protocol/decision.h"
#include "protocol/turnout_report.h"

namespace esep::io {

// One turnout report as read from a file, or why it could not be read.
struct TurnoutRow {
  int64_t line = 0;
  std::optional<protocol::TurnoutReport> report;  // when the row is well formed
  std::optional<protocol::Decision> decision;     // the decision the row cites, if any
  bool synthetic = false;                         // the row says synthetic = yes
  std::string error;                              // otherwise why not: "file:line: field ...: ..."
};

// Calls `on_row` for every data row, in order. Returns an error — before any row — when the
// file as a whole cannot be read: malformed CSV, text that is not UTF-8, a missing, unknown or
// repeated column, or some decision columns without the others.
Status ReadTurnoutCsv(std::string_view text, std::string_view source,
                      const std::function<void(TurnoutRow&&)>& on_row);

// Whether a written file labels its rows synthetic (a leading `synthetic` column of "yes").
enum class TurnoutOrigin { kReported, kSynthetic };

// "commission,time,voters\n", or "synthetic,commission,time,voters\n".
std::string TurnoutCsvHeader(TurnoutOrigin origin = TurnoutOrigin::kReported);

// Appends `report` as one line of a file with TurnoutCsvHeader(origin) (with '\n').
void AppendTurnoutCsvRow(const protocol::TurnoutReport& report, std::string& out,
                         TurnoutOrigin origin = TurnoutOrigin::kReported);

}  // namespace esep::io
