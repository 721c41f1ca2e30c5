// esep_audit_integer_rates: how often the integer-percentage test (fingerprints/
// integer_percentages.h) flags SYNTHETIC elections from the generator, with esep's default
// definitions and with each method preset's (--method-preset kobak2016): per measure (turnout,
// leader's share, "either") and for the test as a whole, with 95 % Wilson intervals, and the mean
// and standard deviation of each measure's z over the seeds (0 and 1 when the null's expectation
// is calibrated). Without --inject the elections are clean, so the rates are false-positive
// rates; with --inject SPEC (as `esep generate --inject`) they are detection rates. Each election
// is written to a scratch directory, read back with PrecinctTableFromDirectory and removed.
// Deterministic given the seeds. Not a test: run by hand; docs/forensics-integer-digits.md and
// docs/reproducing-published-analyses.md give the numbers.
//
// Usage: esep_audit_integer_rates [--seeds N] [--first-seed S] [--precincts N] [--alpha A]
//            [--inject SPEC] [--like DIR] [--work DIR]

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <unistd.h>

#include "fingerprints/integer_percentages.h"
#include "fingerprints/method_presets.h"
#include "io/election_data.h"
#include "precincts/precinct_sources.h"
#include "synth/generator.h"
#include "synth/irregularities.h"
#include "wilson_interval.h"

namespace {

using esep::fingerprints::IntegerPercentages;
using esep::fingerprints::IntegerPercentagesMeasure;
using esep::fingerprints::IntegerPercentagesOptions;

struct Config {
  int64_t seeds = 300;
  int64_t first_seed = 1;
  int64_t precincts = 2000;
  double alpha = 0.01;
  std::string inject;
  std::string like_directory = std::string(ESEP_SOURCE_DIR) + "/data/elections/kz-majilis-2023";
  std::string work = std::filesystem::temp_directory_path().string();
};

// The 95 % Wilson score interval of k successes in n trials, as "k/n = r [lo, hi]".
std::string Rate(int64_t k, int64_t n) {
  if (n <= 0) {
    return "—";
  }
  const esep::tools::WilsonInterval interval = esep::tools::Wilson(k, n);
  return fmt::format("{}/{} = {:.3f} [{:.3f}, {:.3f}]", k, n,
                     static_cast<double>(k) / static_cast<double>(n), interval.low, interval.high);
}

// Flags and the running moments of z of one measure over the seeds.
struct Tally {
  int64_t runs = 0;
  int64_t flagged = 0;
  double z_sum = 0;
  double z_squares = 0;

  void Add(const IntegerPercentagesMeasure& m) {
    ++runs;
    flagged += m.flagged ? 1 : 0;
    z_sum += m.z;
    z_squares += m.z * m.z;
  }
  std::string Row(std::string_view name) const {
    const double n = static_cast<double>(runs);
    const double mean = runs > 0 ? z_sum / n : 0.0;
    const double sd = runs > 1 ? std::sqrt((z_squares - n * mean * mean) / (n - 1)) : 0.0;
    return fmt::format("| {} | {} | {:+.2f} | {:.2f} |\n", name, Rate(flagged, runs), mean, sd);
  }
};

struct Definitions {
  std::string name;
  IntegerPercentagesOptions options;
  Tally turnout;
  Tally share;
  Tally either;
  int64_t flagged = 0;
  int64_t unavailable = 0;
};

bool ParseArguments(int argc, char** argv, Config& config) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (i + 1 >= argc) {
      std::cerr << "esep_audit_integer_rates: " << flag << " needs a value\n";
      return false;
    }
    const char* value = argv[++i];
    if (flag == "--seeds") {
      config.seeds = std::atoll(value);
    } else if (flag == "--first-seed") {
      config.first_seed = std::atoll(value);
    } else if (flag == "--precincts") {
      config.precincts = std::atoll(value);
    } else if (flag == "--alpha") {
      config.alpha = std::atof(value);
    } else if (flag == "--inject") {
      config.inject = value;
    } else if (flag == "--like") {
      config.like_directory = value;
    } else if (flag == "--work") {
      config.work = value;
    } else {
      std::cerr << "esep_audit_integer_rates: unknown flag " << flag << "\n";
      return false;
    }
  }
  return config.seeds > 0 && config.precincts > 0;
}

