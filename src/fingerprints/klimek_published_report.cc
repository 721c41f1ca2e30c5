// Text and JSON of the Klimek 2012 fit (klimek_published.h); the JSON keys are documented in
// docs/formats/klimek2012-fit.md.

#include <cmath>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "fingerprints/klimek_published.h"

namespace esep::fingerprints {

namespace {

// A figure with 3 decimals, "NA" for NaN (R's print of a standard deviation of one value).
std::string Figure(double value) {
  return std::isnan(value) ? std::string("NA") : fmt::format("{:.3f}", value);
}

std::string MeanSd(const Klimek2012Summary& summary) {
  return fmt::format("{} ± {}", Figure(summary.mean), Figure(summary.sd));
}

// What a row's fit says, by the direction of its evidence; never a verdict.
std::string Reading(const Klimek2012Row& row) {
  if (!row.failure.empty()) {
    return fmt::format("no fit (the program leaves the row NA): {}", row.failure);
  }
  if (row.incremental.mean == 0 && row.extreme.mean == 0) {
    return "the best grid point has no fraud component in every iteration; this does not show "
           "the count clean, only that this coarse fit finds nothing to add to the clean part";
  }
  std::string text = "the best grid points put";
  if (row.incremental.mean > 0) {
    text +=
        fmt::format(" f_i = {} of the units in incremental fraud", Figure(row.incremental.mean));
  }
  if (row.extreme.mean > 0) {
    text += fmt::format("{} f_e = {} in extreme fraud (near 100 % turnout and share)",
                        row.incremental.mean > 0 ? " and" : "", Figure(row.extreme.mean));
  }
  text +=
      ": a reason to look closer at those precincts, not proof of fraud (a grid of steps 0.2 and "
      "0.1, and anything that widens the clean cloud, such as regions with their own turnout, "
      "raises f_i)";
  return text;
}

nlohmann::json SummaryJson(const Klimek2012Summary& summary) {
  return {{"mean", summary.mean}, {"sd", summary.sd}};
}

}  // namespace

std::string Klimek2012Text(const Klimek2012Table& table) {
  const Klimek2012Options& o = table.options;
  std::string out;
  out +=
      "Klimek et al. 2012 fit, as the authors' program computes it (--method-preset "
      "klimek2012)\n";
  if (table.synthetic) {
    out += "SYNTHETIC data (generated, not a real election)\n";
  }
  out += fmt::format("source: {}\n", table.source);
  out += fmt::format(
      "definitions: ElectionFritter.m as ported to R by Mebane & Egami (EFToolkit "
      "ComputeKlimekModel); unit of the fit: {}; base (TotalVotes) = {}; turnout = base / voters "
      "on the list, share = votes / base; precincts with 0 voters, a 0 base or 0 votes for the "
      "choice left out; bins of width 0.01 (5 / thres) centred on 0, 1 %, ...; grid f_i 0..1 by "
      "0.2, f_e 0..0.3 by 0.1, alpha 0.5 and 1; criterion sum ((simulated - observed) / "
      "(observed + 1))^2 over the share histogram; {} iterations, seed {} (esep's stream: "
      "agrees with R's within Monte Carlo error)\n",
      Klimek2012LevelName(o.level), Klimek2012BaseName(o.base), o.iterations, o.seed);
  if (!table.skipped.empty()) {
    out += fmt::format("rows the loader could not use: {} (esep audit lists them)\n",
                       table.skipped.size());
  }
  out += "\n";
  out += fmt::format(
      "{:<20} {:<16} {:>7} {:>15} {:>15} {:>15}   {:>6} {:>6} {:>6} {:>6} {:>6} "
      "{:>6} {:>5} {:>4}\n",
      "unit", "choice", "units", "f_i", "f_e", "alpha", "peak", "lambda", "p_att", "sd_att",
      "sigma", "theta", "thres", "bins");
  for (const Klimek2012Row& row : table.rows) {
    if (!row.failure.empty()) {
      out += fmt::format("{:<20} {:<16} {:>7} {:>15} {:>15} {:>15}\n", row.unit, row.choice,
                         row.units, "NA", "NA", "NA");
      continue;
    }
    const Klimek2012Estimate& e = row.estimate;
    out += fmt::format(
        "{:<20} {:<16} {:>7} {:>15} {:>15} {:>15}   {:>6.3f} {:>6.3f} {:>6.3f} {:>6.3f} "
        "{:>6.3f} {:>6.3f} {:>5.1f} {:>4}\n",
        row.unit, row.choice, row.units, MeanSd(row.incremental), MeanSd(row.extreme),
        MeanSd(row.alpha), e.share_peak, e.share_drop, e.turnout_drop, e.turnout_spread,
        e.share_spread, e.theta, row.thres, row.bins);
  }
  out += "\n";
  for (const Klimek2012Row& row : table.rows) {
    out += fmt::format("{} / {}: {}.\n", row.unit, row.choice, Reading(row));
    if (row.failure.empty() && !row.failed_thres.empty()) {
      out += fmt::format("  (the program's thres set: {})\n", fmt::join(row.failed_thres, "; "));
    }
  }
  out +=
      "\nThe published method has no test: f_i, f_e and alpha are the means (± standard "
      "deviations) of each iteration's best grid point. A fit is a reason to look closer, never "
      "proof. Definitions and checks: docs/reproducing-published-analyses.md.\n";
  return out;
}

nlohmann::json Klimek2012Json(const Klimek2012Table& table) {
  const Klimek2012Options& o = table.options;
  nlohmann::json rows = nlohmann::json::array();
  for (const Klimek2012Row& row : table.rows) {
    nlohmann::json r = {{"unit", row.unit},        {"choice", row.choice},
                        {"units", row.units},      {"left_out", row.left_out},
                        {"reading", Reading(row)}, {"failed_thres", row.failed_thres}};
    if (!row.failure.empty()) {
      r["failure"] = row.failure;
      rows.push_back(std::move(r));
      continue;
    }
    const Klimek2012Estimate& e = row.estimate;
    r["thres_tried"] = row.thres_tried;
    r["thres"] = row.thres;
    r["bins"] = row.bins;
    r["estimate"] = {{"share_peak", e.share_peak},
                     {"slope_threshold", e.slope_threshold},
                     {"share_drop", e.share_drop},
                     {"turnout_drop", e.turnout_drop},
                     {"turnout_spread", e.turnout_spread},
                     {"share_spread", e.share_spread},
                     {"theta", e.theta}};
    r["incremental"] = SummaryJson(row.incremental);
    r["extreme"] = SummaryJson(row.extreme);
    r["alpha"] = SummaryJson(row.alpha);
    r["criterion"] = SummaryJson(row.criterion);
    nlohmann::json picks = nlohmann::json::array();
    for (const Klimek2012Pick& pick : row.picks) {
      picks.push_back({{"incremental", pick.point.incremental},
                       {"extreme", pick.point.extreme},
                       {"alpha", pick.point.alpha},
                       {"criterion", pick.criterion}});
    }
    r["iterations"] = std::move(picks);
    rows.push_back(std::move(r));
  }
  nlohmann::json choices = nlohmann::json::array();
  for (const std::string& name : o.choices) {
    choices.push_back(name);
  }
  return {{"method", "klimek2012"},
          {"reference",
           "Klimek, Yegorov, Hanel & Thurner, PNAS 109(41):16469-16473, 2012; the authors' "
           "program as ported to R by Mebane & Egami (EFToolkit, ComputeKlimekModel)"},
          {"source", table.source},
          {"synthetic", table.synthetic},
          {"level", Klimek2012LevelName(o.level)},
          {"base", Klimek2012BaseName(o.base)},
          {"choices", choices},
          {"iterations", o.iterations},
          {"seed", o.seed},
          {"skipped_rows", table.skipped.size()},
          {"rows", std::move(rows)}};
}

}  // namespace esep::fingerprints
