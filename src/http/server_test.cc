// The server on loopback, driven by a real Beast client (where handlers run and how they
// answer: handler_threads_test.cc).

#include "http/server.h"

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <gtest/gtest.h>
#include <unistd.h>

#include "http/cookie.h"
#include "http/event_publisher.h"
#include "http/internal/self_signed_test_util.h"
#include "http/internal/server_test_util.h"

namespace esep::http {
namespace {

using namespace esep::http::testing;  // NOLINT(google-build-using-namespace): the test helpers

TEST(ServerTest, RoutesWithParametersAndSecurityHeaders) {
  auto server = StartServer(BaseRouter());
  Client client(server->port());
  Reply reply = client.Send(bhttp::verb::get, "/api/v1/protocols/P-1%3Alist/entries/2");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.json()["params"], (nlohmann::json{{"id", "P-1:list"}, {"n", "2"}}));
  EXPECT_EQ(reply.json()["route"], "entries.get");
  EXPECT_EQ(reply.header("Content-Security-Policy"), "default-src 'self'");
  EXPECT_EQ(reply.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(reply.header("Referrer-Policy"), "no-referrer");
  EXPECT_EQ(reply.header("X-Frame-Options"), "DENY");
  EXPECT_EQ(reply.header("Cache-Control"), "no-store");
}

TEST(ServerTest, NotFoundAndMethodNotAllowed) {
  auto server = StartServer(BaseRouter());
  Client client(server->port());
  Reply missing = client.Send(bhttp::verb::get, "/api/v1/nothing");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.json()["error"]["code"], "not_found");
  Reply method = client.Send(bhttp::verb::delete_, "/api/v1/protocols/x/entries/1");
  EXPECT_EQ(method.status, 405);
  EXPECT_EQ(method.header("Allow"), "GET, PUT");
  EXPECT_EQ(method.json()["error"]["code"], "invalid_argument");
}

TEST(ServerTest, BodyLimitsContentTypeAndMalformedRequests) {
  auto server = StartServer(BaseRouter());
  const auto origin = SameOrigin(*server);
  {
    Client client(server->port());
    Reply ok = client.Send(bhttp::verb::put, "/api/v1/protocols/x/entries/1", "{\"a\":1}",
                           "application/json; charset=utf-8", origin);
    EXPECT_EQ(ok.status, 200);
    EXPECT_EQ(ok.json()["body"]["a"], 1);
  }
  {
    Client client(server->port());
    Reply big =
        client.Send(bhttp::verb::put, "/api/v1/protocols/x/entries/1",
                    "{\"a\":\"" + std::string(400, 'x') + "\"}", "application/json", origin);
    EXPECT_EQ(big.status, 413);
    EXPECT_EQ(big.json()["error"]["code"], "resource_exhausted");
  }
  {
    Client client(server->port());
    Reply type =
        client.Send(bhttp::verb::put, "/api/v1/protocols/x/entries/1", "{}", "text/plain", origin);
    EXPECT_EQ(type.status, 415);
  }
  for (const char* body : {"{", "{\"a\":1,\"a\":2}", "", "\"\xff\""}) {
    SCOPED_TRACE(body);
    Client client(server->port());
    Reply bad = client.Send(bhttp::verb::put, "/api/v1/protocols/x/entries/1", body,
                            "application/json", origin);
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.json()["error"]["field"], "body");
  }
  {
    Client client(server->port());
    Reply deep =
        client.Send(bhttp::verb::put, "/api/v1/protocols/x/entries/1",
                    std::string(70, '[') + std::string(70, ']'), "application/json", origin);
    EXPECT_EQ(deep.status, 400);
  }
  for (const char* raw : {"GARBAGE\r\n\r\n", "GET /x HTTP/9.9\r\n\r\n",
                          "GET /x HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n",
                          "GET http://evil/ HTTP/1.1\r\nHost: a\r\n\r\n",
                          "GET /api/%zz HTTP/1.1\r\nHost: a\r\n\r\n"}) {
    SCOPED_TRACE(raw);
    Client client(server->port());
    client.SendRaw(raw);
    Reply reply = client.Read();
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(reply.json()["error"]["code"], "invalid_argument");
  }
  {
    Client client(server->port());
    client.SendRaw("GET /x HTTP/1.1\r\nHost: a\r\nX-Big: " + std::string(20000, 'x') + "\r\n\r\n");
    EXPECT_EQ(client.Read().status, 431);
  }
}

TEST(ServerTest, OriginCheckOnStateChangingRoutes) {
  auto server = StartServer(BaseRouter());
  EXPECT_EQ(server->origins().front(), "http://127.0.0.1:" + std::to_string(server->port()));
  for (const std::vector<std::pair<std::string, std::string>>& headers :
       std::vector<std::vector<std::pair<std::string, std::string>>>{
           {},
           {{"Origin", "null"}},
           {{"Origin", "http://evil.example"}},
           {{"Origin", "http://127.0.0.1:1"}}}) {
    Client client(server->port());
    Reply reply = client.Send(bhttp::verb::put, "/api/v1/protocols/x/entries/1", "{}",
                              "application/json", headers);
    EXPECT_EQ(reply.status, 403);
    EXPECT_EQ(reply.json()["error"]["code"], "permission_denied");
  }
  Client client(server->port());
  EXPECT_EQ(client
                .Send(bhttp::verb::put, "/api/v1/protocols/x/entries/1", "{}", "application/json",
                      {{"Origin", "http://localhost:" + std::to_string(server->port())}})
                .status,
            200);
}

