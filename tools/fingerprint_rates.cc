// The false-positive and detection rates of the integer-percentage and digit tests on seeded
// SYNTHETIC binomial tables (docs/forensics-integer-digits.md), and their running time on a
// large table. Not a test: run by hand.
//
//   esep_audit_fingerprint_rates [--seeds S] [--precincts N] [--benchmark N] [--narrow]
//
// Each seed draws a clean table (precinct sizes log-uniform over 200..20,000 voters on the list,
// or 500..2,500 with --narrow; turnout uniform 35-85 % and the leader's support uniform 30-70 %
// per precinct; binomial counts) and the same table with irregularities written in: 1 % of
// precincts with a whole turnout or leader's share (half each), and, separately, 5 % of precincts
// with the vote counts' last digits chosen as people choose them.

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "fingerprints/digit_tests.h"
#include "fingerprints/integer_percentages.h"
#include "precincts/precinct_table.h"

namespace {

using esep::precincts::PrecinctTable;

enum class Irregularity { kNone, kWholePercentages, kInventedDigits };

// Precinct sizes: log-uniform over 200..20,000 voters on the list, or (narrow) over 500..2,500.
enum class Sizes { kWide, kNarrow };

PrecinctTable Draw(int64_t precincts, uint64_t seed, Irregularity irregularity, double share,
                   Sizes sizes) {
  std::mt19937_64 random(seed);
  const bool narrow = sizes == Sizes::kNarrow;
  std::uniform_real_distribution<double> log_size(std::log(narrow ? 500.0 : 200.0),
                                                  std::log(narrow ? 2500.0 : 20000.0));
  std::uniform_real_distribution<double> turnout(0.35, 0.85);
  std::uniform_real_distribution<double> support(0.3, 0.7);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  std::discrete_distribution<int> human_digit({25, 5, 8, 8, 6, 20, 7, 8, 6, 7});
  PrecinctTable table;
  table.source = fmt::format("synthetic binomial table, seed {}", seed);
  table.synthetic = true;
  table.choice_names = {"A", "B", "C"};
  for (int64_t i = 0; i < precincts; ++i) {
    auto registered = static_cast<int64_t>(std::exp(log_size(random)));
    int64_t ballots = std::binomial_distribution<int64_t>(registered, turnout(random))(random);
    int64_t a = std::binomial_distribution<int64_t>(ballots, support(random))(random);
    int64_t b = std::binomial_distribution<int64_t>(ballots - a, 0.6)(random);
    const bool altered = coin(random) < share;
    if (altered && irregularity == Irregularity::kWholePercentages) {
      if (i % 2 == 0) {  // whole turnout: voters on the list a multiple of 100
        registered = 100 * ((registered + 99) / 100);  // up: stays >= ballots
        ballots = (registered / 100) * (((100 * ballots) + (registered / 2)) / registered);
      } else if (ballots >= 100) {  // whole leader's share of the ballots
        ballots = 100 * (ballots / 100);
        const int64_t percent = std::min<int64_t>(99, ((100 * a) + (ballots / 2)) / ballots);
        a = percent * (ballots / 100);
      }
      a = std::min(a, ballots);
      b = std::min(b, ballots - a);
    }
    if (altered && irregularity == Irregularity::kInventedDigits) {
      a = std::max<int64_t>(0, (a - (a % 10)) - 10 + human_digit(random));
      b = std::max<int64_t>(0, (b - (b % 10)) - 10 + human_digit(random));
      ballots = std::max(ballots, a + b);
      registered = std::max(registered, ballots);
    }
    const int64_t c = ballots - a - b;
    const esep::Status status = table.Add({.id = std::to_string(i),
                                           .registered = registered,
                                           .ballots = ballots,
                                           .valid = ballots,
                                           .votes = {a, b, c}});
    if (!status.ok()) {
      fmt::print(stderr, "{}\n", status.message());
      std::exit(1);
    }
  }
  return table;
}

struct Config {
  int64_t seeds = 100;
  int64_t precincts = 20000;
  int64_t benchmark = 0;
  Sizes sizes = Sizes::kWide;
};

// The command line, or nothing (after printing why) when an argument is not understood.
std::optional<Config> ParseArguments(int argc, char** argv) {
  Config config;
  for (int i = 1; i < argc; i += 2) {
    const std::string_view flag = argv[i];
    if (flag == "--narrow") {
      config.sizes = Sizes::kNarrow;
      --i;
      continue;
    }
    if (i + 1 >= argc) {
      fmt::print(stderr, "{}: {} needs a value\n", argv[0], flag);
      return std::nullopt;
    }
    const int64_t value = std::atoll(argv[i + 1]);
    if (flag == "--seeds") {
      config.seeds = value;
    } else if (flag == "--precincts") {
      config.precincts = value;
    } else if (flag == "--benchmark") {
      config.benchmark = value;
    } else {
      fmt::print(stderr, "usage: {} [--seeds S] [--precincts N] [--benchmark N] [--narrow]\n",
                 argv[0]);
      return std::nullopt;
    }
  }
  return config;
}

// How many seeds each statistic flagged, on the clean tables and on the altered ones.
struct Tally {
  int64_t integer_clean = 0;
  int64_t integer_turnout_clean = 0;
  int64_t integer_leader_clean = 0;
  int64_t integer_detected = 0;
  int64_t digits_clean = 0;
  int64_t digits_last_clean = 0;
  int64_t digits_second_clean = 0;
  int64_t digits_detected = 0;
  int64_t digits_on_whole = 0;
  // The clean z-scores' mean and spread: about 0 and 1 when the null is calibrated.
  double z_sum[2] = {0, 0};
  double z_square_sum[2] = {0, 0};
};

// Draws the seed's clean, whole-percentage and invented-digit tables, runs both tests on them
// and adds the outcomes to `tally`; false (after printing why) when a test could not run.
bool AddSeed(const Config& config, uint64_t seed, Tally& tally) {
  const PrecinctTable clean = Draw(config.precincts, seed, Irregularity::kNone, 0, config.sizes);
  const PrecinctTable whole =
      Draw(config.precincts, seed, Irregularity::kWholePercentages, 0.01, config.sizes);
  const PrecinctTable invented =
      Draw(config.precincts, seed, Irregularity::kInventedDigits, 0.05, config.sizes);
  const auto i_clean = esep::fingerprints::TestIntegerPercentages(clean, {});
  const auto i_whole = esep::fingerprints::TestIntegerPercentages(whole, {});
  const auto d_clean = esep::fingerprints::RunDigitTests(clean, {});
  const auto d_invented = esep::fingerprints::RunDigitTests(invented, {});
  const auto d_whole = esep::fingerprints::RunDigitTests(whole, {});
  if (!i_clean || !i_whole || !d_clean || !d_invented || !d_whole) {
    fmt::print(stderr, "a test failed to run\n");
    return false;
  }
  tally.integer_clean += i_clean->flagged ? 1 : 0;
  tally.integer_turnout_clean += i_clean->turnout.flagged ? 1 : 0;
  tally.integer_leader_clean += i_clean->leader_share.flagged ? 1 : 0;
  tally.integer_detected += i_whole->flagged ? 1 : 0;
  tally.z_sum[0] += i_clean->turnout.z;
  tally.z_square_sum[0] += i_clean->turnout.z * i_clean->turnout.z;
  tally.z_sum[1] += i_clean->leader_share.z;
  tally.z_square_sum[1] += i_clean->leader_share.z * i_clean->leader_share.z;
  tally.digits_clean += d_clean->flagged ? 1 : 0;
  bool last = false;
  bool second = false;
  for (const auto& t : d_clean->last_digit) {
    last = last || t.flagged;
  }
  // 2BL never flags by default: count the tests that depart from Benford where the law applies.
  for (const auto& t : d_clean->second_digit) {
    second = second || (t.significant && t.applies);
  }
  tally.digits_last_clean += last ? 1 : 0;
  tally.digits_second_clean += second ? 1 : 0;
  tally.digits_detected += d_invented->flagged ? 1 : 0;
  tally.digits_on_whole += d_whole->flagged ? 1 : 0;
  return true;
}

void PrintRates(const Tally& tally, int64_t seeds) {
  const auto rate = [seeds](int64_t n) {
    return fmt::format("{}/{} ({:.1f} %)", n, seeds,
                       100.0 * static_cast<double>(n) / static_cast<double>(seeds));
  };
  fmt::print("integer percentages, clean:   flagged {} (turnout {}, leader share {})\n",
             rate(tally.integer_clean), rate(tally.integer_turnout_clean),
             rate(tally.integer_leader_clean));
  fmt::print("integer percentages, 1 % of precincts whole: detected {}\n",
             rate(tally.integer_detected));
  if (seeds > 1) {
    const auto n = static_cast<double>(seeds);
    for (int m = 0; m < 2; ++m) {
      const double mean = tally.z_sum[m] / n;
      const double sd = std::sqrt((tally.z_square_sum[m] - (n * mean * mean)) / (n - 1));
      fmt::print("integer percentages, clean z of {}: mean {:.3f}, sd {:.3f}\n",
                 m == 0 ? "turnout" : "leader share", mean, sd);
    }
  }
  fmt::print("digit tests, clean:           flagged {} (last digit {}, second digit {})\n",
             rate(tally.digits_clean), rate(tally.digits_last_clean),
             rate(tally.digits_second_clean));
  fmt::print("digit tests, 5 % of precincts with invented last digits: detected {}\n",
             rate(tally.digits_detected));
  fmt::print("digit tests, 1 % whole percentages (not their target): flagged {}\n",
             rate(tally.digits_on_whole));
}

// --benchmark N: both tests' time on one clean table of N precincts. The exit code.
int Benchmark(int64_t precincts, Sizes sizes) {
  const PrecinctTable table = Draw(precincts, 1, Irregularity::kNone, 0, sizes);
  // Wall time on a shared machine, and the CPU time of this process.
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  const auto integer = esep::fingerprints::TestIntegerPercentages(table, {});
  const auto middle = std::chrono::steady_clock::now();
  const std::clock_t cpu_middle = std::clock();
  const auto digits = esep::fingerprints::RunDigitTests(table, {});
  const auto end = std::chrono::steady_clock::now();
  const std::clock_t cpu_end = std::clock();
  if (!integer || !digits) {
    return 1;
  }
  const auto cpu = [](std::clock_t from, std::clock_t to) {
    return static_cast<double>(to - from) / CLOCKS_PER_SEC;
  };
  fmt::print(
      "benchmark, {} precincts: integer percentages {:.3f} s wall, {:.3f} s CPU; digit tests "
      "{:.3f} s wall, {:.3f} s CPU\n",
      precincts, std::chrono::duration<double>(middle - start).count(), cpu(cpu_start, cpu_middle),
      std::chrono::duration<double>(end - middle).count(), cpu(cpu_middle, cpu_end));
  return 0;
}

int Run(int argc, char** argv) {
  const std::optional<Config> config = ParseArguments(argc, argv);
  if (!config.has_value()) {
    return 2;
  }
  fmt::print(
      "SYNTHETIC binomial tables, {} precincts ({} sizes), {} seeds; alpha 0.01 per statistic\n",
      config->precincts, config->sizes == Sizes::kNarrow ? "narrow, 500-2,500" : "wide, 200-20,000",
      config->seeds);
  Tally tally;
  for (int64_t seed = 1; seed <= config->seeds; ++seed) {
    if (!AddSeed(*config, static_cast<uint64_t>(seed), tally)) {
      return 1;
    }
  }
  PrintRates(tally, config->seeds);
  if (config->benchmark > 0) {
    return Benchmark(config->benchmark, config->sizes);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const std::exception& e) {
    fmt::print(stderr, "esep_audit_fingerprint_rates: {}\n", e.what());
    return 1;
  }
}
