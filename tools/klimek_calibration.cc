// esep_audit_klimek_calibration: the fitted Klimek fraud parameters f_i and f_e, and how often
// the decision rule (fingerprints/klimek_fingerprint.h) flags, on synthetic elections from the
// generator (synth/generator.h): clean ones, and ones with irregularities injected at known
// rates (docs/formats/ground-truth.md). Each election is written to a scratch directory,
// its party-list precinct protocols are read back from protocols.csv into a PrecinctTable
// (registered = voters on the list, ballots = stationary + mobile boxes, valid = valid ballots,
// votes = the lists' votes; only PEC- commissions), analysed, and the directory is removed.
// Everything is synthetic. Deterministic per seed. docs/forensics-klimek.md gives the numbers.
//
// Usage: esep_audit_klimek_calibration [--seeds N] [--first-seed S] [--precincts N]
//            [--scenario SPEC]... [--like DIR] [--work DIR] [--bench N]
// A scenario is "clean" or an --inject spec ("stuffing=0.02"); without --scenario the default
// set runs. --bench N also times AnalyzeKlimek on N precincts drawn from the model itself.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <unistd.h>

#include "fingerprints/klimek_fingerprint.h"
#include "fingerprints/klimek_model.h"
#include "io/election_data.h"
#include "io/protocol_csv.h"
#include "precincts/precinct_table.h"
#include "series_flags.h"
#include "synth/generator.h"
#include "synth/irregularities.h"

namespace {

using esep::fingerprints::AnalyzeKlimek;
using esep::fingerprints::KlimekFingerprint;
using esep::fingerprints::KlimekOptions;
using esep::precincts::PrecinctTable;

esep::Result<PrecinctTable> ReadListTable(const std::string& directory, size_t choices) {
  std::ifstream in(directory + "/protocols.csv", std::ios::binary);
  if (!in) {
    return esep::UnavailableError("cannot read " + directory + "/protocols.csv");
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  PrecinctTable table;
  table.source = directory + "/protocols.csv (synthetic)";
  table.synthetic = true;
  for (size_t c = 0; c < choices; ++c) {
    table.choice_names.push_back(fmt::format("list {}", c + 1));
  }
  esep::Status first_error = esep::OkStatus();
  RETURN_IF_ERROR(esep::io::ReadProtocolCsv(
      text, directory + "/protocols.csv", [&](esep::io::ProtocolRow&& row) {
        if (!first_error.ok()) {
          return;
        }
        if (!row.protocol.has_value()) {
          first_error = esep::InvalidArgumentError(row.error);
          return;
        }
        const esep::protocol::Protocol& p = *row.protocol;
        if (p.contest.kind != esep::protocol::ContestRef::Kind::kPartyList ||
            !p.commission_id.starts_with("PEC-")) {
          return;
        }
        std::vector<int64_t> votes = p.choice_votes;
        votes.resize(choices, 0);
        first_error = table.Add({.id = p.commission_id,
                                 .group = "",
                                 .registered = p.voters_on_list,
                                 .ballots = p.ballots_in_boxes(),
                                 .valid = p.valid_ballots,
                                 .votes = std::move(votes)});
      }));
  RETURN_IF_ERROR(first_error);
  return table;
}

struct Stats {
  std::vector<double> values;
  void Add(double v) { values.push_back(v); }
  double Mean() const {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return values.empty() ? 0 : sum / static_cast<double>(values.size());
  }
  double Sd() const {
    if (values.size() < 2) {
      return 0;
    }
    const double mean = Mean();
    double sum = 0;
    for (double v : values) {
      sum += (v - mean) * (v - mean);
    }
    return std::sqrt(sum / static_cast<double>(values.size() - 1));
  }
  double Quantile(double q) const {
    if (values.empty()) {
      return 0;
    }
    std::vector<double> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    const auto index = static_cast<size_t>(std::ceil(q * static_cast<double>(sorted.size()))) - 1;
    return sorted[std::min(index, sorted.size() - 1)];
  }
};

struct Config {
  int64_t seeds = 20;
  int64_t first_seed = 1;
  int64_t precincts = 10'223;
  int64_t bench = 0;
  std::vector<std::string> scenarios;
  std::string like_directory = std::string(ESEP_SOURCE_DIR) + "/data/elections/kz-majilis-2023";
  std::string work = std::filesystem::temp_directory_path().string();
};

// The command line, or nothing (after printing the usage) when an argument is not understood.
std::optional<Config> ParseArguments(int argc, char** argv) {
  Config config;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (esep::tools::TakeSeriesFlag(argc, argv, i, config)) {
      continue;
    }
    if (arg == "--bench" && has_value) {
      config.bench = std::atoll(argv[++i]);
    } else {
      std::cerr << "usage: esep_audit_klimek_calibration [--seeds N] [--first-seed S] "
                   "[--precincts N] [--scenario clean|INJECT]... [--like DIR] [--work DIR] "
                   "[--bench N]\n";
      return std::nullopt;
    }
  }
  if (config.scenarios.empty()) {
    config.scenarios = {"clean",        "stuffing=0.01", "stuffing=0.02", "stuffing=0.05",
                        "stuffing=0.1", "turnout=0.02",  "turnout=0.05",  "transfer=0.05"};
  }
  return config;
}

// --bench N: times AnalyzeKlimek on N precincts drawn from the model itself, so the time does not
// depend on the generator or on reading files. The process exit code.
int Benchmark(int64_t precincts, const KlimekOptions& options) {
  const esep::fingerprints::KlimekCleanModel clean{0.6, 0.1, 0.55, 0.1};
  const esep::fingerprints::KlimekFraudModel fraud{.incremental = 0.1, .extreme = 0.01};
  const PrecinctTable table =
      esep::fingerprints::SimulateKlimekTable(clean, fraud, precincts, 1500, 1);
  const auto start = std::chrono::steady_clock::now();
  esep::Result<KlimekFingerprint> f = AnalyzeKlimek(table, options);
  const double total =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!f.has_value()) {
    std::cerr << f.error().message() << "\n";
    return 1;
  }
  std::cout << fmt::format(
      "Benchmark: {} precincts drawn from the model (synthetic; injected f_i 0.1, theta 0.1, "
      "f_e 0.01): histogram "
      "{:.3f} s, fit {:.3f} s, total {:.3f} s; fitted f_i {:.4f}, f_e {:.4f}\n",
      precincts, f->histogram_seconds, f->fit_seconds, total, f->fit.fraud.incremental,
      f->fit.fraud.extreme);
  return 0;
}

