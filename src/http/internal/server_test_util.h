// The http module's server tests' client and helpers (http/server_test.cc,
// http/handler_threads_test.cc): one synchronous Beast client connection, an echoing handler, a
// small router, and a server started on a free loopback port.

#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/server.h"

namespace esep::http::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

struct Reply {
  int status = 0;
  bhttp::fields headers;
  std::string body;
  nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
  std::string header(std::string_view name) const { return std::string(headers[name]); }
};

// One client connection, synchronous.
class Client {
 public:
  explicit Client(uint16_t port) : stream_(io_) {
    stream_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }
  void SendRaw(std::string_view bytes) {
    asio::write(stream_, asio::buffer(bytes.data(), bytes.size()));
  }
  Reply Send(bhttp::verb method, const std::string& target, std::string body = "",
             const std::string& content_type = "",
             const std::vector<std::pair<std::string, std::string>>& extra = {}) {
    bhttp::request<bhttp::string_body> request{method, target, 11};
    request.set(bhttp::field::host, "127.0.0.1");
    if (!content_type.empty()) {
      request.set(bhttp::field::content_type, content_type);
    }
    for (const auto& [name, value] : extra) {
      request.set(name, value);
    }
    request.body() = std::move(body);
    request.prepare_payload();
    bhttp::write(stream_, request);
    return Read();
  }
  Reply Read() {
    bhttp::response<bhttp::string_body> response;
    beast::error_code error;
    bhttp::read(stream_, buffer_, response, error);
    if (error) {
      return {};
    }
    Reply reply;
    reply.status = static_cast<int>(response.result_int());
    reply.headers = response.base();
    reply.body = std::move(response.body());
    return reply;
  }
  // True when the server closed the connection (a read finds the end).
  bool Closed() {
    char byte = 0;
    beast::error_code error;
    stream_.socket().read_some(asio::buffer(&byte, 1), error);
    return error == asio::error::eof || error == asio::error::connection_reset;
  }
  // Reads raw bytes until `needle` has arrived; "" when the connection ends first.
  std::string ReadUntil(std::string_view needle) {
    while (raw_.find(needle) == std::string::npos) {
      char chunk[512];
      beast::error_code error;
      const size_t n = stream_.socket().read_some(asio::buffer(chunk), error);
      if (error) {
        return {};
      }
      raw_.append(chunk, n);
    }
    return raw_;
  }

 private:
  asio::io_context io_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::string raw_;
};

inline Response Echo(const Request& request) {
  nlohmann::json params = nlohmann::json::object();
  for (const auto& [name, value] : request.params) {
    params[name] = value;
  }
  return Response::Json(
      200, {{"route", request.route_name}, {"params", params}, {"body", request.json}});
}

inline Router BaseRouter() {
  Router router;
  EXPECT_TRUE(router
                  .Add({.method = "GET",
                        .pattern = "/api/v1/protocols/{id}/entries/{n}",
                        .name = "entries.get",
                        .handler = Echo})
                  .ok());
  EXPECT_TRUE(router
                  .Add({.method = "PUT",
                        .pattern = "/api/v1/protocols/{id}/entries/{n}",
                        .name = "entries.save",
                        .options = {.body_limit = 200,
                                    .body = BodyKind::kJson,
                                    .effect = Effect::kStateChanging,
                                    .execution = Execution::kWorkerPool},
                        .handler = Echo})
                  .ok());
  return router;
}

inline std::unique_ptr<Server> StartServer(Router router, const ServerOptions& options = {}) {
  Result<std::unique_ptr<Server>> server = Server::Start(options, std::move(router));
  EXPECT_TRUE(server.has_value()) << server.error().ToString();
  return std::move(server).value();
}

inline std::vector<std::pair<std::string, std::string>> SameOrigin(const Server& server) {
  return {{"Origin", server.origins().front()}};
}

}  // namespace esep::http::testing
