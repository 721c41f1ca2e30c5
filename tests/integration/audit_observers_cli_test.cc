// End-to-end tests of `esep audit`'s observers' part: a generated election with observers'
// records (`esep generate --observers`) audited from its directory (observers.csv found there)
// and from its store (--observers FILE), and the errors of an observers' file without precincts.

#include <filesystem>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "integration/command_runner.h"

namespace esep {
namespace {

using ::esep::testing::CommandOutput;
using ::esep::testing::RunEsep;
using ::esep::testing::WriteTempFile;
using ::testing::HasSubstr;

class AuditObserversCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::filesystem::remove_all(directory());  // generate writes only into a new directory
    const CommandOutput generated =
        RunEsep("generate --precincts 1500 --seed 3 --inject turnout=0.05 --observers 0.1 --out '" +
                directory() + "'");
    ASSERT_EQ(generated.exit_code, 0) << generated.err;
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(directory()); }
  static const std::string& directory() {
    static const std::string path =
        ::testing::TempDir() + "esep-audit-observers-" + std::to_string(::getpid());
    return path;
  }
};

TEST_F(AuditObserversCliTest, TheDirectorysObserversFileIsComparedAndTabulated) {
  const CommandOutput text = RunEsep("audit '" + directory() + "'");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("Observers' records"));
  EXPECT_THAT(text.out, HasSubstr("Parallel vote tabulation"));
  EXPECT_THAT(text.out, HasSubstr("SYNTHETIC"));

  const CommandOutput json_output = RunEsep("audit '" + directory() + "' --format json");
  ASSERT_EQ(json_output.exit_code, 0) << json_output.err;
  const nlohmann::json json = nlohmann::json::parse(json_output.out);
  const nlohmann::json& summary = json["observers"]["summary"];
  EXPECT_EQ(summary["precincts_observed"], 150);  // 10 % of 1,500
  // The sampled precincts the `turnout` injection altered show on their posted copies as
  // differing figures, and as observers' counts below the official ballots.
  EXPECT_GT(summary["copies_differing"].get<int>(), 0);
  EXPECT_EQ(summary["copies_differing"], summary["counts_below_official"]);
  EXPECT_EQ(summary["counts_above_official"], 0);
  ASSERT_FALSE(json["pvt"]["figures"].empty());
  EXPECT_EQ(json["pvt"]["figures"][0]["sample"], 150);
  EXPECT_TRUE(json.contains("precinct_suite"));
}

TEST_F(AuditObserversCliTest, AStoreTakesTheObserversFileByFlag) {
  const std::string db = directory() + "/results.db";
  const CommandOutput imported =
      RunEsep("import --no-progress --db '" + db + "' '" + directory() + "'");
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  const CommandOutput from_store = RunEsep("audit --db '" + db + "' --observers '" + directory() +
                                           "/observers.csv' --format json");
  ASSERT_EQ(from_store.exit_code, 0) << from_store.err;
  const CommandOutput from_directory = RunEsep("audit '" + directory() + "' --format json");
  ASSERT_EQ(from_directory.exit_code, 0) << from_directory.err;
  const nlohmann::json store_json = nlohmann::json::parse(from_store.out);
  const nlohmann::json directory_json = nlohmann::json::parse(from_directory.out);
  EXPECT_EQ(store_json["observers"]["summary"], directory_json["observers"]["summary"]);
  EXPECT_EQ(store_json["pvt"]["figures"], directory_json["pvt"]["figures"]);
}

TEST_F(AuditObserversCliTest, ObserversWithoutPrecinctsOrWithBadRecordsAreRefused) {
  const CommandOutput published =
      RunEsep("audit kz-majilis-2023 --observers '" + directory() + "/observers.csv'");
  EXPECT_EQ(published.exit_code, 2);
  EXPECT_THAT(published.err, HasSubstr("--observers"));

  const std::string bad = WriteTempFile("observers-bad.csv", "precinct,kind\nP1,guess\n");
  const CommandOutput bad_file = RunEsep("audit '" + directory() + "' --observers '" + bad + "'");
  EXPECT_EQ(bad_file.exit_code, 2);
  EXPECT_THAT(bad_file.err, HasSubstr("observers-bad.csv"));
}

}  // namespace
}  // namespace esep
