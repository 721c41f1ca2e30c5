// Submission: a protocol as it is submitted for acceptance — with the commission decision that
// authorises it (for a correction) and where it came from. Any store, and any front door that
// takes protocols (a file import, the commission server), deals in submissions.
//
// Plain data, copied freely.

#pragma once

#include <optional>
#include <string>

#include "protocol/decision.h"
#include "protocol/protocol.h"

namespace esep::protocol {

struct Submission {
  Protocol protocol;
  std::optional<Decision> decision;  // required for a correction, optional otherwise
  std::string source;                // where it came from, e.g. "file.csv:17"
  // When not empty, the submission is rejected with this reason whatever its figures: the
  // caller found it does not belong to the election (an unknown commission, another
  // district's contest). It is kept like every other rejected submission.
  std::string refusal;
};

}  // namespace esep::protocol
