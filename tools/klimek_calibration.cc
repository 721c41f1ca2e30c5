// esep_audit_klimek_calibration: the fitted Klimek fraud parameters f_i and f_e, and how often
// the decision rule (fingerprints/klimek_decision.h) flags, on synthetic elections from the
// generator (synth/generator.h): clean ones, to measure the false-positive rate by election size,
// and ones with irregularities injected at known rates (docs/formats/ground-truth.md), to set the
// true f_i and f_e (the fractions of precincts given `incremental` and `extreme` fraud) beside the
// fitted ones. Each election is written to a scratch directory, its party-list precinct protocols
// are read back from protocols.csv into a PrecinctTable (registered = voters on the list,
// ballots = stationary + mobile boxes, valid = valid ballots, votes = the lists' votes; only PEC-
// commissions), analysed, and the directory is removed. A "model:F_I,F_E,THETA,ALPHA" scenario
// draws the tables from the Klimek model itself instead. Everything is synthetic. Deterministic
// per seed. docs/forensics-klimek.md gives the numbers.
//
// Usage: esep_audit_klimek_calibration [--seeds N] [--first-seed S] [--precincts N]
//            [--sizes N,N,...] [--scenario SPEC]... [--like DIR] [--work DIR] [--bench N]
// A scenario is "clean", an --inject spec ("extreme=0.02,incremental=0.2") or "model:...";
// without --scenario, "clean". --sizes runs every scenario at each size (else --precincts).
// --bench N also times AnalyzeKlimek on N precincts drawn from the model itself.

#include <algorithm>
#include <charconv>
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

#include "fingerprints/klimek_decision.h"
#include "fingerprints/klimek_fingerprint.h"
#include "fingerprints/klimek_model.h"
#include "io/election_data.h"
#include "io/protocol_csv.h"
#include "precincts/precinct_table.h"
#include "series_flags.h"
#include "synth/generator.h"
#include "synth/irregularities.h"
#include "wilson_interval.h"

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
  std::vector<int64_t> sizes;
  int64_t bench = 0;
  std::vector<std::string> scenarios;
  std::string like_directory = std::string(ESEP_SOURCE_DIR) + "/data/elections/kz-majilis-2023";
  std::string work = std::filesystem::temp_directory_path().string();
};

// "20,100,1000" as numbers; empty when an item is not a positive whole number.
std::vector<int64_t> ParseSizes(std::string_view text) {
  std::vector<int64_t> sizes;
  while (!text.empty()) {
    const size_t comma = std::min(text.find(','), text.size());
    int64_t value = 0;
    const std::string_view item = text.substr(0, comma);
    const auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (error != std::errc() || end != item.data() + item.size() || value <= 0) {
      return {};
    }
    sizes.push_back(value);
    text.remove_prefix(std::min(text.size(), comma + 1));
  }
  return sizes;
}

void PrintUsage() {
  std::cerr << "usage: esep_audit_klimek_calibration [--seeds N] [--first-seed S] "
               "[--precincts N] [--sizes N,N,...] [--scenario clean|INJECT|model:FI,FE,THETA,"
               "ALPHA]... [--like DIR] [--work DIR] [--bench N]\n";
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
    if (arg == "--bench" && has_value) {
      config.bench = std::atoll(argv[++i]);
    } else if (arg == "--sizes" && has_value) {
      config.sizes = ParseSizes(argv[++i]);
      if (config.sizes.empty()) {
        PrintUsage();
        return std::nullopt;
      }
    } else {
      PrintUsage();
      return std::nullopt;
    }
  }
  if (config.scenarios.empty()) {
    config.scenarios = {"clean"};
  }
  if (config.sizes.empty()) {
    config.sizes = {config.precincts};
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
      "f_e 0.01): histogram {:.3f} s, fit {:.3f} s, total {:.3f} s; fitted f_i {:.4f}, f_e "
      "{:.4f}\n",
      precincts, f->histogram_seconds, f->fit_seconds, total, f->fit.fraud.incremental,
      f->fit.fraud.extreme);
  return 0;
}

// One (scenario, size)'s true and fitted parameters and flags over its seeds.
struct ScenarioStats {
  Stats true_incremental;
  Stats true_extreme;
  Stats incremental;  // fitted, over the fitted elections
  Stats extreme;
  Stats corner;
  Stats fit_seconds;
  int64_t elections = 0;
  int64_t fitted = 0;
  int64_t flagged = 0;
  int64_t flagged_incremental = 0;
  int64_t flagged_extreme = 0;
};

