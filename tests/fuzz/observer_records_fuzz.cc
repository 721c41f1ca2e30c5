// Fuzz target for the observers' CSV (observers/observer_records.h), the input of
// `esep audit --observers`.

#include <cstddef>
#include <cstdint>

#include "fuzz_input.h"
#include "observers/observer_records.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  esep::Result<esep::observers::ObserverRecords> records =
      esep::observers::ParseObserverRecords(esep::fuzz::AsText(data, size), "observers.csv");
  if (records.has_value()) {
    for (const esep::observers::ObserverRecord& record : records->records) {
      if (record.minute.has_value()) {
        (void)esep::observers::FormatMinute(*record.minute);
      }
    }
  }
  return 0;
}
