#include "protocol/turnout_report.h"

#include <fmt/format.h>

#include "base/text.h"

namespace esep::protocol {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool IsClockTime(std::string_view time) {
  if (time.size() != 5 || time[2] != ':' || !IsDigit(time[0]) || !IsDigit(time[1]) ||
      !IsDigit(time[3]) || !IsDigit(time[4])) {
    return false;
  }
  const int hours = (time[0] - '0') * 10 + (time[1] - '0');
  const int minutes = (time[3] - '0') * 10 + (time[4] - '0');
  return hours < 24 && minutes < 60;
}

std::string CumulativeConflict(const TurnoutReport& report,
                               std::span<const TurnoutReport> accepted) {
  // The earliest conflict in time is named, so that the message does not depend on the order
  // of `accepted`.
  const TurnoutReport* conflict = nullptr;
  for (const TurnoutReport& other : accepted) {
    if (other.commission_id != report.commission_id || other.time == report.time) {
      continue;
    }
    const bool breaks =
        other.time < report.time ? other.voters > report.voters : other.voters < report.voters;
    if (breaks && (conflict == nullptr || other.time < conflict->time)) {
      conflict = &other;
    }
  }
  if (conflict == nullptr) {
    return "";
  }
  if (conflict->time < report.time) {
    return fmt::format(
        "cumulative: {} voters by {} is fewer than the {} already reported by {} (the count "
        "of voters who received ballots cannot fall during the day)",
        GroupThousands(report.voters), report.time, GroupThousands(conflict->voters),
        conflict->time);
  }
  return fmt::format(
      "cumulative: {} voters by {} is more than the {} already reported by the later time {} "
      "(the count of voters who received ballots cannot fall during the day)",
      GroupThousands(report.voters), report.time, GroupThousands(conflict->voters), conflict->time);
}

}  // namespace esep::protocol
