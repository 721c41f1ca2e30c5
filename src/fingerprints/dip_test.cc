#include "fingerprints/dip_test.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <random>

namespace esep::fingerprints {

namespace {

// The null's seed for sample size n is kNullSeed + n, so a p-value does not depend on which other
// sample sizes were tested before it.
constexpr uint64_t kNullSeed = 1985;

// Distances below are in counts (the empirical distribution times n) and the sample is indexed
// from 1, as in the published algorithm; the dip is the largest such distance over 2n.
class DipComputation {
 public:
  explicit DipComputation(std::span<const double> sorted)
      : sorted_(sorted), n_(sorted.size()), left_(n_ + 1), right_(n_ + 1) {}

  double Run() {
    if (n_ < 2 || X(n_) == X(1)) {
      return 1.0 / (2.0 * static_cast<double>(n_));
    }
    LinkHulls();
    std::vector<size_t> convex(n_ + 2);
    std::vector<size_t> concave(n_ + 2);
    size_t low = 1;
    size_t high = n_;
    double dip = 1;
    while (true) {
      // The convex minorant of [low, high], listed from high down to low, and the concave
      // majorant, listed from low up to high.
      size_t convex_size = 1;
      convex[1] = high;
      while (convex[convex_size] > low) {
        convex[convex_size + 1] = left_[convex[convex_size]];
        ++convex_size;
      }
      convex[convex_size] = low;  // a vertex of every prefix hull containing it (no-op)
      size_t concave_size = 1;
      concave[1] = low;
      while (concave[concave_size] < high) {
        concave[concave_size + 1] = right_[concave[concave_size]];
        ++concave_size;
      }
      concave[concave_size] = high;
      const Widest widest = WidestGap(convex, convex_size, concave, concave_size);
      if (widest.distance < dip) {
        break;
      }
      // The new modal interval is [convex[widest.convex], concave[widest.concave]]; the fits
      // outside it are final, and their largest distance from the sample bounds the dip.
      dip = std::max({dip, ConvexDeparture(convex, widest.convex, convex_size),
                      ConcaveDeparture(concave, widest.concave, concave_size)});
      const size_t new_low = convex[widest.convex];
      const size_t new_high = concave[widest.concave];
      if (new_low == low && new_high == high) {
        break;
      }
      low = new_low;
      high = new_high;
    }
    return dip / (2.0 * static_cast<double>(n_));
  }

 private:
  struct Widest {
    double distance = 0;
    size_t convex = 0;   // position in the convex list of the modal interval's low end
    size_t concave = 0;  // position in the concave list of its high end
  };

  double X(size_t i) const { return sorted_[i - 1]; }
  static double D(size_t i) { return static_cast<double>(i); }

  // left_[j]: the previous vertex of the greatest convex minorant of points 1..j; right_[k]: the
  // next vertex of the least concave majorant of points k..n. A middle vertex is dropped while
  // the slopes (in cross-multiplied form, so ties never divide by zero) are not convex/concave.
  void LinkHulls() {
    left_[1] = 1;
    for (size_t j = 2; j <= n_; ++j) {
      left_[j] = j - 1;
      while (true) {
        const size_t a = left_[j];
        const size_t b = left_[a];
        if (a == 1 || (X(j) - X(a)) * (D(a) - D(b)) < (X(a) - X(b)) * (D(j) - D(a))) {
          break;
        }
        left_[j] = b;
      }
    }
    right_[n_] = n_;
    for (size_t k = n_ - 1; k >= 1; --k) {
      right_[k] = k + 1;
      while (true) {
        const size_t a = right_[k];
        const size_t b = right_[a];
        if (a == n_ || (X(k) - X(a)) * (D(a) - D(b)) < (X(a) - X(b)) * (D(k) - D(a))) {
          break;
        }
        right_[k] = b;
      }
    }
  }

  // The largest vertical distance between the two fits over [low, high], measured at the
  // vertices of each against the other, and where it occurs.
  Widest WidestGap(const std::vector<size_t>& convex, size_t convex_size,
                   const std::vector<size_t>& concave, size_t concave_size) const {
    Widest widest{.distance = 0, .convex = convex_size, .concave = concave_size};
    if (convex_size == 2 && concave_size == 2) {
      widest.distance = 1;  // both fits are the chord from low to high
      return widest;
    }
    size_t ix = convex_size - 1;
    size_t iv = 2;
    while (true) {
      const size_t g = convex[ix];
      const size_t h = concave[iv];
      if (g > h) {
        // Concave vertex h against the convex segment below it.
        const size_t g1 = convex[ix + 1];
        const double distance =
            (D(h) - D(g1) + 1) - ((X(h) - X(g1)) * (D(g) - D(g1)) / (X(g) - X(g1)));
        ++iv;
        if (distance >= widest.distance) {
          widest = {.distance = distance, .convex = ix + 1, .concave = iv - 1};
        }
      } else {
        // Convex vertex g against the concave segment above it.
        const size_t h1 = concave[iv - 1];
        const double distance =
            ((X(g) - X(h1)) * (D(h) - D(h1)) / (X(h) - X(h1))) - (D(g) - D(h1) - 1);
        --ix;
        if (distance >= widest.distance) {
          widest = {.distance = distance, .convex = ix + 1, .concave = iv};
        }
      }
      ix = std::max<size_t>(ix, 1);
      iv = std::min(iv, concave_size);
      if (convex[ix] == concave[iv]) {
        return widest;
      }
    }
  }

