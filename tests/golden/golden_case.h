// One golden case: a folder under tests/golden/<area>/<case>/ holding the steps to run (`cmd`)
// and the output they must print (`stdout`, `stderr`, `exit_code`, `files/...`). The format,
// the placeholders and the normalisation rules are in docs/testing.md ("Golden files").
//
// `cmd` is line based:
//   # a comment
//   setup: generate --precincts 40 --seed 7 --out {tmp}/e     (must exit 0; output ignored)
//   run: export --db {tmp}/s.db --format csv --out {tmp}/r.csv  (exactly one; compared)
//   file: r.csv                                                 (compare {tmp}/r.csv too)
//   volatile-key: total_seconds                                 (see NormaliseOutput)
//   volatile-pattern: ([0-9.]+) s of processor time             (see NormaliseOutput)
// For tests only; not thread-safe.

#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace esep::testing {

struct GoldenCase {
  std::string area;                            // "export"
  std::string name;                            // "csv-small"
  std::string directory;                       // absolute path of the case folder
  std::vector<std::string> setup;              // esep arguments, placeholders not yet replaced
  std::string run;                             // the command whose output is compared
  std::vector<std::string> files;              // names relative to {tmp}
  std::vector<std::string> volatile_keys;      // JSON keys whose value is not compared
  std::vector<std::string> volatile_patterns;  // regular expressions masked in the text
  std::string error;  // why `cmd` could not be read; the case's test fails with it

  // "export/csv-small".
  std::string Id() const { return area + "/" + name; }
};

// Reads `<directory>/cmd`. kInvalidArgument ("cmd:3: ...") for an unknown directive, no or two
// `run:` lines, a file name that is absolute or climbs out of {tmp}, or a volatile pattern that
// is not a regular expression.
Result<GoldenCase> ReadGoldenCase(const std::string& root, const std::string& area,
                                  const std::string& name);

// Every case folder (one holding a `cmd` file) two levels below `root`, sorted by id.
std::vector<GoldenCase> ListGoldenCases(const std::string& root);

struct Placeholders {
  std::string tmp;  // the fresh temporary directory of this run
  std::string case_directory;
  std::string source;  // the source tree, where esep runs
};

// Replaces {tmp}, {case} and {source} in a command line by their paths.
std::string ExpandPlaceholders(std::string_view command, const Placeholders& placeholders);

// The output as compared: every occurrence of the three paths (longest first) replaced by its
// placeholder, and in every `"KEY": value` with KEY in `volatile_keys` the value masked: a
// scalar (number, string, true/false/null) becomes "<volatile>"; in an object or array every
// number becomes "<volatile>" and its keys and strings stay; then every match of each of
// `volatile_patterns` (ECMAScript regular expressions) is replaced by <volatile>, or only the
// text of its first group when it has one. Nothing else is touched: spacing, order and every
// other value are compared byte for byte.
std::string NormaliseOutput(std::string text, const Placeholders& placeholders,
                            const std::vector<std::string>& volatile_keys,
                            const std::vector<std::string>& volatile_patterns = {});

}  // namespace esep::testing
