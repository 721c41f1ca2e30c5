// Fuzz target for what the http module parses itself (src/http/): the Cookie header, path
// decoding and route matching, and the normalisation of static file paths. Beast parses the
// request; these see its fields and target as a hostile client sent them.

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_input.h"
#include "http/cookie.h"
#include "http/router.h"
#include "http/static_files.h"
#include "http/uri_path.h"

namespace {

esep::http::Router MakeRouter() {
  esep::http::Router router;
  auto ok = [](const esep::http::Request&) { return esep::http::Response::Json(200, {}); };
  (void)router.Add({.method = "GET",
                    .pattern = "/api/v1/protocols/{id}/entries/{n}",
                    .name = "entries.get",
                    .handler = ok});
  (void)router.Add({.method = "PUT",
                    .pattern = "/api/v1/protocols/{id}/entries/{n}",
                    .name = "entries.save",
                    .handler = ok});
  (void)router.Add({.method = "GET", .pattern = "/api/v1/users/me", .name = "me", .handler = ok});
  return router;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const esep::http::Router router = MakeRouter();
  const std::string_view text = esep::fuzz::AsText(data, size);

  esep::Result<std::vector<esep::http::Cookie>> cookies = esep::http::ParseCookieHeader(text);
  if (cookies.has_value()) {
    // Every cookie that parses can be set again and parses back to itself.
    for (const esep::http::Cookie& cookie : *cookies) {
      esep::Result<std::string> set =
          esep::http::BuildSetCookie(cookie.name, cookie.value, {.max_age_seconds = 1});
      if (set.has_value()) {
        auto back = esep::http::ParseCookieHeader(set->substr(0, set->find(';')));
        if (!back.has_value() || back->size() != 1 || (*back)[0].value != cookie.value) {
          __builtin_trap();
        }
      }
    }
  }

  esep::http::RouteMatch match = router.Match("GET", text);
  if (match.outcome == esep::http::MatchOutcome::kFound && match.params.size() != 2 &&
      match.route->name == "entries.get") {
    __builtin_trap();
  }

  esep::Result<std::string> relative = esep::http::NormalizeStaticPath(text);
  if (relative.has_value()) {
    // A normalised path never climbs, never holds a backslash, NUL or ':' and is never absolute.
    const std::string& path = *relative;
    if (path.find('\\') != std::string::npos || path.find('\0') != std::string::npos ||
        path.find(':') != std::string::npos || (!path.empty() && path.front() == '/') ||
        path == ".." || path.rfind("../", 0) == 0 || path.find("/../") != std::string::npos ||
        (path.size() >= 3 && path.substr(path.size() - 3) == "/..")) {
      __builtin_trap();
    }
  }
  (void)esep::http::PercentDecode(text);
  (void)esep::http::IsFingerprintedAsset(text);
  return 0;
}
