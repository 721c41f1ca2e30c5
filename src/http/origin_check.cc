#include "http/origin_check.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/text.h"

namespace esep::http {

namespace {

std::string Lower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return lower;
}

}  // namespace

Status CheckOrigin(const Request& request, const std::vector<std::string>& own_origins) {
  const std::string_view origin = request.header("Origin");
  if (origin.empty()) {
    return PermissionDeniedError("a state-changing request must carry an Origin header");
  }
  const std::string lower = Lower(origin);
  for (const std::string& own : own_origins) {
    if (Lower(own) == lower) {
      return OkStatus();
    }
  }
  return PermissionDeniedError(
      fmt::format("origin '{}' is not this server's", EscapeControlCharacters(origin)));
}

}  // namespace esep::http
