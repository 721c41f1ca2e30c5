// Where a request goes once its headers are read, decided before its body is: a route, a static
// file, or an answer at once (a target that is no path, no such resource, a method not allowed,
// the wrong content type, a body over the route's limit, a state change from another origin).
// A pure decision over the request and the server's tables; connection.cc acts on it.

#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "http/internal/server_core.h"
#include "http/request.h"
#include "http/response.h"

namespace esep::http::internal {

struct Routing {
  std::optional<Response> early;  // the answer, sent without reading the body
  const Route* route = nullptr;   // or the route whose handler answers
  bool static_file = false;       // or a file of core.StaticFor(request.path)
  bool api = false;               // the path is under /api/
  size_t body_limit = 0;          // bytes the body may have
};

// Fills `request`'s path, query, route parameters and route name from its target, and decides.
// `content_length` is the body's declared length, if any.
Routing RouteRequest(Request& request, const ServerCore& core,
                     std::optional<uint64_t> content_length);

}  // namespace esep::http::internal
