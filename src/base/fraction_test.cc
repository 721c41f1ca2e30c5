// Tests for Fraction: normalisation, exact ordering, decimal rendering and parsing, and the
// percentage helpers.

#include "base/fraction.h"

#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace esep {
namespace {

constexpr int64_t kTwoTo62 = int64_t{1} << 62;

TEST(FractionTest, DefaultIsZero) {
  const Fraction zero;
  EXPECT_EQ(zero.numerator(), 0);
  EXPECT_EQ(zero.denominator(), 1);
  EXPECT_EQ(zero, Fraction::Whole(0));
}

TEST(FractionTest, StoresLowestTerms) {
  struct Case {
    const char* name;
    int64_t numerator;
    int64_t denominator;
    int64_t want_numerator;
    int64_t want_denominator;
  };
  const Case cases[] = {
      {"already_lowest", 2, 3, 2, 3},
      {"common_factor", 6, 4, 3, 2},
      {"whole", 10, 5, 2, 1},
      {"zero", 0, 7, 0, 1},
      {"large_common_factor", kTwoTo62, int64_t{1} << 40, int64_t{1} << 22, 1},
      {"coprime_large", kTwoTo62 + 1, kTwoTo62, kTwoTo62 + 1, kTwoTo62},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const Fraction f(c.numerator, c.denominator);
    EXPECT_EQ(f.numerator(), c.want_numerator);
    EXPECT_EQ(f.denominator(), c.want_denominator);
  }
}

TEST(FractionTest, EqualValuesAreEqual) {
  EXPECT_EQ(Fraction(1, 2), Fraction(50, 100));
  EXPECT_EQ(Fraction(0, 3), Fraction(0, 9));
  EXPECT_NE(Fraction(1, 2), Fraction(1, 3));
  EXPECT_EQ(Fraction(1, 2) <=> Fraction(3, 6), std::strong_ordering::equal);
}

TEST(FractionTest, FloorAndToString) {
  EXPECT_EQ(Fraction(7, 2).Floor(), 3);
  EXPECT_EQ(Fraction(6, 2).Floor(), 3);
  EXPECT_EQ(Fraction(1, 3).Floor(), 0);
  EXPECT_EQ(Fraction(10, 2).ToString(), "5");
  EXPECT_EQ(Fraction(6, 4).ToString(), "3/2");
  EXPECT_EQ(Fraction().ToString(), "0");
}

TEST(FractionTest, ComparesByCrossMultiplication) {
  struct Case {
    const char* name;
    Fraction smaller;
    Fraction larger;
  };
  const Case cases[] = {
      {"simple", Fraction(1, 3), Fraction(1, 2)},
      {"close", Fraction(333, 1000), Fraction(1, 3)},
      {"zero", Fraction(0, 1), Fraction(1, kTwoTo62)},
      // Products of these need more than 64 bits.
      {"wide_products", Fraction(kTwoTo62 - 1, kTwoTo62), Fraction(kTwoTo62, kTwoTo62 + 1)},
      {"wide_wholes", Fraction::Whole(kTwoTo62), Fraction::Whole(kTwoTo62 + 1)},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_LT(c.smaller, c.larger);
    EXPECT_GT(c.larger, c.smaller);
    EXPECT_LE(c.smaller, c.larger);
    EXPECT_FALSE(c.larger < c.smaller);
    EXPECT_NE(c.smaller, c.larger);
    EXPECT_EQ(c.smaller <=> c.larger, std::strong_ordering::less);
  }
}

TEST(FractionTest, ComparesExactlyWhereDoublesCannot) {
  // (2^62 + 1) / 2^62 and 2^62 / (2^62 - 1) are both 1 + ~2^-62, which rounds to exactly
  // 1.0 as a double. Exactly, a < b because (2^62 + 1)(2^62 - 1) = 2^124 - 1 < 2^124.
  const Fraction a(kTwoTo62 + 1, kTwoTo62);
  const Fraction b(kTwoTo62, kTwoTo62 - 1);
  const double a_double = static_cast<double>(a.numerator()) / static_cast<double>(a.denominator());
  const double b_double = static_cast<double>(b.numerator()) / static_cast<double>(b.denominator());
  ASSERT_EQ(a_double, b_double) << "the pair no longer shows what doubles get wrong";
  EXPECT_LT(a, b);
  EXPECT_NE(a, b);
  EXPECT_EQ(a <=> b, std::strong_ordering::less);
  EXPECT_EQ(b <=> a, std::strong_ordering::greater);

  // Whole numbers past 2^53: 2^62 and 2^62 + 1 are the same double.
  const Fraction big = Fraction::Whole(kTwoTo62);
  const Fraction bigger = Fraction::Whole(kTwoTo62 + 1);
  ASSERT_EQ(static_cast<double>(big.numerator()), static_cast<double>(bigger.numerator()));
  EXPECT_LT(big, bigger);
}

TEST(FractionTest, ToDecimalRoundsHalfUp) {
  struct Case {
    const char* name;
    Fraction value;
    int digits;
    const char* want;
  };
  const Case cases[] = {
      {"two_thirds", Fraction(2, 3), 3, "0.667"},
      {"one_third", Fraction(1, 3), 3, "0.333"},
      {"exact", Fraction(29, 4), 2, "7.25"},
      {"pads_zeros", Fraction(29, 4), 4, "7.2500"},
      {"leading_zero_in_fraction", Fraction(1, 20), 2, "0.05"},
      {"small_leading_zeros", Fraction(1, 1000), 3, "0.001"},
      {"half_rounds_up", Fraction(1, 8), 2, "0.13"},
      {"just_below_half_rounds_down", Fraction(1249, 10000), 2, "0.12"},
      {"half_at_zero_digits", Fraction(5, 2), 0, "3"},
      {"below_half_at_zero_digits", Fraction(7, 3), 0, "2"},
      {"carry_into_whole", Fraction(9995, 10000), 3, "1.000"},
      {"carry_through_digits", Fraction(99995, 10000), 3, "10.000"},
      {"no_carry_just_below", Fraction(99949, 100000), 3, "0.999"},
      {"zero", Fraction(), 2, "0.00"},
      {"zero_digits_whole", Fraction::Whole(42), 0, "42"},
      {"large", Fraction(kTwoTo62 + 1, 3), 1, "1537228672809129301.7"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(c.value.ToDecimal(c.digits), c.want);
  }
}

TEST(FractionTest, ParseDecimalAcceptsNumbers) {
  struct Case {
    const char* name;
    const char* text;
    Fraction want;
  };
  const Case cases[] = {
      {"whole", "5", Fraction::Whole(5)},
      {"decimal", "7.25", Fraction(29, 4)},
      {"percent", "5%", Fraction::Whole(5)},
      {"decimal_percent", "0.5%", Fraction(1, 2)},
      {"zero", "0", Fraction()},
      {"trailing_point", "3.", Fraction::Whole(3)},
      {"leading_point", ".5", Fraction(1, 2)},
      {"trailing_zeros", "7.250", Fraction(29, 4)},
      {"fifteen_digits", "999999999999999", Fraction::Whole(999999999999999)},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const Result<Fraction> got = Fraction::ParseDecimal(c.text);
    ASSERT_TRUE(got.has_value()) << got.error().ToString();
    EXPECT_EQ(*got, c.want);
  }
}

TEST(FractionTest, ParseDecimalRejectsOtherText) {
  const char* const cases[] = {
      "-5",
      "abc",
      "",
      "1.2.3",
      "%",
      ".",
      "5%%",
      " 5",
      "5 ",
      "+5",
      "1e3",
      "1,5",
      "5x",
      "1234567890123456",  // 16 digits
  };
  for (const char* text : cases) {
    SCOPED_TRACE(text);
    const Result<Fraction> got = Fraction::ParseDecimal(text);
    ASSERT_FALSE(got.has_value()) << "parsed as " << got->ToString();
    EXPECT_EQ(got.error().code(), StatusCode::kInvalidArgument);
    // The message quotes the text.
    EXPECT_NE(got.error().message().find(std::string("'") + text + "'"), std::string::npos)
        << got.error().message();
  }
}

TEST(FractionTest, FormatPercent) {
  struct Case {
    const char* name;
    int64_t part;
    int64_t whole;
    int digits;
    const char* want;
  };
  const Case cases[] = {
      {"one_third", 1, 3, 2, "33.33"},
      {"two_thirds", 2, 3, 2, "66.67"},
      {"all", 7, 7, 2, "100.00"},
      {"none", 0, 7, 1, "0.0"},
      {"half_up", 1, 8, 1, "12.5"},
      {"half_up_rounded", 1, 8, 0, "13"},
      {"carry", 99995, 100000, 2, "100.00"},
      {"zero_whole", 0, 0, 2, "–"},
      {"large", 3431510, 6862999, 3, "50.000"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(FormatPercent(c.part, c.whole, c.digits), c.want);
  }
}

TEST(FractionTest, ReachesPercentExactlyAtBoundary) {
  struct Case {
    const char* name;
    int64_t part;
    int64_t whole;
    Fraction percent;
    bool want;
  };
  const Case cases[] = {
      {"exactly_five", 5, 100, Fraction::Whole(5), true},
      {"one_below_five", 4, 100, Fraction::Whole(5), false},
      {"exactly_five_large", 50000, 1000000, Fraction::Whole(5), true},
      {"one_vote_short_large", 49999, 1000000, Fraction::Whole(5), false},
      {"exactly_seven_and_a_quarter", 29, 400, Fraction(29, 4), true},
      {"just_below_seven_and_a_quarter", 7249999, 100000000, Fraction(29, 4), false},
      {"exactly_seven_and_a_quarter_large", 7250000, 100000000, Fraction(29, 4), true},
      // A third of the votes reaches 33 1/3 % exactly; a hair less does not.
      {"third_at_third", 1, 3, Fraction(100, 3), true},
      {"third_minus_a_bit", 333333333333, 1000000000000, Fraction(100, 3), false},
      {"zero_percent", 0, 10, Fraction(), true},
      {"hundred_percent", 10, 10, Fraction::Whole(100), true},
      {"below_hundred", 9, 10, Fraction::Whole(100), false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(ReachesPercent(c.part, c.whole, c.percent), c.want);
  }
}

}  // namespace
}  // namespace esep
