// Outputs never destroy inputs, end to end: every command that writes refuses an existing file or
// a non-empty directory without --force, writes with --force, and refuses an output that is one
// of its inputs even with --force (however the path is spelled). `esep import` never turns a file
// that is not a store into one, and a failed first import leaves no store behind.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "integration/command_runner.h"

namespace esep {
namespace {

namespace fs = std::filesystem;
using testing::CommandOutput;
using ::testing::HasSubstr;
using testing::ReadFile;
using testing::RunEsep;

// One generated election and one store made from it, shared by the tests of this file.
class OutputsCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root = fs::path(::testing::TempDir()) / ("esep-outputs-cli-" + std::to_string(::getpid()));
    fs::remove_all(root);
    fs::create_directories(root);
    election = (root / "election").string();
    store = (root / "ex.db").string();
    const CommandOutput generated =
        RunEsep("generate --precincts 30 --seed 4 --out '" + election + "'");
    ASSERT_EQ(generated.exit_code, 0) << generated.err;
    const CommandOutput imported = RunEsep("import --db '" + store + "' '" + election + "'");
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
  }
  static void TearDownTestSuite() { fs::remove_all(root); }

  static inline fs::path root;
  static inline std::string election;
  static inline std::string store;
};

TEST_F(OutputsCliTest, ExportNeverOverwritesTheStoreEvenWithForce) {
  const std::string before = ReadFile(store);
  fs::create_symlink(store, root / "link.db");
  const std::string spellings[] = {store, (root / "." / "ex.db").string(),
                                   (root / "link.db").string()};
  for (const std::string& out : spellings) {
    for (const char* force : {"", " --force"}) {
      SCOPED_TRACE(out + force);
      std::string command = "export --db '" + store;
      command.append("' --format csv --out '").append(out).append("'").append(force);
      const CommandOutput refused = RunEsep(command);
      EXPECT_EQ(refused.exit_code, 2);
      EXPECT_THAT(refused.err, HasSubstr("is the same file as --db"));
    }
  }
  EXPECT_EQ(ReadFile(store), before);
  EXPECT_EQ(RunEsep("verify --db '" + store + "'").exit_code, 0);
}

TEST_F(OutputsCliTest, ExportReplacesAnExistingFileOnlyWithForce) {
  const fs::path out = root / "precincts.csv";
  std::ofstream(out) << "someone's notes\n";
  const CommandOutput refused =
      RunEsep("export --db '" + store + "' --format csv --out '" + out.string() + "'");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr("the file exists; give --force"));
  EXPECT_EQ(ReadFile(out), "someone's notes\n");

  const CommandOutput forced =
      RunEsep("export --db '" + store + "' --format csv --out '" + out.string() + "' --force");
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_EQ(ReadFile(out).rfind("level,unit_id,", 0), 0u);  // the export's header
  for (const fs::directory_entry& entry : fs::directory_iterator(root)) {
    EXPECT_THAT(entry.path().filename().string(), ::testing::Not(HasSubstr(".partial")));
  }
}

TEST_F(OutputsCliTest, GenerateRefusesANonEmptyDirectoryUnlessForced) {
  const fs::path out = root / "generated";
  ASSERT_EQ(RunEsep("generate --precincts 25 --seed 1 --out '" + out.string() + "'").exit_code, 0);
  const std::string definition = ReadFile(out / "election.json");
  const std::string commissions = ReadFile(out / "commissions.csv");

  const CommandOutput refused =
      RunEsep("generate --precincts 40 --seed 2 --out '" + out.string() + "'");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr("the directory is not empty"));
  EXPECT_THAT(refused.err, HasSubstr("--force"));
  EXPECT_EQ(ReadFile(out / "election.json"), definition);
  EXPECT_EQ(ReadFile(out / "commissions.csv"), commissions);

  std::ofstream(out / "notes.txt") << "kept";
  const CommandOutput forced =
      RunEsep("generate --precincts 40 --seed 2 --out '" + out.string() + "' --force");
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_THAT(forced.out, HasSubstr("40 precincts"));
  EXPECT_NE(ReadFile(out / "commissions.csv"), commissions);
  EXPECT_EQ(ReadFile(out / "notes.txt"), "kept");
}

