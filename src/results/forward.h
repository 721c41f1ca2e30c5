// Forward declarations of the results module's types.

#pragma once

namespace esep::results {

struct UnitListResult;
struct DistrictLine;
struct CompositionLine;
struct Check;
struct StatementOfResults;
struct ElectionResults;
struct DistrictDecision;
struct SeatDecision;
struct ResultRow;
struct ResultsSource;
struct ResultsQuery;
enum class ResultLevel;
enum class ResultStatus;

}  // namespace esep::results
