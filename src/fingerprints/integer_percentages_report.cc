// The text and JSON renderings of the integer-percentage test (integer_percentages.h): every
// number, and every definition it was computed with.

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "fingerprints/integer_percentages.h"

namespace esep::fingerprints {

namespace {

std::string WindowText(const IntegerPercentagesOptions& options) {
  if (options.window_numerator == 0) {
    return "exactly a whole percentage";
  }
  const bool closed = options.window_edges != WindowEdges::kHalfOpen;
  std::string_view rule = "half-open";
  if (options.window_edges == WindowEdges::kClosed) {
    rule = "closed: both edges count";
  } else if (options.window_edges == WindowEdges::kFloat64) {
    rule =
        "closed as the published code decides it, |p - round(p)| <= w in 64-bit floating point: "
        "a value exactly on an edge is in or out by how its double rounds";
  }
  return fmt::format("within [m - {0}, m + {0}{1} percentage points of a whole percentage m ({2})",
                     static_cast<double>(options.window_numerator) /
                         static_cast<double>(options.window_denominator),
                     closed ? "]" : ")", rule);
}

std::string_view WindowRule(WindowEdges edges) {
  switch (edges) {
    case WindowEdges::kClosed:
      return "closed [m - w, m + w]; w = 0: exactly m";
    case WindowEdges::kFloat64:
      return "|100 k / n - round(100 k / n)| <= w in IEEE doubles (closed but for edges lost to "
             "rounding)";
    case WindowEdges::kHalfOpen:
      break;
  }
  return "half-open [m - w, m + w); w = 0: exactly m";
}

std::string InclusionText(const IntegerPercentagesOptions& o) {
  if (o.inclusion == Inclusion::kJoint) {
    return fmt::format(
        "Precincts enter both measures together when the share's denominator is above 0, at "
        "least {} voters are on the list, and turnout and share are each at most {} %.",
        o.min_base, o.max_percent);
  }
  return fmt::format(
      "Precincts enter each measure with at least {} in its denominator and a percentage "
      "strictly between 0 and 100.",
      o.min_base);
}

std::string NullText(const IntegerPercentagesOptions& o) {
  std::string out =
      "The expected count is the exact sum, over the included precincts, of the binomial "
      "probability of landing in a window when the precinct's figure varies binomially around its "
      "own observed rate";
  if (o.inclusion == Inclusion::kJoint && o.share_null == ShareNull::kSimulatedTurnout) {
    out +=
        " (the share's denominator being the simulated count of voters, so that turnout, share "
        "and either are one joint law per precinct)";
  } else if (o.inclusion == Inclusion::kJoint) {
    out +=
        " (the share drawn on its observed denominator, independently of the turnout, as the "
        "published code draws it: either = Pt + Ps - Pt Ps exactly)";
  }
  out += o.null_edges == NullEdges::kCounted ? "; a simulated 0 % or 100 % counts as whole.\n"
                                             : "; 0 % and 100 % are left out of the null.\n";
  return out;
}

std::string MeasureText(const IntegerPercentagesMeasure& m, double threshold, int measures,
                        bool joint) {
  std::string out = fmt::format("{} ({} / {}):\n", m.name, m.numerator, m.denominator);
  if (joint) {
    out += fmt::format(
        "  precincts {}, included {}, excluded {} (fewer on the list than the minimum) + {} (no "
        "ballots in the share's denominator) + {} (above the maximum percentage)\n",
        m.precincts, m.included, m.excluded_small, m.excluded_zero_base, m.excluded_above_max);
  } else {
    out += fmt::format(
        "  precincts {}, included {}, excluded {} (fewer in the denominator than the minimum) + "
        "{} (0 %, 100 % or above)\n",
        m.precincts, m.included, m.excluded_small, m.excluded_zero_or_all);
  }
  out += fmt::format("  in an integer window: observed {}, expected {:.2f} (sd {:.2f})\n",
                     m.observed, m.expected, m.standard_deviation);
  out += fmt::format("  excess {:+.2f}, z = {:.2f}, one-sided p = {:.3g} ({})\n", m.excess, m.z,
                     m.p_value,
                     m.exact_p_value ? "exact Poisson-binomial tail"
                                     : "normal approximation with continuity correction");
  out += fmt::format("  {} (alpha / {})\n",
                     m.flagged ? fmt::format("FLAGGED: p < {:g}", threshold)
                               : fmt::format("not flagged at {:g}", threshold),
                     measures);
  // The whole percentages with the largest excess, for the reader.
  std::vector<std::pair<double, int>> by_excess;
  for (int at = 0; at <= 100; ++at) {
    const double excess = static_cast<double>(m.observed_at[static_cast<size_t>(at)]) -
                          m.expected_at[static_cast<size_t>(at)];
    const double sd = std::sqrt(m.variance_at[static_cast<size_t>(at)]);
    if (excess > 2 * sd + 1) {
      by_excess.emplace_back(excess, at);
    }
  }
  std::sort(by_excess.rbegin(), by_excess.rend());
  if (!by_excess.empty()) {
    out += "  whole percentages above expected + 2 sd + 1:";
    for (size_t j = 0; j < std::min<size_t>(by_excess.size(), 10); ++j) {
      const auto at = static_cast<size_t>(by_excess[j].second);
      out += fmt::format(" {} % ({} vs {:.1f})", at, m.observed_at[at], m.expected_at[at]);
    }
    out += "\n";
  }
  return out;
}

nlohmann::json MeasureJson(const IntegerPercentagesMeasure& m) {
  nlohmann::json j;
  j["name"] = m.name;
  j["numerator"] = m.numerator;
  j["denominator"] = m.denominator;
  j["precincts"] = m.precincts;
  j["included"] = m.included;
  j["excluded_small"] = m.excluded_small;
  j["excluded_zero_or_all"] = m.excluded_zero_or_all;
  j["excluded_zero_base"] = m.excluded_zero_base;
  j["excluded_above_max"] = m.excluded_above_max;
  j["observed"] = m.observed;
  j["expected"] = m.expected;
  j["variance"] = m.variance;
  j["standard_deviation"] = m.standard_deviation;
  j["excess"] = m.excess;
  j["z"] = m.z;
  j["p_value"] = m.p_value;
  j["p_value_method"] = std::string(PValueMethod(m));
  j["flagged"] = m.flagged;
  j["observed_at_integer"] = m.observed_at;
  j["expected_at_integer"] = m.expected_at;
  j["variance_at_integer"] = m.variance_at;
  j["observed_per_mille_bins"] = m.observed_per_mille_bins;
  return j;
}

}  // namespace

std::string_view PValueMethod(const IntegerPercentagesMeasure& measure) {
  return measure.exact_p_value ? "exact Poisson-binomial" : "normal approximation";
}

std::string IntegerPercentagesText(const IntegerPercentages& result) {
  const IntegerPercentagesOptions& o = result.options;
  std::string out = "Integer percentages (Kobak, Shpilkin & Pshenichnikov 2016)\n";
  if (result.synthetic) {
    out += "SYNTHETIC DATA: these precincts were generated, not reported by a commission.\n";
  }
  if (!result.source.empty()) {
    out += fmt::format("source: {}\n", result.source);
  }
  if (!o.preset.empty()) {
    out += fmt::format("method preset: {} (docs/reproducing-published-analyses.md)\n", o.preset);
  }
  out += fmt::format(
      "Turnout is {} / voters on the list; the leader's share is the leader's votes / {}. A "
      "precinct counts when its percentage lies {}, decided with exact integer arithmetic{}. {} ",
      TurnoutNumeratorName(o.turnout_numerator), LeaderBaseName(o.leader_base), WindowText(o),
      o.window_edges == WindowEdges::kFloat64 ? " but for values exactly on an edge" : "",
      InclusionText(o));
  out += NullText(o);
  const double threshold = o.alpha / result.Measures();
  const bool joint = o.inclusion == Inclusion::kJoint;
  out += MeasureText(result.turnout, threshold, result.Measures(), joint);
  out += MeasureText(result.leader_share, threshold, result.Measures(), joint);
  if (result.either.has_value()) {
    out += MeasureText(*result.either, threshold, result.Measures(), joint);
  }
  out +=
      "Reading: an excess of whole percentages is what appears when results are written to a "
      "target rather than counted (the paper's finding in Russian returns since 2004). It is "
      "evidence to look closer at the precincts concerned, not proof of fraud: the null assumes "
      "independent binomial variation around each precinct's observed rate, and a few honest "
      "coincidences, or data keyed by hand from rounded figures, can also produce whole "
      "percentages. A quiet result does not show the absence of fraud: fabrication that avoids "
      "round numbers leaves no trace here.\n";
  return out;
}

nlohmann::json IntegerPercentagesJson(const IntegerPercentages& result) {
  const IntegerPercentagesOptions& o = result.options;
  nlohmann::json j;
  j["test"] = "integer_percentages";
  j["reference"] =
      "Kobak, Shpilkin & Pshenichnikov, Integer percentages as electoral falsification "
      "fingerprints, Annals of Applied Statistics 10(1):54-73, 2016";
  j["source"] = result.source;
  j["synthetic"] = result.synthetic;
  j["leader"] = result.leader;
  j["options"] = {
      {"preset", o.preset.empty() ? nlohmann::json() : nlohmann::json(o.preset)},
      {"window_half_width_points",
       {{"numerator", o.window_numerator}, {"denominator", o.window_denominator}}},
      {"window_edges", std::string(WindowEdgesName(o.window_edges))},
      {"window_rule", WindowRule(o.window_edges)},
      {"turnout_numerator", std::string(TurnoutNumeratorName(o.turnout_numerator))},
      {"turnout_denominator", "registered"},
      {"leader_base", std::string(LeaderBaseName(o.leader_base))},
      {"inclusion", std::string(InclusionName(o.inclusion))},
      {"min_base", o.min_base},
      {"min_base_applies_to",
       o.inclusion == Inclusion::kJoint ? "registered" : "each measure's denominator"},
      {"max_percent",
       o.inclusion == Inclusion::kJoint ? nlohmann::json(o.max_percent) : nlohmann::json()},
      {"null_edges", std::string(NullEdgesName(o.null_edges))},
      {"share_null", o.inclusion == Inclusion::kJoint ? nlohmann::json(ShareNullName(o.share_null))
                                                      : nlohmann::json()},
      {"alpha", o.alpha},
      {"per_measure_threshold", o.alpha / result.Measures()},
      {"exact_p_value_max_precincts", o.exact_p_value_max_precincts}};
  j["turnout"] = MeasureJson(result.turnout);
  j["leader_share"] = MeasureJson(result.leader_share);
  j["either"] = result.either.has_value() ? MeasureJson(*result.either) : nlohmann::json();
  j["flagged"] = result.flagged;
  j["assumptions"] =
      "Each included precinct's count varies independently and binomially around its observed "
      "rate (under joint inclusion, the share's votes are drawn from the simulated turnout count "
      "or, with share_null observed-base, from the observed denominator, independently); "
      "precincts are included by the rule in options. A flag is evidence to look closer, not "
      "proof of fraud.";
  return j;
}

}  // namespace esep::fingerprints
