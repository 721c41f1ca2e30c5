// The parts of the audit report (audit_report.h), one file each: the published figures and the
// round-number test (audit_report_published.cc), the precinct suite's sections
// (audit_report_precincts.cc) and figures (audit_report_figures.cc), the observers and the
// quick count (audit_report_observers.cc). Each reads its part of the typed audit document; a
// precinct-suite section's statistic is read from the typed result the section carries
// (fingerprints::SuiteSection::result). Internal to the audit report. Pure; thread-safe.

#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_document.h"
#include "fingerprints/digit_tests.h"
#include "fingerprints/integer_percentages.h"
#include "fingerprints/klimek_fingerprint.h"
#include "fingerprints/risk_indicators.h"
#include "report/html_page.h"

namespace esep::audit_report::internal {

// A p-value as printed: "0.0123", "3.4e-08", or "n/a" for none.
std::string PValueText(std::optional<double> p);
// A number with `digits` significant digits ("0.0123", "1.2e+05").
std::string Significant(double value, int digits = 4);
// A share in [0, 1] as a percentage with `decimals` decimals: "53.9 %".
std::string PercentText(double share, int decimals = 1);
// A flag as a table cell: "yes" or "no".
std::string YesNo(bool value);

// At most this many rows in one table; the JSON file holds the rest.
inline constexpr size_t kMaxTableRows = 50;

void PublishedFindings(const audit::PublishedAudit& audit,
                       std::vector<report::FindingBox>& findings);
void AddPublishedSections(const audit::PublishedAudit& audit, report::HtmlPage& page);

void PrecinctFindings(const fingerprints::PrecinctSuite& suite,
                      std::vector<report::FindingBox>& findings);
void AddPrecinctSections(const fingerprints::PrecinctSuite& suite, report::HtmlPage& page);

// The figures of one precinct-suite section's statistic.
void AddKlimekFigures(const fingerprints::KlimekFingerprint& fingerprint, report::HtmlPage& page);
void AddIntegerPercentageFigures(const fingerprints::IntegerPercentages& result,
                                 report::HtmlPage& page);
void AddDigitFigures(const fingerprints::DigitTests& result, report::HtmlPage& page);
// The per-precinct distribution of a risk indicator's share (its histogram by whole percent).
void AddRiskHistogram(const fingerprints::RiskIndicator& indicator, report::HtmlPage& page);

void ObserverFindings(const audit::ObserversAudit& observers,
                      std::vector<report::FindingBox>& findings);
void AddObserverSections(const audit::ObserversAudit& observers, report::HtmlPage& page);

}  // namespace esep::audit_report::internal
