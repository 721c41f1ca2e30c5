#include "synth/summary_protocol.h"

namespace esep::synth {

void AddToSummary(const protocol::Protocol& child, protocol::Protocol& summary) {
  protocol::AddCounts(child, summary);
  // A summary reports the turnout during the day only when every protocol under it does.
  if (summary.turnout_reported_during_day.has_value() &&
      child.turnout_reported_during_day.has_value()) {
    *summary.turnout_reported_during_day += *child.turnout_reported_during_day;
  } else {
    summary.turnout_reported_during_day.reset();
  }
}

}  // namespace esep::synth
