// What a connection sends for a handler's Response: the handler (or an answer's maker) called so
// that nothing it throws leaves the server, the headers every answer carries, and the answer's
// bytes — its head serialised, its body as it is (shared, never copied). Used by connection.cc.

#pragma once

#include <functional>
#include <memory>
#include <string>

#include <boost/beast/http/fields.hpp>

#include "http/request.h"
#include "http/response.h"
#include "http/router.h"

namespace esep::http::internal {

// `handler(request)`, with anything it throws (std::bad_alloc, a library's exception) turned into
// a 500: the server is the edge where a third-party exception stops, not the process.
Response CallHandler(const Handler& handler, const Request& request);

// What request.answer_with's `make` returns; a 500 when it throws (never an exception out).
Response MadeAnswer(const std::function<Response()>& make);

// The security headers of every answer (docs/http-server.md); `no-store` under /api/ (`api`) and
// on an error that does not say otherwise.
void AddCommonHeaders(boost::beast::http::fields& fields, int status, bool api);

struct WireResponse {
  std::string head;                         // status line and headers, ending in an empty line
  std::shared_ptr<const std::string> body;  // null for 204, 304 and an answer to HEAD
};

// `response` as it goes on the wire. A malformed one (a status outside 100-599, a line break in
// a header) becomes a 500. REQUIRES: not an event stream and not a later answer.
WireResponse ToWire(Response response, bool api, bool keep_alive, bool head_only);

}  // namespace esep::http::internal
