// Renderings of a party-list seat allocation (the output of `esep seats`): a table with the
// worked steps for people, JSON and CSV for machines. Formats: docs/formats/seats-output.md.
// Pure functions.

#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "law/list_allocation.h"

namespace esep::report {

// Lists with votes, share of the threshold base, admission, quotient, seats; then the rules
// and the numbered worked steps.
std::string AllocationText(const law::ListAllocation& allocation);

// {"rules": ..., "totals": ..., "quota": ..., "allocation": [...], "steps": [...], ...}
nlohmann::json AllocationJson(const law::ListAllocation& allocation);

// One line per list: party,votes,percent,admission,quotient,whole_seats,remainder,
// remainder_seats,seats_won,seats,vacant.
std::string AllocationCsv(const law::ListAllocation& allocation);

// An exact fraction as {"numerator", "denominator", "decimal"} (decimal to `digits` places).
nlohmann::json FractionJson(const Fraction& value, int digits);

}  // namespace esep::report
