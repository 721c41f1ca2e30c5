// Password hashes: Argon2id through libsodium's crypto_pwhash_str, with a limit on how many run
// at once.
//
// Each hash takes `mem_limit_bytes` of memory for its duration (64 MiB by default) and about
// 0.2 s of one core on the reference machine (docs/accounts.md has the measurement). Without a
// limit, a hundred simultaneous logins would ask for 6.4 GiB; with it, at most `max_concurrent`
// hashes run and a caller that waits longer than `max_wait` for a turn gets kResourceExhausted
// (HTTP 429), so a flood of logins slows logins down and cannot take the server's memory.
//
// The stored string ("$argon2id$v=19$m=65536,t=2,p=1$<salt>$<hash>") carries its own parameters
// and a random salt, so raising the parameters later leaves old hashes verifiable; NeedsRehash
// tells the server to store a fresh hash after the next successful login.
//
// VerifyUnknownUser spends the same work on a login name that has no account, against a hash made
// at construction with the same parameters, and answers false: the time of a refused login does
// not tell whether the name exists (login.h).
//
// Thread-safe: any number of threads may call any method.

#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "access/concurrency_limit.h"
#include "base/result.h"

namespace esep::access {

struct PasswordHashParameters {
  uint64_t ops_limit = 2;                     // Argon2 passes over memory (t)
  size_t mem_limit_bytes = size_t{64} << 20;  // memory per hash (m)
};

// libsodium's "interactive" preset for Argon2id: t=2, m=64 MiB (docs/accounts.md: why).
inline constexpr PasswordHashParameters kDefaultPasswordHashParameters{};
// The smallest parameters libsodium accepts (t=1, m=8 KiB): for tests only, never for a store.
inline constexpr PasswordHashParameters kTestOnlyPasswordHashParameters{.ops_limit = 1,
                                                                        .mem_limit_bytes = 8192};

struct PasswordHasherOptions {
  PasswordHashParameters parameters = kDefaultPasswordHashParameters;
  // Hashes at once: 2 on a 2-core machine (128 MiB at most); more only adds waiting.
  int max_concurrent = 2;
  // How long a login waits for a turn before it is refused with kResourceExhausted.
  std::chrono::milliseconds max_wait{3000};
};

class PasswordHasher {
 public:
  // Computes the dummy hash of VerifyUnknownUser (one hash's time).
  explicit PasswordHasher(PasswordHasherOptions options = {});
  PasswordHasher(const PasswordHasher&) = delete;
  PasswordHasher& operator=(const PasswordHasher&) = delete;

  // The Argon2id string of `password` with a fresh random salt. kResourceExhausted when no turn
  // came within max_wait; kInternal when libsodium cannot allocate the memory.
  // Check the password against the policy (password_policy.h) first.
  Result<std::string> Hash(std::string_view password);

  // Whether `password` matches `stored_hash`. kResourceExhausted as Hash; kDataLoss when
  // `stored_hash` is not an Argon2id string (a damaged account record).
  Result<bool> Verify(std::string_view stored_hash, std::string_view password);

  // The same work as Verify against a hash of the current parameters; always false (or
  // kResourceExhausted, as Verify). For a login name with no account.
  Result<bool> VerifyUnknownUser(std::string_view password);

  // True when `stored_hash` was made with other parameters than this hasher's (or is not a
  // valid string): store a new hash the next time its password is known.
  bool NeedsRehash(std::string_view stored_hash) const;

  const PasswordHasherOptions& options() const { return options_; }
  // For metrics, and for tests that hold every slot.
  ConcurrencyLimit& concurrency_limit() { return limit_; }

 private:
  Result<bool> VerifyHeld(std::string_view stored_hash, std::string_view password) const;

  const PasswordHasherOptions options_;
  ConcurrencyLimit limit_;
  std::string dummy_hash_;  // empty when it could not be made: VerifyUnknownUser is kInternal
};

}  // namespace esep::access
