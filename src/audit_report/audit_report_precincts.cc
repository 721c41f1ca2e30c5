// The audit report's precinct-suite part: a summary of the sections, then each section's
// numbers, tables and figures (docs/forensics-indicators.md and the documents it links).

#include <algorithm>
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
using report::SectionLevel;

using fingerprints::PrecinctSuite;
using fingerprints::SuiteSection;

std::string DecisionText(const SuiteSection& section) {
  if (!section.available) {
    return "not available";
  }
  if (section.flagged) {
    return "FLAGGED";
  }
  return section.p_value.has_value() ? "not flagged" : "not flagged (no p-value)";
}

std::string PValueOf(const SuiteSection& section) {
  return section.p_value.has_value() ? Significant(*section.p_value, 3) : "n/a";
}

// One plain sentence on what a flagged section means.
std::string FlagText(const Json& section) {
  const std::string id = Text(section, "id");
  if (id == "additions" || id == "mobile") {
    return fmt::format(
        "{} precinct(s) stand far above the rest in {}, and these precincts report more turnout "
        "or more votes for the leader than the others (p = {}). Look closer at their protocols.",
        Cell(Member(section, "high_count")), Text(section, "share"),
        PValueText(Member(section, "p_value")));
  }
  if (id == "turnout_by_commission") {
    return fmt::format(
        "{} territorial commission(s) have a turnout distribution unlike the rest of their "
        "region (Kolmogorov-Smirnov, Holm-adjusted; smallest p = {}). Look closer at their "
        "precincts.",
        Cell(Member(section, "flagged_count")), PValueText(Member(section, "p_value")));
  }
  if (id == "integer_percentages") {
    return fmt::format(
        "More precincts report a turnout or a leader's share at a whole percentage than "
        "binomial variation explains (p = {}): what appears when results are written to a "
        "target rather than counted.",
        PValueText(Member(section, "p_value")));
  }
  if (id == "digits") {
    return fmt::format(
        "The last digits of the vote counts are further from uniform than chance allows "
        "(p = {}), as when figures are invented rather than counted.",
        PValueText(Member(section, "p_value")));
  }
  if (id == "klimek") {
    const Json& fit = Member(Member(section, "result"), "fit");
    return fmt::format(
        "The turnout x leader's share fingerprint fits a model with ballot stuffing: "
        "incremental fraud f_i = {}, extreme fraud f_e = {} (above the thresholds calibrated on "
        "clean elections).",
        Significant(Number(fit, "incremental"), 3), Significant(Number(fit, "extreme"), 3));
  }
  return fmt::format("The section flagged (p = {}).", PValueText(Member(section, "p_value")));
}

void AddSkipped(const PrecinctSuite& suite, report::HtmlPage& page) {
  const std::vector<std::string>& skipped = suite.header.skipped;
  if (skipped.empty()) {
    return;
  }
  HtmlTable table{.caption = fmt::format("Skipped rows ({} in all)", skipped.size()),
                  .columns = {{"row and reason", Align::kLeft}}};
  for (size_t k = 0; k < skipped.size() && k < kMaxTableRows; ++k) {
    table.rows.push_back({skipped[k]});
  }
  page.AddTable(table);
}

void AddSummaryTable(const PrecinctSuite& suite, report::HtmlPage& page) {
  HtmlTable table{
      .caption = fmt::format("The sections, each at alpha {}", Significant(suite.options.alpha)),
      .columns = {
          {"section", Align::kLeft}, {"p-value", Align::kRight}, {"decision", Align::kLeft}}};
  for (const SuiteSection& section : suite.sections) {
    table.rows.push_back({section.title, PValueOf(section), DecisionText(section)});
  }
  page.AddTable(table);
}

