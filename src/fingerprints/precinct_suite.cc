#include "fingerprints/precinct_suite.h"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "base/text.h"
#include "fingerprints/fingerprint_sections.h"

namespace esep::fingerprints {

namespace {

using Json = nlohmann::json;

std::string Percent(double share, int decimals = 2) {
  return fmt::format("{:.{}f} %", 100 * share, decimals);
}

std::string PValue(const std::optional<double>& p) {
  return p.has_value() ? fmt::format("{:.3g}", *p) : std::string("—");
}

Json ShareJson(const CountShare& share) {
  return {{"part", share.part}, {"whole", share.whole}, {"share", share.ToDouble()}};
}

Json OptionalJson(const std::optional<double>& value) {
  return value.has_value() ? Json(*value) : Json(nullptr);
}

std::string Verdict(const std::optional<double>& p, bool flagged, double alpha) {
  if (!p.has_value()) {
    return "not computable";
  }
  return flagged ? fmt::format("FLAGGED at alpha {}", alpha)
                 : fmt::format("not flagged at alpha {}", alpha);
}

// "12 of 1,000 (1.20 %)"
std::string PartOfWhole(int64_t part, int64_t whole) {
  return fmt::format("{} of {} ({})", GroupThousands(part), GroupThousands(whole),
                     whole > 0 ? Percent(static_cast<double>(part) / static_cast<double>(whole))
                               : std::string("—"));
}

std::string RiskTitle(RiskKind kind) {
  return kind == RiskKind::kAdditions ? "Election-day additions to the voter list"
                                      : "Mobile-box voting";
}

}  // namespace

SuiteSection RiskIndicatorSection(const precincts::PrecinctTable& table, const RiskIndicator& r,
                                  size_t max_listed) {
  const bool additions = r.kind == RiskKind::kAdditions;
  SuiteSection section;
  section.id = additions ? "additions" : "mobile";
  section.title = RiskTitle(r.kind);
  section.available = r.available && r.precincts > 0;
  section.p_value = r.p_value;
  section.flagged = r.flagged;
  const std::string share_name = additions ? "voters added on the day / registered voters"
                                           : "ballots in mobile boxes / ballots in all boxes";
  const std::string base_name = additions ? "registered voters" : "ballots";
  const RiskIndicatorOptions& o = r.options;
  Json& json = section.json;
  json = {{"id", section.id},
          {"title", section.title},
          {"share", share_name},
          {"available", section.available}};
  std::string& out = section.text;
  out = fmt::format("{} — per precinct: {}\n", section.title, share_name);
  if (!section.available) {
    out += fmt::format("  Not available: {}.\n\n",
                       !r.available ? (additions ? "the data has no election-day additions column"
                                                 : "the data has no mobile-box ballots column")
                                    : "no precinct has a positive denominator");
    json["p_value"] = nullptr;
    json["flagged"] = false;
    return section;
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
  const double mad_line =
      r.median.ToDouble() + static_cast<double>(o.mad_multiple) * r.mad.ToDouble();
  out += fmt::format(
      "  high: above the {}th percentile and above median + {} MAD ({}), among the {} precincts "
      "with at least {} {}: {}\n",
      o.percentile, o.mad_multiple, Percent(mad_line), GroupThousands(r.candidates), o.min_base,
      base_name, GroupThousands(static_cast<int64_t>(r.high.size())));
  out += fmt::format(
      "  high vs the other {} precincts (Welch t, one-sided: high > rest), leader {}:\n",
      GroupThousands(r.candidates - static_cast<int64_t>(r.high.size())), r.leader);
  out += fmt::format("    {:<26} {:>9} {:>9} {:>10} {:>8} {:>9}  {}\n", "measure", "high", "rest",
                     "difference", "s.e.", "p", "");
  Json comparisons = Json::array();
  for (const MeanComparison& c : r.comparisons) {
    const bool computable = c.high_precincts > 0 && c.rest_precincts > 0;
    out += fmt::format("    {:<26} {:>9} {:>9} {:>10} {:>8} {:>9}  {}\n", c.measure,
                       c.high_precincts > 0 ? Percent(c.high_mean) : "—",
                       c.rest_precincts > 0 ? Percent(c.rest_mean) : "—",
                       computable ? fmt::format("{:+.2f} pp", 100 * c.difference) : "—",
                       c.standard_error > 0 ? fmt::format("{:.2f}", 100 * c.standard_error) : "—",
                       PValue(c.p_value), c.tested ? "tested" : "context");
    comparisons.push_back({{"measure", c.measure},
                           {"tested", c.tested},
                           {"high_precincts", c.high_precincts},
                           {"rest_precincts", c.rest_precincts},
                           {"high_mean", c.high_mean},
                           {"rest_mean", c.rest_mean},
                           {"difference", c.difference},
                           {"standard_error", c.standard_error},
                           {"degrees_of_freedom", c.degrees_of_freedom},
                           {"p_value", OptionalJson(c.p_value)}});
  }
  const int64_t tested = std::count_if(r.comparisons.begin(), r.comparisons.end(),
                                       [](const MeanComparison& c) { return c.tested; });
  out += fmt::format("  p-value (smallest tested p × {}, Bonferroni): {}: {}\n", tested,
                     PValue(r.p_value),
                     r.high.empty() ? "no precinct is high, nothing to compare: not flagged"
                                    : Verdict(r.p_value, r.flagged, o.alpha));
  Json high = Json::array();
  for (size_t k = 0; k < r.high.size(); ++k) {
    const size_t p = r.high[k];
    const int64_t part = additions ? table.added_on_day[p] : table.mobile_ballots[p];
    const int64_t whole = additions ? table.registered[p] : table.ballots[p];
    high.push_back({{"precinct", table.ids[p]},
                    {"group", table.group_names[table.group[p]]},
                    {"part", part},
                    {"whole", whole},
                    {"share", static_cast<double>(part) / static_cast<double>(whole)},
                    {"registered", table.registered[p]},
                    {"ballots", table.ballots[p]}});
    if (k == 0) {
      out += fmt::format("    {:<24} {:<22} {:>22} {:>9}\n", "high precinct", "commission", "share",
                         "turnout");
    }
    if (k < max_listed) {
      out += fmt::format("    {:<24} {:<22} {:>22} {:>9}\n", table.ids[p],
                         table.group_names[table.group[p]], PartOfWhole(part, whole),
                         Percent(static_cast<double>(table.ballots[p]) /
                                 static_cast<double>(std::max<int64_t>(1, table.registered[p]))));
    } else if (k == max_listed) {
      out += fmt::format("    ... and {} more (--format json lists them all)\n",
                         r.high.size() - max_listed);
    }
  }
  out += additions
             ? "  Reads: a precinct that added many voters on the day is worth a look (additions "
               "have\n  no safeguard); additions raise turnout by themselves, so the tested "
               "turnout is that of the\n  voters already on the list. Not proof of fraud.\n\n"
             : "  Reads: many ballots in the mobile boxes is worth a look (home voting is a "
               "known channel\n  for ballots nobody cast); it is also where the sick and "
               "the old vote. Not proof of fraud.\n\n";
  Json histogram = Json::array();
  for (int64_t count : r.histogram) {
    histogram.push_back(count);
  }
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
               {"histogram_percent_bins", histogram},
               {"rule",
                {{"percentile", o.percentile},
                 {"mad_multiple", o.mad_multiple},
                 {"min_base", o.min_base},
                 {"median_plus_mad_multiple", mad_line}}},
               {"candidates", r.candidates},
               {"high_count", r.high.size()},
               {"high", high},
               {"leader", r.leader},
               {"comparisons", comparisons},
               {"alpha", o.alpha},
               {"p_value", OptionalJson(r.p_value)},
               {"flagged", r.flagged}});
  return section;
}

