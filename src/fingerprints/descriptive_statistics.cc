#include "fingerprints/descriptive_statistics.h"

#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "base/text.h"
#include "fingerprints/internal/section_format.h"

namespace esep::fingerprints {

namespace {

constexpr char kTurnoutDefinition[] = "ballots / registered voters";
constexpr char kShareDefinition[] = "leader's votes / valid ballots";

// Pearson's r of paired values, in two passes (means first) so that values near each other
// lose no precision; none when fewer than two pairs or either variable is constant.
std::optional<double> Pearson(const std::vector<double>& x, const std::vector<double>& y) {
  const size_t n = x.size();
  if (n < 2) {
    return std::nullopt;
  }
  double mean_x = 0;
  double mean_y = 0;
  for (size_t i = 0; i < n; ++i) {
    mean_x += x[i];
    mean_y += y[i];
  }
  mean_x /= static_cast<double>(n);
  mean_y /= static_cast<double>(n);
  double sxx = 0;
  double syy = 0;
  double sxy = 0;
  for (size_t i = 0; i < n; ++i) {
    const double dx = x[i] - mean_x;
    const double dy = y[i] - mean_y;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (!(sxx > 0) || !(syy > 0)) {
    return std::nullopt;
  }
  return sxy / std::sqrt(sxx * syy);
}

}  // namespace

DescriptiveStatistics ComputeDescriptiveStatistics(const precincts::PrecinctTable& table,
                                                   const DescriptiveStatisticsOptions& options) {
  DescriptiveStatistics stats;
  stats.precincts = static_cast<int64_t>(table.size());
  stats.corner_percent = options.corner_percent;
  const bool has_leader = table.choices() > 0;
  const size_t leader = has_leader ? table.Leader() : 0;
  if (has_leader) {
    stats.leader = table.choice_names[leader];
  }
  std::vector<double> turnouts;
  std::vector<double> shares;
  const int64_t corner = options.corner_percent;
  for (size_t p = 0; p < table.size(); ++p) {
    const int64_t registered = table.registered[p];
    const int64_t ballots = table.ballots[p];
    if (registered <= 0) {
      continue;
    }
    ++stats.with_voters;
    stats.full_turnout += ballots == registered ? 1 : 0;
    const int64_t valid = table.valid[p];
    if (!has_leader || valid <= 0) {
      continue;
    }
    ++stats.with_both;
    const int64_t votes = table.Votes(p, leader);
    turnouts.push_back(static_cast<double>(ballots) / static_cast<double>(registered));
    shares.push_back(static_cast<double>(votes) / static_cast<double>(valid));
    // Exact: counts are below 10^15, so 100 × count fits in 64 bits.
    if (100 * ballots >= corner * registered && 100 * votes >= corner * valid) {
      ++stats.corner;
    }
  }
  stats.pearson_r = Pearson(turnouts, shares);
  return stats;
}

std::string DescriptiveStatisticsText(const DescriptiveStatistics& stats) {
  std::string out = fmt::format(
      "Descriptive statistics (no test, no flag) — turnout = {}; leader share = {} ({})\n",
      kTurnoutDefinition, kShareDefinition, stats.leader.empty() ? "no choices" : stats.leader);
  out += fmt::format(
      "  Pearson r(turnout, leader share): {} over {} precincts with voters and "
      "valid ballots\n",
      stats.pearson_r.has_value() ? fmt::format("{:.4f}", *stats.pearson_r) : "n/a",
      GroupThousands(stats.with_both));
  out += fmt::format(
      "  exactly 100 % turnout (ballots = registered voters): {} of {} precincts "
      "with voters\n",
      GroupThousands(stats.full_turnout), GroupThousands(stats.with_voters));
  out += fmt::format(
      "  top-right corner (turnout >= {} % and leader share >= {} %): {} of {} precincts\n\n",
      stats.corner_percent, stats.corner_percent, GroupThousands(stats.corner),
      GroupThousands(stats.with_both));
  return out;
}

nlohmann::json DescriptiveStatisticsJson(const DescriptiveStatistics& stats) {
  return {{"leader", stats.leader},
          {"turnout", kTurnoutDefinition},
          {"leader_share", kShareDefinition},
          {"precincts", stats.precincts},
          {"with_voters", stats.with_voters},
          {"with_both", stats.with_both},
          {"pearson_r_turnout_leader_share", internal::OptionalJson(stats.pearson_r)},
          {"full_turnout", stats.full_turnout},
          {"corner",
           {{"turnout_at_least_percent", stats.corner_percent},
            {"share_at_least_percent", stats.corner_percent},
            {"precincts", stats.corner}}}};
}

}  // namespace esep::fingerprints
