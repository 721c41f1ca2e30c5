#include "http/router.h"

#include <gtest/gtest.h>

namespace esep::http {
namespace {

Response Ok(const Request&) { return Response::Json(200, {{"ok", true}}); }

Route MakeRoute(std::string method, std::string pattern, std::string name) {
  return {.method = std::move(method),
          .pattern = std::move(pattern),
          .name = std::move(name),
          .handler = Ok};
}

TEST(RouterTest, MatchesParametersDecoded) {
  Router router;
  ASSERT_TRUE(
      router.Add(MakeRoute("GET", "/api/v1/protocols/{id}/entries/{n}", "entries.get")).ok());
  RouteMatch match = router.Match("GET", "/api/v1/protocols/P-1%3Alist/entries/2");
  ASSERT_EQ(match.outcome, MatchOutcome::kFound);
  EXPECT_EQ(match.route->name, "entries.get");
  EXPECT_EQ(match.params,
            (std::vector<std::pair<std::string, std::string>>{{"id", "P-1:list"}, {"n", "2"}}));
}

TEST(RouterTest, NoPathNoMethodBadPath) {
  Router router;
  ASSERT_TRUE(router.Add(MakeRoute("GET", "/api/v1/users/{id}", "users.get")).ok());
  ASSERT_TRUE(router.Add(MakeRoute("PUT", "/api/v1/users/{id}", "users.put")).ok());
  EXPECT_EQ(router.Match("GET", "/api/v1/users").outcome, MatchOutcome::kNoPath);
  EXPECT_EQ(router.Match("GET", "/api/v1/users/").outcome, MatchOutcome::kNoPath);
  EXPECT_EQ(router.Match("GET", "/api/v1/users/a/b").outcome, MatchOutcome::kNoPath);
  RouteMatch method = router.Match("DELETE", "/api/v1/users/7");
  EXPECT_EQ(method.outcome, MatchOutcome::kNoMethod);
  EXPECT_EQ(method.allow, "GET, PUT");
  EXPECT_EQ(router.Match("GET", "/api/v1/users/%zz").outcome, MatchOutcome::kBadPath);
  EXPECT_EQ(router.Match("get", "/api/v1/users/7").outcome, MatchOutcome::kNoMethod);
}

TEST(RouterTest, LiteralSegmentWinsOverParameter) {
  Router router;
  ASSERT_TRUE(router.Add(MakeRoute("GET", "/api/v1/users/{id}", "users.get")).ok());
  ASSERT_TRUE(router.Add(MakeRoute("GET", "/api/v1/users/me", "users.me")).ok());
  EXPECT_EQ(router.Match("GET", "/api/v1/users/me").route->name, "users.me");
  EXPECT_EQ(router.Match("GET", "/api/v1/users/mo").route->name, "users.get");
}

TEST(RouterTest, RefusesMalformedAndDuplicateRoutes) {
  Router router;
  ASSERT_TRUE(router.Add(MakeRoute("GET", "/a/{id}", "a")).ok());
  EXPECT_EQ(router.Add(MakeRoute("GET", "/b", "a")).code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(router.Add(MakeRoute("GET", "/a/{id}", "b")).code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(router.Add(MakeRoute("GET", "a", "c")).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(router.Add(MakeRoute("GET", "/a/{}", "d")).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(router.Add(MakeRoute("GET", "/a/{x", "e")).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(router.Add(MakeRoute("GET", "/{x}/{x}", "f")).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(router.Add(MakeRoute("", "/g", "g")).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(router.Add(MakeRoute("GET", "/h", "")).code(), StatusCode::kInvalidArgument);
  Route no_handler = MakeRoute("GET", "/i", "i");
  no_handler.handler = nullptr;
  EXPECT_EQ(router.Add(no_handler).code(), StatusCode::kInvalidArgument);
  ASSERT_EQ(router.routes().size(), 1u);
  EXPECT_EQ(router.routes()[0].name, "a");
}

TEST(RouterTest, TableIsEnumerableInOrder) {
  Router router;
  ASSERT_TRUE(router.Add(MakeRoute("GET", "/x", "x")).ok());
  ASSERT_TRUE(router.Add(MakeRoute("POST", "/y", "y")).ok());
  ASSERT_EQ(router.routes().size(), 2u);
  EXPECT_EQ(router.routes()[1].method, "POST");
  EXPECT_EQ(router.routes()[1].pattern, "/y");
}

}  // namespace
}  // namespace esep::http
