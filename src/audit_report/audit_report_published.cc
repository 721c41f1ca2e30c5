// The audit report's published-figures part: the checks of the published figures against each
// other (docs/forensics-published.md) and the round-number test (docs/forensics.md).

#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "audit_report/audit_report_parts.h"
#include "base/fraction.h"
#include "base/text.h"
#include "published/party_list_audit_text.h"

namespace esep::audit_report::internal {

namespace {

using published::PublishedCheck;
using published::RoundNumberTest;
using published::ShareCloseness;
using report::Align;
using report::FindingBox;
using report::FindingSeverity;
using report::HtmlTable;

std::string CheckTitle(const PublishedCheck& check) {
  return fmt::format("{} check of {} ({}, line {})", published::CheckKindName(check.kind),
                     check.unit, check.source, check.line);
}

std::string CheckText(const PublishedCheck& check) {
  std::string text = fmt::format(
      "Published **{}**, recomputed from the other published figures **{}** under the rule "
      "`{}` (tolerance: {}).",
      check.published, check.recomputed, check.rule, check.tolerance);
  if (!check.note.empty()) {
    text += fmt::format(" {}", check.note);
  }
  return text;
}

FindingBox CheckFinding(const PublishedCheck& check) {
  return {.severity = FindingSeverity::kInconsistent,
          .title = CheckTitle(check),
          .text = CheckText(check)};
}

std::vector<const PublishedCheck*> InconsistentChecks(const audit::PublishedAudit& audit) {
  std::vector<const PublishedCheck*> out;
  for (const PublishedCheck& check : audit.checks) {
    if (!check.consistent) {
      out.push_back(&check);
    }
  }
  return out;
}

// The four round-number tests, with their titles.
struct RoundTest {
  const char* title;
  const RoundNumberTest& test;
};
std::vector<RoundTest> RoundTests(const published::PartyListAudit& audit) {
  return {{"National shares, 0.1 % grid", audit.national_01},
          {"National shares, 0.01 % grid", audit.national_001},
          {"Regions pooled, 0.1 % grid", audit.regions_01},
          {"Regions pooled, 0.01 % grid", audit.regions_001}};
}

std::string FlagThreshold(const audit::PublishedAudit& audit) {
  return Significant(audit.alpha / published::kAuditTests);
}

std::string PValue(long double p) { return Significant(static_cast<double>(p), 3); }

std::string CloseOf(const RoundNumberTest& test) {
  return fmt::format("{} of {}", test.close_count, test.shares.size());
}

void AddChecksSection(const audit::PublishedAudit& audit, report::HtmlPage& page) {
  page.AddSection("Published figures checked against each other");
  page.AddParagraph(
      "Every published figure that follows from others (percentages within their printed "
      "rounding, turnout, sums, the district contests against the party list) is recomputed and "
      "compared. An inconsistency is a fact about the published tables, to be explained by the "
      "commission: a typing error, a late correction, or figures that were not counted.");
  std::map<std::string, std::pair<int, int>> by_kind;  // kind -> (checked, inconsistent)
  for (const PublishedCheck& check : audit.checks) {
    auto& [checked, inconsistent] = by_kind[std::string(published::CheckKindName(check.kind))];
    ++checked;
    inconsistent += check.consistent ? 0 : 1;
  }
  HtmlTable counts{
      .caption = "Checks by kind",
      .columns = {
          {"kind", Align::kLeft}, {"checked", Align::kRight}, {"inconsistent", Align::kRight}}};
  for (const auto& [kind, numbers] : by_kind) {
    counts.rows.push_back({kind, std::to_string(numbers.first), std::to_string(numbers.second)});
  }
  page.AddTable(counts);
  const std::vector<const PublishedCheck*> inconsistent = InconsistentChecks(audit);
  if (inconsistent.empty()) {
    page.AddParagraph(fmt::format("All {} checks agree.", audit.checks.size()));
    return;
  }
  HtmlTable table{.caption = fmt::format("The {} inconsistent checks", inconsistent.size()),
                  .columns = {{"kind", Align::kLeft},
                              {"unit", Align::kLeft},
                              {"source:line", Align::kLeft},
                              {"rule", Align::kLeft},
                              {"published", Align::kRight},
                              {"recomputed", Align::kRight},
                              {"difference", Align::kRight}}};
  for (size_t k = 0; k < inconsistent.size(); ++k) {
    const PublishedCheck& check = *inconsistent[k];
    if (k < kMaxTableRows) {
      page.AddFinding(CheckFinding(check));
    }
    std::string difference = check.difference_count;
    if (difference.empty() || difference == "0") {
      difference = check.difference_points;
    }
    table.rows.push_back({std::string(published::CheckKindName(check.kind)), check.unit,
                          fmt::format("{}:{}", check.source, check.line), check.rule,
                          check.published, check.recomputed, difference});
  }
  page.AddTable(table);
}

HtmlTable SharesTable(const RoundNumberTest& test, const std::string& title) {
  HtmlTable table{.caption = fmt::format("{}: each share's distance to the grid", title),
                  .columns = {{"share", Align::kLeft},
                              {"votes", Align::kRight},
                              {"base", Align::kRight},
                              {"share %", Align::kRight},
                              {"grid %", Align::kRight},
                              {"distance (votes)", Align::kRight},
                              {"close", Align::kLeft},
                              {"P(as close)", Align::kRight}}};
  for (const ShareCloseness& c : test.shares) {
    const double p = static_cast<double>(c.p_at_least_as_close.numerator()) /
                     static_cast<double>(c.p_at_least_as_close.denominator());
    table.rows.push_back({c.share.label, std::to_string(c.share.votes),
                          std::to_string(c.share.base),
                          FormatPercent(c.share.votes, c.share.base, 6),
                          published::GridPointPercent(c.nearest_point, test.steps_per_unit),
                          Fraction(c.scaled_distance, test.steps_per_unit).ToDecimal(3),
                          c.close ? "yes" : "no", Significant(p)});
  }
  return table;
}

void AddRoundNumberSection(const audit::PublishedAudit& audit, report::HtmlPage& page) {
  const published::PartyListAudit& result = audit.round_numbers;
  const std::vector<RoundTest> round_tests = RoundTests(result);
  page.AddSection("Round numbers in the published shares");
  page.AddParagraph(fmt::format(
      "Each party's share of {} is compared with the nearest point of a 0.1 % and a 0.01 % "
      "grid. Under the null, within a grid step every vote count is equally likely; a share is "
      "**close** when it lies within 1/20 of a step, which happens by chance to 1 share in 10. "
      "Flagged when the smallest of the {} p-values is at most alpha / {} = {}.",
      published::kShareBase, published::kAuditTests, published::kAuditTests, FlagThreshold(audit)));
  HtmlTable tests{.caption = "The four tests",
                  .columns = {{"test", Align::kLeft},
                              {"close shares", Align::kRight},
                              {"expected by chance", Align::kRight},
                              {"p-value", Align::kRight}}};
  for (const RoundTest& round : round_tests) {
    tests.rows.push_back({round.title, CloseOf(round.test),
                          Significant(static_cast<double>(round.test.expected_close), 3),
                          PValue(round.test.p_value)});
  }
  page.AddTable(tests);
  page.AddParagraph(fmt::format(
      "Smallest p-value: {}; {}.", PValue(result.smallest_p),
      result.flagged ? "**flagged**: more round shares than chance explains" : "not flagged"));
  page.AddTable(SharesTable(result.national_01, round_tests[0].title));
  page.AddTable(SharesTable(result.national_001, round_tests[1].title));
  HtmlTable regions{.caption = "By region (descriptive; not part of the flag)",
                    .columns = {{"region", Align::kLeft},
                                {"close at 0.1 %", Align::kRight},
                                {"p", Align::kRight},
                                {"close at 0.01 %", Align::kRight},
                                {"p", Align::kRight}}};
  for (const published::RegionTests& region : result.by_region) {
    regions.rows.push_back({region.region, CloseOf(region.grid_01), PValue(region.grid_01.p_value),
                            CloseOf(region.grid_001), PValue(region.grid_001.p_value)});
  }
  page.AddTable(regions);
  page.AddParagraph(
      "The regions' shares one by one are in the JSON file (`regions_0_1_percent`, "
      "`regions_0_01_percent`, `by_region`).");
}

}  // namespace

void PublishedFindings(const audit::PublishedAudit& audit, std::vector<FindingBox>& findings) {
  const std::vector<const PublishedCheck*> inconsistent = InconsistentChecks(audit);
  if (!inconsistent.empty()) {
    FindingBox box{.severity = FindingSeverity::kInconsistent,
                   .title = fmt::format("{} published figure(s) disagree with the others",
                                        inconsistent.size()),
                   .text =
                       "These published figures do not follow from the other published "
                       "figures they should follow from; the commission should explain "
                       "each. Details in the section on the published figures."};
    for (size_t k = 0; k < inconsistent.size() && k < 10; ++k) {
      box.details.push_back(fmt::format("{}: published {}, recomputed {}",
                                        CheckTitle(*inconsistent[k]), inconsistent[k]->published,
                                        inconsistent[k]->recomputed));
    }
    if (inconsistent.size() > 10) {
      box.details.push_back(fmt::format("... and {} more", inconsistent.size() - 10));
    }
    findings.push_back(std::move(box));
  }
  const published::PartyListAudit& result = audit.round_numbers;
  if (result.flagged) {
    FindingBox box{
        .severity = FindingSeverity::kLookCloser,
        .title = "More round published shares than chance explains",
        .text = fmt::format("The published shares lie closer to round percentages than vote counts "
                            "do by chance (smallest p-value {}, threshold {}). Look closer at how "
                            "the shares were obtained: figures written to a target, or rounded "
                            "figures keyed back into the tables, both produce this.",
                            PValue(result.smallest_p), FlagThreshold(audit))};
    for (const RoundTest& round : RoundTests(result)) {
      box.details.push_back(fmt::format(
          "{}: {} of {} close (chance: {}), p = {}", round.title, round.test.close_count,
          round.test.shares.size(), Significant(static_cast<double>(round.test.expected_close), 3),
          PValue(round.test.p_value)));
    }
    findings.push_back(std::move(box));
  }
}

void AddPublishedSections(const audit::PublishedAudit& audit, report::HtmlPage& page) {
  AddChecksSection(audit, page);
  AddRoundNumberSection(audit, page);
}

}  // namespace esep::audit_report::internal
