// The commission server's API on loopback: a real http::Server over a temporary store holding
// the 2023 Majilis definition with a territorial commission and a precinct added below
// TEC-abai, driven by a real Beast client.
//
// The route × role × scope test is generated from the router's route table: for every route,
// every role and a target in the user's own commission, one below it and another one, the answer
// is 403 exactly when the permission table (docs/roles.md) says no.

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
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <unistd.h>

#include "access/permission_table.h"
#include "access/role.h"
#include "base/sha256.h"
#include "http/server.h"
#include "server/api_router.h"
#include "server/route_rules.h"
#include "service/stored_election.h"
#include "storage/sqlite_store.h"

namespace esep::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr std::string_view kOwnCommission = "TEC-abai";
constexpr std::string_view kBelowCommission = "TC-abai-1";
constexpr std::string_view kOtherCommission = "TEC-akmola";
constexpr std::string_view kPassword = "a long enough password";

// The PDF scan stored on each scope's commission's party-list protocol, for the route test.
std::string PdfScanOf(std::string_view commission) { return "%PDF-1.7 " + std::string(commission); }
const std::string kPngScan = std::string("\x89PNG\r\n\x1A\n", 8) + "a photo";

struct Reply {
  int status = 0;
  bhttp::fields headers;
  std::string body;
  nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
  std::string header(std::string_view name) const { return std::string(headers[name]); }
};

// One request and its answer on `stream`.
template <typename Stream>
Reply Exchange(Stream& stream, bhttp::verb method, const std::string& target,
               const std::string& body, const Headers& headers) {
  bhttp::request<bhttp::string_body> request{method, target, 11};
  request.set(bhttp::field::host, "127.0.0.1");
  if (!body.empty()) {
    request.set(bhttp::field::content_type, "application/json");
  }
  for (const auto& [name, value] : headers) {
    request.set(name, value);
  }
  request.body() = body;
  request.prepare_payload();
  bhttp::write(stream, request);
  bhttp::response_parser<bhttp::string_body> parser;
  beast::flat_buffer buffer;
  beast::error_code error;
  bhttp::read_header(stream, buffer, parser, error);
  Reply reply;
  if (error) {
    return reply;
  }
  // An event stream stays open: its status and headers are the answer.
  if (parser.get()[bhttp::field::content_type] != "text/event-stream") {
    bhttp::read(stream, buffer, parser, error);
  }
  if (!error) {
    reply.status = static_cast<int>(parser.get().result_int());
    reply.headers = parser.get().base();
    reply.body = parser.get().body();
  }
  return reply;
}

// One request on a fresh connection, under TLS when `tls` (the test's self-signed certificate
// is not verified).
Reply Send(uint16_t port, bool tls, bhttp::verb method, const std::string& target,
           const std::string& body, const Headers& headers) {
  asio::io_context io;
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
  if (!tls) {
    beast::tcp_stream stream(io);
    stream.connect(endpoint);
    return Exchange(stream, method, target, body, headers);
  }
  asio::ssl::context context(asio::ssl::context::tls_client);
  context.set_verify_mode(asio::ssl::verify_none);
  beast::ssl_stream<beast::tcp_stream> stream(io, context);
  beast::get_lowest_layer(stream).connect(endpoint);
  beast::error_code error;
  stream.handshake(asio::ssl::stream_base::client, error);
  if (error) {
    return {};
  }
  return Exchange(stream, method, target, body, headers);
}

// A self-signed certificate for 127.0.0.1, made with OpenSSL's API.
bool WriteSelfSignedCertificate(const std::filesystem::path& cert,
                                const std::filesystem::path& key) {
  EVP_PKEY* pkey = EVP_EC_gen("P-256");
  X509* x509 = X509_new();
  if (pkey == nullptr || x509 == nullptr) {
    return false;
  }
  ASN1_INTEGER_set(X509_get_serialNumber(x509), 1);
  X509_gmtime_adj(X509_getm_notBefore(x509), 0);
  X509_gmtime_adj(X509_getm_notAfter(x509), 3600);
  X509_set_pubkey(x509, pkey);
  X509_NAME* name = X509_get_subject_name(x509);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(x509, name);
  bool ok = X509_sign(x509, pkey, EVP_sha256()) > 0;
  FILE* cert_file = std::fopen(cert.c_str(), "wb");
  FILE* key_file = std::fopen(key.c_str(), "wb");
  ok = ok && cert_file != nullptr && key_file != nullptr && PEM_write_X509(cert_file, x509) == 1 &&
       PEM_write_PrivateKey(key_file, pkey, nullptr, nullptr, 0, nullptr, nullptr) == 1;
  if (cert_file != nullptr) {
    std::fclose(cert_file);
  }
  if (key_file != nullptr) {
    std::fclose(key_file);
  }
  X509_free(x509);
  EVP_PKEY_free(pkey);
  return ok;
}

