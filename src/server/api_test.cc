// The commission server's API on loopback (internal/api_test_util.h): the route x role x scope
// test, generated from the router's route table (for every route, every role and a target in
// the user's own commission, one below it and another one, the answer is 403 exactly when the
// permission table, docs/roles.md, says no), and the sessions: login, logout, expiry, Origin.

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <gtest/gtest.h>
#include <unistd.h>

#include "access/permission_table.h"
#include "access/role.h"
#include "base/sha256.h"
#include "http/server.h"
#include "server/api_router.h"
#include "server/internal/api_test_util.h"
#include "server/route_rules.h"
#include "service/stored_election.h"
#include "storage/sqlite_store.h"

namespace esep::server {
namespace {

bhttp::verb VerbOf(const std::string& method) { return bhttp::string_to_verb(method); }

// A request of `route` aimed at a commission in `scope`: its target, body and headers, and
// whether the route has a target commission at all (the rest are asked as kOwn).
struct Aimed {
  std::string target;
  std::string body;
  Headers headers;
  bool scoped = true;
};

// nullopt for a route this test does not know how to aim (the test then fails: a new route needs
// its line here and its rule in route_rules.cc).
std::optional<Aimed> Aim(const http::Route& route, access::Scope scope,
                         const std::map<access::Scope, std::string>& target_users, int serial) {
  const std::string commission(CommissionIn(scope));
  const std::string& user = target_users.at(scope);
  const std::string& name = route.name;
  if (name == "auth.me" || name == "ratios.list") {
    return Aimed{.target = route.pattern, .scoped = false};
  }
  if (name == "auth.me.change") {
    return Aimed{
        .target = route.pattern, .body = R"({"display_name": "Renamed"})", .scoped = false};
  }
  if (name == "users.list" || name == "audit.list") {
    return Aimed{.target = route.pattern + "?commission=" + commission};
  }
  if (name == "users.add") {
    return Aimed{.target = route.pattern,
                 .body = nlohmann::json{{"login_name", "added-" + std::to_string(serial)},
                                        {"display_name", "Added"},
                                        {"role", "typist"},
                                        {"commission", commission},
                                        {"password", "another long password"}}
                             .dump()};
  }
  if (name == "users.get" || name == "users.disable") {
    return Aimed{.target = "/api/v1/users/" + user};
  }
  if (name == "users.change") {
    return Aimed{.target = "/api/v1/users/" + user,
                 .body = R"({"display_name": "Changed"})",
                 .headers = {{"If-Match", "\"1\""}}};
  }
  if (name == "commissions.get") {
    return Aimed{.target = "/api/v1/commissions/" + commission};
  }
  if (name == "commissions.children") {
    return Aimed{.target = "/api/v1/commissions/" + commission + "/children"};
  }
  // The double-entry routes (server/entry_routes.cc), on the commission's party-list protocol.
  const std::string protocol = "/api/v1/protocols/" + commission + ":list";
  const Headers version_0 = {{"If-Match", "\"0\""}};
  if (name == "commissions.protocols") {
    return Aimed{.target = "/api/v1/commissions/" + commission + "/protocols"};
  }
  if (name == "commissions.summary") {
    return Aimed{.target = "/api/v1/commissions/" + commission + "/summary"};
  }
  if (name == "protocols.versions") {
    return Aimed{.target = protocol + "/versions"};
  }
  if (name == "protocols.form") {
    return Aimed{.target = protocol + "/form"};
  }
  if (name == "entries.get") {
    return Aimed{.target = protocol + "/entries/1"};
  }
  if (name == "entries.claim") {
    return Aimed{.target = protocol + "/entries/1/claim", .headers = version_0};
  }
  if (name == "entries.save") {
    return Aimed{.target = protocol + "/entries/1",
                 .body = R"({"values": {"voters_on_list": 5}})",
                 .headers = {{"If-Match", "\"1\""}}};
  }
  if (name == "entries.finalise") {
    return Aimed{.target = protocol + "/entries/1/finalise", .body = "{}", .headers = version_0};
  }
  if (name == "entries.discard") {
    return Aimed{.target = protocol + "/entries/1", .headers = version_0};
  }
  if (name == "protocols.differences") {
    return Aimed{.target = protocol + "/differences"};
  }
  if (name == "protocols.resolution") {
    return Aimed{.target = protocol + "/resolution",
                 .body = R"({"resolution": "keep_first"})",
                 .headers = version_0};
  }
  if (name == "protocols.approve") {
    return Aimed{.target = protocol + "/approve", .headers = version_0};
  }
  if (name == "protocols.corrections") {
    return Aimed{.target = protocol + "/corrections",
                 .body = R"({"decision": {"number": "12/45", "date": "2026-12-08",
                             "commission": "TEC-abai", "reason": "a typing error"}})",
                 .headers = version_0};
  }
  if (name == "progress.get" || name == "events.stream") {
    return Aimed{.target = route.pattern + "?commission=" + commission};
  }
  // The scan routes (server/scan_routes.cc); SetUp stored a PDF on each commission's list.
  if (name == "scans.upload") {
    return Aimed{.target = protocol + "/scans",
                 .body = kPngScan + std::to_string(serial),
                 .headers = {{"Content-Type", "image/png"}}};
  }
  if (name == "scans.list") {
    return Aimed{.target = protocol + "/scans"};
  }
  if (name == "scans.get") {
    return Aimed{.target = "/api/v1/scans/" + Sha256Hex(PdfScanOf(commission))};
  }
  return std::nullopt;
}

