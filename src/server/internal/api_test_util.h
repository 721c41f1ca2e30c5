// The commission server's API on loopback, for its tests (api_test.cc, api_flows_test.cc): a
// real http::Server over a temporary store holding the 2023 Majilis definition with a
// territorial commission and a precinct added below TEC-abai, driven by a real Beast client, and
// the fixture that logs in as each role.

#pragma once

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
#include "http/internal/self_signed_test_util.h"
#include "http/server.h"
#include "server/api_router.h"
#include "server/route_rules.h"
#include "service/stored_election.h"
#include "storage/sqlite_store.h"

namespace esep::server {

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
inline std::string PdfScanOf(std::string_view commission) {
  return "%PDF-1.7 " + std::string(commission);
}
inline const std::string kPngScan = std::string("\x89PNG\r\n\x1A\n", 8) + "a photo";

struct Reply {  // NOLINT(bugprone-exception-escape): a test client; a failed copy may throw
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
inline Reply Send(uint16_t port, bool tls, bhttp::verb method, const std::string& target,
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

inline std::chrono::sys_seconds Start() {
  return std::chrono::sys_days(std::chrono::year(2026) / 12 / 7) + std::chrono::hours(8);
}

inline std::string_view CommissionIn(access::Scope scope) {
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
      ASSERT_TRUE(
          http::WriteSelfSignedCertificate(directory_ / "cert.pem", directory_ / "key.pem"));
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

}  // namespace esep::server
