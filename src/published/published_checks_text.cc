#include "published/published_checks_text.h"

#include <array>
#include <cstddef>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace esep::published {

namespace {

constexpr std::array kKinds = {CheckKind::kPercent,      CheckKind::kTurnout,
                               CheckKind::kSum,          CheckKind::kDistrictTotal,
                               CheckKind::kCrossContest, CheckKind::kTurnoutByHour};

std::string Location(const PublishedCheck& check) {
  return check.line > 0 ? fmt::format("{}:{} ({})", check.source, check.line, check.unit)
                        : fmt::format("{} ({})", check.source, check.unit);
}

std::string CheckText(const PublishedCheck& check) {
  std::vector<std::string> figures;
  for (const PublishedFigure& figure : check.figures) {
    figures.push_back(fmt::format("{} {}", figure.name, figure.value));
  }
  std::string out =
      fmt::format("  {} — {}: {}\n", Location(check), CheckKindName(check.kind), check.rule);
  out += fmt::format("    published figures: {}\n", fmt::join(figures, ", "));
  out +=
      fmt::format("    published: {}   esep recomputes: {}\n", check.published, check.recomputed);
  std::vector<std::string> apart;
  if (!check.difference_points.empty()) {
    apart.push_back(fmt::format("{} points", check.difference_points));
  }
  if (!check.difference_count.empty()) {
    apart.push_back(fmt::format("{} {}", check.difference_count, check.count_unit));
  }
  if (!apart.empty()) {
    out += fmt::format("    apart: {}; beyond the tolerance ({}): {} {}\n", fmt::join(apart, ", "),
                       check.tolerance, check.beyond_tolerance, check.count_unit);
  } else {
    out += fmt::format("    tolerance: {}\n", check.tolerance);
  }
  if (!check.note.empty()) {
    out += fmt::format("    {}\n", check.note);
  }
  return out;
}

}  // namespace

std::string PublishedChecksText(const std::vector<PublishedCheck>& checks) {
  size_t inconsistent = 0;
  for (const PublishedCheck& check : checks) {
    inconsistent += check.consistent ? 0 : 1;
  }
  std::string out =
      "Published figures (docs/forensics-published.md)\n"
      "Each published figure against the published figures it should follow from: printed\n"
      "percentages within the rounding their decimals show, sums exact, a region's district\n"
      "ballots at most its party-list ballots + 1 %. Decided in exact integer arithmetic.\n";
  out += fmt::format("  {} checks: {} consistent, {} inconsistent\n", checks.size(),
                     checks.size() - inconsistent, inconsistent);
  for (CheckKind kind : kKinds) {
    size_t total = 0;
    size_t consistent = 0;
    for (const PublishedCheck& check : checks) {
      if (check.kind == kind) {
        ++total;
        consistent += check.consistent ? 1 : 0;
      }
    }
    if (total > 0) {
      out += fmt::format("    {:<16} {:>4} of {:>4} consistent\n", CheckKindName(kind), consistent,
                         total);
    }
  }
  if (inconsistent > 0) {
    out += "Inconsistent:\n";
    for (const PublishedCheck& check : checks) {
      if (!check.consistent) {
        out += CheckText(check);
      }
    }
  }
  out += "\n";
  return out;
}

nlohmann::json PublishedChecksJson(const std::vector<PublishedCheck>& checks) {
  nlohmann::json out = nlohmann::json::array();
  for (const PublishedCheck& check : checks) {
    nlohmann::json figures = nlohmann::json::array();
    for (const PublishedFigure& figure : check.figures) {
      figures.push_back({{"name", figure.name}, {"value", figure.value}});
    }
    out.push_back({
        {"kind", CheckKindName(check.kind)},
        {"source", check.source},
        {"line", check.line},
        {"unit", check.unit},
        {"rule", check.rule},
        {"figures", figures},
        {"published", check.published},
        {"recomputed", check.recomputed},
        {"exact", check.exact},
        {"difference_points", check.difference_points},
        {"difference_count", check.difference_count},
        {"count_unit", check.count_unit},
        {"beyond_tolerance", check.beyond_tolerance},
        {"tolerance", check.tolerance},
        {"note", check.note},
        {"consistent", check.consistent},
    });
  }
  return out;
}

}  // namespace esep::published
