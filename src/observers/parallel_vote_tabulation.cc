#include "observers/parallel_vote_tabulation.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

#include <boost/math/distributions/normal.hpp>
#include <fmt/format.h>

namespace esep::observers {

namespace {

// The copy a precinct contributes: its first posted copy, else its first observer's copy.
struct SampledPrecinct {
  size_t row = 0;  // in the official table
  const ObserverRecord* copy = nullptr;
  const ObserverRecord* close = nullptr;  // the first count at the close
};

PvtFigure MakeFigure(std::string name, const RatioEstimate& estimate, int64_t official_numerator,
                     int64_t official_denominator) {
  PvtFigure figure;
  figure.name = std::move(name);
  figure.estimate = estimate;
  figure.official_numerator = official_numerator;
  figure.official_denominator = official_denominator;
  figure.official = official_denominator > 0 ? static_cast<double>(official_numerator) /
                                                   static_cast<double>(official_denominator)
                                             : 0.0;
  figure.inside = estimate.low <= figure.official && figure.official <= estimate.high;
  figure.z_difference = estimate.standard_error > 0
                            ? (figure.official - estimate.estimate) / estimate.standard_error
                            : 0.0;
  return figure;
}

std::string Percent(double value, int decimals) {
  return fmt::format("{:.{}f}", 100.0 * value, decimals);
}

}  // namespace

Result<RatioEstimate> EstimateRatio(std::span<const int64_t> numerators,
                                    std::span<const int64_t> denominators, int64_t population,
                                    double z) {
  const auto n = static_cast<int64_t>(numerators.size());
  if (numerators.size() != denominators.size()) {
    return InvalidArgumentError(
        fmt::format("{} numerators but {} denominators", numerators.size(), denominators.size()));
  }
  if (n < 2) {
    return InvalidArgumentError(
        fmt::format("a sample of {} precincts: the variance needs at least 2", n));
  }
  if (population < n) {
    return InvalidArgumentError(
        fmt::format("a sample of {} precincts from a population of {}", n, population));
  }
  if (!(z > 0)) {
    return InvalidArgumentError(fmt::format("the normal quantile {} is not positive", z));
  }
  RatioEstimate e;
  e.sample = n;
  e.population = population;
  for (size_t i = 0; i < numerators.size(); ++i) {
    if (numerators[i] < 0 || denominators[i] < 0) {
      return InvalidArgumentError(
          fmt::format("precinct {} of the sample has a negative count", i + 1));
    }
    e.numerator += numerators[i];
    e.denominator += denominators[i];
  }
  if (e.denominator <= 0) {
    return InvalidArgumentError("the sample's denominators sum to 0");
  }
  const long double ratio =
      static_cast<long double>(e.numerator) / static_cast<long double>(e.denominator);
  long double squares = 0;
  for (size_t i = 0; i < numerators.size(); ++i) {
    const long double residual =
        static_cast<long double>(numerators[i]) - ratio * static_cast<long double>(denominators[i]);
    squares += residual * residual;
  }
  const long double mean = static_cast<long double>(e.denominator) / static_cast<long double>(n);
  const long double correction =
      1.0L - static_cast<long double>(n) / static_cast<long double>(population);
  const long double variance = correction / (static_cast<long double>(n) * mean * mean) * squares /
                               static_cast<long double>(n - 1);
  e.estimate = static_cast<double>(ratio);
  e.standard_error = static_cast<double>(std::sqrt(variance));
  e.low = e.estimate - z * e.standard_error;
  e.high = e.estimate + z * e.standard_error;
  return e;
}

double NormalQuantileTwoSided(double confidence) {
  const boost::math::normal_distribution<double> normal;
  return boost::math::quantile(normal, 1.0 - (1.0 - confidence) / 2.0);
}

Result<PvtResult> EstimateFromObservers(const ObserverRecords& records,
                                        const precincts::PrecinctTable& table,
                                        const PvtOptions& options) {
  if (!(options.confidence > 0 && options.confidence < 1)) {
    return InvalidArgumentError(
        fmt::format("confidence {}: the confidence level is strictly between 0 and 1 (e.g. 0.95)",
                    options.confidence));
  }
  ASSIGN_OR_RETURN(std::vector<size_t> columns,
                   MatchListColumns(records, table, options.choice_aliases));
  PvtResult pvt;
  pvt.source = records.source;
  pvt.table_source = table.source;
  pvt.synthetic = records.synthetic || table.synthetic;
  pvt.confidence = options.confidence;
  pvt.z = NormalQuantileTwoSided(options.confidence);
  pvt.population = static_cast<int64_t>(table.size());

  std::unordered_map<std::string, size_t> index;
  index.reserve(table.size());
  for (size_t p = 0; p < table.size(); ++p) {
    index.emplace(table.ids[p], p);
  }
  std::vector<SampledPrecinct> sample;
  std::unordered_map<size_t, size_t> position;  // table row -> index into sample
  std::unordered_map<std::string, bool> unknown;
  for (const ObserverRecord& r : records.records) {
    const auto found = index.find(r.precinct);
    if (found == index.end()) {
      unknown.emplace(r.precinct, true);
      continue;
    }
    const auto [it, inserted] = position.emplace(found->second, sample.size());
    if (inserted) {
      sample.push_back({.row = found->second});
    }
    SampledPrecinct& s = sample[it->second];
    if (IsCopy(r.kind) &&
        (s.copy == nullptr || (s.copy->kind == ObserverRecordKind::kObserverCopy &&
                               r.kind == ObserverRecordKind::kPostedCopy))) {
      s.copy = &r;
    }
    if (r.kind == ObserverRecordKind::kTurnoutClose && s.close == nullptr) {
      s.close = &r;
    }
  }
  pvt.sampled_unknown = static_cast<int64_t>(unknown.size());

  std::vector<int64_t> ballots;
  std::vector<int64_t> registered;
  std::vector<int64_t> valid;
  std::vector<std::vector<int64_t>> votes(columns.size());
  std::vector<int64_t> counted;
  std::vector<int64_t> counted_registered;
  // The table rows behind each sample, for the official figures over the same precincts.
  std::vector<size_t> turnout_rows;
  std::vector<size_t> share_rows;
  std::vector<size_t> counted_rows;
  for (const SampledPrecinct& s : sample) {
    if (s.close != nullptr) {
      counted.push_back(*s.close->voters_counted);
      counted_registered.push_back(table.registered[s.row]);
      counted_rows.push_back(s.row);
    }
    if (s.copy == nullptr) {
      ++pvt.sampled_without_copy;
      continue;
    }
    ++pvt.sampled;
    const CopyFigures& f = s.copy->figures;
    if (f.ballots && f.registered) {
      ballots.push_back(*f.ballots);
      registered.push_back(*f.registered);
      turnout_rows.push_back(s.row);
    }
    bool complete = f.valid.has_value();
    for (const std::optional<int64_t>& v : f.votes) {
      complete = complete && v.has_value();
    }
    if (complete) {
      valid.push_back(*f.valid);
      share_rows.push_back(s.row);
      for (size_t k = 0; k < columns.size(); ++k) {
        votes[k].push_back(*f.votes[k]);
      }
    }
  }

  // `official_of(row)` gives the official (numerator, denominator) of a table row.
  auto estimate = [&](std::string name, std::span<const int64_t> y, std::span<const int64_t> x,
                      int64_t official_y, int64_t official_x, const std::vector<size_t>& rows,
                      const auto& official_of) -> std::optional<PvtFigure> {
    Result<RatioEstimate> e = EstimateRatio(y, x, pvt.population, pvt.z);
    if (!e.has_value()) {
      pvt.warnings.push_back(fmt::format("{}: not estimated ({})", name, e.error().message()));
      return std::nullopt;
    }
    PvtFigure figure = MakeFigure(std::move(name), *e, official_y, official_x);
    for (size_t row : rows) {
      const auto [numerator, denominator] = official_of(row);
      figure.official_sample_numerator += numerator;
      figure.official_sample_denominator += denominator;
    }
    return figure;
  };
  auto official_turnout = [&table](size_t row) {
    return std::make_pair(table.ballots[row], table.registered[row]);
  };
  const int64_t official_valid =
      std::accumulate(table.valid.begin(), table.valid.end(), int64_t{0});
  if (std::optional<PvtFigure> f =
          estimate("turnout", ballots, registered, table.TotalBallots(), table.TotalRegistered(),
                   turnout_rows, official_turnout)) {
    pvt.figures.push_back(std::move(*f));
  }
  for (size_t k = 0; k < columns.size(); ++k) {
    const std::string& name = table.choice_names[columns[k]];
    if (std::optional<PvtFigure> f =
            estimate(fmt::format("share {}", name), votes[k], valid, table.TotalVotes(columns[k]),
                     official_valid, share_rows, [&table, choice = columns[k]](size_t row) {
                       return std::make_pair(table.Votes(row, choice), table.valid[row]);
                     })) {
      f->precincts_with_votes =
          std::count_if(votes[k].begin(), votes[k].end(), [](int64_t v) { return v > 0; });
      if (f->precincts_with_votes < options.min_precincts_with_votes) {
        pvt.warnings.push_back(fmt::format(
            "{}: votes in only {} sampled precincts (fewer than {}): the normal interval is "
            "unreliable for so rare a list",
            f->name, f->precincts_with_votes, options.min_precincts_with_votes));
      }
      pvt.figures.push_back(std::move(*f));
    }
  }
  if (!counted.empty()) {
    if (std::optional<PvtFigure> f = estimate(
            "turnout (observers' counts)", counted, counted_registered, table.TotalBallots(),
            table.TotalRegistered(), counted_rows, official_turnout)) {
      pvt.figures.push_back(std::move(*f));
    }
  }
  if (pvt.sampled < options.min_sample) {
    pvt.warnings.push_back(fmt::format(
        "only {} sampled precincts with a copy (fewer than {}): the normal approximation behind "
        "the intervals is unreliable",
        pvt.sampled, options.min_sample));
  }
  if (pvt.sampled_without_copy > 0) {
    pvt.warnings.push_back(fmt::format(
        "{} observed precincts gave no copy (not posted, access refused, or only counts): the "
        "estimate assumes they vote like the others; if copies were withheld where results were "
        "altered, it is biased",
        pvt.sampled_without_copy));
  }
  if (pvt.sampled_unknown > 0) {
    pvt.warnings.push_back(
        fmt::format("{} observed precincts are not in the official table and are left out",
                    pvt.sampled_unknown));
  }
  return pvt;
}

std::string PvtText(const PvtResult& pvt) {
  std::string out = fmt::format(
      "Parallel vote tabulation from {} ({}){}\n"
      "  cluster ratio estimator with finite-population correction, {} of {} precincts, {:g} % "
      "intervals (z = {:.4f})\n",
      pvt.source, pvt.table_source.empty() ? "official table" : pvt.table_source,
      pvt.synthetic ? " — SYNTHETIC data" : "", pvt.sampled, pvt.population, 100.0 * pvt.confidence,
      pvt.z);
  out += fmt::format("  {:<30} {:>5} {:>9} {:>8} {:>19} {:>9} {:>6} {:>7} {:>13}\n", "figure", "n",
                     "estimate", "SE", "interval", "official", "inside", "z", "official (n)");
  for (const PvtFigure& f : pvt.figures) {
    const double in_sample = f.official_sample_denominator > 0
                                 ? static_cast<double>(f.official_sample_numerator) /
                                       static_cast<double>(f.official_sample_denominator)
                                 : 0.0;
    out += fmt::format(
        "  {:<30} {:>5} {:>8}% {:>7}% {:>8}% – {:>6}% {:>8}% {:>6} {:>+7.2f} {:>12}%\n", f.name,
        f.estimate.sample, Percent(f.estimate.estimate, 2), Percent(f.estimate.standard_error, 3),
        Percent(f.estimate.low, 2), Percent(f.estimate.high, 2), Percent(f.official, 2),
        f.inside ? "yes" : "NO", f.z_difference, Percent(in_sample, 2));
  }
  for (const std::string& warning : pvt.warnings) {
    out += fmt::format("  warning: {}\n", warning);
  }
  return out;
}

nlohmann::ordered_json PvtJson(const PvtResult& pvt) {
  nlohmann::ordered_json json;
  json["source"] = pvt.source;
  json["official"] = pvt.table_source;
  json["synthetic"] = pvt.synthetic;
  json["estimator"] = kPvtEstimator;
  json["confidence"] = pvt.confidence;
  json["z"] = pvt.z;
  json["population"] = pvt.population;
  json["sampled"] = pvt.sampled;
  json["sampled_unknown"] = pvt.sampled_unknown;
  json["sampled_without_copy"] = pvt.sampled_without_copy;
  nlohmann::ordered_json figures = nlohmann::ordered_json::array();
  for (const PvtFigure& f : pvt.figures) {
    figures.push_back({{"name", f.name},
                       {"sample", f.estimate.sample},
                       {"sample_numerator", f.estimate.numerator},
                       {"sample_denominator", f.estimate.denominator},
                       {"estimate", f.estimate.estimate},
                       {"standard_error", f.estimate.standard_error},
                       {"low", f.estimate.low},
                       {"high", f.estimate.high},
                       {"official_numerator", f.official_numerator},
                       {"official_denominator", f.official_denominator},
                       {"official", f.official},
                       {"inside", f.inside},
                       {"z_difference", f.z_difference},
                       {"precincts_with_votes", f.precincts_with_votes},
                       {"official_sample_numerator", f.official_sample_numerator},
                       {"official_sample_denominator", f.official_sample_denominator}});
  }
  json["figures"] = std::move(figures);
  json["warnings"] = pvt.warnings;
  return json;
}

}  // namespace esep::observers
