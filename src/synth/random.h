// Random: the synthetic generator's source of randomness, fully specified (SplitMix64,
// 53-bit uniforms, Box–Muller normals) so that a seed gives the same election with any
// compiler and standard library. Not thread-safe; one per generator.

#pragma once

#include <cstdint>

namespace esep::synth {

class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}

  uint64_t NextU64();
  // Uniform in [0, 1).
  double Uniform();
  // Standard normal.
  double Normal();

 private:
  uint64_t state_;
};

}  // namespace esep::synth