std::chrono::sys_seconds Start() {
  return std::chrono::sys_days(std::chrono::year(2026) / 12 / 7) + std::chrono::hours(8);
}

std::string_view CommissionIn(access::Scope scope) {
  switch (scope) {
    case access::Scope::kOwn:
      return kOwnCommission;
    case access::Scope::kBelow:
      return kBelowCommission;
    case access::Scope::kOther:
      return kOtherCommission;
  }
  return kOtherCommission;
}

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string base = ::testing::TempDir() + "esep-api-" + std::to_string(::getpid());
    directory_ = base + "-election";
    path_ = base + ".db";
    Cleanup();
    std::filesystem::create_directories(directory_);
    const std::filesystem::path source = "data/elections/kz-majilis-2023";
    std::filesystem::copy_file(source / "election.json", directory_ / "election.json");
    std::filesystem::copy_file(source / "commissions.csv", directory_ / "commissions.csv");
    {
      std::ofstream out(directory_ / "commissions.csv", std::ios::app);
      out << "TC-abai-1,territorial,TEC-abai,Semey city territorial commission,abai,,\n"
          << "PEC-abai-0001,precinct,TC-abai-1,Precinct 1,abai,8,\n";
    }
    Result<service::StoredElection> election =
        service::ReadDirectoryDefinition(directory_.string());
    ASSERT_TRUE(election.has_value()) << election.error().ToString();
    Result<std::unique_ptr<storage::Store>> store = storage::OpenSqliteStore(path_);
    ASSERT_TRUE(store.has_value());
    ASSERT_TRUE(
        (*store)
            ->SetDefinition(election->sha256, *election->files, election->definition->rule_set())
            .ok());

    access::PasswordHasher hasher({.parameters = access::kTestOnlyPasswordHashParameters});
    Result<std::string> hash = hasher.Hash(kPassword);
    ASSERT_TRUE(hash.has_value());
    const storage::EventActor actor{.user_id = "cli", .time = Start(), .client_address = "local"};
    auto add = [&](const std::string& login, access::Role role, std::string_view commission,
                   bool must_change) {
      access::User user{.login_name = login,
                        .display_name = login,
                        .role = role,
                        .commission_id = std::string(commission),
                        .must_change_password = must_change,
                        .password_hash = *hash};
      Result<storage::StoredUser> added = (*store)->AddUser(user, actor);
      EXPECT_TRUE(added.has_value()) << added.error().ToString();
      return added.has_value() ? added->user.id : std::string();
    };
    for (const access::Role role : access::kAllRoles) {
      add(std::string(access::RoleName(role)), role, kOwnCommission, false);
    }
    for (const access::Scope scope :
         {access::Scope::kOwn, access::Scope::kBelow, access::Scope::kOther}) {
      target_users_[scope] = add("target-" + std::string(access::ScopeName(scope)),
                                 access::Role::kObserver, CommissionIn(scope), false);
    }
    add("newcomer", access::Role::kTypist, kOwnCommission, true);
    add("second.typist", access::Role::kTypist, kOwnCommission, false);
    add("cec.admin", access::Role::kAdministrator, "CEC", false);
    for (const access::Scope scope :
         {access::Scope::kOwn, access::Scope::kBelow, access::Scope::kOther}) {
      const std::string_view commission = CommissionIn(scope);
      ASSERT_TRUE((*store)
                      ->AddScan(std::string(commission) + ":list", "application/pdf",
                                PdfScanOf(commission), actor)
                      .has_value());
    }

    Result<std::shared_ptr<ApiContext>> context = MakeApiContext(
        std::move(*store), path_,
        {.hasher = {.parameters = access::kTestOnlyPasswordHashParameters},
         .clock = [this] { return Start() + std::chrono::seconds(clock_offset_.load()); }});
    ASSERT_TRUE(context.has_value()) << context.error().ToString();
    context_ = *context;
    Result<http::Router> router = BuildApiRouter(context_);
    ASSERT_TRUE(router.has_value()) << router.error().ToString();
    routes_ = router->routes();
    http::ServerOptions options{.worker_threads = 2};
    if (tls_) {
      ASSERT_TRUE(WriteSelfSignedCertificate(directory_ / "cert.pem", directory_ / "key.pem"));
      options.tls = http::TlsFiles{directory_ / "cert.pem", directory_ / "key.pem"};
    }
    Result<std::unique_ptr<http::Server>> server = http::Server::Start(options, std::move(*router));
    ASSERT_TRUE(server.has_value()) << server.error().ToString();
    server_ = std::move(*server);
    origin_ =
        (tls_ ? "https" : "http") + std::string("://127.0.0.1:") + std::to_string(server_->port());
  }

  void TearDown() override {
    if (server_ != nullptr) {
      server_->Stop();
    }
    server_.reset();
    context_.reset();
    Cleanup();
  }

  void Cleanup() {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path_ + suffix);
    }
    std::filesystem::remove_all(directory_);
  }

  Reply Call(bhttp::verb method, const std::string& target, const std::string& body = "",
             const std::string& cookie = "", Headers extra = {}) {
    if (!cookie.empty()) {
      extra.emplace_back("Cookie", CookieName() + "=" + cookie);
    }
    if (method != bhttp::verb::get && method != bhttp::verb::head &&
        std::none_of(extra.begin(), extra.end(),
                     [](const auto& h) { return h.first == "Origin"; })) {
      extra.emplace_back("Origin", origin_);
    }
    return Send(server_->port(), tls_, method, target, body, extra);
  }

  Reply Login(std::string_view login, std::string_view password) {
    return Call(bhttp::verb::post, "/api/v1/auth/login",
                nlohmann::json{{"login_name", login}, {"password", password}}.dump());
  }

  std::string CookieName() const { return tls_ ? "__Host-esep_session" : "esep_session"; }

  // The session cookie's value of a successful login; "" otherwise.
  std::string CookieOf(const Reply& reply) const {
    const std::string set_cookie = reply.header("Set-Cookie");
    const std::string prefix = CookieName() + "=";
    if (set_cookie.rfind(prefix, 0) != 0) {
      return {};
    }
    return set_cookie.substr(prefix.size(), set_cookie.find(';') - prefix.size());
  }

  std::string LoginAs(std::string_view login) {
    const Reply reply = Login(login, kPassword);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return CookieOf(reply);
  }

  bool tls_ = false;  // set by a derived fixture before SetUp
  std::filesystem::path directory_;
  std::string path_;
  std::map<access::Scope, std::string> target_users_;
  std::atomic<int64_t> clock_offset_{0};
  std::shared_ptr<ApiContext> context_;
  std::vector<http::Route> routes_;
  std::unique_ptr<http::Server> server_;
  std::string origin_;
};

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

