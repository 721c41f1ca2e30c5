// Fuzz target for a column mapping (precincts/column_mapping.h) and the commission CSV read through
// it, the input of `esep audit --precincts`.
//
// The input is the mapping's JSON, then optionally a line "----" (fuzz_input.h) and the CSV; a
// mapping that parses is applied to the CSV under both row-error policies.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz_input.h"
#include "precincts/column_mapping.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<std::string_view> files =
      esep::fuzz::SplitFiles(esep::fuzz::AsText(data, size), 2);
  esep::Result<esep::precincts::ColumnMapping> mapping =
      esep::precincts::ParseColumnMapping(files[0], "mapping.json");
  if (!mapping.has_value() || files.size() < 2) {
    return 0;
  }
  (void)esep::precincts::PrecinctTableFromMappedCsv(files[1], "precincts.csv", *mapping,
                                                    esep::precincts::RowErrors::kSkip);
  (void)esep::precincts::PrecinctTableFromMappedCsv(files[1], "precincts.csv", *mapping,
                                                    esep::precincts::RowErrors::kStop);
  return 0;
}
