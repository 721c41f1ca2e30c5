// esep_audit_validation: how often each test of the precinct-level suite
// (fingerprints/precinct_suite.h) flags on synthetic elections from the generator
// (synth/generator.h): the false-positive rate on clean elections and the detection rate with
// irregularities injected at known rates (docs/formats/ground-truth.md). Each election is written
// to a scratch directory, read back with PrecinctTableFromDirectory, run through the whole suite
// (the Klimek model fit only with
// --fit), and the directory is removed. Rates come with 95 % Wilson intervals; the clean row
// says whether each rate is consistent with the nominal level alpha. Everything is synthetic.
// Deterministic given the seeds (threads only split the seeds). docs/forensics.md ("Validation")
// gives the numbers.
//
// Usage: esep_audit_validation [--seeds N] [--first-seed S] [--precincts N] [--alpha A]
//            [--scenario SPEC]... [--fit] [--digits-min-count N] [--threads T] [--like DIR]
//            [--work DIR]
// A scenario is "clean" or an --inject spec ("stuffing=0.02"); without --scenario the default
// set runs. Progress goes to stderr, the Markdown table to stdout.
//        esep_audit_validation --time DIR
// times reading DIR's protocols and each section of the suite, fit included (bench/audit.sh).

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <variant>
#include <vector>

#include <fmt/format.h>
#include <unistd.h>

#include "fingerprints/precinct_suite.h"
#include "io/election_data.h"
#include "precincts/precinct_sources.h"
#include "series_flags.h"
#include "synth/generator.h"
#include "synth/irregularities.h"
#include "wilson_interval.h"

namespace {

using esep::fingerprints::PrecinctSuite;
using esep::fingerprints::PrecinctSuiteOptions;
using esep::precincts::PrecinctTable;

using esep::tools::Wilson;
using Interval = esep::tools::WilsonInterval;

// Per scenario and section: elections run, flagged, and unavailable (the test could not run).
struct Count {
  int64_t runs = 0;
  int64_t flagged = 0;
  int64_t unavailable = 0;
  double seconds = 0;
};

struct Config {
  int64_t seeds = 100;
  int64_t first_seed = 1;
  int64_t precincts = 10'223;
  double alpha = 0.01;
  bool fit = false;
  int64_t digits_min_count = 10;  // DigitTestsOptions::min_count
  int threads = 2;
  std::vector<std::string> scenarios;
  std::string like_directory = std::string(ESEP_SOURCE_DIR) + "/data/elections/kz-majilis-2023";
  std::string work = std::filesystem::temp_directory_path().string();
  std::string time_directory;  // --time DIR: time the suite on one election instead
};

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Processor time (user + system) of the whole process so far, in seconds.
double ProcessorSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// --time DIR: the wall and processor time to read DIR's protocols into a table, then of each
// section of the whole suite (Klimek model fit included; its fit and histogram apart), one line
// each, "name wall processor", for bench/audit.sh. The Klimek section runs on one thread, so
// its fit's processor time is the section's less the histogram's wall time.
int Time(const Config& config) {
  const auto start = std::chrono::steady_clock::now();
  const double start_cpu = ProcessorSeconds();
  esep::Result<PrecinctTable> table =
      esep::precincts::PrecinctTableFromDirectory(config.time_directory);
  if (!table.has_value()) {
    std::cerr << "esep_audit_validation: " << table.error().message() << "\n";
    return 1;
  }
  const double load = SecondsSince(start);
  const double load_cpu = ProcessorSeconds() - start_cpu;
  std::cout << fmt::format("precincts {} 0\nload {:.3f} {:.3f}\n", table->size(), load, load_cpu);
  PrecinctSuiteOptions options;
  options.alpha = config.alpha;
  options.digits.min_count = config.digits_min_count;
  double wall_but_fit = load;
  double cpu_but_fit = load_cpu;
  for (const esep::fingerprints::PrecinctTest& test : esep::fingerprints::DefaultPrecinctTests()) {
    const auto test_start = std::chrono::steady_clock::now();
    const double test_start_cpu = ProcessorSeconds();
    const esep::fingerprints::SuiteSection section = test.run(*table, options);
    const double wall = SecondsSince(test_start);
    const double cpu = ProcessorSeconds() - test_start_cpu;
    std::cout << fmt::format("{} {:.3f} {:.3f}\n", section.id, wall, cpu);
    if (const auto* klimek = std::get_if<esep::fingerprints::KlimekFingerprint>(&section.result);
        klimek != nullptr) {
      const double fit = klimek->fit_seconds;
      const double histogram = klimek->histogram_seconds;
      std::cout << fmt::format("klimek_histogram {:.3f} {:.3f}\nklimek_fit {:.3f} {:.3f}\n",
                               histogram, histogram, fit, std::max(0.0, cpu - histogram));
      wall_but_fit += wall - fit;
      cpu_but_fit += histogram;
    } else {
      wall_but_fit += wall;
      cpu_but_fit += cpu;
    }
  }
  std::cout << fmt::format("all_but_fit {:.3f} {:.3f}\n", wall_but_fit, cpu_but_fit);
  return 0;
}

// The command line, or nothing (after printing the usage) when an argument is not understood.
std::optional<Config> ParseArguments(int argc, char** argv) {
  Config config;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (esep::tools::TakeSeriesFlag(argc, argv, i, config)) {
      continue;
    }
    if (arg == "--alpha" && has_value) {
      config.alpha = std::atof(argv[++i]);
    } else if (arg == "--digits-min-count" && has_value) {
      config.digits_min_count = std::max<int64_t>(10, std::atoll(argv[++i]));
    } else if (arg == "--fit") {
      config.fit = true;
    } else if (arg == "--threads" && has_value) {
      config.threads = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--time" && has_value) {
      config.time_directory = argv[++i];
    } else {
      std::cerr << "usage: esep_audit_validation [--seeds N] [--first-seed S] [--precincts N] "
                   "[--alpha A] [--scenario clean|INJECT]... [--fit] [--digits-min-count N] "
                   "[--threads T] [--like DIR] [--work DIR] | --time DIR\n";
      return std::nullopt;
    }
  }
  return config;
}