// With ESEP_KLIMEK_VERBOSE set: one seed's whole fit, for seeing why a seed flags.
void PrintSeed(int64_t seed, const KlimekFingerprint& f) {
  std::cout << fmt::format(
      "  seed {}: n {} f_i {:.4f} f_e {:.4f} theta {:.3f} alpha {:g} clean ({:.3f} {:.3f} "
      "{:.3f} {:.3f}) G2 {:.0f} / {:.0f} corner {} flagged {}{}\n",
      seed, f.precincts_used, f.fit.fraud.incremental, f.fit.fraud.extreme, f.fit.fraud.theta,
      f.fit.fraud.alpha, f.fit.clean.turnout_mean, f.fit.clean.turnout_sd, f.fit.clean.share_mean,
      f.fit.clean.share_sd, f.fit.deviance, f.fit.deviance_clean, f.corner.precincts,
      f.flagged_incremental ? "i" : "", f.flagged_extreme ? "e" : "");
  std::cout.flush();
}

void AddResult(const KlimekFingerprint& f, int64_t seed, ScenarioStats& stats) {
  ++stats.elections;
  stats.corner.Add(static_cast<double>(f.corner.precincts));
  if (f.fitted) {
    ++stats.fitted;
    stats.incremental.Add(f.fit.fraud.incremental);
    stats.extreme.Add(f.fit.fraud.extreme);
    stats.fit_seconds.Add(f.fit_seconds);
  }
  stats.flagged += f.flagged ? 1 : 0;
  stats.flagged_incremental += f.flagged_incremental ? 1 : 0;
  stats.flagged_extreme += f.flagged_extreme ? 1 : 0;
  if (std::getenv("ESEP_KLIMEK_VERBOSE") != nullptr && f.fitted) {
    PrintSeed(seed, f);
  }
}

// The fractions of the precincts that ground_truth.csv in `directory` lists as given incremental
// and extreme fraud (their list-protocol rows).
std::pair<double, double> TrueFractions(const std::string& directory, int64_t precincts) {
  std::ifstream in(directory + "/ground_truth.csv");
  int64_t incremental = 0;
  int64_t extreme = 0;
  for (std::string line; std::getline(in, line);) {
    incremental += line.find(",list,incremental,") != std::string::npos ? 1 : 0;
    extreme += line.find(",list,extreme,") != std::string::npos ? 1 : 0;
  }
  const auto n = static_cast<double>(std::max<int64_t>(1, precincts));
  return {static_cast<double>(incremental) / n, static_cast<double>(extreme) / n};
}

// A "model:F_I,F_E,THETA,ALPHA" scenario's fraud model, or nothing.
std::optional<esep::fingerprints::KlimekFraudModel> ModelScenario(std::string_view scenario) {
  if (!scenario.starts_with("model:")) {
    return std::nullopt;
  }
  std::istringstream in(std::string(scenario.substr(6)));
  esep::fingerprints::KlimekFraudModel fraud;
  char comma = 0;
  in >> fraud.incremental >> comma >> fraud.extreme >> comma >> fraud.theta >> comma >> fraud.alpha;
  if (!in || fraud.incremental < 0 || fraud.extreme < 0 || fraud.incremental + fraud.extreme > 1 ||
      fraud.theta <= 0 || fraud.alpha <= 0) {
    return std::nullopt;
  }
  return fraud;
}

// The scenario's election at `precincts` for `seed`: drawn from the model, or generated, written
// to `directory` and read back; with its true f_i and f_e.
esep::Result<PrecinctTable> ScenarioTable(const std::string& scenario, int64_t precincts,
                                          int64_t seed, const esep::model::ElectionData& like,
                                          const std::string& directory,
                                          std::pair<double, double>& truth) {
  if (const auto fraud = ModelScenario(scenario); fraud.has_value()) {
    truth = {fraud->incremental, fraud->extreme};
    return esep::fingerprints::SimulateKlimekTable({0.55, 0.1, 0.45, 0.1}, *fraud, precincts, 1500,
                                                   static_cast<uint64_t>(seed));
  }
  esep::synth::GeneratorOptions generator;
  generator.precincts = precincts;
  generator.seed = static_cast<uint64_t>(seed);
  if (scenario != "clean") {
    ASSIGN_OR_RETURN(generator.inject, esep::synth::ParseInjectSpec(scenario));
  }
  std::filesystem::remove_all(directory);
  RETURN_IF_ERROR(esep::synth::GenerateElection(like, generator, directory).status());
  truth = TrueFractions(directory, precincts);
  return ReadListTable(directory, like.definition.parties().size());
}

