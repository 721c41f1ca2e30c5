// The attacks of issue 10, performed as an insider with write access to the store file would:
// with the raw SQLite API, dropping the triggers, recomputing every hash the chain format and
// genesis make public. Each must be impossible or detected by `esep verify`, at the latest with
// a head held outside the store (--expect-head) or the commission's public key (--public-key).
// docs/threat-model.md states what each defence covers.

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include "base/sha256.h"
#include "integration/command_runner.h"
#include "model/definition_files.h"
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

constexpr const char* kDropTriggers =
    "DROP TRIGGER chain_is_kept_unchanged; DROP TRIGGER chain_is_never_deleted; "
    "DROP TRIGGER results_are_never_updated; DROP TRIGGER results_are_never_deleted; "
    "DROP TRIGGER definition_is_never_updated; DROP TRIGGER definition_is_never_deleted; "
    "DROP TRIGGER metadata_is_never_updated; DROP TRIGGER metadata_is_never_deleted; "
    "DROP TRIGGER turnout_reports_are_never_updated; DROP TRIGGER "
    "turnout_reports_are_never_deleted; ";

class InsiderAttackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    work_ = ::testing::TempDir() + "esep-insider-" + std::to_string(::getpid());
    std::filesystem::remove_all(work_);
    std::filesystem::create_directories(work_);
    election_ = work_ + "/election";
    db_ = work_ + "/results.db";
    key_ = work_ + "/tec.key";
    ASSERT_EQ(RunEsep("generate --precincts 30 --seed 8 --out '" + election_ + "'").exit_code, 0);
    ASSERT_EQ(RunEsep("keys generate --out '" + key_ + "'").exit_code, 0);
    const CommandOutput imported =
        RunEsep("import --db '" + db_ + "' --sign-key '" + key_ + "' '" + election_ + "'");
    ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
    published_head_ = Head();
    header_only_ = testing::WriteTempFile("header-only.csv",
                                          RawFirstLine(election_ + "/protocols.csv") + "\n");
    const CommandOutput clean = Verify("");
    ASSERT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  }

  void TearDown() override { std::filesystem::remove_all(work_); }

  static std::string RawFirstLine(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    return line;
  }

  std::string Head() const { return RawQuery(db_, "SELECT hash FROM chain ORDER BY id DESC"); }
  int64_t LastSubmission() const {
    return std::stoll(RawQuery(db_, "SELECT max(id) FROM submission_fields"));
  }
  std::string Content(int64_t entry) const { return storage::internal::EntryText(db_, entry); }
  // Replaces entry `entry` in its row (after `extra_sql`, e.g. dropping the triggers).
  void Rewrite(int64_t entry, const std::string& text, const std::string& extra_sql = "") {
    ASSERT_EQ(storage::internal::RewriteEntry(db_, entry, text, extra_sql), "");
  }

  void RehashFrom(int64_t first) { ASSERT_EQ(storage::internal::RehashChainFrom(db_, first), ""); }

  // Switches to a store imported without a key: what an insider meets when a commission does
  // not sign, so that the snapshots' recomputation is what must catch a rewrite.
  void UseUnsignedStore() {
    db_ = work_ + "/unsigned.db";
    const CommandOutput imported = RunEsep("import --db '" + db_ + "' '" + election_ + "'");
    ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
    published_head_ = Head();
  }

  void ImportHeaderOnly() {
    const CommandOutput imported = RunEsep("import --db '" + db_ + "' '" + header_only_ + "'");
    ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
  }

  CommandOutput Verify(const std::string& flags) const {
    return RunEsep("verify --db '" + db_ + "' " + flags);
  }
  std::string WithHead() const { return "--expect-head " + published_head_; }
  std::string WithKey() const { return "--public-key '" + key_ + ".pub'"; }

  std::string work_;
  std::string election_;
  std::string db_;
  std::string key_;
  std::string published_head_;
  std::string header_only_;
};

// 1. Drop the triggers, delete the last submission, import a header-only CSV.
TEST_F(InsiderAttackTest, DeletingTheLastSubmissionIsDetected) {
  ASSERT_EQ(RawExec(db_, std::string(kDropTriggers) +
                             "DELETE FROM chain WHERE id = " + std::to_string(LastSubmission())),
            "");
  ImportHeaderOnly();
  const CommandOutput plain = Verify("");
  EXPECT_EQ(plain.exit_code, 3) << plain.out;
  EXPECT_THAT(plain.out, HasSubstr("is missing"));
}

