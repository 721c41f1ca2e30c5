// Reads protocols from CSV, one protocol per row (docs/formats/protocols-csv.md), streaming so
// that a million rows never sit in memory as strings at once.
//
// A bad row is reported with the file, line, field and rule, and the rows around it are still
// delivered: an import accepts the good rows and reports every bad one. Thread-compatible.

#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "protocol/protocol.h"

namespace esep::io {

struct ProtocolRow {
  int64_t line = 0;
  std::optional<protocol::Protocol> protocol;  // the protocol, when the row is well formed
  std::string error;                           // otherwise why not: "file:line: field ...: ..."
};

// Calls `on_row` for every data row, in order. Returns an error — after delivering the rows
// before it — only when the file as a whole cannot be read: a missing or unknown column, or
// CSV that is malformed beyond one row (an unclosed quote).
Status ReadProtocolCsv(std::string_view text, std::string_view source,
                       const std::function<void(ProtocolRow&&)>& on_row);

// The header of a protocols CSV with `choices` choice columns.
std::string ProtocolCsvHeader(size_t choices);

// Appends `protocol` as one CSV line (with '\n') with `choices` choice columns; choices the
// protocol does not have are left empty. REQUIRES: protocol.choice_votes.size() <= choices.
void AppendProtocolCsvRow(const protocol::Protocol& protocol, size_t choices, std::string& out);

// "list" or "district:7" (also "district 7").
Result<protocol::ContestRef> ParseContest(std::string_view text);

}  // namespace esep::io
