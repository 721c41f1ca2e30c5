// Audit: one whole `esep audit` — the published tables, the precinct suite and the observers'
// records, whichever the source has — as audit::RunAudit computes it, with the store loader
// the audit needs for `db` sources: the store is opened read-only in effect, its definition
// checked against its SHA-256, and its accepted protocols collected into a precinct table.
//
// Example:
//   ASSIGN_OR_RETURN(audit::AuditDocument document, Audit({.db = "results.db"}));

#pragma once

#include <string>

#include "audit/audit_document.h"
#include "audit/audit_request.h"
#include "base/result.h"
#include "base/work_control.h"
#include "fingerprints/eftoolkit_table.h"
#include "fingerprints/klimek_published.h"
#include "precincts/precinct_table.h"

namespace esep::service {

// The precinct table of the accepted protocols of the store at `path`. The source is `path`;
// synthetic when the stored definition is. kNotFound / kFailedPrecondition / kDataLoss as
// LoadStoredElection.
Result<precincts::PrecinctTable> PrecinctTableFromStore(const std::string& path);

// What the store at `path` records as wrong (audit/store_findings.h): every rejected submission
// with its reason, the open corrections, the summary protocols that differ from the sum of their
// precincts (the result recomputed as `esep report` does) and accepted protocols the definition
// cannot tabulate. Errors as PrecinctTableFromStore. Reads every submission when any was
// rejected (the store offers no look-up of the rejected ones alone).
Result<audit::StoreFindings> StoreFindingsFromStore(const std::string& path);

// audit::RunAudit(request) with `load_store` set to PrecinctTableFromStore and
// `load_store_findings` to StoreFindingsFromStore when the request does not bring its own. The
// control's progress gets each stage's name as its task; cancellation is checked before each stage
// (kCancelled).
Result<audit::AuditDocument> Audit(audit::AuditRequest request, const WorkControl& control = {});

// audit::RunEftoolkitAudit with the same store loader.
Result<fingerprints::EftoolkitTable> EftoolkitAudit(audit::AuditRequest request,
                                                    fingerprints::EftoolkitLevel level,
                                                    fingerprints::EftoolkitBootstrap bootstrap);

// audit::RunKlimek2012Audit with the same store loader.
Result<fingerprints::Klimek2012Table> Klimek2012Audit(
    audit::AuditRequest request, const fingerprints::Klimek2012Options& options);

}  // namespace esep::service
