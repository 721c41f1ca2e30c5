// The audit report's published-figures part: the checks of the published figures against each
// other (docs/forensics-published.md) and the round-number test (docs/forensics.md).

#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "audit_report/audit_report_parts.h"

namespace esep::audit_report::internal {

namespace {

using report::Align;
using report::FindingBox;
using report::FindingSeverity;
using report::HtmlTable;

std::string CheckTitle(const Json& check) {
  return fmt::format("{} check of {} ({}, line {})", Text(check, "kind"), Text(check, "unit"),
                     Text(check, "source"), Cell(Member(check, "line")));
}

std::string CheckText(const Json& check) {
  std::string text = fmt::format(
      "Published **{}**, recomputed from the other published figures **{}** under the rule "
      "`{}` (tolerance: {}).",
      Text(check, "published"), Text(check, "recomputed"), Text(check, "rule"),
      Text(check, "tolerance"));
  if (const std::string note = Text(check, "note"); !note.empty()) {
    text += fmt::format(" {}", note);
  }
  return text;
}

FindingBox CheckFinding(const Json& check) {
  return {.severity = FindingSeverity::kInconsistent,
          .title = CheckTitle(check),
          .text = CheckText(check)};
}

std::vector<const Json*> InconsistentChecks(const Json& document) {
  std::vector<const Json*> out;
  for (const Json& check : Array(document, "published_checks")) {
    if (Member(check, "consistent").is_boolean() && !Truth(check, "consistent")) {
      out.push_back(&check);
    }
  }
  return out;
}

// The four round-number tests, as (title, key).
struct RoundTest {
  const char* title;
  const char* key;
};
constexpr RoundTest kRoundTests[] = {
    {"National shares, 0.1 % grid", "national_0_1_percent"},
    {"National shares, 0.01 % grid", "national_0_01_percent"},
    {"Regions pooled, 0.1 % grid", "regions_0_1_percent"},
    {"Regions pooled, 0.01 % grid", "regions_0_01_percent"},
};

bool HasRoundNumbers(const Json& document) {
  return Member(document, "national_0_1_percent").is_object();
}

void AddChecksSection(const Json& document, report::HtmlPage& page) {
  const Json& checks = Array(document, "published_checks");
  if (!Member(document, "published_checks").is_array()) {
    return;
  }
  page.AddSection("Published figures checked against each other");
  page.AddParagraph(
      "Every published figure that follows from others (percentages within their printed "
      "rounding, turnout, sums, the district contests against the party list) is recomputed and "
      "compared. An inconsistency is a fact about the published tables, to be explained by the "
      "commission: a typing error, a late correction, or figures that were not counted.");
  std::map<std::string, std::pair<int, int>> by_kind;  // kind -> (checked, inconsistent)
  for (const Json& check : checks) {
    auto& [checked, inconsistent] = by_kind[Text(check, "kind")];
    ++checked;
    if (Member(check, "consistent").is_boolean() && !Truth(check, "consistent")) {
      ++inconsistent;
    }
  }
  HtmlTable counts{
      .caption = "Checks by kind",
      .columns = {
          {"kind", Align::kLeft}, {"checked", Align::kRight}, {"inconsistent", Align::kRight}}};
  for (const auto& [kind, numbers] : by_kind) {
    counts.rows.push_back({kind, std::to_string(numbers.first), std::to_string(numbers.second)});
  }
  page.AddTable(counts);
  const std::vector<const Json*> inconsistent = InconsistentChecks(document);
  if (inconsistent.empty()) {
    page.AddParagraph(fmt::format("All {} checks agree.", checks.size()));
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
    const Json& check = *inconsistent[k];
    if (k < kMaxTableRows) {
      page.AddFinding(CheckFinding(check));
    }
    std::string difference = Text(check, "difference_count");
    if (difference.empty() || difference == "0") {
      difference = Text(check, "difference_points");
    }
    table.rows.push_back({Text(check, "kind"), Text(check, "unit"),
                          fmt::format("{}:{}", Text(check, "source"), Cell(Member(check, "line"))),
                          Text(check, "rule"), Text(check, "published"), Text(check, "recomputed"),
                          difference});
  }
  page.AddTable(table);
}

HtmlTable SharesTable(const Json& test, const std::string& title) {
  HtmlTable table{.caption = fmt::format("{}: each share's distance to the grid", title),
                  .columns = {{"share", Align::kLeft},
                              {"votes", Align::kRight},
                              {"base", Align::kRight},
                              {"share %", Align::kRight},
                              {"grid %", Align::kRight},
                              {"distance (votes)", Align::kRight},
                              {"close", Align::kLeft},
                              {"P(as close)", Align::kRight}}};
  for (const Json& share : Array(test, "shares")) {
    table.rows.push_back({Text(share, "label"), Cell(Member(share, "votes")),
                          Cell(Member(share, "base")), Text(share, "share_percent"),
                          Text(share, "nearest_grid_point_percent"),
                          Text(share, "distance_votes_decimal"), Cell(Member(share, "close")),
                          Cell(Member(share, "p_at_least_as_close_decimal"))});
  }
  return table;
}

void AddRoundNumberSection(const Json& document, report::HtmlPage& page) {
  if (!HasRoundNumbers(document)) {
    return;
  }
  page.AddSection("Round numbers in the published shares");
  page.AddParagraph(fmt::format(
      "Each party's share of {} is compared with the nearest point of a 0.1 % and a 0.01 % "
      "grid. Under the null, within a grid step every vote count is equally likely; a share is "
      "**close** when it lies within 1/20 of a step, which happens by chance to 1 share in 10. "
      "Flagged when the smallest of the {} p-values is at most alpha / {} = {}.",
      Text(document, "share_base"), Cell(Member(document, "tests")),
      Cell(Member(document, "tests")), Cell(Member(document, "flag_threshold"))));
  HtmlTable tests{.caption = "The four tests",
                  .columns = {{"test", Align::kLeft},
                              {"close shares", Align::kRight},
                              {"expected by chance", Align::kRight},
                              {"p-value", Align::kRight}}};
  for (const RoundTest& round : kRoundTests) {
    const Json& test = Member(document, round.key);
    tests.rows.push_back({round.title,
                          fmt::format("{} of {}", Cell(Member(test, "close_count")),
                                      Cell(Member(test, "share_count"))),
                          Significant(Number(test, "expected_close"), 3),
                          PValueText(Member(test, "p_value"))});
  }
  page.AddTable(tests);
  page.AddParagraph(
      fmt::format("Smallest p-value: {}; {}.", PValueText(Member(document, "smallest_p")),
                  Truth(document, "flagged") ? "**flagged**: more round shares than chance explains"
                                             : "not flagged"));
  page.AddTable(SharesTable(Member(document, "national_0_1_percent"), kRoundTests[0].title));
  page.AddTable(SharesTable(Member(document, "national_0_01_percent"), kRoundTests[1].title));
  HtmlTable regions{.caption = "By region (descriptive; not part of the flag)",
                    .columns = {{"region", Align::kLeft},
                                {"close at 0.1 %", Align::kRight},
                                {"p", Align::kRight},
                                {"close at 0.01 %", Align::kRight},
                                {"p", Align::kRight}}};
  for (const Json& region : Array(document, "by_region")) {
    const Json& coarse = Member(region, "grid_0_1_percent");
    const Json& fine = Member(region, "grid_0_01_percent");
    regions.rows.push_back({Text(region, "region"),
                            fmt::format("{} of {}", Cell(Member(coarse, "close_count")),
                                        Cell(Member(coarse, "share_count"))),
                            PValueText(Member(coarse, "p_value")),
                            fmt::format("{} of {}", Cell(Member(fine, "close_count")),
                                        Cell(Member(fine, "share_count"))),
                            PValueText(Member(fine, "p_value"))});
  }
  page.AddTable(regions);
  page.AddParagraph(
      "The regions' shares one by one are in the JSON file (`regions_0_1_percent`, "
      "`regions_0_01_percent`, `by_region`).");
}

}  // namespace

void PublishedFindings(const Json& document, std::vector<FindingBox>& findings) {
  const std::vector<const Json*> inconsistent = InconsistentChecks(document);
  if (!inconsistent.empty()) {
    FindingBox box{.severity = FindingSeverity::kInconsistent,
                   .title = fmt::format("{} published figure(s) disagree with the others",
                                        inconsistent.size()),
                   .text =
                       "These published figures do not follow from the other published "
                       "figures they should follow from; the commission should explain "
                       "each. Details in the section on the published figures."};
    for (size_t k = 0; k < inconsistent.size() && k < 10; ++k) {
      box.details.push_back(
          fmt::format("{}: published {}, recomputed {}", CheckTitle(*inconsistent[k]),
                      Text(*inconsistent[k], "published"), Text(*inconsistent[k], "recomputed")));
    }
    if (inconsistent.size() > 10) {
      box.details.push_back(fmt::format("... and {} more", inconsistent.size() - 10));
    }
    findings.push_back(std::move(box));
  }
  if (HasRoundNumbers(document) && Truth(document, "flagged")) {
    FindingBox box{
        .severity = FindingSeverity::kLookCloser,
        .title = "More round published shares than chance explains",
        .text = fmt::format("The published shares lie closer to round percentages than vote counts "
                            "do by chance (smallest p-value {}, threshold {}). Look closer at how "
                            "the shares were obtained: figures written to a target, or rounded "
                            "figures keyed back into the tables, both produce this.",
                            PValueText(Member(document, "smallest_p")),
                            Cell(Member(document, "flag_threshold")))};
    for (const RoundTest& round : kRoundTests) {
      const Json& test = Member(document, round.key);
      box.details.push_back(fmt::format(
          "{}: {} of {} close (chance: {}), p = {}", round.title, Cell(Member(test, "close_count")),
          Cell(Member(test, "share_count")), Significant(Number(test, "expected_close"), 3),
          PValueText(Member(test, "p_value"))));
    }
    findings.push_back(std::move(box));
  }
}

void AddPublishedSections(const Json& document, report::HtmlPage& page) {
  AddChecksSection(document, page);
  AddRoundNumberSection(document, page);
}

}  // namespace esep::audit_report::internal
