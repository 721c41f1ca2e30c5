// Fuzz target for the protocols JSON Lines reader (io/protocol_jsonl.h). Every well-formed line
// is also written back as JSON Lines and CSV, so the writers see whatever the reader accepts.

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_input.h"
#include "io/protocol_csv.h"
#include "io/protocol_jsonl.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string out;
  (void)esep::io::ReadProtocolJsonl(
      esep::fuzz::AsText(data, size), "protocols.jsonl", [&](esep::io::ProtocolRow&& row) {
        if (!row.protocol.has_value()) {
          return;
        }
        const size_t choices = row.protocol->choice_votes.size();
        out.clear();
        esep::io::AppendProtocolJsonl(*row.protocol, row.decision, out);
        esep::io::AppendProtocolCsvRow(*row.protocol, row.decision, choices, out);
      });
  return 0;
}
