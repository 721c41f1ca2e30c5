#include "law/district_winner.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace esep::law {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(DistrictWinnerTest, PluralityWinnerAndMargin) {
  const std::vector<CandidateVotes> candidates = {
      {"Bekov", "Amanat", 41000},
      {"Serikova", "Independent", 29500},
      {"Omarov", "Auyl", 12000},
  };
  Result<DistrictOutcome> outcome =
      DecideDistrict(candidates, int64_t{8000}, DistrictTieBreak::kLot, 0);
  ASSERT_TRUE(outcome.has_value()) << outcome.error().ToString();
  EXPECT_EQ(outcome->kind, DistrictOutcomeKind::kElected);
  EXPECT_EQ(outcome->winner, 0u);
  EXPECT_EQ(outcome->runner_up, 1u);
  EXPECT_EQ(outcome->margin, 11500);
  EXPECT_THAT(outcome->steps,
              Contains("Bekov has the most votes (41,000), 11,500 ahead of Serikova."));
}

TEST(DistrictWinnerTest, WinnerNeedNotBeListedFirst) {
  const std::vector<CandidateVotes> candidates = {{"A", "", 10}, {"B", "", 30}, {"C", "", 25}};
  Result<DistrictOutcome> outcome =
      DecideDistrict(candidates, int64_t{0}, DistrictTieBreak::kLot, 0);
  ASSERT_TRUE(outcome.has_value()) << outcome.error().ToString();
  EXPECT_EQ(outcome->winner, 1u);
  EXPECT_EQ(outcome->runner_up, 2u);
  EXPECT_EQ(outcome->margin, 5);
}

TEST(DistrictWinnerTest, SingleCandidateWinsByAllTheirVotes) {
  const std::vector<CandidateVotes> candidates = {{"A", "", 300}};
  Result<DistrictOutcome> outcome =
      DecideDistrict(candidates, int64_t{100}, DistrictTieBreak::kLot, 0);
  ASSERT_TRUE(outcome.has_value()) << outcome.error().ToString();
  EXPECT_EQ(outcome->kind, DistrictOutcomeKind::kElected);
  EXPECT_EQ(outcome->winner, 0u);
  EXPECT_EQ(outcome->runner_up, std::nullopt);
  EXPECT_EQ(outcome->margin, 300);
}

TEST(DistrictWinnerTest, TieDecidedByLotIsReproducibleFromTheSeed) {
  const std::vector<CandidateVotes> candidates = {{"A", "", 300}, {"B", "", 300}, {"C", "", 100}};
  // The same candidates in another order: the drawing must not depend on the order.
  const std::vector<CandidateVotes> reordered = {candidates[2], candidates[1], candidates[0]};
  std::vector<int> wins(2, 0);
  for (uint64_t seed = 0; seed < 64; ++seed) {
    SCOPED_TRACE(seed);
    Result<DistrictOutcome> first =
        DecideDistrict(candidates, int64_t{50}, DistrictTieBreak::kLot, seed);
    Result<DistrictOutcome> second =
        DecideDistrict(candidates, int64_t{50}, DistrictTieBreak::kLot, seed);
    Result<DistrictOutcome> other_order =
        DecideDistrict(reordered, int64_t{50}, DistrictTieBreak::kLot, seed);
    ASSERT_TRUE(first.has_value()) << first.error().ToString();
    ASSERT_TRUE(second.has_value()) << second.error().ToString();
    ASSERT_TRUE(other_order.has_value()) << other_order.error().ToString();
    EXPECT_EQ(first->kind, DistrictOutcomeKind::kElectedByLot);
    ASSERT_TRUE(first->winner.has_value());
    ASSERT_LT(*first->winner, 2u);
    EXPECT_EQ(first->winner, second->winner);
    EXPECT_EQ(first->steps, second->steps);
    ASSERT_TRUE(other_order->winner.has_value());
    EXPECT_EQ(candidates[*first->winner].name, reordered[*other_order->winner].name);
    // The other tied candidate is the runner-up, with a margin of zero.
    EXPECT_EQ(first->runner_up, 1 - *first->winner);
    EXPECT_EQ(first->margin, 0);
    EXPECT_THAT(first->steps,
                Contains(AllOf(HasSubstr(fmt::format("drawing of lots with seed {} elects {}", seed,
                                                     candidates[*first->winner].name)),
                               HasSubstr("A, B tie with 300 votes each"))));
    ++wins[*first->winner];
  }
  EXPECT_GT(wins[0], 0);
  EXPECT_GT(wins[1], 0);
}

