// What `esep tally` prints: the text report (counts and timings, the regions' progress and
// turnout, the seat allocation with its worked steps, the districts, the summary protocols that
// differ from their precincts) and the JSON sums for scripts.

#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "service/tally.h"

namespace esep::cli {

// `max_reasons`: differing summary protocols described at most (the rest are counted).
std::string TallyText(const service::TallyOutcome& tally, int64_t max_reasons);

// The sums as JSON: the national and each district's sum as a protocol in JSON Lines form
// (docs/formats/protocols-jsonl.md) with its progress, plus the counts and timings.
nlohmann::ordered_json TallyJson(const service::TallyOutcome& tally);

}  // namespace esep::cli
