// Renderings of a statement of results (the output of `esep results`): a text statement for
// people and JSON for machines. Formats: docs/formats/results-output.md. Pure functions.

#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "results/statement_of_results.h"

namespace esep::report {

// The whole statement: national list result, threshold and allocation with worked steps,
// regional results, district winners, turnout, composition, and the recomputation checks.
std::string StatementText(const results::StatementOfResults& statement);

nlohmann::json StatementJson(const results::StatementOfResults& statement);

}  // namespace esep::report
