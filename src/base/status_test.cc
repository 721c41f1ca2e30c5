// Tests for Status, its code table (exit codes, HTTP statuses) and Result<T> with the
// RETURN_IF_ERROR / ASSIGN_OR_RETURN macros.

#include "base/status.h"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "base/result.h"

namespace esep {
namespace {

struct CodeCase {
  const char* name;
  StatusCode code;
  std::string_view code_name;
  int exit_code;
  int http_status;
};

// Every bad-input code exits 2, corrupt data 3, an unavailable resource 4, a cancelled
// operation 130, a bug 70.
const CodeCase kCodeCases[] = {
    {"ok", StatusCode::kOk, "ok", 0, 200},
    {"invalid_argument", StatusCode::kInvalidArgument, "invalid argument", 2, 400},
    {"not_found", StatusCode::kNotFound, "not found", 2, 404},
    {"already_exists", StatusCode::kAlreadyExists, "already exists", 2, 409},
    {"failed_precondition", StatusCode::kFailedPrecondition, "failed precondition", 2, 422},
    {"data_loss", StatusCode::kDataLoss, "data loss", 3, 500},
    {"unavailable", StatusCode::kUnavailable, "unavailable", 4, 503},
    {"cancelled", StatusCode::kCancelled, "cancelled", 130, 503},
    {"internal", StatusCode::kInternal, "internal error", 70, 500},
    {"unauthenticated", StatusCode::kUnauthenticated, "unauthenticated", 2, 401},
    {"permission_denied", StatusCode::kPermissionDenied, "permission denied", 2, 403},
    {"aborted", StatusCode::kAborted, "aborted", 2, 412},
    {"resource_exhausted", StatusCode::kResourceExhausted, "resource exhausted", 2, 429},
};

TEST(StatusTest, CodeTableGivesExitCodeHttpStatusAndName) {
  for (const CodeCase& c : kCodeCases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(ExitCodeFor(c.code), c.exit_code);
    EXPECT_EQ(HttpStatusFor(c.code), c.http_status);
    EXPECT_EQ(StatusCodeName(c.code), c.code_name);
  }
}

TEST(StatusTest, EveryBadInputCodeExitsTwo) {
  for (StatusCode code : {StatusCode::kInvalidArgument, StatusCode::kNotFound,
                          StatusCode::kAlreadyExists, StatusCode::kFailedPrecondition}) {
    SCOPED_TRACE(StatusCodeName(code));
    EXPECT_EQ(ExitCodeFor(code), 2);
  }
  EXPECT_EQ(ExitCodeFor(StatusCode::kDataLoss), 3);
  EXPECT_EQ(ExitCodeFor(StatusCode::kUnavailable), 4);
  EXPECT_EQ(ExitCodeFor(StatusCode::kInternal), 70);
}

TEST(StatusTest, ExitCodesHelpExplainsEveryExitCode) {
  const std::string help(ExitCodesHelp());
  for (const CodeCase& c : kCodeCases) {
    SCOPED_TRACE(c.name);
    const std::string line = "\n  " + std::to_string(c.exit_code) + " ";
    EXPECT_NE(help.find(line), std::string::npos) << help;
  }
}

TEST(StatusTest, DefaultIsOk) {
  const Status status;
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kOk);
  EXPECT_EQ(status.message(), "");
  EXPECT_EQ(status.ToString(), "ok");
  EXPECT_TRUE(OkStatus().ok());
}

struct FactoryCase {
  const char* name;
  Status status;
  StatusCode want_code;
};

TEST(StatusTest, FactoriesSetCodeAndMessage) {
  const FactoryCase cases[] = {
      {"invalid_argument", InvalidArgumentError("m"), StatusCode::kInvalidArgument},
      {"not_found", NotFoundError("m"), StatusCode::kNotFound},
      {"already_exists", AlreadyExistsError("m"), StatusCode::kAlreadyExists},
      {"failed_precondition", FailedPreconditionError("m"), StatusCode::kFailedPrecondition},
      {"data_loss", DataLossError("m"), StatusCode::kDataLoss},
      {"unavailable", UnavailableError("m"), StatusCode::kUnavailable},
      {"cancelled", CancelledError("m"), StatusCode::kCancelled},
      {"internal", InternalError("m"), StatusCode::kInternal},
      {"unauthenticated", UnauthenticatedError("m"), StatusCode::kUnauthenticated},
      {"permission_denied", PermissionDeniedError("m"), StatusCode::kPermissionDenied},
      {"aborted", AbortedError("m"), StatusCode::kAborted},
      {"resource_exhausted", ResourceExhaustedError("m"), StatusCode::kResourceExhausted},
  };
  for (const FactoryCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_FALSE(c.status.ok());
    EXPECT_EQ(c.status.code(), c.want_code);
    EXPECT_EQ(c.status.message(), "m");
  }
}

TEST(StatusTest, ToStringPrefixesCodeName) {
  EXPECT_EQ(InvalidArgumentError("votes.csv:3: bad number").ToString(),
            "invalid argument: votes.csv:3: bad number");
  EXPECT_EQ(InternalError("oops").ToString(), "internal error: oops");
}

TEST(StatusTest, WithContextPrefixesMessageAndKeepsCode) {
  const Status status = NotFoundError("no such region").WithContext("reading results.json");
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_EQ(status.message(), "reading results.json: no such region");
  // Contexts nest outermost first.
  EXPECT_EQ(status.WithContext("esep seats").message(),
            "esep seats: reading results.json: no such region");
}

TEST(StatusTest, WithContextLeavesOkStatusOk) {
  const Status status = OkStatus().WithContext("reading results.json");
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(status.message(), "");
}

TEST(ResultTest, HoldsValue) {
  Result<std::string> result = std::string("Amanat");
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(static_cast<bool>(result));
  EXPECT_EQ(result.value(), "Amanat");
  EXPECT_EQ(*result, "Amanat");
  EXPECT_EQ(result->size(), 6u);
  EXPECT_TRUE(result.status().ok());
  result.value() += " party";
  EXPECT_EQ(*result, "Amanat party");
}

TEST(ResultTest, HoldsError) {
  const Result<int64_t> result = DataLossError("checksum mismatch");
  ASSERT_FALSE(result.has_value());
  EXPECT_FALSE(static_cast<bool>(result));
  EXPECT_EQ(result.error().code(), StatusCode::kDataLoss);
  EXPECT_EQ(result.error().message(), "checksum mismatch");
  EXPECT_EQ(result.status().code(), StatusCode::kDataLoss);
}

TEST(ResultTest, MovesValueOut) {
  Result<std::unique_ptr<int>> result = std::make_unique<int>(7);
  ASSERT_TRUE(result.has_value());
  std::unique_ptr<int> owned = std::move(result).value();
  ASSERT_NE(owned, nullptr);
  EXPECT_EQ(*owned, 7);
}

TEST(ResultDeathTest, OkStatusCannotMakeAResult) {
  // An OK status carries no value; the constructor asserts (debug builds only).
  EXPECT_DEBUG_DEATH({ const Result<int> result(OkStatus()); }, "");
}

// Helpers for the macro tests. `calls` records how far each function got.

Status Check(bool good, std::vector<std::string>& calls) {
  calls.push_back("check");
  return good ? OkStatus() : FailedPreconditionError("check failed");
}

Status TwoChecks(bool first_good, bool second_good, std::vector<std::string>& calls) {
  RETURN_IF_ERROR(Check(first_good, calls));
  RETURN_IF_ERROR(Check(second_good, calls));
  calls.push_back("end");
  return OkStatus();
}

TEST(StatusMacroTest, ReturnIfErrorContinuesOnOk) {
  std::vector<std::string> calls;
  EXPECT_TRUE(TwoChecks(true, true, calls).ok());
  EXPECT_EQ(calls, (std::vector<std::string>{"check", "check", "end"}));
}

TEST(StatusMacroTest, ReturnIfErrorReturnsFirstError) {
  std::vector<std::string> calls;
  const Status status = TwoChecks(false, true, calls);
  EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(status.message(), "check failed");
  // The expression is evaluated once and nothing after the failing line runs.
  EXPECT_EQ(calls, (std::vector<std::string>{"check"}));
}

Result<int64_t> Half(int64_t value, std::vector<std::string>& calls) {
  calls.push_back("half");
  if (value % 2 != 0) {
    return InvalidArgumentError("odd");
  }
  return value / 2;
}

// Two ASSIGN_OR_RETURN in one function, one declaring and one assigning.
Result<int64_t> Quarter(int64_t value, std::vector<std::string>& calls) {
  ASSIGN_OR_RETURN(const int64_t half, Half(value, calls));
  int64_t quarter = 0;
  ASSIGN_OR_RETURN(quarter, Half(half, calls));
  calls.push_back("end");
  return quarter;
}

Status QuarterAsStatus(int64_t value, int64_t& out, std::vector<std::string>& calls) {
  ASSIGN_OR_RETURN(out, Quarter(value, calls));
  return OkStatus();
}

Result<int> ReturnIfErrorInResult(bool good, std::vector<std::string>& calls) {
  RETURN_IF_ERROR(Check(good, calls));
  return 1;
}

TEST(StatusMacroTest, AssignOrReturnAssignsValues) {
  std::vector<std::string> calls;
  const Result<int64_t> result = Quarter(12, calls);
  ASSERT_TRUE(result.has_value()) << result.error().ToString();
  EXPECT_EQ(*result, 3);
  EXPECT_EQ(calls, (std::vector<std::string>{"half", "half", "end"}));
}

TEST(StatusMacroTest, AssignOrReturnReturnsError) {
  struct Case {
    const char* name;
    int64_t value;
    std::vector<std::string> want_calls;
  };
  const Case cases[] = {
      {"first_fails", 7, {"half"}},
      {"second_fails", 6, {"half", "half"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<std::string> calls;
    const Result<int64_t> result = Quarter(c.value, calls);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(result.error().message(), "odd");
    EXPECT_EQ(calls, c.want_calls);
  }
}

TEST(StatusMacroTest, AssignOrReturnWorksInStatusFunction) {
  std::vector<std::string> calls;
  int64_t out = -1;
  EXPECT_TRUE(QuarterAsStatus(8, out, calls).ok());
  EXPECT_EQ(out, 2);
  out = -1;
  const Status status = QuarterAsStatus(5, out, calls);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(out, -1);
}

TEST(StatusMacroTest, ReturnIfErrorWorksInResultFunction) {
  std::vector<std::string> calls;
  const Result<int> good = ReturnIfErrorInResult(true, calls);
  ASSERT_TRUE(good.has_value());
  EXPECT_EQ(*good, 1);
  const Result<int> bad = ReturnIfErrorInResult(false, calls);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace esep
