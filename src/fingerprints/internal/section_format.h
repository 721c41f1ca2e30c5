// Formatting shared by the text and JSON renderings of the precinct suite's statistics (risk
// indicators, turnout shape): percentages, p-values and verdicts printed one way everywhere.
// Internal to the fingerprints module. Pure functions; thread-safe.

#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace esep::fingerprints::internal {

// A share in [0, 1] as a percentage: "12.34 %".
std::string Percent(double share, int decimals = 2);

// A p-value with 3 significant digits, or "—" when none.
std::string PValue(const std::optional<double>& p);

// "FLAGGED at alpha 0.01", "not flagged at alpha 0.01", or "not computable" without a p-value.
std::string Verdict(const std::optional<double>& p, bool flagged, double alpha);

// The value, or JSON null when none.
nlohmann::json OptionalJson(const std::optional<double>& value);

}  // namespace esep::fingerprints::internal
