// Reads protocols from CSV, one protocol per row (docs/formats/protocols-csv.md), streaming so
// that a million rows never sit in memory as strings at once.
//
// A bad row is reported with the file, line, field and rule, and the rows around it are still
// delivered: an import accepts the good rows and reports every bad one. A row may cite the
// commission decision that authorises a correction (four optional columns). Fields are read as
// views of the text, without an allocation per field. Thread-compatible.

#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "protocol/decision.h"
#include "protocol/protocol.h"

namespace esep::io {

// One protocol as read from a file (CSV or JSON Lines), or why it could not be read.
struct ProtocolRow {
  int64_t line = 0;
  std::optional<protocol::Protocol> protocol;  // the protocol, when the row is well formed
  std::optional<protocol::Decision> decision;  // the decision the row cites, if any
  std::string error;                           // otherwise why not: "file:line: field ...: ..."
};

// Calls `on_row` for every data row, in order. Returns an error — after delivering the rows
// before it — only when the file as a whole cannot be read: a missing or unknown column, or
// CSV that is malformed beyond one row (an unclosed quote).
//
// The row passed to `on_row` is reused for the next row (its strings and vectors keep their
// capacity, which is what makes a million rows cheap): move from it or copy it to keep it.
Status ReadProtocolCsv(std::string_view text, std::string_view source,
                       const std::function<void(ProtocolRow&&)>& on_row);

// Whether a protocols CSV written by esep has the four decision columns.
enum class DecisionColumns { kNo, kYes };

// The header of a protocols CSV with `choices` choice columns, and the decision columns after
// them when asked.
std::string ProtocolCsvHeader(size_t choices, DecisionColumns decisions = DecisionColumns::kNo);

// Appends `protocol` as one CSV line (with '\n') with `choices` choice columns; choices the
// protocol does not have are left empty. REQUIRES: protocol.choice_votes.size() <= choices.
void AppendProtocolCsvRow(const protocol::Protocol& protocol, size_t choices, std::string& out);

// The same, for a header written with DecisionColumns::kYes: the four decision columns follow
// the choices, empty when `decision` is nullopt.
void AppendProtocolCsvRow(const protocol::Protocol& protocol,
                          const std::optional<protocol::Decision>& decision, size_t choices,
                          std::string& out);

// "list" or "district:7" (also "district 7").
Result<protocol::ContestRef> ParseContest(std::string_view text);

}  // namespace esep::io
