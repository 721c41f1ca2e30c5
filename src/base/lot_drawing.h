// A drawing of lots that anyone can repeat from the printed seed.
//
// The law breaks some ties by lot. A computer cannot hold a real drawing, but it can make one
// that is reproducible and cannot be steered: each name draws a ticket that depends only on
// the seed and the name's bytes, and the lowest ticket is drawn first. So the order of any two
// names is the same whatever other names take part and whatever order they come in — a tie
// between two lists is decided the same way however many other lists were admitted.
// docs/law.md gives the algorithm so that it can be re-implemented independently.
// Pure functions; thread-safe.

#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace esep {

// The ticket `name` draws with `seed`: SplitMix64's first output from the state
// seed XOR FNV-1a-64(name).
uint64_t LotTicket(uint64_t seed, std::string_view name);

// Returns the indices of `names` in the order they are drawn (ascending ticket; equal tickets,
// which need a 64-bit collision, by name): the first index wins the lot.
std::vector<size_t> DrawLots(uint64_t seed, std::span<const std::string> names);

// The next value of the SplitMix64 generator (Steele, Lea & Flood 2014) whose state is
// `state`; advances `state`.
uint64_t SplitMix64Next(uint64_t& state);

// The 64-bit FNV-1a hash of `bytes` (Fowler, Noll, Vo).
uint64_t Fnv1a64(std::string_view bytes);

}  // namespace esep