// One scenario's fitted parameters and flags over its seeds.
struct ScenarioStats {
  Stats incremental;
  Stats extreme;
  Stats corner;
  Stats fit_seconds;
  int64_t flagged = 0;
};

// With ESEP_KLIMEK_VERBOSE set: one seed's whole fit, for seeing why a seed flags.
void PrintSeed(int64_t seed, const KlimekFingerprint& f) {
  std::cout << fmt::format(
      "  seed {}: f_i {:.4f} f_e {:.4f} theta {:.3f} alpha {:g} clean ({:.3f} {:.3f} "
      "{:.3f} {:.3f}) G2 {:.0f} / {:.0f}\n",
      seed, f.fit.fraud.incremental, f.fit.fraud.extreme, f.fit.fraud.theta, f.fit.fraud.alpha,
      f.fit.clean.turnout_mean, f.fit.clean.turnout_sd, f.fit.clean.share_mean,
      f.fit.clean.share_sd, f.fit.deviance, f.fit.deviance_clean);
}

// Generates, reads back and analyses the scenario's election for every seed in `directory`;
// nothing (after printing why) when an election fails.
std::optional<ScenarioStats> RunSeeds(const Config& config, const esep::model::ElectionData& like,
                                      esep::synth::GeneratorOptions generator,
                                      const std::string& directory, const KlimekOptions& options) {
  const size_t choices = like.definition.parties().size();
  ScenarioStats stats;
  for (int64_t seed = config.first_seed; seed < config.first_seed + config.seeds; ++seed) {
    generator.seed = static_cast<uint64_t>(seed);
    std::filesystem::remove_all(directory);
    esep::Result<esep::synth::GeneratorSummary> written =
        esep::synth::GenerateElection(like, generator, directory);
    if (!written.has_value()) {
      std::cerr << written.error().message() << "\n";
      return std::nullopt;
    }
    esep::Result<PrecinctTable> table = ReadListTable(directory, choices);
    if (!table.has_value()) {
      std::cerr << table.error().message() << "\n";
      return std::nullopt;
    }
    esep::Result<KlimekFingerprint> f = AnalyzeKlimek(*table, options);
    if (!f.has_value()) {
      std::cerr << f.error().message() << "\n";
      return std::nullopt;
    }
    stats.incremental.Add(f->fit.fraud.incremental);
    stats.extreme.Add(f->fit.fraud.extreme);
    stats.corner.Add(static_cast<double>(f->corner.precincts));
    stats.fit_seconds.Add(f->fit_seconds);
    stats.flagged += f->flagged ? 1 : 0;
    if (std::getenv("ESEP_KLIMEK_VERBOSE") != nullptr) {
      PrintSeed(seed, *f);
    }
  }
  return stats;
}

