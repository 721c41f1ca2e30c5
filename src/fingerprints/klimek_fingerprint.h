// The election fingerprint of Klimek, Yegorov, Hanel & Thurner, PNAS 109(41), 2012
// (docs/forensics-klimek.md): the two-dimensional histogram of precinct turnout against the
// leader's share, its marginals, the share of precincts and voters in the top-right corner (the
// signature of extreme fraud), and the fitted incremental (f_i) and extreme (f_e) fraud
// parameters of the authors' model (fingerprints/klimek_model.h), with a calibrated decision rule.
// Bins are assigned by exact integer arithmetic. Pure functions apart from the timings they
// record; thread-safe.
//
// Example:
//   ASSIGN_OR_RETURN(KlimekFingerprint f, AnalyzeKlimek(table, KlimekOptions{}));
//   std::cout << KlimekText(f);

#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.h"
#include "fingerprints/klimek_model.h"
#include "precincts/precinct_table.h"

namespace esep::fingerprints {

// The decision rule (docs/forensics-klimek.md, "Decision rule"). The model's clean part is one
// normal cloud; real and synthetic clean elections are several clouds (regions), which the model
// can only read as incremental fraud, and small elections fit noise. So every threshold was
// measured on clean synthetic elections, by size, and set so that they are flagged at most at the
// suite's nominal level (1 %) from 20 to 100,000 precincts.
//
// Below this many precincts the fit is not run (the histogram and the corner still are): its
// f_i on clean elections then ranges over most of [0, 1] (up to 1.00 at 200 precincts).
inline constexpr int64_t kKlimekMinimumPrecincts = 500;
// Extreme fraud is flagged only when f_e reaches this and the top-right corner holds at least
// kKlimekMinimumCornerPrecincts precincts: a statement about the corner needs precincts there.
inline constexpr double kKlimekExtremeThreshold = 0.002;
inline constexpr int64_t kKlimekMinimumCornerPrecincts = 10;

// The f_i threshold depends on the election's size: KlimekIncrementalThreshold
// (fingerprints/klimek_decision.h).

// How to read the fingerprint's figure (its JSON's "reading_guide", the HTML report's caption):
// what is drawn, nothing more.
inline constexpr std::string_view kKlimekReadingGuide =
    "Each cell is one bin of turnout (across) and of the leader's share of the valid votes (up); "
    "its colour, on a logarithmic scale, is the number of precincts in it, and empty cells are "
    "white.";

enum class KlimekModelFit { kNo, kYes };

struct KlimekOptions {
  int bins = 100;           // B: the histogram has B x B bins over [0, 1]^2; 1 to 1000
  int corner_percent = 95;  // the corner is turnout >= and leader share >= this percent; 1..100
  KlimekModelFit fit = KlimekModelFit::kYes;
  KlimekFitOptions fit_options;  // the fit's own resolution, model size, seed and grids
  // The fit is not run on fewer precincts used (the report says so); at least 1.
  int64_t minimum_precincts = kKlimekMinimumPrecincts;
  // Flag when f_i >= this; 0 (the default) takes KlimekIncrementalThreshold(precincts used).
  double incremental_threshold = 0;
  // Or when f_e >= extreme_threshold and the corner holds at least minimum_corner_precincts.
  double extreme_threshold = kKlimekExtremeThreshold;
  int64_t minimum_corner_precincts = kKlimekMinimumCornerPrecincts;
};

// The bin of numerator / denominator among `bins` equal bins of [0, 1]: floor(bins *
// numerator / denominator), and bins - 1 when numerator == denominator (100 % is in the last
// bin). Exact integer arithmetic. REQUIRES: 0 <= numerator <= denominator, denominator > 0,
// bins >= 1.
int KlimekBin(int64_t numerator, int64_t denominator, int bins);

// The precincts in the top-right corner: turnout >= p % and leader share >= p %, decided as
// 100 * ballots >= p * registered and 100 * leader votes >= p * valid (exact).
struct KlimekCorner {
  int percent = 95;
  int64_t precincts = 0;
  int64_t registered = 0;
  int64_t ballots = 0;
  int64_t leader_votes = 0;
  double precinct_share = 0;     // of the precincts used
  double registered_share = 0;   // of their registered voters
  double ballot_share = 0;       // of their ballots
  double leader_vote_share = 0;  // of the leader's votes in them
};

struct KlimekFingerprint {
  std::string source;  // precincts::PrecinctTable::source
  bool synthetic = false;
  std::string leader;  // the choice with the most votes overall
  size_t leader_index = 0;

