// Tests for the text helpers: Trim, NormalizeName, ParseCount, GroupThousands and
// EscapeControlCharacters.

#include "base/text.h"

#include <cstdint>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace esep {
namespace {

TEST(TextTest, TrimRemovesAsciiWhitespaceAtBothEnds) {
  struct Case {
    const char* name;
    std::string_view text;
    std::string_view want;
  };
  const Case cases[] = {
      {"empty", "", ""},
      {"only_space", " \t\r\n ", ""},
      {"nothing_to_trim", "Amanat", "Amanat"},
      {"both_ends", "  Ak Zhol \t", "Ak Zhol"},
      {"crlf", "42\r\n", "42"},
      {"inner_space_kept", " a  b ", "a  b"},
      {"other_whitespace_kept", "\v42\f", "\v42\f"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Trim(c.text), c.want);
  }
}

TEST(TextTest, TrimReturnsViewIntoInput) {
  const std::string text = "  votes ";
  const std::string_view trimmed = Trim(text);
  EXPECT_EQ(trimmed.data(), text.data() + 2);
  EXPECT_EQ(trimmed.size(), 5u);
}

TEST(TextTest, NormalizeNameFoldsCaseAndCollapsesSpaces) {
  struct Case {
    const char* name;
    std::string_view text;
    const char* want;
  };
  const Case cases[] = {
      {"lower", "against all", "against all"},
      {"title_case", "Against All", "against all"},
      {"upper_and_double_space", "AGAINST  ALL", "against all"},
      {"tab_and_edges", " Against\tall \r\n", "against all"},
      {"empty", "", ""},
      {"only_space", "   ", ""},
      // Only ASCII letters are folded; UTF-8 bytes pass through unchanged.
      {"non_ascii", "Партия Amanat", "Партия amanat"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(NormalizeName(c.text), c.want);
  }
}

TEST(TextTest, ParseCountAcceptsWholeNumbers) {
  struct Case {
    const char* name;
    std::string_view text;
    int64_t want;
  };
  const Case cases[] = {
      {"zero", "0", 0},
      {"plain", "1234", 1234},
      {"padded", " 42 ", 42},
      {"tab_and_crlf", "\t42\r\n", 42},
      {"leading_zeros", "007", 7},
      {"limit", "1000000000000000", 1'000'000'000'000'000},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const Result<int64_t> got = ParseCount(c.text);
    ASSERT_TRUE(got.has_value()) << got.error().ToString();
    EXPECT_EQ(*got, c.want);
  }
}

TEST(TextTest, ParseCountRejectsEverythingElse) {
  struct Case {
    const char* name;
    std::string_view text;
    const char* want_in_message;
  };
  const Case cases[] = {
      {"negative", "-1", "'-1' is negative"},
      {"decimal", "1.5", "'1.5' is not a whole number"},
      {"exponent", "1e3", "'1e3' is not a whole number"},
      {"thousands_separator", "1,000", "'1,000' is not a whole number"},
      {"inner_space", "1 000", "'1 000' is not a whole number"},
      {"plus_sign", "+1", "'+1' is not a whole number"},
      {"letters", "abc", "'abc' is not a whole number"},
      {"empty", "", "empty"},
      {"space", " ", "empty"},
      {"above_limit", "1000000000000001", "larger than 10^15"},
      {"would_overflow", "99999999999999999999999", "larger than 10^15"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const Result<int64_t> got = ParseCount(c.text);
    ASSERT_FALSE(got.has_value()) << "parsed as " << *got;
    EXPECT_EQ(got.error().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(got.error().message().find(c.want_in_message), std::string::npos)
        << got.error().message();
  }
}

TEST(TextTest, GroupThousandsInsertsCommas) {
  struct Case {
    const char* name;
    int64_t value;
    const char* want;
  };
  // Every digit count from 1 to 7 so that each remainder mod 3 is covered.
  const Case cases[] = {
      {"zero", 0, "0"},
      {"one_digit", 7, "7"},
      {"two_digits", 12, "12"},
      {"three_digits", 123, "123"},
      {"four_digits", 1234, "1,234"},
      {"five_digits", 12345, "12,345"},
      {"six_digits", 123456, "123,456"},
      {"seven_digits", 3431510, "3,431,510"},
      {"eight_digits", 12345678, "12,345,678"},
      {"round", 1000000, "1,000,000"},
      {"negative", -1234, "-1,234"},
      {"negative_two_digits", -12, "-12"},
      {"max", INT64_MAX, "9,223,372,036,854,775,807"},
      {"min", INT64_MIN, "-9,223,372,036,854,775,808"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(GroupThousands(c.value), c.want);
  }
}

TEST(TextTest, FindInvalidUtf8) {
  struct Case {
    const char* name;
    std::string text;
    size_t want;
  };
  constexpr size_t kValid = std::string_view::npos;
  const Case cases[] = {
      {"ascii", "Amanat,3431510", kValid},
      {"kazakh_latin", "Qarağandy Mäjilis Türkistan", kValid},
      {"cyrillic", "\xD0\x95\xD1\x81\xD0\xB5\xD0\xBF", kValid},  // "Есеп"
      {"four_bytes", "\xF0\x9F\x97\xB3", kValid},                // U+1F5F3 (ballot box)
      {"latin1_byte",
       "Qara\xF0"
       "andy",
       4},  // Windows-1254 "ğ"
      {"lone_continuation", "a\x80", 1},
      {"overlong_slash", "\xC0\xAF", 0},
      {"overlong_three", "\xE0\x80\xAF", 0},
      {"surrogate", "\xED\xA0\x80", 0},
      {"above_max", "\xF4\x90\x80\x80", 0},
      {"truncated", "ab\xE2\x82", 2},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(FindInvalidUtf8(c.text), c.want);
  }
}

TEST(TextTest, EscapeControlCharactersMakesEveryControlByteVisible) {
  struct Case {
    const char* name;
    std::string_view text;
    std::string_view want;
  };
  using std::string_view_literals::operator""sv;
  const Case cases[] = {
      {"plain", "Amanat 42", "Amanat 42"},
      {"newline_and_tab_kept", "a\tb\nc", "a\tb\nc"},
      {"nul", "a\0b"sv, "a\\0b"},
      {"escape_sequence", "\x1b[2J\x1b]0;title\x07", "\\e[2J\\e]0;title\\x07"},
      {"carriage_return", "ok\rFORGED", "ok\\rFORGED"},
      {"delete", "a\x7f", "a\\x7F"},
      {"backslash_doubled", "C:\\x1b", "C:\\\\x1b"},
      {"cyrillic_and_kazakh_kept", "Аманат Қазақстан", "Аманат Қазақстан"},
      {"c1_control",
       "a\xc2\x9b"
       "31m",
       "a\\u009B31m"},
      {"nbsp_kept",
       "a\xc2\xa0"
       "b",
       "a\xc2\xa0"
       "b"},
      {"invalid_utf8", "a\xff\xc3", "a\\xFF\\xC3"},
      {"truncated_sequence", "\xe2\x82", "\\xE2\\x82"},
      {"four_bytes_kept", "\xf0\x9f\x97\xb3", "\xf0\x9f\x97\xb3"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(EscapeControlCharacters(c.text), c.want);
  }
}

}  // namespace
}  // namespace esep
