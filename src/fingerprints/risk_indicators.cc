#include "fingerprints/risk_indicators.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include <boost/math/distributions/students_t.hpp>
#include <fmt/format.h>

#include "base/text.h"
#include "fingerprints/internal/section_format.h"

namespace esep::fingerprints {

namespace {

// Running mean and variance (Welford), for the Welch comparisons.
struct Moments {
  int64_t n = 0;
  double mean = 0;
  double m2 = 0;

  void Add(double x) {
    ++n;
    const double delta = x - mean;
    mean += delta / static_cast<double>(n);
    m2 += delta * (x - mean);
  }
  double Variance() const { return n > 1 ? m2 / static_cast<double>(n - 1) : 0; }
};

MeanComparison Compare(std::string measure, bool tested, const Moments& high, const Moments& rest) {
  MeanComparison c;
  c.measure = std::move(measure);
  c.tested = tested;
  c.high_precincts = high.n;
  c.rest_precincts = rest.n;
  c.high_mean = high.mean;
  c.rest_mean = rest.mean;
  c.difference = high.mean - rest.mean;
  if (high.n < 2 || rest.n < 2) {
    return c;
  }
  const double vh = high.Variance() / static_cast<double>(high.n);
  const double vr = rest.Variance() / static_cast<double>(rest.n);
  c.standard_error = std::sqrt(vh + vr);
  if (!(c.standard_error > 0)) {
    return c;
  }
  c.degrees_of_freedom =
      (vh + vr) * (vh + vr) /
      (vh * vh / static_cast<double>(high.n - 1) + vr * vr / static_cast<double>(rest.n - 1));
  const boost::math::students_t distribution(c.degrees_of_freedom);
  c.p_value =
      boost::math::cdf(boost::math::complement(distribution, c.difference / c.standard_error));
  return c;
}

// The high precincts' turnout and leader's share against the other candidates' (the precincts
// with a denominator of at least min_base), and the indicator's p-value and flag from them.
// `shares[i]` is the share of the precinct at table position `positions[i]`.
void CompareHighWithRest(const precincts::PrecinctTable& table,
                         const std::vector<CountShare>& shares,
                         const std::vector<size_t>& positions, const std::vector<uint8_t>& is_high,
                         RiskIndicator& result) {
  const RiskIndicatorOptions& options = result.options;
  const bool additions = result.kind == RiskKind::kAdditions;
  const size_t n = shares.size();
  const size_t leader = table.Leader();
  result.leader = table.choices() > 0 ? table.choice_names[leader] : std::string();
  Moments turnout[2];
  Moments net_turnout[2];
  Moments leader_share[2];
  for (size_t i = 0; i < n; ++i) {
    if (shares[i].whole < options.min_base) {
      continue;
    }
    const size_t p = positions[i];
    const int side = is_high[i] != 0 ? 0 : 1;
    if (table.registered[p] > 0) {
      turnout[side].Add(static_cast<double>(table.ballots[p]) /
                        static_cast<double>(table.registered[p]));
    }
    // Every voter added on the day came to vote, so additions raise turnout by themselves;
    // the turnout of the voters already on the list removes that mechanical part.
    const int64_t listed = table.registered[p] - table.added_on_day[p];
    const int64_t listed_ballots = table.ballots[p] - table.added_on_day[p];
    if (additions && listed > 0 && listed_ballots >= 0) {
      net_turnout[side].Add(static_cast<double>(listed_ballots) / static_cast<double>(listed));
    }
    if (table.valid[p] > 0 && table.choices() > 0) {
      leader_share[side].Add(static_cast<double>(table.Votes(p, leader)) /
                             static_cast<double>(table.valid[p]));
    }
  }
  if (additions) {
    result.comparisons.push_back(
        Compare("turnout net of additions", true, net_turnout[0], net_turnout[1]));
    result.comparisons.push_back(Compare("turnout", false, turnout[0], turnout[1]));
  } else {
    result.comparisons.push_back(Compare("turnout", true, turnout[0], turnout[1]));
  }
  result.comparisons.push_back(Compare("leader share", true, leader_share[0], leader_share[1]));
  int tested = 0;
  std::optional<double> smallest;
  for (const MeanComparison& c : result.comparisons) {
    if (!c.tested) {
      continue;
    }
    ++tested;
    if (c.p_value.has_value() && (!smallest.has_value() || *c.p_value < *smallest)) {
      smallest = c.p_value;
    }
  }
  if (smallest.has_value()) {
    result.p_value = std::min(1.0, *smallest * tested);
    result.flagged = *result.p_value <= options.alpha;
  }
}

}  // namespace

std::string_view RiskKindName(RiskKind kind) {
  return kind == RiskKind::kAdditions ? "election-day additions" : "mobile-box voting";
}

std::string_view RiskKindTitle(RiskKind kind) {
  return kind == RiskKind::kAdditions ? "Election-day additions to the voter list"
                                      : "Mobile-box voting";
}

std::string_view RiskShareName(RiskKind kind) {
  return kind == RiskKind::kAdditions ? "voters added on the day / registered voters"
                                      : "ballots in mobile boxes / ballots in all boxes";
}

RiskIndicator ComputeRiskIndicator(const precincts::PrecinctTable& table, RiskKind kind,
                                   const RiskIndicatorOptions& options) {
  assert(options.percentile >= 1 && options.percentile <= 99);
  assert(options.mad_multiple >= 0 && options.mad_multiple <= 100);
  RiskIndicator result;
  result.kind = kind;
  result.options = options;
  const bool additions = kind == RiskKind::kAdditions;
  result.available = additions ? table.has_added_on_day : table.has_mobile_ballots;
  if (!result.available || table.size() == 0) {
    result.available = result.available && table.size() > 0;
    return result;
  }
  const std::vector<int64_t>& parts = additions ? table.added_on_day : table.mobile_ballots;
  const std::vector<int64_t>& wholes = additions ? table.registered : table.ballots;

  // The shares of the precincts with a usable denominator. precincts::PrecinctTable::Add does not
  // check that a part is at most its whole (added <= registered, mobile <= ballots); a precinct
  // that breaks it is excluded here, as a share above 1 is no share.
  std::vector<CountShare> shares;
  std::vector<size_t> positions;
  shares.reserve(table.size());
  positions.reserve(table.size());
  result.histogram.assign(101, 0);
  double share_sum = 0;
  for (size_t p = 0; p < table.size(); ++p) {
    if (wholes[p] <= 0 || wholes[p] > kMaxShareWhole || parts[p] > wholes[p]) {
      ++result.excluded;
      continue;
    }
    const CountShare share{parts[p], wholes[p]};
    shares.push_back(share);
    positions.push_back(p);
    result.part_total += share.part;
    result.whole_total += share.whole;
    share_sum += share.ToDouble();
    ++result.histogram[static_cast<size_t>(share.part * 100 / share.whole)];
  }
  result.precincts = static_cast<int64_t>(shares.size());
  if (shares.empty()) {
    return result;
  }
  result.mean_share = share_sum / static_cast<double>(shares.size());
  const MedianAndMad center = ComputeMedianAndMad(shares);
  result.median = center.median;
  result.mad = center.mad;
  std::vector<CountShare> work = shares;
  const size_t n = shares.size();
  result.p10 = OrderStatistic(work, NearestRank(n, 10));
  result.p25 = OrderStatistic(work, NearestRank(n, 25));
  result.p75 = OrderStatistic(work, NearestRank(n, 75));
  result.p90 = OrderStatistic(work, NearestRank(n, 90));
  result.p99 = OrderStatistic(work, NearestRank(n, 99));
  result.max = *std::max_element(shares.begin(), shares.end());
  const CountShare percentile_value =
      options.percentile == 99 ? result.p99
                               : OrderStatistic(work, NearestRank(n, options.percentile));

  // High precincts: both rules, exactly, among the candidates.
  std::vector<uint8_t> is_high(n, 0);
  for (size_t i = 0; i < n; ++i) {
    if (shares[i].whole < options.min_base) {
      continue;
    }
    ++result.candidates;
    if (shares[i] > percentile_value &&
        ExceedsBy(shares[i], result.median, options.mad_multiple, result.mad)) {
      is_high[i] = 1;
      result.high.push_back(i);
    }
  }
  std::sort(result.high.begin(), result.high.end(), [&shares](size_t a, size_t b) {
    return shares[b] < shares[a] || (!(shares[a] < shares[b]) && a < b);
  });
  for (size_t& i : result.high) {
    i = positions[i];
    result.high_precincts.push_back({.precinct = table.ids[i],
                                     .group = table.group_names[table.group[i]],
                                     .part = parts[i],
                                     .whole = wholes[i],
                                     .registered = table.registered[i],
                                     .ballots = table.ballots[i]});
  }

  CompareHighWithRest(table, shares, positions, is_high, result);
  return result;
}

std::string_view UnavailableReason(const RiskIndicator& indicator) {
  if (!indicator.available) {
    return indicator.kind == RiskKind::kAdditions ? "the data has no election-day additions column"
                                                  : "the data has no mobile-box ballots column";
  }
  return indicator.precincts > 0 ? "" : "no precinct has a positive denominator";
}

double MedianPlusMadMultiple(const RiskIndicator& indicator) {
  return indicator.median.ToDouble() +
         static_cast<double>(indicator.options.mad_multiple) * indicator.mad.ToDouble();
}

namespace {

using internal::Percent;
using internal::PValue;

// "12 of 1,000 (1.20 %)"
std::string PartOfWhole(int64_t part, int64_t whole) {
  return fmt::format("{} of {} ({})", GroupThousands(part), GroupThousands(whole),
                     whole > 0 ? Percent(static_cast<double>(part) / static_cast<double>(whole))
                               : std::string("—"));
}

// The table of the high precincts against the rest, and the indicator's p-value and verdict.
std::string ComparisonsText(const RiskIndicator& r) {
  std::string out = fmt::format(
      "  high vs the other {} precincts (Welch t, one-sided: high > rest), leader {}:\n",
      GroupThousands(r.candidates - static_cast<int64_t>(r.high.size())), r.leader);
  out += fmt::format("    {:<26} {:>9} {:>9} {:>10} {:>8} {:>9}  {}\n", "measure", "high", "rest",
                     "difference", "s.e.", "p", "");
  for (const MeanComparison& c : r.comparisons) {
    const bool computable = c.high_precincts > 0 && c.rest_precincts > 0;
    out += fmt::format("    {:<26} {:>9} {:>9} {:>10} {:>8} {:>9}  {}\n", c.measure,
                       c.high_precincts > 0 ? Percent(c.high_mean) : "—",
                       c.rest_precincts > 0 ? Percent(c.rest_mean) : "—",
                       computable ? fmt::format("{:+.2f} pp", 100 * c.difference) : "—",
                       c.standard_error > 0 ? fmt::format("{:.2f}", 100 * c.standard_error) : "—",
                       PValue(c.p_value), c.tested ? "tested" : "context");
  }
  const int64_t tested = std::count_if(r.comparisons.begin(), r.comparisons.end(),
                                       [](const MeanComparison& c) { return c.tested; });
  out += fmt::format("  p-value (smallest tested p × {}, Bonferroni): {}: {}\n", tested,
                     PValue(r.p_value),
                     r.high.empty() ? "no precinct is high, nothing to compare: not flagged"
                                    : internal::Verdict(r.p_value, r.flagged, r.options.alpha));
  return out;
}

// The first `max_listed` high precincts, and how many more.
std::string HighPrecinctsText(const RiskIndicator& r, size_t max_listed) {
  std::string out;
  for (size_t k = 0; k < r.high_precincts.size(); ++k) {
    const HighPrecinct& p = r.high_precincts[k];
    if (k == 0) {
      out += fmt::format("    {:<24} {:<22} {:>22} {:>9}\n", "high precinct", "commission", "share",
                         "turnout");
    }
    if (k < max_listed) {
      out += fmt::format("    {:<24} {:<22} {:>22} {:>9}\n", p.precinct, p.group,
                         PartOfWhole(p.part, p.whole),
                         Percent(static_cast<double>(p.ballots) /
                                 static_cast<double>(std::max<int64_t>(1, p.registered))));
    } else if (k == max_listed) {
      out += fmt::format("    ... and {} more (--format json lists them all)\n",
                         r.high_precincts.size() - max_listed);
    }
  }
  return out;
}

nlohmann::json ShareJson(const CountShare& share) {
  return {{"part", share.part}, {"whole", share.whole}, {"share", share.ToDouble()}};
}

nlohmann::json ComparisonsJson(const RiskIndicator& r) {
  nlohmann::json comparisons = nlohmann::json::array();
  for (const MeanComparison& c : r.comparisons) {
    comparisons.push_back({{"measure", c.measure},
                           {"tested", c.tested},
                           {"high_precincts", c.high_precincts},
                           {"rest_precincts", c.rest_precincts},
                           {"high_mean", c.high_mean},
                           {"rest_mean", c.rest_mean},
                           {"difference", c.difference},
                           {"standard_error", c.standard_error},
                           {"degrees_of_freedom", c.degrees_of_freedom},
                           {"p_value", internal::OptionalJson(c.p_value)}});
  }
  return comparisons;
}

nlohmann::json HighPrecinctsJson(const RiskIndicator& r) {
  nlohmann::json high = nlohmann::json::array();
  for (const HighPrecinct& p : r.high_precincts) {
    high.push_back({{"precinct", p.precinct},
                    {"group", p.group},
                    {"part", p.part},
                    {"whole", p.whole},
                    {"share", static_cast<double>(p.part) / static_cast<double>(p.whole)},
                    {"registered", p.registered},
                    {"ballots", p.ballots}});
  }
  return high;
}

}  // namespace

std::string RiskIndicatorText(const RiskIndicator& r, size_t max_listed) {
  const bool additions = r.kind == RiskKind::kAdditions;
  const std::string_view base_name = additions ? "registered voters" : "ballots";
  const RiskIndicatorOptions& o = r.options;
  std::string out =
      fmt::format("{} — per precinct: {}\n", RiskKindTitle(r.kind), RiskShareName(r.kind));
  if (const std::string_view reason = UnavailableReason(r); !reason.empty()) {
    out += fmt::format("  Not available: {}.\n\n", reason);
    return out;
  }
  out += fmt::format("  {} precincts ({} excluded: no {}, or a share above 100 %); pooled {}\n",
                     GroupThousands(r.precincts), GroupThousands(r.excluded), base_name,
                     PartOfWhole(r.part_total, r.whole_total));
  out += fmt::format(
      "  distribution: mean {}, p10 {}, p25 {}, median {}, p75 {}, p90 {}, p99 {}, max {}; "
      "MAD {} points\n",
      Percent(r.mean_share), Percent(r.p10.ToDouble()), Percent(r.p25.ToDouble()),
      Percent(r.median.ToDouble()), Percent(r.p75.ToDouble()), Percent(r.p90.ToDouble()),
      Percent(r.p99.ToDouble()), Percent(r.max.ToDouble()),
      fmt::format("{:.2f}", 100 * r.mad.ToDouble()));
  out += fmt::format(
      "  high: above the {}th percentile and above median + {} MAD ({}), among the {} precincts "
      "with at least {} {}: {}\n",
      o.percentile, o.mad_multiple, Percent(MedianPlusMadMultiple(r)), GroupThousands(r.candidates),
      o.min_base, base_name, GroupThousands(static_cast<int64_t>(r.high.size())));
  out += ComparisonsText(r);
  out += HighPrecinctsText(r, max_listed);
  out += additions
             ? "  Reads: a precinct that added many voters on the day is worth a look (additions "
               "have\n  no safeguard); additions raise turnout by themselves, so the tested "
               "turnout is that of the\n  voters already on the list. Not proof of fraud.\n\n"
             : "  Reads: many ballots in the mobile boxes is worth a look (home voting is a "
               "known channel\n  for ballots nobody cast); it is also where the sick and "
               "the old vote. Not proof of fraud.\n\n";
  return out;
}

nlohmann::json RiskIndicatorJson(const RiskIndicator& r) {
  nlohmann::json json = {{"share", std::string(RiskShareName(r.kind))}};
  if (!UnavailableReason(r).empty()) {
    json["p_value"] = nullptr;
    json["flagged"] = false;
    return json;
  }
  const RiskIndicatorOptions& o = r.options;
  json.update({{"precincts", r.precincts},
               {"excluded", r.excluded},
               {"part_total", r.part_total},
               {"whole_total", r.whole_total},
               {"mean_share", r.mean_share},
               {"p10", ShareJson(r.p10)},
               {"p25", ShareJson(r.p25)},
               {"median", ShareJson(r.median)},
               {"p75", ShareJson(r.p75)},
               {"p90", ShareJson(r.p90)},
               {"p99", ShareJson(r.p99)},
               {"max", ShareJson(r.max)},
               {"mad", r.mad.ToDouble()},
               {"histogram_percent_bins", r.histogram},
               {"rule",
                {{"percentile", o.percentile},
                 {"mad_multiple", o.mad_multiple},
                 {"min_base", o.min_base},
                 {"median_plus_mad_multiple", MedianPlusMadMultiple(r)}}},
               {"candidates", r.candidates},
               {"high_count", r.high.size()},
               {"high", HighPrecinctsJson(r)},
               {"leader", r.leader},
               {"comparisons", ComparisonsJson(r)},
               {"alpha", o.alpha},
               {"p_value", internal::OptionalJson(r.p_value)},
               {"flagged", r.flagged}});
  return json;
}

}  // namespace esep::fingerprints
