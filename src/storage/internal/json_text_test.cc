#include "storage/internal/json_text.h"

#include <cstdint>
#include <limits>
#include <string>

#include <gtest/gtest.h>

namespace esep::storage::internal {
namespace {

std::string Encoded(std::string_view text) {
  std::string out;
  AppendJsonString(out, text);
  return out;
}

TEST(JsonTextTest, StringsRoundTripByteForByte) {
  const std::string all_controls = [] {
    std::string text;
    for (int c = 0; c < 0x20; ++c) {
      text.push_back(static_cast<char>(c));
    }
    return text;
  }();
  for (const std::string& text :
       {std::string(""), std::string("Шымкент"), std::string("\"\\/"), all_controls}) {
    SCOPED_TRACE(text);
    const std::string encoded = Encoded(text);
    CanonicalReader reader(encoded);
    std::string back;
    ASSERT_TRUE(reader.String(back));
    EXPECT_TRUE(reader.AtEnd());
    EXPECT_EQ(back, text);
  }
  EXPECT_EQ(Encoded(std::string("\x00\x1f\t", 3)), R"("\u0000\u001f\t")");
}

TEST(JsonTextTest, EachMalformedByteBecomesOneReplacementCharacter) {
  EXPECT_EQ(Encoded("a\xff\xfe"
                    "b"),
            "\"a\xEF\xBF\xBD\xEF\xBF\xBD"
            "b\"");
}

TEST(JsonTextTest, IntegersAcrossTheWholeRange) {
  for (int64_t value : {int64_t{0}, int64_t{-1}, int64_t{42}, std::numeric_limits<int64_t>::max(),
                        std::numeric_limits<int64_t>::min()}) {
    SCOPED_TRACE(value);
    std::string text;
    AppendJsonInt(text, value);
    CanonicalReader reader(text);
    int64_t back = 0;
    ASSERT_TRUE(reader.Int(back));
    EXPECT_TRUE(reader.AtEnd());
    EXPECT_EQ(back, value);
  }
  for (const char* bad :
       {"", "-", "00", "-0", "01", "9223372036854775808", "-9223372036854775809", "+1"}) {
    SCOPED_TRACE(bad);
    CanonicalReader reader(bad);
    int64_t value = 7;
    EXPECT_FALSE(reader.Int(value));
    EXPECT_EQ(reader.offset(), 0u);
    EXPECT_EQ(value, 7);
  }
}

TEST(JsonTextTest, ReaderRefusesStringsTheWriterNeverWrites) {
  for (const char* bad : {R"("\u0041")", R"("\u000A")", R"("\u000a")", "\"a\nb\"", R"("\x")",
                          "\"\xff\"", R"("open)"}) {
    SCOPED_TRACE(bad);
    CanonicalReader reader(bad);
    std::string value;
    EXPECT_FALSE(reader.String(value));
    EXPECT_EQ(reader.offset(), 0u);
  }
}

}  // namespace
}  // namespace esep::storage::internal
