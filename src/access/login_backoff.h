// Login back-off: after a few failed logins, each further attempt must wait, per login name and
// per client address, the wait doubling with every failure up to a cap.
//
// Defaults (docs/accounts.md gives the reasons):
//   per login name: 3 free failures, then 1 s, 2 s, 4 s, ... up to 5 min between attempts;
//   per address:    10 free failures (a commission's office may share one address), then the same;
//   a name or address with no failure for 1 h is forgotten (its count starts again).
//
// The key is the text of the name as typed (normalised), whether or not an account has it: an
// unknown name backs off exactly as a known one with a wrong password, so the answers cannot be
// told apart. A successful login forgets its name's failures, never its address's (an attacker
// cannot reset the address count by logging into an account of their own).
//
// Memory is bounded. Each table holds at most `max_keys` entries (10,000 by default, about 1 MB).
// A key longer than 64 bytes is cut to 64 (no login name is longer, and an address is shorter).
// When a new key finds its table full, the entries forgotten by age are dropped first; if it is
// still full, the entry whose last failure is oldest is dropped. An attacker who sends failures
// under many names from one address is held by the address's back-off; only one with very many
// addresses could push a name out of the table early, and that name then starts again at 3 free
// failures, never at an unlimited number.
//
// Pure but for its state: the caller passes the time. Thread-safe (one mutex).

#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace esep::access {

struct BackoffPolicy {
  int free_failures = 3;                   // failures before any wait
  std::chrono::seconds first_delay{1};     // the wait after the first failure beyond them
  std::chrono::seconds max_delay{5 * 60};  // the cap of the doubling
  std::chrono::seconds forget_after{60 * 60};
  size_t max_keys = 10'000;
};

struct LoginBackoffOptions {
  BackoffPolicy per_name{};
  BackoffPolicy per_address{.free_failures = 10};
};

struct BackoffDecision {
  bool allowed = true;
  std::chrono::seconds retry_after{0};  // when not allowed: the HTTP Retry-After
};

class LoginBackoff {
 public:
  explicit LoginBackoff(LoginBackoffOptions options = {});

  // Whether a login as `login_name` from `address` may be attempted at `now`. An attempt that is
  // not allowed must be refused without checking the password and without recording a failure.
  BackoffDecision Check(std::string_view login_name, std::string_view address,
                        std::chrono::sys_seconds now) const;

  // A failed attempt (a wrong password, an unknown name or a disabled account alike).
  void RecordFailure(std::string_view login_name, std::string_view address,
                     std::chrono::sys_seconds now);

  // A successful login: the name's failures are forgotten, the address's kept.
  void RecordSuccess(std::string_view login_name);

  // Entries held, for tests and metrics.
  size_t names_held() const;
  size_t addresses_held() const;

  // The wait after `failures` consecutive failures under `policy` (zero up to free_failures).
  static std::chrono::seconds DelayAfter(const BackoffPolicy& policy, int failures);

 private:
  struct Entry {
    int failures = 0;
    std::chrono::sys_seconds last_failure{};
  };
  using Table = std::unordered_map<std::string, Entry>;

  static std::chrono::seconds Wait(const BackoffPolicy& policy, const Table& table,
                                   std::string_view key, std::chrono::sys_seconds now);
  static void Record(const BackoffPolicy& policy, Table& table, std::string_view key,
                     std::chrono::sys_seconds now);

  const LoginBackoffOptions options_;
  mutable std::mutex mutex_;
  Table names_;      // guarded by mutex_
  Table addresses_;  // guarded by mutex_
};

}  // namespace esep::access
