// Router: the route table as data. Each Route names a method, a path pattern with {parameters},
// a stable name (for logs, audit events and the permission table) and its options; Match finds
// the route of a request. The table is enumerable (routes()), so a test can generate every
// route × every role from it.
//
// Built once before Server::Start and read-only afterwards: Match is then thread-safe.
//
// Example:
//   Router router;
//   router.Add({.method = "PUT", .pattern = "/api/v1/protocols/{id}/entries/{n}",
//               .name = "entries.save",
//               .options = {.body = BodyKind::kJson, .effect = Effect::kStateChanging,
//                           .execution = Execution::kWorkerPool},
//               .handler = SaveEntry});

#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "http/request.h"
#include "http/response.h"

namespace esep::http {

// What body a route takes. kJson: Content-Type must be application/json (415 otherwise) and
// the body must parse (400 otherwise); an empty body is allowed only for kNone, kAny and
// kOptionalJson, which is kJson for a body that is not empty (a command with optional fields).
enum class BodyKind { kNone, kJson, kAny, kOptionalJson };
// kStateChanging routes get the Origin check (403 when the Origin is not the server's own).
enum class Effect { kReadOnly, kStateChanging };
// kWorkerPool: the handler may block (store work) and runs on the worker pool, never on an
// I/O thread. kIoThread: the handler is quick and runs on the connection's I/O thread.
enum class Execution { kIoThread, kWorkerPool };

struct RouteOptions {
  size_t body_limit = 65'536;  // bytes; a larger body gets 413
  BodyKind body = BodyKind::kNone;
  Effect effect = Effect::kReadOnly;
  Execution execution = Execution::kIoThread;
  // For kWorkerPool handlers: after this long the client gets 503 and request.cancelled is set.
  std::chrono::milliseconds timeout{30'000};
};

using Handler = std::function<Response(const Request&)>;

struct Route {
  std::string method;   // "GET", "POST", "PUT", "DELETE", ...
  std::string pattern;  // "/api/v1/protocols/{id}/entries/{n}": literal and {name} segments
  std::string name;     // stable: "entries.save"
  RouteOptions options;
  Handler handler;
};

enum class MatchOutcome {
  kFound,
  kNoPath,    // 404: no route has this path
  kNoMethod,  // 405: routes have this path, none with this method (allow lists theirs)
  kBadPath,   // 400: the path does not decode
};

struct RouteMatch {
  MatchOutcome outcome = MatchOutcome::kNoPath;
  const Route* route = nullptr;  // kFound: the route (owned by the router)
  std::vector<std::pair<std::string, std::string>> params;  // kFound: decoded, in order
  std::string allow;                                        // kNoMethod: "GET, PUT"
  std::string message;                                      // kBadPath: why
};

class Router {
 public:
  // Adds `route`. kInvalidArgument when the pattern is malformed (not starting with '/', an
  // empty or unclosed {}, a parameter named twice), the name or the method is empty, or the
  // handler is empty; kAlreadyExists when the name or the method and pattern are taken.
  Status Add(Route route);

  // The route for `method` and the raw (not decoded) `path`. Literal segments match exactly
  // after decoding; a {parameter} matches one non-empty segment. When two patterns match, the
  // one with a literal segment earlier wins ("/a/me" before "/a/{id}").
  RouteMatch Match(std::string_view method, std::string_view path) const;

  // Every route, in the order added.
  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct Segment {
    std::string text;  // the literal, or the parameter's name
    bool parameter = false;
  };
  std::vector<Route> routes_;
  std::vector<std::vector<Segment>> segments_;  // parallel to routes_
};

}  // namespace esep::http
