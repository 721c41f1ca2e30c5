// Presets named after published methods: each sets the precinct suite's options to the
// definitions of one published analysis, so that `esep audit --method-preset NAME` reproduces
// its figures on the same data (docs/reproducing-published-analyses.md, one section per preset).
// A preset is a row of a table; options given one by one on the command line apply after it.
// Immutable data; thread-safe.
//
// Example:
//   ASSIGN_OR_RETURN(const MethodPreset* preset, FindMethodPreset("kobak2016"));
//   preset->apply(options);

#pragma once

#include <span>
#include <string_view>

#include "base/result.h"
#include "fingerprints/precinct_suite.h"

namespace esep::fingerprints {

struct MethodPreset {
  std::string_view name;       // what --method-preset takes, e.g. "kobak2016"
  std::string_view reference;  // the paper
  std::string_view summary;    // what it sets, one line
  // Sets the suite's options; null for a preset that is a table of its own instead of the
  // suite (eftoolkit: fingerprints/eftoolkit_table.h, audit::RunEftoolkitAudit; klimek2012:
  // fingerprints/klimek_published.h, audit::RunKlimek2012Audit).
  void (*apply)(PrecinctSuiteOptions& options);
};

// Every preset, in the order --help lists them.
std::span<const MethodPreset> MethodPresets();

// The preset named `name`; kInvalidArgument listing the names when there is none.
Result<const MethodPreset*> FindMethodPreset(std::string_view name);

}  // namespace esep::fingerprints
