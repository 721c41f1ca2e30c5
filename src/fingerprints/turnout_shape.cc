#include "fingerprints/turnout_shape.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <unordered_map>

#include <fmt/format.h>

#include "base/text.h"
#include "fingerprints/count_share.h"
#include "fingerprints/internal/section_format.h"

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

namespace {

// How a precinct is placed: its region (0 for all when the reference is the whole table) and its
// exact turnout.
struct TurnoutKey {
  const precincts::PrecinctTable& table;
  bool within_regions = false;

  uint32_t Region(uint32_t p) const { return within_regions ? table.region[p] : 0U; }
  CountShare Turnout(uint32_t p) const { return CountShare{table.ballots[p], table.registered[p]}; }
};

// The precincts with voters, by (region, turnout); turnouts compared exactly. The others are
// counted in `excluded`: their turnout is undefined. Special commissions' precincts go to
// `special` instead, in table order.
std::vector<uint32_t> SortPrecinctsWithVoters(const TurnoutKey& key, int64_t& excluded,
                                              std::vector<SpecialPrecinctTurnout>& special) {
  const precincts::PrecinctTable& table = key.table;
  std::vector<uint32_t> order;
  order.reserve(table.size());
  for (size_t p = 0; p < table.size(); ++p) {
    if (table.IsSpecial(p)) {
      special.push_back(
          {table.ids[p], table.group_names[table.group[p]], table.registered[p], table.ballots[p]});
    } else if (table.registered[p] > 0) {
      order.push_back(static_cast<uint32_t>(p));
    } else {
      ++excluded;
    }
  }
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const uint32_t ra = key.Region(a);
    const uint32_t rb = key.Region(b);
    return ra != rb ? ra < rb : key.Turnout(a) < key.Turnout(b);
  });
  return order;
}

// For each sorted position: the region's precincts with a lower and with a not-higher turnout,
// so each commission's empirical distribution can be compared with the rest of its region
// without sorting again; and each region's size.
struct RegionRanks {
  std::vector<int64_t> below;
  std::vector<int64_t> not_above;
  std::vector<int64_t> region_size;
};

RegionRanks RankWithinRegions(const std::vector<uint32_t>& order, const TurnoutKey& key) {
  const size_t n = order.size();
  RegionRanks ranks;
  ranks.below.resize(n);
  ranks.not_above.resize(n);
  ranks.region_size.assign(key.table.region_names.size() + 1, 0);
  for (size_t begin = 0; begin < n;) {
    size_t end = begin;
    while (end < n && key.Region(order[end]) == key.Region(order[begin])) {
      ++end;
    }
    ranks.region_size[key.Region(order[begin])] = static_cast<int64_t>(end - begin);
    for (size_t i = begin; i < end;) {
      size_t j = i;
      while (j < end && key.Turnout(order[j]) == key.Turnout(order[i])) {
        ++j;
      }
      for (size_t k = i; k < j; ++k) {
        ranks.below[k] = static_cast<int64_t>(i - begin);
        ranks.not_above[k] = static_cast<int64_t>(j - begin);
      }
      i = j;
    }
    begin = end;
  }
  return ranks;
}

// A commission: a (region, group) pair, its precincts in turnout order.
struct Unit {
  uint32_t region = 0;
  uint32_t group = 0;
  std::vector<uint32_t> positions;  // into order
  int64_t registered = 0;
  int64_t ballots = 0;
  double turnout_sum = 0;
};

struct RegionSums {
  int64_t registered = 0;
  int64_t ballots = 0;
  double turnout_sum = 0;
};

// The commissions in order of first appearance, and each region's totals (from which a
// commission's reference, the rest of its region, is the difference).
struct Commissions {
  std::vector<Unit> units;
  std::vector<RegionSums> regions;
};

