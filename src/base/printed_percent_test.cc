#include "base/printed_percent.h"

#include <gtest/gtest.h>

namespace esep {
namespace {

PrintedPercent Parse(std::string_view text) {
  Result<PrintedPercent> printed = ParsePrintedPercent(text);
  EXPECT_TRUE(printed.has_value()) << text;
  return printed.has_value() ? *printed : PrintedPercent{};
}

TEST(PrintedPercentTest, ParsesWhatPublishersPrint) {
  EXPECT_EQ(Parse("57.02%").scaled, 5702);
  EXPECT_EQ(Parse("57.02%").decimals, 2);
  EXPECT_EQ(Parse(" 43 ").scaled, 43);
  EXPECT_EQ(Parse("43").decimals, 0);
  EXPECT_EQ(Parse("100.000000").decimals, 6);
}

TEST(PrintedPercentTest, RefusesWhatIsNotAPercentage) {
  for (const char* text :
       {"", "%", ".5", "5.", "1.2.3", "-1", "100.01", "101", "5.1234567", "12a", "1e3"}) {
    EXPECT_FALSE(ParsePrintedPercent(text).has_value()) << text;
  }
}

// 1 / 8 = 12.5 % exactly: halfway between 12 and 13 printed with no decimals. Half up prints 13,
// half down and half to even print 12; both are honest, so both are consistent.
TEST(PrintedPercentTest, AnExactHalfIsConsistentWithBothNeighbours) {
  EXPECT_TRUE(WithinRounding(1, 8, Parse("12")));
  EXPECT_TRUE(WithinRounding(1, 8, Parse("13")));
  EXPECT_FALSE(WithinRounding(1, 8, Parse("11")));
  EXPECT_FALSE(WithinRounding(1, 8, Parse("14")));
  // 12.5 % printed with one decimal must be exactly 12.5.
  EXPECT_TRUE(WithinRounding(1, 8, Parse("12.5")));
  EXPECT_FALSE(WithinRounding(1, 8, Parse("12.4")));
  EXPECT_FALSE(WithinRounding(1, 8, Parse("12.6")));
}

// Just inside and just outside the interval, two decimals: 4,291 / 10,000 = 42.91 %;
// 42.905 % is the lower edge of "42.91".
TEST(PrintedPercentTest, TheIntervalIsClosedAndNoWider) {
  EXPECT_TRUE(WithinRounding(4291, 10000, Parse("42.91%")));
  EXPECT_TRUE(WithinRounding(8581, 20000, Parse("42.91%")));     // 42.905 % exactly
  EXPECT_FALSE(WithinRounding(85809, 200000, Parse("42.91%")));  // 42.9045 %
  EXPECT_TRUE(WithinRounding(8583, 20000, Parse("42.91%")));     // 42.915 % exactly
  EXPECT_FALSE(WithinRounding(85831, 200000, Parse("42.91%")));  // 42.9155 %
}

// Astana, 2023: 42.91 % printed, 43.2380 % by its own counts (docs/forensics-published.md).
TEST(PrintedPercentTest, ThePublishedAstanaTurnoutIsInconsistent) {
  EXPECT_FALSE(WithinRounding(341118, 788931, Parse("42.91%")));
}

// Moved with the functions from published/published_checks_test.cc.
TEST(PrintedPercentTest, ReadsDigitsAndDecimals) {
  Result<PrintedPercent> p = ParsePrintedPercent("57.02%");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->scaled, 5702);
  EXPECT_EQ(p->decimals, 2);
  p = ParsePrintedPercent("43");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->scaled, 43);
  EXPECT_EQ(p->decimals, 0);
  for (const char* bad : {"", "%", "abc", "-1", "100.01", "1.", ".5", "1.2345678", "5 %x"}) {
    EXPECT_FALSE(ParsePrintedPercent(bad).has_value()) << bad;
  }
}

TEST(WithinRoundingTest, InsideAndOutside) {
  // 1/3 = 33.333...%.
  EXPECT_TRUE(WithinRounding(1, 3, {3333, 2}));
  EXPECT_FALSE(WithinRounding(1, 3, {3334, 2}));
  EXPECT_TRUE(WithinRounding(1, 3, {333, 1}));
  EXPECT_FALSE(WithinRounding(1, 3, {334, 1}));
}

TEST(WithinRoundingTest, ExactlyHalfwayIsWithinEitherWay) {
  // 1/16 = 6.25 % exactly: printed with one decimal, 6.2 and 6.3 are both a rounding of it.
  EXPECT_TRUE(WithinRounding(1, 16, {62, 1}));
  EXPECT_TRUE(WithinRounding(1, 16, {63, 1}));
  EXPECT_FALSE(WithinRounding(1, 16, {61, 1}));
  EXPECT_FALSE(WithinRounding(1, 16, {64, 1}));
  // 1/8 = 12.5 %: 12 and 13 (no decimals) are the two edges.
  EXPECT_TRUE(WithinRounding(1, 8, {12, 0}));
  EXPECT_TRUE(WithinRounding(1, 8, {13, 0}));
  EXPECT_FALSE(WithinRounding(1, 8, {14, 0}));
}

}  // namespace
}  // namespace esep
