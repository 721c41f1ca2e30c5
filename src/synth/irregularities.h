// Irregularities injected into a synthetic election, for testing the forensics and the
// reconciliation against a known answer: ballot stuffing, vote transfer, turnout inflation,
// protocols that break a control ratio, figures fabricated to round percentages, and summary
// protocols that differ from the sum of their children. Every altered protocol is recorded in
// the ground truth (docs/formats/ground-truth.md) with each figure before and after.
//
// Deterministic: the same options, precinct count and seed alter the same protocols in the same
// way. Not thread-safe; one Injector per generation.

#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "protocol/protocol.h"
#include "synth/random.h"

namespace esep::synth {

// kExtreme and kIncremental are the two kinds of fraud of the model of Klimek, Yegorov, Hanel &
// Thurner (PNAS 109(41), 2012; docs/forensics-klimek.md): a fraction x of the precinct's
// non-voters stuffed for the leader and the same fraction x of the other lists' votes moved to
// the leader (the model's alpha = 1), with x = 1 - |N(0, 0.075)| (extreme: the precinct lands
// near 100 % turnout and 100 % for the leader) or x = |N(0, 0.25)| below 1 (incremental). They
// come last so that the precincts chosen for the older kinds do not change.
enum class IrregularityKind {
  kStuffing,
  kTransfer,
  kTurnout,
  kRatios,
  kRound,
  kSummary,
  kExtreme,
  kIncremental
};
inline constexpr size_t kIrregularityKinds = 8;

// The scale of the fraud sizes x of kExtreme (x = 1 - |N(0, scale)|, the authors' value) and
// kIncremental (x = |N(0, scale)|, redrawn until below 1).
inline constexpr double kExtremeFraudScale = 0.075;
inline constexpr double kIncrementalFraudScale = 0.25;

// "stuffing", "transfer", "turnout", "ratios", "round", "summary", "extreme", "incremental": the
// names --inject takes.
std::string_view IrregularityName(IrregularityKind kind);

// How many protocols of each kind to alter, as exact fractions in parts per billion (of the
// precincts for every kind but kSummary, of the summary protocols for kSummary).
struct InjectOptions {
  std::array<int64_t, kIrregularityKinds> parts_per_billion{};

  bool any() const;
  // round(fraction × total), half up.
  int64_t Count(IrregularityKind kind, int64_t total) const;
  // The spec in canonical form, "stuffing=0.02,round=0.005" (kinds in enum order, zeros left
  // out); "" when none.
  std::string ToSpec() const;
};

// Parses --inject: comma-separated KIND=FRACTION, e.g. "stuffing=0.02,transfer=0.01". A
// fraction is a decimal from 0 to 1 with at most 9 decimals. kInvalidArgument, naming --inject,
// the item and the rule, for an unknown or repeated kind, a missing '=', a malformed or
// out-of-range fraction, or precinct kinds that add up to more than 1 (each precinct gets at
// most one irregularity).
Result<InjectOptions> ParseInjectSpec(std::string_view spec);

// A decimal fraction from 0 to 1 with at most 9 decimals ("0.05") in parts per billion, exactly;
// kInvalidArgument saying what is wrong with it (the caller names the flag). And back, as the
// shortest decimal.
Result<int64_t> ParsePartsPerBillion(std::string_view text);
std::string FormatPartsPerBillion(int64_t parts);

// The ground truth: one CSV row per altered protocol (docs/formats/ground-truth.md).
class GroundTruth {
 public:
  GroundTruth();

  // Records that `after` (the protocol as written) was `before` until altered by `kind`.
  // `size`: ballots added, votes moved, or how far the broken ratio's sides are apart; `ratio`
  // the broken ratio's id or ""; the percents are -1 when not fabricated.
  void Record(const protocol::Protocol& before, const protocol::Protocol& after,
              IrregularityKind kind, int64_t size, std::string_view ratio, int turnout_percent,
              int leader_percent);

  const std::string& csv() const { return csv_; }
  int64_t protocols(IrregularityKind kind) const { return counts_[static_cast<size_t>(kind)]; }
  int64_t protocols() const;

 private:
  std::string csv_;
  std::array<int64_t, kIrregularityKinds> counts_{};
};

class Injector {
 public:
  // Chooses which of `precincts` precincts get which irregularity, reproducibly from `seed`,
  // in the order stuffing, transfer, turnout, ratios, round, extreme, incremental (each as far as
  // precincts remain).
  Injector(const InjectOptions& options, int64_t precincts, uint64_t seed);

  // Alters the protocols of precinct `index` (0-based, in file order) when it was chosen, and
  // records every protocol it altered in `truth`. `district` may be null (a precinct without
  // a district contest). Call once per precinct, in order. A chosen precinct whose figures
  // leave no room for the irregularity (no ballots to add, no votes to move) is left as it is
  // and not recorded.
  void ApplyToPrecinct(int64_t index, protocol::Protocol& list, protocol::Protocol* district,
                       GroundTruth& truth);

  // Alters the chosen share of `summaries` (the higher commissions' own protocols, after the
  // precincts) so that they no longer equal the sum of their children, and records them.
  void ApplyToSummaries(std::vector<protocol::Protocol>& summaries, GroundTruth& truth);

  // The irregularity chosen for precinct `index` (0-based, in file order), if any.
  std::optional<IrregularityKind> ChosenKind(int64_t index) const;

 private:
  InjectOptions options_;
  std::vector<uint8_t> chosen_;  // per precinct: 1 + the kind, or 0
  Random random_;
};

}  // namespace esep::synth
