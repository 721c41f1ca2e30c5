// Reads the commission tree of an election from CSV (docs/formats/commissions-csv.md) and
// checks that it is a tree the definition allows: one CEC; every commission's parent exists
// and sits one level up; regions and districts exist; a precinct lies in its territorial
// commission's region and in a district of that region. Streaming; thread-compatible.

#pragma once

#include <string_view>
#include <vector>

#include "base/result.h"
#include "model/election_definition.h"

namespace esep::io {

// Parses `text` against `definition` (its regions and districts). Errors name the file, the
// line, the field and the rule.
Result<std::vector<model::Commission>> ParseCommissionTable(
    std::string_view text, std::string_view source, const model::ElectionDefinition& definition);

}  // namespace esep::io
