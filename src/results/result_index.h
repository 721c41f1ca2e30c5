// Indexes shared by the result rows and the ERR export (report): each precinct's accepted
// protocols in definition order, and which units have a commission with an open correction.
//
// Views into the definition and the protocols span: both must outlive the index.

#pragma once

#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "base/result.h"
#include "model/election_definition.h"
#include "protocol/protocol.h"
#include "tabulation/tabulator.h"

namespace esep::results {

// One precinct commission and its accepted protocols (null when none has been accepted).
struct PrecinctEntry {
  const model::Commission* commission = nullptr;
  const protocol::Protocol* list = nullptr;
  const protocol::Protocol* district = nullptr;
};

// Every precinct commission of `definition`, in definition order, with its protocols from
// `protocols`. kInvalidArgument when a protocol names no precinct of the definition, or when a
// precinct has two protocols of one contest (pass only the accepted version of each).
Result<std::vector<PrecinctEntry>> IndexPrecincts(const model::ElectionDefinition& definition,
                                                  std::span<const protocol::Protocol> protocols);

// Which units have an open correction: a unit is open when its own commission, or any
// commission below it, is in the set. Indexed like the tabulator's vectors.
struct OpenUnits {
  bool national = false;
  std::vector<bool> regions;
  std::vector<bool> territorials;
  std::vector<bool> districts;  // by number - 1
};

// The commissions of the tree that name units above precincts, aligned with the tabulator.
struct TreeUnits {
  std::string national_id;  // the CEC's id ("national" when the tree has none)
  std::vector<const model::Commission*> territorials;  // as Tabulator::territorial_ids()
  std::vector<const model::Commission*> districts;     // by number - 1; null when absent
};

TreeUnits CollectTreeUnits(const model::ElectionDefinition& definition);

OpenUnits FindOpenUnits(const model::ElectionDefinition& definition,
                        const tabulation::Tabulator& tabulator,
                        const std::unordered_set<std::string>& open_corrections);

}  // namespace esep::results