SuiteSection TurnoutShapeSection(const precincts::PrecinctTable& table, const TurnoutShape& shape,
                                 size_t max_listed) {
  (void)table;
  SuiteSection section;
  section.id = "turnout_by_commission";
  section.title = "Turnout distribution by territorial commission";
  section.available = !shape.tested.empty();
  section.p_value = shape.p_value;
  section.flagged = shape.flagged;
  const std::string reference =
      shape.within_regions ? "the other precincts of its region" : "all the other precincts";
  std::string& out = section.text;
  out = fmt::format("{} — two-sample Kolmogorov–Smirnov against {}\n", section.title, reference);
  out += fmt::format(
      "  {} precincts ({} without voters excluded), {} commissions: {} tested, {} too small "
      "(under {} precincts, or under {} others to compare with)\n",
      GroupThousands(shape.precincts), GroupThousands(shape.excluded),
      GroupThousands(shape.commissions), GroupThousands(static_cast<int64_t>(shape.tested.size())),
      GroupThousands(shape.too_small), shape.options.min_precincts, shape.options.min_precincts);
  const int64_t flagged_count =
      std::count_if(shape.tested.begin(), shape.tested.end(),
                    [](const CommissionTurnoutShape& c) { return c.flagged; });
  if (!section.available) {
    out +=
        "  Not available: no commission large enough to test (the data may have no "
        "territorial commission column).\n\n";
  } else {
    out += fmt::format(
        "  smallest Holm-adjusted p over {} commissions: {}: {} ({} commission{} listed as "
        "outliers)\n",
        shape.tested.size(), PValue(shape.p_value),
        Verdict(shape.p_value, shape.flagged, shape.options.alpha), flagged_count,
        flagged_count == 1 ? "" : "s");
    out +=
        fmt::format("    {:<28} {:<18} {:>9} {:>9} {:>9} {:>9} {:>6} {:>9} {:>9}\n", "commission",
                    "region", "precincts", "turnout", "reference", "mean t.", "D", "p", "Holm p");
    const size_t listed = std::max<size_t>(std::min(max_listed, shape.tested.size()),
                                           static_cast<size_t>(flagged_count));
    for (size_t k = 0; k < listed; ++k) {
      const CommissionTurnoutShape& c = shape.tested[k];
      out += fmt::format(
          "    {:<28} {:<18} {:>9} {:>9} {:>9} {:>9} {:>6.3f} {:>9} {:>9}{}\n", c.group, c.region,
          c.precincts,
          Percent(static_cast<double>(c.ballots) / static_cast<double>(c.registered), 1),
          Percent(static_cast<double>(c.reference_ballots) /
                      static_cast<double>(c.reference_registered),
                  1),
          Percent(c.mean_turnout, 1), c.ks_statistic, PValue(c.p_value), PValue(c.adjusted_p_value),
          c.flagged ? "  *" : "");
    }
    if (listed < shape.tested.size()) {
      out += fmt::format("    ... {} more commissions, none flagged (--format json lists them)\n",
                         shape.tested.size() - listed);
    }
  }
  out +=
      "  Reads: a commission whose precincts' turnouts are shaped unlike its neighbours' "
      "(a block near\n  100 %, a second peak) is worth a look; towns and villages differ "
      "too. Not proof of fraud.\n\n";
  Json commissions = Json::array();
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
  section.json = {{"id", section.id},
                  {"title", section.title},
                  {"available", section.available},
                  {"reference", shape.within_regions ? "region" : "all"},
                  {"precincts", shape.precincts},
                  {"excluded", shape.excluded},
                  {"commission_count", shape.commissions},
                  {"tested_count", shape.tested.size()},
                  {"too_small", shape.too_small},
                  {"min_precincts", shape.options.min_precincts},
                  {"alpha", shape.options.alpha},
                  {"correction", "Holm"},
                  {"p_value", OptionalJson(shape.p_value)},
                  {"flagged", shape.flagged},
                  {"flagged_count", flagged_count},
                  {"commissions", commissions}};
  return section;
}

