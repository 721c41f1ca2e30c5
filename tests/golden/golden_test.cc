// Runs every golden case under tests/golden/<area>/<case>/ (one parameterised test each) with
// the real `esep` binary in a fresh temporary directory, and compares what it printed and wrote
// with the files checked in beside `cmd`. With ESEP_GOLDEN_UPDATE=1 in the environment it
// rewrites those files instead (scripts/regenerate-golden.sh). docs/testing.md explains the
// format and what is normalised.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "golden/golden_case.h"
#include "golden/text_diff.h"
#include "integration/command_runner.h"

namespace esep::testing {
namespace {

namespace fs = std::filesystem;

std::string GoldenRoot() { return std::string(ESEP_SOURCE_DIR) + "/tests/golden"; }

bool UpdateMode() {
  const char* update = std::getenv("ESEP_GOLDEN_UPDATE");
  return update != nullptr && std::string(update) == "1";
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteFile(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

// A fresh directory for one case, removed when the case passes and kept (and named) when it
// fails so that its files can be inspected.
class TemporaryDirectory {
 public:
  TemporaryDirectory() {
    std::string pattern = (fs::temp_directory_path() / "esep-golden-XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) {
      path_ = pattern;
    }
  }
  ~TemporaryDirectory() {
    if (::testing::Test::HasFailure()) {
      std::cerr << "golden: files kept in " << path_ << "\n";
    } else if (!path_.empty()) {
      std::error_code error;
      fs::remove_all(path_, error);
    }
  }
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Compares (or, in update mode, writes) one expected file. An absent expected file stands for
// `absent_means` ("" for stderr, "0\n" for the exit code), so that most cases need neither.
void CheckOutput(const fs::path& expected_path, const std::string& actual,
                 const std::string& absent_means = "", bool always_write = false) {
  if (UpdateMode()) {
    if (actual == absent_means && !always_write) {
      fs::remove(expected_path);
    } else {
      WriteFile(expected_path, actual);
    }
    return;
  }
  const bool exists = fs::exists(expected_path);
  if (!exists && always_write) {
    ADD_FAILURE() << expected_path.string()
                  << " is missing; run scripts/regenerate-golden.sh and review the diff";
    return;
  }
  const std::string expected = exists ? ReadFile(expected_path) : absent_means;
  if (expected != actual) {
    ADD_FAILURE() << "output differs from " << expected_path.string()
                  << " (if the change is intended: scripts/regenerate-golden.sh)\n"
                  << UnifiedDiff(expected, actual, expected_path.string(), "actual");
  }
}

// In compare mode, every file under files/ must be named by a `file:` line, or it would never
// be compared; in update mode the folder is rebuilt from the `file:` lines.
void CheckNoStrayExpectedFiles(const GoldenCase& golden) {
  const fs::path folder = fs::path(golden.directory) / "files";
  if (UpdateMode()) {
    fs::remove_all(folder);
    return;
  }
  const std::set<std::string> listed(golden.files.begin(), golden.files.end());
  std::error_code error;
  for (const auto& entry : fs::recursive_directory_iterator(folder, error)) {
    const std::string name = fs::relative(entry.path(), folder).string();
    if (entry.is_regular_file() && listed.count(name) == 0) {
      ADD_FAILURE() << entry.path().string() << " is not named by a 'file:' line in cmd";
    }
  }
}

class GoldenTest : public ::testing::TestWithParam<GoldenCase> {};

}  // namespace

// How GoogleTest prints a case in messages: its id, not its bytes.
void PrintTo(const GoldenCase& golden, std::ostream* out) { *out << golden.Id(); }

namespace {

TEST_P(GoldenTest, OutputMatches) {
  const GoldenCase& golden = GetParam();
  ASSERT_TRUE(golden.error.empty()) << golden.error;
  TemporaryDirectory tmp;
  ASSERT_FALSE(tmp.path().empty()) << "cannot create a temporary directory";
  const Placeholders placeholders{
      .tmp = tmp.path(), .case_directory = golden.directory, .source = ESEP_SOURCE_DIR};
  for (const std::string& step : golden.setup) {
    const CommandOutput output = RunEsepIn(tmp.path(), ExpandPlaceholders(step, placeholders));
    ASSERT_EQ(output.exit_code, 0) << "setup step failed: esep " << step << "\n" << output.err;
  }
  const CommandOutput output = RunEsepIn(tmp.path(), ExpandPlaceholders(golden.run, placeholders));
  const auto normalise = [&](std::string text) {
    return NormaliseOutput(std::move(text), placeholders, golden.volatile_keys,
                           golden.volatile_patterns);
  };
  const fs::path folder(golden.directory);
  CheckOutput(folder / "stdout", normalise(output.out), "", /*always_write=*/true);
  CheckOutput(folder / "stderr", normalise(output.err));
  CheckOutput(folder / "exit_code", std::to_string(output.exit_code) + "\n", "0\n");
  CheckNoStrayExpectedFiles(golden);
  for (const std::string& name : golden.files) {
    const fs::path written = fs::path(tmp.path()) / name;
    ASSERT_TRUE(fs::exists(written)) << "esep " << golden.run << " did not write {tmp}/" << name;
    CheckOutput(folder / "files" / name, normalise(ReadFile(written)), "", /*always_write=*/true);
  }
}

std::string CaseName(const ::testing::TestParamInfo<GoldenCase>& info) {
  std::string name = info.param.Id();
  for (char& character : name) {
    if (!std::isalnum(static_cast<unsigned char>(character))) {
      character = '_';
    }
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, GoldenTest, ::testing::ValuesIn(ListGoldenCases(GoldenRoot())),
                         CaseName);

TEST(GoldenSuiteTest, FindsTheCheckedInCases) {
  // A wrong root would instantiate no case and pass by checking nothing.
  EXPECT_GE(ListGoldenCases(GoldenRoot()).size(), 10u);
}

}  // namespace
}  // namespace esep::testing
