#include "published/round_numbers.h"

#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "published/party_list_audit.h"

namespace esep::published {
namespace {

TEST(ClosenessProbability, CountsVoteCountsOverOneCycle) {
  // base 4000, 0.1 % grid: 1000 * v mod 4000 is 0, 1000, 2000, 3000 (g = 1000, m = 4).
  // Distance 0: only residue 0 -> 1/4.
  EXPECT_EQ(ClosenessProbability(4000, 1000, 0), Fraction(1, 4));
  // Distance 1000 (one vote): residues 0, 1000, 3000 -> 3/4.
  EXPECT_EQ(ClosenessProbability(4000, 1000, 1000), Fraction(3, 4));
  // Distance 2000 (half a step): everything.
  EXPECT_EQ(ClosenessProbability(4000, 1000, 2000), Fraction(1, 1));
  // base 7, grid 1000: gcd 1, residues 0..6, within 2 of 0 or 7: {0, 1, 2, 5, 6} -> 5/7.
  EXPECT_EQ(ClosenessProbability(7, 1000, 2), Fraction(5, 7));
  // base 20000, 0.1 % grid: 20 votes a step; within 0.05 step = 1000 scaled = 1 vote:
  // residues 0, 1000, 19000 of 20 -> 3/20.
  EXPECT_EQ(ClosenessProbability(20000, 1000, 1000), Fraction(3, 20));
}

TEST(PoissonBinomialTail, MatchesHandComputedCases) {
  const std::vector<Fraction> p = {Fraction(1, 2), Fraction(1, 4), Fraction(1, 10)};
  EXPECT_DOUBLE_EQ(static_cast<double>(PoissonBinomialTail(p, 0)), 1.0);
  // P(none) = 1/2 * 3/4 * 9/10 = 27/80; P(>= 1) = 53/80.
  EXPECT_DOUBLE_EQ(static_cast<double>(PoissonBinomialTail(p, 1)), 53.0 / 80.0);
  // P(all three) = 1/80; P(exactly two) = 1/2*1/4*9/10 + 1/2*3/4*1/10 + 1/2*1/4*1/10
  // = (9 + 3 + 1) / 80; P(>= 2) = 14/80.
  EXPECT_DOUBLE_EQ(static_cast<double>(PoissonBinomialTail(p, 2)), 14.0 / 80.0);
  EXPECT_DOUBLE_EQ(static_cast<double>(PoissonBinomialTail(p, 3)), 1.0 / 80.0);
  EXPECT_DOUBLE_EQ(static_cast<double>(PoissonBinomialTail(p, 4)), 0.0);
}

TEST(TestRoundNumbers, ShareExactlyOnAGridPointIsDistanceZero) {
  // 4321 of 10000 is exactly 43.21 %: on the 0.01 % grid, off the 0.1 % grid by 0.01 pp.
  const std::vector<Share> shares = {{"a", 4321, 10000}};
  const Result<RoundNumberTest> fine = TestRoundNumbers(shares, kGrid001Percent);
  ASSERT_TRUE(fine.has_value());
  EXPECT_EQ(fine->shares[0].nearest_point, 4321);
  EXPECT_EQ(fine->shares[0].scaled_distance, 0);
  EXPECT_TRUE(fine->shares[0].close);
  EXPECT_EQ(fine->shares[0].p_at_least_as_close, Fraction(1, 1));  // base 10000: every v is
  const Result<RoundNumberTest> coarse = TestRoundNumbers(shares, kGrid01Percent);
  ASSERT_TRUE(coarse.has_value());
  EXPECT_EQ(coarse->shares[0].nearest_point, 432);
  EXPECT_EQ(coarse->shares[0].scaled_distance, 1000);  // one vote
  EXPECT_FALSE(coarse->shares[0].close);               // 20 * 1000 > 10000
  // A large base where doubles would blur it: 1234567 * 1000 of 1234567000 exactly 0.1 %.
  const std::vector<Share> big = {{"b", 1234567, 1234567000}};
  const Result<RoundNumberTest> exact = TestRoundNumbers(big, kGrid01Percent);
  ASSERT_TRUE(exact.has_value());
  EXPECT_EQ(exact->shares[0].nearest_point, 1);
  EXPECT_EQ(exact->shares[0].scaled_distance, 0);
  // One vote per residue: only v = 0 mod 1234567 lands on a point -> 1 / 1234567.
  EXPECT_EQ(exact->shares[0].p_at_least_as_close, Fraction(1, 1234567));
  // One vote more is 1000 scaled units away.
  const std::vector<Share> off = {{"c", 1234568, 1234567000}};
  EXPECT_EQ(TestRoundNumbers(off, kGrid01Percent)->shares[0].scaled_distance, 1000);
}

TEST(TestRoundNumbers, FlagsADeliberatelyRoundedSet) {
  // Twelve shares of a base of 6,524,487 fabricated to sit exactly on a 0.1 % point.
  const int64_t base = 6'524'487;
  std::vector<Share> rounded;
  for (int64_t permille : {539, 109, 84, 82, 66, 51, 22, 38, 120, 7, 15, 300}) {
    // The vote count nearest permille / 1000 of the base.
    rounded.push_back({"x", ((2 * permille * base) + 1000) / 2000, base});
  }
  const Result<RoundNumberTest> test = TestRoundNumbers(rounded, kGrid01Percent);
  ASSERT_TRUE(test.has_value());
  EXPECT_EQ(test->close_count, 12);
  EXPECT_LT(test->p_value, 1e-10L);  // about 0.1^12
  EXPECT_GT(test->p_value, 0.0L);
  // The same votes moved off the grid by a third of a step are not flagged.
  std::vector<Share> unrounded = rounded;
  for (Share& share : unrounded) {
    share.votes += base / 3000;
  }
  const Result<RoundNumberTest> plain = TestRoundNumbers(unrounded, kGrid01Percent);
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->close_count, 0);
  EXPECT_EQ(plain->p_value, 1.0L);
}

TEST(TestRoundNumbers, RejectsImpossibleShares) {
  const std::vector<Share> bad = {{"Red", 11, 10}};
  const Result<RoundNumberTest> test = TestRoundNumbers(bad, kGrid01Percent);
  ASSERT_FALSE(test.has_value());
  EXPECT_THAT(test.error().message(), testing::HasSubstr("share 'Red' has votes 11 of base 10"));
  const std::vector<Share> zero = {{"Blue", 0, 0}};
  EXPECT_FALSE(TestRoundNumbers(zero, kGrid01Percent).has_value());
}

TEST(AuditPartyList, SumsTheRegionsWhenNoNationalRowAndUsesListsPlusAgainstAll) {
  const model::ElectionDefinition definition(
      model::ElectionDefinitionParts{.parties = {{.short_name = "Red"}, {.short_name = "Blue"}}});
  model::PublishedListResults results;
  model::ListResultRow north{
      .published_name = "North", .party_votes = {600, 300}, .against_all = 100, .invalid = 55};
  model::ListResultRow south{.published_name = "South", .party_votes = {1, 2}, .against_all = 0};
  results.regions = {north, south};
  const Result<PartyListAudit> audit = AuditPartyList(definition, results, 0.01L);
  ASSERT_TRUE(audit.has_value());
  EXPECT_FALSE(audit->national_published);
  ASSERT_EQ(audit->national_01.shares.size(), 3U);
  EXPECT_EQ(audit->national_01.shares[0].share.votes, 601);
  EXPECT_EQ(audit->national_01.shares[0].share.base, 1003);  // invalid not in the base
  EXPECT_EQ(audit->national_01.shares[2].share.label, "national | against all");
  EXPECT_EQ(audit->regions_01.shares.size(), 6U);
  EXPECT_EQ(audit->regions_01.shares[0].share.base, 1000);
  EXPECT_EQ(audit->regions_01.shares[0].share.label, "North | Red");
  ASSERT_EQ(audit->by_region.size(), 2U);
  EXPECT_EQ(audit->by_region[1].region, "South");
  // South: 1, 2, 0 of 3 -> 33.333..., 66.666..., 0 %: only "against all" (0) is on a point.
  EXPECT_EQ(audit->by_region[1].grid_01.close_count, 1);
}

}  // namespace
}  // namespace esep::published
