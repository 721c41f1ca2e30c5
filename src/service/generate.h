// Generate: a synthetic election shaped like a real one (an election directory), written to a
// new directory, everything labelled synthetic. What `esep generate` does.
//
// Example:
//   ASSIGN_OR_RETURN(GenerateOutcome done,
//                    Generate({.like_directory = dir, .options = options, .out = "/tmp/e"}));

#pragma once

#include <string>

#include "base/result.h"
#include "synth/generator.h"

namespace esep::service {

struct GenerateRequest {
  std::string like_directory;  // the real election to imitate
  synth::GeneratorOptions options;
  std::string out;  // the directory to write
};

struct GenerateOutcome {
  std::string like_id;  // the imitated election's id
  synth::GeneratorSummary summary;
};

Result<GenerateOutcome> Generate(const GenerateRequest& request);

}  // namespace esep::service
