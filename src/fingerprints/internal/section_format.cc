#include "fingerprints/internal/section_format.h"

#include <fmt/format.h>

namespace esep::fingerprints::internal {

std::string Percent(double share, int decimals) {
  return fmt::format("{:.{}f} %", 100 * share, decimals);
}

std::string PValue(const std::optional<double>& p) {
  return p.has_value() ? fmt::format("{:.3g}", *p) : std::string("—");
}

std::string Verdict(const std::optional<double>& p, bool flagged, double alpha) {
  if (!p.has_value()) {
    return "not computable";
  }
  return flagged ? fmt::format("FLAGGED at alpha {}", alpha)
                 : fmt::format("not flagged at alpha {}", alpha);
}

nlohmann::json OptionalJson(const std::optional<double>& value) {
  return value.has_value() ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace esep::fingerprints::internal
