#include "fingerprints/eftoolkit_table.h"

#include <cmath>
#include <string>

#include <boost/math/distributions/chi_squared.hpp>
#include <fmt/format.h>

#include "fingerprints/digit_tests.h"
#include "fingerprints/dip_test.h"

namespace esep::fingerprints {

namespace {

// The package's percentage: count / total, capped at 1; NaN (R's NA) when total is 0.
double CappedShare(int64_t count, int64_t total) {
  if (total == 0) {
    return std::nan("");
  }
  const double share = static_cast<double>(count) / static_cast<double>(total);
  return share >= 1.0 ? 1.0 : share;
}

// Population central moments m2, m3, m4 (as moments::skewness and moments::kurtosis use).
struct CentralMoments {
  double m2 = 0;
  double m3 = 0;
  double m4 = 0;
};

CentralMoments MomentsOf(const std::vector<double>& values, double mean) {
  CentralMoments m;
  for (const double v : values) {
    const double d = v - mean;
    m.m2 += d * d;
    m.m3 += d * d * d;
    m.m4 += d * d * d * d;
  }
  const auto n = static_cast<double>(values.size());
  m.m2 /= n;
  m.m3 /= n;
  m.m4 /= n;
  return m;
}

double Mean(const std::vector<double>& values) {
  double sum = 0;
  for (const double v : values) {
    sum += v;
  }
  return sum / static_cast<double>(values.size());
}

// DipT: dip.test() of count / total as the package divides them (uncapped, NA for 0 / 0).
void AddDipTest(std::span<const int64_t> counts, std::span<const int64_t> totals,
                EftoolkitRow& row) {
  std::vector<double> shares;
  shares.reserve(counts.size());
  for (size_t i = 0; i < counts.size(); ++i) {
    if (totals[i] != 0) {
      shares.push_back(static_cast<double>(counts[i]) / static_cast<double>(totals[i]));
    }
  }
  const DipTestResult dip = DipTest(shares);
  if (dip.observations > 0) {
    row.dip = dip.dip;
    row.dip_p_value = dip.p_value;
    row.dip_p_value_standard_error = dip.p_value_standard_error;
  }
}

void AddDigitStatistics(std::span<const int64_t> counts, EftoolkitRow& row) {
  int64_t last_sum = 0;
  int64_t ending_05 = 0;
  int64_t second_sum = 0;
  std::array<int64_t, 10> second{};
  for (const int64_t count : counts) {
    const int last = EftoolkitLastDigit(count);
    last_sum += last;
    ending_05 += (last == 0 || last == 5) ? 1 : 0;
    if (const std::optional<int> d = EftoolkitSecondDigit(count); d.has_value()) {
      second_sum += *d;
      ++second[static_cast<size_t>(*d)];
      ++row.second_digit_counts;
    }
  }
  if (!counts.empty()) {
    const auto n = static_cast<double>(counts.size());
    row.last_digit_mean = static_cast<double>(last_sum) / n;
    row.count_05s = static_cast<double>(ending_05) / n;
  }
  if (row.second_digit_counts > 0) {
    const auto n = static_cast<double>(row.second_digit_counts);
    row.second_digit_mean = static_cast<double>(second_sum) / n;
    const std::array<double, 10> benford = SecondDigitBenford();
    double chi_square = 0;
    for (size_t d = 0; d < 10; ++d) {
      const double expected = n * benford[d];
      const double difference = static_cast<double>(second[d]) - expected;
      chi_square += difference * difference / expected;
    }
    row.second_digit_chi_square = chi_square;
    const boost::math::chi_squared_distribution<double> distribution(9);
    row.second_digit_p_value = boost::math::cdf(boost::math::complement(distribution, chi_square));
  }
}

std::string LevelName(EftoolkitLevel level) {
  switch (level) {
    case EftoolkitLevel::kNational:
      return "national";
    case EftoolkitLevel::kRegion:
      return "region";
    case EftoolkitLevel::kGroup:
      return "group";
  }
  return "national";
}

}  // namespace

std::optional<int> EftoolkitSecondDigit(int64_t count) {
  const std::string text = std::to_string(count);
  if (text.size() < 2) {
    return std::nullopt;
  }
  return text[1] - '0';
}

int EftoolkitLastDigit(int64_t count) {
  const std::string text = std::to_string(count);
  return text.back() - '0';
}

EftoolkitRow EftoolkitStatistics(std::span<const int64_t> counts, std::span<const int64_t> totals,
                                 std::span<const double> turnout) {
  EftoolkitRow row;
  row.observations = static_cast<int64_t>(counts.size());
  AddDigitStatistics(counts, row);
  AddDipTest(counts, totals, row);
  // Percentages: NA (a zero denominator) leaves the sums, as na.rm = TRUE does.
  std::vector<double> shares;
  int64_t rounded_05 = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    const double share = CappedShare(counts[i], totals[i]);
    if (std::isnan(share)) {
      continue;
    }
    shares.push_back(share);
    // R's round(x, 0): to the nearest integer, halves to even (the default rounding mode).
    const auto rounded = static_cast<int64_t>(std::nearbyint(share * 100));
    const int last = EftoolkitLastDigit(rounded);
    rounded_05 += (last == 0 || last == 5) ? 1 : 0;
  }
  if (!shares.empty()) {
    row.percent_05s = static_cast<double>(rounded_05) / static_cast<double>(shares.size());
    const CentralMoments m = MomentsOf(shares, Mean(shares));
    if (m.m2 > 0) {
      row.skewness = m.m3 / std::pow(m.m2, 1.5);
      row.kurtosis = m.m4 / (m.m2 * m.m2);
    }
  }
  if (turnout.empty()) {
    return row;
  }
  // Sobyanin-Sukhovolsky and the correlation use the uncapped share and turnout, over the
  // precincts where both exist (the package's lm() and cor(use = "pairwise.complete.obs")).
  std::vector<double> x;
  std::vector<double> y;
  for (size_t i = 0; i < counts.size(); ++i) {
    if (totals[i] == 0 || !std::isfinite(turnout[i])) {
      continue;
    }
    x.push_back(turnout[i]);
    y.push_back(static_cast<double>(counts[i]) / static_cast<double>(totals[i]));
  }
  if (x.size() < 2) {
    return row;
  }
  const double mean_x = Mean(x);
  const double mean_y = Mean(y);
  double sxx = 0;
  double syy = 0;
  double sxy = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    sxx += (x[i] - mean_x) * (x[i] - mean_x);
    syy += (y[i] - mean_y) * (y[i] - mean_y);
    sxy += (x[i] - mean_x) * (y[i] - mean_y);
  }
  if (sxx > 0) {
    row.sobyanin = (sxy / sxx) - mean_y;
  }
  if (sxx > 0 && syy > 0) {
    row.correlation = sxy / std::sqrt(sxx * syy);
  }
  return row;
}