TEST(DistrictWinnerTest, TieWithNoWinnerRuleElectsNoOne) {
  const std::vector<CandidateVotes> candidates = {{"A", "", 300}, {"B", "", 300}};
  Result<DistrictOutcome> outcome =
      DecideDistrict(candidates, int64_t{50}, DistrictTieBreak::kNoWinner, 0);
  ASSERT_TRUE(outcome.has_value()) << outcome.error().ToString();
  EXPECT_EQ(outcome->kind, DistrictOutcomeKind::kTieUndecided);
  EXPECT_EQ(outcome->winner, std::nullopt);
  EXPECT_THAT(outcome->steps, Contains(HasSubstr("elects no one in a tie")));
}

TEST(DistrictWinnerTest, AgainstAllLeadingElectsNoOne) {
  const std::vector<CandidateVotes> candidates = {{"A", "", 300}, {"B", "", 200}};
  Result<DistrictOutcome> outcome =
      DecideDistrict(candidates, int64_t{400}, DistrictTieBreak::kLot, 0);
  ASSERT_TRUE(outcome.has_value()) << outcome.error().ToString();
  EXPECT_EQ(outcome->kind, DistrictOutcomeKind::kAgainstAllLeads);
  EXPECT_EQ(outcome->winner, std::nullopt);
  EXPECT_EQ(outcome->runner_up, 0u);  // the best candidate
  EXPECT_EQ(outcome->margin, 100);    // against all's lead over the best candidate
  EXPECT_THAT(outcome->steps, Contains(HasSubstr("leads every candidate (best: A with 300)")));
}

TEST(DistrictWinnerTest, AgainstAllLeadingTiedCandidatesElectsNoOneWithoutALot) {
  // A and B tie, but "against all" beats both: no drawing of lots is held, whatever the
  // tie-break rule, and no step claims that anyone is elected.
  const std::vector<CandidateVotes> candidates = {{"A", "", 300}, {"B", "", 300}};
  for (const DistrictTieBreak tie_break : {DistrictTieBreak::kLot, DistrictTieBreak::kNoWinner}) {
    SCOPED_TRACE(DistrictTieBreakName(tie_break));
    Result<DistrictOutcome> outcome = DecideDistrict(candidates, int64_t{400}, tie_break, 9);
    ASSERT_TRUE(outcome.has_value()) << outcome.error().ToString();
    EXPECT_EQ(outcome->kind, DistrictOutcomeKind::kAgainstAllLeads);
    EXPECT_EQ(outcome->winner, std::nullopt);
    EXPECT_EQ(outcome->margin, 100);
    EXPECT_THAT(outcome->steps, Not(Contains(HasSubstr("elects A"))));
    EXPECT_THAT(outcome->steps, Not(Contains(HasSubstr("elects B"))));
  }
}

TEST(DistrictWinnerTest, AgainstAllEqualToTheWinnerDoesNotBlock) {
  const std::vector<CandidateVotes> candidates = {{"A", "", 300}, {"B", "", 200}};
  Result<DistrictOutcome> outcome =
      DecideDistrict(candidates, int64_t{300}, DistrictTieBreak::kLot, 0);
  ASSERT_TRUE(outcome.has_value()) << outcome.error().ToString();
  EXPECT_EQ(outcome->kind, DistrictOutcomeKind::kElected);
  EXPECT_EQ(outcome->winner, 0u);
  EXPECT_THAT(outcome->steps, Contains(HasSubstr("does not block the election")));
}

