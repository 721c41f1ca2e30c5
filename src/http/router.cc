#include "http/router.h"

#include <algorithm>

#include <fmt/format.h>

#include "http/uri_path.h"

namespace esep::http {

Status Router::Add(Route route) {
  if (route.method.empty() || route.name.empty()) {
    return InvalidArgumentError(fmt::format("route '{}' of pattern '{}' needs a method and a name",
                                            route.name, route.pattern));
  }
  if (!route.handler) {
    return InvalidArgumentError(fmt::format("route '{}' has no handler", route.name));
  }
  if (route.pattern.empty() || route.pattern.front() != '/') {
    return InvalidArgumentError(
        fmt::format("route '{}': pattern '{}' does not start with '/'", route.name, route.pattern));
  }
  std::vector<Segment> segments;
  if (route.pattern.size() > 1) {
    std::string_view rest = std::string_view(route.pattern).substr(1);
    while (true) {
      const size_t slash = rest.find('/');
      std::string_view text = rest.substr(0, slash);
      Segment segment;
      if (!text.empty() && text.front() == '{') {
        if (text.size() < 3 || text.back() != '}') {
          return InvalidArgumentError(
              fmt::format("route '{}': malformed parameter '{}'", route.name, text));
        }
        segment.parameter = true;
        segment.text = std::string(text.substr(1, text.size() - 2));
        for (const Segment& other : segments) {
          if (other.parameter && other.text == segment.text) {
            return InvalidArgumentError(
                fmt::format("route '{}': parameter '{}' named twice", route.name, segment.text));
          }
        }
      } else {
        if (text.find_first_of("{}%") != std::string_view::npos) {
          return InvalidArgumentError(fmt::format(
              "route '{}': literal segment '{}' holds '{{', '}}' or '%'", route.name, text));
        }
        segment.text = std::string(text);
      }
      segments.push_back(std::move(segment));
      if (slash == std::string_view::npos) {
        break;
      }
      rest.remove_prefix(slash + 1);
    }
  }
  for (const Route& other : routes_) {
    if (other.name == route.name) {
      return AlreadyExistsError(fmt::format("route name '{}' is taken", route.name));
    }
    if (other.method == route.method && other.pattern == route.pattern) {
      return AlreadyExistsError(fmt::format("route '{}': {} {} is route '{}' already", route.name,
                                            route.method, route.pattern, other.name));
    }
  }
  routes_.push_back(std::move(route));
  segments_.push_back(std::move(segments));
  return OkStatus();
}

RouteMatch Router::Match(std::string_view method, std::string_view path) const {
  RouteMatch match;
  Result<std::vector<std::string>> decoded = SplitPath(path);
  if (!decoded.has_value()) {
    match.outcome = MatchOutcome::kBadPath;
    match.message = decoded.error().message();
    return match;
  }
  const std::vector<std::string>& parts = *decoded;
  // The rank of a matching pattern: the position of its first parameter (more literal prefix
  // first), so "/a/me" wins over "/a/{id}" for "/a/me".
  size_t best_rank = 0;
  std::vector<std::string> allowed;
  for (size_t r = 0; r < routes_.size(); ++r) {
    const std::vector<Segment>& pattern = segments_[r];
    if (pattern.size() != parts.size()) {
      continue;
    }
    bool matches = true;
    size_t rank = pattern.size();
    for (size_t i = 0; i < pattern.size() && matches; ++i) {
      if (pattern[i].parameter) {
        matches = !parts[i].empty();
        rank = std::min(rank, i);
      } else {
        matches = pattern[i].text == parts[i];
      }
    }
    if (!matches) {
      continue;
    }
    if (routes_[r].method != method) {
      if (std::find(allowed.begin(), allowed.end(), routes_[r].method) == allowed.end()) {
        allowed.push_back(routes_[r].method);
      }
      continue;
    }
    if (match.route == nullptr || rank > best_rank) {
      match.route = &routes_[r];
      best_rank = rank;
      match.params.clear();
      for (size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i].parameter) {
          match.params.emplace_back(pattern[i].text, parts[i]);
        }
      }
    }
  }
  if (match.route != nullptr) {
    match.outcome = MatchOutcome::kFound;
    return match;
  }
  if (!allowed.empty()) {
    std::sort(allowed.begin(), allowed.end());
    match.outcome = MatchOutcome::kNoMethod;
    match.allow = fmt::format("{}", fmt::join(allowed, ", "));
    return match;
  }
  match.outcome = MatchOutcome::kNoPath;
  return match;
}

}  // namespace esep::http
