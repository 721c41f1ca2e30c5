// The round-number test of a published party-list table (party_list_audit.h) rendered for
// people (every share's votes, base, distance to the grid and probabilities, then the four
// tests and the flag) and for machines (the same numbers, exact fractions beside decimals).

#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "published/party_list_audit.h"

namespace esep::published {

// What each share is a share of, as the renderings name it.
inline constexpr char kShareBase[] = "votes for party lists + against all";

// The grid point k / steps_per_unit as a percentage: "53.9" (0.1 % grid) or "53.94" (0.01 %).
std::string GridPointPercent(int64_t k, int64_t steps_per_unit);

// `source` names the table (e.g. "party_list_by_region.csv"); `alpha` is the audit's level.
std::string PartyListAuditText(const PartyListAudit& audit, const std::string& source,
                               double alpha);
nlohmann::json PartyListAuditJson(const PartyListAudit& audit, const std::string& source,
                                  double alpha);

}  // namespace esep::published
