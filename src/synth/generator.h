// The synthetic election generator: an election shaped like a real one (its parties, regions,
// districts and regional results), with a generated commission tree and one party-list and one
// district protocol per precinct. Precinct sizes, turnout and vote shares vary from precinct to
// precinct; the regional registered voters equal the real ones and the regional results come
// out close to them. Everything it writes is labelled synthetic.
//
// Deterministic: the same options give byte-identical files. Not thread-safe.

#pragma once

#include <cstdint>
#include <string>

#include "base/result.h"
#include "io/election_data.h"

namespace esep::synth {

struct GeneratorOptions {
  int64_t precincts = 10'223;  // the number of precinct commissions (2023: 10,223)
  uint64_t seed = 1;
  int64_t precincts_per_territorial = 40;  // precincts under one territorial commission
};

struct GeneratorSummary {
  int64_t precincts = 0;
  int64_t territorial_commissions = 0;
  int64_t protocols = 0;
  int64_t registered_voters = 0;
  int64_t ballots_issued = 0;
};

// Writes election.json, commissions.csv, protocols.csv and README.md into `out_dir` (created
// if missing). `like` must hold a party-list results table (for the regional results) and the
// districts' published leading candidates. kInvalidArgument for fewer precincts than regions;
// kUnavailable when a file cannot be written.
Result<GeneratorSummary> GenerateElection(const io::ElectionData& like,
                                          const GeneratorOptions& options,
                                          const std::string& out_dir);

}  // namespace esep::synth
