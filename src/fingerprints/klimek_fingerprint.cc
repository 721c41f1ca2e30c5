#include "fingerprints/klimek_fingerprint.h"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cmath>
#include <string_view>

#include <fmt/format.h>

#include "base/int128.h"
#include "fingerprints/klimek_decision.h"

namespace esep::fingerprints {

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

double Ratio(int64_t part, int64_t whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

bool AtLeastPercent(int64_t numerator, int64_t denominator, int percent) {
  return static_cast<Int128>(numerator) * 100 >= static_cast<Int128>(denominator) * percent;
}

constexpr std::string_view kAssumptions[] = {
    "Turnout is ballots in the boxes / registered voters and the leader's share is the leader's "
    "votes / valid ballots, per precinct; the leader is the choice with the most votes overall.",
    "The model assumes that clean precincts have a single-peaked turnout and a single-peaked "
    "leader share, each normal, independent of each other; the peak and its width are "
    "estimated from the lower (fraud-free) side of the main peak, below the corner.",
    "Fraud in the model only ever adds ballots and votes for the leader (stuffing non-voters' "
    "ballots, moving opposition votes): it moves precincts up and to the right.",
    "f_i and f_e are fitted by maximum likelihood on the binned 2D histogram, with the model's "
    "fraud components simulated from a fixed seed (deterministic).",
};

constexpr std::string_view kLimits[] = {
    "A fingerprint is evidence to look closer, not proof of fraud.",
    "Genuine heterogeneity — regions or communities with different turnout and support, "
    "several peaks, correlated turnout and support, a popular leader near 100 % — is not in "
    "the clean model and can show up as incremental fraud; so can mobilisation that raises "
    "turnout and support together.",
    "Fraud that does not move precincts up and to the right (lowering the opposition's votes "
    "without adding ballots, changing figures above the precinct level, or fraud spread evenly "
    "over all precincts) leaves the fingerprint unchanged.",
    "f_i and f_e are fractions of precincts under the model, not counts of stolen votes. The "
    "thresholds were calibrated on clean synthetic elections of 20 to 100,000 precincts, by "
    "size; below the minimum size the fit is not run.",
};

// The character for a cell of the text map, on a logarithmic scale of its count.
char MapCharacter(int64_t count, int64_t most) {
  static const std::string_view shades = " .:-=+*#%@";
  if (count <= 0 || most <= 0) {
    return ' ';
  }
  const double level = std::log1p(static_cast<double>(count)) /
                       std::log1p(static_cast<double>(most)) *
                       static_cast<double>(shades.size() - 1);
  const auto index =
      std::clamp<size_t>(static_cast<size_t>(std::ceil(level)), 1, shades.size() - 1);
  return shades[index];
}

// A 50-column, 25-row map of the precincts (turnout across, the leader's share up), recounted
// at that resolution from the exact bins of `f` where they divide evenly, else approximated by
// the bin centres.
std::string TextMap(const KlimekFingerprint& f) {
  constexpr size_t kColumns = 50;
  constexpr size_t kRows = 25;
  std::vector<int64_t> cells(kColumns * kRows, 0);
  for (int t = 0; t < f.bins; ++t) {
    for (int s = 0; s < f.bins; ++s) {
      const int64_t n =
          f.counts[static_cast<size_t>(t) * static_cast<size_t>(f.bins) + static_cast<size_t>(s)];
      if (n == 0) {
        continue;
      }
      const int64_t double_bins = 2 * static_cast<int64_t>(f.bins);
      const auto column = static_cast<size_t>(
          KlimekBin(2 * static_cast<int64_t>(t) + 1, double_bins, static_cast<int>(kColumns)));
      const auto row = static_cast<size_t>(
          KlimekBin(2 * static_cast<int64_t>(s) + 1, double_bins, static_cast<int>(kRows)));
      cells[row * kColumns + column] += n;
    }
  }
  const int64_t most = *std::max_element(cells.begin(), cells.end());
  std::string out;
  for (size_t r = 0; r < kRows; ++r) {
    const size_t row = kRows - 1 - r;
    out += row == kRows - 1 ? "  100% |" : (row == 0 ? "    0% |" : "       |");
    for (size_t column = 0; column < kColumns; ++column) {
      out += MapCharacter(cells[row * kColumns + column], most);
    }
    out += "|\n";
  }
  out += "        " + std::string(kColumns, '-') + "\n";
  out += fmt::format("        0%{:>{}}\n", "turnout 100%", kColumns - 2);
  return out;
}

}  // namespace

int KlimekBin(int64_t numerator, int64_t denominator, int bins) {
  assert(denominator > 0 && numerator >= 0 && numerator <= denominator && bins >= 1);  // REQUIRES
  if (numerator >= denominator) {
    return bins - 1;
  }
  return static_cast<int>(static_cast<Int128>(numerator) * bins / denominator);
}

namespace {

// Every option the histogram and the fit read is checked before any precinct is looked at, so a
// bad request fails the same way whatever the table holds.
Status CheckKlimekOptions(const KlimekOptions& options) {
  const KlimekFitOptions& fit_options = options.fit_options;
  if (options.bins < 1 || options.bins > 1000) {
    return InvalidArgumentError(fmt::format(
        "Klimek fingerprint: {} bins per axis; the histogram takes 1 to 1000", options.bins));
  }
  if (options.minimum_precincts < 1 || options.minimum_corner_precincts < 0 ||
      !(options.incremental_threshold >= 0) || !(options.extreme_threshold >= 0)) {
    return InvalidArgumentError(fmt::format(
        "Klimek fingerprint: decision options out of range (minimum {} precincts, {} in the "
        "corner, thresholds f_i {} and f_e {}); the minimum is at least 1 precinct and the "
        "others at least 0",
        options.minimum_precincts, options.minimum_corner_precincts, options.incremental_threshold,
        options.extreme_threshold));
  }
  if (options.corner_percent < 1 || options.corner_percent > 100) {
    return InvalidArgumentError(fmt::format(
        "Klimek fingerprint: corner at {} %; it must be a whole percentage from 1 to 100",
        options.corner_percent));
  }
  if (options.fit == KlimekModelFit::kYes &&
      (fit_options.bins < 1 || fit_options.bins > 1000 || fit_options.model_precincts < 1 ||
       fit_options.model_precincts > 100'000'000 || fit_options.alphas.empty() ||
       fit_options.thetas.empty())) {
    return InvalidArgumentError(fmt::format(
        "Klimek fingerprint: fit options out of range ({} fit bins, {} model precincts, {} "
        "alphas, {} thetas); the fit needs 1 to 1000 bins, 1 to 100,000,000 model precincts "
        "and non-empty grids",
        fit_options.bins, fit_options.model_precincts, fit_options.alphas.size(),
        fit_options.thetas.size()));
  }
  if (options.fit == KlimekModelFit::kYes) {
    for (double alpha : fit_options.alphas) {
      if (!(alpha > 0 && alpha <= 100)) {
        return InvalidArgumentError(fmt::format(
            "Klimek fingerprint: alpha {} in the fit grid; it must be above 0 (at most 100)",
            alpha));
      }
    }
    for (double theta : fit_options.thetas) {
      if (!(theta > 0 && theta <= 1)) {
        return InvalidArgumentError(fmt::format(
            "Klimek fingerprint: theta {} in the fit grid; it must be above 0 and at most 1",
            theta));
      }
    }
  }
  return OkStatus();
}

// The fingerprint's identity and zeroed histograms, sized once so the per-precinct loop only
// increments.
KlimekFingerprint EmptyKlimekFingerprint(const precincts::PrecinctTable& table,
                                         const KlimekOptions& options) {
  KlimekFingerprint f;
  f.source = table.source;
  f.synthetic = table.synthetic;
  f.leader_index = table.Leader();
  f.leader = table.choice_names[f.leader_index];
  f.precincts = static_cast<int64_t>(table.size());
  f.bins = options.bins;
  const auto bins = static_cast<size_t>(options.bins);
  f.counts.assign(bins * bins, 0);
  f.turnout_precincts.assign(bins, 0);
  f.turnout_ballots.assign(bins, 0);
  f.turnout_leader_votes.assign(bins, 0);
  f.share_precincts.assign(bins, 0);
  f.share_leader_votes.assign(bins, 0);
  f.corner.percent = options.corner_percent;
  return f;
}

// One precinct's figures; registered > 0 and valid > 0, so both ratios are defined.
struct KlimekPrecinct {
  int64_t registered = 0;
  int64_t ballots = 0;
  int64_t valid = 0;
  int64_t leader = 0;
};

// What the model fit reads from the precincts: the histogram at the fit's own (usually coarser)
// resolution, and each precinct's turnout and leader share for estimating the clean peak. Left
// empty when the fit is not run, so a histogram-only request costs no extra memory.
struct KlimekFitInput {
  size_t bins = 1;
  std::vector<int64_t> counts;
  std::vector<double> turnouts;
  std::vector<double> shares;
};

KlimekFitInput EmptyKlimekFitInput(const precincts::PrecinctTable& table,
                                   const KlimekOptions& options) {
  KlimekFitInput input;
  if (options.fit != KlimekModelFit::kYes) {
    return input;
  }
  input.bins = static_cast<size_t>(options.fit_options.bins);
  input.counts.assign(input.bins * input.bins, 0);
  input.turnouts.reserve(table.size());
  input.shares.reserve(table.size());
  return input;
}

// Adds a precinct to the totals, the histogram, its marginals and, when it is there, the corner.
void CountKlimekPrecinct(const KlimekPrecinct& precinct, const KlimekOptions& options,
                         KlimekFingerprint& f) {
  const auto bins = static_cast<size_t>(options.bins);
  const int t = KlimekBin(precinct.ballots, precinct.registered, options.bins);
  const int s = KlimekBin(precinct.leader, precinct.valid, options.bins);
  ++f.precincts_used;
  f.registered += precinct.registered;
  f.ballots += precinct.ballots;
  f.leader_votes += precinct.leader;
  ++f.counts[static_cast<size_t>(t) * bins + static_cast<size_t>(s)];
  ++f.turnout_precincts[static_cast<size_t>(t)];
  f.turnout_ballots[static_cast<size_t>(t)] += precinct.ballots;
  f.turnout_leader_votes[static_cast<size_t>(t)] += precinct.leader;
  ++f.share_precincts[static_cast<size_t>(s)];
  f.share_leader_votes[static_cast<size_t>(s)] += precinct.leader;
  if (AtLeastPercent(precinct.ballots, precinct.registered, options.corner_percent) &&
      AtLeastPercent(precinct.leader, precinct.valid, options.corner_percent)) {
    ++f.corner.precincts;
    f.corner.registered += precinct.registered;
    f.corner.ballots += precinct.ballots;
    f.corner.leader_votes += precinct.leader;
  }
}

void AddKlimekFitPrecinct(const KlimekPrecinct& precinct, const KlimekFitOptions& fit_options,
                          KlimekFitInput& input) {
  const int fit_t = KlimekBin(precinct.ballots, precinct.registered, fit_options.bins);
  const int fit_s = KlimekBin(precinct.leader, precinct.valid, fit_options.bins);
  ++input.counts[static_cast<size_t>(fit_t) * input.bins + static_cast<size_t>(fit_s)];
  input.turnouts.push_back(static_cast<double>(precinct.ballots) /
                           static_cast<double>(precinct.registered));
  input.shares.push_back(static_cast<double>(precinct.leader) /
                         static_cast<double>(precinct.valid));
}

// Counts every precinct whose turnout and leader share are defined into `f` (and into the fit's
// input when the fit is run); the others are only counted as left out.
KlimekFitInput CountKlimekPrecincts(const precincts::PrecinctTable& table,
                                    const KlimekOptions& options, KlimekFingerprint& f) {
  const bool fit = options.fit == KlimekModelFit::kYes;
  KlimekFitInput input = EmptyKlimekFitInput(table, options);
  for (size_t p = 0; p < table.size(); ++p) {
    KlimekPrecinct precinct;
    precinct.registered = table.registered[p];
    precinct.ballots = table.ballots[p];
    precinct.valid = table.valid[p];
    if (precinct.registered <= 0) {
      ++f.without_registered;
      continue;
    }
    if (precinct.valid <= 0) {
      ++f.without_valid;
      continue;
    }
    // precincts::PrecinctTable::Add guarantees ballots <= registered and leader <= valid.
    precinct.leader = table.Votes(p, f.leader_index);
    CountKlimekPrecinct(precinct, options, f);
    if (fit) {
      AddKlimekFitPrecinct(precinct, options.fit_options, input);
    }
  }
  return input;
}

void SetKlimekCornerShares(KlimekFingerprint& f) {
  f.corner.precinct_share = Ratio(f.corner.precincts, f.precincts_used);
  f.corner.registered_share = Ratio(f.corner.registered, f.registered);
  f.corner.ballot_share = Ratio(f.corner.ballots, f.ballots);
  f.corner.leader_vote_share = Ratio(f.corner.leader_votes, f.leader_votes);
}

// Fits the fraud model, draws its expected histogram at the data's resolution (scaled to the
// precincts used, for drawing beside the data) and applies the decision rule.
void FitKlimekFingerprint(const KlimekFitInput& input, const KlimekOptions& options,
                          KlimekFingerprint& f) {
  const KlimekFitOptions& fit_options = options.fit_options;
  const Clock::time_point fit_start = Clock::now();
  const KlimekCleanModel clean =
      EstimateKlimekClean(input.turnouts, input.shares, options.corner_percent / 100.0);
  f.fit = FitKlimekModel(input.counts, clean, fit_options);
  f.fitted = true;
  f.fit_bins = fit_options.bins;
  f.model_precincts = fit_options.model_precincts;
  f.seed = fit_options.seed;
  f.model_counts = KlimekModelHistogram(f.fit.clean, f.fit.fraud, options.bins,
                                        fit_options.model_precincts, fit_options.seed);
  for (double& c : f.model_counts) {
    c *= static_cast<double>(f.precincts_used);
  }
  f.fit_seconds = Seconds(fit_start);
}

}  // namespace

Result<KlimekFingerprint> AnalyzeKlimek(const precincts::PrecinctTable& table,
                                        const KlimekOptions& options) {
  RETURN_IF_ERROR(CheckKlimekOptions(options));
  if (table.choices() == 0) {
    return InvalidArgumentError(
        fmt::format("Klimek fingerprint of {}: the table has no choices, so no leader",
                    table.source.empty() ? "the precinct table" : table.source));
  }

  const Clock::time_point start = Clock::now();
  KlimekFingerprint f = EmptyKlimekFingerprint(table, options);
  const KlimekFitInput fit_input = CountKlimekPrecincts(table, options, f);
  if (f.precincts_used == 0) {
    return InvalidArgumentError(fmt::format(
        "Klimek fingerprint of {}: none of its {} precincts has both registered voters and "
        "valid ballots ({} without registered voters, {} without valid ballots)",
        table.source.empty() ? "the precinct table" : table.source, f.precincts,
        f.without_registered, f.without_valid));
  }
  SetKlimekCornerShares(f);
  f.histogram_seconds = Seconds(start);
  f.minimum_precincts = options.minimum_precincts;
  if (options.fit == KlimekModelFit::kYes) {
    // Too few precincts: the fit would read noise as fraud (docs/forensics-klimek.md), so it is
    // not run, and the report says why.
    f.too_few_precincts = f.precincts_used < options.minimum_precincts;
    if (!f.too_few_precincts) {
      FitKlimekFingerprint(fit_input, options, f);
    }
  }
  ApplyKlimekDecision(options, f);
  return f;
}

std::string KlimekText(const KlimekFingerprint& f) {
  std::string out = fmt::format(
      "Turnout vs leader's share fingerprint (Klimek, Yegorov, Hanel & Thurner, PNAS 2012)\n"
      "Source: {}{}\n"
      "Leader: {} (most votes overall). Precincts: {} used of {} ({} without registered "
      "voters, {} without valid ballots).\n"
      "Turnout = ballots in the boxes / registered voters; leader's share = the leader's votes "
      "/ valid ballots; {} x {} bins.\n\n",
      f.source.empty() ? "(unnamed)" : f.source,
      f.synthetic ? " — SYNTHETIC data, not a real result" : "", f.leader, f.precincts_used,
      f.precincts, f.without_registered, f.without_valid, f.bins, f.bins);
  out += "Leader's share (up) against turnout (across), precincts on a log scale:\n";
  out += TextMap(f);
  out += fmt::format(
      "\nTop-right corner (turnout >= {0} % and leader's share >= {0} %): {1} precincts "
      "({2:.3f} % of precincts), {3:.3f} % of ballots, {4:.3f} % of the leader's votes.\n",
      f.corner.percent, f.corner.precincts, 100 * f.corner.precinct_share,
      100 * f.corner.ballot_share, 100 * f.corner.leader_vote_share);
  if (!f.fitted) {
    out += fmt::format("\n{}\n", KlimekDecisionText(f));
  } else {
    const KlimekFit& fit = f.fit;
    out += fmt::format(
        "\nModel fit ({} x {} bins, {} simulated precincts per try, seed {}):\n"
        "  clean model (main peak, refined by likelihood): turnout ~ N({:.4f}, {:.4f}), "
        "leader's share ~ N({:.4f}, {:.4f})\n"
        "  incremental fraud f_i = {:.4f}  (size x ~ |N(0, {:.3f})|, opposition votes moved "
        "x^{:g})\n"
        "  extreme fraud     f_e = {:.4f}  (size x = 1 - |N(0, {:.3f})|)\n"
        "  deviance G^2 = {:.1f} with fraud, {:.1f} for the clean model alone\n"
        "  precincts in the corner: {} in the data, {:.1f} expected by the fitted model\n",
        f.fit_bins, f.fit_bins, f.model_precincts, f.seed, fit.clean.turnout_mean,
        fit.clean.turnout_sd, fit.clean.share_mean, fit.clean.share_sd, fit.fraud.incremental,
        fit.fraud.theta, fit.fraud.alpha, fit.fraud.extreme, fit.fraud.extreme_sd, fit.deviance,
        fit.deviance_clean, f.corner.precincts, f.model_corner_precincts);
    out += fmt::format(
        "Decision: {}\n(rule: f_i >= {:g}, the threshold for {} precincts, or f_e >= {:g} with at "
        "least {} precincts in the corner; calibrated on clean synthetic elections by size, "
        "docs/forensics-klimek.md)\n",
        KlimekDecisionText(f), f.incremental_threshold, f.precincts_used, f.extreme_threshold,
        f.minimum_corner_precincts);
  }
  out += "\nAssumptions:\n";
  for (std::string_view line : kAssumptions) {
    out += fmt::format("  - {}\n", line);
  }
  out += "What it can and cannot show:\n";
  for (std::string_view line : kLimits) {
    out += fmt::format("  - {}\n", line);
  }
  return out;
}

nlohmann::json KlimekJson(const KlimekFingerprint& f) {
  nlohmann::json j;
  j["test"] = "klimek_fingerprint";
  j["reference"] =
      "Klimek, Yegorov, Hanel & Thurner, Statistical detection of systematic election "
      "irregularities, PNAS 109(41):16469-16473, 2012";
  j["source"] = f.source;
  j["synthetic"] = f.synthetic;
  j["leader"] = f.leader;
  j["leader_index"] = f.leader_index;
  j["precincts"] = f.precincts;
  j["precincts_used"] = f.precincts_used;
  j["without_registered"] = f.without_registered;
  j["without_valid"] = f.without_valid;
  j["registered"] = f.registered;
  j["ballots"] = f.ballots;
  j["leader_votes"] = f.leader_votes;
  j["turnout_definition"] = "ballots in the boxes / registered voters";
  j["share_definition"] = "leader's votes / valid ballots";
  j["bins"] = f.bins;
  j["bin_rule"] = "bin = floor(bins * numerator / denominator), 100 % in the last bin";
  j["counts_layout"] = "counts[t * bins + s]: turnout bin t, leader-share bin s";
  j["counts"] = f.counts;
  j["turnout_marginal"] = {{"precincts", f.turnout_precincts},
                           {"ballots", f.turnout_ballots},
                           {"leader_votes", f.turnout_leader_votes}};
  j["share_marginal"] = {{"precincts", f.share_precincts}, {"leader_votes", f.share_leader_votes}};
  j["corner"] = {{"percent", f.corner.percent},
                 {"precincts", f.corner.precincts},
                 {"registered", f.corner.registered},
                 {"ballots", f.corner.ballots},
                 {"leader_votes", f.corner.leader_votes},
                 {"precinct_share", f.corner.precinct_share},
                 {"registered_share", f.corner.registered_share},
                 {"ballot_share", f.corner.ballot_share},
                 {"leader_vote_share", f.corner.leader_vote_share}};
  j["fitted"] = f.fitted;
  if (f.fitted) {
    const KlimekFit& fit = f.fit;
    j["fit"] = {
        {"criterion", "binned maximum likelihood (minimum deviance G^2)"},
        {"bins", f.fit_bins},
        {"model_precincts", f.model_precincts},
        {"seed", f.seed},
        {"clean",
         {{"turnout_mean", fit.clean.turnout_mean},
          {"turnout_sd", fit.clean.turnout_sd},
          {"share_mean", fit.clean.share_mean},
          {"share_sd", fit.clean.share_sd}}},
        {"incremental", fit.fraud.incremental},
        {"extreme", fit.fraud.extreme},
        {"theta", fit.fraud.theta},
        {"alpha", fit.fraud.alpha},
        {"extreme_sd", fit.fraud.extreme_sd},
        {"precincts", fit.precincts},
        {"log_likelihood", fit.log_likelihood},
        {"deviance", fit.deviance},
        {"deviance_clean", fit.deviance_clean},
        {"evaluations", fit.evaluations},
    };
    j["model_counts"] = f.model_counts;
    j["model_corner_precincts"] = f.model_corner_precincts;
  }
  j["minimum_precincts"] = f.minimum_precincts;
  j["too_few_precincts"] = f.too_few_precincts;
  j["decision"] = {{"flagged", f.flagged},
                   {"flagged_incremental", f.flagged_incremental},
                   {"flagged_extreme", f.flagged_extreme},
                   {"incremental_threshold", f.incremental_threshold},
                   {"extreme_threshold", f.extreme_threshold},
                   {"minimum_corner_precincts", f.minimum_corner_precincts},
                   {"text", KlimekDecisionText(f)},
                   {"rule",
                    "not fitted (never flagged) below minimum_precincts; flagged when f_i >= "
                    "incremental_threshold (set by the number of precincts), or when f_e >= "
                    "extreme_threshold and the corner holds at least minimum_corner_precincts"}};
  j["assumptions"] = nlohmann::json::array();
  for (std::string_view line : kAssumptions) {
    j["assumptions"].push_back(line);
  }
  j["limits"] = nlohmann::json::array();
  for (std::string_view line : kLimits) {
    j["limits"].push_back(line);
  }
  j["reading_guide"] = kKlimekReadingGuide;
  j["seconds"] = {{"histogram", f.histogram_seconds}, {"fit", f.fit_seconds}};
  return j;
}

}  // namespace esep::fingerprints
