// The suite sections of every statistic: each runs (or takes) its statistic and keeps the typed
// result with the section's id, title, p-value and flag, so that DefaultPrecinctTests can list
// it. Pure functions.

#pragma once

#include "fingerprints/digit_tests.h"
#include "fingerprints/integer_percentages.h"
#include "fingerprints/klimek_fingerprint.h"
#include "fingerprints/risk_indicators.h"
#include "fingerprints/suite_section.h"
#include "fingerprints/turnout_shape.h"

namespace esep::fingerprints {

// The sections of a computed risk indicator ("additions" or "mobile") and turnout shape
// ("turnout_by_commission"); not available when the statistic has nothing to show.
SuiteSection RiskIndicatorSection(RiskIndicator indicator);
SuiteSection TurnoutShapeSection(TurnoutShape shape);

// Each takes the statistic's options with their alpha replaced by the suite's. A statistic that
// cannot run on this table (no choices, no usable precinct) gives an unavailable section that
// says why.
SuiteSection IntegerPercentagesSection(const precincts::PrecinctTable& table,
                                       IntegerPercentagesOptions options, double alpha);
SuiteSection DigitTestsSection(const precincts::PrecinctTable& table, DigitTestsOptions options,
                               double alpha);
SuiteSection KlimekSection(const precincts::PrecinctTable& table, const KlimekOptions& options);

}  // namespace esep::fingerprints