TEST_F(ApiTest, BodiesAreCheckedFieldByField) {
  const std::string cookie = LoginAs("administrator");
  const Reply unknown = Call(bhttp::verb::put, "/api/v1/auth/me",
                             R"({"display_name": "A", "role": "chair"})", cookie);
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.json()["error"]["field"], "role");
  const Reply type = Call(bhttp::verb::put, "/api/v1/auth/me", R"({"display_name": 7})", cookie);
  EXPECT_EQ(type.status, 400);
  EXPECT_EQ(type.json()["error"]["field"], "display_name");
  const Reply missing = Call(bhttp::verb::post, "/api/v1/users",
                             R"({"login_name": "x-1", "display_name": "X", "role": "typist",
                                 "commission": "TEC-abai"})",
                             cookie);
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.json()["error"]["field"], "password");
}

TEST_F(ApiTest, AnAdministratorManagesAccountsWithVersions) {
  const std::string cookie = LoginAs("administrator");
  const Reply added =
      Call(bhttp::verb::post, "/api/v1/users",
           R"({"login_name": " New.Typist ", "display_name": "New", "role": "typist",
                               "commission": "TC-abai-1", "password": "a first password here"})",
           cookie);
  ASSERT_EQ(added.status, 201) << added.body;
  const std::string id = added.json()["id"];
  EXPECT_EQ(added.json()["login_name"], "new.typist");
  EXPECT_EQ(added.json()["must_change_password"], true);
  EXPECT_EQ(added.header("ETag"), "\"1\"");
  EXPECT_EQ(Call(bhttp::verb::post, "/api/v1/users", added.body, cookie).status, 400);

  const Reply no_version =
      Call(bhttp::verb::put, "/api/v1/users/" + id, R"({"role": "coordinator"})", cookie);
  EXPECT_EQ(no_version.status, 422);
  const Reply changed = Call(bhttp::verb::put, "/api/v1/users/" + id, R"({"role": "coordinator"})",
                             cookie, {{"If-Match", "\"1\""}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json()["role"], "coordinator");
  EXPECT_EQ(changed.json()["version"], 2);
  const Reply stale = Call(bhttp::verb::put, "/api/v1/users/" + id, R"({"role": "typist"})", cookie,
                           {{"If-Match", "\"1\""}});
  EXPECT_EQ(stale.status, 412);
  const Reply moved = Call(bhttp::verb::put, "/api/v1/users/" + id,
                           R"({"commission": "TEC-akmola"})", cookie, {{"If-Match", "\"2\""}});
  EXPECT_EQ(moved.status, 403);

  const Reply listed = Call(bhttp::verb::get, "/api/v1/users?commission=TC-abai-1", "", cookie);
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(listed.json()["users"].size(), 2U) << listed.body;  // target-below and the new one

  const Reply disabled = Call(bhttp::verb::delete_, "/api/v1/users/" + id, "", cookie);
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_EQ(disabled.json()["disabled"], true);
  EXPECT_EQ(Login("new.typist", "a first password here").status, 401);
}