void AddRiskSection(const Json& section, report::HtmlPage& page) {
  page.AddParagraph(fmt::format(
      "Share: {}. Over {} precincts the median is {}, the 99th percentile {}, the largest {}. "
      "A precinct is **high** above max(the {}th percentile, median + {} x MAD) = {}; {} are. "
      "The test compares the high precincts' turnout and leader's share with the rest's.",
      Text(section, "share"), Cell(Member(section, "precincts")),
      PercentText(Number(Member(section, "median"), "share"), 2),
      PercentText(Number(Member(section, "p99"), "share"), 2),
      PercentText(Number(Member(section, "max"), "share"), 2),
      Cell(Member(Member(section, "rule"), "percentile")),
      Cell(Member(Member(section, "rule"), "mad_multiple")),
      PercentText(Number(Member(section, "rule"), "median_plus_mad_multiple"), 2),
      Cell(Member(section, "high_count"))));
  AddRiskHistogram(section, page);
  HtmlTable comparisons{.caption = "High precincts against the rest",
                        .columns = {{"measure", Align::kLeft},
                                    {"high", Align::kRight},
                                    {"mean (high)", Align::kRight},
                                    {"rest", Align::kRight},
                                    {"mean (rest)", Align::kRight},
                                    {"difference", Align::kRight},
                                    {"p-value", Align::kRight}}};
  for (const Json& c : Array(section, "comparisons")) {
    comparisons.rows.push_back(
        {Text(c, "measure"), Cell(Member(c, "high_precincts")), PercentText(Number(c, "high_mean")),
         Cell(Member(c, "rest_precincts")), PercentText(Number(c, "rest_mean")),
         PercentText(Number(c, "difference")), PValueText(Member(c, "p_value"))});
  }
  page.AddTable(comparisons);
  const Json& high = Array(section, "high");
  if (high.empty()) {
    return;
  }
  HtmlTable table{.caption = fmt::format("The high precincts ({} in all)", high.size()),
                  .columns = {{"precinct", Align::kLeft},
                              {"commission", Align::kLeft},
                              {"share", Align::kRight},
                              {"of", Align::kRight},
                              {"registered", Align::kRight},
                              {"ballots", Align::kRight}}};
  for (size_t k = 0; k < high.size() && k < kMaxTableRows; ++k) {
    const Json& p = high[k];
    table.rows.push_back({Cell(Member(p, "precinct")), Text(p, "group"),
                          PercentText(Number(p, "share"), 2),
                          fmt::format("{} / {}", Cell(Member(p, "part")), Cell(Member(p, "whole"))),
                          Cell(Member(p, "registered")), Cell(Member(p, "ballots"))});
  }
  page.AddTable(table);
}

void AddCommissionSection(const Json& section, report::HtmlPage& page) {
  page.AddParagraph(fmt::format(
      "Each territorial commission's precinct turnouts are compared with those of the other "
      "precincts of its {} (two-sample Kolmogorov-Smirnov, Holm-adjusted over the {} "
      "commissions tested; {} too small to test). Flagged: {}.",
      Text(section, "reference") == "region" ? "region" : "country",
      Cell(Member(section, "tested_count")), Cell(Member(section, "too_small")),
      Cell(Member(section, "flagged_count"))));
  std::vector<const Json*> rows;
  for (const Json& c : Array(section, "commissions")) {
    rows.push_back(&c);
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Json* a, const Json* b) {
    return Number(*a, "p_value", 1) < Number(*b, "p_value", 1);
  });
  HtmlTable table{.caption = "The commissions with the smallest p-values (flagged ones first)",
                  .columns = {{"commission", Align::kLeft},
                              {"region", Align::kLeft},
                              {"precincts", Align::kRight},
                              {"mean turnout", Align::kRight},
                              {"reference mean", Align::kRight},
                              {"KS statistic", Align::kRight},
                              {"p", Align::kRight},
                              {"Holm p", Align::kRight},
                              {"flagged", Align::kLeft}}};
  for (size_t k = 0; k < rows.size() && k < 20; ++k) {
    const Json& c = *rows[k];
    table.rows.push_back(
        {Text(c, "commission"), Text(c, "region"), Cell(Member(c, "precincts")),
         PercentText(Number(c, "mean_turnout")), PercentText(Number(c, "reference_mean_turnout")),
         Significant(Number(c, "ks_statistic"), 3), PValueText(Member(c, "p_value")),
         PValueText(Member(c, "holm_adjusted_p_value")), Cell(Member(c, "flagged"))});
  }
  page.AddTable(table);
}

void AddMeasureText(const Json& measure, report::HtmlPage& page) {
  page.AddParagraph(fmt::format(
      "**{}** ({} precincts included): {} at a whole percentage against {} expected (sd {}), "
      "excess {}, z = {}, p = {} ({}){}.",
      Text(measure, "name"), Cell(Member(measure, "included")), Cell(Member(measure, "observed")),
      Significant(Number(measure, "expected"), 4),
      Significant(Number(measure, "standard_deviation"), 3),
      Significant(Number(measure, "excess"), 3), Significant(Number(measure, "z"), 3),
      PValueText(Member(measure, "p_value")), Text(measure, "p_value_method"),
      Truth(measure, "flagged") ? ": **flagged**" : ""));
}

