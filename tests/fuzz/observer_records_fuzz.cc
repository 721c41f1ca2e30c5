// Fuzz target for the observers' CSV (audit/observer_records.h), the input of
// `esep audit --observers`.

#include <cstddef>
#include <cstdint>

#include "audit/observer_records.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  esep::Result<esep::audit::ObserverRecords> records =
      esep::audit::ParseObserverRecords(esep::fuzz::AsText(data, size), "observers.csv");
  if (records.has_value()) {
    for (const esep::audit::ObserverRecord& record : records->records) {
      if (record.minute.has_value()) {
        (void)esep::audit::FormatMinute(*record.minute);
      }
    }
  }
  return 0;
}
