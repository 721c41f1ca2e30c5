// Fuzz target for the signing key files (base/ed25519.h): the secret key of
// `esep import --sign-key` / `esep export --sign-key` and the public key of
// `esep verify --public-key`.

#include <cstddef>
#include <cstdint>
#include <string>

#include "base/ed25519.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = esep::fuzz::AsText(data, size);
  esep::Result<esep::SigningKey> key = esep::SigningKey::FromFileText(text, "fuzz.key");
  if (key.has_value()) {
    // A key that loads must sign what it verifies.
    const std::string signature = key->SignHex(text);
    if (!esep::VerifySignatureHex(key->public_key_hex(), text, signature)) {
      __builtin_trap();
    }
  }
  esep::Result<std::string> public_key = esep::ParsePublicKey(text, "fuzz.key.pub");
  if (public_key.has_value()) {
    (void)esep::VerifySignatureHex(*public_key, text, std::string(128, '0'));
  }
  return 0;
}
