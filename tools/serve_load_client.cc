#include "serve_load_client.h"

#include <utility>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>

namespace esep::tools {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using json = nlohmann::json;

LoadClient::LoadClient(asio::io_context& io, LoadRun& run)
    : io_(io),
      run_(run),
      host_(fmt::format("{}:{}", run.options.address, run.options.port)),
      origin_(fmt::format("http://{}:{}", run.options.address, run.options.port)) {}

asio::awaitable<void> LoadClient::Sleep(std::chrono::milliseconds time) {
  asio::steady_timer timer(io_, time);
  beast::error_code ignored;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
}

asio::awaitable<Reply> LoadClient::Call(bhttp::verb method, std::string target,
                                        std::optional<json> body, std::optional<int64_t> if_match) {
  bhttp::request<bhttp::string_body> request{method, target, 11};
  request.set(bhttp::field::host, host_);
  request.set(bhttp::field::origin, origin_);
  request.set(bhttp::field::accept, "application/json");
  if (!cookie_.empty()) {
    request.set(bhttp::field::cookie, cookie_);
  }
  if (if_match.has_value()) {
    request.set(bhttp::field::if_match, fmt::format("\"{}\"", *if_match));
  }
  if (body.has_value()) {
    request.set(bhttp::field::content_type, "application/json");
    request.body() = body->dump();
  }
  request.keep_alive(true);
  request.prepare_payload();
  if (!co_await EnsureConnected()) {
    co_return Reply{};
  }
  beast::error_code error;
  co_await bhttp::async_write(*socket_, request, asio::redirect_error(asio::use_awaitable, error));
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(uint64_t{64} * 1024 * 1024);
  if (!error) {
    co_await bhttp::async_read(*socket_, buffer_, parser,
                               asio::redirect_error(asio::use_awaitable, error));
  }
  if (error) {
    socket_.reset();
    co_return Reply{};
  }
  const bhttp::response<bhttp::string_body>& response = parser.get();
  Reply reply{.status = static_cast<int>(response.result_int())};
  reply.body = json::parse(response.body(), nullptr, false);
  if (auto found = response.find(bhttp::field::set_cookie); found != response.end()) {
    reply.set_cookie = std::string(found->value());
  }
  if (!response.keep_alive()) {
    socket_.reset();
  }
  co_return reply;
}

asio::awaitable<Reply> LoadClient::CallRetrying(bhttp::verb method, std::string target,
                                                std::optional<json> body,
                                                std::optional<int64_t> if_match) {
  Reply reply = co_await Call(method, target, body, if_match);
  for (int retry = 0; reply.status == 0 && retry < 3; ++retry) {
    reply = co_await Call(method, target, body, if_match);
  }
  if (reply.status == 401 && !login_.empty() && !logging_in_) {
    if (co_await LogIn(login_)) {
      reply = co_await Call(method, target, body, if_match);
    }
  }
  co_return reply;
}

asio::awaitable<bool> LoadClient::LogIn(std::string login) {
  login_ = std::move(login);
  while (true) {
    while (run_.logins_under_way >= LoadRun::kMaxLoginsAtOnce) {
      co_await Sleep(std::chrono::milliseconds(5));
    }
    ++run_.logins_under_way;
    logging_in_ = true;
    const std::optional<bool> done = co_await LogInOnce();
    logging_in_ = false;
    --run_.logins_under_way;
    if (done.has_value()) {
      co_return *done;
    }
  }
}

namespace {

// Outside the coroutines: GCC 12 cannot compile string literals in braced initialisers inside
// one ("array used as initializer").
json LoginBody(const std::string& login, const std::string& password) {
  return json{{"login_name", login}, {"password", password}};
}
json PasswordChangeBody(const std::string& current, const std::string& chosen) {
  return json{{"current_password", current}, {"password", chosen}};
}
std::string Target(const char* path) { return path; }

}  // namespace

asio::awaitable<std::optional<bool>> LoadClient::LogInOnce() {
  const Reply reply = co_await CallRetrying(bhttp::verb::post, Target("/api/v1/auth/login"),
                                            LoginBody(login_, *current_password_));
  if (reply.status != 200) {
    fmt::print(stderr, "login of {} refused: {} {}\n", login_, reply.status, reply.body.dump());
    co_return false;
  }
  cookie_ = reply.set_cookie.substr(0, reply.set_cookie.find(';'));
  if (reply.body["user"].value("must_change_password", false)) {
    const Reply changed =
        co_await CallRetrying(bhttp::verb::put, Target("/api/v1/auth/me"),
                              PasswordChangeBody(*current_password_, run_.options.password));
    const bool first_try = current_password_ == &run_.options.first_password;
    current_password_ = &run_.options.password;
    if (changed.status != 200) {
      // The change may have been applied before the connection broke — the answer lost, or
      // the retry on a new connection refused because the first password no longer is the
      // current one: log in with the new password (once).
      if (first_try) {
        co_return std::nullopt;
      }
      fmt::print(stderr, "password change of {} refused: {} {}\n", login_, changed.status,
                 changed.body.dump());
      co_return false;
    }
  }
  co_return true;
}

asio::awaitable<bool> LoadClient::EnsureConnected() {
  if (socket_.has_value()) {
    co_return true;
  }
  const Clock::time_point give_up =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(run_.options.reconnect_seconds));
  const asio::ip::tcp::endpoint server(asio::ip::make_address(run_.options.address),
                                       run_.options.port);
  bool first = true;
  while (Clock::now() < give_up) {
    beast::error_code error;
    asio::ip::tcp::socket socket(io_);
    co_await socket.async_connect(server, asio::redirect_error(asio::use_awaitable, error));
    if (!error) {
      socket.set_option(asio::ip::tcp::no_delay(true));
      socket_.emplace(std::move(socket));
      buffer_.clear();
      co_return true;
    }
    if (first) {
      ++run_.reconnects;
      first = false;
    }
    co_await Sleep(std::chrono::milliseconds(50));
  }
  co_return false;
}

}  // namespace esep::tools
