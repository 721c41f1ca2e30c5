// Statement: the statement of results of an election directory, recomputed from its published
// tables, under the rule set it names or another one (what-if). What `esep results` does.
//
// Example:
//   ASSIGN_OR_RETURN(results::StatementOfResults statement,
//                    ComputeStatement({.directory = "data/elections/kz-majilis-2023"}));

#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/result.h"
#include "results/statement_of_results.h"

namespace esep::service {

struct StatementRequest {
  std::string directory;                // election directory holding election.json
  std::optional<std::string> rule_set;  // default: the one election.json names
  uint64_t seed = 0;                    // of any drawing of lots
};

Result<results::StatementOfResults> ComputeStatement(const StatementRequest& request);

}  // namespace esep::service
