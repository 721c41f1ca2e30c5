#include "access/session.h"

#include <algorithm>
#include <array>
#include <cstdlib>

#include <fmt/format.h>
#include <sodium.h>

#include "base/sha256.h"

namespace esep::access {

namespace {

constexpr int kBase64Variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

std::string_view AsText(const std::array<unsigned char, kSessionTokenBytes>& bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

std::string Minutes(std::chrono::seconds duration) {
  if (duration.count() % 3600 == 0) {
    return fmt::format("{} h", duration.count() / 3600);
  }
  if (duration.count() % 60 == 0) {
    return fmt::format("{} min", duration.count() / 60);
  }
  return fmt::format("{} s", duration.count());
}

}  // namespace

SessionToken NewSessionToken() {
  if (sodium_init() < 0) {
    std::abort();  // no system random source: nothing here can work around it
  }
  std::array<unsigned char, kSessionTokenBytes> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, sodium_base64_ENCODED_LEN(kSessionTokenBytes, kBase64Variant)> text{};
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), kBase64Variant);
  SessionToken token{.cookie_value = std::string(text.data()),
                     .hash_hex = Sha256Hex(AsText(bytes))};
  sodium_memzero(bytes.data(), bytes.size());
  return token;
}

Result<std::string> HashSessionToken(std::string_view cookie_value) {
  std::array<unsigned char, kSessionTokenBytes> bytes{};
  size_t length = 0;
  const char* end = nullptr;
  if (cookie_value.size() != kSessionTokenTextLength ||
      sodium_base642bin(bytes.data(), bytes.size(), cookie_value.data(), cookie_value.size(),
                        nullptr, &length, &end, kBase64Variant) != 0 ||
      length != kSessionTokenBytes || end != cookie_value.data() + cookie_value.size()) {
    return UnauthenticatedError("the session token is malformed; log in again");
  }
  std::string hash = Sha256Hex(AsText(bytes));
  sodium_memzero(bytes.data(), bytes.size());
  return hash;
}

bool SessionHashesEqual(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

SessionCheck CheckSession(const SessionPolicy& policy, const Session& session,
                          std::chrono::sys_seconds now) {
  const std::chrono::sys_seconds absolute_end = session.created_at + policy.absolute;
  const std::chrono::sys_seconds idle_end = session.last_seen + policy.idle;
  if (now >= absolute_end) {
    return {.state = SessionState::kAbsoluteExpired};
  }
  if (now >= idle_end) {
    return {.state = SessionState::kIdleExpired};
  }
  return {.state = SessionState::kValid, .left = std::min(absolute_end, idle_end) - now};
}

Status SessionStatus(const SessionPolicy& policy, const SessionCheck& check) {
  switch (check.state) {
    case SessionState::kValid:
      return OkStatus();
    case SessionState::kIdleExpired:
      return UnauthenticatedError(fmt::format(
          "the session ended after {} without activity; log in again (nothing saved is lost)",
          Minutes(policy.idle)));
    case SessionState::kAbsoluteExpired:
      return UnauthenticatedError(
          fmt::format("the session ended {} after logging in; log in again (nothing saved is lost)",
                      Minutes(policy.absolute)));
  }
  return UnauthenticatedError("the session ended; log in again");
}

Session Renewed(Session session, std::chrono::sys_seconds now) {
  session.last_seen = now;
  return session;
}

}  // namespace esep::access