// 1'. The same, done carefully: the tail from the last submission on is deleted (its snapshot
// and the turnout reports after it too), and the header-only import records a fresh snapshot. The
// chain verifies on its own; the noted head and the signature give it away.
TEST_F(InsiderAttackTest, TruncatingTheTailIsDetectedByTheHeadAndTheKey) {
  const std::string from = std::to_string(LastSubmission());
  ASSERT_EQ(RawExec(db_, std::string(kDropTriggers) + "DELETE FROM results WHERE entry >= " + from +
                             "; DELETE FROM turnout_reports WHERE entry >= " + from +
                             "; DELETE FROM chain WHERE id >= " + from),
            "");
  ImportHeaderOnly();
  EXPECT_EQ(Verify("").exit_code, 0) << "a consistent truncation needs a held head or a key";
  const CommandOutput head = Verify(WithHead());
  EXPECT_EQ(head.exit_code, 3);
  EXPECT_THAT(head.out, HasSubstr("does not contain the expected head " + published_head_));
  const CommandOutput key = Verify(WithKey());
  EXPECT_EQ(key.exit_code, 3);
  // Nothing of the truncated chain is signed any more, or its tail comes after the last
  // signature, depending on where the batches ended.
  EXPECT_THAT(key.out, HasSubstr("by the expected key"));
}

// 2. Rewrite a protocol in the middle (two lists' votes swapped), recompute every later hash,
// import a header-only CSV.
void SwapTwoListsVotes(std::string& content) {
  // The votes array is the second array of the entry: "[a,b,..." becomes "[b,a,...".
  const size_t votes = content.find(",[", content.find(",[") + 2) + 1;
  const size_t comma = content.find(',', votes);
  const size_t second_end = content.find_first_of(",]", comma + 1);
  const std::string first = content.substr(votes + 1, comma - votes - 1);
  const std::string second = content.substr(comma + 1, second_end - comma - 1);
  ASSERT_NE(first, second);
  content.replace(votes + 1, second_end - votes - 1, second + "," + first);
}

TEST_F(InsiderAttackTest, ARewrittenProtocolWithRecomputedHashesIsDetected) {
  for (const bool signed_store : {true, false}) {
    SCOPED_TRACE(signed_store ? "signed store" : "unsigned store");
    if (!signed_store) {
      UseUnsignedStore();
    }
    const int64_t entry = 10;
    std::string content = Content(entry);
    ASSERT_THAT(content, HasSubstr("\"accepted\""));
    SwapTwoListsVotes(content);
    Rewrite(entry, content, kDropTriggers);
    RehashFrom(entry);
    ImportHeaderOnly();
    const CommandOutput plain = Verify("");
    EXPECT_EQ(plain.exit_code, 3);
    // Signed: the signatures name the old heads. Unsigned: the snapshot recorded before the
    // rewrite no longer recomputes from the protocols.
    EXPECT_THAT(plain.out, HasSubstr(signed_store ? "the signature names entry"
                                                  : "MISMATCH: results snapshot (entry"));
    EXPECT_EQ(Verify(WithHead()).exit_code, 3);
    if (signed_store) {
      EXPECT_EQ(Verify(WithKey()).exit_code, 3);
    }
  }
}

// 3. The stored definition's rule set changed to kz-majilis-2012, its SHA-256 recomputed.
TEST_F(InsiderAttackTest, AChangedRuleSetIsDetected) {
  const std::string election_json =
      RawQuery(db_, "SELECT CAST(content AS TEXT) FROM definition_files WHERE position = 1");
  std::string changed = election_json;
  const size_t at = changed.find("kz-majilis-2023");
  ASSERT_NE(at, std::string::npos);
  changed.replace(at, 15, "kz-majilis-2012");
  const std::string commissions =
      RawQuery(db_, "SELECT CAST(content AS TEXT) FROM definition_files WHERE position = 2");
  const std::vector<model::DefinitionFile> files = {{"election.json", changed},
                                                    {"commissions.csv", commissions}};
  ASSERT_EQ(
      RawExec(db_, std::string(kDropTriggers) + "UPDATE definition_files SET content = CAST(" +
                       SqlText(changed) + " AS BLOB), sha256 = '" + Sha256Hex(changed) +
                       "' WHERE position = 1; UPDATE metadata SET value = '" +
                       model::DefinitionSha256(files) + "' WHERE key = 'definition_sha256'"),
      "");
  const CommandOutput plain = Verify("");
  EXPECT_EQ(plain.exit_code, 3);
  EXPECT_THAT(plain.out, HasSubstr("not the one entry 1 of the chain commits to"));
  // Entry 1 rewritten too, and every hash after it: the chain's head changes, so the noted
  // head is gone, and the signatures no longer match.
  Rewrite(1,
          storage::DefinitionEntryContent(1, {model::DefinitionSha256(files), "kz-majilis-2012"}));
  RehashFrom(1);
  EXPECT_EQ(Verify("").exit_code, 3);  // the snapshot was computed under 2023's rules
  EXPECT_EQ(Verify(WithHead()).exit_code, 3);
  EXPECT_EQ(Verify(WithKey()).exit_code, 3);
}

