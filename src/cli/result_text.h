// The national result as text for a terminal: status and why, progress, the seat allocation
// with its worked steps, the districts, and every finding raised above the precincts (summary
// protocols that disagree with their precincts, precincts whose two ballots disagree,
// protocols the definition does not place). Used by `esep import` and `esep report`.

#pragma once

#include <cstdint>
#include <string>

#include "results/election_results.h"
#include "results/seat_decision.h"
#include "tabulation/tabulator.h"

namespace esep::cli {

struct ResultTextOptions {
  std::string definition_sha256;
  std::string chain_head;     // the audit chain's head hash, to publish with the result
  int64_t max_findings = 20;  // findings listed per kind (0: all); the rest are counted
};

// "9,870 of 10,223": a tally's protocols of those it expects.
std::string Progress(const tabulation::Tally& tally);

// Each region's progress, voters, ballots issued and turnout, then the nation's, as a text table.
std::string RegionTable(const model::ElectionDefinition& definition,
                        const tabulation::Tabulator& tabulator);

// Each district's progress, the elected candidate, their votes and the margin, as a text table.
std::string DistrictTable(const tabulation::Tabulator& tabulator,
                          const results::SeatDecision& seats);

std::string NationalResultText(const results::ElectionResults& results,
                               const results::SeatDecision& seats,
                               const ResultTextOptions& options);

}  // namespace esep::cli
