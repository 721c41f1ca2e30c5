// The parts of the audit report (audit_report.h), one file each: the published figures and the
// round-number test (audit_report_published.cc), the precinct suite's sections
// (audit_report_precincts.cc) and figures (audit_report_figures.cc), the observers and the
// quick count (audit_report_observers.cc). Each reads its part of the typed audit document; a
// precinct-suite section's statistic is read from the numbers the section carries
// (SuiteSection::json), through safe readers that never throw. Internal to the audit report.
// Pure; thread-safe.

#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/audit_document.h"
#include "report/html_page.h"

namespace esep::audit_report::internal {

using Json = nlohmann::json;

// `object[key]` when `object` is an object holding `key`, otherwise a null value.
const Json& Member(const Json& object, std::string_view key);
// The member as a number, string, bool or array, or `fallback` / "" / false / an empty array
// when it is missing or of another type.
double Number(const Json& object, std::string_view key, double fallback = 0);
bool HasNumber(const Json& object, std::string_view key);
std::string Text(const Json& object, std::string_view key);
bool Truth(const Json& object, std::string_view key);
const Json& Array(const Json& object, std::string_view key);
// The numbers of an array member (non-numbers read as 0).
std::vector<double> Numbers(const Json& object, std::string_view key);

// A p-value as printed: "0.0123", "3.4e-08", or "n/a" for null.
std::string PValueText(const Json& value);
// A number with `digits` significant digits ("0.0123", "1.2e+05").
std::string Significant(double value, int digits = 4);
// A share in [0, 1] as a percentage with `decimals` decimals: "53.9 %".
std::string PercentText(double share, int decimals = 1);
// A member rendered as a table cell: numbers with 4 significant digits (integers whole),
// strings as they are, bools yes/no, null as "—".
std::string Cell(const Json& value);

// At most this many rows in one table; the JSON file holds the rest.
inline constexpr size_t kMaxTableRows = 50;

void PublishedFindings(const audit::PublishedAudit& audit,
                       std::vector<report::FindingBox>& findings);
void AddPublishedSections(const audit::PublishedAudit& audit, report::HtmlPage& page);

void PrecinctFindings(const fingerprints::PrecinctSuite& suite,
                      std::vector<report::FindingBox>& findings);
void AddPrecinctSections(const fingerprints::PrecinctSuite& suite, report::HtmlPage& page);

// The figures of one precinct-suite section's "result".
void AddKlimekFigures(const Json& result, report::HtmlPage& page);
void AddIntegerPercentageFigures(const Json& result, report::HtmlPage& page);
void AddDigitFigures(const Json& result, report::HtmlPage& page);
// The per-precinct distribution of a risk indicator's share (its "histogram_percent_bins").
void AddRiskHistogram(const Json& section, report::HtmlPage& page);

void ObserverFindings(const audit::ObserversAudit& observers,
                      std::vector<report::FindingBox>& findings);
void AddObserverSections(const audit::ObserversAudit& observers, report::HtmlPage& page);

}  // namespace esep::audit_report::internal
