#include "access/password_policy.h"

#include <fmt/format.h>

#include "base/text.h"

namespace esep::access {

namespace {

// REQUIRES: `text` is valid UTF-8.
size_t CodePoints(std::string_view text) {
  size_t count = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) {
      ++count;
    }
  }
  return count;
}

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualIgnoringAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) {
      return false;
    }
  }
  return true;
}

}  // namespace

Status CheckPasswordPolicy(std::string_view password, std::string_view login_name) {
  if (password.size() > kMaxPasswordBytes) {
    return InvalidArgumentError(
        fmt::format("a password has at most {} bytes; a long passphrase is welcome, but this one "
                    "is too long",
                    kMaxPasswordBytes));
  }
  if (FindInvalidUtf8(password) != std::string_view::npos) {
    return InvalidArgumentError("a password must be UTF-8 text");
  }
  for (const char c : password) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      return InvalidArgumentError("a password holds no control characters (tab, newline, ...)");
    }
  }
  const size_t characters = CodePoints(password);
  if (characters < kMinPasswordCharacters) {
    return InvalidArgumentError(
        fmt::format("a password has at least {} characters; this one has {} (a few words "
                    "together are easy to remember and hard to guess)",
                    kMinPasswordCharacters, characters));
  }
  if (!login_name.empty() && EqualIgnoringAsciiCase(password, login_name)) {
    return InvalidArgumentError("a password must not be the login name");
  }
  return OkStatus();
}

}  // namespace esep::access
