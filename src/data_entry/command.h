// Command: one action on a protocol's double entry, by one user, against the version they saw.
// Apply (transition.h) decides it. The caller has already checked that the user's role may
// send this kind of command (a typist claims, saves, finalises and discards their own entry; a
// coordinator discards any entry and resolves; the chair approves and opens corrections);
// this module checks who the user is with respect to the entries.
//
// Plain data, copied freely.

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "data_entry/finalise_review.h"
#include "data_entry/form_values.h"
#include "protocol/decision.h"

namespace esep::data_entry {

// Take entry 1 (of an empty protocol) or entry 2 (after entry 1 is done) to type it.
struct Claim {
  int entry = 1;
};

// Replace the values of one's own entry in progress with `values` (the whole form as typed).
struct Save {
  int entry = 1;
  FormValues values;
};

// Finish one's own entry in progress: it is checked (finalise_review.h) and, when both entries
// are finalised, compared with the other.
struct Finalise {
  int entry = 1;
  std::vector<std::string> acknowledged_warnings;  // ratio ids
  ConfirmHasErrors confirm_has_errors = ConfirmHasErrors::kNo;
};

// In which capacity a discard is made: a typist discards only their own entry in progress; a
// coordinator any entry, except while the entries differ (resolve them) or after approval.
enum class DiscardAs { kTypist, kCoordinator };

struct Discard {
  int entry = 1;
  DiscardAs as = DiscardAs::kTypist;
};

// The coordinator's decision on entries that differ (or, for kReturnFirst, on a first entry
// that has errors).
enum class Resolution {
  kKeepFirst,     // entry 2 is discarded; entry 1 stays, awaiting a new entry 2
  kKeepSecond,    // entry 1 is discarded; entry 2 becomes entry 1, awaiting a new entry 2
  kDiscardBoth,   // back to empty
  kReturnFirst,   // entry 1 back to its typist, the differing lines blank
  kReturnSecond,  // entry 2 back to its typist, the differing lines blank
};

struct Resolve {
  Resolution resolution = Resolution::kKeepFirst;
};

// The chair approves a definitive protocol: it becomes the version in force. A higher
// commission's summary protocol that differs from the sum of its accepted precinct protocols is
// approved only with a decision explaining the difference (service/summaries.h checks that;
// Apply records the decision and refuses an incomplete one).
struct Approve {
  std::optional<protocol::Decision> reconciliation;
};

// After approval, a correction by a commission decision opens a new double-entry cycle; the
// approved version stays in force until the corrected one is approved.
struct OpenCorrection {
  protocol::Decision decision;
};

using Action = std::variant<Claim, Save, Finalise, Discard, Resolve, Approve, OpenCorrection>;

struct Command {
  std::string actor;             // the user's id
  int64_t expected_version = 0;  // the version the user last saw (If-Match)
  Action action;
};

// "claim", "save", "finalise", "discard", "resolve", "approve", "open_correction".
std::string_view ActionName(const Action& action);

// "keep_first", "keep_second", "discard_both", "return_first", "return_second".
std::string_view ResolutionName(Resolution resolution);

}  // namespace esep::data_entry
