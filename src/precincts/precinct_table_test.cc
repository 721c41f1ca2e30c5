#include "precincts/precinct_table.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace esep::precincts {
namespace {

PrecinctTable TwoChoices() {
  PrecinctTable table;
  table.choice_names = {"A", "B"};
  return table;
}

TEST(PrecinctTableTest, AddsRowsInColumnsAndGroupsInFirstSeenOrder) {
  PrecinctTable table = TwoChoices();
  ASSERT_TRUE(table
                  .Add({.id = "P1",
                        .group = "T2",
                        .registered = 100,
                        .ballots = 60,
                        .valid = 58,
                        .added_on_day = 3,
                        .mobile_ballots = 4,
                        .votes = {40, 18}})
                  .ok());
  ASSERT_TRUE(table
                  .Add({.id = "P2",
                        .group = "T1",
                        .registered = 200,
                        .ballots = 90,
                        .valid = 90,
                        .added_on_day = 0,
                        .mobile_ballots = 0,
                        .votes = {30, 60}})
                  .ok());
  ASSERT_TRUE(table
                  .Add({.id = "P3",
                        .group = "T2",
                        .registered = 50,
                        .ballots = 50,
                        .valid = 49,
                        .votes = {25, 24}})
                  .ok());
  EXPECT_EQ(table.size(), 3U);
  EXPECT_EQ(table.group_names, (std::vector<std::string>{"T2", "T1"}));
  EXPECT_EQ(table.group, (std::vector<uint32_t>{0, 1, 0}));
  EXPECT_EQ(table.Votes(1, 1), 60);
  EXPECT_EQ(table.VotesOf(2)[0], 25);
  EXPECT_EQ(table.TotalVotes(0), 95);
  EXPECT_EQ(table.TotalVotes(1), 102);
  EXPECT_EQ(table.Leader(), 1U);
  EXPECT_EQ(table.TotalRegistered(), 350);
  EXPECT_EQ(table.TotalBallots(), 200);
  EXPECT_FALSE(table.has_added_on_day);  // P3 lacks it
  EXPECT_EQ(table.added_on_day[2], 0);
}

TEST(PrecinctTableTest, RegionsAreIndexedLikeGroups) {
  PrecinctTable table = TwoChoices();
  for (const char* region : {"north", "north", "south", "north"}) {
    ASSERT_TRUE(table
                    .Add({.id = fmt::format("P{}", table.size()),
                          .group = "T",
                          .region = region,
                          .registered = 10,
                          .ballots = 5,
                          .valid = 5,
                          .votes = {3, 2}})
                    .ok());
  }
  EXPECT_EQ(table.region_names, (std::vector<std::string>{"north", "south"}));
  EXPECT_EQ(table.region, (std::vector<uint32_t>{0, 0, 1, 0}));
  EXPECT_EQ(table.group, (std::vector<uint32_t>{0, 0, 0, 0}));
  EXPECT_TRUE(table.skipped.empty());
}

TEST(PrecinctTableTest, RefusesImpossibleRowsAndStaysUnchanged) {
  PrecinctTable table = TwoChoices();
  const Status over =
      table.Add({.id = "P9", .registered = 10, .ballots = 11, .valid = 11, .votes = {11, 0}});
  EXPECT_EQ(over.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(over.message().find("P9"), std::string::npos);
  EXPECT_NE(over.message().find("100%"), std::string::npos);
  EXPECT_FALSE(
      table.Add({.id = "P8", .registered = 10, .ballots = 5, .valid = 5, .votes = {5}}).ok());
  EXPECT_FALSE(
      table.Add({.id = "P7", .registered = 10, .ballots = 5, .valid = 5, .votes = {4, 2}}).ok());
  EXPECT_FALSE(table
                   .Add({.id = "P6",
                         .registered = 10,
                         .ballots = 5,
                         .valid = 5,
                         .mobile_ballots = -1,
                         .votes = {4, 1}})
                   .ok());
  EXPECT_FALSE(table
                   .Add({.id = "P5",
                         .registered = 10,
                         .ballots = 5,
                         .valid = 5,
                         .issued = -1,
                         .votes = {4, 1}})
                   .ok());
  EXPECT_FALSE(table
                   .Add({.id = "P4",
                         .registered = 10,
                         .ballots = 5,
                         .valid = 5,
                         .invalid = -1,
                         .votes = {4, 1}})
                   .ok());
  EXPECT_EQ(table.size(), 0U);
  EXPECT_TRUE(table.votes.empty());
  EXPECT_TRUE(table.group_names.empty());
}

// Ballots issued and invalid ballots are optional columns: 0 where unknown, and the table says
// whether every precinct has them. An issued figure above the list is kept (the test that divides
// by it decides what to do), unlike ballots found above the list.
TEST(PrecinctTableTest, IssuedAndInvalidAreOptionalColumns) {
  PrecinctTable table = TwoChoices();
  ASSERT_TRUE(table
                  .Add({.id = "P1",
                        .registered = 100,
                        .ballots = 60,
                        .valid = 58,
                        .issued = 101,
                        .invalid = 2,
                        .votes = {30, 28}})
                  .ok());
  EXPECT_TRUE(table.has_issued);
  EXPECT_TRUE(table.has_invalid);
  ASSERT_TRUE(
      table.Add({.id = "P2", .registered = 100, .ballots = 50, .valid = 50, .votes = {30, 20}})
          .ok());
  EXPECT_FALSE(table.has_issued);
  EXPECT_FALSE(table.has_invalid);
  EXPECT_EQ(table.issued, (std::vector<int64_t>{101, 0}));
  EXPECT_EQ(table.invalid, (std::vector<int64_t>{2, 0}));
}

}  // namespace
}  // namespace esep::precincts
