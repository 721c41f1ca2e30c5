// Reads and writes protocols as JSON Lines (docs/formats/protocols-jsonl.md): one JSON object
// per line with the protocol's fields by name, and an optional "decision" that authorises a
// correction. The same row interface as the CSV reader (io/protocol_csv.h), so an import takes
// either.
//
// A bad line is reported with the file, line, key and rule, and the lines around it are still
// delivered. Thread-compatible.
//
// Example:
//   RETURN_IF_ERROR(ReadProtocolJsonl(text, "protocols.jsonl", [&](ProtocolRow&& row) {
//     if (!row.protocol.has_value()) { report(row.error); return; }
//     ...
//   }));

#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "io/protocol_csv.h"
#include "protocol/decision.h"
#include "protocol/protocol.h"

namespace esep::io {

// Calls `on_row` for every non-blank line, in order: a protocol, or the first rule the line
// breaks ("file:line: field 'key': rule"). Every problem belongs to one line, so the whole
// file is always read and the returned status is OK; it is a Status so that a reader that
// must stop (an unreadable file) can say so as ReadProtocolCsv does.
//
// The row passed to `on_row` is reused for the next line: move from it or copy it to keep it.
Status ReadProtocolJsonl(std::string_view text, std::string_view source,
                         const std::function<void(ProtocolRow&&)>& on_row);

// Appends `protocol` (and `decision`, when there is one) as one JSON line ending in '\n', with
// the keys in the documented order.
void AppendProtocolJsonl(const protocol::Protocol& protocol,
                         const std::optional<protocol::Decision>& decision, std::string& out);

}  // namespace esep::io
