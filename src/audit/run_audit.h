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

namespace esep::audit {

// Errors: kInvalidArgument when the request names no source or several, --csv without its
// mapping (or the reverse), observers without precincts, a directory with neither a party-list
// table nor protocols, or a bad input file (the message names the file, line and column);
// kNotFound for a missing file; kUnavailable when `control.cancelled` returns true (the
// message says the audit was cancelled); the loaders' errors otherwise.
Result<AuditDocument> RunAudit(const AuditRequest& request, const AuditControl& control = {});

}  // namespace esep::audit
