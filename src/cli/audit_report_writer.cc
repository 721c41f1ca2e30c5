#include "cli/audit_report_writer.h"

#include <chrono>
#include <filesystem>
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

constexpr std::string_view kReportNames[] = {report::kReportHtmlName, report::kReportJsonName};

}  // namespace

Status CheckAuditReportDirectory(const std::string& dir, const audit::AuditRequest& request,
                                 Overwrite overwrite) {
  const InputPath inputs[] = {{"DIR", request.directory},
                              {"--db", request.db},
                              {"--precincts", request.csv},
                              {"--mapping", request.mapping},
                              {"--observers", request.observers}};
  return CheckOutputDirectory({"--report", dir}, kReportNames, inputs, overwrite);
}

Status WriteAuditReport(const std::string& dir, const audit::AuditDocument& document) {
  const std::string json = audit::AuditJsonText(document);
  const std::string html = audit_report::AuditReportHtml(document, {.date = TodayUtc()});
  ASSIGN_OR_RETURN(AtomicDirectory staged, AtomicDirectory::Create(dir));
  RETURN_IF_ERROR(report::WriteReportFiles(staged.path(), html, json).status());
  RETURN_IF_ERROR(staged.Commit(kReportNames));
  const std::filesystem::path path(dir);
  std::cerr << fmt::format("Report written: {} and {}\n", (path / report::kReportHtmlName).string(),
                           (path / report::kReportJsonName).string());
  return OkStatus();
}

}  // namespace esep::cli
