// Fuzz target for an election's definition and published tables (io/election_data.h), through
// the in-memory file-source form of LoadDefinition that a store also uses.
//
// The input is up to three files separated by a line "----" (fuzz_input.h): election.json; the
// file it names as its commission table (whatever the name); and a CSV given, when the
// definition loads, to each published-table parser (party list, percentages, districts,
// turnout by hour), as LoadElectionDirectory would with the files election.json names.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "fuzz_input.h"
#include "io/election_data.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<std::string_view> files =
      esep::fuzz::SplitFiles(esep::fuzz::AsText(data, size), 3);
  size_t next_file = 0;
  esep::Result<esep::model::ElectionDefinition> definition =
      esep::io::LoadDefinition("fuzz", [&](const std::string& name) -> esep::Result<std::string> {
        if (next_file >= files.size() || next_file >= 2) {
          return esep::NotFoundError("fuzz/" + name + ": no such file");
        }
        return std::string(files[next_file++]);
      });
  if (!definition.has_value() || files.size() < 3) {
    return 0;
  }
  const std::string_view table = files[2];
  (void)esep::io::ParsePartyListTable(table, "party_list.csv", *definition);
  (void)esep::io::ParsePartyListPercentTable(table, "party_list_percent.csv", *definition);
  (void)esep::io::ParseDistrictTable(table, "districts.csv", *definition);
  (void)esep::io::ParseTurnoutTable(table, "turnout.csv", *definition);
  return 0;
}
