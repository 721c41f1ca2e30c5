// WriteAuditReport: `esep audit --report DIR` — the audit's JSON document as DIR/report.json and
// the HTML report built from it (audit_report/audit_report.h) as DIR/report.html. Not thread-safe
// (it writes files).

#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace esep::cli {

// Writes `document` (dumped with indent 2, invalid UTF-8 replaced) to dir/report.json and its
// HTML report, dated today (UTC), to dir/report.html, each atomically; creates `dir` if needed.
// Prints the two paths to stderr. Errors: kUnavailable naming the path when a file cannot be
// written.
Status WriteAuditReport(const std::string& dir, const nlohmann::json& document);

}  // namespace esep::cli
