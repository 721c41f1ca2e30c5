#include "fingerprints/klimek_decision.h"

#include <array>

#include <fmt/format.h>

#include "base/text.h"

namespace esep::fingerprints {

namespace {

// The f_i threshold from this many precincts up (docs/forensics-klimek.md, "Decision rule":
// each is above the largest f_i of the clean synthetic elections of the sizes it covers).
struct ThresholdStep {
  int64_t precincts;
  double incremental;
};

constexpr std::array<ThresholdStep, 4> kIncrementalSteps = {{
    {kKlimekMinimumPrecincts, 0.90},
    {1'000, 0.65},
    {5'000, 0.50},
    {20'000, 0.45},
}};

std::string Percent(double fraction) { return fmt::format("{:.2f} %", 100 * fraction); }

// Why the fit was not run, or "" when it was or was not asked for.
std::string NotFittedText(const KlimekFingerprint& f) {
  if (!f.too_few_precincts) {
    return "Model fit: not run.";
  }
  return fmt::format(
      "Model fit: not run: {} precincts used, fewer than the {} the fit needs (on clean "
      "synthetic elections of this size it reads noise as fraud; docs/forensics-klimek.md). "
      "Not flagged.",
      f.precincts_used, f.minimum_precincts);
}

std::string ExtremeText(const KlimekFingerprint& f) {
  return fmt::format(
      " {} precincts ({}) report turnout and a leader's share both at or above {} %; the model "
      "puts them down to extreme fraud in f_e = {:.4f} of the precincts (flagged from f_e {:g} "
      "with at least {} precincts there).",
      f.corner.precincts, Percent(f.corner.precinct_share), f.corner.percent, f.fit.fraud.extreme,
      f.extreme_threshold, f.minimum_corner_precincts);
}

// Why the corner did not flag: too few precincts there for any statement, or too small an f_e.
std::string ExtremeNote(const KlimekFingerprint& f) {
  if (f.corner.precincts < f.minimum_corner_precincts) {
    return fmt::format(
        " Extreme: {} precinct(s) at or above {} % turnout and leader's share, fewer than the {} "
        "a statement about extreme fraud needs.",
        f.corner.precincts, f.corner.percent, f.minimum_corner_precincts);
  }
  return fmt::format(
      " Extreme: {} precincts at or above {} % turnout and leader's share, but f_e = {:.4f} "
      "(below {:g}): the fitted model expects {:.1f} precincts there.",
      f.corner.precincts, f.corner.percent, f.fit.fraud.extreme, f.extreme_threshold,
      f.model_corner_precincts);
}

std::string IncrementalText(const KlimekFingerprint& f) {
  return fmt::format(
      " The precincts spread from the main cloud toward high turnout and a high leader's share "
      "more than in clean synthetic elections of this size: the model reads it as incremental "
      "fraud in f_i = {:.3f} of the precincts (threshold {:g} for {} precincts).",
      f.fit.fraud.incremental, f.incremental_threshold, f.precincts_used);
}

}  // namespace

double KlimekIncrementalThreshold(int64_t precincts) {
  double threshold = 1;
  for (const ThresholdStep& step : kIncrementalSteps) {
    if (precincts >= step.precincts) {
      threshold = step.incremental;
    }
  }
  return threshold;
}

double KlimekModelCornerPrecincts(const KlimekFingerprint& f) {
  const auto bins = static_cast<size_t>(f.bins);
  if (f.model_counts.size() != bins * bins) {
    return 0;
  }
  double expected = 0;
  const int64_t corner_edge = static_cast<int64_t>(f.corner.percent) * f.bins;
  for (size_t t = 0; t < bins; ++t) {
    for (size_t s = 0; s < bins; ++s) {
      // The cell's lower edges t / bins and s / bins at or above percent / 100, exactly.
      const bool corner = static_cast<int64_t>(t) * 100 >= corner_edge &&
                          static_cast<int64_t>(s) * 100 >= corner_edge;
      expected += corner ? f.model_counts[t * bins + s] : 0.0;
    }
  }
  return expected;
}

void ApplyKlimekDecision(const KlimekOptions& options, KlimekFingerprint& f) {
  f.incremental_threshold = options.incremental_threshold > 0
                                ? options.incremental_threshold
                                : KlimekIncrementalThreshold(f.precincts_used);
  f.extreme_threshold = options.extreme_threshold;
  f.minimum_corner_precincts = options.minimum_corner_precincts;
  f.model_corner_precincts = KlimekModelCornerPrecincts(f);
  f.flagged_incremental = f.fitted && f.fit.fraud.incremental >= f.incremental_threshold;
  f.flagged_extreme = f.fitted && f.fit.fraud.extreme >= f.extreme_threshold &&
                      f.corner.precincts >= f.minimum_corner_precincts;
  f.flagged = f.flagged_incremental || f.flagged_extreme;
}

std::string KlimekDecisionText(const KlimekFingerprint& f) {
  if (!f.fitted) {
    return NotFittedText(f);
  }
  // What flagged comes first, then the figures that did not.
  std::string out = f.flagged ? "FLAGGED — look closer." : "Not flagged.";
  std::string notes;
  if (f.flagged_extreme) {
    out += ExtremeText(f);
  } else {
    notes += ExtremeNote(f);
  }
  if (f.flagged_incremental) {
    out += IncrementalText(f);
  } else {
    notes += fmt::format(
        " Incremental: f_i = {:.3f}, below the {:g} that clean synthetic elections of this size "
        "({} precincts) stay under.",
        f.fit.fraud.incremental, f.incremental_threshold,
        GroupThousands(static_cast<int64_t>(f.precincts_used)));
  }
  return out + notes;
}

}  // namespace esep::fingerprints
