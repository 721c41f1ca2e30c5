#include "access/login.h"

#include <fmt/format.h>

namespace esep::access {

namespace {

// The wait suggested when every password-check slot is busy.
constexpr std::chrono::seconds kBusyRetryAfter{1};

}  // namespace

LoginOutcome AttemptLogin(PasswordHasher& hasher, LoginBackoff& backoff, const User* user,
                          std::string_view login_name, std::string_view address,
                          std::string_view password, std::chrono::sys_seconds now) {
  const BackoffDecision decision = backoff.Check(login_name, address, now);
  if (!decision.allowed) {
    return {.status = ResourceExhaustedError(fmt::format(
                "too many failed logins; try again in {} s", decision.retry_after.count())),
            .retry_after = decision.retry_after};
  }
  const Result<bool> matches = user == nullptr ? hasher.VerifyUnknownUser(password)
                                               : hasher.Verify(user->password_hash, password);
  if (!matches.has_value()) {
    const bool busy = matches.error().code() == StatusCode::kResourceExhausted;
    return {.status = matches.error(),
            .retry_after = busy ? kBusyRetryAfter : std::chrono::seconds{0}};
  }
  if (!*matches || user == nullptr || user->disabled) {
    backoff.RecordFailure(login_name, address, now);
    return {.status = UnauthenticatedError(std::string(kLoginRefusedMessage))};
  }
  backoff.RecordSuccess(login_name);
  return {.status = OkStatus(), .needs_rehash = hasher.NeedsRehash(user->password_hash)};
}

}  // namespace esep::access
