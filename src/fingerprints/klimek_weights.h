// The mixture weights of the Klimek model fit (klimek_model.h): for fixed clean, incremental
// and extreme components, the fractions f_i, f_e (f_i, f_e >= 0, f_i + f_e <= 1) that maximise
// the multinomial log-likelihood of the data's histogram. The log-likelihood is concave in
// (f_i, f_e), so its maximum is on one of the triangle's three edges or inside it; each is
// searched exactly (bisection on the edges, damped Newton inside). Internal to the fit; pure.

#pragma once

#include <span>

namespace esep::fingerprints::internal {

// The data's non-empty bins with the three component probabilities there.
struct FitBin {
  double count = 0;
  double clean = 0;
  double incremental = 0;
  double extreme = 0;
};

struct Weights {
  double f_i = 0;
  double f_e = 0;
  double log_likelihood = 0;
};

// The model's probability of `bin` with weights f_i, f_e.
double Mix(const FitBin& bin, double f_i, double f_e);

// Σ count · log(Mix) over `bins`.
double LogLikelihood(std::span<const FitBin> bins, double f_i, double f_e);

// The maximum-likelihood weights. REQUIRES: every component probability is positive in every
// bin (the fit mixes in a uniform background for that).
Weights BestWeights(std::span<const FitBin> bins);

}  // namespace esep::fingerprints::internal
