#include "fingerprints/integer_percentages.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include <fmt/format.h>

namespace esep::fingerprints {
namespace {

constexpr int64_t kMaxBase = 1'000'000'000;  // keeps 100 * D * k and (100 D + W) n below 2^63
constexpr int64_t kMaxWindowDenominator = 1'000'000;

// floor(a / b) and ceil(a / b) for b > 0 and any sign of a.
int64_t FloorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
int64_t CeilDiv(int64_t a, int64_t b) { return a >= 0 ? (a + b - 1) / b : -((-a) / b); }

// log(x!) from a table for x below its size (lgamma beyond): the table is built once per
// measure up to the largest denominator (at most kMaxTable entries).
class LogFactorials {
 public:
  explicit LogFactorials(int64_t max_n) {
    constexpr int64_t kMaxTable = 4'000'000;
    const int64_t size = std::min(max_n, kMaxTable) + 1;
    table_.resize(static_cast<size_t>(std::max<int64_t>(size, 1)));
    for (size_t x = 0; x < table_.size(); ++x) {
      table_[x] = std::lgamma(static_cast<double>(x) + 1.0);
    }
  }
  double operator()(int64_t x) const {
    return x < static_cast<int64_t>(table_.size()) ? table_[static_cast<size_t>(x)]
                                                   : std::lgamma(static_cast<double>(x) + 1.0);
  }

