#include "http/internal/response_wire.h"

#include <sstream>
#include <string_view>
#include <utility>

#include <boost/beast/http.hpp>

#include "base/status.h"

namespace esep::http::internal {
namespace {

namespace bhttp = boost::beast::http;

bool HasHeaderBreak(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

}  // namespace

Response CallHandler(const Handler& handler, const Request& request) {
  try {
    return handler(request);
  } catch (...) {
    return Response::Error(InternalError("the handler failed"));
  }
}

Response MadeAnswer(const std::function<Response()>& make) {
  try {
    return make();
  } catch (...) {
    return Response::Error(InternalError("the answer could not be built"));
  }
}

void AddCommonHeaders(bhttp::fields& fields, int status, bool api) {
  fields.set("Content-Security-Policy", "default-src 'self'");
  fields.set("X-Content-Type-Options", "nosniff");
  fields.set("Referrer-Policy", "no-referrer");
  fields.set("X-Frame-Options", "DENY");
  if (api || (status >= 400 && fields.find(bhttp::field::cache_control) == fields.end())) {
    fields.set(bhttp::field::cache_control, "no-store");
  }
}

WireResponse ToWire(Response response, bool api, bool keep_alive, bool head_only) {
  bool bad =
      response.status < 100 || response.status > 599 || HasHeaderBreak(response.content_type);
  for (const auto& field : response.headers) {
    bad = bad || HasHeaderBreak(field.name_string()) || HasHeaderBreak(field.value());
  }
  if (bad) {
    response = Response::Error(InternalError("the handler gave a malformed response"));
  }
  // The body is written after the head as it is, never copied (a file kept in memory is
  // shared, not duplicated per request).
  WireResponse wire;
  wire.body = response.shared_body != nullptr
                  ? std::move(response.shared_body)
                  : std::make_shared<const std::string>(std::move(response.body));
  bhttp::response<bhttp::empty_body> message;
  message.version(11);
  message.result(static_cast<unsigned>(response.status));
  for (const auto& field : response.headers) {
    message.insert(field.name_string(), field.value());
  }
  if (!response.content_type.empty()) {
    message.set(bhttp::field::content_type, response.content_type);
  }
  AddCommonHeaders(message.base(), response.status, api);
  message.keep_alive(keep_alive);
  if (response.status == 204 || response.status == 304) {
    wire.body = nullptr;  // no body, and no Content-Length (RFC 9110 §8.6)
  } else {
    message.content_length(wire.body->size());
  }
  if (head_only) {
    wire.body = nullptr;  // the head says how long the body would be
  }
  std::ostringstream head;
  head << message.base();
  wire.head = std::move(head).str();
  return wire;
}

}  // namespace esep::http::internal
