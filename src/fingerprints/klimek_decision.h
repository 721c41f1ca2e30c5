// The decision rule of the Klimek fingerprint (fingerprints/klimek_fingerprint.h;
// docs/forensics-klimek.md, "Decision rule"): when the fit is run at all, the f_i threshold for
// an election's size, the flag, and the decision in words that follow the direction of their
// evidence. Pure functions; thread-safe.

#pragma once

#include <cstdint>
#include <string>

#include "fingerprints/klimek_fingerprint.h"

namespace esep::fingerprints {

// The f_i at or above which incremental fraud is flagged in an election of `precincts` precincts
// used: a step function of the size, set above the largest f_i that clean synthetic elections of
// that size reached in the calibration (docs/forensics-klimek.md). Larger elections fit with
// less noise, so the threshold falls with the size, but never below what the clean elections'
// several regions read as (the model has one clean cloud). 1 (never reached) below
// kKlimekMinimumPrecincts.
double KlimekIncrementalThreshold(int64_t precincts);

// Sets the thresholds and the flags of a fitted `fingerprint` (its fit, corner and
// precincts_used filled in) from `options`.
void ApplyKlimekDecision(const KlimekOptions& options, KlimekFingerprint& fingerprint);

// The expected precincts of the fitted model in the corner: the model cells whose lower edges
// are at or above the corner's percent on both axes (exactly the corner when the percent is a
// multiple of 100 / bins, as with 100 bins).
double KlimekModelCornerPrecincts(const KlimekFingerprint& fingerprint);

// The decision in one or two sentences, worded by its evidence: precincts smeared from the main
// cloud toward high turnout and a high leader's share (f_i), precincts in the top-right corner
// (f_e); says why when the fit was not run, and never speaks of extreme fraud with fewer than
// minimum_corner_precincts in the corner.
std::string KlimekDecisionText(const KlimekFingerprint& fingerprint);

}  // namespace esep::fingerprints
