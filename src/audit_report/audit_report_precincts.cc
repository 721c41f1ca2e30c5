// The audit report's precinct-suite part: a summary of the sections, then each section's
// numbers, tables and figures (docs/forensics-indicators.md and the documents it links).

#include <algorithm>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "audit_report/audit_report_parts.h"
#include "fingerprints/klimek_decision.h"

namespace esep::audit_report::internal {

namespace {

using report::Align;
using report::FindingBox;
using report::FindingSeverity;
using report::HtmlTable;
using report::SectionLevel;

using fingerprints::CommissionTurnoutShape;
using fingerprints::DigitTest;
using fingerprints::DigitTests;
using fingerprints::HighPrecinct;
using fingerprints::IntegerPercentages;
using fingerprints::IntegerPercentagesMeasure;
using fingerprints::KlimekFingerprint;
using fingerprints::MeanComparison;
using fingerprints::PrecinctSuite;
using fingerprints::RiskIndicator;
using fingerprints::SuiteSection;
using fingerprints::TurnoutShape;

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

int64_t FlaggedCount(const TurnoutShape& shape) {
  return std::count_if(shape.tested.begin(), shape.tested.end(),
                       [](const CommissionTurnoutShape& c) { return c.flagged; });
}

// One plain sentence on what a flagged section means, per statistic (one overload each, so a
// statistic without its sentence does not compile).
struct FlagTextVisitor {
  const SuiteSection& section;