// The scenarios docs/forensics.md tabulates: clean, then each kind of irregularity at a low, a
// middle and a high rate.
std::vector<std::string> DefaultScenarios() {
  return {"clean",        "stuffing=0.01", "stuffing=0.05", "stuffing=0.2",  "turnout=0.01",
          "turnout=0.05", "turnout=0.2",   "transfer=0.01", "transfer=0.05", "transfer=0.2",
          "round=0.005",  "round=0.02",    "round=0.05"};
}

// One generator setting per scenario, or nothing (after printing why) for a bad --inject spec.
std::optional<std::vector<esep::synth::GeneratorOptions>> ScenarioGenerators(const Config& config) {
  std::vector<esep::synth::GeneratorOptions> generators;
  for (const std::string& scenario : config.scenarios) {
    esep::synth::GeneratorOptions generator;
    generator.precincts = config.precincts;
    if (scenario != "clean") {
      esep::Result<esep::synth::InjectOptions> inject = esep::synth::ParseInjectSpec(scenario);
      if (!inject.has_value()) {
        std::cerr << inject.error().message() << "\n";
        return std::nullopt;
      }
      generator.inject = *inject;
    }
    generators.push_back(generator);
  }
  return generators;
}

PrecinctSuiteOptions SuiteOptions(const Config& config) {
  PrecinctSuiteOptions suite_options;
  suite_options.alpha = config.alpha;
  suite_options.digits.min_count = config.digits_min_count;
  suite_options.klimek.fit = config.fit ? esep::fingerprints::KlimekModelFit::kYes
                                        : esep::fingerprints::KlimekModelFit::kNo;
  return suite_options;
}

// What every election run adds up to: counts[scenario][section id], the sections in the order of
// the first suite run, and the wall time of all runs.
struct Tally {
  std::vector<std::map<std::string, Count>> counts;
  std::vector<std::string> section_order;
  double elapsed = 0;
};

