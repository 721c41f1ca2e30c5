// The stored form of validation findings: a JSON array kept with each submission (every field
// of protocol::Finding).
//
// Pure functions; thread-safe.

#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "protocol/validation.h"

namespace esep::storage {

// `[{"rule_id":"KZ-09","severity":"warning","location":...,"left":...,"right":...,
//   "figures":[{"figure":"ballots_received","value":1000}],"message":...}]`, no whitespace.
std::string EncodeFindings(std::span<const protocol::Finding> findings);

// Parses EncodeFindings' text back; kDataLoss, naming the byte offset, for anything else.
Result<std::vector<protocol::Finding>> DecodeFindings(std::string_view text);

namespace internal {
class CanonicalReader;
// Reads one list of findings at the reader's position (for texts that embed one).
Result<std::vector<protocol::Finding>> ReadFindings(CanonicalReader& reader);
}  // namespace internal

}  // namespace esep::storage
