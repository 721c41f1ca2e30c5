#include "http/internal/request_routing.h"

#include <string>
#include <string_view>
#include <utility>

#include <boost/beast/http/field.hpp>
#include <fmt/format.h>

#include "base/text.h"
#include "http/json_body.h"
#include "http/origin_check.h"

namespace esep::http::internal {
namespace {

Response NotAllowed(const Request& request, std::string_view allow) {
  Response response = Response::ErrorWithHttpStatus(
      405, StatusCode::kInvalidArgument,
      fmt::format("{} is not allowed here", EscapeControlCharacters(request.method)));
  response.headers.set(boost::beast::http::field::allow, allow);
  return response;
}

}  // namespace

Routing RouteRequest(Request& request, const ServerCore& core,
                     std::optional<uint64_t> content_length) {
  Routing routing;
  if (request.target.empty() || request.target.front() != '/') {
    routing.early = Response::ErrorWithHttpStatus(400, StatusCode::kInvalidArgument,
                                                  "the request target must be a path");
    return routing;
  }
  const size_t question = request.target.find('?');
  request.path = request.target.substr(0, question);
  if (question != std::string::npos) {
    request.query = request.target.substr(question + 1);
  }
  routing.api = request.path == "/api" || request.path.rfind("/api/", 0) == 0;
  RouteMatch match = core.router.Match(request.method, request.path);
  const bool reads = request.method == "GET" || request.method == "HEAD";
  switch (match.outcome) {
    case MatchOutcome::kBadPath:
      routing.early = Response::Error(InvalidArgumentError(match.message), "path");
      return routing;
    case MatchOutcome::kNoMethod:
      routing.early = NotAllowed(request, match.allow);
      return routing;
    case MatchOutcome::kNoPath:
      if (core.StaticFor(request.path) != nullptr && !routing.api) {
        if (!reads) {
          routing.early = NotAllowed(request, "GET, HEAD");
          return routing;
        }
        routing.static_file = true;
        break;
      }
      routing.early = Response::Error(NotFoundError("no such resource"), "path");
      return routing;
    case MatchOutcome::kFound:
      routing.route = match.route;
      request.params = std::move(match.params);
      request.route_name = routing.route->name;
      routing.body_limit =
          routing.route->options.body == BodyKind::kNone ? 0 : routing.route->options.body_limit;
      break;
  }
  // A static file takes no body (its limit is 0).
  const RouteOptions* options = routing.route != nullptr ? &routing.route->options : nullptr;
  if (options != nullptr && options->body == BodyKind::kJson &&
      !IsJsonContentType(request.header("Content-Type"))) {
    routing.early = Response::ErrorWithHttpStatus(415, StatusCode::kInvalidArgument,
                                                  "the body must be application/json");
  } else if (content_length.has_value() && *content_length > routing.body_limit) {
    routing.early = Response::ErrorWithHttpStatus(
        413, StatusCode::kResourceExhausted,
        fmt::format("the request body exceeds {} bytes", routing.body_limit));
  } else if (options != nullptr && options->effect == Effect::kStateChanging) {
    if (Status origin = CheckOrigin(request, core.origins); !origin.ok()) {
      routing.early = Response::Error(origin);
    }
  }
  return routing;
}

}  // namespace esep::http::internal
