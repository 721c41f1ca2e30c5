// WriteAuditReport: `esep audit --report DIR` — the audit document as DIR/report.json (the
// --format json text) and DIR/report.html (audit_report/audit_report.h). Not thread-safe (it
// writes files and prints to stderr).

#pragma once

#include <string>

#include "audit/audit_document.h"
#include "base/status.h"

namespace esep::cli {

// Writes the document's JSON to dir/report.json and its HTML report, dated today (UTC), to
// dir/report.html, each atomically; creates `dir` if needed. Prints the two paths to stderr.
// Errors: kUnavailable naming the path when a file cannot be written.
Status WriteAuditReport(const std::string& dir, const audit::AuditDocument& document);

}  // namespace esep::cli
