// esep_audit_digit_rates: how often the last-digit test flags clean SYNTHETIC elections with many
// lists, several of them very small (a few votes per precinct) or with counts that fall steeply
// within a decade, and how often it finds invented last digits (docs/forensics-integer-digits.md,
// "Measured rates"). Not a test: run by hand.
//
//   esep_audit_digit_rates [--seeds S] [--precincts N] [--sizes LOW:HIGH] [--invented F]
//                          [--max-model-spread X]
//
// Each seed draws a table of 14 lists with national shares 38, 20, 12, 8, 6, 5, 3.5, 2.5, 1.5,
// 1.2, 0.9, 0.6, 0.5 and 0.3 %; voters on the list log-uniform over LOW..HIGH (default
// 300..3000); turnout uniform 40-80 %; 2 % invalid; each list's share varies from precinct to
// precinct by a log-normal factor (sd 0.35) and the votes are multinomial. With --invented F, a
// fraction F of precincts have every count's last digit replaced by one chosen as people choose
// them (0 and 5 favoured), inside the same decade.
//
// For each last-digit test (per list, ballots, pooled) it records the p-value against four
// nulls: uniform, the triangular-kernel null used before (it corrected only for the cut at the
// minimum count), the simpler model and the log-quartic model of ModelLastDigitNull (the one the
// test uses), and it runs RunDigitTests as `esep audit` does (tests not applied, tables
// flagged), with the tables it would have flagged at other values of max_model_spread.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <boost/math/distributions/chi_squared.hpp>
#include <fmt/format.h>

#include "fingerprints/digit_tests.h"
#include "fingerprints/last_digit_null.h"
#include "precincts/precinct_table.h"

