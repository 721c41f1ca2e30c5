// Status: the outcome of an operation that can fail on bad input or a bad environment.
//
// Codes are a subset of absl::StatusCode. One table (status.cc) maps each code to a CLI exit
// code and an HTTP status. Status is a small value type; copy it freely.

#pragma once

#include <string>
#include <string_view>

namespace esep {

enum class StatusCode {
  kOk,
  kInvalidArgument,     // the input breaks a rule (bad number, bad header, ...)
  kNotFound,            // a named thing does not exist (rule set, file, region)
  kAlreadyExists,       // a name given twice
  kFailedPrecondition,  // the input is well-formed but the law cannot be applied to it
  kDataLoss,            // stored or published data is corrupt
  kUnavailable,         // a resource (file system, database) cannot be reached
  kCancelled,           // the caller stopped the operation (WorkControl) before it finished
  kInternal,            // a bug in esep
  // The codes of a server's callers (esep serve):
  kUnauthenticated,    // no valid session: log in first
  kPermissionDenied,   // the user's role or commission has no right to this action
  kAborted,            // a stale version: someone else changed it first (If-Match)
  kResourceExhausted,  // too large, or too many attempts: slow down
};

class [[nodiscard]] Status {
 public:
  // An OK status.
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "invalid argument: <message>".
  std::string ToString() const;

  // Returns a copy whose message is "<context>: <message>".
  Status WithContext(std::string_view context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status OkStatus() { return Status(); }
inline Status InvalidArgumentError(std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message));
}
inline Status NotFoundError(std::string message) {
  return Status(StatusCode::kNotFound, std::move(message));
}
inline Status AlreadyExistsError(std::string message) {
  return Status(StatusCode::kAlreadyExists, std::move(message));
}
inline Status FailedPreconditionError(std::string message) {
  return Status(StatusCode::kFailedPrecondition, std::move(message));
}
inline Status DataLossError(std::string message) {
  return Status(StatusCode::kDataLoss, std::move(message));
}
inline Status UnavailableError(std::string message) {
  return Status(StatusCode::kUnavailable, std::move(message));
}
inline Status CancelledError(std::string message) {
  return Status(StatusCode::kCancelled, std::move(message));
}
inline Status InternalError(std::string message) {
  return Status(StatusCode::kInternal, std::move(message));
}
inline Status UnauthenticatedError(std::string message) {
  return Status(StatusCode::kUnauthenticated, std::move(message));
}
inline Status PermissionDeniedError(std::string message) {
  return Status(StatusCode::kPermissionDenied, std::move(message));
}
inline Status AbortedError(std::string message) {
  return Status(StatusCode::kAborted, std::move(message));
}
inline Status ResourceExhaustedError(std::string message) {
  return Status(StatusCode::kResourceExhausted, std::move(message));
}

std::string_view StatusCodeName(StatusCode code);

// The process exit code for a command that ends with this status: 0 for OK, 2 for every
// kind of bad input (the convention of sysexits-style tools and of `esep --help`), 3 for
// corrupt data, 4 for an unavailable resource, 70 (EX_SOFTWARE) for a bug.
int ExitCodeFor(StatusCode code);

// The exit codes of every `esep` command, explained: the one text each --help ends with and the
// README repeats. Lines start "  N  " for each exit code of the table (status_test.cc checks).
std::string_view ExitCodesHelp();

// The HTTP status a server answers with for this status.
int HttpStatusFor(StatusCode code);

}  // namespace esep

#define ESEP_STATUS_CONCAT_INNER(a, b) a##b
#define ESEP_STATUS_CONCAT(a, b) ESEP_STATUS_CONCAT_INNER(a, b)

// Returns from the enclosing function when `expr` (a Status) is not OK.
#define RETURN_IF_ERROR(expr)                    \
  do {                                           \
    ::esep::Status esep_status_ = (expr);        \
    if (!esep_status_.ok()) return esep_status_; \
  } while (false)
