// Cookies: the Cookie request header parsed (RFC 6265 §4.2, §5.4) and Set-Cookie built
// (§4.1) the one way esep sets them: Path=/, HttpOnly, SameSite=Strict, a Max-Age, and Secure
// with the `__Host-` name prefix when the server speaks TLS (a browser accepts a `__Host-`
// cookie only when it is Secure, has Path=/ and no Domain, so the cookie cannot be set or
// read by another host or path). Pure functions; thread-safe.

#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "http/request.h"

namespace esep::http {

struct Cookie {
  std::string name;
  std::string value;  // without surrounding double quotes
};

// The pairs of a Cookie header ("a=1; b=2"), in order; a name may repeat. kInvalidArgument
// when a pair has no '=', an empty name, a name that is not an RFC 7230 token, or a value
// with bytes outside cookie-octet (controls, space, '"', ',', ';', '\\', non-ASCII).
Result<std::vector<Cookie>> ParseCookieHeader(std::string_view header);

// The value of the first cookie named `name` in `request`'s Cookie headers, or "" when there
// is none or a header is malformed (a malformed header is no session).
std::string CookieValue(const Request& request, std::string_view name);

// `base` with the `__Host-` prefix under TLS, as is under plain HTTP (where a browser would
// refuse the prefixed cookie because it cannot be Secure).
std::string CookieName(std::string_view base, Transport transport);

struct SetCookieOptions {
  int64_t max_age_seconds = 0;  // 0 deletes the cookie
  Transport transport = Transport::kPlain;
};

// "NAME=VALUE; Path=/; Max-Age=N; HttpOnly; SameSite=Strict" with "; Secure" under TLS.
// kInvalidArgument when the name is not a token, the value holds a byte outside cookie-octet,
// a `__Host-` name is set without TLS, or max_age_seconds is negative.
Result<std::string> BuildSetCookie(std::string_view name, std::string_view value,
                                   const SetCookieOptions& options);

}  // namespace esep::http
