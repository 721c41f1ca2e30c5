#include "http/cookie.h"

#include <gtest/gtest.h>

namespace esep::http {
namespace {

TEST(CookieTest, ParsesPairs) {
  Result<std::vector<Cookie>> cookies = ParseCookieHeader("a=1; __Host-session=abc_DEF-9; q=\"x\"");
  ASSERT_TRUE(cookies.has_value());
  ASSERT_EQ(cookies->size(), 3u);
  EXPECT_EQ((*cookies)[0].name, "a");
  EXPECT_EQ((*cookies)[1].value, "abc_DEF-9");
  EXPECT_EQ((*cookies)[2].value, "x");
  EXPECT_EQ(ParseCookieHeader("a=1;").value().size(), 1u);
  EXPECT_EQ(ParseCookieHeader("a=").value()[0].value, "");
}

TEST(CookieTest, RefusesMalformed) {
  for (const char* bad : {"", "a", "=1", "a b=1", "a=1;;b=2", "a=x y", "a=\"", "a=1,2", "a=\\",
                          "a=\x7f", "a=\xC3\xA4", "a(=1"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(ParseCookieHeader(bad).has_value());
  }
}

TEST(CookieTest, BuildsSetCookie) {
  EXPECT_EQ(*BuildSetCookie("__Host-session", "t0k3n",
                            {.max_age_seconds = 900, .transport = Transport::kTls}),
            "__Host-session=t0k3n; Path=/; Max-Age=900; HttpOnly; SameSite=Strict; Secure");
  EXPECT_EQ(*BuildSetCookie("session", "", {.max_age_seconds = 0}),
            "session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
  EXPECT_EQ(CookieName("session", Transport::kTls), "__Host-session");
  EXPECT_EQ(CookieName("session", Transport::kPlain), "session");
}

TEST(CookieTest, RefusesBadSetCookie) {
  EXPECT_FALSE(BuildSetCookie("__Host-s", "v", {.max_age_seconds = 1}).has_value());
  EXPECT_FALSE(BuildSetCookie("a;b", "v", {}).has_value());
  EXPECT_FALSE(BuildSetCookie("a", "v; Domain=evil", {}).has_value());
  EXPECT_FALSE(BuildSetCookie("a", "v\r\nX: y", {}).has_value());
  EXPECT_FALSE(BuildSetCookie("a", "v", {.max_age_seconds = -1}).has_value());
}

TEST(CookieTest, CookieValueFromRequest) {
  Request request;
  request.headers.insert(boost::beast::http::field::cookie, "x=1; session=abc");
  EXPECT_EQ(CookieValue(request, "session"), "abc");
  EXPECT_EQ(CookieValue(request, "none"), "");
  Request malformed;
  malformed.headers.insert(boost::beast::http::field::cookie, "session=a b");
  EXPECT_EQ(CookieValue(malformed, "session"), "");
}

}  // namespace
}  // namespace esep::http