 private:
  std::vector<double> table_;
};

// Calls visit(m, probability) for every whole percentage m whose window receives probability
// from Binomial(n, p) restricted to k in [1, n - 1]; returns the total. Each window's first pmf
// comes from log factorials, the rest of the window by the ratio pmf(k+1)/pmf(k), so that the
// cost is one exp per window, not per k.
template <typename Visit>
double WindowProbabilities(int64_t n, double p, int64_t w, int64_t d,
                           const LogFactorials& log_factorial, Visit visit) {
  const double nd = static_cast<double>(n);
  const double mean = nd * p;
  const double sd = std::sqrt(mean * (1.0 - p));
  // Beyond 8 sd + 10 of the mean the binomial tail is negligible (well below 1e-12), even for
  // the skewed small-p cases (tested against a sum over every k).
  const double reach = (8.0 * sd) + 10.0;
  const int64_t lo = std::max<int64_t>(1, static_cast<int64_t>(std::floor(mean - reach)));
  const int64_t hi = std::min<int64_t>(n - 1, static_cast<int64_t>(std::ceil(mean + reach)));
  if (lo > hi) {
    return 0.0;
  }
  const double log_p = std::log(p);
  const double log_q = std::log1p(-p);
  const double odds = p / (1.0 - p);
  const double log_n = log_factorial(n);
  // Whole percentages whose windows can meet [lo, hi].
  const int64_t m_first = std::max<int64_t>(0, (100 * lo / n) - 1);
  const int64_t m_last = std::min<int64_t>(100, CeilDiv(100 * hi, n) + 1);
  double total = 0.0;
  for (int64_t m = m_first; m <= m_last; ++m) {
    int64_t k_first = 0;
    int64_t k_last = -1;
    if (w == 0) {
      if ((m * n) % 100 == 0) {
        k_first = k_last = m * n / 100;
      }
    } else {
      // (m D - W) n <= 100 D k < (m D + W) n.
      k_first = CeilDiv(((m * d) - w) * n, 100 * d);
      k_last = CeilDiv(((m * d) + w) * n, 100 * d) - 1;
    }
    k_first = std::max(k_first, lo);
    k_last = std::min(k_last, hi);
    if (k_first > k_last) {
      continue;
    }
    const double kd = static_cast<double>(k_first);
    double pmf = std::exp(log_n - log_factorial(k_first) - log_factorial(n - k_first) +
                          (kd * log_p) + ((nd - kd) * log_q));
    double sum = pmf;
    for (int64_t k = k_first; k < k_last; ++k) {
      const double k_double = static_cast<double>(k);
      pmf *= ((nd - k_double) / (k_double + 1.0)) * odds;
      sum += pmf;
    }
    total += sum;
    visit(static_cast<int>(m), sum);
  }
  return total;
}

// 1 - Phi(z).
double NormalUpperTail(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

struct MeasureInput {
  std::string name;
  std::string numerator;
  std::string denominator;
};

}  // namespace

int IntegerWindowOf(int64_t k, int64_t n, int64_t window_numerator, int64_t window_denominator) {
  const int64_t w = window_numerator;
  const int64_t d = window_denominator;
  const int64_t x = 100 * d * k;  // the percentage times D, times n
  if (w == 0) {
    return x % (d * n) == 0 ? static_cast<int>(x / (d * n)) : -1;
  }
  // The largest m with (m D - W) n <= x; inside when x < (m D + W) n.
  const int64_t m = FloorDiv(x + (w * n), d * n);
  if (m < 0 || m > 100) {
    return -1;
  }
  return x < ((m * d) + w) * n ? static_cast<int>(m) : -1;
}

double IntegerWindowProbability(int64_t n, double p, int64_t window_numerator,
                                int64_t window_denominator, double* per_integer) {
  const LogFactorials log_factorial(n);
  return WindowProbabilities(n, p, window_numerator, window_denominator, log_factorial,
                             [per_integer](int m, double probability) {
                               if (per_integer != nullptr) {
                                 per_integer[m] += probability;
                               }
                             });
}

double PoissonBinomialUpperTail(const std::vector<double>& p, int64_t k) {
  if (k <= 0) {
    return 1.0;
  }
  if (k > static_cast<int64_t>(p.size())) {
    return 0.0;
  }
  std::vector<double> dist(p.size() + 1, 0.0);  // dist[j]: P(j events among those seen)
  dist[0] = 1.0;
  for (size_t i = 0; i < p.size(); ++i) {
    for (size_t j = i + 1; j > 0; --j) {
      dist[j] = (dist[j] * (1.0 - p[i])) + (dist[j - 1] * p[i]);
    }
    dist[0] *= (1.0 - p[i]);
  }
  double tail = 0.0;
  for (size_t j = p.size() + 1; j > static_cast<size_t>(k); --j) {
    tail += dist[j - 1];  // smallest terms first
  }
  return std::min(tail, 1.0);
}

namespace {

// One measure: precinct i has `part[i]` of `base[i]`.
Result<IntegerPercentagesMeasure> RunMeasure(const precincts::PrecinctTable& table,
                                             MeasureInput input, const std::vector<int64_t>& part,
                                             const std::vector<int64_t>& base,
                                             const IntegerPercentagesOptions& options) {
  IntegerPercentagesMeasure measure;
  measure.name = std::move(input.name);
  measure.numerator = std::move(input.numerator);
  measure.denominator = std::move(input.denominator);
  measure.precincts = static_cast<int64_t>(table.size());
  measure.observed_per_mille_bins.assign(1001, 0);
  const int64_t w = options.window_numerator;
  const int64_t d = options.window_denominator;
  int64_t max_n = 0;
  for (const int64_t n : base) {
    max_n = std::max(max_n, n);
  }
  const LogFactorials log_factorial(std::min(max_n, kMaxBase));
  std::vector<double> probabilities;  // for the exact p-value, while few enough
  for (size_t i = 0; i < table.size(); ++i) {
    const int64_t n = base[i];
    const int64_t k = part[i];
    if (n > kMaxBase) {
      return InvalidArgumentError(fmt::format(
          "integer percentages: precinct '{}' has {} {} ({}); the test takes at most {}",
          table.ids[i], measure.denominator, n, measure.name, kMaxBase));
    }
    if (n < options.min_base) {
      ++measure.excluded_small;
      continue;
    }
    if (k <= 0 || k >= n) {
      ++measure.excluded_zero_or_all;
      continue;
    }
    ++measure.included;
    const int m = IntegerWindowOf(k, n, w, d);
    if (m >= 0) {
      ++measure.observed;
      ++measure.observed_at[static_cast<size_t>(m)];
    }
    // Bin j: (2j - 1) n <= 2000 k < (2j + 1) n.
    ++measure.observed_per_mille_bins[static_cast<size_t>(((2000 * k) + n) / (2 * n))];
    const double p = static_cast<double>(k) / static_cast<double>(n);
    const double probability =
        WindowProbabilities(n, p, w, d, log_factorial, [&measure](int at, double q) {
          measure.expected_at[static_cast<size_t>(at)] += q;
          measure.variance_at[static_cast<size_t>(at)] += q * (1.0 - q);
        });
    measure.expected += probability;
    measure.variance += probability * (1.0 - probability);
    if (measure.included <= options.exact_p_value_max_precincts) {
      probabilities.push_back(probability);
    }
  }
  measure.standard_deviation = std::sqrt(measure.variance);
  measure.excess = static_cast<double>(measure.observed) - measure.expected;
  measure.z = measure.standard_deviation > 0 ? measure.excess / measure.standard_deviation : 0.0;
  if (measure.included <= options.exact_p_value_max_precincts) {
    measure.exact_p_value = true;
    measure.p_value = PoissonBinomialUpperTail(probabilities, measure.observed);
  } else if (measure.standard_deviation > 0) {
    // Continuity correction: P(X >= obs) ~ P(Normal >= obs - 1/2).
    measure.p_value =
        NormalUpperTail((static_cast<double>(measure.observed) - 0.5 - measure.expected) /
                        measure.standard_deviation);
  } else {
    measure.p_value = static_cast<double>(measure.observed) > measure.expected + 0.5 ? 0.0 : 1.0;
  }
  measure.flagged = measure.p_value < options.alpha / 2.0;
  return measure;
}

}  // namespace

Result<IntegerPercentages> TestIntegerPercentages(const precincts::PrecinctTable& table,
                                                  const IntegerPercentagesOptions& options) {
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
  if (options.min_base < 2) {
    return InvalidArgumentError(
        fmt::format("integer percentages: minimum base {} must be at least 2", options.min_base));
  }
  if (!(options.alpha > 0.0 && options.alpha < 1.0)) {
    return InvalidArgumentError(
        fmt::format("integer percentages: alpha {} must be between 0 and 1", options.alpha));
  }
  IntegerPercentages result;
  result.options = options;
  result.source = table.source;
  result.synthetic = table.synthetic;
  const size_t leader = table.Leader();
  result.leader = table.choices() > 0 ? table.choice_names[leader] : "";
  ASSIGN_OR_RETURN(result.turnout, RunMeasure(table, {"turnout", "ballots", "registered"},
                                              table.ballots, table.registered, options));
  std::vector<int64_t> leader_votes(table.size(), 0);
  if (table.choices() > 0) {
    for (size_t i = 0; i < table.size(); ++i) {
      leader_votes[i] = table.Votes(i, leader);
    }
  }
  const bool on_valid = options.leader_base == LeaderBase::kValid;
  ASSIGN_OR_RETURN(result.leader_share,
                   RunMeasure(table,
                              {"leader share", fmt::format("votes for {}", result.leader),
                               on_valid ? "valid" : "ballots"},
                              leader_votes, on_valid ? table.valid : table.ballots, options));
  result.flagged = result.turnout.flagged || result.leader_share.flagged;
  return result;
}

namespace {

std::string WindowText(const IntegerPercentagesOptions& options) {
  if (options.window_numerator == 0) {
    return "exactly a whole percentage";
  }
  return fmt::format("within [m - {0}, m + {0}) percentage points of a whole percentage m",
                     static_cast<double>(options.window_numerator) /
                         static_cast<double>(options.window_denominator));
}

std::string MeasureText(const IntegerPercentagesMeasure& m, double alpha) {
  std::string out = fmt::format("{} ({} / {}):\n", m.name, m.numerator, m.denominator);
  out += fmt::format(
      "  precincts {}, included {}, excluded {} (fewer on the list than the minimum) + {} "
      "(exactly 0 % or 100 %)\n",
      m.precincts, m.included, m.excluded_small, m.excluded_zero_or_all);
  out += fmt::format("  in an integer window: observed {}, expected {:.2f} (sd {:.2f})\n",
                     m.observed, m.expected, m.standard_deviation);
  out += fmt::format("  excess {:+.2f}, z = {:.2f}, one-sided p = {:.3g} ({})\n", m.excess, m.z,
                     m.p_value,
                     m.exact_p_value ? "exact Poisson-binomial tail"
                                     : "normal approximation with continuity correction");
  out +=
      fmt::format("  {}\n", m.flagged ? fmt::format("FLAGGED: p < {:g} (alpha / 2)", alpha / 2)
                                      : fmt::format("not flagged at {:g} (alpha / 2)", alpha / 2));
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

}  // namespace

std::string_view PValueMethod(const IntegerPercentagesMeasure& measure) {
  return measure.exact_p_value ? "exact Poisson-binomial" : "normal approximation";
}

namespace {

nlohmann::json MeasureJson(const IntegerPercentagesMeasure& m) {
  nlohmann::json j;
  j["name"] = m.name;
  j["numerator"] = m.numerator;
  j["denominator"] = m.denominator;
  j["precincts"] = m.precincts;
  j["included"] = m.included;
  j["excluded_small"] = m.excluded_small;
  j["excluded_zero_or_all"] = m.excluded_zero_or_all;
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

std::string IntegerPercentagesText(const IntegerPercentages& result) {
  const IntegerPercentagesOptions& o = result.options;
  std::string out = "Integer percentages (Kobak, Shpilkin & Pshenichnikov 2016)\n";
  if (result.synthetic) {
    out += "SYNTHETIC DATA: these precincts were generated, not reported by a commission.\n";
  }
  if (!result.source.empty()) {
    out += fmt::format("source: {}\n", result.source);
  }
  out += fmt::format(
      "A precinct counts when its percentage lies {}, decided with exact integer arithmetic. "
      "Precincts enter with at least {} in the denominator and a percentage strictly between 0 "
      "and 100. The expected count is the exact sum, over the included precincts, of the "
      "binomial probability of landing in a window when the precinct's figure varies "
      "binomially around its own observed rate.\n",
      WindowText(o), o.min_base);
  out += MeasureText(result.turnout, o.alpha);
  out += MeasureText(result.leader_share, o.alpha);
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
  j["options"] = {{"window_half_width_points",
                   {{"numerator", o.window_numerator}, {"denominator", o.window_denominator}}},
                  {"window_rule", "half-open [m - w, m + w); w = 0: exactly m"},
                  {"min_base", o.min_base},
                  {"leader_base", o.leader_base == LeaderBase::kValid ? "valid" : "ballots"},
                  {"alpha", o.alpha},
                  {"per_measure_threshold", o.alpha / 2},
                  {"exact_p_value_max_precincts", o.exact_p_value_max_precincts}};
  j["turnout"] = MeasureJson(result.turnout);
  j["leader_share"] = MeasureJson(result.leader_share);
  j["flagged"] = result.flagged;
  j["assumptions"] =
      "Each included precinct's count varies independently and binomially around its observed "
      "rate; precincts with a denominator below min_base or a percentage of exactly 0 or 100 "
      "are left out. A flag is evidence to look closer, not proof of fraud.";
  return j;
}

}  // namespace esep::fingerprints