Commissions GroupIntoCommissions(const std::vector<uint32_t>& order, const TurnoutKey& key) {
  const precincts::PrecinctTable& table = key.table;
  Commissions commissions;
  std::vector<Unit>& units = commissions.units;
  std::vector<RegionSums>& regions = commissions.regions;
  regions.resize(table.region_names.size() + 1);
  std::unordered_map<uint64_t, uint32_t> unit_of;
  for (size_t i = 0; i < order.size(); ++i) {
    const uint32_t p = order[i];
    const uint32_t region = key.Region(p);
    const uint64_t unit_key = (static_cast<uint64_t>(region) << 32) | table.group[p];
    auto [it, inserted] = unit_of.try_emplace(unit_key, static_cast<uint32_t>(units.size()));
    if (inserted) {
      units.push_back({region, table.group[p], {}, 0, 0, 0});
    }
    Unit& unit = units[it->second];
    const double t = key.Turnout(p).ToDouble();
    unit.positions.push_back(static_cast<uint32_t>(i));
    unit.registered += table.registered[p];
    unit.ballots += table.ballots[p];
    unit.turnout_sum += t;
    regions[region].registered += table.registered[p];
    regions[region].ballots += table.ballots[p];
    regions[region].turnout_sum += t;
  }
  return commissions;
}

// n1 n2 sup |F1 − F2| for a commission of n1 precincts against the n2 others of its region, as an
// exact integer. The supremum is reached at a turnout of the commission, either at it (F1 counts
// it) or just below it: between two of the commission's turnouts F1 is flat and F2 rises.
int64_t KsNumerator(const Unit& unit, int64_t n1, int64_t n2, const std::vector<uint32_t>& order,
                    const RegionRanks& ranks, const TurnoutKey& key) {
  int64_t numerator = 0;
  for (size_t k = 0; k < unit.positions.size();) {
    const size_t i = unit.positions[k];
    size_t next = k;
    while (next < unit.positions.size() &&
           key.Turnout(order[unit.positions[next]]) == key.Turnout(order[i])) {
      ++next;
    }
    const auto own_below = static_cast<int64_t>(k);
    const auto own_not_above = static_cast<int64_t>(next);
    const int64_t other_below = ranks.below[i] - own_below;
    const int64_t other_not_above = ranks.not_above[i] - own_not_above;
    numerator = std::max({numerator, std::abs(own_not_above * n2 - other_not_above * n1),
                          std::abs(own_below * n2 - other_below * n1)});
    k = next;
  }
  return numerator;
}

// The commission's figures beside its reference's, and its unadjusted test.
CommissionTurnoutShape DescribeCommission(const Unit& unit, int64_t n1, int64_t n2,
                                          int64_t numerator, const RegionSums& region,
                                          const TurnoutKey& key) {
  CommissionTurnoutShape c;
  c.group = key.table.group_names[unit.group];
  c.region = key.within_regions ? key.table.region_names[unit.region] : std::string();
  c.precincts = n1;
  c.reference_precincts = n2;
  c.registered = unit.registered;
  c.ballots = unit.ballots;
  c.reference_registered = region.registered - unit.registered;
  c.reference_ballots = region.ballots - unit.ballots;
  c.mean_turnout = unit.turnout_sum / static_cast<double>(n1);
  c.reference_mean_turnout = (region.turnout_sum - unit.turnout_sum) / static_cast<double>(n2);
  c.ks_numerator = numerator;
  c.ks_statistic =
      static_cast<double>(numerator) / (static_cast<double>(n1) * static_cast<double>(n2));
  c.p_value = TwoSampleKsPValue(c.ks_statistic, n1, n2);
  return c;
}

// Holm: the i-th smallest of m p-values (0-based) is multiplied by m − i, and the adjusted
// values are made non-decreasing.
void AdjustByHolm(double alpha, TurnoutShape& result) {
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
    c.flagged = c.adjusted_p_value <= alpha;
    result.flagged = result.flagged || c.flagged;
  }
  if (m > 0) {
    result.p_value = result.tested.front().adjusted_p_value;
  }
}

}  // namespace

