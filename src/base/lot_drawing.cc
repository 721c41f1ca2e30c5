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

uint64_t Fnv1a64(std::string_view bytes) {
  uint64_t hash = 0xCBF29CE484222325ULL;
  for (char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001B3ULL;
  }
  return hash;
}

uint64_t LotTicket(uint64_t seed, std::string_view name) {
  uint64_t state = seed ^ Fnv1a64(name);
  return SplitMix64Next(state);
}

std::vector<size_t> DrawLots(uint64_t seed, std::span<const std::string> names) {
  std::vector<uint64_t> tickets;
  tickets.reserve(names.size());
  for (const std::string& name : names) {
    tickets.push_back(LotTicket(seed, name));
  }
  std::vector<size_t> order(names.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (tickets[a] != tickets[b]) {
      return tickets[a] < tickets[b];
    }
    return names[a] < names[b];
  });
  return order;
}

}  // namespace esep
