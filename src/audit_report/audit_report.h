// AuditReportHtml: the self-contained HTML report of `esep audit --report DIR`, a rendering of
// the typed audit document (audit/audit_document.h) beside its text and JSON renderings, so
// that report.html can never disagree with report.json. Pure; thread-safe.
//
// Example:
//   ASSIGN_OR_RETURN(audit::AuditDocument document, audit::RunAudit(request));
//   std::string html = AuditReportHtml(document, {.date = "2026-11-22", .esep_version = "0.4.0"});
//   RETURN_IF_ERROR(
//       report::WriteReportFiles(dir, html, audit::AuditJsonText(document)).status());

#pragma once

#include <string>

#include "audit/audit_document.h"

namespace esep::audit_report {

// What the report says besides the document's numbers.
struct AuditReportContext {
  std::string title = "Election integrity audit";
  std::string date;          // printed as given; the function never reads the clock
  std::string esep_version;  // in the footer when not empty
  std::string json_file = "report.json";
};

// The report as one UTF-8 HTML5 document: a header (the source, the date, a SYNTHETIC banner
// when the document says its data are synthetic), a summary of every finding first (each
// flagged or inconsistent item in plain words: a reason to look closer, not proof of fraud),
// then one section per part of the document that is present: the published figures' checks,
// the round-number test, the precinct-level suite (each section's numbers, tables and
// figures), the observers' comparison and the quick count. Parts missing from the document are
// skipped; a section's numbers of the wrong type are read as missing, never a crash. Every
// figure has a title, axis labels and a one-sentence reading guide. Deterministic.
std::string AuditReportHtml(const audit::AuditDocument& document,
                            const AuditReportContext& context);

}  // namespace esep::audit_report
