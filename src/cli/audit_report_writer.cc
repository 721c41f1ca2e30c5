#include "cli/audit_report_writer.h"

#include <chrono>
#include <iostream>
#include <string>

#include <fmt/format.h>

#include "audit/audit_json.h"
#include "audit_report/audit_report.h"
#include "base/result.h"
#include "report/html_page.h"

namespace esep::cli {

namespace {

std::string TodayUtc() {
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day date{today};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

}  // namespace

Status WriteAuditReport(const std::string& dir, const audit::AuditDocument& document) {
  const std::string json = audit::AuditJsonText(document);
  const std::string html = audit_report::AuditReportHtml(document, {.date = TodayUtc()});
  ASSIGN_OR_RETURN(const report::ReportFiles files, report::WriteReportFiles(dir, html, json));
  std::cerr << fmt::format("Report written: {} and {}\n", files.html.string(), files.json.string());
  return OkStatus();
}

}  // namespace esep::cli
