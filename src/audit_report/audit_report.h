// AuditReportHtml: the self-contained HTML report of `esep audit --report DIR`, built from the
// audit's JSON document alone (the one `--format json` prints), so that report.html can never
// disagree with report.json. Pure; thread-safe.
//
// Example:
//   nlohmann::json document = ...;  // {"published_checks": ..., "precinct_suite": ...}
//   std::string html = AuditReportHtml(document, {.date = "2026-11-22", .esep_version = "0.4.0"});
//   RETURN_IF_ERROR(report::WriteReportFiles(dir, html, document.dump(2)).status());

#pragma once

#include <string>

#include <nlohmann/json.hpp>

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
// then one section per part of the document that is present: the published figures' checks
// ("published_checks"), the round-number test ("national_0_1_percent", ...), the
// precinct-level suite ("precinct_suite": each section's numbers, tables and figures), the
// observers' comparison ("observers") and the quick count ("pvt"). Parts missing from the
// document are skipped; keys of the wrong type are read as missing, never a crash. Every
// figure has a title, axis labels and a one-sentence reading guide. Deterministic.
std::string AuditReportHtml(const nlohmann::json& document, const AuditReportContext& context);

}  // namespace esep::audit_report
