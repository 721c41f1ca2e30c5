// Ed25519 signatures (libsodium) for the heads of the audit chain and for exports: a
// commission's key pair, its key files, signing and checking. A signature made with the
// secret key can be checked by anyone holding the public key; without the secret key nobody
// can make one, so a rewritten chain cannot carry a valid signed head (docs/threat-model.md).
//
// Key files (docs/formats/keys.md), one line each, lowercase hex:
//   secret: "esep-ed25519-secret-key/1 <128 hex digits>" (libsodium's 64-byte secret key:
//           the seed, then the public key); keep it outside the store, readable by its owner only
//   public: "esep-ed25519-public-key/1 <64 hex digits>"
//
// Example:
//   ASSIGN_OR_RETURN(SigningKey key, SigningKey::FromFileText(text, "commission.key"));
//   std::string signature = key.SignHex(message);
//   bool good = VerifySignatureHex(key.public_key_hex(), message, signature);
//
// Thread-safe: a SigningKey is immutable once made.

#pragma once

#include <array>
#include <string>
#include <string_view>

#include "base/result.h"

namespace esep {

inline constexpr std::string_view kSecretKeyTag = "esep-ed25519-secret-key/1";
inline constexpr std::string_view kPublicKeyTag = "esep-ed25519-public-key/1";

class SigningKey {
 public:
  // A new key pair from the system's random source.
  static Result<SigningKey> Generate();
  // The key in a secret key file's text; kInvalidArgument naming `source` when it is not one
  // (or its public half does not belong to its seed).
  static Result<SigningKey> FromFileText(std::string_view text, std::string_view source);

  SigningKey(const SigningKey& other) = default;
  SigningKey& operator=(const SigningKey& other) = default;
  ~SigningKey();

  const std::string& public_key_hex() const { return public_key_hex_; }
  // The secret and public key files' text, each one line ending with a newline.
  std::string SecretFileText() const;
  std::string PublicFileText() const;
  // The detached signature of `message`, 128 lowercase hex digits.
  std::string SignHex(std::string_view message) const;

 private:
  SigningKey() = default;
  std::array<unsigned char, 64> secret_{};
  std::string public_key_hex_;
};

// A public key given on a command line or read from a public key file: the file's text, or the
// 64 hex digits alone. Returns the 64 lowercase hex digits; kInvalidArgument naming `source`.
Result<std::string> ParsePublicKey(std::string_view text, std::string_view source);

// True when `signature_hex` is a valid Ed25519 signature of `message` by `public_key_hex`;
// false for a bad signature or malformed hex.
bool VerifySignatureHex(std::string_view public_key_hex, std::string_view message,
                        std::string_view signature_hex);

}  // namespace esep
