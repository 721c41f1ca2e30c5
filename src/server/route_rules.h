// The rule of every route of the API: the one access::Action it performs, or that it is the
// login or the logout (which come before a user is known or end the session whatever the role).
// The table is data (route_rules.cc); BuildApiRouter refuses to build a router with a route
// that has no rule, and the route × role × scope test reads the same table.
//
// Pure functions over constant data; thread-safe.

#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "access/action.h"

namespace esep::server {

enum class RuleKind {
  kLogin,   // POST /auth/login: no session yet
  kLogout,  // POST /auth/logout: ends the caller's session whatever the role
  kAction,  // authorised with access::Authorize for `action`
};

struct RouteRule {
  std::string_view route_name;  // the route's stable name, e.g. "users.change"
  RuleKind kind = RuleKind::kAction;
  access::Action action = access::Action::kViewOwnAccount;  // kAction only
};

// Every rule, one per route name.
std::span<const RouteRule> RouteRules();

// The rule of `route_name`, or nullopt for a route without one.
std::optional<RouteRule> RuleOf(std::string_view route_name);

}  // namespace esep::server