int Run(int argc, char** argv) {
  Config config;
  if (!ParseArguments(argc, argv, config)) {
    return 2;
  }
  const esep::Result<esep::model::ElectionData> like =
      esep::io::LoadElectionDirectory(config.like_directory);
  if (!like.has_value()) {
    std::cerr << "esep_audit_integer_rates: " << like.error().message() << "\n";
    return 1;
  }
  esep::synth::GeneratorOptions generator{.precincts = config.precincts};
  if (!config.inject.empty()) {
    esep::Result<esep::synth::InjectOptions> inject = esep::synth::ParseInjectSpec(config.inject);
    if (!inject.has_value()) {
      std::cerr << "esep_audit_integer_rates: " << inject.error().message() << "\n";
      return 2;
    }
    generator.inject = *inject;
  }
  std::vector<Definitions> definitions(1);
  definitions[0].name = "esep default";
  for (const esep::fingerprints::MethodPreset& preset : esep::fingerprints::MethodPresets()) {
    if (preset.apply == nullptr) {
      continue;  // a table of its own (eftoolkit), not settings of the integer-percentage test
    }
    esep::fingerprints::PrecinctSuiteOptions suite;
    preset.apply(suite);
    definitions.push_back({.name = std::string(preset.name), .options = suite.integer_percentages});
  }
  for (Definitions& d : definitions) {
    d.options.alpha = config.alpha;
  }
  for (int64_t s = 0; s < config.seeds; ++s) {
    generator.seed = static_cast<uint64_t>(config.first_seed + s);
    const std::filesystem::path dir =
        std::filesystem::path(config.work) /
        fmt::format("esep-integer-rates-{}-{}", ::getpid(), generator.seed);
    std::filesystem::remove_all(dir);
    if (const auto made = esep::synth::GenerateElection(*like, generator, dir.string());
        !made.has_value()) {
      std::cerr << "esep_audit_integer_rates: " << made.error().message() << "\n";
      return 1;
    }
    const esep::Result<esep::precincts::PrecinctTable> table =
        esep::precincts::PrecinctTableFromDirectory(dir.string());
    std::filesystem::remove_all(dir);
    if (!table.has_value()) {
      std::cerr << "esep_audit_integer_rates: " << table.error().message() << "\n";
      return 1;
    }
    for (Definitions& d : definitions) {
      const esep::Result<IntegerPercentages> result =
          esep::fingerprints::TestIntegerPercentages(*table, d.options);
      if (!result.has_value()) {
        ++d.unavailable;
        continue;
      }
      d.turnout.Add(result->turnout);
      d.share.Add(result->leader_share);
      if (result->either.has_value()) {
        d.either.Add(*result->either);
      }
      d.flagged += result->flagged ? 1 : 0;
    }
    std::cerr << fmt::format("\rseed {} of {}", s + 1, config.seeds) << std::flush;
  }
  std::cerr << "\n";
  std::cout << fmt::format(
      "SYNTHETIC elections (esep generate like {}): {} precincts, seeds {}..{}, inject '{}', "
      "alpha {}\n\n",
      config.like_directory, config.precincts, config.first_seed,
      config.first_seed + config.seeds - 1, config.inject.empty() ? "none" : config.inject,
      config.alpha);
  std::cout << "| definitions: measure | flagged (95 % interval) | mean z | sd z |\n"
               "|---|---|---|---|\n";
  for (const Definitions& d : definitions) {
    const int64_t runs = config.seeds - d.unavailable;
    std::cout << d.turnout.Row(d.name + ": turnout") << d.share.Row(d.name + ": leader share");
    if (d.either.runs > 0) {
      std::cout << d.either.Row(d.name + ": either");
    }
    std::cout << fmt::format("| {}: the test (any measure) | {} | | |\n", d.name,
                             Rate(d.flagged, runs));
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const std::exception& e) {  // fmt, the standard library
    std::cerr << "esep_audit_integer_rates: " << e.what() << "\n";
    return 1;
  }
}