std::vector<PrecinctTest> DefaultPrecinctTests() {
  auto risk = [](RiskKind kind) {
    return [kind](const precincts::PrecinctTable& table, const PrecinctSuiteOptions& options) {
      RiskIndicatorOptions risk_options = options.risk;
      risk_options.alpha = options.alpha;
      return RiskIndicatorSection(table, ComputeRiskIndicator(table, kind, risk_options),
                                  options.max_listed);
    };
  };
  return {
      {"additions", risk(RiskKind::kAdditions)},
      {"mobile", risk(RiskKind::kMobile)},
      {"turnout_by_commission",
       [](const precincts::PrecinctTable& table, const PrecinctSuiteOptions& options) {
         TurnoutShapeOptions shape_options = options.turnout_shape;
         shape_options.alpha = options.alpha;
         return TurnoutShapeSection(table, ComputeTurnoutShape(table, shape_options),
                                    options.max_listed);
       }},
      {"integer_percentages",
       [](const precincts::PrecinctTable& table, const PrecinctSuiteOptions& options) {
         return IntegerPercentagesSection(table, options.integer_percentages, options.alpha);
       }},
      {"digits",
       [](const precincts::PrecinctTable& table, const PrecinctSuiteOptions& options) {
         return DigitTestsSection(table, options.digits, options.alpha);
       }},
      {"klimek",
       [](const precincts::PrecinctTable& table, const PrecinctSuiteOptions& options) {
         return KlimekSection(table, options.klimek);
       }},
  };
}