TEST(DistrictWinnerTest, AgainstAllNotPublishedIsSaid) {
  const std::vector<CandidateVotes> candidates = {{"A", "", 300}, {"B", "", 200}};
  Result<DistrictOutcome> outcome =
      DecideDistrict(candidates, std::nullopt, DistrictTieBreak::kLot, 0);
  ASSERT_TRUE(outcome.has_value()) << outcome.error().ToString();
  EXPECT_EQ(outcome->kind, DistrictOutcomeKind::kElected);
  EXPECT_THAT(outcome->steps, Contains(HasSubstr("'Against all' was not published")));

  Result<DistrictOutcome> published =
      DecideDistrict(candidates, int64_t{10}, DistrictTieBreak::kLot, 0);
  ASSERT_TRUE(published.has_value()) << published.error().ToString();
  EXPECT_THAT(published->steps, Not(Contains(HasSubstr("not published"))));
}

TEST(DistrictWinnerTest, NoVotesElectsNoOne) {
  const std::vector<CandidateVotes> candidates = {{"A", "", 0}, {"B", "", 0}};
  Result<DistrictOutcome> outcome =
      DecideDistrict(candidates, int64_t{0}, DistrictTieBreak::kLot, 0);
  ASSERT_TRUE(outcome.has_value()) << outcome.error().ToString();
  EXPECT_EQ(outcome->kind, DistrictOutcomeKind::kNoVotes);
  EXPECT_EQ(outcome->winner, std::nullopt);
}

TEST(DistrictWinnerTest, AgainstAllWithTheOnlyVotesLeads) {
  const std::vector<CandidateVotes> candidates = {{"A", "", 0}, {"B", "", 0}};
  Result<DistrictOutcome> outcome =
      DecideDistrict(candidates, int64_t{12}, DistrictTieBreak::kLot, 0);
  ASSERT_TRUE(outcome.has_value()) << outcome.error().ToString();
  EXPECT_EQ(outcome->kind, DistrictOutcomeKind::kAgainstAllLeads);
  EXPECT_EQ(outcome->winner, std::nullopt);
  EXPECT_EQ(outcome->margin, 12);
}

TEST(DistrictWinnerTest, BadInputIsAnErrorNotACrash) {
  struct Row {
    const char* name;
    std::vector<CandidateVotes> candidates;
    std::optional<int64_t> against_all;
    const char* want_message;
  };
  const Row rows[] = {
      {"no_candidates", {}, int64_t{0}, "no candidates"},
      {"negative_votes", {{"A", "", 10}, {"B", "", -5}}, int64_t{0}, "'B' has -5 votes"},
      {"duplicate_name", {{"Bekov", "", 10}, {"BEKOV", "", 20}}, int64_t{0}, "given twice"},
      {"negative_against_all", {{"A", "", 10}}, int64_t{-1}, "cannot be negative"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    Result<DistrictOutcome> outcome =
        DecideDistrict(row.candidates, row.against_all, DistrictTieBreak::kLot, 0);
    ASSERT_FALSE(outcome.has_value());
    EXPECT_EQ(outcome.error().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(outcome.error().message(), HasSubstr(row.want_message));
  }
}

TEST(DistrictWinnerTest, NamesOfOutcomesAndRules) {
  EXPECT_EQ(DistrictOutcomeName(DistrictOutcomeKind::kElected), "elected");
  EXPECT_EQ(DistrictOutcomeName(DistrictOutcomeKind::kElectedByLot), "elected-by-lot");
  EXPECT_EQ(DistrictOutcomeName(DistrictOutcomeKind::kTieUndecided), "tie-no-winner");
  EXPECT_EQ(DistrictOutcomeName(DistrictOutcomeKind::kAgainstAllLeads), "against-all-leads");
  EXPECT_EQ(DistrictOutcomeName(DistrictOutcomeKind::kNoVotes), "no-votes");
  EXPECT_EQ(DistrictTieBreakName(DistrictTieBreak::kLot), "lot");
  EXPECT_EQ(DistrictTieBreakName(DistrictTieBreak::kNoWinner), "none");
}

}  // namespace
}  // namespace esep::law
