// What comes back from the store: the outcome of submitting a protocol (protocol::Submission),
// and the record the store keeps of every submission, accepted or not.
//
// Plain data, copied freely.

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/protocol.h"
#include "protocol/submission.h"
#include "protocol/validation.h"

namespace esep::storage {

enum class Outcome {
  kAccepted,   // stored as a new version of its (commission, contest)
  kUnchanged,  // identical to the latest accepted version: idempotent, no new version
  kRejected,   // kept with its findings, not accepted
};

// "accepted", "unchanged", "rejected" (also the values stored in the submissions table).
std::string_view OutcomeName(Outcome outcome);

struct SubmitResult {
  Outcome outcome = Outcome::kRejected;
  int version = 0;  // the accepted version it created or matched; 0 if rejected
  std::vector<protocol::Finding> findings;  // every finding of validation, warnings included
  std::string reason;                       // why it was rejected, one sentence; else empty
};

// One kept submission, as the store returns it for reports.
struct SubmissionRecord {
  int64_t id = 0;  // 1, 2, ... in order of arrival
  protocol::Submission submission;
  SubmitResult result;
};

// The reason given when a correction cites no complete decision.
inline constexpr std::string_view kCorrectionNeedsDecision =
    "a correction of an accepted protocol must cite a commission decision (number, date, "
    "commission, reason)";

// The reason given when a correction of a turnout report cites no complete decision.
inline constexpr std::string_view kTurnoutCorrectionNeedsDecision =
    "a correction of an accepted turnout report must cite a commission decision (number, date, "
    "commission, reason)";

}  // namespace esep::storage
