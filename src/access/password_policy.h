// The password policy: what a new password must be, with a message a person can act on.
//
//   - at least 12 characters (Unicode code points: a Cyrillic or Kazakh letter counts once);
//   - at most 256 bytes (libsodium would hash more, but nobody types it and a bound keeps a
//     request small);
//   - UTF-8 text with no control characters;
//   - not the login name, in any letter case.
//
// Length is what makes a password strong against guessing, and Argon2id (password_hasher.h)
// makes each guess expensive; composition rules (a digit, a capital) are not imposed, as NIST SP
// 800-63B advises. docs/accounts.md gives the reasons.
//
// Pure functions; thread-safe.

#pragma once

#include <string_view>

#include "base/status.h"

namespace esep::access {

inline constexpr size_t kMinPasswordCharacters = 12;
inline constexpr size_t kMaxPasswordBytes = 256;

// OK, or kInvalidArgument naming the rule broken (the message never quotes the password).
Status CheckPasswordPolicy(std::string_view password, std::string_view login_name);

}  // namespace esep::access
