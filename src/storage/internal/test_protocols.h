// Protocols for the storage tests and the crash writer. Test-only.

#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "protocol/control_ratio.h"
#include "protocol/protocol.h"

namespace esep::storage::internal {

// A party-list protocol of `commission_id` that satisfies every control ratio of
// kz-majilis-2023 (synthetic figures): 1,000 voters, 1,010 ballots received, 600 + 20 issued,
// 385 unused, 5 spoiled, 598 + 19 in the boxes, 7 invalid, 610 valid = three lists + 10
// against all. `shift` moves votes from the first list to the second, giving another
// consistent protocol (a correction) for each value.
inline protocol::Protocol ConsistentProtocol(std::string commission_id, int64_t shift = 0) {
  protocol::Protocol p;
  p.commission_id = std::move(commission_id);
  p.voters_on_list = 1000;
  p.voters_added_on_day = 12;
  p.ballots_received = 1010;
  p.ballots_issued_premises = 600;
  p.ballots_issued_mobile = 20;
  p.ballots_issued_absentee = 5;
  p.ballots_unused = 385;
  p.ballots_spoiled = 5;
  p.ballots_in_stationary_boxes = 598;
  p.ballots_in_mobile_boxes = 19;
  p.invalid_ballots = 7;
  p.valid_ballots = 610;
  p.choice_votes = {400 - shift, 150 + shift, 50};
  p.against_all = 10;
  return p;
}

// The kz-majilis-2023 control ratios. REQUIRES: the catalogue exists (it is compiled in).
inline std::span<const protocol::ControlRatio> KzRatios() {
  return *protocol::ControlRatios("kz-majilis-2023");
}

}  // namespace esep::storage::internal
