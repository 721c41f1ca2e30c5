// A commission's signing keys on disk (base/ed25519.h, docs/formats/keys.md): made by
// `esep keys generate`, read by `esep import --sign-key` and `esep verify --public-key`.
//
// The secret key file is created with mode 0600 and never overwritten; reading one that others
// can read is refused, as ssh does, since whoever reads it can sign heads in the commission's
// name.
//
// Example:
//   ASSIGN_OR_RETURN(GeneratedKeys keys, GenerateKeyFiles("tec-01.key"));
//   ASSIGN_OR_RETURN(SigningKey key, LoadSigningKey("tec-01.key"));
//   ASSIGN_OR_RETURN(std::string public_key, LoadPublicKey("tec-01.key.pub"));

#pragma once

#include <string>

#include "base/ed25519.h"
#include "base/result.h"

namespace esep::service {

struct GeneratedKeys {
  std::string secret_path;  // the path given
  std::string public_path;  // the path given + ".pub"
  std::string public_key;   // 64 hex digits
};

// Makes a new key pair and writes `path` (the secret key, mode 0600) and `path`.pub. Refuses
// (kAlreadyExists) when either file exists: a key is never replaced by accident.
Result<GeneratedKeys> GenerateKeyFiles(const std::string& path);

// Reads a secret key file. kInvalidArgument when it is not one, kFailedPrecondition when group
// or others may read it.
Result<SigningKey> LoadSigningKey(const std::string& path);

// A public key given as a public key file's path or as its 64 hex digits.
Result<std::string> LoadPublicKey(const std::string& path_or_hex);

}  // namespace esep::service