TurnoutShape ComputeTurnoutShape(const precincts::PrecinctTable& table,
                                 const TurnoutShapeOptions& options) {
  TurnoutShape result;
  result.options = options;
  result.within_regions = !(table.region_names.empty() ||
                            (table.region_names.size() == 1 && table.region_names[0].empty()));
  const TurnoutKey key{table, result.within_regions};

  result.special_rule = table.special_rule;
  const std::vector<uint32_t> order = SortPrecinctsWithVoters(key, result.excluded, result.special);
  result.precincts = static_cast<int64_t>(order.size());
  const RegionRanks ranks = RankWithinRegions(order, key);
  const Commissions commissions = GroupIntoCommissions(order, key);
  result.commissions = static_cast<int64_t>(commissions.units.size());

  for (const Unit& unit : commissions.units) {
    const auto n1 = static_cast<int64_t>(unit.positions.size());
    const int64_t n2 = ranks.region_size[unit.region] - n1;
    if (n1 < options.min_precincts || n2 < options.min_precincts) {
      ++result.too_small;
      continue;
    }
    const int64_t numerator = KsNumerator(unit, n1, n2, order, ranks, key);
    result.tested.push_back(
        DescribeCommission(unit, n1, n2, numerator, commissions.regions[unit.region], key));
  }
  AdjustByHolm(options.alpha, result);
  return result;
}

std::string_view UnavailableReason(const TurnoutShape& shape) {
  return shape.tested.empty()
             ? "no commission large enough to test (the data may have no territorial commission "
               "column)"
             : "";
}

namespace {

int64_t FlaggedCount(const TurnoutShape& shape) {
  return std::count_if(shape.tested.begin(), shape.tested.end(),
                       [](const CommissionTurnoutShape& c) { return c.flagged; });
}

// The smallest adjusted p-value with its verdict, and the commissions with the smallest p-values.
std::string CommissionsText(const TurnoutShape& shape, size_t max_listed) {
  using internal::Percent;
  using internal::PValue;
  const int64_t flagged_count = FlaggedCount(shape);
  std::string out = fmt::format(
      "  smallest Holm-adjusted p over {} commissions: {}: {} ({} commission{} listed as "
      "outliers)\n",
      shape.tested.size(), PValue(shape.p_value),
      internal::Verdict(shape.p_value, shape.flagged, shape.options.alpha), flagged_count,
      flagged_count == 1 ? "" : "s");
  out += fmt::format("    {:<28} {:<18} {:>9} {:>9} {:>9} {:>9} {:>6} {:>9} {:>9}\n", "commission",
                     "region", "precincts", "turnout", "reference", "mean t.", "D", "p", "Holm p");
  const size_t listed = std::max<size_t>(std::min(max_listed, shape.tested.size()),
                                         static_cast<size_t>(flagged_count));
  for (size_t k = 0; k < listed; ++k) {
    const CommissionTurnoutShape& c = shape.tested[k];
    out += fmt::format(
        "    {:<28} {:<18} {:>9} {:>9} {:>9} {:>9} {:>6.3f} {:>9} {:>9}{}\n", c.group, c.region,
        c.precincts, Percent(static_cast<double>(c.ballots) / static_cast<double>(c.registered), 1),
        Percent(
            static_cast<double>(c.reference_ballots) / static_cast<double>(c.reference_registered),
            1),
        Percent(c.mean_turnout, 1), c.ks_statistic, PValue(c.p_value), PValue(c.adjusted_p_value),
        c.flagged ? "  *" : "");
  }
  if (listed < shape.tested.size()) {
    out += fmt::format("    ... {} more commissions, none flagged (--format json lists them)\n",
                       shape.tested.size() - listed);
  }
  return out;
}

// The special commissions' precincts, set apart: counted and listed, never flagged.
std::string SpecialText(const TurnoutShape& shape, size_t max_listed) {
  if (shape.special.empty()) {
    return shape.special_rule.empty()
               ? ""
               : fmt::format("  Special commissions ({}): none in the data.\n", shape.special_rule);
  }
  std::string out = fmt::format(
      "  Special commissions set apart, neither tested nor compared with ({}): {} precincts\n",
      shape.special_rule.empty() ? "marked by the data source" : shape.special_rule,
      GroupThousands(static_cast<int64_t>(shape.special.size())));
  out += fmt::format("    {:<28} {:<28} {:>10} {:>10} {:>9}\n", "precinct", "commission",
                     "registered", "ballots", "turnout");
  const size_t listed = std::min(max_listed, shape.special.size());
  for (size_t k = 0; k < listed; ++k) {
    const SpecialPrecinctTurnout& p = shape.special[k];
    out +=
        fmt::format("    {:<28} {:<28} {:>10} {:>10} {:>9}\n", p.precinct, p.group,
                    GroupThousands(p.registered), GroupThousands(p.ballots),
                    p.registered > 0
                        ? internal::Percent(
                              static_cast<double>(p.ballots) / static_cast<double>(p.registered), 1)
                        : "n/a");
  }
  if (listed < shape.special.size()) {
    out +=
        fmt::format("    ... {} more (--format json lists them)\n", shape.special.size() - listed);
  }
  return out;
}

}  // namespace