namespace {

using esep::fingerprints::DigitTest;
using esep::precincts::PrecinctTable;

constexpr std::array<double, 14> kShares = {38,  20,  12,  8,   6,   5,   3.5,
                                            2.5, 1.5, 1.2, 0.9, 0.6, 0.5, 0.3};

struct Config {
  int64_t seeds = 100;
  int64_t precincts = 10'000;
  double low = 300;
  double high = 3000;
  double invented = 0;
  double max_model_spread = esep::fingerprints::DigitTestsOptions{}.max_model_spread;
  bool verbose = false;  // --verbose 1: every test's p-values on stderr
};

PrecinctTable Draw(const Config& config, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> log_size(std::log(config.low), std::log(config.high));
  std::uniform_real_distribution<double> turnout(0.4, 0.8);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  std::normal_distribution<double> noise(0.0, 0.35);
  std::discrete_distribution<int> human_digit({25, 5, 8, 8, 6, 20, 7, 8, 6, 7});
  PrecinctTable table;
  table.source = fmt::format("synthetic 14-list table, seed {}", seed);
  table.synthetic = true;
  for (size_t c = 0; c < kShares.size(); ++c) {
    table.choice_names.push_back(fmt::format("L{:02} ({:g} %)", c + 1, kShares[c]));
  }
  std::vector<double> shares(kShares.size());
  for (int64_t i = 0; i < config.precincts; ++i) {
    const auto registered = static_cast<int64_t>(std::exp(log_size(random)));
    const int64_t ballots =
        std::binomial_distribution<int64_t>(registered, turnout(random))(random);
    const int64_t valid = ballots - std::binomial_distribution<int64_t>(ballots, 0.02)(random);
    double total = 0;
    for (size_t c = 0; c < shares.size(); ++c) {
      shares[c] = kShares[c] * std::exp(noise(random));
      total += shares[c];
    }
    // Multinomial by successive binomials.
    std::vector<int64_t> votes(shares.size(), 0);
    int64_t left = valid;
    for (size_t c = 0; c + 1 < shares.size() && left > 0; ++c) {
      const double p = std::min(1.0, shares[c] / total);
      votes[c] = std::binomial_distribution<int64_t>(left, p)(random);
      left -= votes[c];
      total -= shares[c];
    }
    votes.back() += left;
    if (coin(random) < config.invented) {
      for (int64_t& v : votes) {
        if (v >= 10) {
          v = v - (v % 10) + human_digit(random);
        }
      }
    }
    int64_t sum = 0;
    for (const int64_t v : votes) {
      sum += v;
    }
    const esep::Status status = table.Add({.id = std::to_string(i),
                                           .registered = std::max(registered, sum),
                                           .ballots = sum,
                                           .valid = sum,
                                           .votes = votes});
    if (!status.ok()) {
      fmt::print(stderr, "{}\n", status.message());
      std::exit(1);
    }
  }
  return table;
}

// The triangular-kernel null used before ModelLastDigitNull (kept here only to measure it):
// each count spread over c - 9 .. c + 9 with weights (10 - |x - c|) / 100, cut at min_count.
std::array<double, 10> KernelNull(const std::vector<int64_t>& counts, int64_t min_count) {
  std::array<double, 10> weight{};
  double total = 0;
  for (const int64_t count : counts) {
    if (count < min_count - 9) {
      continue;
    }
    for (int64_t offset = -9; offset <= 9; ++offset) {
      if (count + offset >= min_count) {
        const double k = static_cast<double>(10 - std::abs(offset));
        weight[static_cast<size_t>((count + offset) % 10)] += k;
        total += k;
      }
    }
  }
  for (double& w : weight) {
    w = total > 0 ? w / total : 0.1;
  }
  return weight;
}

double PValue(const DigitTest& test, const std::array<double, 10>& probability) {
  double chi_square = 0;
  for (size_t d = 0; d < 10; ++d) {
    const double expected = static_cast<double>(test.counts) * probability[d];
    const double difference = static_cast<double>(test.observed[d]) - expected;
    chi_square += expected > 0 ? difference * difference / expected : 0;
  }
  const boost::math::chi_squared_distribution<double> distribution(9);
  return boost::math::cdf(boost::math::complement(distribution, chi_square));
}

// Per null: tests with p < 0.05, p < 0.01, and tables with a test below the Bonferroni level.
struct Tally {
  int64_t below_5 = 0;
  int64_t below_1 = 0;
  int64_t tables_flagged = 0;
};

constexpr std::array<const char*, 4> kNulls = {"uniform 1/10", "triangular kernel (before)",
                                               "simpler model (log-quadratic or log-linear)",
                                               "log-quartic model (used)"};

// Tables flagged, and tests applied, had max_model_spread been each of these.
constexpr std::array<double, 5> kThresholds = {1, 2, 5, 10, 1e300};

struct Rates {
  std::array<Tally, kNulls.size()> tallies{};
  int64_t tests = 0;
  int64_t not_applied = 0;
  int64_t tables_flagged = 0;
  int64_t tests_flagged = 0;
  Tally applied;  // the used null, over the tests that apply
  std::array<int64_t, kThresholds.size()> flagged_at{};
  std::array<int64_t, kThresholds.size()> applied_at{};
  // 2BL: tests with enough counts, those that apply, those that apply and depart, and tables
  // with such a test (what would flag with second_digit_flags).
  int64_t second_tests = 0;
  int64_t second_applied = 0;
  int64_t second_departing = 0;
  int64_t second_tables = 0;
};

// The counts of last-digit test t of `table` (a choice, the ballots or the pooled votes).
const std::vector<int64_t>& CountsOf(const PrecinctTable& table, size_t t,
                                     std::vector<int64_t>& column) {
  if (t == table.choices()) {
    return table.ballots;
  }
  if (t == table.choices() + 1) {
    return table.votes;
  }
  column.resize(table.size());
  for (size_t i = 0; i < table.size(); ++i) {
    column[i] = table.Votes(i, t);
  }
  return column;
}

// Adds one table's last-digit tests to `rates`.
void Count(const Config& config, int64_t seed, const PrecinctTable& table,
           const esep::fingerprints::DigitTests& result, Rates& rates) {
  rates.tables_flagged += result.last_digit_flagged ? 1 : 0;
  for (const DigitTest& test : result.second_digit) {
    rates.second_tests += test.tested ? 1 : 0;
    rates.second_applied += test.tested && test.applies ? 1 : 0;
    rates.second_departing += test.significant && test.applies ? 1 : 0;
  }
  rates.second_tables += result.second_digit_significant ? 1 : 0;
  std::array<bool, kNulls.size()> flagged{};
  std::array<bool, kThresholds.size()> table_flagged_at{};
  std::vector<int64_t> column;
  for (size_t t = 0; t < result.last_digit.size(); ++t) {
    const DigitTest& test = result.last_digit[t];
    if (!test.tested) {
      continue;
    }
    ++rates.tests;
    rates.not_applied += test.applies ? 0 : 1;
    rates.tests_flagged += test.flagged ? 1 : 0;
    const std::vector<int64_t>& counts = CountsOf(table, t, column);
    const esep::fingerprints::LastDigitNullModel model =
        esep::fingerprints::ModelLastDigitNull(counts, result.options.min_count);
    const std::array<std::array<double, 10>, kNulls.size()> nulls = {
        std::array<double, 10>{0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1},
        KernelNull(counts, result.options.min_count), model.linear_probability, model.probability};
    if (config.verbose) {
      fmt::print(stderr, "seed {} {}: n {} spread {:.2f} departure {:.2f} p:", seed, test.subject,
                 test.counts, test.model_spread, test.null_departure);
      for (const auto& null : nulls) {
        fmt::print(stderr, " {:.2g}", PValue(test, null));
      }
      fmt::print(stderr, "\n");
    }
    for (size_t k = 0; k < kThresholds.size(); ++k) {
      if (test.model_spread <= kThresholds[k]) {
        ++rates.applied_at[k];
        table_flagged_at[k] = table_flagged_at[k] || test.significant;
      }
    }
    if (test.applies) {
      rates.applied.below_5 += test.p_value < 0.05 ? 1 : 0;
      rates.applied.below_1 += test.p_value < 0.01 ? 1 : 0;
    }
    for (size_t n = 0; n < nulls.size(); ++n) {
      const double p = PValue(test, nulls[n]);
      rates.tallies[n].below_5 += p < 0.05 ? 1 : 0;
      rates.tallies[n].below_1 += p < 0.01 ? 1 : 0;
      flagged[n] = flagged[n] || p < result.per_test_threshold;
    }
  }
  for (size_t n = 0; n < kNulls.size(); ++n) {
    rates.tallies[n].tables_flagged += flagged[n] ? 1 : 0;
  }
  for (size_t k = 0; k < kThresholds.size(); ++k) {
    rates.flagged_at[k] += table_flagged_at[k] ? 1 : 0;
  }
}

double Percent(int64_t k, int64_t of) {
  return of > 0 ? 100.0 * static_cast<double>(k) / static_cast<double>(of) : 0.0;
}

void Print(const Config& config, const Rates& rates) {
  fmt::print(
      "SYNTHETIC tables: {} seeds x {} precincts, voters {:g}..{:g}, 14 lists, invented "
      "digits in {:g} of precincts; {} last-digit tests with enough counts\n\n",
      config.seeds, config.precincts, config.low, config.high, config.invented, rates.tests);
  fmt::print("| null | tests p < 0.05 | tests p < 0.01 | tables with a test below alpha/T |\n");
  fmt::print("|---|---|---|---|\n");
  const auto share = [](int64_t k, int64_t of) {
    return fmt::format("{} ({:.1f} %)", k, Percent(k, of));
  };
  for (size_t n = 0; n < kNulls.size(); ++n) {
    const Tally& tally = rates.tallies[n];
    fmt::print("| {} | {} | {} | {} |\n", kNulls[n], share(tally.below_5, rates.tests),
               share(tally.below_1, rates.tests), share(tally.tables_flagged, config.seeds));
  }
  const int64_t applying = rates.tests - rates.not_applied;
  fmt::print(
      "\nRunDigitTests (max model spread {:g}): {} of {} tests not applied; of the {} "
      "that apply, p < 0.05 in {} ({:.1f} %) and p < 0.01 in {} ({:.1f} %); {} tests "
      "flagged; {} of {} tables flagged by the last digit ({:.1f} %)\n",
      config.max_model_spread, rates.not_applied, rates.tests, applying, rates.applied.below_5,
      Percent(rates.applied.below_5, applying), rates.applied.below_1,
      Percent(rates.applied.below_1, applying), rates.tests_flagged, rates.tables_flagged,
      config.seeds, Percent(rates.tables_flagged, config.seeds));
  fmt::print(
      "2BL: {} of {} tests apply (90th/10th percentile >= 10); {} of those depart from Benford; "
      "{} of {} tables ({:.1f} %) would flag with second_digit_flags\n",
      rates.second_applied, rates.second_tests, rates.second_departing, rates.second_tables,
      config.seeds, Percent(rates.second_tables, config.seeds));
  fmt::print("\n| max_model_spread | tests applied | tables flagged |\n|---|---|---|\n");
  for (size_t k = 0; k < kThresholds.size(); ++k) {
    fmt::print("| {} | {} of {} | {} of {} ({:.1f} %) |\n",
               kThresholds[k] > 1e100 ? std::string("none (always applied)")
                                      : fmt::format("{:g}", kThresholds[k]),
               rates.applied_at[k], rates.tests, rates.flagged_at[k], config.seeds,
               Percent(rates.flagged_at[k], config.seeds));
  }
}

int Run(const Config& config) {
  esep::fingerprints::DigitTestsOptions options;
  options.max_model_spread = config.max_model_spread;
  Rates rates;
  for (int64_t seed = 1; seed <= config.seeds; ++seed) {
    const PrecinctTable table = Draw(config, static_cast<uint64_t>(seed));
    const esep::Result<esep::fingerprints::DigitTests> result =
        esep::fingerprints::RunDigitTests(table, options);
    if (!result.has_value()) {
      fmt::print(stderr, "{}\n", result.error().message());
      return 1;
    }
    Count(config, seed, table, *result, rates);
  }
  Print(config, rates);
  return 0;
}

}  // namespace

// The flags; std::stoll and std::stod throw on a malformed number (caught in main).
int Main(int argc, char** argv) {
  Config config;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--seeds") {
      config.seeds = std::stoll(value);
    } else if (flag == "--precincts") {
      config.precincts = std::stoll(value);
    } else if (flag == "--sizes") {
      const size_t colon = value.find(':');
      config.low = std::stod(value.substr(0, colon));
      config.high = std::stod(value.substr(colon + 1));
    } else if (flag == "--invented") {
      config.invented = std::stod(value);
    } else if (flag == "--verbose") {
      config.verbose = value == "1";
    } else if (flag == "--max-model-spread") {
      config.max_model_spread = std::stod(value);
    } else {
      fmt::print(stderr, "unknown option {}\n", flag);
      return 2;
    }
  }
  return Run(config);
}

int main(int argc, char** argv) {
  try {
    return Main(argc, argv);
  } catch (const std::exception& e) {
    fmt::print(stderr, "esep_audit_digit_rates: bad number in the flags ({})\n", e.what());
    return 2;
  }
}
