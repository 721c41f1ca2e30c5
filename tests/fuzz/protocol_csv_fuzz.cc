// Fuzz target for the protocols CSV (io/protocol_csv.h). Every well-formed row is also written
// back as CSV and JSON Lines, so the writers see whatever the reader accepts.

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_input.h"
#include "io/protocol_csv.h"
#include "io/protocol_jsonl.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string out;
  (void)esep::io::ReadProtocolCsv(
      esep::fuzz::AsText(data, size), "protocols.csv", [&](esep::io::ProtocolRow&& row) {
        if (!row.protocol.has_value()) {
          return;
        }
        const size_t choices = row.protocol->choice_votes.size();
        out.clear();
        esep::io::AppendProtocolCsvRow(*row.protocol, row.decision, choices, out);
        esep::io::AppendProtocolJsonl(*row.protocol, row.decision, out);
      });
  return 0;
}
