// SHA-256 digests (FIPS 180-4) as lowercase hexadecimal text, for the audit chain and the
// election definition's fingerprint.
//
// Pure function backed by OpenSSL's EVP interface; thread-safe.

#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace esep {

// The SHA-256 digest of `bytes` as 64 lowercase hexadecimal characters.
//
// Example:
//   Sha256Hex("abc") ==
//       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
std::string Sha256Hex(std::string_view bytes);

// The SHA-256 digest of the file at `path`, read in chunks (an export of every precinct need not
// fit in memory). kUnavailable naming the path when it cannot be read.
Result<std::string> Sha256HexOfFile(const std::string& path);

}  // namespace esep
