#include "access/password_hasher.h"

#include <array>
#include <cstdlib>

#include <sodium.h>

namespace esep::access {

namespace {

constexpr std::string_view kArgon2idPrefix = "$argon2id$";

void InitSodium() {
  // Idempotent and thread-safe; fails only without a system random source.
  if (sodium_init() < 0) {
    std::abort();
  }
}

Result<std::string> HashWith(const PasswordHashParameters& parameters, std::string_view password) {
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str(out.data(), password.data(), password.size(), parameters.ops_limit,
                        parameters.mem_limit_bytes) != 0) {
    return InternalError("cannot hash the password: out of memory");
  }
  return std::string(out.data());
}

}  // namespace

PasswordHasher::PasswordHasher(PasswordHasherOptions options)
    : options_(options), limit_(options.max_concurrent) {
  InitSodium();
  // A hash of a random password nobody knows: VerifyUnknownUser compares against it.
  std::array<unsigned char, 32> secret{};
  randombytes_buf(secret.data(), secret.size());
  const std::string_view secret_text(reinterpret_cast<const char*>(secret.data()), secret.size());
  if (Result<std::string> dummy = HashWith(options_.parameters, secret_text)) {
    dummy_hash_ = std::move(dummy).value();
  }
  sodium_memzero(secret.data(), secret.size());
}

Result<std::string> PasswordHasher::Hash(std::string_view password) {
  ASSIGN_OR_RETURN(const ConcurrencyLimit::Slot slot,
                   limit_.Acquire(options_.max_wait, "password checks"));
  return HashWith(options_.parameters, password);
}

Result<bool> PasswordHasher::Verify(std::string_view stored_hash, std::string_view password) {
  if (stored_hash.size() >= crypto_pwhash_STRBYTES ||
      stored_hash.substr(0, kArgon2idPrefix.size()) != kArgon2idPrefix) {
    return DataLossError("the account's stored password hash is not an Argon2id string");
  }
  ASSIGN_OR_RETURN(const ConcurrencyLimit::Slot slot,
                   limit_.Acquire(options_.max_wait, "password checks"));
  return VerifyHeld(stored_hash, password);
}

Result<bool> PasswordHasher::VerifyUnknownUser(std::string_view password) {
  if (dummy_hash_.empty()) {
    return InternalError("cannot check passwords: the hasher could not be set up (out of memory)");
  }
  ASSIGN_OR_RETURN(const ConcurrencyLimit::Slot slot,
                   limit_.Acquire(options_.max_wait, "password checks"));
  // The result is thrown away: the work, not the answer, is the point.
  (void)VerifyHeld(dummy_hash_, password);
  return false;
}

Result<bool> PasswordHasher::VerifyHeld(std::string_view stored_hash,
                                        std::string_view password) const {
  const std::string terminated(stored_hash);  // libsodium reads a NUL-terminated string
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool PasswordHasher::NeedsRehash(std::string_view stored_hash) const {
  const std::string terminated(stored_hash);
  return crypto_pwhash_str_needs_rehash(terminated.c_str(), options_.parameters.ops_limit,
                                        options_.parameters.mem_limit_bytes) != 0;
}

}  // namespace esep::access
