// Fuzz target for the commissions CSV (io/commission_table.h), read against the bundled 2023
// Mäjilis definition (its regions and districts), as `esep init` reads a user's table.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz_input.h"
#include "io/commission_table.h"
#include "io/csv.h"
#include "io/election_data.h"

namespace {

const esep::model::ElectionDefinition& Definition() {
  static const esep::model::ElectionDefinition* const definition = [] {
    const std::string path = esep::fuzz::SourcePath("data/elections/kz-majilis-2023/election.json");
    esep::Result<std::string> text = esep::io::ReadTextFile(path);
    if (!text.has_value()) {
      std::abort();  // The fuzz target is run from a source tree that has its data.
    }
    esep::Result<esep::model::ElectionDefinition> parsed =
        esep::io::ParseElectionDefinition(*text, path);
    if (!parsed.has_value()) {
      std::abort();
    }
    return new esep::model::ElectionDefinition(std::move(*parsed));
  }();
  return *definition;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)esep::io::ParseCommissionTable(esep::fuzz::AsText(data, size), "commissions.csv",
                                       Definition());
  return 0;
}
