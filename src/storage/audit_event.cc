#include "storage/audit_event.h"

#include <set>
#include <utility>

#include <fmt/format.h>

#include "base/text.h"

namespace esep::storage {

namespace {

constexpr std::array<std::pair<EventKind, std::string_view>, 17> kEventKindNames = {{
    {EventKind::kLogin, "login"},
    {EventKind::kLoginFailed, "login_failed"},
    {EventKind::kLogout, "logout"},
    {EventKind::kUserAdded, "user_added"},
    {EventKind::kUserChanged, "user_changed"},
    {EventKind::kUserDisabled, "user_disabled"},
    {EventKind::kPasswordReset, "password_reset"},
    {EventKind::kPasswordChanged, "password_changed"},
    {EventKind::kEntryClaimed, "entry_claimed"},
    {EventKind::kEntrySaved, "entry_saved"},
    {EventKind::kEntryFinalised, "entry_finalised"},
    {EventKind::kEntryDiscarded, "entry_discarded"},
    {EventKind::kResolution, "resolution"},
    {EventKind::kApproval, "approval"},
    {EventKind::kCorrection, "correction"},
    {EventKind::kScanUploaded, "scan_uploaded"},
    {EventKind::kPublication, "publication"},
}};

// The detail keys under which a secret would be written: refused, so that no caller puts one in
// the chain by naming it plainly.
constexpr std::array<std::string_view, 7> kSecretKeys = {
    "password", "password_hash", "hash", "token", "session", "session_token", "secret"};

bool ReadDigits(std::string_view text, size_t at, size_t count, int& value) {
  value = 0;
  for (size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return false;
    }
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

}  // namespace

std::string_view EventKindName(EventKind kind) {
  for (const auto& [value, name] : kEventKindNames) {
    if (value == kind) {
      return name;
    }
  }
  return "?";
}

std::optional<EventKind> ParseEventKind(std::string_view name) {
  for (const auto& [value, kind_name] : kEventKindNames) {
    if (kind_name == name) {
      return value;
    }
  }
  return std::nullopt;
}

Status CheckEventDetails(const AuditEvent& event) {
  std::set<std::string_view> seen;
  for (const auto& [key, value] : event.details) {
    if (key.empty()) {
      return InvalidArgumentError("an event detail needs a name");
    }
    if (FindInvalidUtf8(key) != std::string_view::npos ||
        FindInvalidUtf8(value) != std::string_view::npos) {
      return InvalidArgumentError(fmt::format(
          "event detail '{}': names and values must be UTF-8 text", EscapeControlCharacters(key)));
    }
    for (const std::string_view secret : kSecretKeys) {
      if (key == secret) {
        return InvalidArgumentError(fmt::format(
            "event detail '{}': the audit chain never records a password, a password hash or "
            "a session token",
            key));
      }
    }
    if (!seen.insert(key).second) {
      return InvalidArgumentError(fmt::format("event detail '{}' is given twice", key));
    }
  }
  return OkStatus();
}

std::string FormatEventTime(std::chrono::sys_seconds time) {
  const auto day = std::chrono::floor<std::chrono::days>(time);
  const std::chrono::year_month_day date(day);
  const std::chrono::hh_mm_ss clock(time - day);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                     clock.hours().count(), clock.minutes().count(), clock.seconds().count());
}

std::optional<std::chrono::sys_seconds> ParseEventTime(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SSZ
  if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text[19] != 'Z') {
    return std::nullopt;
  }
  int year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!ReadDigits(text, 0, 4, year) || !ReadDigits(text, 5, 2, month) ||
      !ReadDigits(text, 8, 2, day) || !ReadDigits(text, 11, 2, hour) ||
      !ReadDigits(text, 14, 2, minute) || !ReadDigits(text, 17, 2, second)) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year(year),
                                         std::chrono::month(static_cast<unsigned>(month)),
                                         std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok() || hour > 23 || minute > 59 || second > 59) {
    return std::nullopt;
  }
  return std::chrono::sys_days(date) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
         std::chrono::seconds(second);
}

}  // namespace esep::storage
