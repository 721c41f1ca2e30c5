#include "access/user.h"

#include <fmt/format.h>

#include "base/text.h"

namespace esep::access {

namespace {

bool IsLowerOrDigit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// C0 controls (tab and newline included), DEL and the C1 controls U+0080..U+009F.
// REQUIRES: `text` is valid UTF-8.
bool HasControlCharacter(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x20 || byte == 0x7f) {
      return true;
    }
    if (byte == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string NormalizeLoginName(std::string_view typed) {
  const size_t first = typed.find_first_not_of(' ');
  if (first == std::string_view::npos) {
    return "";
  }
  typed = typed.substr(first, typed.find_last_not_of(' ') - first + 1);
  std::string name(typed);
  for (char& c : name) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return name;
}

Status ValidateLoginName(std::string_view login_name) {
  if (login_name.size() < kMinLoginNameLength || login_name.size() > kMaxLoginNameLength) {
    return InvalidArgumentError(
        fmt::format("a login name has {} to {} characters; '{}' has {}", kMinLoginNameLength,
                    kMaxLoginNameLength, EscapeControlCharacters(login_name), login_name.size()));
  }
  if (!IsLowerOrDigit(login_name.front())) {
    return InvalidArgumentError(
        fmt::format("a login name starts with a lowercase letter a-z or a digit; '{}' does not",
                    EscapeControlCharacters(login_name)));
  }
  for (const char c : login_name) {
    if (!IsLowerOrDigit(c) && c != '.' && c != '_' && c != '-') {
      return InvalidArgumentError(fmt::format(
          "a login name holds only lowercase letters a-z, digits, '.', '_' and '-'; "
          "'{}' holds '{}'",
          EscapeControlCharacters(login_name), EscapeControlCharacters(std::string_view(&c, 1))));
    }
  }
  return OkStatus();
}

Status ValidateDisplayName(std::string_view display_name) {
  if (display_name.empty()) {
    return InvalidArgumentError("a display name is required");
  }
  if (display_name.size() > kMaxDisplayNameBytes) {
    return InvalidArgumentError(fmt::format("a display name has at most {} bytes; this one has {}",
                                            kMaxDisplayNameBytes, display_name.size()));
  }
  if (FindInvalidUtf8(display_name) != std::string_view::npos) {
    return InvalidArgumentError("a display name must be UTF-8 text");
  }
  if (HasControlCharacter(display_name)) {
    return InvalidArgumentError(fmt::format("a display name holds no control characters: '{}'",
                                            EscapeControlCharacters(display_name)));
  }
  return OkStatus();
}

Status ValidateUser(const User& user) {
  RETURN_IF_ERROR(ValidateLoginName(user.login_name));
  RETURN_IF_ERROR(ValidateDisplayName(user.display_name));
  if (user.commission_id.empty()) {
    return InvalidArgumentError(fmt::format(
        "user '{}' belongs to no commission; every user belongs to one", user.login_name));
  }
  return OkStatus();
}

}  // namespace esep::access
