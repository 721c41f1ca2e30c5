// `esep verify` against a store changed behind esep's back with the raw SQLite API: a published
// total, an accepted protocol, a byte of the definition. Each must exit 3 and name what differs;
// the untouched store must verify.

#include <filesystem>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "base/sha256.h"
#include "integration/command_runner.h"
#include "storage/chain_events.h"
#include "storage/internal/store_test_util.h"

namespace esep {
namespace {

using storage::internal::RawExec;
using storage::internal::RawQuery;
using storage::internal::SqlText;
using testing::CommandOutput;
using ::testing::HasSubstr;
using testing::RunEsep;

class VerifyTamperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Per process: ctest runs each test in a process of its own, in parallel.
    const std::string tag = std::to_string(::getpid());
    directory_ = ::testing::TempDir() + "esep-verify-tamper-" + tag;
    std::filesystem::remove_all(directory_);
    ASSERT_EQ(RunEsep("generate --precincts 30 --seed 8 --out '" + directory_ + "'").exit_code, 0);
    db_ = ::testing::TempDir() + "esep-verify-tamper-" + tag + ".db";
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(db_ + suffix);
    }
    ASSERT_EQ(RunEsep("import --db '" + db_ + "' '" + directory_ + "'").exit_code, 0);
    const CommandOutput clean = RunEsep("verify --db '" + db_ + "'");
    ASSERT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  }

  void TearDown() override {
    std::filesystem::remove_all(directory_);
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(db_ + suffix);
    }
  }

  std::string directory_;
  std::string db_;
};

// The snapshot edited, and the chain made to agree with it (its entry and every later hash
// recomputed): the totals recomputed from the protocols name the edited figure.
TEST_F(VerifyTamperTest, AnEditedPublishedTotalIsNamed) {
  const std::string entry = RawQuery(db_, "SELECT entry FROM results ORDER BY id DESC");
  nlohmann::ordered_json snapshot =
      nlohmann::ordered_json::parse(RawQuery(db_, "SELECT content FROM results ORDER BY id DESC"));
  const int64_t valid = snapshot["units"][1]["counts"]["valid ballots"];
  snapshot["units"][1]["counts"]["valid ballots"] = valid + 7;
  const std::string text = snapshot.dump();
  ASSERT_EQ(storage::internal::RewriteEntry(
                db_, std::stoll(entry),
                storage::ResultsEntryContent(std::stoll(entry), {Sha256Hex(text)}),
                "DROP TRIGGER results_are_never_updated; UPDATE results SET content = " +
                    SqlText(text) + "; DROP TRIGGER chain_is_kept_unchanged"),
            "");
  ASSERT_EQ(storage::internal::RehashChainFrom(db_, std::stoll(entry)), "");
  const CommandOutput verified = RunEsep("verify --db '" + db_ + "'");
  EXPECT_EQ(verified.exit_code, 3);
  EXPECT_THAT(verified.out, HasSubstr("MISMATCH: results snapshot (entry " + entry +
                                      "): region abai, list: counts: valid ballots"));
  EXPECT_THAT(verified.out, HasSubstr("stored:     " + std::to_string(valid + 7)));
  EXPECT_THAT(verified.out, HasSubstr("recomputed: " + std::to_string(valid)));
}

// A protocol's figure edited in place: the row of the chain table that holds it (a chunk of
// the import's entries) no longer hashes to its stored hash, and verify names the row by its
// entries.
TEST_F(VerifyTamperTest, AnEditedProtocolBreaksTheChainAtItsRow) {
  const std::string content = storage::internal::EntryText(db_, 5);
  const size_t digit = content.find_first_of("123456789", content.find("PEC"));
  ASSERT_NE(digit, std::string::npos) << content;
  std::string edited = content;
  edited[digit] = edited[digit] == '9' ? '8' : static_cast<char>(edited[digit] + 1);
  ASSERT_EQ(storage::internal::RewriteEntry(db_, 5, edited, "DROP TRIGGER chain_is_kept_unchanged"),
            "");
  const std::string first = RawQuery(db_, "SELECT first FROM chain WHERE id >= 5 ORDER BY id");
  const std::string last = RawQuery(db_, "SELECT id FROM chain WHERE id >= 5 ORDER BY id");
  ASSERT_LT(std::stoll(first), 5);  // entry 5 is inside a row of several entries
  const CommandOutput verified = RunEsep("verify --db '" + db_ + "'");
  EXPECT_EQ(verified.exit_code, 3);
  EXPECT_THAT(verified.out, HasSubstr("MISMATCH: audit entry " + first + ": entries " + first +
                                      " to " + last + ": the hash recomputed"));
}

TEST_F(VerifyTamperTest, AnEditedDefinitionIsRefused) {
  ASSERT_EQ(RawExec(db_,
                    "DROP TRIGGER definition_is_never_updated; UPDATE definition_files SET "
                    "content = CAST(replace(CAST(content AS TEXT), 'Abai', 'Abay') AS BLOB) "
                    "WHERE name = 'election.json'"),
            "");
  const CommandOutput verified = RunEsep("verify --db '" + db_ + "'");
  EXPECT_EQ(verified.exit_code, 3);
  EXPECT_THAT(verified.out, HasSubstr("MISMATCH: definition: definition_files table, file 1 "
                                      "(election.json)"));
}

}  // namespace
}  // namespace esep
