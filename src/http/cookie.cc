#include "http/cookie.h"

#include <fmt/format.h>

#include "base/text.h"

namespace esep::http {

namespace {

// RFC 7230 §3.2.6 tchar.
bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
    return true;
  }
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool IsToken(std::string_view text) {
  if (text.empty()) {
    return false;
  }
  for (char c : text) {
    if (!IsTokenChar(c)) {
      return false;
    }
  }
  return true;
}

// RFC 6265 §4.1.1 cookie-octet: 0x21, 0x23-0x2B, 0x2D-0x3A, 0x3C-0x5B, 0x5D-0x7E.
bool IsCookieOctet(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte == 0x21 || (byte >= 0x23 && byte <= 0x2B) || (byte >= 0x2D && byte <= 0x3A) ||
         (byte >= 0x3C && byte <= 0x5B) || (byte >= 0x5D && byte <= 0x7E);
}

bool IsCookieValue(std::string_view value) {
  for (char c : value) {
    if (!IsCookieOctet(c)) {
      return false;
    }
  }
  return true;
}

constexpr std::string_view kHostPrefix = "__Host-";

}  // namespace

Result<std::vector<Cookie>> ParseCookieHeader(std::string_view header) {
  std::vector<Cookie> cookies;
  size_t index = 0;
  while (true) {
    const size_t semicolon = header.find(';');
    const std::string_view pair = Trim(header.substr(0, semicolon));
    ++index;
    // A trailing "; " (some clients send one) is no cookie.
    if (!(pair.empty() && semicolon == std::string_view::npos && index > 1)) {
      const size_t equals = pair.find('=');
      if (equals == std::string_view::npos) {
        return InvalidArgumentError(fmt::format("cookie {} has no '='", index));
      }
      const std::string_view name = pair.substr(0, equals);
      std::string_view value = pair.substr(equals + 1);
      if (!IsToken(name)) {
        return InvalidArgumentError(fmt::format("cookie {} has a malformed name", index));
      }
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      if (!IsCookieValue(value)) {
        return InvalidArgumentError(
            fmt::format("cookie '{}' has a byte its value may not hold", name));
      }
      cookies.push_back({std::string(name), std::string(value)});
    }
    if (semicolon == std::string_view::npos) {
      break;
    }
    header.remove_prefix(semicolon + 1);
  }
  return cookies;
}

std::string CookieValue(const Request& request, std::string_view name) {
  const auto range = request.headers.equal_range(boost::beast::http::field::cookie);
  for (auto it = range.first; it != range.second; ++it) {
    Result<std::vector<Cookie>> cookies =
        ParseCookieHeader(std::string_view(it->value().data(), it->value().size()));
    if (!cookies.has_value()) {
      return {};
    }
    for (const Cookie& cookie : *cookies) {
      if (cookie.name == name) {
        return cookie.value;
      }
    }
  }
  return {};
}

std::string CookieName(std::string_view base, Transport transport) {
  if (transport == Transport::kTls) {
    return fmt::format("{}{}", kHostPrefix, base);
  }
  return std::string(base);
}

Result<std::string> BuildSetCookie(std::string_view name, std::string_view value,
                                   const SetCookieOptions& options) {
  if (!IsToken(name)) {
    return InvalidArgumentError("a cookie name must be a token");
  }
  if (!IsCookieValue(value)) {
    return InvalidArgumentError(
        fmt::format("cookie '{}': the value holds a byte a cookie may not hold", name));
  }
  if (name.substr(0, kHostPrefix.size()) == kHostPrefix && options.transport != Transport::kTls) {
    return InvalidArgumentError(
        fmt::format("cookie '{}': a __Host- cookie must be Secure, which needs TLS", name));
  }
  if (options.max_age_seconds < 0) {
    return InvalidArgumentError(fmt::format("cookie '{}': Max-Age is negative", name));
  }
  return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict{}", name, value,
                     options.max_age_seconds,
                     options.transport == Transport::kTls ? "; Secure" : "");
}

}  // namespace esep::http
