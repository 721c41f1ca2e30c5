#include "fingerprints/descriptive_statistics.h"

#include <string>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace esep::fingerprints {
namespace {

using ::testing::HasSubstr;

void Add(precincts::PrecinctTable& table, int64_t registered, int64_t ballots, int64_t valid,
         int64_t a, int64_t b) {
  const Status added = table.Add({.id = fmt::format("P{}", table.size() + 1),
                                  .registered = registered,
                                  .ballots = ballots,
                                  .valid = valid,
                                  .votes = {a, b}});
  ASSERT_TRUE(added.ok()) << added.message();
}

// Six precincts computed by hand: P1 at 100 % turnout and 96 % share (in the corner), P2 at
// exactly 95 % and 893 / 940 = 95 % (on the corner's edge: in), P3 at 94.9 % (out), P4 at
// 50 % / 40 %, P5 without voters, P6 with voters but no valid ballots.
precincts::PrecinctTable Table() {
  precincts::PrecinctTable table;
  table.choice_names = {"A", "B"};
  Add(table, 100, 100, 100, 96, 4);
  Add(table, 1000, 950, 940, 893, 47);
  Add(table, 1000, 949, 940, 900, 40);
  Add(table, 1000, 500, 500, 200, 300);
  Add(table, 0, 0, 0, 0, 0);
  Add(table, 100, 0, 0, 0, 0);
  return table;
}

TEST(DescriptiveStatisticsTest, CountsAndCorrelationMatchTheHandComputedTable) {
  const DescriptiveStatistics stats = ComputeDescriptiveStatistics(Table(), {});
  EXPECT_EQ(stats.leader, "A");
  EXPECT_EQ(stats.precincts, 6);
  EXPECT_EQ(stats.with_voters, 5);
  EXPECT_EQ(stats.with_both, 4);
  EXPECT_EQ(stats.full_turnout, 1);
  EXPECT_EQ(stats.corner, 2);
  // r of x = (1, .95, .949, .5) and y = (.96, 893/940, 900/940, .4), by the textbook formula.
  ASSERT_TRUE(stats.pearson_r.has_value());
  EXPECT_NEAR(*stats.pearson_r, 0.995773178194413, 1e-12);

  // The threshold is an option, and stated.
  const DescriptiveStatistics strict =
      ComputeDescriptiveStatistics(Table(), {.corner_percent = 96});
  EXPECT_EQ(strict.corner, 1);
  const std::string text = DescriptiveStatisticsText(strict);
  EXPECT_THAT(text, HasSubstr("Pearson r(turnout, leader share): 0.9958 over 4 precincts"));
  EXPECT_THAT(text, HasSubstr("exactly 100 % turnout (ballots = registered voters): 1 of 5"));
  EXPECT_THAT(text, HasSubstr("turnout >= 96 % and leader share >= 96 %): 1 of 4 precincts"));
  const nlohmann::json json = DescriptiveStatisticsJson(strict);
  EXPECT_EQ(json["corner"]["turnout_at_least_percent"], 96);
  EXPECT_EQ(json["corner"]["precincts"], 1);
  EXPECT_EQ(json["full_turnout"], 1);
  EXPECT_EQ(json["leader_share"], "leader's votes / valid ballots");
}

TEST(DescriptiveStatisticsTest, NoCorrelationWithoutVariation) {
  precincts::PrecinctTable table;
  table.choice_names = {"A", "B"};
  Add(table, 100, 50, 50, 30, 20);
  Add(table, 200, 100, 100, 60, 40);
  const DescriptiveStatistics stats = ComputeDescriptiveStatistics(table, {});
  EXPECT_FALSE(stats.pearson_r.has_value());
  EXPECT_THAT(DescriptiveStatisticsText(stats), HasSubstr("leader share): n/a over 2"));
  EXPECT_TRUE(DescriptiveStatisticsJson(stats)["pearson_r_turnout_leader_share"].is_null());
}

}  // namespace
}  // namespace esep::fingerprints
