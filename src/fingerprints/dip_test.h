// Hartigan & Hartigan's dip test of unimodality (J. A. Hartigan and P. M. Hartigan, "The dip
// test of unimodality", Annals of Statistics 13(1):70-84, 1985; the algorithm of P. M. Hartigan,
// Applied Statistics algorithm AS 217, 1985), written from the published description.
//
// The dip of a sample is the largest distance between its empirical distribution function and
// the closest unimodal distribution function: half the largest vertical distance between the
// greatest convex minorant and the least concave majorant of the empirical distribution fitted
// outside the modal interval. It lies in [1/(2n), 1/4]: 1/(2n) for n <= 3, for samples whose
// values are all equal, and for any sample the uniform fits within half a step; 1/4 for two
// equal, infinitely separated clusters. As R's diptest::dip (min.is.0 = FALSE), a sample that
// could be fitted exactly (one repeated value) still has dip 1/(2n).
//
// The p-value (as diptest::dip.test with simulate.p.value = TRUE) is the share of samples of the
// same size from the uniform distribution, the least favourable unimodal null (Hartigan &
// Hartigan, section 4), whose dip is at least the observed one. The null dips are simulated once
// per sample size from a fixed seed and cached, so results are reproducible and the cost is one
// simulation per distinct n.
//
// Thread-safe (the cache is guarded by a mutex).
//
// Example:
//   DipTestResult r = DipTest(shares);  // r.dip, r.p_value

#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace esep::fingerprints {

// Replicates of the simulated null (diptest::dip.test's default B for simulated p-values).
inline constexpr int64_t kDipNullReplicates = 2000;

struct DipTestResult {
  int64_t observations = 0;  // finite values used
  double dip = 0;            // 0 when there are no values
  double p_value = 1;        // 1 for n <= 3 (as diptest::dip.test)
  // Monte Carlo standard error of p_value: sqrt(p (1 - p) / replicates); 0 for n <= 3.
  double p_value_standard_error = 0;
};

// The dip of `sorted` (ascending, finite); 0 for an empty span.
double DipStatistic(std::span<const double> sorted);

// The dips of `replicates` samples of size n from the uniform distribution on [0, 1], drawn
// from `seed` (ordered uniforms from normalised exponential spacings, no sort needed).
std::vector<double> SimulateUniformDips(int64_t n, int64_t replicates, uint64_t seed);

// The dip of the finite values (NaN and infinities are left out; order does not matter) and its
// p-value against the cached simulated null of kDipNullReplicates uniform samples of that size.
DipTestResult DipTest(std::span<const double> values);

}  // namespace esep::fingerprints