TEST_F(ApiTest, EveryRouteRoleAndScopeFollowsThePermissionTable) {
  std::map<access::Role, std::string> cookies;
  for (const access::Role role : access::kAllRoles) {
    cookies[role] = LoginAs(access::RoleName(role));
    ASSERT_FALSE(cookies[role].empty());
  }
  int serial = 0;
  int checked = 0;
  for (const http::Route& route : routes_) {
    const std::optional<RouteRule> rule = RuleOf(route.name);
    ASSERT_TRUE(rule.has_value()) << route.name << " has no rule";
    if (rule->kind != RuleKind::kAction) {
      continue;  // login and logout: the tests below
    }
    for (const access::Role role : access::kAllRoles) {
      for (const access::Scope scope :
           {access::Scope::kOwn, access::Scope::kBelow, access::Scope::kOther}) {
        const std::optional<Aimed> aimed = Aim(route, scope, target_users_, ++serial);
        ASSERT_TRUE(aimed.has_value()) << route.name << ": the test cannot aim it";
        const bool allowed =
            access::Allowed(role, rule->action, aimed->scoped ? scope : access::Scope::kOwn);
        const Reply reply =
            Call(VerbOf(route.method), aimed->target, aimed->body, cookies[role], aimed->headers);
        const std::string where = route.name + " as " + std::string(access::RoleName(role)) +
                                  " on " + std::string(access::ScopeName(scope)) + ": " +
                                  std::to_string(reply.status) + " " + reply.body;
        if (allowed) {
          EXPECT_NE(reply.status, 401) << where;
          EXPECT_NE(reply.status, 403) << where;
          EXPECT_NE(reply.status, 0) << where;
        } else {
          EXPECT_EQ(reply.status, 403) << where;
        }
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, static_cast<int>(routes_.size() - 2) * 5 * 3);
}

// The routes of each action as docs/roles.md lists them ("`view_commission`
// `GET /commissions/{id}`; ..."): method and path (without the query) to the action.
std::map<std::pair<std::string, std::string>, access::Action> RoutesOfRolesDocument() {
  std::ifstream in("docs/roles.md");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t begin = text.find("The routes of each action");
  const size_t end = text.find("Logging in and out are not actions", begin);
  std::map<std::pair<std::string, std::string>, access::Action> routes;
  std::optional<access::Action> action;
  size_t at = begin;
  while (begin != std::string::npos && end != std::string::npos) {
    const size_t open = text.find('`', at);
    const size_t close = open == std::string::npos ? open : text.find('`', open + 1);
    if (close == std::string::npos || close > end) {
      break;
    }
    const std::string token = text.substr(open + 1, close - open - 1);
    at = close + 1;
    const size_t space = token.find(' ');
    if (space == std::string::npos) {
      action = access::ParseAction(token);
    } else if (action.has_value()) {
      std::string path = token.substr(space + 1);
      path = path.substr(0, path.find('?'));
      routes[{token.substr(0, space), "/api/v1" + path}] = *action;
    }
  }
  return routes;
}

TEST_F(ApiTest, EveryRouteHasTheActionOfTheRolesDocument) {
  const auto documented = RoutesOfRolesDocument();
  ASSERT_GE(documented.size(), 25U);
  for (const http::Route& route : routes_) {
    const std::optional<RouteRule> rule = RuleOf(route.name);
    ASSERT_TRUE(rule.has_value()) << route.name;
    if (rule->kind != RuleKind::kAction) {
      continue;
    }
    const auto found = documented.find({route.method, route.pattern});
    ASSERT_NE(found, documented.end())
        << route.method << " " << route.pattern << " is not in docs/roles.md";
    EXPECT_EQ(access::ActionName(found->second), access::ActionName(rule->action)) << route.name;
  }
}

TEST_F(ApiTest, EveryRouteNeedsASession) {
  for (const http::Route& route : routes_) {
    if (route.name == "auth.login") {
      continue;
    }
    const std::optional<Aimed> aimed =
        Aim(route, access::Scope::kOwn, target_users_, 0).value_or(Aimed{.target = route.pattern});
    const Reply reply = Call(VerbOf(route.method), aimed->target, aimed->body, "", aimed->headers);
    EXPECT_EQ(reply.status, 401) << route.name << ": " << reply.body;
    EXPECT_EQ(reply.json()["error"]["code"], "unauthenticated") << route.name;
  }
}

TEST_F(ApiTest, CrossOriginStateChangeIsRefused) {
  const std::string cookie = LoginAs("administrator");
  const Reply reply = Call(bhttp::verb::put, "/api/v1/auth/me", R"({"display_name": "X"})", cookie,
                           {{"Origin", "http://evil.example"}});
  EXPECT_EQ(reply.status, 403);
  const Reply login =
      Call(bhttp::verb::post, "/api/v1/auth/login",
           nlohmann::json{{"login_name", "administrator"}, {"password", kPassword}}.dump(), "",
           {{"Origin", "http://evil.example"}});
  EXPECT_EQ(login.status, 403);
}

TEST_F(ApiTest, LoginSetsACookieAndMeCountsDown) {
  const Reply login = Login("  Chair ", kPassword);
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(login.header("Set-Cookie").find("HttpOnly") != std::string::npos, true);
  EXPECT_NE(login.header("Set-Cookie").find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(login.header("Set-Cookie").find("Path=/"), std::string::npos);
  EXPECT_EQ(login.json()["user"]["login_name"], "chair");
  EXPECT_EQ(login.json()["user"].count("password_hash"), 0U);
  const std::string cookie = CookieOf(login);
  ASSERT_EQ(cookie.size(), access::kSessionTokenTextLength);

  clock_offset_ = 600;
  const Reply me = Call(bhttp::verb::get, "/api/v1/auth/me", "", cookie);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()["user"]["role"], "chair");
  EXPECT_EQ(me.json()["user"]["commission"], kOwnCommission);
  EXPECT_EQ(me.json()["session_seconds_left"], 1800);
  EXPECT_EQ(me.header("X-Esep-Session-Seconds"), "1800");

  // Within a minute of the last renewal a request does not renew again: the countdown goes on.
  clock_offset_ = 630;
  EXPECT_EQ(Call(bhttp::verb::get, "/api/v1/auth/me", "", cookie).json()["session_seconds_left"],
            1770);
  // Idle for the whole idle limit since the last renewal: over.
  clock_offset_ = 600 + 1800;
  const Reply idle = Call(bhttp::verb::get, "/api/v1/auth/me", "", cookie);
  EXPECT_EQ(idle.status, 401);
}

// The commands run on an I/O thread, where the session's renewal (a store write) may not be
// made: a command whose session is due for it runs on the worker pool instead, and is renewed
// there as any other request would be.
TEST_F(ApiTest, ACommandRenewsItsSessionWhenDue) {
  const std::string typist = LoginAs("typist");
  const std::string entry = "/api/v1/protocols/TC-abai-1:list/entries/1";
  clock_offset_ = 600;  // due: the last renewal (the login) is ten minutes old
  const Reply claimed =
      Call(bhttp::verb::post, entry + "/claim", "", typist, {{"If-Match", "\"0\""}});
  ASSERT_EQ(claimed.status, 200) << claimed.body;
  EXPECT_EQ(claimed.header("X-Esep-Session-Seconds"), "1800");
  // Not due again: the command runs on the I/O thread, the countdown goes on from the renewal
  // that the claim stored.
  clock_offset_ = 630;
  const Reply saved = Call(bhttp::verb::put, entry, R"({"values": {"voters_on_list": 1234}})",
                           typist, {{"If-Match", "\"1\""}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(saved.header("X-Esep-Session-Seconds"), "1770");
  EXPECT_EQ(Call(bhttp::verb::get, "/api/v1/auth/me", "", typist).json()["session_seconds_left"],
            1770);
  // Idle for the whole limit since that renewal: the command is refused, nothing applied.
  clock_offset_ = 600 + 1800;
  const Reply late =
      Call(bhttp::verb::post, entry + "/finalise", R"({})", typist, {{"If-Match", "\"2\""}});
  EXPECT_EQ(late.status, 401) << late.body;
}

TEST(TouchIntervalTest, AMinuteOrHalfTheIdleLimit) {
  EXPECT_EQ(TouchInterval({}), std::chrono::seconds(60));
  EXPECT_EQ(TouchInterval({.idle = std::chrono::seconds(10)}), std::chrono::seconds(5));
  EXPECT_EQ(TouchInterval({.idle = std::chrono::seconds(120)}), std::chrono::seconds(60));
}

TEST_F(ApiTest, ATokenReplayedAfterLogoutIsRefused) {
  const std::string cookie = LoginAs("observer");
  const Reply logout = Call(bhttp::verb::post, "/api/v1/auth/logout", "", cookie);
  ASSERT_EQ(logout.status, 200) << logout.body;
  EXPECT_NE(logout.header("Set-Cookie").find("Max-Age=0"), std::string::npos);
  const Reply replay = Call(bhttp::verb::get, "/api/v1/auth/me", "", cookie);
  EXPECT_EQ(replay.status, 401);
  const Reply again = Call(bhttp::verb::post, "/api/v1/auth/logout", "", cookie);
  EXPECT_EQ(again.status, 401);
}

TEST_F(ApiTest, LoginRefusalsLookAlikeAndBackOff) {
  const Reply wrong = Login("typist", "not the password at all");
  const Reply unknown = Login("nobody", "not the password at all");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.body, unknown.body);
  Login("typist", "not the password at all");
  Login("typist", "not the password at all");
  Login("typist", "not the password at all");
  // Three free failures, then a second after the fourth: the name must wait, even with the
  // right password.
  const Reply held = Login("typist", kPassword);
  EXPECT_EQ(held.status, 429) << held.body;
  EXPECT_EQ(held.header("Retry-After"), "1");
  clock_offset_ = 2;
  EXPECT_EQ(Login("typist", kPassword).status, 200);

  // The failures are in the log, with the login name; the administrator sees them.
  const std::string cookie = LoginAs("administrator");
  const Reply audit = Call(bhttp::verb::get, "/api/v1/audit?kind=login_failed", "", cookie);
  ASSERT_EQ(audit.status, 200) << audit.body;
  // "nobody" has no commission: outside every subtree, so only the typist's four show.
  ASSERT_EQ(audit.json()["events"].size(), 4U) << audit.body;
  EXPECT_EQ(audit.json()["events"][0]["details"]["login_name"], "typist");
  EXPECT_EQ(audit.json()["events"][0]["client_address"], "127.0.0.1");
  // A chair sees them without the addresses.
  const Reply chair =
      Call(bhttp::verb::get, "/api/v1/audit?kind=login_failed", "", LoginAs("chair"));
  ASSERT_EQ(chair.status, 200) << chair.body;
  EXPECT_FALSE(chair.json()["events"][0].contains("client_address"));
  // The unknown name's failure is the root's: the CEC's administrator sees all five.
  const Reply root =
      Call(bhttp::verb::get, "/api/v1/audit?kind=login_failed", "", LoginAs("cec.admin"));
  ASSERT_EQ(root.status, 200) << root.body;
  ASSERT_EQ(root.json()["events"].size(), 5U) << root.body;
  EXPECT_EQ(root.json()["events"][1]["details"]["login_name"], "nobody");
  EXPECT_EQ(root.json()["events"][1]["user"], "");
}

TEST_F(ApiTest, AFirstPasswordMustBeChangedBeforeAnythingElse) {
  const std::string cookie = LoginAs("newcomer");
  EXPECT_EQ(Call(bhttp::verb::get, "/api/v1/commissions/TEC-abai", "", cookie).status, 403);
  const Reply wrong =
      Call(bhttp::verb::put, "/api/v1/auth/me",
           R"({"password": "my own new password", "current_password": "wrong one here"})", cookie);
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(wrong.json()["error"]["field"], "current_password");
  const Reply weak =
      Call(bhttp::verb::put, "/api/v1/auth/me",
           nlohmann::json{{"password", "short"}, {"current_password", kPassword}}.dump(), cookie);
  EXPECT_EQ(weak.status, 400);
  EXPECT_EQ(weak.json()["error"]["field"], "password");
  const Reply changed = Call(
      bhttp::verb::put, "/api/v1/auth/me",
      nlohmann::json{{"password", "my own new password"}, {"current_password", kPassword}}.dump(),
      cookie);
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json()["user"]["must_change_password"], false);
  EXPECT_EQ(Call(bhttp::verb::get, "/api/v1/commissions/TEC-abai", "", cookie).status, 200);
  EXPECT_EQ(Login("newcomer", "my own new password").status, 200);
}

}  // namespace
}  // namespace esep::server