// Analyses the scenario's election at `precincts` for every seed; nothing (after printing why)
// when one fails.
std::optional<ScenarioStats> RunSeeds(const Config& config, const esep::model::ElectionData& like,
                                      const std::string& scenario, int64_t precincts,
                                      const std::string& directory, const KlimekOptions& options) {
  ScenarioStats stats;
  for (int64_t seed = config.first_seed; seed < config.first_seed + config.seeds; ++seed) {
    std::pair<double, double> truth;
    esep::Result<PrecinctTable> table =
        ScenarioTable(scenario, precincts, seed, like, directory, truth);
    if (!table.has_value()) {
      std::cerr << table.error().message() << "\n";
      return std::nullopt;
    }
    esep::Result<KlimekFingerprint> f = AnalyzeKlimek(*table, options);
    if (!f.has_value()) {
      std::cerr << f.error().message() << "\n";
      return std::nullopt;
    }
    stats.true_incremental.Add(truth.first);
    stats.true_extreme.Add(truth.second);
    AddResult(*f, seed, stats);
  }
  return stats;
}

// The upper end of the 95 % Wilson interval of `k` successes in `n`.
double WilsonUpper(int64_t k, int64_t n) { return esep::tools::Wilson(k, n).high; }

void PrintScenarioRow(const std::string& scenario, int64_t precincts, const ScenarioStats& s) {
  std::cout << fmt::format(
      "| {} | {} | {}/{} | {:.3f} | {:.3f} ({:.3f}) | {:.3f} | {:.4f} | {:.4f} ({:.4f}) | {:.1f} | "
      "{}/{} = {:.3f} (≤ {:.3f}) | {} | {} | {:.2f} |\n",
      scenario, precincts, s.fitted, s.elections, s.true_incremental.Mean(), s.incremental.Mean(),
      s.incremental.Sd(), s.incremental.Quantile(1.0), s.true_extreme.Mean(), s.extreme.Mean(),
      s.extreme.Sd(), s.corner.Mean(), s.flagged, s.elections,
      static_cast<double>(s.flagged) / static_cast<double>(std::max<int64_t>(1, s.elections)),
      WilsonUpper(s.flagged, s.elections), s.flagged_incremental, s.flagged_extreme,
      s.fit_seconds.Mean());
  std::cout.flush();
}

// The calibration table: one row per scenario and size, printed as soon as its seeds are done.
// The exit code.
int RunScenarios(const Config& config, const KlimekOptions& options) {
  esep::Result<esep::model::ElectionData> like =
      esep::io::LoadElectionDirectory(config.like_directory);
  if (!like.has_value()) {
    std::cerr << "esep_audit_klimek_calibration: " << like.error().message() << "\n";
    return 1;
  }
  std::cout << fmt::format(
      "Klimek fingerprint on SYNTHETIC elections shaped like {} (or drawn from the model), seeds "
      "{}..{}; fit from {} precincts, f_i threshold by size, f_e >= {:g} with >= {} in the "
      "corner\n",
      like->definition.id(), config.first_seed, config.first_seed + config.seeds - 1,
      options.minimum_precincts, options.extreme_threshold, options.minimum_corner_precincts);
  std::cout << "| scenario | precincts | fitted | true f_i | f_i mean (sd) | f_i max | true f_e "
               "| f_e mean (sd) | corner | flagged (95 % upper) | by f_i | by f_e | fit s |\n"
               "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  const std::string directory =
      fmt::format("{}/esep-klimek-calibration-{}", config.work, static_cast<long>(getpid()));
  for (const std::string& scenario : config.scenarios) {
    for (int64_t precincts : config.sizes) {
      const std::optional<ScenarioStats> stats =
          RunSeeds(config, *like, scenario, precincts, directory, options);
      if (!stats.has_value()) {
        return 1;
      }
      PrintScenarioRow(scenario, precincts, *stats);
    }
  }
  std::filesystem::remove_all(directory);
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