TEST_F(ApiTest, CommissionsAndRatiosAreData) {
  const std::string cookie = LoginAs("observer");
  const Reply children =
      Call(bhttp::verb::get, "/api/v1/commissions/TEC-abai/children", "", cookie);
  ASSERT_EQ(children.status, 200) << children.body;
  ASSERT_EQ(children.json()["children"].size(), 1U);
  EXPECT_EQ(children.json()["children"][0]["id"], "TC-abai-1");
  EXPECT_EQ(children.json()["children"][0]["children"], 1);
  EXPECT_EQ(Call(bhttp::verb::get, "/api/v1/commissions/NOPE", "", cookie).status, 404);
  const Reply ratios = Call(bhttp::verb::get, "/api/v1/ratios", "", cookie);
  ASSERT_EQ(ratios.status, 200);
  EXPECT_EQ(ratios.json()["rule_set"], "kz-majilis-2023");
  EXPECT_EQ(ratios.json()["ratios"][0]["id"], "KZ-01");
}

class ApiTlsTest : public ApiTest {
 protected:
  ApiTlsTest() { tls_ = true; }
};

TEST_F(ApiTlsTest, TheSessionCookieIsSecureAndHostPrefixed) {
  const Reply login = Login("chair", kPassword);
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string set_cookie = login.header("Set-Cookie");
  EXPECT_EQ(set_cookie.rfind("__Host-esep_session=", 0), 0U) << set_cookie;
  EXPECT_NE(set_cookie.find("; Secure"), std::string::npos) << set_cookie;
  const std::string cookie = CookieOf(login);
  EXPECT_EQ(Call(bhttp::verb::get, "/api/v1/auth/me", "", cookie).status, 200);
  // The same token under the unprefixed name is no session under TLS.
  EXPECT_EQ(
      Call(bhttp::verb::get, "/api/v1/auth/me", "", "", {{"Cookie", "esep_session=" + cookie}})
          .status,
      401);
}

bool HasRoute(const std::vector<http::Route>& routes, std::string_view name) {
  return std::any_of(routes.begin(), routes.end(),
                     [&](const http::Route& route) { return route.name == name; });
}

