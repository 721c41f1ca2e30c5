#include "fingerprints/turnout_shape.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <unordered_map>

#include "fingerprints/count_share.h"

namespace esep::fingerprints {

double KolmogorovTail(double lambda) {
  if (lambda <= 0.2) {
    return 1.0;  // P(K <= 0.2) is below 1e-20
  }
  if (lambda < 1.18) {
    // P(K <= λ) = √(2π)/λ Σ exp(−(2k−1)² π² / (8λ²)): converges fast for small λ.
    const double factor = -std::numbers::pi * std::numbers::pi / (8 * lambda * lambda);
    double sum = 0;
    for (int k = 1; k <= 10; ++k) {
      const double odd = 2.0 * k - 1.0;
      sum += std::exp(odd * odd * factor);
    }
    return std::clamp(1.0 - std::sqrt(2 * std::numbers::pi) / lambda * sum, 0.0, 1.0);
  }
  double sum = 0;
  double sign = 1;
  for (int k = 1; k <= 100; ++k) {
    const double term = std::exp(-2.0 * k * k * lambda * lambda);
    sum += sign * term;
    if (term < 1e-18) {
      break;
    }
    sign = -sign;
  }
  return std::clamp(2 * sum, 0.0, 1.0);
}

double TwoSampleKsPValue(double d, int64_t n1, int64_t n2) {
  const double n = static_cast<double>(n1) * static_cast<double>(n2) / static_cast<double>(n1 + n2);
  const double root = std::sqrt(n);
  return KolmogorovTail((root + 0.12 + 0.11 / root) * d);
}

TurnoutShape ComputeTurnoutShape(const precincts::PrecinctTable& table,
                                 const TurnoutShapeOptions& options) {
  TurnoutShape result;
  result.options = options;
  result.within_regions = !(table.region_names.empty() ||
                            (table.region_names.size() == 1 && table.region_names[0].empty()));

  // The precincts with voters, by (region, turnout); turnouts compared exactly.
  std::vector<uint32_t> order;
  order.reserve(table.size());
  for (size_t p = 0; p < table.size(); ++p) {
    if (table.registered[p] > 0) {
      order.push_back(static_cast<uint32_t>(p));
    } else {
      ++result.excluded;
    }
  }
  result.precincts = static_cast<int64_t>(order.size());
  auto region_of = [&](uint32_t p) { return result.within_regions ? table.region[p] : 0U; };
  auto turnout = [&](uint32_t p) { return CountShare{table.ballots[p], table.registered[p]}; };
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const uint32_t ra = region_of(a);
    const uint32_t rb = region_of(b);
    return ra != rb ? ra < rb : turnout(a) < turnout(b);
  });

  // For each sorted position: the region's precincts with a lower and a not-higher turnout.
  const size_t n = order.size();
  std::vector<int64_t> below(n);
  std::vector<int64_t> not_above(n);
  std::vector<int64_t> region_size(table.region_names.size() + 1, 0);
  for (size_t begin = 0; begin < n;) {
    size_t end = begin;
    while (end < n && region_of(order[end]) == region_of(order[begin])) {
      ++end;
    }
    region_size[region_of(order[begin])] = static_cast<int64_t>(end - begin);
    for (size_t i = begin; i < end;) {
      size_t j = i;
      while (j < end && turnout(order[j]) == turnout(order[i])) {
        ++j;
      }
      for (size_t k = i; k < j; ++k) {
        below[k] = static_cast<int64_t>(i - begin);
        not_above[k] = static_cast<int64_t>(j - begin);
      }
      i = j;
    }
    begin = end;
  }

  // The commissions: (region, group) pairs, their precincts in turnout order.
  struct Unit {
    uint32_t region = 0;
    uint32_t group = 0;
    std::vector<uint32_t> positions;  // into order
    int64_t registered = 0;
    int64_t ballots = 0;
    double turnout_sum = 0;
  };
  std::vector<Unit> units;
  std::unordered_map<uint64_t, uint32_t> unit_of;
  struct RegionSums {
    int64_t registered = 0;
    int64_t ballots = 0;
    double turnout_sum = 0;
  };
  std::vector<RegionSums> regions(table.region_names.size() + 1);
  for (size_t i = 0; i < n; ++i) {
    const uint32_t p = order[i];
    const uint32_t region = region_of(p);
    const uint64_t key = (static_cast<uint64_t>(region) << 32) | table.group[p];
    auto [it, inserted] = unit_of.try_emplace(key, static_cast<uint32_t>(units.size()));
    if (inserted) {
      units.push_back({region, table.group[p], {}, 0, 0, 0});
    }
    Unit& unit = units[it->second];
    const double t = turnout(p).ToDouble();
    unit.positions.push_back(static_cast<uint32_t>(i));
    unit.registered += table.registered[p];
    unit.ballots += table.ballots[p];
    unit.turnout_sum += t;
    regions[region].registered += table.registered[p];
    regions[region].ballots += table.ballots[p];
    regions[region].turnout_sum += t;
  }
  result.commissions = static_cast<int64_t>(units.size());

  for (const Unit& unit : units) {
    const auto n1 = static_cast<int64_t>(unit.positions.size());
    const int64_t n2 = region_size[unit.region] - n1;
    if (n1 < options.min_precincts || n2 < options.min_precincts) {
      ++result.too_small;
      continue;
    }
    // sup |F1 − F2| is reached at a turnout of the commission, either at it (F1 counts it) or
    // just below it: between two of the commission's turnouts F1 is flat and F2 rises.
    int64_t numerator = 0;
    for (size_t k = 0; k < unit.positions.size();) {
      const size_t i = unit.positions[k];
      size_t next = k;
      while (next < unit.positions.size() &&
             turnout(order[unit.positions[next]]) == turnout(order[i])) {
        ++next;
      }
      const auto own_below = static_cast<int64_t>(k);
      const auto own_not_above = static_cast<int64_t>(next);
      const int64_t other_below = below[i] - own_below;
      const int64_t other_not_above = not_above[i] - own_not_above;
      numerator = std::max({numerator, std::abs(own_not_above * n2 - other_not_above * n1),
                            std::abs(own_below * n2 - other_below * n1)});
      k = next;
    }
    CommissionTurnoutShape c;
    c.group = table.group_names[unit.group];
    c.region = result.within_regions ? table.region_names[unit.region] : std::string();
    c.precincts = n1;
    c.reference_precincts = n2;
    c.registered = unit.registered;
    c.ballots = unit.ballots;
    c.reference_registered = regions[unit.region].registered - unit.registered;
    c.reference_ballots = regions[unit.region].ballots - unit.ballots;
    c.mean_turnout = unit.turnout_sum / static_cast<double>(n1);
    c.reference_mean_turnout =
        (regions[unit.region].turnout_sum - unit.turnout_sum) / static_cast<double>(n2);
    c.ks_numerator = numerator;
    c.ks_statistic =
        static_cast<double>(numerator) / (static_cast<double>(n1) * static_cast<double>(n2));
    c.p_value = TwoSampleKsPValue(c.ks_statistic, n1, n2);
    result.tested.push_back(std::move(c));
  }

  // Holm: the i-th smallest of m p-values (0-based) is multiplied by m − i, and the adjusted
  // values are made non-decreasing.
  std::stable_sort(result.tested.begin(), result.tested.end(),
                   [](const CommissionTurnoutShape& a, const CommissionTurnoutShape& b) {
                     return a.p_value < b.p_value;
                   });
  const size_t m = result.tested.size();
  double running = 0;
  for (size_t i = 0; i < m; ++i) {
    CommissionTurnoutShape& c = result.tested[i];
    running = std::max(running, std::min(1.0, c.p_value * static_cast<double>(m - i)));
    c.adjusted_p_value = running;
    c.flagged = c.adjusted_p_value <= options.alpha;
    result.flagged = result.flagged || c.flagged;
  }
  if (m > 0) {
    result.p_value = result.tested.front().adjusted_p_value;
  }
  return result;
}

}  // namespace esep::fingerprints
