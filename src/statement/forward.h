// Forward declarations of the statement module's types.

#pragma once

namespace esep::statement {

struct UnitListResult;
struct DistrictLine;
struct CompositionLine;
struct Check;
struct StatementOfResults;

}  // namespace esep::statement