  std::string operator()(std::monostate /*not run*/) const {
    return fmt::format("The section flagged (p = {}).", PValueText(section.p_value));
  }
  std::string operator()(const RiskIndicator& indicator) const {
    return fmt::format(
        "{} precinct(s) stand far above the rest in {}, and these precincts report more turnout "
        "or more votes for the leader than the others (p = {}). Look closer at their protocols.",
        indicator.high.size(), fingerprints::RiskShareName(indicator.kind),
        PValueText(section.p_value));
  }
  std::string operator()(const TurnoutShape& shape) const {
    return fmt::format(
        "{} territorial commission(s) have a turnout distribution unlike the rest of their "
        "region (Kolmogorov-Smirnov, Holm-adjusted; smallest p = {}). Look closer at their "
        "precincts.",
        FlaggedCount(shape), PValueText(section.p_value));
  }
  std::string operator()(const IntegerPercentages& /*result*/) const {
    return fmt::format(
        "More precincts report a turnout or a leader's share at a whole percentage than "
        "binomial variation explains (p = {}): what appears when results are written to a "
        "target rather than counted.",
        PValueText(section.p_value));
  }
  std::string operator()(const DigitTests& result) const {
    std::string how;
    for (const fingerprints::DigitTest& test : result.last_digit) {
      if (test.flagged) {
        how += fmt::format("{}{}: {}", how.empty() ? "" : "; ", test.subject,
                           fingerprints::DepartureWording(test));
      }
    }
    return fmt::format(
        "The last digits of the counts differ from what counting produces for counts "
        "distributed like these (p = {}): {}.",
        PValueText(section.p_value), how.empty() ? "see the table" : how);
  }
  // Worded by the evidence that flagged (fingerprints::KlimekDecisionText): a smear toward the
  // corner, or precincts in the corner; never more than that.
  std::string operator()(const KlimekFingerprint& fingerprint) const {
    return fingerprints::KlimekDecisionText(fingerprint);
  }
};

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

void AddHighPrecincts(const RiskIndicator& indicator, report::HtmlPage& page) {
  const std::vector<HighPrecinct>& high = indicator.high_precincts;
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
    const HighPrecinct& p = high[k];
    table.rows.push_back(
        {p.precinct, p.group,
         PercentText(static_cast<double>(p.part) / static_cast<double>(p.whole), 2),
         fmt::format("{} / {}", p.part, p.whole), fmt::format("{}", p.registered),
         fmt::format("{}", p.ballots)});
  }
  page.AddTable(table);
}

void AddRiskSection(const RiskIndicator& indicator, report::HtmlPage& page) {
  page.AddParagraph(fmt::format(
      "Share: {}. Over {} precincts the median is {}, the 99th percentile {}, the largest {}. "
      "A precinct is **high** above max(the {}th percentile, median + {} x MAD) = {}; {} are. "
      "The test compares the high precincts' turnout and leader's share with the rest's.",
      fingerprints::RiskShareName(indicator.kind), indicator.precincts,
      PercentText(indicator.median.ToDouble(), 2), PercentText(indicator.p99.ToDouble(), 2),
      PercentText(indicator.max.ToDouble(), 2), indicator.options.percentile,
      indicator.options.mad_multiple,
      PercentText(fingerprints::MedianPlusMadMultiple(indicator), 2), indicator.high.size()));
  AddRiskHistogram(indicator, page);
  HtmlTable comparisons{.caption = "High precincts against the rest",
                        .columns = {{"measure", Align::kLeft},
                                    {"high", Align::kRight},
                                    {"mean (high)", Align::kRight},
                                    {"rest", Align::kRight},
                                    {"mean (rest)", Align::kRight},
                                    {"difference", Align::kRight},
                                    {"p-value", Align::kRight}}};
  for (const MeanComparison& c : indicator.comparisons) {
    comparisons.rows.push_back({c.measure, fmt::format("{}", c.high_precincts),
                                PercentText(c.high_mean), fmt::format("{}", c.rest_precincts),
                                PercentText(c.rest_mean), PercentText(c.difference),
                                PValueText(c.p_value)});
  }
  page.AddTable(comparisons);
  AddHighPrecincts(indicator, page);
}

// The special commissions' precincts the test set apart, if any: said whether or not the test
// could run.
void AddSpecialParagraph(const TurnoutShape& shape, report::HtmlPage& page) {
  if (shape.special.empty()) {
    return;
  }
  page.AddParagraph(fmt::format(
      "**{} precincts of special commissions** ({}) were set apart: neither tested nor part of "
      "any commission's reference, and never flagged (JSON `special` lists them).",
      shape.special.size(),
      shape.special_rule.empty() ? "marked by the data source" : shape.special_rule));
}

void AddCommissionSection(const TurnoutShape& shape, report::HtmlPage& page) {
  page.AddParagraph(fmt::format(
      "Each territorial commission's precinct turnouts are compared with those of the other "
      "precincts of its {} (two-sample Kolmogorov-Smirnov, Holm-adjusted over the {} "
      "commissions tested; {} too small to test). Flagged: {}.",
      shape.within_regions ? "region" : "country", shape.tested.size(), shape.too_small,
      FlaggedCount(shape)));
  std::vector<const CommissionTurnoutShape*> rows;
  for (const CommissionTurnoutShape& c : shape.tested) {
    rows.push_back(&c);
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const CommissionTurnoutShape* a, const CommissionTurnoutShape* b) {
                     return a->p_value < b->p_value;
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
    const CommissionTurnoutShape& c = *rows[k];
    table.rows.push_back({c.group, c.region, fmt::format("{}", c.precincts),
                          PercentText(c.mean_turnout), PercentText(c.reference_mean_turnout),
                          Significant(c.ks_statistic, 3), PValueText(c.p_value),
                          PValueText(c.adjusted_p_value), YesNo(c.flagged)});
  }
  page.AddTable(table);
  AddSpecialParagraph(shape, page);
}

void AddMeasureText(const IntegerPercentagesMeasure& measure, report::HtmlPage& page) {
  page.AddParagraph(fmt::format(
      "**{}** ({} precincts included): {} at a whole percentage against {} expected (sd {}), "
      "excess {}, z = {}, p = {} ({}){}.",
      measure.name, measure.included, measure.observed, Significant(measure.expected, 4),
      Significant(measure.standard_deviation, 3), Significant(measure.excess, 3),
      Significant(measure.z, 3), PValueText(measure.p_value), fingerprints::PValueMethod(measure),
      measure.flagged ? ": **flagged**" : ""));
}

void AddDigitTable(const DigitTests& result, report::HtmlPage& page) {
  // "departs" says whether the digits differ from the null; "applies" whether that null holds
  // for these counts; only a test that does both (and counts towards the flag) flags, so the
  // table and the section's decision agree.
  HtmlTable table{
      .caption = fmt::format(
          "The digit tests (each departs below p = {}; a test flags only where its null holds "
          "for its counts)",
          Significant(result.per_test_threshold, 3)),
      .columns = {{"digit", Align::kLeft},
                  {"counts", Align::kLeft},
                  {"n", Align::kRight},
                  {"chi-square", Align::kRight},
                  {"p", Align::kRight},
                  {"departs from the null", Align::kLeft},
                  {"applies", Align::kLeft},
                  {"flag", Align::kLeft}}};
  const std::pair<const char*, const std::vector<DigitTest>*> kinds[] = {
      {"last", &result.last_digit}, {"second (2BL)", &result.second_digit}};
  for (const auto& [kind, tests] : kinds) {
    for (const DigitTest& test : *tests) {
      table.rows.push_back({kind, test.subject, fmt::format("{}", test.counts),
                            test.tested ? Significant(test.chi_square, 4) : "too few",
                            test.tested ? PValueText(test.p_value) : "n/a",
                            test.significant ? fingerprints::DepartureWording(test) : "no",
                            test.applies ? "yes" : fmt::format("no: {}", test.not_applied_reason),
                            YesNo(test.flagged)});
    }
  }
  page.AddTable(table);
}

void AddKlimekText(const KlimekFingerprint& fingerprint, report::HtmlPage& page) {
  const fingerprints::KlimekCorner& corner = fingerprint.corner;
  page.AddParagraph(fmt::format(
      "{} of {} precincts used. Precincts with turnout and the leader's share both at or above "
      "{} %: {} ({} of the precincts, {} of the leader's votes).",
      fingerprint.precincts_used, fingerprint.precincts, corner.percent, corner.precincts,
      PercentText(corner.precinct_share, 2), PercentText(corner.leader_vote_share, 2)));
  page.AddParagraph(
      "In the model of Klimek et al., clean precincts form one compact cloud; ballot stuffing "
      "for the leader moves precincts up and to the right, toward 100 % turnout and 100 % for "
      "the leader. Several regions with different turnout or support, or mobilisation, move "
      "them the same way.");
  if (!fingerprint.fitted) {
    page.AddParagraph(fingerprints::KlimekDecisionText(fingerprint));
    return;
  }
  const fingerprints::KlimekFit& fit = fingerprint.fit;
  page.AddParagraph(fmt::format(
      "Fitted model: incremental fraud f_i = {} (threshold {} for {} precincts), extreme fraud "
      "f_e = {} (threshold {}, with at least {} precincts in the corner; the fitted model expects "
      "{} there); deviance G^2 = {} with fraud against {} for the clean model alone.",
      Significant(fit.fraud.incremental, 3), Significant(fingerprint.incremental_threshold),
      fingerprint.precincts_used, Significant(fit.fraud.extreme, 3),
      Significant(fingerprint.extreme_threshold), fingerprint.minimum_corner_precincts,
      Significant(fingerprint.model_corner_precincts, 3), Significant(fit.deviance, 5),
      Significant(fit.deviance_clean, 5)));
  page.AddParagraph("Decision: " + fingerprints::KlimekDecisionText(fingerprint));
}

// The numbers, tables and figures of a section's statistic (one overload each).
struct SectionVisitor {
  report::HtmlPage& page;

