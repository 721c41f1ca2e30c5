#include "base/ed25519.h"

#include <cstdlib>
#include <optional>

#include <fmt/format.h>
#include <sodium.h>

namespace esep {

namespace {

// sodium_init is idempotent and thread-safe; it fails only when the system has no random
// source, which nothing here can work around.
void InitSodium() {
  if (sodium_init() < 0) {
    std::abort();
  }
}

std::string ToHex(const unsigned char* bytes, size_t size) {
  std::string hex(2 * size + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();  // the terminating NUL
  return hex;
}

// Decodes exactly `out.size()` bytes of lowercase hex; false for anything else.
template <size_t N>
bool FromHex(std::string_view hex, std::array<unsigned char, N>& out) {
  if (hex.size() != 2 * N || hex.find_first_not_of("0123456789abcdef") != std::string_view::npos) {
    return false;
  }
  size_t length = 0;
  return sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &length,
                        nullptr) == 0 &&
         length == N;
}

// The text after "TAG " on the file's one line (a final newline allowed), or nullopt.
std::optional<std::string_view> TaggedValue(std::string_view text, std::string_view tag) {
  if (!text.empty() && text.back() == '\n') {
    text.remove_suffix(1);
  }
  if (text.size() <= tag.size() + 1 || text.substr(0, tag.size()) != tag ||
      text[tag.size()] != ' ') {
    return std::nullopt;
  }
  return text.substr(tag.size() + 1);
}

}  // namespace

Result<SigningKey> SigningKey::Generate() {
  InitSodium();
  SigningKey key;
  std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> public_key{};
  if (crypto_sign_keypair(public_key.data(), key.secret_.data()) != 0) {
    return InternalError("cannot generate an Ed25519 key pair");
  }
  key.public_key_hex_ = ToHex(public_key.data(), public_key.size());
  return key;
}

Result<SigningKey> SigningKey::FromFileText(std::string_view text, std::string_view source) {
  InitSodium();
  SigningKey key;
  const std::optional<std::string_view> value = TaggedValue(text, kSecretKeyTag);
  if (!value.has_value() || !FromHex(*value, key.secret_)) {
    return InvalidArgumentError(
        fmt::format("{}: not an esep secret key file (one line: '{} ' and 128 lowercase hex "
                    "digits; `esep keys generate` makes one)",
                    source, kSecretKeyTag));
  }
  // The secret key is the seed followed by the public key: check they belong together.
  std::array<unsigned char, crypto_sign_SEEDBYTES> seed{};
  std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> derived{};
  std::array<unsigned char, crypto_sign_SECRETKEYBYTES> rebuilt{};
  crypto_sign_ed25519_sk_to_seed(seed.data(), key.secret_.data());
  crypto_sign_seed_keypair(derived.data(), rebuilt.data(), seed.data());
  const bool consistent = sodium_memcmp(rebuilt.data(), key.secret_.data(), rebuilt.size()) == 0;
  sodium_memzero(seed.data(), seed.size());
  sodium_memzero(rebuilt.data(), rebuilt.size());
  if (!consistent) {
    return InvalidArgumentError(fmt::format(
        "{}: the secret key file is damaged (its public half does not belong to its seed)",
        source));
  }
  key.public_key_hex_ = ToHex(derived.data(), derived.size());
  return key;
}

SigningKey::~SigningKey() { sodium_memzero(secret_.data(), secret_.size()); }

std::string SigningKey::SecretFileText() const {
  return fmt::format("{} {}\n", kSecretKeyTag, ToHex(secret_.data(), secret_.size()));
}

std::string SigningKey::PublicFileText() const {
  return fmt::format("{} {}\n", kPublicKeyTag, public_key_hex_);
}

std::string SigningKey::SignHex(std::string_view message) const {
  std::array<unsigned char, crypto_sign_BYTES> signature{};
  crypto_sign_detached(signature.data(), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       secret_.data());
  return ToHex(signature.data(), signature.size());
}

Result<std::string> ParsePublicKey(std::string_view text, std::string_view source) {
  std::string_view value = text;
  if (const std::optional<std::string_view> tagged = TaggedValue(text, kPublicKeyTag)) {
    value = *tagged;
  } else if (!value.empty() && value.back() == '\n') {
    value.remove_suffix(1);
  }
  std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> bytes{};
  if (!FromHex(value, bytes)) {
    return InvalidArgumentError(
        fmt::format("{}: not an Ed25519 public key (64 lowercase hex digits, or a public key "
                    "file: '{} ' and the digits)",
                    source, kPublicKeyTag));
  }
  return std::string(value);
}

bool VerifySignatureHex(std::string_view public_key_hex, std::string_view message,
                        std::string_view signature_hex) {
  InitSodium();
  std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> public_key{};
  std::array<unsigned char, crypto_sign_BYTES> signature{};
  if (!FromHex(public_key_hex, public_key) || !FromHex(signature_hex, signature)) {
    return false;
  }
  return crypto_sign_verify_detached(signature.data(),
                                     reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(), public_key.data()) == 0;
}

}  // namespace esep
