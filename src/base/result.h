// Result<T>: a value or a non-OK Status, with std::expected's member names.
//
// C++20 has no std::expected; this is the small subset esep uses. Value type: copy or move.
//
// Example:
//   Result<int64_t> votes = ParseCount(field);
//   if (!votes.has_value()) return votes.error();
//   Use(*votes);

#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "base/status.h"

namespace esep {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  // REQUIRES: !status.ok(). An OK status carries no value, so it cannot make a Result.
  Result(Status status) : state_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(state_).ok());
  }

  bool has_value() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return has_value(); }

  // REQUIRES: has_value().
  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // REQUIRES: !has_value().
  const Status& error() const { return std::get<Status>(state_); }

  // The error, or OK when there is a value.
  Status status() const { return has_value() ? OkStatus() : error(); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace esep

// Declares `lhs` from the value of `expr` (a Result), or returns its error.
#define ASSIGN_OR_RETURN(lhs, expr)                            \
  auto ESEP_STATUS_CONCAT(esep_result_, __LINE__) = (expr);    \
  if (!ESEP_STATUS_CONCAT(esep_result_, __LINE__).has_value()) \
    return ESEP_STATUS_CONCAT(esep_result_, __LINE__).error(); \
  lhs = std::move(ESEP_STATUS_CONCAT(esep_result_, __LINE__)).value()