  // The largest distance of the sample above the convex minorant on its segments from
  // convex[to] down to convex[from_end] (the part left of the new modal interval).
  double ConvexDeparture(const std::vector<size_t>& convex, size_t to, size_t from_end) const {
    double largest = 0;
    for (size_t j = to; j < from_end; ++j) {
      largest = std::max(largest, SegmentDeparture(convex[j + 1], convex[j], true));
    }
    return largest;
  }

  double ConcaveDeparture(const std::vector<size_t>& concave, size_t from, size_t end) const {
    double largest = 0;
    for (size_t j = from; j < end; ++j) {
      largest = std::max(largest, SegmentDeparture(concave[j], concave[j + 1], false));
    }
    return largest;
  }

  // Within the chord from point begin to point end: for the convex fit, how far the count just
  // after each point rises above the chord; for the concave fit, how far the count just before
  // each point falls below it. At least 1 (a step of the empirical distribution).
  double SegmentDeparture(size_t begin, size_t end, bool convex) const {
    double largest = 1;
    if (end - begin <= 1 || X(end) == X(begin)) {
      return largest;
    }
    const double slope = (D(end) - D(begin)) / (X(end) - X(begin));
    for (size_t i = begin; i <= end; ++i) {
      const double chord = (X(i) - X(begin)) * slope;
      const double t = convex ? (D(i) - D(begin) + 1) - chord : chord - (D(i) - D(begin) - 1);
      largest = std::max(largest, t);
    }
    return largest;
  }

  std::span<const double> sorted_;
  size_t n_;
  std::vector<size_t> left_;
  std::vector<size_t> right_;
};

// A uniform on [0, 1) from the top 53 bits, so the stream is the same on every platform.
double Canonical(std::mt19937_64& random) {
  return static_cast<double>(random() >> 11) * 0x1.0p-53;
}

}  // namespace

double DipStatistic(std::span<const double> sorted) {
  if (sorted.empty()) {
    return 0;
  }
  return DipComputation(sorted).Run();
}

std::vector<double> SimulateUniformDips(int64_t n, int64_t replicates, uint64_t seed) {
  std::vector<double> dips;
  if (n <= 0 || replicates <= 0) {
    return dips;
  }
  dips.reserve(static_cast<size_t>(replicates));
  std::mt19937_64 random(seed);
  std::vector<double> sample(static_cast<size_t>(n));
  for (int64_t r = 0; r < replicates; ++r) {
    // Partial sums of exponentials are the uniform order statistics times a common factor
    // (their sum with one more exponential), which the dip, invariant under scaling, ignores.
    double sum = 0;
    for (double& value : sample) {
      sum -= std::log1p(-Canonical(random));
      value = sum;
    }
    dips.push_back(DipStatistic(sample));
  }
  return dips;
}

DipTestResult DipTest(std::span<const double> values) {
  std::vector<double> sorted;
  sorted.reserve(values.size());
  for (const double v : values) {
    if (std::isfinite(v)) {
      sorted.push_back(v);
    }
  }
  std::sort(sorted.begin(), sorted.end());
  DipTestResult result;
  result.observations = static_cast<int64_t>(sorted.size());
  result.dip = DipStatistic(sorted);
  if (sorted.size() <= 3) {
    return result;
  }
  static std::mutex mutex;
  static std::map<int64_t, std::vector<double>> nulls;  // sorted null dips per sample size
  const std::lock_guard<std::mutex> lock(mutex);
  std::vector<double>& null = nulls[result.observations];
  if (null.empty()) {
    null = SimulateUniformDips(result.observations, kDipNullReplicates,
                               kNullSeed + static_cast<uint64_t>(result.observations));
    std::sort(null.begin(), null.end());
  }
  // At least as large as the observed dip, up to rounding (dips are sums of a few terms).
  const double threshold = result.dip * (1 - 1e-9);
  const auto at_least = null.end() - std::lower_bound(null.begin(), null.end(), threshold);
  const auto replicates = static_cast<double>(null.size());
  result.p_value = static_cast<double>(at_least) / replicates;
  result.p_value_standard_error = std::sqrt(result.p_value * (1 - result.p_value) / replicates);
  return result;
}

}  // namespace esep::fingerprints
