// The integer-percentage fingerprint (Kobak, Shpilkin & Pshenichnikov, "Integer percentages as
// electoral falsification fingerprints", Annals of Applied Statistics 10(1):54-73, 2016;
// docs/forensics-integer-digits.md): how many precincts report a turnout or a leader's share
// that lies in a narrow window around a whole percentage, against the count expected when each
// precinct's figure varies binomially around its own observed rate. Every definition is data
// (IntegerPercentagesOptions): the turnout's numerator, the share's denominator, which precincts
// enter, the window's width and edges, and whether 0 % and 100 % count under the null; the
// "kobak2016" preset (fingerprints/method_presets.h) sets the published analysis's.
//
// Window membership is decided with exact integer arithmetic; the expected count is an exact sum
// of binomial probabilities (double precision, log-factorials; terms beyond 8 standard deviations
// + 10 of the mean dropped), not a simulation; so is the joint "either" count. Pure functions;
// thread-safe.
//
// Example:
//   ASSIGN_OR_RETURN(IntegerPercentages result, TestIntegerPercentages(table, {}));
//   fmt::print("{}", IntegerPercentagesText(result));

#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.h"
#include "precincts/precinct_table.h"

namespace esep::fingerprints {

// The denominator of the leader's share: the ballots found in the boxes (esep's default and
// `esep generate --inject round=`'s), the valid ballots, valid + invalid (the published analysis
// of Kobak et al. 2016: equal to the ballots found wherever the protocol's control ratio holds),
// or the ballots issued.
enum class LeaderBase { kBallots, kValid, kValidAndInvalid, kIssued };

// The numerator of the turnout (over voters on the list): ballots found in the boxes (default),
// or ballots issued to voters (the Russian CEC's turnout and Kobak et al. 2016's).
enum class TurnoutNumerator { kBallots, kIssued };

// A window [m - w, m + w) (half-open, default) or [m - w, m + w] (closed: a value exactly w from
// m counts as m, decided exactly in integers). kFloat64 is the published code's own test,
// |p - round(p)| <= w with p = 100 k / n in IEEE doubles (dkobak/elections, anomaly()): closed,
// except that a value exactly on an edge is in or out by how the double rounds, which depends
// only on m and the side (for w = 0.05: the lower edge is out for m in {1, 2, 9..32}, the upper
// for m in {1, 8..31}; 27.05 % is not whole, 50.05 % is).
enum class WindowEdges { kHalfOpen, kClosed, kFloat64 };

// Which precincts enter. kPerMeasure (default): each measure separately, when its own denominator
// is at least min_base and its percentage strictly between 0 and 100. kJoint (the published
// analysis): one set for both measures and "either": the share's denominator above 0, voters on
// the list at least min_base, and turnout and share each at most max_percent.
enum class Inclusion { kPerMeasure, kJoint };

// Whether the null counts a simulated 0 % or 100 % as a whole percentage (kCounted, the published
// simulation), or restricts each binomial to 1 .. n - 1 (kExcluded, default, matching the
// per-measure inclusion rule).
enum class NullEdges { kExcluded, kCounted };

// kJoint only: the share's null. kSimulatedTurnout (default): given the simulated turnout count
// T' = i, the leader's votes ~ Binomial(i, s), so turnout and share are dependent and "either"
// sums over i. kObservedBase (the authors' code, dkobak/elections analysis/2024/2024.ipynb,
// anomaly()): the leader's votes ~ Binomial(D, s) with D the observed share denominator, drawn
// independently of the turnout, so P(either) = Pt + Ps - Pt Ps exactly.
enum class ShareNull { kSimulatedTurnout, kObservedBase };

// The names used on the command line and in JSON: "ballots", "valid", "valid+invalid", "issued";
// "ballots", "issued"; "half-open", "closed", "float64"; "per-measure", "joint"; "excluded",
// "counted"; "simulated-turnout", "observed-base".
std::string_view LeaderBaseName(LeaderBase base);
std::string_view TurnoutNumeratorName(TurnoutNumerator numerator);
std::string_view WindowEdgesName(WindowEdges edges);
std::string_view InclusionName(Inclusion inclusion);
std::string_view NullEdgesName(NullEdges edges);
std::string_view ShareNullName(ShareNull share_null);

struct IntegerPercentagesOptions {
  // The window around each whole percentage m is [m - w, m + w) percentage points (half-open;
  // window_edges = kClosed: [m - w, m + w]), with w = window_numerator / window_denominator;
  // w = 0 means "exactly m %". Default 1/20 =
  // 0.05 points: the bin of a 0.1 %-wide histogram centred on the integer. REQUIRES (checked):
  // 0 <= 2 * window_numerator <= window_denominator (windows do not overlap),
  // 1 <= window_denominator <= 1,000,000.
  int64_t window_numerator = 1;
  int64_t window_denominator = 20;
  // kPerMeasure: a precinct enters a measure only when the measure's denominator (voters on the
  // list for turnout, the leader's base for the share) is at least this; in small precincts
  // whole percentages are common by arithmetic alone and carry no signal. Precincts whose figure
  // is exactly 0 % or 100 % are excluded too (they are whole whatever the size). kJoint: the
  // voters on the list must be at least this.
  int64_t min_base = 100;
  LeaderBase leader_base = LeaderBase::kBallots;
  TurnoutNumerator turnout_numerator = TurnoutNumerator::kBallots;
  // kClosed and kFloat64 REQUIRE (checked) 2 W < D.
  WindowEdges window_edges = WindowEdges::kHalfOpen;
  Inclusion inclusion = Inclusion::kPerMeasure;
  // kJoint only: a precinct enters when 100 × part <= max_percent × base for both measures.
  // REQUIRES (checked): 1 <= max_percent <= 100.
  int64_t max_percent = 100;
  NullEdges null_edges = NullEdges::kExcluded;
  ShareNull share_null = ShareNull::kSimulatedTurnout;
  // The preset these options came from ("" for esep's defaults), for the reports.
  std::string preset;
  // Each measure is flagged when its p-value is below alpha / M, M the measures reported (2:
  // turnout and the leader's share; 3 with "either" under kJoint), Bonferroni, so the statistic
  // as a whole flags a clean election with probability at most alpha.
  double alpha = 0.01;
  // The p-value is the exact Poisson-binomial tail (dynamic programming, O(N^2)) when at most
  // this many precincts are included, the normal approximation with continuity correction above.
  int64_t exact_p_value_max_precincts = 2000;
};

// Settings given one by one (the command line's --integer-* flags): each that is set replaces
// the default's or the preset's.
struct IntegerPercentagesSettings {
  std::optional<int64_t> min_base;
  std::optional<int64_t> window_numerator;
  std::optional<int64_t> window_denominator;
  std::optional<WindowEdges> window_edges;
  std::optional<TurnoutNumerator> turnout_numerator;
  std::optional<LeaderBase> leader_base;
  std::optional<Inclusion> inclusion;
  std::optional<int64_t> max_percent;
  std::optional<NullEdges> null_edges;
  std::optional<ShareNull> share_null;

