// Imports the precinct commissions' turnout reports of election day from CSV files
// (docs/formats/turnout-csv.md) into a store, after checking that each belongs to the election:
// its commission is a precinct commission of the definition and its time one of the rule set's
// report times (docs/law.md, section 14). The store decides the rest (storage/store.h,
// SubmitTurnout: versions, corrections with a decision, the cumulative rule). What
// `esep import --turnout` does.
//
// Thread-compatible; uses the store given.

#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "base/result.h"
#include "law/rule_set.h"
#include "model/election_definition.h"
#include "storage/store.h"

namespace esep::service {

struct TurnoutImportCounts {
  int64_t files = 0;
  int64_t rows = 0;         // data rows read
  int64_t accepted = 0;     // new versions stored (first reports and corrections)
  int64_t corrections = 0;  // of which corrections (version 2 or later)
  int64_t unchanged = 0;    // identical to the stored version
  int64_t rejected = 0;     // rejected by the store, or rows that are not reports (not stored)
};

// Why `report` does not belong to the election of `definition` under `rule_set`, one sentence,
// or "" when it does. Such a report is still submitted, refused (TurnoutSubmission::refusal), so
// that it is kept.
std::string TurnoutRefusal(const protocol::TurnoutReport& report,
                           const model::ElectionDefinition& definition,
                           const law::RuleSet& rule_set);

// Reads every file of `paths` and submits its reports to `store`, one batch (one transaction)
// per file. Every rejected row's reason, "file:line: ...", goes to `on_rejection`. Errors: a file
// that cannot be read or whose header is not a turnout file's (kNotFound, kInvalidArgument,
// naming the file; the files before it are stored), and the store's errors.
Result<TurnoutImportCounts> ImportTurnoutFiles(
    storage::Store& store, const model::ElectionDefinition& definition,
    const law::RuleSet& rule_set, std::span<const std::string> paths,
    const std::function<void(const std::string&)>& on_rejection);

}  // namespace esep::service