TEST(ServerTest, KeepAliveCarriesSeveralRequests) {
  auto server = StartServer(BaseRouter());
  Client client(server->port());
  for (int i = 0; i < 5; ++i) {
    Reply reply = client.Send(bhttp::verb::get, "/api/v1/protocols/p/entries/" + std::to_string(i));
    ASSERT_EQ(reply.status, 200);
    EXPECT_EQ(reply.json()["params"]["n"], std::to_string(i));
    EXPECT_NE(reply.header("Connection"), "close");
  }
}

TEST(ServerTest, SlowClientsAreClosed) {
  ServerOptions options;
  options.header_timeout = std::chrono::milliseconds(200);
  options.body_timeout = std::chrono::milliseconds(200);
  auto server = StartServer(BaseRouter(), options);
  {
    Client client(server->port());
    client.SendRaw("GET /api/v1/protocols/p/entries/1 HTTP/1.1\r\nHost: a\r\n");
    Reply reply = client.Read();
    EXPECT_EQ(reply.status, 408);
    EXPECT_TRUE(client.Closed());
  }
  {
    Client client(server->port());
    client.SendRaw("PUT /api/v1/protocols/p/entries/1 HTTP/1.1\r\nHost: a\r\nOrigin: " +
                   server->origins().front() +
                   "\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{\"a\"");
    EXPECT_EQ(client.Read().status, 408);
    EXPECT_TRUE(client.Closed());
  }
  {
    Client idle(server->port());
    EXPECT_TRUE(idle.Closed());  // nothing sent: closed without a response
  }
}