TEST_F(ApiTest, ATypistTypesAnEntryThatOnlyTheyRead) {
  ASSERT_TRUE(HasRoute(routes_, "entries.claim"));
  const std::string typist = LoginAs("typist");
  const std::string other = LoginAs("second.typist");
  const std::string entry = "/api/v1/protocols/TC-abai-1:list/entries/1";

  const Reply form = Call(bhttp::verb::get, "/api/v1/protocols/TC-abai-1:list/form", "", typist);
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_EQ(form.json()["protocol"], "TC-abai-1:list");
  EXPECT_EQ(form.json()["lines"][0]["key"], "voters_on_list");
  EXPECT_EQ(Call(bhttp::verb::get, "/api/v1/protocols/NOPE:list/form", "", typist).status, 404);

  const Reply claimed =
      Call(bhttp::verb::post, entry + "/claim", "", typist, {{"If-Match", "\"0\""}});
  ASSERT_EQ(claimed.status, 200) << claimed.body;
  EXPECT_EQ(claimed.json()["status"], "first_entry_in_progress");
  EXPECT_EQ(claimed.header("ETag"), "\"1\"");

  const Reply saved = Call(bhttp::verb::put, entry,
                           R"({"values": {"voters_on_list": 1234, "ballots_received": null}})",
                           typist, {{"If-Match", "\"1\""}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  const Reply stale = Call(bhttp::verb::put, entry, R"({"values": {"voters_on_list": 1}})", typist,
                           {{"If-Match", "\"1\""}});
  EXPECT_EQ(stale.status, 412) << stale.body;
  const Reply negative = Call(bhttp::verb::put, entry, R"({"values": {"voters_on_list": -1}})",
                              typist, {{"If-Match", "\"2\""}});
  EXPECT_EQ(negative.status, 400);
  EXPECT_EQ(negative.json()["error"]["field"], "values.voters_on_list");
  const Reply unknown = Call(bhttp::verb::put, entry, R"({"values": {"no_such_line": 1}})", typist,
                             {{"If-Match", "\"2\""}});
  EXPECT_EQ(unknown.status, 400) << unknown.body;
  EXPECT_EQ(unknown.json()["error"]["field"], "values.no_such_line");

  const Reply read = Call(bhttp::verb::get, entry, "", typist);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.json()["values"]["voters_on_list"], 1234);
  EXPECT_TRUE(read.json()["values"]["ballots_received"].is_null());
  EXPECT_TRUE(read.json()["values"].contains("valid_ballots"));
  EXPECT_EQ(read.json()["state"], "in_progress");
  EXPECT_EQ(read.json()["version"], 2);

  // The other typist neither reads nor saves it.
  EXPECT_EQ(Call(bhttp::verb::get, entry, "", other).status, 403);
  EXPECT_NE(
      Call(bhttp::verb::put, entry, R"({"values": {}})", other, {{"If-Match", "\"2\""}}).status,
      200);

  const Reply listed =
      Call(bhttp::verb::get, "/api/v1/commissions/TC-abai-1/protocols", "", typist);
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.json()["protocols"][0]["protocol"], "TC-abai-1:list");
  EXPECT_EQ(listed.json()["protocols"][0]["status"], "first_entry_in_progress");
  const Reply progress = Call(bhttp::verb::get, "/api/v1/progress", "", typist);
  ASSERT_EQ(progress.status, 200) << progress.body;
  EXPECT_EQ(progress.json()["first_entry"], 1);

  const Reply discarded = Call(bhttp::verb::delete_, entry, "", typist, {{"If-Match", "\"2\""}});
  ASSERT_EQ(discarded.status, 200) << discarded.body;
  EXPECT_EQ(discarded.json()["status"], "empty");
}

