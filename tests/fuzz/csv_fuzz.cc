// Fuzz target for the generic CSV reader (io/csv.h): the whole-table parser and the cursor, with
// both delimiters and both record forms.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_input.h"
#include "io/csv.h"

namespace {

// Reads every record through a cursor; the views must stay inside their buffers, which the
// address sanitizer checks when they are read here.
template <typename Record>
void ReadAllRecords(std::string_view text, char delimiter) {
  esep::io::CsvCursor cursor(text, "fuzz.csv", delimiter);
  Record record;
  size_t bytes = 0;
  while (true) {
    esep::Result<bool> more = cursor.Next(record);
    if (!more.has_value() || !*more) {
      break;
    }
    for (const auto& field : record.fields) {
      bytes += field.size();
    }
  }
  (void)bytes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = esep::fuzz::AsText(data, size);
  esep::Result<esep::io::CsvTable> table = esep::io::ParseCsv(text, "fuzz.csv");
  if (table.has_value() && !table->rows.empty()) {
    (void)table->FindColumn("votes");
    (void)table->Where(table->rows.back());
  }
  ReadAllRecords<esep::io::CsvRecordView>(text, ',');
  ReadAllRecords<esep::io::CsvRecord>(text, ';');
  return 0;
}