// REQUIRES: the caller holds the lock that guards `tally`.
void RecordSuite(const PrecinctSuite& suite, size_t scenario, Tally& tally) {
  for (const esep::fingerprints::SuiteSection& section : suite.sections) {
    if (std::find(tally.section_order.begin(), tally.section_order.end(), section.id) ==
        tally.section_order.end()) {
      tally.section_order.push_back(section.id);
    }
    Count& count = tally.counts[scenario][section.id];
    ++count.runs;
    count.flagged += section.flagged ? 1 : 0;
    count.unavailable += section.available ? 0 : 1;
    count.seconds += section.seconds;
  }
}

// Generates, reads back and audits every (seed, scenario) election on config.threads threads,
// each in its own scratch directory; nothing (after printing why) when an election fails.
std::optional<Tally> RunElections(const Config& config, const esep::model::ElectionData& like,
                                  const std::vector<esep::synth::GeneratorOptions>& generators) {
  const PrecinctSuiteOptions suite_options = SuiteOptions(config);
  const std::vector<esep::fingerprints::PrecinctTest> tests =
      esep::fingerprints::DefaultPrecinctTests();
  Tally tally;
  tally.counts.resize(config.scenarios.size());
  std::mutex mutex;
  std::atomic<int64_t> next{0};
  std::atomic<bool> failed{false};
  const int64_t jobs = config.seeds * static_cast<int64_t>(config.scenarios.size());
  std::atomic<int64_t> done{0};
  const auto start = std::chrono::steady_clock::now();

  auto worker = [&](int thread) {
    const std::string directory =
        fmt::format("{}/esep-validation-{}-{}", config.work, static_cast<long>(getpid()), thread);
    for (;;) {
      const int64_t job = next.fetch_add(1);
      if (job >= jobs || failed.load()) {
        break;
      }
      // Seed-major order: every scenario of a seed before the next seed, so that a run stopped
      // early has all scenarios on the same seeds.
      const auto scenario = static_cast<size_t>(job % static_cast<int64_t>(generators.size()));
      esep::synth::GeneratorOptions generator = generators[scenario];
      generator.seed =
          static_cast<uint64_t>(config.first_seed + job / static_cast<int64_t>(generators.size()));
      std::filesystem::remove_all(directory);
      esep::Result<esep::synth::GeneratorSummary> written =
          esep::synth::GenerateElection(like, generator, directory);
      if (!written.has_value()) {
        std::cerr << written.error().message() << "\n";
        failed = true;
        break;
      }
      esep::Result<PrecinctTable> table = esep::precincts::PrecinctTableFromDirectory(directory);
      if (!table.has_value()) {
        std::cerr << table.error().message() << "\n";
        failed = true;
        break;
      }
      const PrecinctSuite suite =
          esep::fingerprints::RunPrecinctSuite(*table, suite_options, tests);
      {
        const std::lock_guard<std::mutex> lock(mutex);
        RecordSuite(suite, scenario, tally);
      }
      const int64_t finished = done.fetch_add(1) + 1;
      const double elapsed =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::cerr << fmt::format("[{}/{}] seed {} {}: {:.1f} s elapsed\n", finished, jobs,
                               generator.seed, config.scenarios[scenario], elapsed);
    }
    std::filesystem::remove_all(directory);
  };
  std::vector<std::thread> threads;
  threads.reserve(static_cast<size_t>(config.threads));
  for (int t = 0; t < config.threads; ++t) {
    threads.emplace_back(worker, t);
  }
  for (std::thread& t : threads) {
    t.join();
  }
  if (failed.load()) {
    return std::nullopt;
  }
  tally.elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return tally;
}