void AddDigitTable(const Json& result, report::HtmlPage& page) {
  HtmlTable table{.caption = fmt::format("The digit tests (each flags below p = {})",
                                         Significant(Number(result, "per_test_threshold"), 3)),
                  .columns = {{"digit", Align::kLeft},
                              {"counts", Align::kLeft},
                              {"n", Align::kRight},
                              {"chi-square", Align::kRight},
                              {"p", Align::kRight},
                              {"significant", Align::kLeft}}};
  for (const char* kind : {"last_digit", "second_digit"}) {
    for (const Json& test : Array(result, kind)) {
      table.rows.push_back(
          {kind == std::string("last_digit") ? "last" : "second (2BL)", Text(test, "subject"),
           Cell(Member(test, "counts")),
           Truth(test, "tested") ? Significant(Number(test, "chi_square"), 4) : "too few",
           PValueText(Member(test, "p_value")), Cell(Member(test, "flagged"))});
    }
  }
  page.AddTable(table);
}

void AddKlimekText(const Json& result, report::HtmlPage& page) {
  const Json& corner = Member(result, "corner");
  page.AddParagraph(fmt::format(
      "{} of {} precincts used. Precincts with turnout and the leader's share both at or above "
      "{} %: {} ({} of the precincts, {} of the leader's votes).",
      Cell(Member(result, "precincts_used")), Cell(Member(result, "precincts")),
      Cell(Member(corner, "percent")), Cell(Member(corner, "precincts")),
      PercentText(Number(corner, "precinct_share"), 2),
      PercentText(Number(corner, "leader_vote_share"), 2)));
  if (!Truth(result, "fitted")) {
    page.AddParagraph("The fraud model was not fitted.");
    return;
  }
  const Json& fit = Member(result, "fit");
  const Json& decision = Member(result, "decision");
  page.AddParagraph(fmt::format(
      "Fitted model: incremental fraud f_i = {} (threshold {}), extreme fraud f_e = {} "
      "(threshold {}); deviance G^2 = {} with fraud against {} for the clean model alone. "
      "Decision: {}.",
      Significant(Number(fit, "incremental"), 3), Cell(Member(decision, "incremental_threshold")),
      Significant(Number(fit, "extreme"), 3), Cell(Member(decision, "extreme_threshold")),
      Significant(Number(fit, "deviance"), 5), Significant(Number(fit, "deviance_clean"), 5),
      Truth(result, "flagged") ? "**flagged**" : "not flagged"));
}

void AddSection(const SuiteSection& typed, report::HtmlPage& page) {
  const Json& section = typed.json;  // the statistic's numbers
  page.AddSection(typed.title, SectionLevel::kSubsection);
  if (!typed.available) {
    page.AddParagraph("Not available: " + Text(section, "reason"));
    return;
  }
  page.AddParagraph(fmt::format("p-value {}; {}.", PValueOf(typed), DecisionText(typed)));
  const std::string& id = typed.id;
  const Json& result = Member(section, "result");
  if (id == "additions" || id == "mobile") {
    AddRiskSection(section, page);
  } else if (id == "turnout_by_commission") {
    AddCommissionSection(section, page);
  } else if (id == "integer_percentages") {
    AddMeasureText(Member(result, "turnout"), page);
    AddMeasureText(Member(result, "leader_share"), page);
    AddIntegerPercentageFigures(result, page);
  } else if (id == "digits") {
    AddDigitTable(result, page);
    AddDigitFigures(result, page);
  } else if (id == "klimek") {
    AddKlimekText(result, page);
    AddKlimekFigures(result, page);
  }
}

}  // namespace

void PrecinctFindings(const PrecinctSuite& suite, std::vector<FindingBox>& findings) {
  for (const SuiteSection& section : suite.sections) {
    if (section.available && section.flagged) {
      findings.push_back({.severity = FindingSeverity::kLookCloser,
                          .title = section.title,
                          .text = FlagText(section.json)});
    }
  }
}

void AddPrecinctSections(const PrecinctSuite& suite, report::HtmlPage& page) {
  page.AddSection("Precinct-level fingerprints");
  page.AddParagraph(fmt::format(
      "{} precincts of {} used, {} rows skipped. Leader (most votes over the precincts): {}. "
      "Each section is a reason to look closer, not proof of fraud.",
      suite.header.precincts, suite.header.source, suite.header.skipped.size(),
      suite.header.leader.value_or("")));
  AddSkipped(suite, page);
  AddSummaryTable(suite, page);
  for (const SuiteSection& section : suite.sections) {
    AddSection(section, page);
  }
}

}  // namespace esep::audit_report::internal
