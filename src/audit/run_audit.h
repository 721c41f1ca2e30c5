// RunAudit: one whole `esep audit` as a library call — the published tables, the precinct suite
// and the observers' records, whichever the source has — returning the typed document. Prints
// nothing and keeps no state, so a command and a server call it alike; thread-safe for
// distinct requests.
//
// Example:
//   ASSIGN_OR_RETURN(audit::AuditDocument document,
//                    audit::RunAudit({.directory = "data/elections/kz-majilis-2023"}));
//   std::cout << audit::AuditText(document);

#pragma once

#include "audit/audit_document.h"
#include "audit/audit_request.h"
#include "base/result.h"
#include "base/work_control.h"
#include "fingerprints/eftoolkit_table.h"
#include "fingerprints/klimek_published.h"

namespace esep::audit {

// Errors: kInvalidArgument when the request names no source or several, --csv without its
// mapping (or the reverse), observers without precincts, a directory with neither a party-list
// table nor protocols, or a bad input file (the message names the file, line and column);
// kNotFound for a missing file; kCancelled when the control is cancelled before a stage; the
// loaders' errors otherwise. Each stage is reported to the control as it starts.
Result<AuditDocument> RunAudit(const AuditRequest& request, const WorkControl& control = {});

// `esep audit --method-preset eftoolkit`: EFToolkit's BasicElectionForensics table
// (fingerprints/eftoolkit_table.h) of the request's precinct table by `level`, in place of the
// whole audit. The table is read as RunAudit reads it (the same sources, special commissions
// marked); errors as RunAudit's for the sources and the table, and RunEftoolkitTable's.
Result<fingerprints::EftoolkitTable> RunEftoolkitAudit(const AuditRequest& request,
                                                       fingerprints::EftoolkitLevel level,
                                                       fingerprints::EftoolkitBootstrap bootstrap);

// `esep audit --method-preset klimek2012`: Klimek et al.'s fit as the authors' program computes
// it (fingerprints/klimek_published.h) on the request's precinct table, in place of the whole
// audit. The table is read as RunAudit reads it; errors as RunAudit's for the sources and the
// table, and RunKlimek2012's.
Result<fingerprints::Klimek2012Table> RunKlimek2012Audit(
    const AuditRequest& request, const fingerprints::Klimek2012Options& options);

}  // namespace esep::audit
