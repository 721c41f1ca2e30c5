// A login attempt, decided: back-off first, then the password, with one answer for every kind of
// refusal so that nobody learns which login names exist.
//
// An unknown name, a wrong password and a disabled account all give kUnauthenticated with
// kLoginRefusedMessage, after the same Argon2id work (an unknown name is checked against the
// hasher's dummy hash), and all count as a failure for the name's and the address's back-off.
// A name or address in back-off gets kResourceExhausted with the seconds to wait, whether or not
// the name exists, and no password is checked.
//
// Thread-safe as its parts are.

#pragma once

#include <chrono>
#include <string_view>

#include "access/login_backoff.h"
#include "access/password_hasher.h"
#include "access/user.h"
#include "base/status.h"

namespace esep::access {

inline constexpr std::string_view kLoginRefusedMessage = "wrong login name or password";

struct LoginOutcome {
  // OK; kUnauthenticated (kLoginRefusedMessage); kResourceExhausted (back-off, or too many
  // password checks at once: retry_after says when to try again); kDataLoss (a damaged hash).
  Status status;
  std::chrono::seconds retry_after{0};
  // OK only: the stored hash has old parameters; store a fresh hash of this password.
  bool needs_rehash = false;
};

// `user` is the account whose login name is `login_name` (normalised, user.h), or nullptr when
// there is none. `address` is the client's address as the server sees it.
LoginOutcome AttemptLogin(PasswordHasher& hasher, LoginBackoff& backoff, const User* user,
                          std::string_view login_name, std::string_view address,
                          std::string_view password, std::chrono::sys_seconds now);

}  // namespace esep::access