// 4. Every snapshot is checked, not only the last: an earlier one rewritten consistently (its
// bytes, its entry, every later hash) no longer recomputes from the protocols it stood on.
TEST_F(InsiderAttackTest, AnEarlierSnapshotIsCheckedToo) {
  UseUnsignedStore();
  const std::string first = RawQuery(db_, "SELECT min(entry) FROM results");
  std::string snapshot = RawQuery(db_, "SELECT content FROM results WHERE entry = " + first);
  const size_t valid = snapshot.find("\"valid ballots\":") + 16;
  snapshot[valid] = snapshot[valid] == '9' ? '8' : static_cast<char>(snapshot[valid] + 1);
  Rewrite(std::stoll(first), storage::ResultsEntryContent(std::stoll(first), {Sha256Hex(snapshot)}),
          std::string(kDropTriggers) + "UPDATE results SET content = " + SqlText(snapshot) +
              " WHERE entry = " + first);
  RehashFrom(std::stoll(first));
  // The header-only import finds the result differ from the altered latest snapshot and records
  // a correct one after it; the altered first one must still be found.
  ImportHeaderOnly();
  const CommandOutput plain = Verify("");
  EXPECT_EQ(plain.exit_code, 3);
  EXPECT_THAT(plain.out, HasSubstr("MISMATCH: results snapshot (entry " + first + ")"));
  EXPECT_EQ(Verify(WithHead()).exit_code, 3);
}

// A snapshot rewritten with a value of another type where verify reads a number: a mismatch
// (exit 3), never a crash.
TEST_F(InsiderAttackTest, ASnapshotWithAMistypedSeedIsAMismatchNotACrash) {
  UseUnsignedStore();
  const std::string entry = RawQuery(db_, "SELECT entry FROM results ORDER BY id DESC");
  std::string snapshot = RawQuery(db_, "SELECT content FROM results WHERE entry = " + entry);
  const size_t seed = snapshot.find("\"lot_seed\":0");
  ASSERT_NE(seed, std::string::npos);
  snapshot.replace(seed, 12, "\"lot_seed\":\"x\"");
  Rewrite(std::stoll(entry), storage::ResultsEntryContent(std::stoll(entry), {Sha256Hex(snapshot)}),
          std::string(kDropTriggers) + "UPDATE results SET content = " + SqlText(snapshot) +
              " WHERE entry = " + entry);
  RehashFrom(std::stoll(entry));
  const CommandOutput plain = Verify("");
  EXPECT_EQ(plain.exit_code, 3) << plain.out << plain.err;
  EXPECT_THAT(plain.out, HasSubstr("lot_seed"));
}

// 5. An observer given a read-only copy, as another user, can verify it: a copy of a closed
// store (WAL mode), or of one in the rollback-journal mode a bulk import writes in.
class ReadOnlyCopyTest : public InsiderAttackTest, public ::testing::WithParamInterface<bool> {};

