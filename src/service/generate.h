// Generate: a synthetic election shaped like a real one (an election directory), written to a
// new directory, everything labelled synthetic. What `esep generate` does.
//
// Example:
//   ASSIGN_OR_RETURN(GenerateOutcome done,
//                    Generate({.like_directory = dir, .options = options, .out = "/tmp/e"}));

#pragma once

#include <string>
#include <string_view>

#include "base/output_file.h"
#include "base/result.h"
#include "synth/generator.h"

namespace esep::service {

struct GenerateRequest {
  std::string like_directory;  // the real election to imitate
  synth::GeneratorOptions options;
  std::string out;  // the directory to write
  // kAllow: write into a non-empty `out`, replacing the files of the names generate writes.
  Overwrite overwrite = Overwrite::kRefuse;
};

struct GenerateOutcome {
  std::string like_id;  // the imitated election's id
  synth::GeneratorSummary summary;
};

// The files Generate may write into its directory.
inline constexpr std::string_view kGeneratedFiles[] = {"election.json", "commissions.csv",
                                                       "protocols.csv", "ground_truth.csv",
                                                       "observers.csv", "README.md"};

// Writes the election into a staging directory beside `out` and moves it into place, so a
// failure leaves nothing under `out`. kAlreadyExists when `out` is not empty and overwrite is
// kRefuse; kInvalidArgument when `out` is the imitated election's directory (even with kAllow);
// the generator's errors otherwise (synth/generator.h).
Result<GenerateOutcome> Generate(const GenerateRequest& request);

}  // namespace esep::service