PrecinctSuite RunPrecinctSuite(const precincts::PrecinctTable& table,
                               const PrecinctSuiteOptions& options,
                               std::span<const PrecinctTest> tests) {
  PrecinctSuite suite;
  suite.options = options;
  suite.header = {.source = table.source,
                  .synthetic = table.synthetic,
                  .precincts = table.size(),
                  .skipped = table.skipped,
                  .choice_names = table.choice_names};
  if (table.choices() > 0) {
    suite.header.leader = table.choice_names[table.Leader()];
  }
  for (const PrecinctTest& test : tests) {
    const auto start = std::chrono::steady_clock::now();
    suite.sections.push_back(test.run(table, options));
    suite.sections.back().seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  return suite;
}

std::string PrecinctSuiteText(const PrecinctSuite& suite) {
  const PrecinctSuiteHeader& header = suite.header;
  std::string out = fmt::format("Precinct-level fingerprints of {}{}\n", header.source,
                                header.synthetic ? " — SYNTHETIC data, not a real election" : "");
  out += fmt::format("Precincts: {} used, {} skipped{}\n",
                     GroupThousands(static_cast<int64_t>(header.precincts)),
                     GroupThousands(static_cast<int64_t>(header.skipped.size())),
                     header.skipped.empty() ? "." : ":");
  const size_t max_listed = suite.options.max_listed;
  for (size_t k = 0; k < header.skipped.size() && k < max_listed; ++k) {
    out += fmt::format("  skipped: {}\n", header.skipped[k]);
  }
  if (header.skipped.size() > max_listed) {
    out += fmt::format("  ... and {} more skipped rows (--format json lists them all)\n",
                       header.skipped.size() - max_listed);
  }
  if (header.leader.has_value()) {
    out += fmt::format("Leader (most votes over the precincts): {}.\n", *header.leader);
  }
  out +=
      "Each section is a reason to look closer, not proof of fraud; method, assumptions and "
      "limits:\ndocs/forensics.md and the documents it links.\n\n";
  for (const SuiteSection& section : suite.sections) {
    out += section.text;
  }
  out += fmt::format("Summary (each section at alpha {}):\n", suite.options.alpha);
  for (const SuiteSection& section : suite.sections) {
    out += fmt::format("  {:<48} {:>10}  {}\n", section.title,
                       section.available ? PValue(section.p_value) : "n/a",
                       !section.available            ? "not available"
                       : section.flagged             ? "FLAGGED"
                       : section.p_value.has_value() ? "not flagged"
                                                     : "not flagged (no p-value)");
  }
  return out;
}

nlohmann::json PrecinctSuiteJson(const PrecinctSuite& suite) {
  const PrecinctSuiteHeader& header = suite.header;
  Json sections = Json::array();
  Json seconds = Json::object();
  for (const SuiteSection& section : suite.sections) {
    sections.push_back(section.json);
    seconds[section.id] = section.seconds;
  }
  return {{"source", header.source},
          {"synthetic", header.synthetic},
          {"precincts", header.precincts},
          {"skipped_count", header.skipped.size()},
          {"skipped", header.skipped},
          {"choices", header.choice_names},
          {"leader", header.leader.has_value() ? Json(*header.leader) : Json()},
          {"alpha", suite.options.alpha},
          {"sections", sections},
          {"seconds", seconds}};  // wall time per section: volatile, not part of any result
}

}  // namespace esep::fingerprints
