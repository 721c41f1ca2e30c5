#include "fingerprints/internal/integer_windows.h"

#include <algorithm>
#include <cmath>

namespace esep::fingerprints::internal {

int64_t FloorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
int64_t CeilDiv(int64_t a, int64_t b) { return a >= 0 ? (a + b - 1) / b : -((-a) / b); }

bool EdgeInFloat64(int64_t m, int side, int64_t w, int64_t d) {
  const double p = static_cast<double>((m * d) + (side * w)) / static_cast<double>(d);
  const double half_width = (2.0 * static_cast<double>(w) / static_cast<double>(d)) / 2.0;
  return std::fabs(p - std::nearbyint(p)) <= half_width;
}

int WindowOf(int64_t k, int64_t n, const Window& window) {
  const int64_t w = window.numerator;
  const int64_t d = window.denominator;
  const int64_t x = 100 * d * k;  // the percentage times D, times n
  if (w == 0) {
    return x % (d * n) == 0 ? static_cast<int>(x / (d * n)) : -1;
  }
  // The largest m with (m D - W) n <= x; inside when x < (m D + W) n (half-open) or
  // x <= (m D + W) n (closed).
  const int64_t m = FloorDiv(x + (w * n), d * n);
  if (m < 0 || m > 100) {
    return -1;
  }
  const int64_t upper = ((m * d) + w) * n;
  if (window.closed && window.float64_edges) {
    if (x == upper) {
      return EdgeInFloat64(m, +1, w, d) ? static_cast<int>(m) : -1;
    }
    if (x == ((m * d) - w) * n) {
      return EdgeInFloat64(m, -1, w, d) ? static_cast<int>(m) : -1;
    }
  }
  return (window.closed ? x <= upper : x < upper) ? static_cast<int>(m) : -1;
}

LogFactorials::LogFactorials(int64_t max_n) {
  constexpr int64_t kMaxTable = 4'000'000;
  const int64_t size = std::min(max_n, kMaxTable) + 1;
  table_.resize(static_cast<size_t>(std::max<int64_t>(size, 1)));
  reciprocals_.resize(table_.size() + 1);
  for (size_t x = 0; x < table_.size(); ++x) {
    table_[x] = std::lgamma(static_cast<double>(x) + 1.0);
    reciprocals_[x + 1] = 1.0 / static_cast<double>(x + 1);
  }
}

double LogFactorials::operator()(int64_t x) const {
  return x < static_cast<int64_t>(table_.size()) ? table_[static_cast<size_t>(x)]
                                                 : std::lgamma(static_cast<double>(x) + 1.0);
}

namespace {

// Beyond 8 sd + 10 of the mean the binomial tail is negligible (well below 1e-12), even for the
// skewed small-p cases (tested against a sum over every k).
double Reach(double mean, double p) { return (8.0 * std::sqrt(mean * (1.0 - p))) + 10.0; }

// Calls visit(m, probability) for every whole percentage m whose window receives probability
// from Binomial(n, p) restricted to the window's k range; returns the total. One exp per call:
// the pmf at the first k kept comes from log factorials, every later one by the ratio
// pmf(k+1)/pmf(k), walking across the gaps between windows too (a few hundred multiplications,
// far cheaper than an exp per window when the joint null calls this for every turnout count).
template <typename Visit>
double VisitWindows(int64_t n, double p, const Window& window, const LogFactorials& log_factorial,
                    Visit visit) {
  const int64_t k_min = window.edges_counted ? 0 : 1;
  const int64_t k_max = window.edges_counted ? n : n - 1;
  if (k_min > k_max) {
    return 0.0;
  }
  if (p <= 0.0 || p >= 1.0) {  // all the mass on k = 0 or k = n
    const int64_t k = p <= 0.0 ? 0 : n;
    const int m = k < k_min || k > k_max ? -1 : WindowOf(k, n, window);
    if (m < 0) {
      return 0.0;
    }
    visit(m, 1.0);
    return 1.0;
  }
  const double nd = static_cast<double>(n);
  const double mean = nd * p;
  const double reach = Reach(mean, p);
  const int64_t lo = std::max<int64_t>(k_min, static_cast<int64_t>(std::floor(mean - reach)));
  const int64_t hi = std::min<int64_t>(k_max, static_cast<int64_t>(std::ceil(mean + reach)));
  if (lo > hi) {
    return 0.0;
  }
  const int64_t w = window.numerator;
  const int64_t d = window.denominator;
  const double odds = p / (1.0 - p);
  const double lo_double = static_cast<double>(lo);
  double pmf = std::exp(log_factorial(n) - log_factorial(lo) - log_factorial(n - lo) +
                        (lo_double * std::log(p)) + ((nd - lo_double) * std::log1p(-p)));
  int64_t at = lo;  // pmf = P(k = at)
  const auto step_to = [&](int64_t k) {
    for (; at < k; ++at) {
      pmf *= (nd - static_cast<double>(at)) * log_factorial.Reciprocal(at + 1) * odds;
    }
  };
  // Whole percentages whose windows can meet [lo, hi].
  const int64_t m_first = std::max<int64_t>(0, (100 * lo / n) - 1);
  const int64_t m_last = std::min<int64_t>(100, CeilDiv(100 * hi, n) + 1);
  double total = 0.0;
  for (int64_t m = m_first; m <= m_last; ++m) {
    int64_t k_first = 0;
    int64_t k_last = -1;
    if (w == 0) {
      if ((m * n) % 100 == 0) {
        k_first = k_last = m * n / 100;
      }
    } else {
      // (m D - W) n <= 100 D k, and 100 D k < (m D + W) n (half-open) or <= (closed).
      k_first = CeilDiv(((m * d) - w) * n, 100 * d);
      k_last = window.closed ? FloorDiv(((m * d) + w) * n, 100 * d)
                             : CeilDiv(((m * d) + w) * n, 100 * d) - 1;
      if (window.closed && window.float64_edges) {
        // An exact edge the published code's doubles leave out.
        if (100 * d * k_first == ((m * d) - w) * n && !EdgeInFloat64(m, -1, w, d)) {
          ++k_first;
        }
        if (100 * d * k_last == ((m * d) + w) * n && !EdgeInFloat64(m, +1, w, d)) {
          --k_last;
        }
      }
    }
    k_first = std::max(k_first, lo);
    k_last = std::min(k_last, hi);
    if (k_first > k_last) {
      continue;
    }
    step_to(k_first);
    double sum = pmf;
    for (int64_t k = k_first; k < k_last; ++k) {
      step_to(k + 1);
      sum += pmf;
    }
    total += sum;
    visit(static_cast<int>(m), sum);
  }
  return total;
}

}  // namespace

double WindowProbability(int64_t n, double p, const Window& window,
                         const LogFactorials& log_factorial, PerInteger* per_integer) {
  return VisitWindows(n, p, window, log_factorial, [per_integer](int m, double probability) {
    if (per_integer != nullptr) {
      (*per_integer)[static_cast<size_t>(m)] += probability;
    }
  });
}

JointProbabilities JointWindowProbabilities(int64_t voters, double turnout_rate, double share_rate,
                                            const Window& window,
                                            const LogFactorials& log_factorial,
                                            PerInteger* turnout_per_integer,
                                            PerInteger* share_per_integer) {
  JointProbabilities out;
  // The support of T' kept: everything within the reach of the mean, or the one value when the
  // rate is 0 or 1.
  int64_t lo = 0;
  int64_t hi = voters;
  double pmf = 1.0;
  const double odds = turnout_rate / (1.0 - turnout_rate);
  const bool degenerate = turnout_rate <= 0.0 || turnout_rate >= 1.0;
  if (degenerate) {
    lo = hi = turnout_rate <= 0.0 ? 0 : voters;
  } else {
    const double nd = static_cast<double>(voters);
    const double mean = nd * turnout_rate;
    const double reach = Reach(mean, turnout_rate);
    lo = std::max<int64_t>(0, static_cast<int64_t>(std::floor(mean - reach)));
    hi = std::min<int64_t>(voters, static_cast<int64_t>(std::ceil(mean + reach)));
    const double kd = static_cast<double>(lo);
    pmf = std::exp(log_factorial(voters) - log_factorial(lo) - log_factorial(voters - lo) +
                   (kd * std::log(turnout_rate)) + ((nd - kd) * std::log1p(-turnout_rate)));
  }
  const int64_t k_min = window.edges_counted ? 0 : 1;
  const int64_t k_max = window.edges_counted ? voters : voters - 1;
  for (int64_t i = lo; i <= hi; ++i) {
    const double weight = pmf;
    if (!degenerate && i < hi) {
      pmf *= static_cast<double>(voters - i) * log_factorial.Reciprocal(i + 1) * odds;
    }
    const int m = i < k_min || i > k_max ? -1 : WindowOf(i, voters, window);
    if (m >= 0) {
      out.turnout += weight;
      if (turnout_per_integer != nullptr) {
        (*turnout_per_integer)[static_cast<size_t>(m)] += weight;
      }
    }
    if (i == 0) {
      out.either += m >= 0 ? weight : 0.0;  // nobody voted: the share is 0 / 0, not whole
      continue;
    }
    const double share =
        VisitWindows(i, share_rate, window, log_factorial, [&](int at, double probability) {
          if (share_per_integer != nullptr) {
            (*share_per_integer)[static_cast<size_t>(at)] += weight * probability;
          }
        });
    out.share += weight * share;
    out.either += m >= 0 ? weight : weight * share;
  }
  return out;
}

double PoissonBinomialUpperTail(const std::vector<double>& p, int64_t k) {
  if (k <= 0) {
    return 1.0;
  }
  if (k > static_cast<int64_t>(p.size())) {
    return 0.0;
  }
  std::vector<double> dist(p.size() + 1, 0.0);  // dist[j]: P(j events among those seen)
  dist[0] = 1.0;
  for (size_t i = 0; i < p.size(); ++i) {
    for (size_t j = i + 1; j > 0; --j) {
      dist[j] = (dist[j] * (1.0 - p[i])) + (dist[j - 1] * p[i]);
    }
    dist[0] *= (1.0 - p[i]);
  }
  double tail = 0.0;
  for (size_t j = p.size() + 1; j > static_cast<size_t>(k); --j) {
    tail += dist[j - 1];  // smallest terms first
  }
  return std::min(tail, 1.0);
}

}  // namespace esep::fingerprints::internal