  void operator()(std::monostate /*not run*/) const {}
  void operator()(const RiskIndicator& indicator) const { AddRiskSection(indicator, page); }
  void operator()(const TurnoutShape& shape) const { AddCommissionSection(shape, page); }
  void operator()(const IntegerPercentages& result) const {
    if (!result.options.preset.empty()) {
      page.AddParagraph(
          fmt::format("Definitions of the method preset **{}** "
                      "(docs/reproducing-published-analyses.md).",
                      result.options.preset));
    }
    AddMeasureText(result.turnout, page);
    AddMeasureText(result.leader_share, page);
    if (result.either.has_value()) {
      AddMeasureText(*result.either, page);  // turnout or share at a whole percentage
    }
    AddIntegerPercentageFigures(result, page);
  }
  void operator()(const DigitTests& result) const {
    AddDigitTable(result, page);
    AddDigitFigures(result, page);
  }
  void operator()(const KlimekFingerprint& fingerprint) const {
    AddKlimekText(fingerprint, page);
    AddKlimekFigures(fingerprint, page);
  }
};

void AddSection(const SuiteSection& section, report::HtmlPage& page) {
  page.AddSection(section.title, SectionLevel::kSubsection);
  if (!section.available) {
    page.AddParagraph("Not available: " + section.reason);
    if (const auto* shape = std::get_if<TurnoutShape>(&section.result)) {
      AddSpecialParagraph(*shape, page);
    }
    return;
  }
  page.AddParagraph(fmt::format("p-value {}; {}.", PValueOf(section), DecisionText(section)));
  std::visit(SectionVisitor{.page = page}, section.result);
}

}  // namespace

void PrecinctFindings(const PrecinctSuite& suite, std::vector<FindingBox>& findings) {
  for (const SuiteSection& section : suite.sections) {
    if (section.available && section.flagged) {
      findings.push_back({.severity = FindingSeverity::kLookCloser,
                          .title = section.title,
                          .text = std::visit(FlagTextVisitor{.section = section}, section.result)});
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
