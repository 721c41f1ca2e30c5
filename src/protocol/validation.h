// Validation of protocols against the control ratios. The result is data — a list of findings,
// each naming the rule, its severity, the figures involved and a sentence a commission
// secretary understands — never a bare true/false. An error blocks acceptance; a warning is
// recorded and shown. Pure functions; thread-safe.
//
// Example:
//   ASSIGN_OR_RETURN(auto ratios, ControlRatios("kz-majilis-2023"));
//   ValidationReport report = Validate(protocol, ratios);
//   if (!report.accepted()) { ... report.findings ... }

#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "protocol/control_ratio.h"
#include "protocol/protocol.h"

namespace esep::protocol {

struct FigureValue {
  Figure figure;
  int64_t value = 0;
};

struct Finding {
  std::string rule_id;  // "KZ-01"
  Severity severity = Severity::kError;
  std::string location;  // "PEC 0107-015, list"
  int64_t left = 0;      // the two sides of the equation as computed
  int64_t right = 0;
  std::vector<FigureValue> figures;  // every figure the rule involves, left side first
  std::string message;               // the full sentence, figures included
};

struct ValidationReport {
  std::vector<Finding> findings;

  // True when no finding is an error: the protocol can be accepted.
  bool accepted() const;
  size_t errors() const;
  size_t warnings() const;
};

// Checks every kProtocol-scope ratio against `protocol`.
ValidationReport Validate(const Protocol& protocol, std::span<const ControlRatio> ratios);

// Checks every kPrecinct-scope ratio between one precinct's party-list protocol and its
// district protocol. REQUIRES: both come from the same commission.
ValidationReport ValidatePrecinct(const Protocol& party_list, const Protocol& district,
                                  std::span<const ControlRatio> ratios);

}  // namespace esep::protocol