Result<EftoolkitTable> RunEftoolkitTable(const precincts::PrecinctTable& table,
                                         EftoolkitLevel level, EftoolkitBootstrap bootstrap) {
  if (bootstrap.resamples < 0) {
    return InvalidArgumentError(fmt::format(
        "EFToolkit table: bootstrap resamples {} must be 0 (none) or more", bootstrap.resamples));
  }
  const std::vector<std::string>* names = nullptr;
  const std::vector<uint32_t>* unit_of = nullptr;
  if (level == EftoolkitLevel::kRegion) {
    names = &table.region_names;
    unit_of = &table.region;
  } else if (level == EftoolkitLevel::kGroup) {
    names = &table.group_names;
    unit_of = &table.group;
  }
  const auto unnamed = [&] {
    for (const std::string& name : *names) {
      if (!name.empty()) {
        return false;
      }
    }
    return true;
  };
  if (names != nullptr && (unnamed() || unit_of->size() != table.size())) {
    return InvalidArgumentError(
        fmt::format("EFToolkit table by {}: the precincts have no {} names (map a {} column)",
                    LevelName(level), LevelName(level), LevelName(level)));
  }
  const size_t units = names == nullptr ? 1 : names->size();
  // The precincts of each unit, in table order.
  std::vector<std::vector<size_t>> members(units);
  for (size_t i = 0; i < table.size(); ++i) {
    members[unit_of == nullptr ? 0 : (*unit_of)[i]].push_back(i);
  }
  EftoolkitTable result{
      .level = level, .source = table.source, .synthetic = table.synthetic, .bootstrap = bootstrap};
  const auto unit_name = [&](size_t u) { return names == nullptr ? "National" : (*names)[u]; };
  std::vector<int64_t> counts;
  std::vector<int64_t> totals;
  std::vector<double> turnout;
  for (size_t variable = 0; variable <= table.choices(); ++variable) {
    for (size_t u = 0; u < units; ++u) {
      counts.clear();
      totals.clear();
      turnout.clear();
      for (const size_t i : members[u]) {
        if (variable == 0) {
          counts.push_back(table.ballots[i]);
          totals.push_back(table.registered[i]);
        } else {
          counts.push_back(table.Votes(i, variable - 1));
          totals.push_back(table.ballots[i]);
          turnout.push_back(table.registered[i] == 0
                                ? std::nan("")
                                : static_cast<double>(table.ballots[i]) /
                                      static_cast<double>(table.registered[i]));
        }
      }
      EftoolkitRow row = EftoolkitStatistics(counts, totals, turnout);
      AddEftoolkitIntervals(counts, totals, bootstrap, row);
      row.unit = unit_name(u);
      row.variable = variable == 0 ? "Turnout" : table.choice_names[variable - 1];
      result.rows.push_back(std::move(row));
    }
  }
  return result;
}

