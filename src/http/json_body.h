// The parse of a JSON request body, as the server does it for a route that asks for JSON
// (RouteOptions::body == BodyKind::kJson) before the handler sees `Request::json`. A pure
// function of its input; thread-safe.

#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "base/result.h"

namespace esep::http {

// How deep a body may nest objects and arrays: `[[1]]` nests 2.
inline constexpr int kMaxJsonDepth = 64;

// The body parsed. kInvalidArgument when it is not one JSON value (RFC 8259, UTF-8), when an
// object gives a key twice (nlohmann-json would keep the last silently, so two readers could see
// two different requests) or when it nests deeper than kMaxJsonDepth.
Result<nlohmann::json> ParseJsonBody(std::string_view body);

// True when a Content-Type names JSON: "application/json" in any case, with any parameters
// ("; charset=utf-8") and surrounding blanks; anything else (no type, "text/json", "+json") false.
bool IsJsonContentType(std::string_view content_type);

}  // namespace esep::http
