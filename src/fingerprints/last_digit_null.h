// The null distribution of the last digit of honest counts, modelled from the counts' own
// distribution at the scale of ten (docs/forensics-integer-digits.md, "The last-digit null").
//
// Last digits are uniform only when the counts' distribution is flat across each decade. A small
// list's votes (a few to a few dozen per precinct) fall or rise steeply within ten, so their low
// or middle digits are more common with no fraud at all. The model keeps what fraud cannot easily
// change — how many counts fall in each decade (10k .. 10k + 9) — and infers each decade's
// within-decade shape from its neighbours: a log-polynomial density fitted exactly to the masses
// of the decade and of two bins on either side (quartic; quadratic through one bin on either
// side where the outer bins are sparse). Invented digits move counts inside a decade, which the
// model does not see, so they stay visible to the test.
//
// Pure functions; thread-safe.

#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace esep::fingerprints {

struct LastDigitNullModel {
  // The modelled probability of each last digit among the counts >= min_count.
  std::array<double, 10> probability{};
  // The same from the next simpler model (log-quadratic through one bin on either side where
  // the quartic is used, else log-linear): where the two disagree, the null depends on a
  // modelling choice.
  std::array<double, 10> linear_probability{};
  // max over digits of |probability - 1/10| / (1/10): how far the counts' own shape moves the
  // null from uniform (0 for counts flat at the scale of ten).
  double departure = 0;
  // Sum over digits of (probability - linear_probability)^2 / probability: the chi-square, per
  // count, that the choice between the two models alone would contribute. Times the number of
  // counts it is the chi-square the modelling uncertainty could produce.
  double model_spread_per_count = 0;
  // Sum over digits of (probability - 1/10)^2 / probability: the chi-square, per count, of the
  // null's own departure from uniform.
  double uniform_distance_per_count = 0;
  int64_t counts = 0;  // counts >= min_count
};

// The chi-square by which the null of `model` is uncertain: the two models' disagreement plus
// (10 %)^2 of the null's departure from uniform (a model error of 10 % of the departure;
// docs/forensics-integer-digits.md), times the counts.
double LastDigitNullUncertainty(const LastDigitNullModel& model);

// The model of the last digit of the counts >= min_count. Counts below min_count (but >= 1)
// shape the first tested decade's neighbour; zeros never enter (a list absent from a precinct
// is a spike at 0, not part of a smooth density). REQUIRES: min_count >= 10.
LastDigitNullModel ModelLastDigitNull(const std::vector<int64_t>& counts, int64_t min_count);

}  // namespace esep::fingerprints
