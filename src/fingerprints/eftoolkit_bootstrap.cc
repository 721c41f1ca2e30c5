// The bootstrap intervals of EFToolkit's table (eftoolkit_table.h): the package resamples the
// precincts of a unit with replacement (boot::boot, R resamples) and reports basic intervals
// (boot::boot.ci, type "basic") of the second-digit mean, the last-digit mean, C05s, P05s, and
// the skewness and kurtosis of the share.

#include <algorithm>
#include <array>
#include <cmath>
#include <random>
#include <vector>

#include "fingerprints/eftoolkit_table.h"

namespace esep::fingerprints {

namespace {

// What one precinct contributes, read once: its digits, whether its rounded percentage ends in
// 0 or 5, and its capped share (NaN when the denominator is 0).
struct Item {
  int second_digit = -1;  // -1: the count has one digit (NA)
  int last_digit = 0;
  bool percent_05 = false;
  double share = 0;
};

constexpr size_t kStatistics = 6;  // 2BL, LastC, C05s, P05s, Skew, Kurt

// The six statistics of the items at `indices`; NaN where the package has NA.
std::array<double, kStatistics> Statistics(const std::vector<Item>& items,
                                           const std::vector<size_t>& indices) {
  double second_sum = 0;
  double second_n = 0;
  double last_sum = 0;
  double ending_05 = 0;
  double percent_05 = 0;
  std::vector<double> shares;
  for (const size_t i : indices) {
    const Item& item = items[i];
    if (item.second_digit >= 0) {
      second_sum += item.second_digit;
      second_n += 1;
    }
    last_sum += item.last_digit;
    ending_05 += (item.last_digit == 0 || item.last_digit == 5) ? 1 : 0;
    if (!std::isnan(item.share)) {
      shares.push_back(item.share);
      percent_05 += item.percent_05 ? 1 : 0;
    }
  }
  const double nan = std::nan("");
  const auto n = static_cast<double>(indices.size());
  std::array<double, kStatistics> out = {second_n > 0 ? second_sum / second_n : nan,
                                         n > 0 ? last_sum / n : nan,
                                         n > 0 ? ending_05 / n : nan,
                                         nan,
                                         nan,
                                         nan};
  if (!shares.empty()) {
    const auto m = static_cast<double>(shares.size());
    out[3] = percent_05 / m;
    double mean = 0;
    for (const double s : shares) {
      mean += s;
    }
    mean /= m;
    double m2 = 0;
    double m3 = 0;
    double m4 = 0;
    for (const double s : shares) {
      const double d = s - mean;
      m2 += d * d;
      m3 += d * d * d;
      m4 += d * d * d * d;
    }
    m2 /= m;
    m3 /= m;
    m4 /= m;
    if (m2 > 0) {
      out[4] = m3 / std::pow(m2, 1.5);
      out[5] = m4 / (m2 * m2);
    }
  }
  return out;
}

// Whether every replicate is within eps = min(1e-8, mean / 1e6) of their mean: then R's
// boot::boot.ci computes no interval ("All values of t are equal to ...") and the package prints
// "--" (a unit of two or three precincts often resamples to one value).
bool AllEqualForBootCi(const std::vector<double>& replicates) {
  double mean = 0.0;
  for (const double v : replicates) {
    mean += v;
  }
  mean /= static_cast<double>(replicates.size());
  const double eps = std::min(1e-8, mean / 1e6);
  return std::all_of(replicates.begin(), replicates.end(),
                     [&](double v) { return std::abs(v - mean) < eps; });
}

// The basic interval (2 t0 - t*_(high), 2 t0 - t*_(low)) from the finite replicates; none when
// boot.ci would give none.
std::optional<EftoolkitInterval> BasicInterval(double point, std::vector<double> replicates) {
  replicates.erase(std::remove_if(replicates.begin(), replicates.end(),
                                  [](double v) { return !std::isfinite(v); }),
                   replicates.end());
  if (!std::isfinite(point) || replicates.empty() || AllEqualForBootCi(replicates)) {
    return std::nullopt;
  }
  std::sort(replicates.begin(), replicates.end());
  const auto r = static_cast<double>(replicates.size());
  const auto order = [&](double alpha) {
    const auto k = static_cast<int64_t>(std::floor((r + 1) * alpha));
    const int64_t clamped = std::clamp<int64_t>(k, 1, static_cast<int64_t>(replicates.size()));
    return replicates[static_cast<size_t>(clamped - 1)];
  };
  return EftoolkitInterval{(2 * point) - order(0.975), (2 * point) - order(0.025)};
}

}  // namespace

void AddEftoolkitIntervals(std::span<const int64_t> counts, std::span<const int64_t> totals,
                           const EftoolkitBootstrap& bootstrap, EftoolkitRow& row) {
  if (bootstrap.resamples <= 0 || counts.empty()) {
    return;
  }
  std::vector<Item> items;
  items.reserve(counts.size());
  for (size_t i = 0; i < counts.size(); ++i) {
    Item item;
    item.second_digit = EftoolkitSecondDigit(counts[i]).value_or(-1);
    item.last_digit = EftoolkitLastDigit(counts[i]);
    if (totals[i] == 0) {
      item.share = std::nan("");
    } else {
      item.share = std::min(1.0, static_cast<double>(counts[i]) / static_cast<double>(totals[i]));
      const int last = EftoolkitLastDigit(static_cast<int64_t>(std::nearbyint(item.share * 100)));
      item.percent_05 = last == 0 || last == 5;
    }
    items.push_back(item);
  }
  std::vector<size_t> indices(items.size());
  for (size_t i = 0; i < indices.size(); ++i) {
    indices[i] = i;
  }
  const std::array<double, kStatistics> point = Statistics(items, indices);
  std::array<std::vector<double>, kStatistics> replicates;
  std::mt19937_64 random(bootstrap.seed);
  std::uniform_int_distribution<size_t> pick(0, items.size() - 1);
  for (int64_t b = 0; b < bootstrap.resamples; ++b) {
    for (size_t& index : indices) {
      index = pick(random);
    }
    const std::array<double, kStatistics> values = Statistics(items, indices);
    for (size_t s = 0; s < kStatistics; ++s) {
      replicates[s].push_back(values[s]);
    }
  }
  EftoolkitIntervals& out = row.intervals;
  std::array<std::optional<EftoolkitInterval>*, kStatistics> targets = {
      &out.second_digit_mean, &out.last_digit_mean, &out.count_05s,
      &out.percent_05s,       &out.skewness,        &out.kurtosis};
  for (size_t s = 0; s < kStatistics; ++s) {
    *targets[s] = BasicInterval(point[s], std::move(replicates[s]));
  }
}

}  // namespace esep::fingerprints
