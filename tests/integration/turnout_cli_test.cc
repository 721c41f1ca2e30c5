// The precinct commissions' turnout reports end to end, as a user meets them: a generated
// election brings its turnout.csv and `esep import` stores every report; a file of reports given
// with --turnout is checked row by row (each refusal names the file, the line and the rule);
// `esep verify` covers every report, and names a report changed behind esep's back.

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>
#include <unistd.h>

#include "integration/command_runner.h"

namespace esep {
namespace {

using testing::CommandOutput;
using ::testing::HasSubstr;
using testing::RunEsep;
using testing::WriteTempFile;

class TurnoutCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = ::testing::TempDir() + "esep-turnout-cli-" + std::to_string(::getpid());
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_);
    const CommandOutput generated =
        RunEsep("generate --precincts 20 --seed 3 --out '" + root_ + "/gen'");
    ASSERT_EQ(generated.exit_code, 0) << generated.err;
    db_ = root_ + "/r.db";
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  std::string root_;
  std::string db_;
};

TEST_F(TurnoutCliTest, AnElectionDirectoryBringsItsTurnoutReportsAndVerifyCoversThem) {
  const CommandOutput imported = RunEsep("import --db '" + db_ + "' '" + root_ + "/gen'");
  ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
  EXPECT_THAT(imported.out, HasSubstr("Turnout reports: 120 rows read from 1 file(s): 120 "
                                      "accepted (0 of them corrections), 0 unchanged, 0 rejected"));
  const CommandOutput again = RunEsep("import --db '" + db_ + "' '" + root_ + "/gen'");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("Turnout reports: 120 rows read from 1 file(s): 0 accepted (0 "
                                   "of them corrections), 120 unchanged, 0 rejected"));
  const CommandOutput verified = RunEsep("verify --db '" + db_ + "'");
  ASSERT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_THAT(verified.out, HasSubstr("Turnout reports: 240, each following the rules and "
                                      "matching its turnout_reports row: ok"));
}

TEST_F(TurnoutCliTest, EveryRefusedReportNamesFileLineAndRule) {
  ASSERT_EQ(RunEsep("import --db '" + db_ + "' '" + root_ + "/gen'").exit_code, 0);
  const std::string fix = WriteTempFile(
      "turnout-fix-" + std::to_string(::getpid()) + ".csv",
      "commission,time,voters,decision_number,decision_date,decision_commission,decision_reason\n"
      "PEC-abai-00001,20:00,1,,,,\n"
      "PEC-abai-00001,22:00,0,,,,\n"
      "PEC-nowhere,10:00,5,,,,\n"
      "PEC-abai-00001,11:00,5,,,,\n"
      "PEC-abai-00001,10:00,lots,,,,\n"
      "PEC-abai-00001,10:00,0,1/2,2023-03-19,TTEC-abai-1,a recount of the morning list\n");
  const CommandOutput imported = RunEsep("import --db '" + db_ + "' --turnout '" + fix + "'");
  EXPECT_EQ(imported.exit_code, 2) << imported.out << imported.err;
  EXPECT_THAT(imported.out,
              HasSubstr(":2: turnout report of PEC-abai-00001 at 20:00: a correction of an "
                        "accepted turnout report must cite a commission decision"));
  EXPECT_THAT(imported.out, HasSubstr(":3: turnout report of PEC-abai-00001 at 22:00: "
                                      "cumulative: 0 voters by 22:00 is fewer than the"));
  EXPECT_THAT(imported.out, HasSubstr(":4: turnout report of PEC-nowhere at 10:00: precinct "
                                      "commission 'PEC-nowhere' is not in the election's "
                                      "definition"));
  EXPECT_THAT(imported.out, HasSubstr(":5: turnout report of PEC-abai-00001 at 11:00: 11:00 is "
                                      "not a report time of rule set kz-majilis-2023"));
  EXPECT_THAT(imported.out, HasSubstr(":6: field 'voters': 'lots' is not a whole number"));
  EXPECT_THAT(imported.out, HasSubstr("Turnout reports: 6 rows read from 1 file(s): 1 accepted (1 "
                                      "of them corrections), 0 unchanged, 5 rejected"));
  EXPECT_THAT(imported.err, HasSubstr("5 of 6 turnout reports were rejected"));
  EXPECT_EQ(RunEsep("verify --db '" + db_ + "'").exit_code, 0);
}

TEST_F(TurnoutCliTest, AReportChangedBehindEsepsBackIsNamed) {
  ASSERT_EQ(RunEsep("import --db '" + db_ + "' '" + root_ + "/gen'").exit_code, 0);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "DROP TRIGGER turnout_reports_are_never_updated; UPDATE turnout_reports "
                         "SET voters = voters + 100 WHERE commission_id = 'PEC-abai-00001' AND "
                         "report_time = '20:00'",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  const CommandOutput verified = RunEsep("verify --db '" + db_ + "'");
  EXPECT_EQ(verified.exit_code, 3) << verified.out << verified.err;
  EXPECT_THAT(verified.out, HasSubstr("turnout_reports table, entry"));
  EXPECT_THAT(verified.out, HasSubstr("(PEC-abai-00001 at 20:00): the row differs from its chain "
                                      "entry (the row was changed)"));
}

