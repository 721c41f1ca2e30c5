// Runs the blocks of one .test file through a function that turns a block's input into output
// lines, and reports every block whose output differs (file:line and a unified diff) as a
// GoogleTest failure. For tests only.

#pragma once

#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "base/result.h"
#include "cases/case_file.h"

namespace esep::testing {

// Computes a block's output lines; an error fails the block with its message (which should
// name the file and line, e.g. through CaseFile::Where).
using BlockRunner =
    std::function<Result<std::vector<std::string>>(const CaseFile& file, const CaseBlock& block)>;

// Reads `path` (named `source` in messages), then runs and checks every block. A malformed
// file fails the test with the parser's file:line message.
void RunCaseFile(const std::string& path, const std::string& source, const BlockRunner& run);

// The .test files under tests/cases/<area>/.
std::vector<std::string> CaseFilesOf(const std::string& area);

// A GoogleTest parameter name for a .test path: "hare_textbook" for ".../hare-textbook.test".
std::string CaseTestName(const ::testing::TestParamInfo<std::string>& info);

}  // namespace esep::testing
