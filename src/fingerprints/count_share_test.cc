#include "fingerprints/count_share.h"

#include <vector>

#include <gtest/gtest.h>

namespace esep::fingerprints {
namespace {

TEST(CountShareTest, ComparesExactlyWhereDoublesWouldTie) {
  // 1/3 and 333333333/999999999 are equal; 333333333/1000000000 is smaller.
  EXPECT_TRUE((CountShare{1, 3} == CountShare{333333333, 999999999}));
  EXPECT_TRUE((CountShare{333333333, 1000000000} < CountShare{1, 3}));
  // Two shares 1 / (a.whole × b.whole) apart, equal as doubles.
  const CountShare a{536870912, 1073741823};
  const CountShare b{536870911, 1073741821};
  EXPECT_EQ(a.ToDouble(), b.ToDouble());
  EXPECT_TRUE(a < b);
  EXPECT_FALSE(b < a);
}

TEST(CountShareTest, NearestRankIsIntegerArithmetic) {
  EXPECT_EQ(NearestRank(4, 50), 2U);
  EXPECT_EQ(NearestRank(5, 50), 3U);
  EXPECT_EQ(NearestRank(100, 99), 99U);
  EXPECT_EQ(NearestRank(101, 99), 100U);
  EXPECT_EQ(NearestRank(1, 1), 1U);
  EXPECT_EQ(NearestRank(10, 1), 1U);
}

TEST(CountShareTest, MedianAndMadAreOrderStatistics) {
  // Shares 0, 1/10, 2/10, 3/10, 9/10: median 2/10; deviations 2,1,0,1,7 tenths: MAD 1/10.
  const std::vector<CountShare> shares = {{9, 10}, {0, 5}, {1, 10}, {2, 10}, {3, 10}};
  const MedianAndMad center = ComputeMedianAndMad(shares);
  EXPECT_TRUE((center.median == CountShare{1, 5}));
  EXPECT_DOUBLE_EQ(center.mad.ToDouble(), 0.1);
  // 9/10 − 2/10 = 7/10 > 5 × 1/10; 3/10 − 2/10 is not; 7/10 is not > 7 × 1/10 (equality).
  EXPECT_TRUE(ExceedsBy({9, 10}, center.median, 5, center.mad));
  EXPECT_FALSE(ExceedsBy({3, 10}, center.median, 5, center.mad));
  EXPECT_FALSE(ExceedsBy({9, 10}, center.median, 7, center.mad));
  EXPECT_TRUE(ExceedsBy({9, 10}, center.median, 6, center.mad));
  // Below the median never exceeds, even with a zero MAD.
  EXPECT_FALSE(ExceedsBy({0, 10}, center.median, 0, center.mad));
}

TEST(CountShareTest, OrderStatisticPicksTheKthSmallest) {
  std::vector<CountShare> shares = {{3, 4}, {1, 4}, {1, 2}, {0, 1}};
  EXPECT_TRUE((OrderStatistic(shares, 1) == CountShare{0, 7}));
  EXPECT_TRUE((OrderStatistic(shares, 3) == CountShare{2, 4}));
  EXPECT_TRUE((OrderStatistic(shares, 4) == CountShare{6, 8}));
}

}  // namespace
}  // namespace esep::fingerprints
