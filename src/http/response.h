// Response: what a handler answers. A plain value: a status, headers, a body, or an event
// stream (Server-Sent Events) fed by an EventPublisher. The server adds the security headers,
// Content-Length, Connection and, under /api/, Cache-Control: no-store to every response, so a
// handler cannot forget them.
//
// Example:
//   return Response::Json(200, {{"protocol", id}});
//   return Response::Error(NotFoundError("no protocol P-9:list"), "protocol");

#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <boost/beast/http/fields.hpp>
#include <nlohmann/json.hpp>

#include "base/status.h"

namespace esep::http {

class EventPublisher;

// Beast's `fields` may allocate on a move with a non-propagating allocator, so the implicit move
// assignment is not noexcept; a Response is moved only inside the server, where an exception
// from a handler's answer is caught and becomes a 500.
struct Response {  // NOLINT(bugprone-exception-escape)
  int status = 200;
  std::string content_type;  // Content-Type; none when empty (a body-less 204 or 304)
  std::string body;
  // Instead of `body`, when set: bytes shared with their owner (a file kept in memory), written
  // to the client without a copy.
  std::shared_ptr<const std::string> shared_body;
  // The body, wherever it is.
  std::string_view body_text() const { return shared_body != nullptr ? *shared_body : body; }
  boost::beast::http::fields headers;  // further headers (ETag, Allow, Set-Cookie, ...)
  // When set, the answer is a text/event-stream that stays open and receives every event this
  // publisher publishes, until the client leaves or the server stops; status and body unused.
  std::shared_ptr<EventPublisher> event_stream;
  // When set, the answer comes later: the handler has given the request's `answer` (http/
  // request.h) to work that calls it once it is done, from any thread. The headers set on this
  // response are added to that answer; status and body are unused. Until it comes the route's
  // timeout runs, as for a blocking handler.
  bool later = false;
  // From a kIoThread handler that found it would have to block: the server calls the handler
  // again with the same request on the worker pool (request.may_block true). Refused (500) from
  // a handler already on the worker pool.
  bool on_workers = false;

  // `value` as JSON (invalid UTF-8 in strings replaced, never an exception).
  static Response Json(int status, const nlohmann::json& value);

  // The error body of every failure: {"error": {"code", "message", "field"?}} with the HTTP
  // status of `status`'s code (base/status.h's table) and the code's name in snake_case.
  // "field" is present only when `field` is not empty.
  // REQUIRES: !status.ok().
  static Response Error(const Status& status, std::string_view field = {});

  // The same body with an HTTP status of the transport's own (405, 408, 413, 415, 431) that the
  // code table has no row for; `code` names the closest StatusCode.
  static Response ErrorWithHttpStatus(int http_status, StatusCode code, std::string_view message,
                                      std::string_view field = {});

  // The answer will come through request.answer (see `later`).
  static Response Later();
  // Run me on the worker pool (see `on_workers`).
  static Response OnWorkers();
  // An event stream of `publisher` (text/event-stream).
  static Response EventStream(std::shared_ptr<EventPublisher> publisher);
};

// "invalid_argument" for kInvalidArgument: StatusCodeName in snake_case.
std::string ErrorCodeName(StatusCode code);

}  // namespace esep::http
