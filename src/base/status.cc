#include "base/status.h"

#include <fmt/format.h>

namespace esep {

namespace {

struct CodeRow {
  StatusCode code;
  std::string_view name;
  int exit_code;
  int http_status;
};

// The one table from codes to names, exit codes and HTTP statuses.
constexpr CodeRow kCodeTable[] = {
    {StatusCode::kOk, "ok", 0, 200},
    {StatusCode::kInvalidArgument, "invalid argument", 2, 400},
    {StatusCode::kNotFound, "not found", 2, 404},
    {StatusCode::kAlreadyExists, "already exists", 2, 409},
    {StatusCode::kFailedPrecondition, "failed precondition", 2, 422},
    {StatusCode::kDataLoss, "data loss", 3, 500},
    {StatusCode::kUnavailable, "unavailable", 4, 503},
    // 130: the shell's code for a command stopped by Ctrl-C; a server cancels on shutdown.
    {StatusCode::kCancelled, "cancelled", 130, 503},
    {StatusCode::kInternal, "internal error", 70, 500},
    // A command line has no session, role or concurrent writer: these come from a server, and
    // a command that meets one (`esep users` on a disabled account) exits as for bad input.
    {StatusCode::kUnauthenticated, "unauthenticated", 2, 401},
    {StatusCode::kPermissionDenied, "permission denied", 2, 403},
    {StatusCode::kAborted, "aborted", 2, 412},
    {StatusCode::kResourceExhausted, "resource exhausted", 2, 429},
};

const CodeRow& RowFor(StatusCode code) {
  for (const CodeRow& row : kCodeTable) {
    if (row.code == code) {
      return row;
    }
  }
  // Unreachable while every code has a row (a test checks it): report a bug, never a success.
  static_assert(kCodeTable[8].code == StatusCode::kInternal);
  return kCodeTable[8];
}

}  // namespace

std::string Status::ToString() const {
  if (ok()) {
    return "ok";
  }
  return fmt::format("{}: {}", StatusCodeName(code_), message_);
}

Status Status::WithContext(std::string_view context) const {
  if (ok()) {
    return *this;
  }
  return Status(code_, fmt::format("{}: {}", context, message_));
}

std::string_view StatusCodeName(StatusCode code) { return RowFor(code).name; }
std::string_view ExitCodesHelp() {
  return "Exit status:\n"
         "  0    success\n"
         "  2    bad input: a flag, a file, a row or a rule that cannot be used (invalid, not "
         "found,\n"
         "       already exists, or the law cannot be applied); import: some rows were "
         "rejected;\n"
         "       an output that exists (give --force) or is one of the inputs\n"
         "  3    data loss: stored or published data is corrupt or was altered (verify)\n"
         "  4    unavailable: a file or the store cannot be read or written\n"
         "  70   internal error: a bug in esep; please report it with the command line\n"
         "  130  cancelled (Ctrl-C); what was committed before stays committed\n";
}

int ExitCodeFor(StatusCode code) { return RowFor(code).exit_code; }
int HttpStatusFor(StatusCode code) { return RowFor(code).http_status; }

}  // namespace esep
