// What goes into the store and what comes back: a submitted protocol with the commission
// decision that authorises it (for a correction) and where it came from; the outcome of
// submitting it; and the record the store keeps of every submission, accepted or not.
//
// Plain data, copied freely.

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/protocol.h"
#include "protocol/validation.h"

namespace esep::storage {

// A commission's formal act authorising the correction of an accepted protocol.
struct Decision {
  std::string number;      // "12/45"
  std::string date;        // as written on the decision, e.g. "2023-03-21"
  std::string commission;  // the commission that took it
  std::string reason;      // why the protocol is corrected

  // True when all four fields hold more than spaces: only such a decision authorises a
  // correction.
  bool complete() const;
  friend bool operator==(const Decision&, const Decision&) = default;
};

struct Submission {
  protocol::Protocol protocol;
  std::optional<Decision> decision;  // required for a correction, optional otherwise
  std::string source;                // where it came from, e.g. "file.csv:17"
  // When not empty, the submission is rejected with this reason whatever its figures: the
  // caller found it does not belong to the election (an unknown commission, another
  // district's contest). It is kept like every other rejected submission.
  std::string refusal;
};

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
  Submission submission;
  SubmitResult result;
};

// The reason given when a correction cites no complete decision.
inline constexpr std::string_view kCorrectionNeedsDecision =
    "a correction of an accepted protocol must cite a commission decision (number, date, "
    "commission, reason)";

}  // namespace esep::storage
