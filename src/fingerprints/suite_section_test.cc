#include "fingerprints/suite_section.h"

#include <string>
#include <variant>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fingerprints/fingerprint_sections.h"

namespace esep::fingerprints {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// 200 precincts in 10 commissions; the last 5 added 30 % to 34 % of their voters on the day.
precincts::PrecinctTable Table(bool with_additions = true) {
  precincts::PrecinctTable table;
  table.source = "t.csv";
  table.choice_names = {"Leader", "Other"};
  for (int64_t p = 0; p < 200; ++p) {
    const bool odd = p >= 195;
    const int64_t ballots = odd ? 950 : 500 + (p % 11) * 10;
    precincts::PrecinctRow row{.id = fmt::format("P{:03}", p),
                               .group = fmt::format("T{}", p / 20),
                               .region = "R",
                               .registered = 1000,
                               .ballots = ballots,
                               .valid = ballots,
                               .votes = {ballots * 6 / 10, ballots - ballots * 6 / 10}};
    if (with_additions) {
      row.added_on_day = odd ? 300 + ((p - 195) * 10) : p % 10;
    }
    const Status added = table.Add(row);
    EXPECT_TRUE(added.ok()) << added.message();
  }
  return table;
}

TEST(SuiteSectionTest, AStatisticThatCouldNotRunSaysWhy) {
  const SuiteSection section{.id = "klimek",
                             .title = "Fingerprint",
                             .available = false,
                             .reason = "the table has no choices"};
  EXPECT_EQ(SectionText(section, 20), "Fingerprint\n  Not available: the table has no choices\n\n");
  const nlohmann::json want = {{"id", "klimek"},     {"title", "Fingerprint"},
                               {"available", false}, {"reason", "the table has no choices"},
                               {"p_value", nullptr}, {"flagged", false}};
  EXPECT_EQ(SectionJson(section), want);
}

TEST(SuiteSectionTest, ARiskIndicatorRendersWithoutItsTable) {
  SuiteSection section;
  {
    const precincts::PrecinctTable table = Table();
    section = RiskIndicatorSection(ComputeRiskIndicator(table, RiskKind::kAdditions, {}));
  }  // the table is gone: the section keeps what it prints
  ASSERT_TRUE(std::holds_alternative<RiskIndicator>(section.result));
  const RiskIndicator& indicator = std::get<RiskIndicator>(section.result);
  // Above the 99th percentile of 200 shares (the 198th, 32 %): 34 % and 33 %, highest first.
  ASSERT_EQ(indicator.high.size(), 2U);
  ASSERT_EQ(indicator.high_precincts.size(), 2U);
  EXPECT_EQ(indicator.high_precincts[0].precinct, "P199");
  EXPECT_EQ(indicator.high_precincts[0].group, "T9");
  EXPECT_EQ(indicator.high_precincts[0].part, 340);
  EXPECT_EQ(indicator.high_precincts[0].whole, 1000);
  EXPECT_EQ(indicator.high_precincts[0].ballots, 950);
  EXPECT_EQ(section.id, "additions");
  EXPECT_EQ(section.title, "Election-day additions to the voter list");
  EXPECT_TRUE(section.available);
  EXPECT_EQ(section.p_value, indicator.p_value);

  const std::string text = SectionText(section, 1);
  EXPECT_EQ(text, RiskIndicatorText(indicator, 1));
  EXPECT_THAT(text, HasSubstr("P199"));
  EXPECT_THAT(text, Not(HasSubstr("P198")));
  EXPECT_THAT(text, HasSubstr("... and 1 more (--format json lists them all)"));
  EXPECT_EQ(text.substr(text.size() - 2), "\n\n");

  const nlohmann::json json = SectionJson(section);
  EXPECT_EQ(json["id"], "additions");
  EXPECT_EQ(json["share"], "voters added on the day / registered voters");
  EXPECT_EQ(json["high_count"], 2);
  ASSERT_EQ(json["high"].size(), 2U);
  EXPECT_EQ(json["high"][1]["precinct"], "P198");
  EXPECT_DOUBLE_EQ(json["high"][1]["share"].get<double>(), 0.33);
  EXPECT_DOUBLE_EQ(json["rule"]["median_plus_mad_multiple"].get<double>(),
                   MedianPlusMadMultiple(indicator));
  EXPECT_EQ(json["flagged"], section.flagged);
  EXPECT_FALSE(json.contains("result"));  // its numbers sit beside the section's keys
  EXPECT_FALSE(json.contains("reason"));
}

TEST(SuiteSectionTest, AnIndicatorWithoutItsColumnIsUnavailableWithItsReason) {
  const precincts::PrecinctTable table = Table(/*with_additions=*/false);
  const SuiteSection section =
      RiskIndicatorSection(ComputeRiskIndicator(table, RiskKind::kAdditions, {}));
  EXPECT_FALSE(section.available);
  EXPECT_EQ(section.reason, "the data has no election-day additions column");
  EXPECT_EQ(SectionText(section, 20),
            "Election-day additions to the voter list — per precinct: voters added on the day / "
            "registered voters\n  Not available: the data has no election-day additions "
            "column.\n\n");
  const nlohmann::json want = {{"id", "additions"},
                               {"title", "Election-day additions to the voter list"},
                               {"share", "voters added on the day / registered voters"},
                               {"available", false},
                               {"p_value", nullptr},
                               {"flagged", false}};
  EXPECT_EQ(SectionJson(section), want);
}

TEST(SuiteSectionTest, TheTurnoutShapeRendersItsCommissions) {
  const precincts::PrecinctTable table = Table();
  const SuiteSection section =
      TurnoutShapeSection(ComputeTurnoutShape(table, {.min_precincts = 10}));
  ASSERT_TRUE(section.available);
  const TurnoutShape& shape = std::get<TurnoutShape>(section.result);
  EXPECT_EQ(SectionText(section, 2), TurnoutShapeText(shape, 2));
  EXPECT_THAT(SectionText(section, 2),
              HasSubstr("200 precincts (0 without voters excluded), 10 commissions: 10 tested"));
  const nlohmann::json json = SectionJson(section);
  EXPECT_EQ(json["id"], "turnout_by_commission");
  EXPECT_EQ(json["tested_count"], 10);
  EXPECT_EQ(json["commissions"].size(), 10U);  // JSON lists them all
  EXPECT_EQ(json["reference"], "region");
}

TEST(SuiteSectionTest, OtherStatisticsRenderTheirOwnReportUnderResult) {
  const precincts::PrecinctTable table = Table();
  const SuiteSection section = DigitTestsSection(table, {}, 0.01);
  ASSERT_TRUE(section.available);
  const DigitTests& digits = std::get<DigitTests>(section.result);
  EXPECT_EQ(SectionText(section, 20), DigitTestsText(digits) + "\n");
  const nlohmann::json json = SectionJson(section);
  EXPECT_EQ(json["result"], DigitTestsJson(digits));
  EXPECT_EQ(json["available"], true);
  EXPECT_EQ(json["flagged"], section.flagged);
  EXPECT_EQ(json.size(), 6U);  // id, title, available, p_value, flagged, result
}

}  // namespace
}  // namespace esep::fingerprints
