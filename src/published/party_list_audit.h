// The round-number test applied to a published party-list table (docs/forensics.md): every
// party's share and the "against all" share, of the base the CEC used for its percentages
// (votes for lists + against all, as results::StatementUnit::percent_base), nationally (the
// national row, or the sum of the regions when there is none) and pooled over the regions, at
// the 0.1 % and 0.01 % grids. Four tests; the table is flagged when the smallest p-value is at
// most alpha / 4 (Bonferroni). Pure function; thread-safe.

#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "model/election_definition.h"
#include "model/published_results.h"
#include "published/round_numbers.h"

namespace esep::published {

inline constexpr int kAuditTests = 4;

// One region's own tests: descriptive, not part of the flag (20 regions x 2 grids would need
// their own multiplicity correction).
struct RegionTests {
  std::string region;  // as published
  RoundNumberTest grid_01;
  RoundNumberTest grid_001;
};

struct PartyListAudit {
  RoundNumberTest national_01;         // national shares, 0.1 % grid
  RoundNumberTest national_001;        // national shares, 0.01 % grid
  RoundNumberTest regions_01;          // every region's shares pooled, 0.1 % grid
  RoundNumberTest regions_001;         // every region's shares pooled, 0.01 % grid
  std::vector<RegionTests> by_region;  // in table order
  long double alpha = 0.01L;
  long double smallest_p = 1;
  bool national_published = false;  // false: the national shares are the sum of the regions
  bool flagged = false;             // smallest_p <= alpha / kAuditTests
};

// The shares of one row: each party's votes and against all, of lists + against all. Labels
// are "<unit> | <party short name>". Rows with a zero base give no shares.
std::vector<Share> RowShares(const model::ElectionDefinition& definition,
                             const model::ListResultRow& row, const std::string& unit);

// REQUIRES: every row has definition.parties().size() party votes (as ParsePartyListTable gives).
Result<PartyListAudit> AuditPartyList(const model::ElectionDefinition& definition,
                                      const model::PublishedListResults& results,
                                      long double alpha);

}  // namespace esep::published
