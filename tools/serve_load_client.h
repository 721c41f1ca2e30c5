// LoadClient: one simulated typist's keep-alive HTTP connection to `esep serve`, with its
// session cookie, for esep_serve_load. Asynchronous (C++20 coroutines on Boost.Asio): every
// typist of the tool shares one thread and one io_context, so the tool costs the machine it
// shares with the server as little as a client can (64 blocking threads cost it a fifth of the
// machine's processor time: docs/benchmarks.md). Reconnects, for up to
// LoadOptions::reconnect_seconds, when the server is gone (killed and restarted).
//
// Not thread-safe: used by one coroutine at a time, on the io_context's one thread.

#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/verb.hpp>
#include <nlohmann/json.hpp>

#include "serve_load_run.h"

namespace esep::tools {

struct Reply {
  int status = 0;  // 0: no answer (connection broken)
  nlohmann::json body;
  std::string set_cookie;
};

class LoadClient {
 public:
  LoadClient(boost::asio::io_context& io, LoadRun& run);

  // One request on the connection (connecting first if needed); status 0 when it broke.
  boost::asio::awaitable<Reply> Call(boost::beast::http::verb method, std::string target,
                                     std::optional<nlohmann::json> body,
                                     std::optional<int64_t> if_match = std::nullopt);

  // Call, reconnecting and logging in again as needed, until an answer comes or the server
  // has been unreachable for reconnect_seconds. A broken connection (the server killed
  // mid-request) is retried on a new one: a command carries If-Match, so one that was applied
  // before the break is refused (412), never applied twice.
  boost::asio::awaitable<Reply> CallRetrying(boost::beast::http::verb method, std::string target,
                                             std::optional<nlohmann::json> body,
                                             std::optional<int64_t> if_match = std::nullopt);

  // Logs in as `login` with the password it has now (the first password until it is changed;
  // a wrong try would count towards the server's back-off), changing a first password when the
  // account asks for it. False when the server refuses. At most LoadRun::kMaxLoginsAtOnce
  // logins of all clients at a time.
  boost::asio::awaitable<bool> LogIn(std::string login);

  // For an account whose first password was changed already (by another connection).
  void PasswordChanged() { current_password_ = &run_.options.password; }

 private:
  // LogIn's one try; nullopt to try again with the new password.
  boost::asio::awaitable<std::optional<bool>> LogInOnce();
  // Connects when not connected, trying every 50 ms for reconnect_seconds; false then.
  boost::asio::awaitable<bool> EnsureConnected();
  boost::asio::awaitable<void> Sleep(std::chrono::milliseconds time);

  boost::asio::io_context& io_;
  LoadRun& run_;
  std::string host_;
  std::string origin_;
  std::optional<boost::asio::ip::tcp::socket> socket_;
  boost::beast::flat_buffer buffer_;
  std::string cookie_;
  std::string login_;
  bool logging_in_ = false;
  const std::string* current_password_ = &run_.options.first_password;
};

}  // namespace esep::tools
