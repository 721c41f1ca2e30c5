// The control ratios: the reconciliation equations every protocol must satisfy, as a
// declarative catalogue. Each entry names its figures, its relation, whether breaking it is an
// error (the protocol cannot be accepted) or a warning (recorded and shown), its tolerance, the
// sentence a commission secretary reads, and its legal source where known.
//
// The catalogue is versioned with the rule set (`ControlRatios("kz-majilis-2023")`) and listed
// in docs/control-ratios.md. Static, immutable data; thread-safe.

#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "protocol/protocol.h"

namespace esep::protocol {

enum class Severity { kError, kWarning };

enum class Relation {
  kEqual,   // left == right (within the tolerance)
  kAtMost,  // left <= right (+ tolerance)
};

// One side of a ratio: the sum of these figures.
using Side = std::vector<Figure>;

enum class Scope {
  kProtocol,  // one protocol's own figures
  kPrecinct,  // the party-list and district protocols of one precinct, left from the list
              // protocol and right from the district protocol
};

// The members follow the order in which an entry reads (id, the equation, its severity, its
// words), which the catalogue's initialisers rely on; the padding this costs is a few bytes
// for each of a dozen static entries.
struct ControlRatio {   // NOLINT(clang-analyzer-optin.performance.Padding)
  std::string_view id;  // "KZ-01"; stable, cited in findings and docs
  Scope scope = Scope::kProtocol;
  Side left;
  Relation relation = Relation::kEqual;
  Side right;
  Severity severity = Severity::kError;
  int64_t tolerance = 0;                    // how far apart the sides may be and still hold
  std::string_view message;                 // what it means, for the commission secretary
  std::string_view source;                  // the legal source, or what is known of it
  bool only_when_turnout_reported = false;  // skipped when the protocol has no daytime turnout
};

// The catalogue for a rule set; kNotFound for a rule set without one.
Result<std::span<const ControlRatio>> ControlRatios(std::string_view rule_set);

// "ballots received = ballots issued in the premises + ..." for docs and findings.
std::string Equation(const ControlRatio& ratio);

std::string_view SeverityName(Severity severity);  // "error", "warning"

}  // namespace esep::protocol