TEST_F(ApiTest, ATypistAttachesAScanThatAnObserverReads) {
  const std::string typist = LoginAs("typist");
  const std::string observer = LoginAs("observer");
  const std::string scans = "/api/v1/protocols/TC-abai-1:list/scans";
  const Headers png = {{"Content-Type", "image/png"}};

  const Reply uploaded = Call(bhttp::verb::post, scans, kPngScan, typist, png);
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  const std::string sha256 = Sha256Hex(kPngScan);
  EXPECT_EQ(uploaded.json()["protocol"], "TC-abai-1:list");
  EXPECT_EQ(uploaded.json()["sha256"], sha256);
  EXPECT_EQ(uploaded.json()["media_type"], "image/png");
  EXPECT_EQ(uploaded.json()["bytes"], kPngScan.size());
  EXPECT_FALSE(uploaded.json()["uploaded_by"].get<std::string>().empty());
  EXPECT_EQ(uploaded.json()["uploaded_at"], "2026-12-07T08:00:00Z");
  EXPECT_EQ(uploaded.header("Location"), "/api/v1/scans/" + sha256);
  // Again: the same record, nothing new stored.
  const Reply again = Call(bhttp::verb::post, scans, kPngScan, typist,
                           {{"Content-Type", "Image/PNG; name=photo.png"}});
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json()["sha256"], sha256);

  const Reply read = Call(bhttp::verb::get, "/api/v1/scans/" + sha256, "", observer);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.body, kPngScan);
  EXPECT_EQ(read.header("Content-Type"), "image/png");
  EXPECT_EQ(read.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(read.header("Content-Disposition"), "");

  const std::string pdf = "%PDF-1.4 the protocol";
  ASSERT_EQ(
      Call(bhttp::verb::post, scans, pdf, typist, {{"Content-Type", "application/pdf"}}).status,
      201);
  const Reply read_pdf = Call(bhttp::verb::get, "/api/v1/scans/" + Sha256Hex(pdf), "", observer);
  ASSERT_EQ(read_pdf.status, 200);
  EXPECT_EQ(read_pdf.header("Content-Type"), "application/pdf");
  EXPECT_EQ(read_pdf.header("Content-Disposition"),
            "inline; filename=\"" + Sha256Hex(pdf) + ".pdf\"");

  const Reply listed = Call(bhttp::verb::get, scans, "", LoginAs("chair"));
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(listed.json()["scans"].size(), 3U);  // SetUp's, the PNG, the PDF
  EXPECT_EQ(listed.json()["scans"][1]["sha256"], sha256);
  EXPECT_EQ(listed.json()["scans"][2]["media_type"], "application/pdf");

  // The entry being typed shows its scans.
  ASSERT_EQ(Call(bhttp::verb::post, "/api/v1/protocols/TC-abai-1:list/entries/1/claim", "", typist,
                 {{"If-Match", "\"0\""}})
                .status,
            200);
  const Reply entry =
      Call(bhttp::verb::get, "/api/v1/protocols/TC-abai-1:list/entries/1", "", typist);
  ASSERT_EQ(entry.status, 200) << entry.body;
  EXPECT_EQ(entry.json()["scans"],
            nlohmann::json({Sha256Hex(PdfScanOf(kBelowCommission)), sha256, Sha256Hex(pdf)}));

  // Refusals: a PNG declared as a PDF, a type that is not a scan's, another commission's
  // protocol, an unknown protocol or hash, a cross-origin upload.
  const Reply lying =
      Call(bhttp::verb::post, scans, kPngScan, typist, {{"Content-Type", "application/pdf"}});
  EXPECT_EQ(lying.status, 400) << lying.body;
  EXPECT_EQ(lying.json()["error"]["code"], "invalid_argument");
  EXPECT_EQ(
      Call(bhttp::verb::post, scans, "GIF89a", typist, {{"Content-Type", "image/gif"}}).status,
      400);
  EXPECT_EQ(Call(bhttp::verb::post, scans, "", typist, png).status, 400);
  EXPECT_EQ(
      Call(bhttp::verb::post, "/api/v1/protocols/TEC-akmola:list/scans", kPngScan, typist, png)
          .status,
      403);
  EXPECT_EQ(
      Call(bhttp::verb::post, "/api/v1/protocols/NOPE:list/scans", kPngScan, typist, png).status,
      404);
  EXPECT_EQ(Call(bhttp::verb::get, "/api/v1/scans/" + Sha256Hex("nothing"), "", observer).status,
            404);
  EXPECT_EQ(Call(bhttp::verb::get, "/api/v1/scans/not-a-hash", "", observer).status, 404);
  EXPECT_EQ(Call(bhttp::verb::get, "/api/v1/scans/" + Sha256Hex(PdfScanOf(kOtherCommission)), "",
                 observer)
                .status,
            403);
  EXPECT_EQ(Call(bhttp::verb::post, scans, kPngScan, typist,
                 {{"Content-Type", "image/png"}, {"Origin", "http://evil.example"}})
                .status,
            403);
}

TEST_F(ApiTest, AScanOverTenMebibytesIsRefusedBeforeItIsRead) {
  const std::string typist = LoginAs("typist");
  // The headers alone, announcing one byte more than the limit: the server answers at once.
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server_->port()));
  const std::string head =
      "POST /api/v1/protocols/TC-abai-1:list/scans HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Content-Type: image/png\r\nContent-Length: " +
      std::to_string(10 * 1024 * 1024 + 1) + "\r\nOrigin: " + origin_ +
      "\r\nCookie: " + CookieName() + "=" + typist + "\r\n\r\n";
  asio::write(stream, asio::buffer(head));
  bhttp::response_parser<bhttp::string_body> parser;
  beast::flat_buffer buffer;
  beast::error_code error;
  bhttp::read(stream, buffer, parser, error);
  ASSERT_FALSE(error) << error.message();
  EXPECT_EQ(parser.get().result_int(), 413U);
  EXPECT_NE(parser.get().body().find("resource_exhausted"), std::string::npos);
}

}  // namespace
}  // namespace esep::server
