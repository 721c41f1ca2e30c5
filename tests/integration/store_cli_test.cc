// The store-backed commands end to end, as a user runs them: import an election, re-import it,
// correct a protocol with and without a decision, report, export and verify.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "integration/command_runner.h"

namespace esep {
namespace {

using testing::CommandOutput;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::RunEsep;
using testing::WriteTempFile;

// A generated election of 40 precincts and a fresh store path, shared by the tests below.
class StoreCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Per process: ctest runs each test in a process of its own, in parallel.
    election_directory = ::testing::TempDir() + "esep-store-cli-" + std::to_string(::getpid());
    std::filesystem::remove_all(election_directory);
    const CommandOutput generated =
        RunEsep("generate --precincts 40 --seed 3 --out '" + election_directory + "'");
    ASSERT_EQ(generated.exit_code, 0) << generated.err;
  }

  static void TearDownTestSuite() { std::filesystem::remove_all(election_directory); }

  std::string FreshStore(const std::string& name) {
    std::string path = ::testing::TempDir() + std::to_string(::getpid()) + "-" + name;
    std::filesystem::remove(path);
    std::filesystem::remove(path + "-wal");
    std::filesystem::remove(path + "-shm");
    return path;
  }

  // The first data row of the generated protocols file, and the header.
  static std::pair<std::string, std::string> HeaderAndFirstRow() {
    std::ifstream in(election_directory + "/protocols.csv");
    std::string header;
    std::string first;
    std::getline(in, header);
    std::getline(in, first);
    return {header, first};
  }

  // `row` (a protocols.csv data row) with one vote moved from its largest choice to the next:
  // a changed protocol. Empty if the row has no vote to move.
  static std::string OneVoteMoved(const std::string& row_text) {
    std::vector<std::string> fields;
    std::stringstream row(row_text);
    for (std::string field; std::getline(row, field, ',');) {
      fields.push_back(field);
    }
    // commission, contest, 12 counts, against all, turnout during the day, then the choices.
    const size_t first_choice = 16;
    if (fields.size() <= first_choice + 1) {
      return "";
    }
    size_t most = first_choice;
    for (size_t i = first_choice; i < fields.size(); ++i) {
      most = std::stoll(fields[i]) > std::stoll(fields[most]) ? i : most;
    }
    if (std::stoll(fields[most]) <= 0) {
      return "";
    }
    const size_t other = most + 1 < fields.size() ? most + 1 : first_choice;
    fields[most] = std::to_string(std::stoll(fields[most]) - 1);
    fields[other] = std::to_string(std::stoll(fields[other]) + 1);
    std::string changed;
    for (size_t i = 0; i < fields.size(); ++i) {
      changed += (i == 0 ? "" : ",") + fields[i];
    }
    return changed;
  }

  // A protocols file whose one row is `changed`, citing a complete commission decision.
  static std::string DecidedCorrection(const std::string& name, const std::string& header,
                                       const std::string& changed) {
    return WriteTempFile(
        name, header + ",decision_number,decision_date,decision_commission,decision_reason\n" +
                  changed + ",12/45,2023-03-21,TEC,recount found one vote misassigned\n");
  }

  static inline std::string election_directory;
};

TEST_F(StoreCliTest, ImportStoresEverythingAndVerifyRecomputesIt) {
  const std::string db = FreshStore("import.db");
  const CommandOutput imported = RunEsep("import --db '" + db + "' '" + election_directory + "'");
  ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
  EXPECT_THAT(imported.out, HasSubstr("80 rows read from 1 file(s): 80 accepted"));
  EXPECT_THAT(imported.out, HasSubstr("Definition SHA-256: "));
  EXPECT_THAT(imported.out, HasSubstr("Status: final"));
  EXPECT_THAT(imported.out, HasSubstr("Worked steps:"));
  EXPECT_THAT(imported.out, HasSubstr("Audit chain head:"));

  // Importing the same file again changes nothing: every row is 'unchanged'.
  const CommandOutput again = RunEsep("import --db '" + db + "' '" + election_directory + "'");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("0 accepted (0 of them corrections), 80 unchanged, 0 rejected"));

  const CommandOutput verified = RunEsep("verify --db '" + db + "'");
  ASSERT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  // Every submission is chained, after the definition (entry 1) and the snapshot (entry 82),
  // then the 240 turnout reports of each import; the second import's result is the first's, so
  // it records no second snapshot.
  EXPECT_THAT(verified.out, HasSubstr("Audit chain: 642 entries recomputed"));
  EXPECT_THAT(verified.out, HasSubstr("Results snapshots: 1 recomputed"));
  EXPECT_THAT(verified.out, HasSubstr("Latest (entry 82): 70 units and 98 seats"));
}

