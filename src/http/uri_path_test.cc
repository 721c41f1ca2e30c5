#include "http/uri_path.h"

#include <gtest/gtest.h>

namespace esep::http {
namespace {

TEST(UriPathTest, DecodesEscapes) {
  EXPECT_EQ(*PercentDecode("P-1%3Alist"), "P-1:list");
  EXPECT_EQ(*PercentDecode("a%20b%2Fc%2fd"), "a b/c/d");
  EXPECT_EQ(*PercentDecode("a+b"), "a+b");
  EXPECT_EQ(*PercentDecode("%C3%A4"), "\xC3\xA4");
}

TEST(UriPathTest, RefusesBadEscapesAndControls) {
  for (const char* bad : {"%", "%4", "%G0", "a%zz", "%00", "a%0a", "%7F", "a\tb"}) {
    SCOPED_TRACE(bad);
    Result<std::string> decoded = PercentDecode(bad);
    ASSERT_FALSE(decoded.has_value());
    EXPECT_EQ(decoded.error().code(), StatusCode::kInvalidArgument);
  }
}

TEST(UriPathTest, SplitsIntoDecodedSegments) {
  EXPECT_EQ(*SplitPath("/"), std::vector<std::string>{});
  EXPECT_EQ(*SplitPath("/a/b%20c"), (std::vector<std::string>{"a", "b c"}));
  EXPECT_EQ(*SplitPath("/a/"), (std::vector<std::string>{"a", ""}));
  EXPECT_EQ(*SplitPath("/a%2Fb"), (std::vector<std::string>{"a/b"}));
  EXPECT_FALSE(SplitPath("").has_value());
  EXPECT_FALSE(SplitPath("a/b").has_value());
  EXPECT_FALSE(SplitPath("/a/%zz").has_value());
}

}  // namespace
}  // namespace esep::http