  void ApplyTo(IntegerPercentagesOptions& options) const;
};

// One measure (turnout, the leader's share, or either) of the test.
struct IntegerPercentagesMeasure {
  std::string name;         // "turnout", "leader share" or "either"
  std::string numerator;    // e.g. "ballots"
  std::string denominator;  // e.g. "registered"
  int64_t precincts = 0;    // in the table
  int64_t included = 0;
  int64_t excluded_small = 0;        // denominator (kJoint: voters on the list) below min_base
  int64_t excluded_zero_or_all = 0;  // kPerMeasure: exactly 0 % or 100 %, or above 100 %
  int64_t excluded_zero_base = 0;    // kJoint: the share's denominator is 0
  int64_t excluded_above_max = 0;    // kJoint: turnout or share above max_percent
  int64_t observed = 0;              // included precincts inside an integer window
  double expected = 0;               // sum over included precincts of P(inside a window)
  double variance = 0;               // sum of P (1 - P)
  double standard_deviation = 0;
  double excess = 0;   // observed - expected
  double z = 0;        // (observed - expected) / standard_deviation (0 when the variance is 0)
  double p_value = 1;  // P(count >= observed) under the null, one-sided
  bool exact_p_value = false;  // true: Poisson-binomial DP; false: normal approximation
  bool flagged = false;        // p_value < alpha / 2
  // Per whole percentage m = 0..100: included precincts inside m's window, the expected count
  // and its variance (for the figure's band: expected ± 2 sd).
  std::array<int64_t, 101> observed_at{};
  std::array<double, 101> expected_at{};
  std::array<double, 101> variance_at{};
  // Observed histogram at 0.1 % resolution: bin j (0..1000) counts the included precincts with
  // j/10 - 0.05 <= percentage < j/10 + 0.05, decided exactly.
  std::vector<int64_t> observed_per_mille_bins;
};

struct IntegerPercentages {
  IntegerPercentagesOptions options;
  std::string source;
  bool synthetic = false;
  std::string leader;  // the choice name of the table's leader
  IntegerPercentagesMeasure turnout;
  IntegerPercentagesMeasure leader_share;
  // Precincts whose turnout or share (or both) lies in a window: the paper's headline count,
  // with its exact expectation under the joint null (docs/forensics-integer-digits.md). Only
  // under Inclusion::kJoint, where both measures have the same precincts.
  std::optional<IntegerPercentagesMeasure> either;
  bool flagged = false;  // any measure flagged
  // The number of measures reported (2, or 3 with either): each flags below alpha / measures.
  int Measures() const { return either.has_value() ? 3 : 2; }
};

// IntegerWindowOf with the edge convention: kClosed counts a value exactly w from m as m.
// REQUIRES: as IntegerWindowOf, and 2 W < D when closed.
int IntegerWindowOf(int64_t k, int64_t n, int64_t window_numerator, int64_t window_denominator,
                    WindowEdges edges);

// The probability that Binomial(n, p) lands in [1, n - 1] and in one of the windows
// [m - w, m + w) % (m = 0..100, w = window_numerator / window_denominator; w = 0: exactly m %),
// and the same split by m into `per_integer` when it is not null (101 entries, added to).
// Terms beyond 8 standard deviations + 10 of the mean are dropped (together far below 1e-12).
// REQUIRES: n >= 2, 0 < p < 1, options' window valid.
double IntegerWindowProbability(int64_t n, double p, int64_t window_numerator,
                                int64_t window_denominator, double* per_integer = nullptr);

// The whole percentage m whose window holds k/n, or -1. Exact integer arithmetic.
// REQUIRES: 0 <= k <= n, 1 <= n <= 1e9, window valid.
int IntegerWindowOf(int64_t k, int64_t n, int64_t window_numerator, int64_t window_denominator);

// P(at least k of independent events with probabilities p happen), exact DP over doubles.
double PoissonBinomialUpperTail(const std::vector<double>& p, int64_t k);

// The test on `table` (turnout = options.turnout_numerator / registered; leader's share = the
// leader's votes / options.leader_base). kInvalidArgument names the option and the rule when an
// option is out of range, or the precinct when a denominator exceeds 1e9; kFailedPrecondition
// names the figure and the mapping key when a definition needs a figure the table lacks (ballots
// issued, invalid ballots).
Result<IntegerPercentages> TestIntegerPercentages(const precincts::PrecinctTable& table,
                                                  const IntegerPercentagesOptions& options);

// OK when TestIntegerPercentages accepts `options`; else the kInvalidArgument it would return,
// so that a front door can refuse bad settings before it reads any data.
Status CheckIntegerPercentagesOptions(const IntegerPercentagesOptions& options);

// How the measure's p-value was computed: "exact Poisson-binomial" or "normal approximation".
std::string_view PValueMethod(const IntegerPercentagesMeasure& measure);

// A plain-language report: numbers, assumptions and what the test can and cannot show.
std::string IntegerPercentagesText(const IntegerPercentages& result);
// Every number, for the JSON report and the HTML figure.
nlohmann::json IntegerPercentagesJson(const IntegerPercentages& result);

}  // namespace esep::fingerprints
