// The suite sections of the fingerprints that live in their own files: integer percentages
// (integer_percentages.h), the digit tests (digit_tests.h) and the Klimek turnout × leader-share
// fingerprint (klimek_fingerprint.h). Each runs its statistic and wraps its text and JSON with
// the section's p-value and flag, so that DefaultPrecinctTests can list it. Pure functions.

#pragma once

#include "fingerprints/digit_tests.h"
#include "fingerprints/integer_percentages.h"
#include "fingerprints/klimek_fingerprint.h"
#include "fingerprints/precinct_suite.h"

namespace esep::fingerprints {

// Each takes the statistic's options with their alpha replaced by the suite's. A statistic that
// cannot run on this table (no choices, no usable precinct) gives an unavailable section that
// says why.
SuiteSection IntegerPercentagesSection(const precincts::PrecinctTable& table,
                                       IntegerPercentagesOptions options, double alpha);
SuiteSection DigitTestsSection(const precincts::PrecinctTable& table, DigitTestsOptions options,
                               double alpha);
SuiteSection KlimekSection(const precincts::PrecinctTable& table, const KlimekOptions& options);

}  // namespace esep::fingerprints
