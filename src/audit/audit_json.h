// AuditJson: the audit document for machines, as `esep audit --format json` prints it and
// report.json holds it (docs/formats/audit-report.md). Pure; thread-safe.

#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "audit/audit_document.h"

namespace esep::audit {

// The round-number test's keys at the top level with "published_checks" beside them, then
// "synthetic", "precinct_suite" (with "total_seconds"), "observers" and "pvt", each when present.
nlohmann::json AuditJson(const AuditDocument& document);

// AuditJson dumped with an indent of 2 and invalid UTF-8 replaced, ending with a newline.
std::string AuditJsonText(const AuditDocument& document);

}  // namespace esep::audit
