// Hostile and mistaken input, end to end: a directory where a file is expected, a header of
// 200,000 columns, a JSON key given twice, control bytes in a file, a redirected progress bar,
// the exit codes every --help explains, and the commit `esep --version` names.

#include <cstdlib>
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
using ::testing::MatchesRegex;
using ::testing::Not;
using testing::RunEsep;
using testing::WriteTempFile;

std::string Scratch(const std::string& name) {
  const fs::path path =
      fs::path(::testing::TempDir()) / ("esep-robust-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(path);
  return path.string();
}

// Each once printed "std::bad_alloc" and exited 70: the stream of a directory reports a size
// of 2^63.
TEST(RobustnessCliTest, ADirectoryWhereAFileIsExpectedIsNamedAndExitsTwo) {
  const std::string directory = Scratch("a-directory");
  fs::create_directories(directory);
  const std::string election = Scratch("directory-election");
  ASSERT_EQ(RunEsep("generate --precincts 25 --seed 2 --out '" + election + "'").exit_code, 0);
  const std::string mapping = "data/mappings/ru-cik-example.json";
  const std::string commands[] = {
      "seats --rules kz-majilis-2023 --votes '" + directory + "'",
      "tally '" + election + "' --protocols '" + directory + "'",
      "audit --precincts '" + directory + "' --mapping " + mapping,
      "audit --precincts '" + directory + "' --mapping '" + directory + "'",
      "audit '" + election + "' --observers '" + directory + "'",
      "report --db '" + directory + "'",
      "export --db '" + directory + "' --format csv --out '" + Scratch("unused.csv") + "'",
      "import --db '" + Scratch("unused.db") + "' '" + directory + "/'",
  };
  for (const std::string& command : commands) {
    SCOPED_TRACE(command);
    const CommandOutput output = RunEsep(command);
    EXPECT_EQ(output.exit_code, 2) << output.err;
    EXPECT_THAT(output.err, HasSubstr(directory));
    EXPECT_THAT(output.err, Not(HasSubstr("bad_alloc")));
  }
  const CommandOutput store = RunEsep("import --db '" + directory + "' '" + election + "'");
  EXPECT_EQ(store.exit_code, 2);
  EXPECT_THAT(store.err, HasSubstr(directory + ": is a directory"));
  fs::remove_all(election);
}

// A header of 200,000 columns: the pairwise duplicate check would take minutes here, the hash
// set milliseconds; and the message that quotes the header lists 20 names, not 2 MB of them.
TEST(RobustnessCliTest, AHeaderOfTwoHundredThousandColumnsIsReadQuickly) {
  std::string header;
  for (int i = 0; i < 200'000; ++i) {
    header += "column" + std::to_string(i) + ",";
  }
  header += "party,votes\n";
  const std::string votes = WriteTempFile("wide-votes.csv", header + "A,1\n");
  const CommandOutput output =
      RunEsep("seats --rules kz-majilis-2023 --votes '" + votes + "' --format csv");
  EXPECT_EQ(output.exit_code, 2) << output.err.substr(0, 500);
  EXPECT_THAT(output.err, HasSubstr(":2: 2 fields, but the header has 200002 columns"));
  EXPECT_LT(output.err.size(), 1000u);
}

TEST(RobustnessCliTest, AJsonLinesKeyGivenTwiceIsRefusedWithTheLineAndKey) {
  const std::string election = Scratch("jsonl-election");
  ASSERT_EQ(RunEsep("generate --precincts 25 --seed 2 --out '" + election + "'").exit_code, 0);
  const std::string lines =
      WriteTempFile("twice.jsonl",
                    "\n{\"commission_id\": \"x\", \"contest\": \"list\", \"contest\": \"list\"}\n");
  const CommandOutput output = RunEsep("tally '" + election + "' --protocols '" + lines + "'");
  EXPECT_EQ(output.exit_code, 2);
  EXPECT_THAT(output.err + output.out,
              HasSubstr(lines + ":2: the key 'contest' appears twice in one object"));
  fs::remove_all(election);
}

TEST(RobustnessCliTest, ControlBytesFromAFileAreEscapedInMessages) {
  // A count that is an escape sequence clearing the screen, and a NUL in a party's name.
  constexpr char kVotes[] = "party,votes\nA\0B,1\x1b[2J\x1b[31mforged\n";
  const std::string votes =
      WriteTempFile("control-bytes.csv", std::string(kVotes, sizeof(kVotes) - 1));
  const CommandOutput output = RunEsep("seats --rules kz-majilis-2023 --votes '" + votes + "'");
  EXPECT_EQ(output.exit_code, 2);
  EXPECT_THAT(output.err, HasSubstr("\\e[2J\\e[31mforged"));
  EXPECT_EQ(output.err.find('\x1b'), std::string::npos) << output.err;
  EXPECT_EQ(output.err.find('\r'), std::string::npos) << output.err;
  EXPECT_EQ(output.err.find('\0'), std::string::npos) << output.err;
}

// The bar is for terminals: with standard output on a terminal (through script(1)) and standard
// error redirected to a file, the file gets no \r and no escape code.
TEST(RobustnessCliTest, TheProgressBarNeverReachesARedirectedStandardError) {
  if (std::system("command -v script >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "script(1) is not installed";
  }
  const std::string election = Scratch("progress-election");
  ASSERT_EQ(RunEsep("generate --precincts 400 --seed 2 --out '" + election + "'").exit_code, 0);
  const std::string store = Scratch("progress.db");
  const std::string log = Scratch("progress.err");
  const std::string command = std::string("script -qec \"'") + ESEP_BINARY + "' import --db '" +
                              store + "' '" + election + "' 2>'" + log +
                              "'\" /dev/null >/dev/null </dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream in(log, std::ios::binary);
  std::ostringstream err;
  err << in.rdbuf();
  EXPECT_EQ(err.str().find('\r'), std::string::npos) << err.str();
  EXPECT_EQ(err.str().find('\x1b'), std::string::npos) << err.str();
  fs::remove_all(election);
  for (const char* suffix : {"", "-wal", "-shm"}) {
    fs::remove(store + suffix);
  }
  fs::remove(log);
}

TEST(RobustnessCliTest, EveryHelpEndsWithTheExitCodes) {
  for (const char* command : {"", "seats", "results", "rules", "ratios", "generate", "tally",
                              "import", "audit", "report", "export", "verify", "serve"}) {
    SCOPED_TRACE(command);
    const CommandOutput output = RunEsep(std::string(command) + " --help");
    EXPECT_EQ(output.exit_code, 0);
    EXPECT_THAT(output.out, HasSubstr("Exit status:\n  0    success\n  2    bad input"));
    for (const char* code : {"\n  3 ", "\n  4 ", "\n  70 ", "\n  130 "}) {
      EXPECT_THAT(output.out, HasSubstr(code));
    }
  }
}

TEST(RobustnessCliTest, VersionNamesTheSourceCommit) {
  const CommandOutput output = RunEsep("--version");
  EXPECT_EQ(output.exit_code, 0);
  EXPECT_THAT(output.out, MatchesRegex("esep [0-9]+\\.[0-9]+\\.[0-9]+ "
                                       "\\((commit [0-9a-z.-]+|unknown commit)\\)\n"));
}

}  // namespace
}  // namespace esep