TEST_F(OutputsCliTest, GenerateNeverWritesIntoTheElectionItImitates) {
  const fs::path like = root / "like";
  fs::copy(fs::path(ESEP_SOURCE_DIR) / "data/elections/kz-majilis-2023", like,
           fs::copy_options::recursive);
  const std::string definition = ReadFile(like / "election.json");
  const CommandOutput refused = RunEsep("generate --like '" + like.string() +
                                        "' --precincts 25 --out '" + like.string() + "/.' --force");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr("is the same directory as --like"));
  EXPECT_EQ(ReadFile(like / "election.json"), definition);
}

TEST_F(OutputsCliTest, AuditReportRefusesANonEmptyDirectoryUnlessForced) {
  const fs::path out = root / "report";
  fs::create_directories(out);
  std::ofstream(out / "report.html") << "an earlier report";
  const CommandOutput refused = RunEsep("audit '" + election + "' --report '" + out.string() + "'");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr("--report " + out.string() + ": the directory is not empty"));
  EXPECT_EQ(ReadFile(out / "report.html"), "an earlier report");

  const CommandOutput forced =
      RunEsep("audit '" + election + "' --report '" + out.string() + "' --force");
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_THAT(ReadFile(out / "report.html"), HasSubstr("<html"));
  EXPECT_TRUE(fs::exists(out / "report.json"));

  const CommandOutput into_input =
      RunEsep("audit '" + election + "' --report '" + election + "' --force");
  EXPECT_EQ(into_input.exit_code, 2);
  EXPECT_THAT(into_input.err, HasSubstr("is the same directory as DIR"));
  EXPECT_FALSE(fs::exists(fs::path(election) / "report.html"));
}

TEST_F(OutputsCliTest, ImportNeverTurnsAFileThatIsNotAStoreIntoOne) {
  const fs::path protocols = fs::path(election) / "protocols.csv";
  const std::string before = ReadFile(protocols);
  // The classic slip: the protocols file given to --db.
  const CommandOutput refused =
      RunEsep("import --db '" + protocols.string() + "' '" + election + "'");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr("is not a store (not a SQLite database"));
  EXPECT_EQ(ReadFile(protocols), before);

  const CommandOutput directory = RunEsep("import --db '" + election + "' '" + election + "'");
  EXPECT_EQ(directory.exit_code, 2);
  EXPECT_THAT(directory.err, HasSubstr(election + ": is a directory"));
}

TEST_F(OutputsCliTest, AFailedFirstImportLeavesNoStoreBehind) {
  const fs::path fresh = root / "fresh.db";
  const CommandOutput failed =
      RunEsep("import --db '" + fresh.string() + "' '" + election + "' no-such-file.csv");
  EXPECT_EQ(failed.exit_code, 2);
  EXPECT_THAT(failed.err, HasSubstr("no-such-file.csv"));
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    EXPECT_FALSE(fs::exists(fresh.string() + suffix)) << suffix;
  }
  // An existing store is kept whatever happens to a later import.
  const std::string before = ReadFile(store);
  EXPECT_EQ(RunEsep("import --db '" + store + "' no-such-file.csv").exit_code, 2);
  EXPECT_TRUE(fs::exists(store));
  EXPECT_EQ(RunEsep("verify --db '" + store + "'").exit_code, 0);
}

// A first import records the definition from its files while it parses the commission table;
// when that parse fails, the import fails and the store it created is removed all the same.
TEST_F(OutputsCliTest, AFirstImportWhoseCommissionTableFailsLeavesNoStoreBehind) {
  const fs::path bad = root / "bad-election";
  fs::copy(election, bad, fs::copy_options::recursive);
  {
    // The first precinct's line again at the end: a duplicate id.
    const std::string table = ReadFile(bad / "commissions.csv");
    const size_t precinct = table.find("\nPEC-");
    ASSERT_NE(precinct, std::string::npos);
    const size_t end = table.find('\n', precinct + 1);
    std::ofstream(bad / "commissions.csv", std::ios::app)
        << table.substr(precinct + 1, end - precinct - 1) << "\n";
  }
  const fs::path fresh = root / "fresh-bad.db";
  const CommandOutput failed =
      RunEsep("import --db '" + fresh.string() + "' '" + bad.string() + "'");
  EXPECT_EQ(failed.exit_code, 2) << failed.out << failed.err;
  EXPECT_THAT(failed.err, HasSubstr("commissions.csv"));
  EXPECT_THAT(failed.err, HasSubstr("is already the id of the commission on line"));
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    EXPECT_FALSE(fs::exists(fresh.string() + suffix)) << suffix;
  }
}

}  // namespace
}  // namespace esep
