// The flags every program that audits a series of synthetic elections takes: how many seeded
// elections (--seeds, --first-seed), of how many precincts (--precincts), under which injected
// irregularities (--scenario, repeatable), shaped like which real election (--like), written
// where (--work). One reader, so that the programs agree on what each flag means.

#pragma once

#include <cstdlib>
#include <string_view>

namespace esep::tools {

// Reads the flag at argv[i] (and its value, advancing i) into `config` and returns true when it
// is one of the flags above; returns false, reading nothing, otherwise. `Config` has the members
// seeds, first_seed, precincts, scenarios, like_directory and work.
template <typename Config>
bool TakeSeriesFlag(int argc, char** argv, int& i, Config& config) {
  const std::string_view arg = argv[i];
  if (i + 1 >= argc) {
    return false;
  }
  if (arg == "--seeds") {
    config.seeds = std::atoll(argv[++i]);
  } else if (arg == "--first-seed") {
    config.first_seed = std::atoll(argv[++i]);
  } else if (arg == "--precincts") {
    config.precincts = std::atoll(argv[++i]);
  } else if (arg == "--scenario") {
    config.scenarios.emplace_back(argv[++i]);
  } else if (arg == "--like") {
    config.like_directory = argv[++i];
  } else if (arg == "--work") {
    config.work = argv[++i];
  } else {
    return false;
  }
  return true;
}

}  // namespace esep::tools