// The Markdown table: one row per scenario, one cell per section with its rate and interval.
void PrintRateTable(const Config& config, const std::string& like_id, Tally& tally) {
  std::cout << fmt::format(
      "Flag rate of each precinct-suite test at alpha {:g} on SYNTHETIC elections shaped like "
      "{}: {} precincts, seeds {}..{}, Klimek model fit {}, digit tests on counts >= {}. Each "
      "cell: flagged / elections = "
      "rate [95 % Wilson interval]. The clean row is the false-positive rate, the others the "
      "detection rate.\n\n",
      config.alpha, like_id, config.precincts, config.first_seed,
      config.first_seed + config.seeds - 1, config.fit ? "on" : "off", config.digits_min_count);
  std::string header = "| scenario |";
  std::string rule = "|---|";
  for (const std::string& id : tally.section_order) {
    header += fmt::format(" {} |", id);
    rule += "---|";
  }
  std::cout << header << "\n" << rule << "\n";
  for (size_t s = 0; s < config.scenarios.size(); ++s) {
    std::string line = fmt::format("| {} |", config.scenarios[s]);
    for (const std::string& id : tally.section_order) {
      const Count& count = tally.counts[s][id];
      if (count.unavailable == count.runs) {
        line += " n/a |";
        continue;
      }
      if (id == "klimek" && !config.fit) {
        line += " (fit off) |";  // without the model fit the Klimek rule cannot flag
        continue;
      }
      const Interval interval = Wilson(count.flagged, count.runs);
      line += fmt::format(" {}/{} = {:.3f} [{:.3f}, {:.3f}] |", count.flagged, count.runs,
                          static_cast<double>(count.flagged) / static_cast<double>(count.runs),
                          interval.low, interval.high);
    }
    std::cout << line << "\n";
  }
}

// The nominal-level check on the clean scenario: a rate is consistent with alpha when the
// interval's lower end is at or below alpha.
void PrintNominalCheck(const Config& config, Tally& tally) {
  for (size_t s = 0; s < config.scenarios.size(); ++s) {
    if (config.scenarios[s] != "clean") {
      continue;
    }
    std::cout << "\nClean elections against the nominal level " << config.alpha << ":\n";
    for (const std::string& id : tally.section_order) {
      if (id == "klimek" && !config.fit) {
        continue;
      }
      const Count& count = tally.counts[s][id];
      const Interval interval = Wilson(count.flagged, count.runs);
      const double rate = static_cast<double>(count.flagged) / static_cast<double>(count.runs);
      std::cout << fmt::format("- {}: {:.3f} — {}\n", id, rate,
                               rate <= config.alpha ? "at or below the nominal level"
                               : interval.low <= config.alpha
                                   ? "above alpha but consistent with it (interval covers it)"
                                   : "ABOVE the nominal level (interval excludes it)");
    }
  }
}

void PrintTimes(const Config& config, const Tally& tally) {
  std::cout << "\nMean seconds per election and section (volatile):";
  for (const std::string& id : tally.section_order) {
    double seconds = 0;
    int64_t runs = 0;
    for (const auto& scenario : tally.counts) {
      auto found = scenario.find(id);
      if (found != scenario.end()) {
        seconds += found->second.seconds;
        runs += found->second.runs;
      }
    }
    std::cout << fmt::format(" {} {:.3f};", id, runs > 0 ? seconds / static_cast<double>(runs) : 0);
  }
  std::cout << fmt::format("\nWall time {:.0f} s on {} thread(s).\n", tally.elapsed,
                           config.threads);
}

int Run(int argc, char** argv) {
  std::optional<Config> parsed = ParseArguments(argc, argv);
  if (!parsed.has_value()) {
    return 2;
  }
  Config& config = *parsed;
  if (!config.time_directory.empty()) {
    return Time(config);
  }
  if (config.seeds <= 0 || config.precincts <= 0 || !(config.alpha > 0 && config.alpha < 1)) {
    std::cerr << "esep_audit_validation: --seeds and --precincts must be positive and --alpha "
                 "in (0, 1)\n";
    return 2;
  }
  if (config.scenarios.empty()) {
    config.scenarios = DefaultScenarios();
  }
  esep::Result<esep::model::ElectionData> like =
      esep::io::LoadElectionDirectory(config.like_directory);
  if (!like.has_value()) {
    std::cerr << "esep_audit_validation: " << like.error().message() << "\n";
    return 1;
  }
  const std::optional<std::vector<esep::synth::GeneratorOptions>> generators =
      ScenarioGenerators(config);
  if (!generators.has_value()) {
    return 2;
  }
  std::optional<Tally> tally = RunElections(config, *like, *generators);
  if (!tally.has_value()) {
    return 1;
  }
  // The table and the check read counts with operator[], which adds an empty count for a section
  // a scenario never ran; PrintTimes sums those zeros harmlessly.
  PrintRateTable(config, like->definition.id(), *tally);
  PrintNominalCheck(config, *tally);
  PrintTimes(config, *tally);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "esep_audit_validation: " << e.what() << "\n";
    return 1;
  }
}
