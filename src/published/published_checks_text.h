// How `esep audit` shows the checks of published figures (published/published_checks.h): a text
// section that lists every inconsistent check in full and counts the consistent ones, and a
// JSON array with every check and its exact numbers. Pure functions; thread-safe.

#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "published/published_checks.h"

namespace esep::published {

// The "Published figures" section, ending with a blank line.
std::string PublishedChecksText(const std::vector<PublishedCheck>& checks);

// One object per check, in order, consistent or not.
nlohmann::json PublishedChecksJson(const std::vector<PublishedCheck>& checks);

}  // namespace esep::published
