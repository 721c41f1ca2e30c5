// Commission: one election commission of the tree that counts and tabulates — the Central
// Election Commission, the regional territorial commissions and the single-member districts'
// commissions, the district/city territorial commissions, and the precinct commissions.
//
// Plain data, part of the immutable ElectionDefinition. Format: docs/formats/commissions-csv.md.

#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace esep::model {

enum class CommissionLevel {
  kCentral,      // CEC: the root
  kRegional,     // regional territorial commission (17 regions + Astana, Almaty, Shymkent)
  kDistrict,     // district commission of a single-member district
  kTerritorial,  // district/city territorial commission
  kPrecinct,     // precinct commission: counts the ballots
};

std::string_view CommissionLevelName(CommissionLevel level);  // "cec", "regional", ...
std::optional<CommissionLevel> ParseCommissionLevel(std::string_view name);

struct Commission {
  std::string id;  // unique in the election, e.g. "PEC-ABAI-0001"
  CommissionLevel level = CommissionLevel::kPrecinct;
  std::string parent_id;  // empty for the CEC
  std::string name;
  std::string region_id;  // every commission below the CEC lies in one region
  int district = 0;       // district commissions and precincts: the single-member district
  bool abroad = false;    // a precinct at an embassy or consulate
};

}  // namespace esep::model