TEST_F(StoreCliTest, ACorrectionNeedsADecisionAndAnOpenOneKeepsTheResultPreliminary) {
  const std::string db = FreshStore("corrections.db");
  ASSERT_EQ(RunEsep("import --db '" + db + "' '" + election_directory + "'").exit_code, 0);
  auto [header, first] = HeaderAndFirstRow();
  const std::string changed = OneVoteMoved(first);
  ASSERT_FALSE(changed.empty()) << first;
  const std::string undecided = WriteTempFile("undecided.csv", header + "\n" + changed + "\n");
  const CommandOutput refused = RunEsep("import --db '" + db + "' '" + undecided + "'");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.out, HasSubstr("undecided.csv:2: "));
  EXPECT_THAT(refused.out, HasSubstr("must cite a commission decision"));
  EXPECT_THAT(refused.out, HasSubstr("Status: preliminary"));
  EXPECT_THAT(refused.out, HasSubstr("correction submitted without a decision"));

  const std::string decided = DecidedCorrection("decided.csv", header, changed);
  const CommandOutput accepted = RunEsep("import --db '" + db + "' '" + decided + "'");
  ASSERT_EQ(accepted.exit_code, 0) << accepted.out << accepted.err;
  EXPECT_THAT(accepted.out, HasSubstr("1 accepted (1 of them corrections)"));
  EXPECT_THAT(accepted.out, HasSubstr("Status: final"));
  EXPECT_EQ(RunEsep("verify --db '" + db + "'").exit_code, 0);
}

// esep import tabulates the protocols it accepted into an empty store without reading them
// back, and reads the store otherwise (a correction in the same import, an earlier import):
// either way its snapshot is the store's result, which verify recomputes from the chain.
TEST_F(StoreCliTest, TheImportsSnapshotIsTheStoresResultWhicheverWayItIsTabulated) {
  auto [header, first] = HeaderAndFirstRow();
  const std::string changed = OneVoteMoved(first);
  ASSERT_FALSE(changed.empty()) << first;
  const std::string decided = DecidedCorrection("decided-same-import.csv", header, changed);
  // The same row twice (the second is unchanged) and a correction of it, in one import.
  const std::string twice = WriteTempFile("twice.csv", header + "\n" + first + "\n");
  const std::string one_import = FreshStore("one-import.db");
  const CommandOutput imported = RunEsep("import --db '" + one_import + "' '" + election_directory +
                                         "' '" + twice + "' '" + decided + "'");
  ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
  EXPECT_THAT(imported.out, HasSubstr("81 accepted (1 of them corrections), 1 unchanged"));
  const CommandOutput verified = RunEsep("verify --db '" + one_import + "'");
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_THAT(verified.out, HasSubstr("Results snapshots: 1 recomputed"));

  // The same protocols over three imports: the same result, and the same figures reported.
  const std::string three_imports = FreshStore("three-imports.db");
  for (const std::string& path : {election_directory, twice, decided}) {
    std::string command = "import --db '" + three_imports;
    command.append("' '").append(path).append("'");
    ASSERT_EQ(RunEsep(command).exit_code, 0) << path;
  }
  EXPECT_EQ(RunEsep("verify --db '" + three_imports + "'").exit_code, 0);
  const CommandOutput one_report = RunEsep("report --db '" + one_import + "' --format json");
  const CommandOutput three_report = RunEsep("report --db '" + three_imports + "' --format json");
  ASSERT_EQ(one_report.exit_code, 0) << one_report.err;
  EXPECT_EQ(nlohmann::json::parse(one_report.out)["rows"],
            nlohmann::json::parse(three_report.out)["rows"]);
}

TEST_F(StoreCliTest, BadRowsAreReportedOneByOneAndTheGoodOnesStored) {
  const std::string db = FreshStore("bad-rows.db");
  ASSERT_EQ(
      RunEsep("import --db '" + db + "' '" + election_directory + "/election.json' 2>/dev/null")
          .exit_code,
      2);  // a file that is not protocols: the definition comes with its directory
  auto [header, first] = HeaderAndFirstRow();
  const std::string bad = WriteTempFile(
      "bad-rows.csv", header + "\n" + first +
                          "\nPEC-nowhere,list,1,0,1,1,0,0,0,0,1,0,0,1,0,,1,0,0,0,0,0,0\n" +
                          "PEC-x,list,lots,0,1,1,0,0,0,0,1,0,0,1,0,,1,0,0,0,0,0,0\n");
  const CommandOutput no_definition = RunEsep("import --db '" + db + "' '" + bad + "'");
  EXPECT_EQ(no_definition.exit_code, 2) << no_definition.err;
  EXPECT_THAT(no_definition.err, HasSubstr("holds no election definition yet"));

  ASSERT_EQ(RunEsep("import --db '" + db + "' '" + election_directory + "'").exit_code, 0);
  const CommandOutput mixed = RunEsep("import --db '" + db + "' '" + bad + "'");
  EXPECT_EQ(mixed.exit_code, 2);
  EXPECT_THAT(mixed.out, HasSubstr("3 rows read from 1 file(s): 0 accepted (0 of them "
                                   "corrections), 1 unchanged, 2 rejected"));
  EXPECT_THAT(mixed.out, HasSubstr("bad-rows.csv:3: PEC-nowhere (list): "));
  EXPECT_THAT(mixed.out, HasSubstr("'PEC-nowhere' is not a precinct commission"));
  EXPECT_THAT(mixed.out, HasSubstr("bad-rows.csv:4: field 'voters_on_list'"));
}

