// Fuzz target for an export's provenance record (service/export_provenance.h), read by
// `esep verify --export`.

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_input.h"
#include "service/export_provenance.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  esep::Result<esep::service::ExportProvenance> record = esep::service::ExportProvenance::FromJson(
      esep::fuzz::AsText(data, size), "fuzz.provenance.json");
  if (record.has_value()) {
    (void)record->SignatureValid();
    // What is written reads back as the same record.
    esep::Result<esep::service::ExportProvenance> again =
        esep::service::ExportProvenance::FromJson(record->ToJson(), "again");
    if (!again.has_value() || again->SignedMessage() != record->SignedMessage()) {
      __builtin_trap();
    }
  }
  return 0;
}
