// A unified-style diff of two texts, line by line, for test failure messages: the first hunks
// with three lines of context, cut after a given number of lines. Pure function; thread-safe.

#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace esep::testing {

// Returns "" when the texts are equal. Otherwise "--- expected_name\n+++ actual_name\n" and
// "@@ -l,n +l,n @@" hunks whose lines start with ' ', '-' (only in expected) or '+' (only in
// actual), at most `max_lines` hunk lines, then a line saying how many were left out. A missing
// newline at the end of either text shows as "\ No newline at end of file".
std::string UnifiedDiff(std::string_view expected, std::string_view actual,
                        std::string_view expected_name, std::string_view actual_name,
                        size_t max_lines = 60);

}  // namespace esep::testing
