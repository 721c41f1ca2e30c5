// The synthetic election generator: an election shaped like a real one (its parties, regions,
// districts and regional results), with a generated commission tree and one party-list and one
// district protocol per precinct. Precinct sizes, turnout and vote shares vary from precinct to
// precinct; the regional registered voters equal the real ones and the regional results come
// out close to them. Everything it writes is labelled synthetic.
//
// Optionally it also writes the territorial and district commissions' summary protocols, and
// injects irregularities recorded in a ground truth (synth/irregularities.h). Without those
// options the files are exactly those of the plain generator.
//
// Deterministic: the same options give byte-identical files. Not thread-safe.

#pragma once

#include <cstdint>
#include <string>

#include "base/result.h"
#include "io/election_data.h"
#include "synth/irregularities.h"

namespace esep::synth {

enum class SummaryProtocols { kNo, kYes };

struct GeneratorOptions {
  int64_t precincts = 10'223;  // the number of precinct commissions (2023: 10,223)
  uint64_t seed = 1;
  int64_t precincts_per_territorial = 40;  // precincts under one territorial commission
  // kYes: after the precinct protocols, one party-list summary protocol per territorial
  // commission and one district summary protocol per district commission.
  SummaryProtocols summaries = SummaryProtocols::kNo;
  InjectOptions inject;  // none by default
  // > 0: observers.csv with observers' records of this fraction of the precincts (parts per
  // billion), a simple random sample (synth/observers.h). 0 by default: no file.
  int64_t observers_parts_per_billion = 0;
};

struct GeneratorSummary {
  int64_t precincts = 0;
  int64_t territorial_commissions = 0;
  int64_t protocols = 0;
  int64_t registered_voters = 0;
  int64_t ballots_issued = 0;      // as written, injected ballots included
  int64_t summary_protocols = 0;   // of `protocols`
  int64_t altered_protocols = 0;   // rows of the ground truth
  int64_t observed_precincts = 0;  // precincts in observers.csv
  int64_t turnout_reports = 0;     // rows of turnout.csv
};

// OK when GenerateElection can honour `options` for `like`; the errors it would return for them
// (below), so a caller can report a bad option before it touches any file.
Status CheckGeneratorOptions(const model::ElectionData& like, const GeneratorOptions& options);

// Writes election.json, commissions.csv, protocols.csv, turnout.csv (synth/turnout_reports.h)
// and README.md into `out_dir` (created if missing), ground_truth.csv when irregularities are
// injected, and observers.csv with options.observers_parts_per_billion > 0. `like` must hold a
// party-list results table (for the regional results) and the districts' published leading
// candidates. kInvalidArgument for fewer precincts than regions, or summary irregularities
// without summary protocols; kUnavailable when a file cannot be written.
Result<GeneratorSummary> GenerateElection(const model::ElectionData& like,
                                          const GeneratorOptions& options,
                                          const std::string& out_dir);

}  // namespace esep::synth