TEST_P(ReadOnlyCopyTest, AReadOnlyCopyVerifiesAsAnotherUser) {
  const bool rollback_journal = GetParam();
  const std::string copy_directory = work_ + "/observer";
  std::filesystem::create_directories(copy_directory);
  const std::string copy = copy_directory + "/results.db";
  std::filesystem::copy_file(db_, copy);
  if (rollback_journal) {
    // As a bulk import leaves the file while it writes (SqliteStoreOptions::bulk).
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2(copy.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, "PRAGMA journal_mode = TRUNCATE", nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
    std::filesystem::remove(copy + "-journal");
    std::ifstream header(copy, std::ios::binary);
    header.seekg(18);
    ASSERT_EQ(header.get(), 1) << "the copy is not in rollback-journal mode";
  }
  std::filesystem::permissions(copy, std::filesystem::perms::owner_read |
                                         std::filesystem::perms::group_read |
                                         std::filesystem::perms::others_read);
  std::filesystem::permissions(
      copy_directory, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec |
                          std::filesystem::perms::group_read | std::filesystem::perms::group_exec |
                          std::filesystem::perms::others_read |
                          std::filesystem::perms::others_exec);
  std::filesystem::permissions(work_, std::filesystem::perms::others_exec,
                               std::filesystem::perm_options::add);
  std::filesystem::permissions(key_ + ".pub", std::filesystem::perms::others_read,
                               std::filesystem::perm_options::add);
  // As root, run it as the unprivileged user "nobody"; otherwise the test already runs as a
  // user who cannot write there.
  const std::string as_other = ::geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 "
                                                  "--clear-groups"
                                                : "";
  const CommandOutput verified = testing::RunEsepThrough(
      as_other, "verify --db '" + copy + "' " + WithHead() + " " + WithKey());
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_THAT(verified.out, HasSubstr("Results snapshots: 1 recomputed"));
  EXPECT_FALSE(std::filesystem::exists(copy + "-wal"));
  EXPECT_FALSE(std::filesystem::exists(copy + "-shm"));
  const CommandOutput report =
      testing::RunEsepThrough(as_other, "report --db '" + copy + "' --format csv");
  EXPECT_EQ(report.exit_code, 0) << report.err;
  std::filesystem::permissions(copy_directory, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::add);
}

INSTANTIATE_TEST_SUITE_P(InsiderAttackTest, ReadOnlyCopyTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "InRollbackJournalMode" : "InWalMode";
                         });

// 6. Exports carry their provenance and can be checked: the file against its record, the record
// against the key, and both against the store.
TEST_F(InsiderAttackTest, AnExportIsCheckedAgainstItsRecordTheKeyAndTheStore) {
  for (const char* format : {"csv", "json", "err"}) {
    SCOPED_TRACE(format);
    const std::string out = work_ + "/export." + format;
    const CommandOutput exported = RunEsep("export --db '" + db_ + "' --format " + format +
                                           " --out '" + out + "' --sign-key '" + key_ + "'");
    ASSERT_EQ(exported.exit_code, 0) << exported.out << exported.err;
    const std::string check = "verify --export '" + out + "' ";
    const CommandOutput good = RunEsep(check + WithKey() + " --db '" + db_ + "'");
    EXPECT_EQ(good.exit_code, 0) << good.out << good.err;
    EXPECT_THAT(good.out, HasSubstr("its snapshot gives this file byte for byte: ok"));
    // The record changed (another snapshot entry named): the signature no longer holds.
    const std::string record = out + ".provenance.json";
    std::string text;
    {
      std::ifstream in(record);
      text.assign(std::istreambuf_iterator<char>(in), {});
    }
    std::string forged = text;
    forged.replace(forged.find("\"level\": \""), 10, "\"level\": \"X");
    std::ofstream(record + ".forged") << forged;
    std::string forged_check = check;
    forged_check.append("--provenance '").append(record).append(".forged' ").append(WithKey());
    const CommandOutput changed = RunEsep(forged_check);
    EXPECT_EQ(changed.exit_code, 3);
    EXPECT_THAT(changed.out, HasSubstr("the signature is not valid"));
  }
  // The file edited after export.
  const std::string csv = work_ + "/export.csv";
  std::ofstream(csv, std::ios::app) << "precinct,forged\n";
  const CommandOutput edited = RunEsep("verify --export '" + csv + "'");
  EXPECT_EQ(edited.exit_code, 3);
  EXPECT_THAT(edited.out, HasSubstr("the file was changed"));
  // An unsigned export does not pass for the commission's.
  const std::string unsigned_out = work_ + "/unsigned.csv";
  ASSERT_EQ(
      RunEsep("export --db '" + db_ + "' --format csv --out '" + unsigned_out + "'").exit_code, 0);
  const CommandOutput no_signature = RunEsep("verify --export '" + unsigned_out + "' " + WithKey());
  EXPECT_EQ(no_signature.exit_code, 3);
  EXPECT_THAT(no_signature.out, HasSubstr("not signed"));
}

}  // namespace
}  // namespace esep
