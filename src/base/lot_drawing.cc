#include "base/lot_drawing.h"

#include <algorithm>
#include <numeric>

namespace esep {

uint64_t SplitMix64Next(uint64_t& state) {
  state += 0x9E3779B97F4A7C15ULL;
  uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

namespace {

// A uniform integer in [0, bound) without modulo bias (rejection sampling).
uint64_t UniformBelow(uint64_t& state, uint64_t bound) {
  const uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  uint64_t value = 0;
  do {
    value = SplitMix64Next(state);
  } while (value >= limit);
  return value % bound;
}

}  // namespace

std::vector<size_t> DrawLots(uint64_t seed, std::span<const std::string> names) {
  std::vector<size_t> order(names.size());
  std::iota(order.begin(), order.end(), size_t{0});
  // Sorting first makes the draw independent of the order the names were given in.
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return names[a] < names[b]; });
  uint64_t state = seed;
  for (size_t i = order.size(); i > 1; --i) {
    const size_t j = static_cast<size_t>(UniformBelow(state, i));
    std::swap(order[i - 1], order[j]);
  }
  return order;
}

}  // namespace esep
