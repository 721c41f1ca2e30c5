// Data-driven test cases in the style of duckdb's `.test` files: a header naming the case and
// the source of its expected values, then blocks of input lines, each followed by a `----`
// separator and the expected output (docs/testing.md, "Data-driven cases").
//
//   # name: Hare, 10 seats, 5 %
//   # description: the textbook largest-remainder example
//   # source: computed by hand (quota 100)
//
//   --seats 10 --threshold 5 --method hare
//   party,votes
//   A,600
//   ----
//   A | passed | 10 | 0
//
// The parser knows nothing of seats or protocols: each runner interprets the lines. Pure
// functions; thread-safe.

#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace esep::testing {

struct CaseBlock {
  int line = 0;                       // line of the block's first input line (1-based)
  std::vector<std::string> input;     // the lines before `----`
  std::vector<std::string> expected;  // the lines after `----`, up to a blank line or the end
};

struct CaseFile {
  std::string source;  // the file name given to the parser, for messages
  std::string name;
  std::string description;
  std::string origin;  // the `# source:` line: where the expected values come from
  std::vector<CaseBlock> blocks;

  // "seats/hare.test:12" for the block starting at `line`, for test messages.
  std::string Where(int line) const;
};

// Parses the text of a .test file. Rules:
//   - `# name:`, `# description:` and `# source:` lines are the header; all three are required,
//     each at most once, and they must come before the first block;
//   - other lines starting with `#` are comments, and blank lines separate blocks;
//   - a block is one or more input lines, a line that is exactly `----`, and the expected
//     lines up to the next blank line or the end of the file (possibly none);
//   - trailing spaces and a final '\r' are removed from every line.
// Errors (kInvalidArgument) name the file and line: "seats/x.test:7: ...". A file without
// any block is an error, so a mistyped file cannot pass by checking nothing.
Result<CaseFile> ParseCaseFile(std::string_view text, std::string_view source);

// Reads and parses the file at `path`; `source` names it in messages.
Result<CaseFile> ReadCaseFile(const std::string& path, std::string_view source);

// The .test files directly under `directory`, sorted by name (empty when there is none).
std::vector<std::string> ListCaseFiles(const std::string& directory);

}  // namespace esep::testing
