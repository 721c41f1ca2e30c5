#include "synth/random.h"

#include <cmath>
#include <numbers>

#include "base/lot_drawing.h"

namespace esep::synth {

uint64_t Random::NextU64() { return SplitMix64Next(state_); }

double Random::Uniform() {
  return static_cast<double>(NextU64() >> 11) * 0x1.0p-53;  // the top 53 bits
}

double Random::Normal() {
  // Box–Muller; 1 - Uniform() is in (0, 1], so the logarithm is finite.
  const double radius = std::sqrt(-2.0 * std::log(1.0 - Uniform()));
  return radius * std::cos(2.0 * std::numbers::pi * Uniform());
}

}  // namespace esep::synth
