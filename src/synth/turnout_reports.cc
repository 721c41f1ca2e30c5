#include "synth/turnout_reports.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

#include "io/turnout_csv.h"

namespace esep::synth {

namespace {

// Its own stream, so that adding turnout reports changed no protocol of an earlier generator.
constexpr uint64_t kTurnoutSalt = 0x7475726e6f757421;  // "turnout!"

// The report times before the close, and the share of the day's reported voters each had
// reached in the CEC's national table of 2023 (shared/reference/kz2023_turnout_by_hour.csv:
// 14.21, 30.65, 46.84, 51.98 and 53.11 of 54.09 per cent at 20:00).
constexpr std::array<std::string_view, 5> kTimes = {"10:00", "12:00", "14:00", "16:00", "18:00"};
constexpr std::array<double, 5> kShareOfDay = {0.2627, 0.5667, 0.8660, 0.9610, 0.9819};

}  // namespace

SyntheticTurnout::SyntheticTurnout(uint64_t seed)
    : random_(seed ^ kTurnoutSalt), csv_(io::TurnoutCsvHeader(io::TurnoutOrigin::kSynthetic)) {}

void SyntheticTurnout::Record(const protocol::Protocol& list) {
  // The last report of the day is the protocol's own figure for it, never above the ballots
  // issued (an injected irregularity may have raised both).
  const int64_t day = std::min(list.turnout_reported_during_day.value_or(list.ballots_issued()),
                               list.ballots_issued());
  // One exponent per precinct (an early or a late precinct): the national shares raised to it
  // stay in (0, 1) and in order, so the counts rise through the day; the running maximum only
  // guards the rounding.
  const double exponent = std::exp(0.15 * random_.Normal());
  int64_t previous = 0;
  for (size_t k = 0; k < kTimes.size(); ++k) {
    const double share = std::pow(kShareOfDay[k], exponent);
    const int64_t voters = std::clamp<int64_t>(
        static_cast<int64_t>(std::floor(static_cast<double>(day) * share)), previous, day);
    io::AppendTurnoutCsvRow({list.commission_id, std::string(kTimes[k]), voters}, csv_,
                            io::TurnoutOrigin::kSynthetic);
    previous = voters;
  }
  io::AppendTurnoutCsvRow({list.commission_id, "20:00", day}, csv_, io::TurnoutOrigin::kSynthetic);
  reports_ += static_cast<int64_t>(kTimes.size()) + 1;
}

}  // namespace esep::synth