void PrintScenarioRow(const std::string& scenario, const ScenarioStats& stats, int64_t seeds) {
  std::cout << fmt::format(
      "{:<15} | {:.4f} ({:.4f})   | {:.4f} / {:.4f} | {:.5f}  | {:.5f}  | {:6.2f} | {:>3}/{:<3} "
      "= {:.2f} | {:.2f}\n",
      scenario, stats.incremental.Mean(), stats.incremental.Sd(), stats.incremental.Quantile(0.95),
      stats.incremental.Quantile(1.0), stats.extreme.Mean(), stats.extreme.Quantile(1.0),
      stats.corner.Mean(), stats.flagged, seeds,
      static_cast<double>(stats.flagged) / static_cast<double>(seeds), stats.fit_seconds.Mean());
}

// The calibration table: one row per scenario, printed as soon as its seeds are done. A bad
// scenario spec is reported when its turn comes, after the rows before it. The exit code.
int RunScenarios(const Config& config, const KlimekOptions& options) {
  esep::Result<esep::model::ElectionData> like =
      esep::io::LoadElectionDirectory(config.like_directory);
  if (!like.has_value()) {
    std::cerr << "esep_audit_klimek_calibration: " << like.error().message() << "\n";
    return 1;
  }
  std::cout << fmt::format(
      "Klimek fingerprint on SYNTHETIC elections shaped like {}: {} precincts, seeds {}..{}; "
      "rule f_i >= {:g} or f_e >= {:g}\n",
      like->definition.id(), config.precincts, config.first_seed,
      config.first_seed + config.seeds - 1, options.incremental_threshold,
      options.extreme_threshold);
  std::cout << "scenario        | f_i mean (sd)     | f_i p95 / max   | f_e mean | f_e max  | "
               "corner | flagged        | fit s\n";
  const std::string directory =
      fmt::format("{}/esep-klimek-calibration-{}", config.work, static_cast<long>(getpid()));
  for (const std::string& scenario : config.scenarios) {
    esep::synth::GeneratorOptions generator;
    generator.precincts = config.precincts;
    if (scenario != "clean") {
      esep::Result<esep::synth::InjectOptions> inject = esep::synth::ParseInjectSpec(scenario);
      if (!inject.has_value()) {
        std::cerr << inject.error().message() << "\n";
        return 2;
      }
      generator.inject = *inject;
    }
    const std::optional<ScenarioStats> stats =
        RunSeeds(config, *like, generator, directory, options);
    if (!stats.has_value()) {
      return 1;
    }
    std::filesystem::remove_all(directory);
    PrintScenarioRow(scenario, *stats, config.seeds);
  }
  return 0;
}

int Run(int argc, char** argv) {
  const std::optional<Config> config = ParseArguments(argc, argv);
  if (!config.has_value()) {
    return 2;
  }
  const KlimekOptions options;
  if (config->bench > 0) {
    const int benchmark = Benchmark(config->bench, options);
    if (benchmark != 0) {
      return benchmark;
    }
  }
  if (config->seeds <= 0) {
    return 0;
  }
  return RunScenarios(*config, options);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "esep_audit_klimek_calibration: " << e.what() << "\n";
    return 1;
  }
}
