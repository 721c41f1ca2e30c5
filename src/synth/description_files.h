// The files that describe a generated election beside its commissions and protocols: the
// definition (election.json) and the README that labels everything synthetic and says how to
// make the same files again. Pure functions; thread-safe.

#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/election_definition.h"
#include "synth/generator.h"
#include "synth/irregularities.h"
#include "synth/observers.h"

namespace esep::synth {

// The definition of the synthetic election shaped like `d`, with each district's `candidates`
// (format docs/formats/election-json.md). Built in the format's order, returned with its keys
// sorted, as the files written so far have them.
nlohmann::json SyntheticDefinitionJson(
    const model::ElectionDefinition& d, const GeneratorOptions& options,
    const std::vector<std::vector<model::Candidate>>& candidates);

// The README of the generated directory; `truth` (nullptr when nothing was injected) adds the
// table of altered protocols, and the observers' sample its own section.
std::string SyntheticReadme(const model::ElectionDefinition& d, const GeneratorOptions& options,
                            const GroundTruth* truth, const ObserverSample& observers);

}  // namespace esep::synth
