#include "synth/summary_protocol.h"

namespace esep::synth {

void AddToSummary(const protocol::Protocol& child, protocol::Protocol& summary) {
  summary.voters_on_list += child.voters_on_list;
  summary.voters_added_on_day += child.voters_added_on_day;
  summary.ballots_received += child.ballots_received;
  summary.ballots_issued_premises += child.ballots_issued_premises;
  summary.ballots_issued_mobile += child.ballots_issued_mobile;
  summary.ballots_issued_absentee += child.ballots_issued_absentee;
  summary.ballots_unused += child.ballots_unused;
  summary.ballots_spoiled += child.ballots_spoiled;
  summary.ballots_in_stationary_boxes += child.ballots_in_stationary_boxes;
  summary.ballots_in_mobile_boxes += child.ballots_in_mobile_boxes;
  summary.invalid_ballots += child.invalid_ballots;
  summary.valid_ballots += child.valid_ballots;
  summary.against_all += child.against_all;
  if (summary.choice_votes.size() < child.choice_votes.size()) {
    summary.choice_votes.resize(child.choice_votes.size(), 0);
  }
  for (size_t k = 0; k < child.choice_votes.size(); ++k) {
    summary.choice_votes[k] += child.choice_votes[k];
  }
  if (summary.turnout_reported_during_day.has_value() &&
      child.turnout_reported_during_day.has_value()) {
    *summary.turnout_reported_during_day += *child.turnout_reported_during_day;
  } else {
    summary.turnout_reported_during_day.reset();
  }
}

}  // namespace esep::synth
