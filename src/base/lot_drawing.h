// A drawing of lots that anyone can repeat from the printed seed.
//
// The law breaks some ties by lot. A computer cannot hold a real drawing, but it can make one
// that is reproducible and cannot be steered by input order: the tied names are sorted, then
// shuffled by Fisher–Yates driven by SplitMix64 from the seed (docs/law.md gives the
// algorithm so that it can be re-implemented independently). Pure functions; thread-safe.

#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace esep {

// Returns the indices of `names` in the order they are drawn: the first index wins the lot.
// The same seed and the same set of names give the same order whatever order they come in.
std::vector<size_t> DrawLots(uint64_t seed, std::span<const std::string> names);

// The next value of the SplitMix64 generator (Steele, Lea & Flood 2014) whose state is
// `state`; advances `state`.
uint64_t SplitMix64Next(uint64_t& state);

}  // namespace esep
