#include "model/commission.h"

#include <array>
#include <utility>

namespace esep::model {

namespace {

constexpr std::array<std::pair<CommissionLevel, std::string_view>, 5> kLevelNames = {{
    {CommissionLevel::kCentral, "cec"},
    {CommissionLevel::kRegional, "regional"},
    {CommissionLevel::kDistrict, "district"},
    {CommissionLevel::kTerritorial, "territorial"},
    {CommissionLevel::kPrecinct, "precinct"},
}};

}  // namespace

std::string_view CommissionLevelName(CommissionLevel level) {
  for (const auto& [value, name] : kLevelNames) {
    if (value == level) {
      return name;
    }
  }
  return "?";
}

std::optional<CommissionLevel> ParseCommissionLevel(std::string_view name) {
  for (const auto& [value, level_name] : kLevelNames) {
    if (level_name == name) {
      return value;
    }
  }
  return std::nullopt;
}

}  // namespace esep::model