std::string TurnoutShapeText(const TurnoutShape& shape, size_t max_listed) {
  const std::string reference =
      shape.within_regions ? "the other precincts of its region" : "all the other precincts";
  std::string out =
      fmt::format("{} — two-sample Kolmogorov–Smirnov against {}\n", kTurnoutShapeTitle, reference);
  out += fmt::format(
      "  {} precincts ({} without voters excluded), {} commissions: {} tested, {} too small "
      "(under {} precincts, or under {} others to compare with)\n",
      GroupThousands(shape.precincts), GroupThousands(shape.excluded),
      GroupThousands(shape.commissions), GroupThousands(static_cast<int64_t>(shape.tested.size())),
      GroupThousands(shape.too_small), shape.options.min_precincts, shape.options.min_precincts);
  if (const std::string_view reason = UnavailableReason(shape); !reason.empty()) {
    out += fmt::format("  Not available: {}.\n\n", reason);
  } else {
    out += CommissionsText(shape, max_listed);
  }
  out += SpecialText(shape, max_listed);
  out +=
      "  Reads: a commission whose precincts' turnouts are shaped unlike its neighbours' "
      "(a block near\n  100 %, a second peak) is worth a look; towns and villages differ "
      "too. Not proof of fraud.\n\n";
  return out;
}

namespace {

nlohmann::json SpecialJson(const TurnoutShape& shape) {
  nlohmann::json precincts = nlohmann::json::array();
  for (const SpecialPrecinctTurnout& p : shape.special) {
    precincts.push_back({{"precinct", p.precinct},
                         {"commission", p.group},
                         {"registered", p.registered},
                         {"ballots", p.ballots}});
  }
  return {{"rule", shape.special_rule},
          {"count", shape.special.size()},
          {"precincts", std::move(precincts)}};
}

}  // namespace

nlohmann::json TurnoutShapeJson(const TurnoutShape& shape) {
  nlohmann::json commissions = nlohmann::json::array();
  for (const CommissionTurnoutShape& c : shape.tested) {
    commissions.push_back({{"commission", c.group},
                           {"region", c.region},
                           {"precincts", c.precincts},
                           {"reference_precincts", c.reference_precincts},
                           {"registered", c.registered},
                           {"ballots", c.ballots},
                           {"reference_registered", c.reference_registered},
                           {"reference_ballots", c.reference_ballots},
                           {"mean_turnout", c.mean_turnout},
                           {"reference_mean_turnout", c.reference_mean_turnout},
                           {"ks_statistic", c.ks_statistic},
                           {"ks_numerator", c.ks_numerator},
                           {"ks_denominator", c.precincts * c.reference_precincts},
                           {"p_value", c.p_value},
                           {"holm_adjusted_p_value", c.adjusted_p_value},
                           {"flagged", c.flagged}});
  }
  return {{"reference", shape.within_regions ? "region" : "all"},
          {"precincts", shape.precincts},
          {"excluded", shape.excluded},
          {"commission_count", shape.commissions},
          {"tested_count", shape.tested.size()},
          {"too_small", shape.too_small},
          {"min_precincts", shape.options.min_precincts},
          {"alpha", shape.options.alpha},
          {"correction", "Holm"},
          {"p_value", internal::OptionalJson(shape.p_value)},
          {"flagged", shape.flagged},
          {"flagged_count", FlaggedCount(shape)},
          {"commissions", commissions},
          {"special", SpecialJson(shape)}};
}

}  // namespace esep::fingerprints
