#include "fingerprints/method_presets.h"

#include <array>
#include <string>

#include <fmt/format.h>

namespace esep::fingerprints {

namespace {

// Kobak, Shpilkin & Pshenichnikov 2016 (docs/reproducing-published-analyses.md): turnout =
// ballots issued / voters on the list, share = leader / (valid + invalid); one set of stations
// for both measures (ballots in the share's base > 0, at least 100 voters on the list, turnout
// and share at most 99 %); windows of ±0.05 points decided as the authors' code decides them
// (in doubles); a simulated 0 % or 100 % counts as whole; the share's null drawn on the observed
// valid + invalid, independently of the turnout's (dkobak/elections, analysis/2024/2024.ipynb,
// anomaly(), commit 94582207); the "either" count reported.
void ApplyKobak2016(PrecinctSuiteOptions& options) {
  IntegerPercentagesOptions& o = options.integer_percentages;
  o.turnout_numerator = TurnoutNumerator::kIssued;
  o.leader_base = LeaderBase::kValidAndInvalid;
  o.inclusion = Inclusion::kJoint;
  o.min_base = 100;
  o.max_percent = 99;
  o.window_numerator = 1;
  o.window_denominator = 20;
  o.window_edges = WindowEdges::kFloat64;  // the notebook's |p - round(p)| <= 0.1/2 in doubles
  o.null_edges = NullEdges::kCounted;
  o.share_null = ShareNull::kObservedBase;  // Bin(valid + invalid, s), independent of turnout
  o.preset = "kobak2016";
}

constexpr std::array<MethodPreset, 3> kPresets = {{
    {"kobak2016", "Kobak, Shpilkin & Pshenichnikov, Annals of Applied Statistics 10(1):54-73, 2016",
     "integer percentages as published: turnout of ballots issued, share of valid + invalid, "
     "joint inclusion, ±0.05-point windows and the null as the authors' code computes them, the "
     "'either' count",
     &ApplyKobak2016},
    {"eftoolkit", "Kalinin, EFToolkit (R package), BasicElectionForensics",
     "only EFToolkit's BasicElectionForensics table, per unit of --by (national, region or "
     "group)",
     nullptr},
    {"klimek2012",
     "Klimek, Yegorov, Hanel & Thurner, PNAS 109(41):16469-16473, 2012 (the authors' program as "
     "ported to R in EFToolkit, ComputeKlimekModel)",
     "only the published fraud-model fit, as the authors' program computes it, per unit of --by",
     nullptr},
}};

}  // namespace

std::span<const MethodPreset> MethodPresets() { return kPresets; }

Result<const MethodPreset*> FindMethodPreset(std::string_view name) {
  std::string names;
  for (const MethodPreset& preset : kPresets) {
    if (preset.name == name) {
      return &preset;
    }
    names += fmt::format("{}{}", names.empty() ? "" : ", ", preset.name);
  }
  return InvalidArgumentError(
      fmt::format("--method-preset: no preset named '{}' (presets: {})", name, names));
}

}  // namespace esep::fingerprints
