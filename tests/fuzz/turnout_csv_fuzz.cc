// Fuzz target for the turnout CSV (io/turnout_csv.h). Every well-formed row is written back and
// must read back as the same report: the writer and the reader agree on whatever the reader
// accepts.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz_input.h"
#include "io/turnout_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)esep::io::ReadTurnoutCsv(
      esep::fuzz::AsText(data, size), "turnout.csv", [](esep::io::TurnoutRow&& row) {
        if (!row.report.has_value()) {
          if (row.error.empty()) {
            std::abort();  // a row is a report or a reason
          }
          return;
        }
        if (row.report->voters < 0) {
          std::abort();
        }
        std::string written = esep::io::TurnoutCsvHeader();
        esep::io::AppendTurnoutCsvRow(*row.report, written);
        int rows = 0;
        const esep::Status again =
            esep::io::ReadTurnoutCsv(written, "written.csv", [&](esep::io::TurnoutRow&& back) {
              ++rows;
              if (!back.report.has_value() || !(*back.report == *row.report)) {
                std::abort();
              }
            });
        if (!again.ok() || rows != 1) {
          std::abort();
        }
      });
  return 0;
}
