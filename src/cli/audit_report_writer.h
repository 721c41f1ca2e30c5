// WriteAuditReport: `esep audit --report DIR` — the audit document as DIR/report.json (the
// --format json text) and DIR/report.html (audit_report/audit_report.h). Not thread-safe (it
// writes files and prints to stderr).

#pragma once

#include <string>

#include "audit/audit_document.h"
#include "audit/audit_request.h"
#include "base/output_file.h"
#include "base/status.h"

namespace esep::cli {

// OK when `dir` may receive the report: kAlreadyExists when it is not empty and `overwrite` is
// kRefuse, kInvalidArgument when it (or a file the report writes) is one of the audit's inputs.
// Checked before the audit runs, so a refusal costs nothing.
Status CheckAuditReportDirectory(const std::string& dir, const audit::AuditRequest& request,
                                 Overwrite overwrite);

// Writes the document's JSON to dir/report.json and its HTML report, dated today (UTC), to
// dir/report.html; both appear together (staged beside `dir` and moved into place), and `dir` is
// created if needed. Prints the two paths to stderr. Errors: kUnavailable naming the path when a
// file cannot be written.
Status WriteAuditReport(const std::string& dir, const audit::AuditDocument& document);

}  // namespace esep::cli