TEST_F(StoreCliTest, ReportAndExportGiveEveryLevelFromTheStore) {
  const std::string db = FreshStore("report.db");
  ASSERT_EQ(RunEsep("import --db '" + db + "' '" + election_directory + "'").exit_code, 0);

  const CommandOutput regions = RunEsep("report --db '" + db + "' --level region --format csv");
  ASSERT_EQ(regions.exit_code, 0) << regions.err;
  EXPECT_EQ(std::count(regions.out.begin(), regions.out.end(), '\n'), 21);  // header + 20
  EXPECT_THAT(regions.out, HasSubstr("abai"));
  EXPECT_THAT(regions.out, HasSubstr("final"));

  const CommandOutput one = RunEsep("report --db '" + db + "' --level precinct --unit astana");
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_THAT(one.out, HasSubstr("SYNTHETIC"));
  const CommandOutput unknown = RunEsep("report --db '" + db + "' --level region --unit mars");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("mars"));

  // Fixed names shared with earlier runs: an export replaces a file only with --force.
  const std::string csv = ::testing::TempDir() + "esep-precincts.csv";
  std::filesystem::remove(csv);
  std::filesystem::remove(csv + ".provenance.json");
  const CommandOutput exported =
      RunEsep("export --db '" + db + "' --format csv --out '" + csv + "'");
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  std::ifstream in(csv);
  const std::string rows{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  EXPECT_EQ(std::count(rows.begin(), rows.end(), '\n'), 81);  // header + 80 protocols

  const std::string err = ::testing::TempDir() + "esep-election.err.json";
  std::filesystem::remove(err);
  std::filesystem::remove(err + ".provenance.json");
  const CommandOutput nist = RunEsep("export --db '" + db + "' --format err --out '" + err + "'");
  ASSERT_EQ(nist.exit_code, 0) << nist.err;
  std::ifstream err_in(err);
  const nlohmann::json report = nlohmann::json::parse(err_in, nullptr, false);
  ASSERT_FALSE(report.is_discarded());
  EXPECT_EQ(report["@type"], "ElectionResults.ElectionReport");
  EXPECT_EQ(report["IsTest"], true);  // the election is synthetic
  // The temporary file the export was written to (".esep-election.err.json.<pid>-<n>.partial")
  // was renamed into place: none is left beside it.
  for (const auto& entry : std::filesystem::directory_iterator(::testing::TempDir())) {
    EXPECT_NE(entry.path().filename().string().rfind(".esep-election.err.json.", 0), 0u)
        << entry.path();
  }
}

TEST_F(StoreCliTest, SummaryProtocolsAreReconciledAndDifferencesShown) {
  const std::string directory = ::testing::TempDir() + "esep-store-summaries";
  std::filesystem::remove_all(directory);
  ASSERT_EQ(RunEsep("generate --precincts 40 --seed 3 --summaries --inject summary=0.5 --out '" +
                    directory + "'")
                .exit_code,
            0);
  const std::string db = FreshStore("summaries.db");
  const CommandOutput imported = RunEsep("import --db '" + db + "' '" + directory + "'");
  ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
  EXPECT_THAT(imported.out,
              HasSubstr("Summary protocols that differ from the sum of their precincts"));
  EXPECT_THAT(imported.out, HasSubstr("on the summary,"));
  EXPECT_THAT(imported.out,
              Not(HasSubstr("Summary protocols of higher commissions: 0 reconciled")));
  const CommandOutput tally = RunEsep("tally '" + directory + "'");
  ASSERT_EQ(tally.exit_code, 0) << tally.err;
  EXPECT_THAT(tally.out, HasSubstr("differ from the sum of their precincts"));
  EXPECT_EQ(RunEsep("verify --db '" + db + "'").exit_code, 0);
}

TEST_F(StoreCliTest, CommandsOnAMissingStoreSayHowToCreateOne) {
  const std::string db = FreshStore("missing.db");
  for (const std::string command : {"verify --db ", "report --level national --db "}) {
    std::string arguments = command;
    arguments.append("'").append(db).append("'");
    const CommandOutput output = RunEsep(arguments);
    EXPECT_EQ(output.exit_code, 2) << command;
    EXPECT_THAT(output.err, HasSubstr("no such store; create one with `esep import --db"));
    EXPECT_FALSE(std::filesystem::exists(db)) << command;
  }
}

}  // namespace
}  // namespace esep