  int64_t precincts = 0;           // in the table
  int64_t precincts_used = 0;      // with registered > 0 and valid > 0
  int64_t without_registered = 0;  // left out: no registered voters (turnout undefined)
  int64_t without_valid = 0;       // left out: no valid ballots (leader share undefined)
  int64_t registered = 0;          // totals over the precincts used
  int64_t ballots = 0;
  int64_t leader_votes = 0;

  // The histogram: counts[t * bins + s] precincts with turnout bin t and leader-share bin s.
  int bins = 0;
  std::vector<int64_t> counts;
  // Marginals over the turnout bins: precincts, their ballots and the leader's votes there
  // (the voter-weighted view: how many of the leader's votes come from high-turnout precincts).
  std::vector<int64_t> turnout_precincts;
  std::vector<int64_t> turnout_ballots;
  std::vector<int64_t> turnout_leader_votes;
  // Marginals over the leader-share bins.
  std::vector<int64_t> share_precincts;
  std::vector<int64_t> share_leader_votes;

  KlimekCorner corner;

  // Why the fit was not run: it was not asked for (KlimekModelFit::kNo), or the precincts used
  // are fewer than minimum_precincts. With either, the fields below are empty.
  bool fitted = false;
  bool too_few_precincts = false;
  int64_t minimum_precincts = 0;
  KlimekFit fit;
  int fit_bins = 0;
  int64_t model_precincts = 0;
  uint64_t seed = 0;
  // The fitted model's expected counts at bins x bins (turnout-major), scaled to
  // precincts_used, for drawing beside the data.
  std::vector<double> model_counts;

  // The fitted model's expected precincts in the corner (its cells at or above the corner's
  // percent on both axes), to set beside corner.precincts.
  double model_corner_precincts = 0;

  double incremental_threshold = 0;  // the one applied (by size unless the options set one)
  double extreme_threshold = 0;
  int64_t minimum_corner_precincts = 0;
  bool flagged_incremental = false;  // fitted and f_i >= incremental_threshold
  // fitted, f_e >= extreme_threshold and corner.precincts >= minimum_corner_precincts
  bool flagged_extreme = false;
  bool flagged = false;  // flagged_incremental or flagged_extreme

  double histogram_seconds = 0;  // building the histograms and marginals (volatile)
  double fit_seconds = 0;        // estimating the clean model, fitting, the model histogram
};

// The fingerprint of `table` for its leader (precincts::PrecinctTable::Leader). Turnout is ballots
// in the boxes / registered voters; the leader's share is the leader's votes / valid ballots.
// Below options.minimum_precincts precincts used the fit is not run (too_few_precincts).
// kInvalidArgument for options out of range (bins, corner percent, the decision's minimum sizes
// and thresholds, fit bins, model precincts, empty grids, a theta outside (0, 1] or an alpha
// outside (0, 100]), a table without choices, or no precinct with both registered voters and
// valid ballots.
Result<KlimekFingerprint> AnalyzeKlimek(const precincts::PrecinctTable& table,
                                        const KlimekOptions& options);

// A plain-text report: the figures, a coarse character map of the histogram, the fit, the
// decision with its rule, and what the fingerprint can and cannot show.
std::string KlimekText(const KlimekFingerprint& fingerprint);

// Every number (histograms, marginals, corner, fit, model histogram, thresholds, timings) as
// JSON, with the assumptions and a reading guide for the figure.
nlohmann::json KlimekJson(const KlimekFingerprint& fingerprint);

}  // namespace esep::fingerprints
