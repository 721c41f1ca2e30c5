#include "fingerprints/risk_indicators.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include <boost/math/distributions/students_t.hpp>

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

}  // namespace

std::string_view RiskKindName(RiskKind kind) {
  return kind == RiskKind::kAdditions ? "election-day additions" : "mobile-box voting";
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
  }

  // Turnout and the leader's share, high vs the other candidates.
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
  return result;
}

}  // namespace esep::fingerprints
