// Sessions: the token a browser holds after logging in, and the rules for how long it lives.
//
// A token is 32 random bytes from libsodium's randombytes_buf (the operating system's random
// source), given to the browser once, base64url without padding (43 characters) in a `__Host-`
// cookie. The server stores only its SHA-256 (base/sha256.h): whoever reads the store — a backup,
// an insider with the file — learns no token that would let them act as a user. A presented
// token is hashed and looked up by its hash; two hashes are compared in constant time.
//
// A session ends after `idle` without a request (30 minutes by default: a typist who leaves a
// terminal is logged out within one break) and at `absolute` after login whatever happens (12
// hours: one shift; an election night needs one new login). CheckSession is pure: the caller
// passes the time, so every boundary is tested to the second, and returns the seconds left for
// the countdown the web application shows. docs/accounts.md gives the reasons.
//
// Pure functions but NewSessionToken (the system's random source); thread-safe.

#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "base/result.h"

namespace esep::access {

inline constexpr size_t kSessionTokenBytes = 32;
inline constexpr size_t kSessionTokenTextLength = 43;  // base64url of 32 bytes, no padding

struct SessionToken {
  std::string cookie_value;  // what the browser holds: 43 characters of base64url
  std::string hash_hex;      // what the store keeps: SHA-256 of the 32 bytes, 64 hex digits
};

// A fresh token and its hash.
SessionToken NewSessionToken();

// The hash under which the session of `cookie_value` is stored. kUnauthenticated when the value
// is not 43 characters of base64url (the message does not quote it).
Result<std::string> HashSessionToken(std::string_view cookie_value);

// Constant-time equality of two token hashes (false when their lengths differ).
bool SessionHashesEqual(std::string_view a, std::string_view b);

struct SessionPolicy {
  std::chrono::seconds idle{30 * 60};
  std::chrono::seconds absolute{12 * 60 * 60};
};

struct Session {
  std::string token_hash;  // SHA-256 hex of the token
  std::string user_id;
  std::chrono::sys_seconds created_at{};  // login
  std::chrono::sys_seconds last_seen{};   // the last request that renewed it
};

enum class SessionState {
  kValid,
  kIdleExpired,      // no request for `idle`
  kAbsoluteExpired,  // `absolute` after login
};

struct SessionCheck {
  SessionState state = SessionState::kValid;
  // Until the session ends unless renewed (the nearer of the two limits); zero once expired.
  std::chrono::seconds left{0};
};

// The session's state at `now`. A session is valid strictly before each limit: at
// last_seen + idle it has idle-expired, at created_at + absolute it has absolute-expired (the
// absolute limit wins when both have passed).
SessionCheck CheckSession(const SessionPolicy& policy, const Session& session,
                          std::chrono::sys_seconds now);

// OK for a valid session; kUnauthenticated with a message saying which limit ended it.
Status SessionStatus(const SessionPolicy& policy, const SessionCheck& check);

// The session after a request at `now` renews it (last_seen = now).
// REQUIRES: CheckSession(policy, session, now).state == kValid.
Session Renewed(Session session, std::chrono::sys_seconds now);

}  // namespace esep::access
