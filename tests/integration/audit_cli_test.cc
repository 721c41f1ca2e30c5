// End-to-end tests of `esep audit`: the checks of the published figures and the round-number
// test on the published 2023 tables, in text and JSON, its help, and its errors.

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "integration/command_runner.h"

namespace esep {
namespace {

using ::esep::testing::CommandOutput;
using ::esep::testing::RunEsep;
using ::testing::HasSubstr;

TEST(AuditCliTest, The2023NationalSharesAreRoundAtTheTenthOfAPercent) {
  const CommandOutput output = RunEsep("audit kz-majilis-2023 --format json");
  ASSERT_EQ(output.exit_code, 0) << output.err;
  const nlohmann::json json = nlohmann::json::parse(output.out, nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << output.out.substr(0, 500);
  EXPECT_EQ(json["share_base"], "votes for party lists + against all");
  EXPECT_TRUE(json["national_published"].get<bool>());
  const nlohmann::json& national = json["national_0_1_percent"];
  EXPECT_EQ(national["share_count"], 8);
  EXPECT_EQ(national["close_count"], 6);
  EXPECT_LT(national["p_value"].get<double>(), 1e-4);
  const nlohmann::json& amanat = national["shares"][0];
  EXPECT_EQ(amanat["label"], "national | Amanat");
  EXPECT_EQ(amanat["votes"], 3431510);
  EXPECT_EQ(amanat["base"], 6366441);
  EXPECT_EQ(amanat["nearest_grid_point_percent"], "53.9");
  // |1000 * 3431510 - 539 * 6366441| = 1699: 1.699 votes from 53.9 %.
  EXPECT_EQ(amanat["distance_votes"], "1699/1000");
  EXPECT_EQ(json["regions_0_01_percent"]["share_count"], 160);
  EXPECT_TRUE(json["flagged"].get<bool>());
}

TEST(AuditCliTest, TextShowsTheComputationAndTheVerdict) {
  const CommandOutput output = RunEsep("audit data/elections/kz-majilis-2023");
  ASSERT_EQ(output.exit_code, 0) << output.err;
  EXPECT_THAT(output.out, HasSubstr("National (published row) — grid 0.1 %"));
  EXPECT_THAT(output.out, HasSubstr("national | against all"));
  EXPECT_THAT(output.out, HasSubstr("close shares: 6 of 8"));
  EXPECT_THAT(output.out, HasSubstr("Regions pooled — grid 0.01 %"));
  EXPECT_THAT(output.out, HasSubstr("FLAGGED"));
}

// The three inconsistencies of the 2023 tables (worked out by hand in
// src/published/published_checks_test.cc), before the round-number test.
TEST(AuditCliTest, TextListsThePublishedFiguresThatDisagree) {
  const CommandOutput output = RunEsep("audit kz-majilis-2023");
  ASSERT_EQ(output.exit_code, 0) << output.err;
  const size_t section = output.out.find("Published figures");
  ASSERT_NE(section, std::string::npos);
  EXPECT_LT(section, output.out.find("Round-number test of"));
  EXPECT_THAT(output.out, HasSubstr("332 checks: 329 consistent, 3 inconsistent"));
  EXPECT_THAT(output.out, HasSubstr("party_list_by_region.csv:19 (Astana) — turnout"));
  EXPECT_THAT(output.out, HasSubstr("published: 42.91%   esep recomputes: 43.2380%"));
  EXPECT_THAT(output.out, HasSubstr("districts_top2.csv:13 (district 12 (Almaty Region))"));
  EXPECT_THAT(output.out, HasSubstr("party_list_by_region.csv:12 (Kyzylorda Region) — "
                                    "cross_contest"));
  EXPECT_THAT(output.out, HasSubstr("at least 151085 ballots more than the party-list contest "
                                    "(46.25% of its ballots)"));
}

TEST(AuditCliTest, JsonHasEveryPublishedCheck) {
  const CommandOutput output = RunEsep("audit kz-majilis-2023 --format json");
  ASSERT_EQ(output.exit_code, 0) << output.err;
  const nlohmann::json json = nlohmann::json::parse(output.out, nullptr, false);
  ASSERT_FALSE(json.is_discarded());
  const nlohmann::json& checks = json["published_checks"];
  ASSERT_EQ(checks.size(), 332u);
  int inconsistent = 0;
  for (const nlohmann::json& check : checks) {
    inconsistent += check["consistent"].get<bool>() ? 0 : 1;
  }
  EXPECT_EQ(inconsistent, 3);
  // The first row (Abai Region): 158103 + 13919 + 14199 + 9000 + 15528 + 11285 + 1562 + 9559
  // + 4143 = 237298 ballots, as published.
  EXPECT_EQ(checks[0]["kind"], "sum");
  EXPECT_EQ(checks[0]["unit"], "Abai Region");
  EXPECT_EQ(checks[0]["published"], "237298");
  EXPECT_EQ(checks[0]["recomputed"], "237298");
  EXPECT_TRUE(checks[0]["consistent"].get<bool>());
  // Its turnout: 237298 / 416191 = 57.0166 %, printed 57.02 %.
  EXPECT_EQ(checks[2]["kind"], "turnout");
  EXPECT_EQ(checks[2]["recomputed"], "57.0166%");
  EXPECT_EQ(checks[2]["difference_points"], "-0.0034");
  EXPECT_EQ(checks[2]["tolerance"], "±0.005 points (2 decimals printed)");
}

TEST(AuditCliTest, HelpHasAnExampleAndErrorsExitTwo) {
  const CommandOutput help = RunEsep("audit --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, HasSubstr("esep audit kz-majilis-2023"));
  const CommandOutput missing = RunEsep("audit /nonexistent-election");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("election.json"));
}

}  // namespace
}  // namespace esep