// A report above the ballots the precinct's protocol issued is accepted, and published as a
// warning in turnout.json, which esep verify --snapshot recomputes.
TEST_F(TurnoutCliTest, AReportAboveTheBallotsIssuedIsPublishedAsAWarning) {
  ASSERT_EQ(RunEsep("import --db '" + db_ + "' '" + root_ + "/gen'").exit_code, 0);
  // The first precinct's party-list protocol: its ballots issued (premises + mobile).
  std::istringstream protocols(testing::ReadFile(root_ + "/gen/protocols.csv"));
  std::string header;
  std::string row;
  std::getline(protocols, header);
  std::getline(protocols, row);
  const auto fields = [](const std::string& line) {
    std::vector<std::string> cells;
    std::stringstream stream(line);
    for (std::string cell; std::getline(stream, cell, ',');) {
      cells.push_back(cell);
    }
    return cells;
  };
  const std::vector<std::string> names = fields(header);
  const std::vector<std::string> values = fields(row);
  const auto value = [&](const std::string& name) {
    const auto at = std::find(names.begin(), names.end(), name);
    return std::stoll(values.at(static_cast<size_t>(at - names.begin())));
  };
  ASSERT_EQ(values.at(0), "PEC-abai-00001");
  const int64_t issued = value("ballots_issued_premises") + value("ballots_issued_mobile");
  const std::string late = WriteTempFile(
      "turnout-late-" + std::to_string(::getpid()) + ".csv",
      "commission,time,voters\nPEC-abai-00001,22:00," + std::to_string(issued + 5) + "\n");
  const CommandOutput imported = RunEsep("import --db '" + db_ + "' --turnout '" + late + "'");
  ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
  ASSERT_EQ(RunEsep("publish --db '" + db_ + "' --out '" + root_ + "/site' --no-audit").exit_code,
            0);
  const nlohmann::json turnout =
      nlohmann::json::parse(testing::ReadFile(root_ + "/site/v/1/turnout.json"));
  ASSERT_EQ(turnout["findings"].size(), 1u);
  const nlohmann::json& finding = turnout["findings"][0];
  EXPECT_EQ(finding["rule_id"], "turnout-above-ballots-issued");
  EXPECT_EQ(finding["severity"], "warning");
  EXPECT_EQ(finding["commission_id"], "PEC-abai-00001");
  EXPECT_EQ(finding["time"], "22:00");
  EXPECT_EQ(finding["voters"], issued + 5);
  EXPECT_EQ(finding["ballots_issued"], issued);
  EXPECT_THAT(finding["message"].get<std::string>(), HasSubstr("5 more reported than issued"));
  // At 22:00 one precinct reported.
  EXPECT_EQ(turnout["national"]["by_time"][6]["precincts"], 1);
  EXPECT_EQ(RunEsep("verify --snapshot '" + root_ + "/site/v/1'").exit_code, 0);
}

// The generated election relabelled as real (its definition says synthetic: false): the
// generator's turnout.csv, every row marked synthetic, is refused row by row.
TEST_F(TurnoutCliTest, SyntheticReportsAreNeverImportedIntoARealElection) {
  const std::filesystem::path real = root_ + "/real";
  std::filesystem::copy(root_ + "/gen", real);
  std::filesystem::rename(real / "turnout.csv", root_ + "/synthetic-turnout.csv");
  std::string definition = testing::ReadFile(real / "election.json");
  const size_t flag = definition.find("\"synthetic\": true");
  ASSERT_NE(flag, std::string::npos);
  definition.replace(flag, 17, "\"synthetic\": false");
  std::ofstream(real / "election.json", std::ios::binary | std::ios::trunc) << definition;
  const std::string store = root_ + "/real.db";
  ASSERT_EQ(RunEsep("import --db '" + store + "' '" + real.string() + "'").exit_code, 0);
  const CommandOutput imported =
      RunEsep("import --db '" + store + "' --turnout '" + root_ + "/synthetic-turnout.csv'");
  EXPECT_EQ(imported.exit_code, 2);
  EXPECT_THAT(imported.out, HasSubstr("synthetic-turnout.csv:2: turnout report of PEC-abai-00001 "
                                      "at 10:00: the row is marked synthetic, but the election "
                                      "is not"));
  EXPECT_THAT(imported.err, HasSubstr("120 of 120 turnout reports were rejected"));
}

}  // namespace
}  // namespace esep
