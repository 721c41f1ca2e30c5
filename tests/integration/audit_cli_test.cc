// End-to-end tests of `esep audit`: the round-number test on the published 2023 table, in text
// and JSON, its help, and its errors.

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
