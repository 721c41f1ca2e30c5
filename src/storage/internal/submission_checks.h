// Why a submission is refused before (malformed) or after (failed control ratios) validation:
// the reasons the store keeps with every rejected submission. Pure functions; thread-safe.

#pragma once

#include <optional>
#include <string>

#include "protocol/validation.h"
#include "storage/submission.h"

namespace esep::storage::internal {

// Why `submission` cannot be stored as a protocol whatever its figures (no commission, a
// negative count, invalid UTF-8, a contest that names the wrong district, the caller's own
// refusal), or nullopt.
std::optional<std::string> MalformedReason(const protocol::Submission& submission);

// "the protocol fails control ratio KZ-01, ..." for the error findings of a report.
std::string ErrorReason(const protocol::ValidationReport& report);

}  // namespace esep::storage::internal
