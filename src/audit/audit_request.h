// AuditRequest: what RunAudit (audit/run_audit.h) audits and how, as plain data a command or a
// server fills in; the stages RunAudit reports to the caller's WorkControl. Plain values.

#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "audit/store_findings.h"
#include "base/result.h"
#include "fingerprints/integer_percentages.h"
#include "precincts/column_mapping.h"
#include "precincts/precinct_table.h"

namespace esep::audit {

// Opens a store and returns the precinct table of its accepted protocols. A callback because
// opening a store (and checking its definition's SHA-256) is the caller's business; the audit
// depends on no storage code.
using StorePrecinctLoader = std::function<Result<precincts::PrecinctTable>(const std::string&)>;
// Opens a store and returns what it records as wrong (audit/store_findings.h): a callback for
// the same reason.
using StoreFindingsLoader = std::function<Result<StoreFindings>(const std::string&)>;

// Exactly one source: `directory`, `db` or `csv` (with `mapping`).
struct AuditRequest {
  // An election directory (resolved: a path, not a bundled id): its published tables, and the
  // precinct suite when it holds protocols.csv.
  std::string directory;
  std::string db;  // a store: the precinct suite on its accepted protocols (needs load_store)
  StorePrecinctLoader load_store;
  StoreFindingsLoader load_store_findings;  // when set, a `db` audit reports them too
  std::string csv;                          // any commission's per-precinct CSV ...
  std::string mapping;  // ... read through this column mapping (docs/formats/column-mapping.md)
  precincts::RowErrors row_errors = precincts::RowErrors::kSkip;  // a bad CSV row: skip or stop
  bool csv_synthetic = false;  // label the CSV's data synthetic whatever the mapping says
  // Observers' records (docs/formats/observers-csv.md); empty: the directory's observers.csv
  // when there is one.
  std::string observers;
  // Special commissions of any source, by patterns on the precinct id and on its commission's
  // name (precincts/special_commissions.h): set apart by the turnout-by-commission test. ""
  // for none; a mapping's own "special" rule applies as well.
  std::string special_id_pattern;
  std::string special_group_pattern;
  double alpha = 0.01;     // the round-number test as a whole, and each precinct section
  size_t max_listed = 20;  // rows a text section lists (the JSON lists all)
  // A published method's definitions for the precinct suite (fingerprints/method_presets.h,
  // e.g. "kobak2016"), or "" for esep's defaults. An unknown name is kInvalidArgument.
  std::string method_preset;
  // Integer-percentage settings given one by one: each that is set replaces the default's or
  // the preset's.
  fingerprints::IntegerPercentagesSettings integer_percentages;
};

// The stages of an audit, in the order they run (a stage a source lacks is skipped). RunAudit
// reports each as it starts, as the task of a Progress (base/work_control.h) named by
// AuditStageName, done = the stage's number (1 to 4) of total = 4.
enum class AuditStage { kPublishedTables, kPrecinctTable, kPrecinctSuite, kObservers };
inline constexpr int kAuditStages = 4;

// "published tables", "precinct table", "precinct suite", "observers".
std::string_view AuditStageName(AuditStage stage);

}  // namespace esep::audit