TEST(ServerTest, ManyConcurrentClients) {
  Router router = BaseRouter();
  std::atomic<int> calls = 0;
  ASSERT_TRUE(router
                  .Add({.method = "GET",
                        .pattern = "/api/v1/count",
                        .name = "count",
                        .options = {.execution = Execution::kWorkerPool},
                        .handler =
                            [&calls](const Request&) {
                              ++calls;
                              return Response::Json(200, {{"ok", true}});
                            }})
                  .ok());
  auto server = StartServer(std::move(router));
  constexpr int kClients = 32;
  constexpr int kRequests = 10;
  std::atomic<int> good = 0;
  std::vector<std::thread> threads;
  threads.reserve(kClients);
  for (int c = 0; c < kClients; ++c) {
    threads.emplace_back([&] {
      Client client(server->port());
      for (int r = 0; r < kRequests; ++r) {
        if (client.Send(bhttp::verb::get, "/api/v1/count").status == 200) {
          ++good;
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(good.load(), kClients * kRequests);
  EXPECT_EQ(calls.load(), kClients * kRequests);
}

TEST(ServerTest, ServerSentEventsInOrderWithHeartbeatClosedOnStop) {
  auto publisher = std::make_shared<EventPublisher>();
  Router router;
  ASSERT_TRUE(
      router
          .Add(
              {.method = "GET",
               .pattern = "/api/v1/events",
               .name = "events",
               .handler = [publisher](const Request&) { return Response::EventStream(publisher); }})
          .ok());
  ServerOptions options;
  options.heartbeat_interval = std::chrono::milliseconds(50);
  auto server = StartServer(std::move(router), options);
  Client client(server->port());
  client.SendRaw("GET /api/v1/events HTTP/1.1\r\nHost: a\r\n\r\n");
  std::string head = client.ReadUntil(": open\n\n");
  EXPECT_NE(head.find("Content-Type: text/event-stream"), std::string::npos);
  EXPECT_NE(head.find("Cache-Control: no-store"), std::string::npos);
  ASSERT_EQ(publisher->subscribers(), 1u);
  for (int i = 0; i < 20; ++i) {
    publisher->Publish("progress", std::to_string(i));
  }
  std::string stream = client.ReadUntil("data: 19\n\n");
  size_t at = 0;
  for (int i = 0; i < 20; ++i) {
    const size_t next = stream.find("event: progress\ndata: " + std::to_string(i) + "\n\n", at);
    ASSERT_NE(next, std::string::npos) << i;
    at = next;
  }
  EXPECT_NE(client.ReadUntil(": heartbeat\n\n"), "");
  server->Stop();
  EXPECT_EQ(client.ReadUntil("never sent"), "");
  EXPECT_EQ(publisher->subscribers(), 0u);
}

TEST(ServerTest, CookiesRoundTrip) {
  Router router;
  ASSERT_TRUE(
      router
          .Add({.method = "POST",
                .pattern = "/api/login",
                .name = "login",
                .options = {.effect = Effect::kStateChanging},
                .handler =
                    [](const Request& request) {
                      Response response = Response::Json(200, {});
                      Result<std::string> cookie =
                          BuildSetCookie(CookieName("session", request.transport), "tok3n",
                                         {.max_age_seconds = 60, .transport = request.transport});
                      response.headers.insert(boost::beast::http::field::set_cookie, *cookie);
                      return response;
                    }})
          .ok());
  ASSERT_TRUE(
      router
          .Add({.method = "GET",
                .pattern = "/api/me",
                .name = "me",
                .handler =
                    [](const Request& request) {
                      return Response::Json(200, {{"session", CookieValue(request, "session")}});
                    }})
          .ok());
  auto server = StartServer(std::move(router));
  Client client(server->port());
  Reply login = client.Send(bhttp::verb::post, "/api/login", "", "", SameOrigin(*server));
  ASSERT_EQ(login.status, 200);
  const std::string set_cookie = login.header("Set-Cookie");
  EXPECT_EQ(set_cookie, "session=tok3n; Path=/; Max-Age=60; HttpOnly; SameSite=Strict");
  const std::string pair = set_cookie.substr(0, set_cookie.find(';'));
  EXPECT_EQ(client.Send(bhttp::verb::get, "/api/me", "", "", {{"Cookie", "a=1; " + pair}})
                .json()["session"],
            "tok3n");
  EXPECT_EQ(client.Send(bhttp::verb::get, "/api/me", "", "", {{"Cookie", "session=a b"}})
                .json()["session"],
            "");
}

TEST(ServerTest, StaticFilesThroughTheServer) {
  namespace fs = std::filesystem;
  const fs::path root =
      fs::temp_directory_path() / ("esep-server-static-" + std::to_string(::getpid()));
  fs::create_directories(root);
  std::ofstream(root / "index.html") << "<p>app</p>";
  ServerOptions options;
  options.static_root = root;
  auto server = StartServer(BaseRouter(), options);
  Client client(server->port());
  Reply index = client.Send(bhttp::verb::get, "/some/page");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.body, "<p>app</p>");
  EXPECT_EQ(index.header("Cache-Control"), "no-cache");
  EXPECT_EQ(index.header("X-Frame-Options"), "DENY");
  Reply cached =
      client.Send(bhttp::verb::get, "/", "", "", {{"If-None-Match", index.header("ETag")}});
  EXPECT_EQ(cached.status, 304);
  EXPECT_EQ(client.Send(bhttp::verb::get, "/%2e%2e/%2e%2e/etc/passwd").status, 400);
  EXPECT_EQ(client.Send(bhttp::verb::get, "/api/v1/none").status, 404);
  Reply post = client.Send(bhttp::verb::post, "/page");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.header("Allow"), "GET, HEAD");
  server->Stop();
  fs::remove_all(root);
}

TEST(ServerTest, Tls) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("esep-tls-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  ASSERT_TRUE(WriteSelfSignedCertificate(dir / "cert.pem", dir / "key.pem"));
  ServerOptions options;
  options.tls = TlsFiles{dir / "cert.pem", dir / "key.pem"};
  Router router = BaseRouter();
  ASSERT_TRUE(
      router
          .Add({.method = "GET",
                .pattern = "/api/transport",
                .name = "transport",
                .handler =
                    [](const Request& request) {
                      return Response::Json(200, {{"tls", request.transport == Transport::kTls}});
                    }})
          .ok());
  auto server = StartServer(std::move(router), options);
  EXPECT_EQ(server->origins().front(), "https://127.0.0.1:" + std::to_string(server->port()));

  asio::io_context io;
  asio::ssl::context context(asio::ssl::context::tls_client);
  context.load_verify_file((dir / "cert.pem").string());
  context.set_verify_mode(asio::ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(io, context);
  beast::get_lowest_layer(stream).connect(
      tcp::endpoint(asio::ip::make_address("127.0.0.1"), server->port()));
  beast::error_code error;
  stream.handshake(asio::ssl::stream_base::client, error);
  ASSERT_FALSE(error) << error.message();
  bhttp::request<bhttp::empty_body> request{bhttp::verb::get, "/api/transport", 11};
  request.set(bhttp::field::host, "127.0.0.1");
  bhttp::write(stream, request);
  beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> response;
  bhttp::read(stream, buffer, response);
  EXPECT_EQ(response.result_int(), 200u);
  EXPECT_EQ(response.body(), "{\"tls\":true}");

  // A plain-text client gets no answer.
  Client plain(server->port());
  plain.SendRaw("GET /api/transport HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_EQ(plain.Read().status, 0);
  server->Stop();
  fs::remove_all(dir);
}

TEST(ServerTest, StartRefusesBadOptions) {
  ServerOptions options;
  options.address = "not an address";
  EXPECT_EQ(Server::Start(options, Router()).error().code(), StatusCode::kInvalidArgument);
  options.address = "127.0.0.1";
  options.tls = TlsFiles{"/nonexistent/cert.pem", "/nonexistent/key.pem"};
  EXPECT_EQ(Server::Start(options, Router()).error().code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace esep::http
