#include "fingerprints/integer_percentages.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include <fmt/format.h>

#include "fingerprints/internal/integer_windows.h"

namespace esep::fingerprints {

std::string_view LeaderBaseName(LeaderBase base) {
  switch (base) {
    case LeaderBase::kBallots:
      return "ballots";
    case LeaderBase::kValid:
      return "valid";
    case LeaderBase::kValidAndInvalid:
      return "valid+invalid";
    case LeaderBase::kIssued:
      return "issued";
  }
  return "?";
}

std::string_view TurnoutNumeratorName(TurnoutNumerator numerator) {
  return numerator == TurnoutNumerator::kIssued ? "issued" : "ballots";
}

std::string_view WindowEdgesName(WindowEdges edges) {
  switch (edges) {
    case WindowEdges::kClosed:
      return "closed";
    case WindowEdges::kFloat64:
      return "float64";
    case WindowEdges::kHalfOpen:
      break;
  }
  return "half-open";
}

std::string_view InclusionName(Inclusion inclusion) {
  return inclusion == Inclusion::kJoint ? "joint" : "per-measure";
}

std::string_view NullEdgesName(NullEdges edges) {
  return edges == NullEdges::kCounted ? "counted" : "excluded";
}

std::string_view ShareNullName(ShareNull share_null) {
  return share_null == ShareNull::kObservedBase ? "observed-base" : "simulated-turnout";
}

void IntegerPercentagesSettings::ApplyTo(IntegerPercentagesOptions& options) const {
  options.min_base = min_base.value_or(options.min_base);
  options.window_numerator = window_numerator.value_or(options.window_numerator);
  options.window_denominator = window_denominator.value_or(options.window_denominator);
  options.window_edges = window_edges.value_or(options.window_edges);
  options.turnout_numerator = turnout_numerator.value_or(options.turnout_numerator);
  options.leader_base = leader_base.value_or(options.leader_base);
  options.inclusion = inclusion.value_or(options.inclusion);
  options.max_percent = max_percent.value_or(options.max_percent);
  options.null_edges = null_edges.value_or(options.null_edges);
  options.share_null = share_null.value_or(options.share_null);
}

namespace {

constexpr int64_t kMaxBase = 1'000'000'000;  // keeps 100 * D * k and (100 D + W) n below 2^63
constexpr int64_t kMaxWindowDenominator = 1'000'000;

internal::Window WindowFrom(const IntegerPercentagesOptions& options) {
  return {.numerator = options.window_numerator,
          .denominator = options.window_denominator,
          .closed = options.window_edges != WindowEdges::kHalfOpen,
          .edges_counted = options.null_edges == NullEdges::kCounted,
          .float64_edges = options.window_edges == WindowEdges::kFloat64};
}

// 1 - Phi(z).
double NormalUpperTail(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

Status CheckOptionsInRange(const IntegerPercentagesOptions& options) {
  if (options.window_denominator < 1 || options.window_denominator > kMaxWindowDenominator) {
    return InvalidArgumentError(
        fmt::format("integer percentages: window denominator {} must be from 1 to {}",
                    options.window_denominator, kMaxWindowDenominator));
  }
  if (options.window_numerator < 0 || 2 * options.window_numerator > options.window_denominator) {
    return InvalidArgumentError(fmt::format(
        "integer percentages: window half-width {}/{} percentage points must be from 0 to 1/2 "
        "(the windows around neighbouring integers must not overlap)",
        options.window_numerator, options.window_denominator));
  }
  if (options.window_edges != WindowEdges::kHalfOpen && options.window_numerator > 0 &&
      2 * options.window_numerator == options.window_denominator) {
    return InvalidArgumentError(fmt::format(
        "integer percentages: closed windows of half-width {}/{} share their edges with the "
        "next integer's; use a half-width below 1/2 or half-open windows",
        options.window_numerator, options.window_denominator));
  }
  if (options.min_base < 2) {
    return InvalidArgumentError(
        fmt::format("integer percentages: minimum base {} must be at least 2", options.min_base));
  }
  if (options.max_percent < 1 || options.max_percent > 100) {
    return InvalidArgumentError(fmt::format(
        "integer percentages: maximum percentage {} must be from 1 to 100", options.max_percent));
  }
  if (!(options.alpha > 0.0 && options.alpha < 1.0)) {
    return InvalidArgumentError(
        fmt::format("integer percentages: alpha {} must be between 0 and 1", options.alpha));
  }
  return OkStatus();
}

// The parts and bases of both measures, as the options define them.
struct Columns {
  std::vector<int64_t> turnout_part;
  const std::vector<int64_t>* turnout_base = nullptr;
  std::vector<int64_t> share_part;
  std::vector<int64_t> share_base;
};

Status Missing(const precincts::PrecinctTable& table, std::string_view figure, std::string_view key,
               std::string_view use) {
  return FailedPreconditionError(fmt::format(
      "integer percentages: {} {} {}, but {} does not give them for every precinct (column "
      "mapping key \"{}\"; esep's own protocols have them)",
      use, figure.starts_with("the") ? "is" : "are", figure,
      table.source.empty() ? "the table" : table.source, key));
}

Result<Columns> ColumnsOf(const precincts::PrecinctTable& table,
                          const IntegerPercentagesOptions& options) {
  Columns columns;
  if (options.turnout_numerator == TurnoutNumerator::kIssued) {
    if (!table.has_issued) {
      return Missing(table, "ballots issued", "issued", "the turnout's numerator");
    }
    columns.turnout_part = table.issued;
  } else {
    columns.turnout_part = table.ballots;
  }
  columns.turnout_base = &table.registered;
  const size_t leader = table.Leader();
  columns.share_part.assign(table.size(), 0);
  if (table.choices() > 0) {
    for (size_t i = 0; i < table.size(); ++i) {
      columns.share_part[i] = table.Votes(i, leader);
    }
  }
  switch (options.leader_base) {
    case LeaderBase::kBallots:
      columns.share_base = table.ballots;
      break;
    case LeaderBase::kValid:
      columns.share_base = table.valid;
      break;
    case LeaderBase::kIssued:
      if (!table.has_issued) {
        return Missing(table, "ballots issued", "issued", "the share's denominator");
      }
      columns.share_base = table.issued;
      break;
    case LeaderBase::kValidAndInvalid:
      if (!table.has_invalid) {
        return Missing(table, "invalid ballots", "invalid", "the share's denominator");
      }
      columns.share_base.resize(table.size());
      for (size_t i = 0; i < table.size(); ++i) {
        columns.share_base[i] = table.valid[i] + table.invalid[i];
      }
      break;
  }
  for (size_t i = 0; i < table.size(); ++i) {
    for (const int64_t n : {(*columns.turnout_base)[i], columns.share_base[i]}) {
      if (n > kMaxBase) {
        return InvalidArgumentError(
            fmt::format("integer percentages: precinct '{}' has a denominator of {}; the test "
                        "takes at most {}",
                        table.ids[i], n, kMaxBase));
      }
    }
  }
  return columns;
}

IntegerPercentagesMeasure NewMeasure(const precincts::PrecinctTable& table, std::string name,
                                     std::string numerator, std::string denominator) {
  IntegerPercentagesMeasure measure;
  measure.name = std::move(name);
  measure.numerator = std::move(numerator);
  measure.denominator = std::move(denominator);
  measure.precincts = static_cast<int64_t>(table.size());
  return measure;
}

// Counts precinct (k, n) as observed when it lies in a window (0 % and 100 % only when the null
// counts them too), and in the 0.1 % histogram.
void Observe(IntegerPercentagesMeasure& measure, int64_t k, int64_t n,
             const internal::Window& window) {
  ++measure.included;
  const bool edge = k <= 0 || k >= n;
  const int m = edge && !window.edges_counted ? -1 : internal::WindowOf(k, n, window);
  if (m >= 0) {
    ++measure.observed;
    ++measure.observed_at[static_cast<size_t>(m)];
  }
  // Bin j: (2j - 1) n <= 2000 k < (2j + 1) n.
  ++measure.observed_per_mille_bins[static_cast<size_t>(((2000 * k) + n) / (2 * n))];
}

// Adds one precinct's probability of an integer, and its split by integer, to the expectation.
void Expect(IntegerPercentagesMeasure& measure, double probability,
            const internal::PerInteger& per_integer, std::vector<double>& probabilities,
            int64_t exact_max) {
  measure.expected += probability;
  measure.variance += probability * (1.0 - probability);
  for (size_t m = 0; m < per_integer.size(); ++m) {
    measure.expected_at[m] += per_integer[m];
    measure.variance_at[m] += per_integer[m] * (1.0 - per_integer[m]);
  }
  if (measure.included <= exact_max) {
    probabilities.push_back(probability);
  }
}

// The excess, z, p-value and flag of a measure whose observed and expected counts are complete.
void Finish(IntegerPercentagesMeasure& measure, const std::vector<double>& probabilities,
            const IntegerPercentagesOptions& options, int measures) {
  measure.standard_deviation = std::sqrt(measure.variance);
  measure.excess = static_cast<double>(measure.observed) - measure.expected;
  measure.z = measure.standard_deviation > 0 ? measure.excess / measure.standard_deviation : 0.0;
  if (measure.included <= options.exact_p_value_max_precincts) {
    measure.exact_p_value = true;
    measure.p_value = internal::PoissonBinomialUpperTail(probabilities, measure.observed);
  } else if (measure.standard_deviation > 0) {
    // Continuity correction: P(X >= obs) ~ P(Normal >= obs - 1/2).
    measure.p_value =
        NormalUpperTail((static_cast<double>(measure.observed) - 0.5 - measure.expected) /
                        measure.standard_deviation);
  } else {
    measure.p_value = static_cast<double>(measure.observed) > measure.expected + 0.5 ? 0.0 : 1.0;
  }
  measure.flagged = measure.p_value < options.alpha / measures;
}

// Each measure on its own precincts: k of n enters when n >= min_base and 0 < k < n.
void RunPerMeasure(IntegerPercentagesMeasure& measure, const std::vector<int64_t>& part,
                   const std::vector<int64_t>& base, const IntegerPercentagesOptions& options,
                   const internal::LogFactorials& log_factorial) {
  const internal::Window window = WindowFrom(options);
  measure.observed_per_mille_bins.assign(1001, 0);
  std::vector<double> probabilities;  // for the exact p-value, while few enough
  internal::PerInteger per_integer{};
  for (size_t i = 0; i < part.size(); ++i) {
    const int64_t n = base[i];
    const int64_t k = part[i];
    if (n < options.min_base) {
      ++measure.excluded_small;
      continue;
    }
    if (k <= 0 || k >= n) {
      ++measure.excluded_zero_or_all;
      continue;
    }
    Observe(measure, k, n, window);
    per_integer.fill(0.0);
    const double p = static_cast<double>(k) / static_cast<double>(n);
    const double probability =
        internal::WindowProbability(n, p, window, log_factorial, &per_integer);
    Expect(measure, probability, per_integer, probabilities, options.exact_p_value_max_precincts);
  }
  Finish(measure, probabilities, options, 2);
}

// Both measures and "either" on one set of precincts, with the joint null.
void RunJoint(IntegerPercentages& result, const Columns& columns,
              const IntegerPercentagesOptions& options,
              const internal::LogFactorials& log_factorial) {
  const internal::Window window = WindowFrom(options);
  IntegerPercentagesMeasure& turnout = result.turnout;
  IntegerPercentagesMeasure& share = result.leader_share;
  IntegerPercentagesMeasure& either = *result.either;
  turnout.observed_per_mille_bins.assign(1001, 0);
  share.observed_per_mille_bins.assign(1001, 0);
  std::vector<double> turnout_p;
  std::vector<double> share_p;
  std::vector<double> either_p;
  internal::PerInteger turnout_at{};
  internal::PerInteger share_at{};
  const internal::PerInteger none{};
  for (size_t i = 0; i < columns.turnout_part.size(); ++i) {
    const int64_t voters = (*columns.turnout_base)[i];
    const int64_t t = columns.turnout_part[i];
    const int64_t d = columns.share_base[i];
    const int64_t l = columns.share_part[i];
    if (d <= 0) {
      for (IntegerPercentagesMeasure* m : {&turnout, &share, &either}) {
        ++m->excluded_zero_base;
      }
      continue;
    }
    if (voters < options.min_base) {
      for (IntegerPercentagesMeasure* m : {&turnout, &share, &either}) {
        ++m->excluded_small;
      }
      continue;
    }
    if (100 * t > options.max_percent * voters || 100 * l > options.max_percent * d) {
      for (IntegerPercentagesMeasure* m : {&turnout, &share, &either}) {
        ++m->excluded_above_max;
      }
      continue;
    }
    const int64_t observed_before = turnout.observed;
    Observe(turnout, t, voters, window);
    const bool turnout_integer = turnout.observed > observed_before;
    const int64_t share_before = share.observed;
    Observe(share, l, d, window);
    const bool share_integer = share.observed > share_before;
    ++either.included;
    either.observed += turnout_integer || share_integer ? 1 : 0;
    turnout_at.fill(0.0);
    share_at.fill(0.0);
    internal::JointProbabilities joint;
    if (options.share_null == ShareNull::kObservedBase) {
      // The published simulation: turnout ~ Bin(voters, t), leader ~ Bin(d, s), independent.
      joint.turnout =
          internal::WindowProbability(voters, static_cast<double>(t) / static_cast<double>(voters),
                                      window, log_factorial, &turnout_at);
      joint.share = internal::WindowProbability(d, static_cast<double>(l) / static_cast<double>(d),
                                                window, log_factorial, &share_at);
      joint.either = joint.turnout + joint.share - (joint.turnout * joint.share);
    } else {
      joint = internal::JointWindowProbabilities(
          voters, static_cast<double>(t) / static_cast<double>(voters),
          static_cast<double>(l) / static_cast<double>(d), window, log_factorial, &turnout_at,
          &share_at);
    }
    const int64_t exact_max = options.exact_p_value_max_precincts;
    Expect(turnout, joint.turnout, turnout_at, turnout_p, exact_max);
    Expect(share, joint.share, share_at, share_p, exact_max);
    Expect(either, joint.either, none, either_p, exact_max);
  }
  Finish(turnout, turnout_p, options, 3);
  Finish(share, share_p, options, 3);
  Finish(either, either_p, options, 3);
}

}  // namespace

int IntegerWindowOf(int64_t k, int64_t n, int64_t window_numerator, int64_t window_denominator) {
  return IntegerWindowOf(k, n, window_numerator, window_denominator, WindowEdges::kHalfOpen);
}

int IntegerWindowOf(int64_t k, int64_t n, int64_t window_numerator, int64_t window_denominator,
                    WindowEdges edges) {
  return internal::WindowOf(k, n,
                            {.numerator = window_numerator,
                             .denominator = window_denominator,
                             .closed = edges != WindowEdges::kHalfOpen,
                             .float64_edges = edges == WindowEdges::kFloat64});
}

double IntegerWindowProbability(int64_t n, double p, int64_t window_numerator,
                                int64_t window_denominator, double* per_integer) {
  const internal::LogFactorials log_factorial(n);
  internal::PerInteger split{};
  const double total = internal::WindowProbability(
      n, p, {.numerator = window_numerator, .denominator = window_denominator}, log_factorial,
      &split);
  if (per_integer != nullptr) {
    for (size_t m = 0; m < split.size(); ++m) {
      per_integer[m] += split[m];
    }
  }
  return total;
}

double PoissonBinomialUpperTail(const std::vector<double>& p, int64_t k) {
  return internal::PoissonBinomialUpperTail(p, k);
}

Status CheckIntegerPercentagesOptions(const IntegerPercentagesOptions& options) {
  return CheckOptionsInRange(options);
}

Result<IntegerPercentages> TestIntegerPercentages(const precincts::PrecinctTable& table,
                                                  const IntegerPercentagesOptions& options) {
  RETURN_IF_ERROR(CheckOptionsInRange(options));
  ASSIGN_OR_RETURN(const Columns columns, ColumnsOf(table, options));
  IntegerPercentages result;
  result.options = options;
  result.source = table.source;
  result.synthetic = table.synthetic;
  result.leader = table.choices() > 0 ? table.choice_names[table.Leader()] : "";
  const std::string turnout_numerator(TurnoutNumeratorName(options.turnout_numerator));
  const std::string share_denominator(LeaderBaseName(options.leader_base));
  result.turnout = NewMeasure(table, "turnout", turnout_numerator, "registered");
  result.leader_share = NewMeasure(table, "leader share",
                                   fmt::format("votes for {}", result.leader), share_denominator);
  int64_t max_n = 0;
  for (size_t i = 0; i < table.size(); ++i) {
    max_n = std::max({max_n, (*columns.turnout_base)[i], columns.share_base[i]});
  }
  const internal::LogFactorials log_factorial(max_n);
  if (options.inclusion == Inclusion::kJoint) {
    result.either = NewMeasure(table, "either", "turnout or share in a window", "precincts");
    RunJoint(result, columns, options, log_factorial);
    result.flagged =
        result.turnout.flagged || result.leader_share.flagged || result.either->flagged;
  } else {
    RunPerMeasure(result.turnout, columns.turnout_part, *columns.turnout_base, options,
                  log_factorial);
    RunPerMeasure(result.leader_share, columns.share_part, columns.share_base, options,
                  log_factorial);
    result.flagged = result.turnout.flagged || result.leader_share.flagged;
  }
  return result;
}

}  // namespace esep::fingerprints
