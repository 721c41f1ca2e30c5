// Request: one HTTP request as a handler sees it, fully read and checked by the server (method,
// path matched to a route, headers within limits, body within the route's limit, JSON parsed
// when the route asks for JSON). A plain value; the server builds one per request and hands it
// to the handler by const reference for the duration of the call.

#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/beast/http/fields.hpp>
#include <nlohmann/json.hpp>

#include "http/response.h"

namespace esep::http {

enum class Transport { kPlain, kTls };

struct Request {
  std::string method;  // "GET", "POST", ... as sent (methods are case-sensitive)
  std::string target;  // the request target as sent: "/api/v1/x?y=1"
  std::string path;    // the target before '?', not decoded
  std::string query;   // the target after '?', not decoded ("" when none)
  boost::beast::http::fields headers;
  std::string body;
  // The route's parsed body when the route asks for JSON; null otherwise.
  nlohmann::json json;
  // The path parameters of the matched route, percent-decoded, in pattern order.
  std::vector<std::pair<std::string, std::string>> params;
  std::string route_name;      // the matched route's stable name ("" for static files)
  std::string remote_address;  // the client's IP address as text
  Transport transport = Transport::kPlain;
  // Set by the server when the request's timeout passes or the server stops: a blocking
  // handler passes it to a WorkControl and stops at a safe point. Never null in a handler.
  std::shared_ptr<const std::atomic<bool>> cancelled;
  // Answers the request, from any thread, for a handler that returned Response::Later(): its
  // work calls it once when done (a second answer, or one after the timeout's, is dropped).
  // Never empty in a handler.
  std::function<void(Response)> answer;
  // The same, with the answer made on the connection's I/O thread: `make` is called there once,
  // and its Response answers the request as `answer` would. It is called even when the answer is
  // no longer wanted (the timeout's came first), and at once on the calling thread when the
  // connection is already gone, so work it does besides the answer, such as telling event
  // streams, always happens. For work finished on a thread that must not
  // spend time on rendering (the entry committer's one thread). A `make` that throws answers 500.
  // Never empty in a handler.
  std::function<void(std::function<Response()> make)> answer_with;
  // False while a kIoThread handler runs: it must not wait (no store write, no lock held for
  // long). A handler that finds it would have to answers Response::OnWorkers(), and is called
  // again on the worker pool, where this is true.
  bool may_block = true;

  // The decoded parameter `name`, or "" when the route has no such parameter.
  std::string_view param(std::string_view name) const;
  // The value of header `name` (case-insensitive), or "" when absent.
  std::string_view header(std::string_view name) const;
};

}  // namespace esep::http