namespace {

std::string Cell(const std::optional<double>& value) {
  return value.has_value() ? fmt::format("{:.3f}", *value) : "--";
}

std::string IntervalCell(const std::optional<EftoolkitInterval>& interval) {
  return interval.has_value() ? fmt::format("({:.3f}, {:.3f})", interval->low, interval->high)
                              : "--";
}

nlohmann::json IntervalJson(const std::optional<EftoolkitInterval>& interval) {
  return interval.has_value() ? nlohmann::json::array({interval->low, interval->high})
                              : nlohmann::json(nullptr);
}

nlohmann::json JsonValue(const std::optional<double>& value) {
  return value.has_value() ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

std::string EftoolkitTableText(const EftoolkitTable& table) {
  std::string out = fmt::format(
      "EFToolkit BasicElectionForensics table (Kalinin & Mebane), by {}\n", LevelName(table.level));
  if (table.synthetic) {
    out += "SYNTHETIC DATA: these precincts were generated, not reported by a commission.\n";
  }
  if (!table.source.empty()) {
    out += fmt::format("source: {}\n", table.source);
  }
  out += fmt::format(
      "{:<20} {:<20} {:>7} {:>7} {:>10} {:>7} {:>7} {:>7} {:>8} {:>8} {:>8} {:>8} {:>7} {:>7}\n",
      "Level", "Variable", "_2BL", "n_2BL", "chi2_2BL", "LastC", "C05s", "P05s", "Skew", "Kurt",
      "Sobyanin", "Corr", "Dip", "DipT");
  for (const EftoolkitRow& row : table.rows) {
    out += fmt::format(
        "{:<20} {:<20} {:>7} {:>7} {:>10} {:>7} {:>7} {:>7} {:>8} {:>8} {:>8} {:>8} {:>7} {:>7}  "
        "Obs {}\n",
        row.unit, row.variable, Cell(row.second_digit_mean), row.second_digit_counts,
        row.second_digit_chi_square.has_value()
            ? fmt::format("{:.2f}", *row.second_digit_chi_square)
            : "--",
        Cell(row.last_digit_mean), Cell(row.count_05s), Cell(row.percent_05s), Cell(row.skewness),
        Cell(row.kurtosis), Cell(row.sobyanin), Cell(row.correlation), Cell(row.dip),
        Cell(row.dip_p_value), row.observations);
    if (table.bootstrap.resamples > 0) {
      const EftoolkitIntervals& i = row.intervals;
      out += fmt::format("{:<20} {:<20} {:>7} {:>7} {:>10} {:>7} {:>7} {:>7} {:>8} {:>8}\n", "",
                         "  95 % basic CI", IntervalCell(i.second_digit_mean), "", "",
                         IntervalCell(i.last_digit_mean), IntervalCell(i.count_05s),
                         IntervalCell(i.percent_05s), IntervalCell(i.skewness),
                         IntervalCell(i.kurtosis));
    }
  }
  out +=
      "Reference values under the usual nulls: _2BL 4.187 (Benford's second-digit mean), LastC "
      "4.5, C05s and P05s 0.2 (uniform last digits). Bootstrap intervals with --bootstrap R "
      "(the package's default R is 1000). Dip: Hartigan's dip of the share; DipT: its p-value "
      "against the uniform, from 2000 simulated samples of the same size (Monte Carlo standard "
      "error up to 0.011); a small DipT is evidence of more than one mode in the shares, which "
      "a mix of different kinds of units also gives. Departures from these values are "
      "reasons to look closer, not proof of fraud; the caveats of docs/forensics-integer-digits.md "
      "apply (small counts have non-uniform last digits, counts from a narrow range are not "
      "Benford).\n";
  return out;
}

nlohmann::json EftoolkitTableJson(const EftoolkitTable& table) {
  nlohmann::json j;
  j["method"] = "eftoolkit";
  j["reference"] =
      "Kalinin & Mebane, EFToolkit (R package), BasicElectionForensics; Mebane, Election "
      "forensics: vote counts and Benford's law, 2006";
  j["level"] = LevelName(table.level);
  j["source"] = table.source;
  j["synthetic"] = table.synthetic;
  j["rows"] = nlohmann::json::array();
  for (const EftoolkitRow& row : table.rows) {
    j["rows"].push_back(
        {{"level", row.unit},
         {"variable", row.variable},
         {"obs", row.observations},
         {"second_digit_mean", JsonValue(row.second_digit_mean)},
         {"second_digit_counts", row.second_digit_counts},
         {"second_digit_chi_square", JsonValue(row.second_digit_chi_square)},
         {"second_digit_p_value", JsonValue(row.second_digit_p_value)},
         {"last_digit_mean", JsonValue(row.last_digit_mean)},
         {"c05s", JsonValue(row.count_05s)},
         {"p05s", JsonValue(row.percent_05s)},
         {"skewness", JsonValue(row.skewness)},
         {"kurtosis", JsonValue(row.kurtosis)},
         {"sobyanin", JsonValue(row.sobyanin)},
         {"correlation", JsonValue(row.correlation)},
         {"dip", JsonValue(row.dip)},
         {"dip_p_value", JsonValue(row.dip_p_value)},
         {"dip_p_value_standard_error", JsonValue(row.dip_p_value_standard_error)}});
    if (table.bootstrap.resamples > 0) {
      const EftoolkitIntervals& i = row.intervals;
      j["rows"].back()["intervals"] = {{"second_digit_mean", IntervalJson(i.second_digit_mean)},
                                       {"last_digit_mean", IntervalJson(i.last_digit_mean)},
                                       {"c05s", IntervalJson(i.count_05s)},
                                       {"p05s", IntervalJson(i.percent_05s)},
                                       {"skewness", IntervalJson(i.skewness)},
                                       {"kurtosis", IntervalJson(i.kurtosis)}};
    }
  }
  j["bootstrap"] = {{"resamples", table.bootstrap.resamples},
                    {"seed", table.bootstrap.seed},
                    {"interval", "basic, 95 %"}};
  j["dip_test"] = {{"statistic", "Hartigan & Hartigan (1985) dip of count / total, uncapped"},
                   {"null", "uniform on [0, 1], simulated per sample size (seed 1985 + n)"},
                   {"replicates", kDipNullReplicates},
                   {"p_value", "share of null dips at least the observed dip; 1 for n <= 3"}};
  return j;
}

}  // namespace esep::fingerprints
