// End-to-end tests of `esep audit --report DIR`: a generated election's report.json equals the
// `--format json` document (apart from the volatile timings) and report.html carries the
// findings and the SVG figures; the published tables' report; an unwritable directory.

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "integration/command_runner.h"

namespace esep {
namespace {

using ::esep::testing::CommandOutput;
using ::esep::testing::ReadFile;
using ::esep::testing::RunEsep;
using ::testing::HasSubstr;

// Removes every "seconds" and "*_seconds" member (wall times, different on each run),
// recursively.
void DropSeconds(nlohmann::json& json) {
  if (json.is_object()) {
    for (auto it = json.begin(); it != json.end();) {
      const std::string& key = it.key();
      const bool timing =
          key == "seconds" || (key.size() > 8 && key.compare(key.size() - 8, 8, "_seconds") == 0);
      it = timing ? json.erase(it) : std::next(it);
    }
  }
  if (json.is_structured()) {
    for (nlohmann::json& child : json) {
      DropSeconds(child);
    }
  }
}

// A path of this process that does not exist yet (--report and generate want a new directory).
std::string Scratch(const std::string& name) {
  std::string path =
      ::testing::TempDir() + "esep-audit-report-" + name + "-" + std::to_string(::getpid());
  std::filesystem::remove_all(path);
  return path;
}

int Count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

TEST(AuditReportCliTest, AGeneratedElectionGetsBothFilesAgreeingWithTheJsonOutput) {
  const std::string election = Scratch("election");
  const CommandOutput generated =
      RunEsep("generate --precincts 1500 --seed 7 --inject stuffing=0.05 --out '" + election + "'");
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  const std::string out = Scratch("out");
  const CommandOutput text = RunEsep("audit '" + election + "' --report '" + out + "'");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("Precinct-level fingerprints of"));  // text still printed
  EXPECT_THAT(text.err, HasSubstr(out + "/report.html"));
  ASSERT_TRUE(std::filesystem::exists(out + "/report.html"));
  ASSERT_TRUE(std::filesystem::exists(out + "/report.json"));

  nlohmann::json report = nlohmann::json::parse(ReadFile(out + "/report.json"), nullptr, false);
  ASSERT_FALSE(report.is_discarded());
  const CommandOutput json_output = RunEsep("audit '" + election + "' --format json");
  ASSERT_EQ(json_output.exit_code, 0) << json_output.err;
  nlohmann::json printed = nlohmann::json::parse(json_output.out, nullptr, false);
  ASSERT_FALSE(printed.is_discarded());
  DropSeconds(report);
  DropSeconds(printed);
  EXPECT_TRUE(report == printed) << nlohmann::json::diff(printed, report).dump().substr(0, 2000);

  const std::string html = ReadFile(out + "/report.html");
  EXPECT_THAT(html, HasSubstr("SYNTHETIC"));
  EXPECT_THAT(html, HasSubstr("Summary of findings"));
  EXPECT_THAT(html, HasSubstr("Turnout vs Amanat&#39;s share: the precincts"));
  EXPECT_THAT(html, HasSubstr("Turnout: precincts at each whole percentage"));
  EXPECT_THAT(html, HasSubstr("Last digit of the counts"));
  EXPECT_GE(Count(html, "<svg"), 9);
  EXPECT_EQ(Count(html, "<svg"), Count(html, "</svg>"));

  // --format json with --report: the same document on stdout and in the file.
  const std::string both = Scratch("both");
  const CommandOutput with_json =
      RunEsep("audit '" + election + "' --format json --report '" + both + "'");
  ASSERT_EQ(with_json.exit_code, 0) << with_json.err;
  EXPECT_EQ(ReadFile(both + "/report.json"), with_json.out);
  std::filesystem::remove_all(election);
  std::filesystem::remove_all(out);
  std::filesystem::remove_all(both);
}

TEST(AuditReportCliTest, ThePublishedTablesGetTheirChecksAndRoundNumbers) {
  const std::string out = Scratch("kz");
  const CommandOutput result = RunEsep("audit kz-majilis-2023 --report '" + out + "'");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string html = ReadFile(out + "/report.html");
  EXPECT_THAT(html, HasSubstr("Published figures checked against each other"));
  EXPECT_THAT(html, HasSubstr("Round numbers in the published shares"));
  EXPECT_THAT(html, HasSubstr("More round published shares than chance explains"));
  EXPECT_THAT(html, ::testing::Not(HasSubstr("SYNTHETIC")));
  const nlohmann::json report =
      nlohmann::json::parse(ReadFile(out + "/report.json"), nullptr, false);
  ASSERT_FALSE(report.is_discarded());
  EXPECT_TRUE(report["flagged"].get<bool>());
  std::filesystem::remove_all(out);
}

TEST(AuditReportCliTest, AnUnwritableDirectoryIsAnError) {
  const CommandOutput result = RunEsep("audit kz-majilis-2023 --report /proc/esep-no-such-dir");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(result.err, HasSubstr("/proc/esep-no-such-dir"));
}

}  // namespace
}  // namespace esep
