// AuditDocument: everything one `esep audit` run found, as typed data. Text, JSON and HTML are
// renderings of it (audit/audit_text.h, audit/audit_json.h, audit_report/audit_report.h), so the
// three always hold the same numbers. Built by RunAudit (audit/run_audit.h); a plain value,
// safe to share between threads once built.

#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit/store_findings.h"
#include "fingerprints/precinct_suite.h"
#include "observers/observer_comparison.h"
#include "observers/parallel_vote_tabulation.h"
#include "published/party_list_audit.h"
#include "published/published_checks.h"

namespace esep::audit {

// The published tables' part: every published figure checked against the others it should
// follow from (docs/forensics-published.md), and the round-number test of the party-list
// shares (docs/forensics.md).
struct PublishedAudit {
  std::string source;  // the party-list table the round-number test read
  double alpha = 0.01;
  std::vector<published::PublishedCheck> checks;
  published::PartyListAudit round_numbers;
};

// The observers' part: their records compared with the official protocols, and the parallel
// vote tabulation from their copies (docs/forensics-pvt.md).
struct ObserversAudit {
  observers::ObserverComparison comparison;
  observers::PvtResult pvt;
};

// Wall times: volatile, never part of a result; renderers print them apart from the findings.
struct AuditTimings {
  double precinct_suite_seconds = 0;  // the whole precinct suite (each section has its own)
};

struct AuditDocument {
  // The election definition's synthetic flag; set only when the source is an election
  // directory (a store or a mapped CSV says so in the precinct suite's header instead).
  std::optional<bool> definition_synthetic;
  std::optional<PublishedAudit> published;
  std::optional<fingerprints::PrecinctSuite> precinct_suite;
  std::optional<ObserversAudit> observers;  // only with a precinct suite
  std::optional<StoreFindings> store;       // only for a store (--db)
  AuditTimings timings;

  // True when any part says its data is made up (the definition, the precinct table, the
  // observers' file).
  bool synthetic() const;
};

}  // namespace esep::audit
