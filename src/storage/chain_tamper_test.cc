// Tampering with a store file from outside, as someone with the file and the sqlite3 shell
// would, and checking that VerifyChain names the first altered entry.

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "storage/audit_chain.h"
#include "storage/internal/store_test_util.h"
#include "storage/internal/test_protocols.h"
#include "storage/sqlite_store.h"

namespace esep::storage {
namespace {

using internal::ConsistentProtocol;
using internal::KzRatios;
using internal::RawExec;
using internal::RawQuery;
using internal::TempStorePath;
using ::testing::HasSubstr;

constexpr const char* kDropTriggers =
    "DROP TRIGGER protocols_are_never_updated; DROP TRIGGER protocols_are_never_deleted; "
    "DROP TRIGGER audit_log_is_never_updated; DROP TRIGGER audit_log_is_never_deleted; ";

// Five audit entries: 1 PEC 1 v1 (with warning KZ-09), 2 PEC 2 v1, 3 PEC 1 v2 (decision),
// 4 PEC 3 district 5 v1, 5 PEC 2 v2 (decision).
void BuildStore(const std::string& path) {
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(path);
  ASSERT_TRUE(store.has_value()) << store.error().ToString();
  const Decision decision{"12/45", "2023-03-21", "TEC Almaty city", "arithmetic error"};
  protocol::Protocol warned = ConsistentProtocol("PEC 1");
  warned.turnout_reported_during_day = 700;
  protocol::Protocol district = ConsistentProtocol("PEC 3");
  district.contest = {protocol::ContestRef::Kind::kDistrict, 5};
  const std::vector<Submission> first = {{warned, std::nullopt, "a.csv:1"},
                                         {ConsistentProtocol("PEC 2"), std::nullopt, "a.csv:2"}};
  const std::vector<Submission> second = {{ConsistentProtocol("PEC 1", 2), decision, "b.csv:1"},
                                          {district, std::nullopt, "b.csv:2"},
                                          {ConsistentProtocol("PEC 2", 4), decision, "b.csv:3"}};
  for (const std::vector<Submission>* batch : {&first, &second}) {
    Result<std::vector<SubmitResult>> results = (*store)->Submit(*batch, KzRatios());
    ASSERT_TRUE(results.has_value()) << results.error().ToString();
    for (const SubmitResult& result : *results) {
      ASSERT_EQ(result.outcome, Outcome::kAccepted) << result.reason;
    }
  }
}

// Puts a fresh copy of BuildStore's store at `file`. The store is built once per test program
// and copied for each case, since building one costs a few fsyncs.
void CopyTemplateTo(const TempStorePath& file) {
  static const TempStorePath template_store;  // removed at exit
  static const bool built = [] {
    BuildStore(template_store.path());  // closed on return: the WAL is checkpointed into the file
    return true;
  }();
  ASSERT_TRUE(built);
  ASSERT_FALSE(std::filesystem::exists(template_store.path() + "-wal"));
  std::filesystem::copy_file(template_store.path(), file.path());
}

ChainReport Verify(const std::string& path) {
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(path);
  EXPECT_TRUE(store.has_value()) << store.error().ToString();
  if (!store.has_value()) {
    return ChainReport{};
  }
  Result<ChainReport> report = (*store)->VerifyChain();
  EXPECT_TRUE(report.has_value()) << report.error().ToString();
  return report.has_value() ? *report : ChainReport{};
}

// Every stored byte of the audit log and the protocols table, to see that a tampering did
// change something.
std::string Dump(const std::string& path) {
  return RawQuery(path, "SELECT group_concat(entry || content || hash, '|') FROM audit_log") +
         RawQuery(path,
                  "SELECT group_concat(entry || submission || commission_id || contest || "
                  "district || version || protocol || ifnull(decision_number, '-') || "
                  "ifnull(decision_date, '-') || ifnull(decision_commission, '-') || "
                  "ifnull(decision_reason, '-') || findings || source, '|') FROM protocols");
}

struct Tampering {
  const char* name;
  std::string sql;                 // run after kDropTriggers
  int64_t entry;                   // the entry VerifyChain must name
  const char* what;                // a phrase of its description
  const char* expected = nullptr;  // when given, the expected and found values
  const char* found = nullptr;
};

TEST(ChainTamperTest, AnUntouchedStoreVerifies) {
  TempStorePath file;
  CopyTemplateTo(file);
  const ChainReport report = Verify(file.path());
  EXPECT_TRUE(report.ok()) << report.mismatch->what;
  EXPECT_EQ(report.entries, 5);
  EXPECT_EQ(report.head_hash, RawQuery(file.path(), "SELECT hash FROM audit_log WHERE entry = 5"));
}

TEST(ChainTamperTest, EveryKindOfTamperingIsDetectedAtItsEntry) {
  const Tampering cases[] = {
      {"audit_content_one_character",
       "UPDATE audit_log SET content = replace(content, '\"valid_ballots\":610', "
       "'\"valid_ballots\":611') WHERE entry = 3",
       3, "differs from the stored hash"},
      {"audit_hash_one_character",
       "UPDATE audit_log SET hash = (CASE substr(hash, 1, 1) WHEN 'a' THEN 'b' ELSE 'a' END) || "
       "substr(hash, 2) WHERE entry = 2",
       2, "differs from the stored hash"},
      {"audit_decision_in_content",
       "UPDATE audit_log SET content = replace(content, '12/45', '12/46') WHERE entry = 5", 5,
       "differs from the stored hash"},
      {"protocol_figure",
       "UPDATE protocols SET protocol = replace(protocol, '\"valid_ballots\":610', "
       "'\"valid_ballots\":611') WHERE entry = 4",
       4, "at protocol.valid_ballots", "610", "611"},
      {"protocol_votes_one_character",
       "UPDATE protocols SET protocol = replace(protocol, '[398,152,50]', '[399,152,50]') "
       "WHERE entry = 3",
       3, "at protocol.choice_votes[0]", "398", "399"},
      {"decision_reason", "UPDATE protocols SET decision_reason = 'typo' WHERE entry = 3", 3,
       "at decision.reason", "\"arithmetic error\"", "\"typo\""},
      {"decision_date", "UPDATE protocols SET decision_date = '2023-03-22' WHERE entry = 5", 5,
       "at decision.date"},
      {"decision_removed",
       "UPDATE protocols SET decision_number = NULL, decision_date = NULL, "
       "decision_commission = NULL, decision_reason = NULL WHERE entry = 5",
       5, "at decision"},
      {"decision_added",
       "UPDATE protocols SET decision_number = '1', decision_date = '2', "
       "decision_commission = '3', decision_reason = '4' WHERE entry = 1",
       1, "at decision"},
      {"commission_id", "UPDATE protocols SET commission_id = 'PEC 9' WHERE entry = 2", 2,
       "at commission_id", "\"PEC 2\"", "\"PEC 9\""},
      {"version", "UPDATE protocols SET version = 3 WHERE entry = 5", 5, "at version", "2", "3"},
      {"district", "UPDATE protocols SET district = 6 WHERE entry = 4", 4, "at district"},
      {"findings", "UPDATE protocols SET findings = '[]' WHERE entry = 1", 1, "at findings"},
      {"source", "UPDATE protocols SET source = 'forged.csv:1' WHERE entry = 2", 2, "at source"},
      {"submission", "UPDATE protocols SET submission = 42 WHERE entry = 2", 2, "at submission"},
      {"protocol_row_deleted", "DELETE FROM protocols WHERE entry = 4", 4,
       "the protocols table has no row for it"},
      {"audit_entry_deleted", "DELETE FROM audit_log WHERE entry = 2", 2,
       "audit entry 2 is missing", "2", "3"},
      {"last_audit_entry_deleted", "DELETE FROM audit_log WHERE entry = 5", 5,
       "has no audit entry"},
      {"protocol_row_inserted",
       "INSERT INTO protocols SELECT 6, 6, commission_id, contest, district, 2, protocol, "
       "'1', '2', '3', '4', findings, source FROM protocols WHERE entry = 4",
       6, "has no audit entry"},
      {"both_edited_without_the_hashes",
       "UPDATE protocols SET decision_reason = 'typo' WHERE entry = 3; UPDATE audit_log SET "
       "content = replace(content, 'arithmetic error', 'typo') WHERE entry = 3",
       3, "differs from the stored hash"},
  };
  for (const Tampering& c : cases) {
    SCOPED_TRACE(c.name);
    TempStorePath file;
    CopyTemplateTo(file);
    const std::string before = Dump(file.path());
    ASSERT_EQ(RawExec(file.path(), std::string(kDropTriggers) + c.sql), "");
    ASSERT_NE(Dump(file.path()), before) << "the tampering changed nothing";
    const ChainReport report = Verify(file.path());
    if (report.ok()) {
      ADD_FAILURE() << "tampering went unnoticed";
      continue;
    }
    EXPECT_EQ(report.mismatch->entry, c.entry) << report.mismatch->what;
    EXPECT_THAT(report.mismatch->what, HasSubstr(c.what));
    EXPECT_NE(report.mismatch->expected, report.mismatch->found);
    if (c.expected != nullptr) {
      EXPECT_EQ(report.mismatch->expected, c.expected);
      EXPECT_EQ(report.mismatch->found, c.found);
    }
    EXPECT_EQ(report.entries, c.entry - 1);
  }
}

TEST(ChainTamperTest, AHashMismatchShowsTheRecomputedAndTheStoredHash) {
  TempStorePath file;
  CopyTemplateTo(file);
  const std::string stored = RawQuery(file.path(), "SELECT hash FROM audit_log WHERE entry = 3");
  const std::string previous = RawQuery(file.path(), "SELECT hash FROM audit_log WHERE entry = 2");
  ASSERT_EQ(RawExec(file.path(), std::string(kDropTriggers) +
                                     "UPDATE audit_log SET content = replace(content, "
                                     "'b.csv:1', 'b.csv:9') WHERE entry = 3"),
            "");
  const std::string content =
      RawQuery(file.path(), "SELECT content FROM audit_log WHERE entry = 3");
  const ChainReport report = Verify(file.path());
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.mismatch->entry, 3);
  EXPECT_EQ(report.mismatch->expected, ChainHash(previous, content));
  EXPECT_EQ(report.mismatch->found, stored);
  EXPECT_EQ(report.head_hash, previous);
}

// Someone who rewrites a protocol, its audit entry and every later hash consistently makes a
// chain that verifies on its own; what gives the forgery away is the head hash, which no
// longer matches the one published before. This is why the head must be published.
TEST(ChainTamperTest, AConsistentRewriteChangesTheHeadHash) {
  TempStorePath file;
  CopyTemplateTo(file);
  const std::string published = Verify(file.path()).head_hash;
  ASSERT_EQ(RawExec(file.path(),
                    std::string(kDropTriggers) +
                        "UPDATE protocols SET decision_reason = 'typo' WHERE entry = 3; "
                        "UPDATE audit_log SET content = replace(content, 'arithmetic error', "
                        "'typo') WHERE entry = 3"),
            "");
  // Recompute every hash from entry 3 on, as a forger with the code would.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.path().c_str(), &db), SQLITE_OK);
  std::string previous = RawQuery(file.path(), "SELECT hash FROM audit_log WHERE entry = 2");
  for (int entry = 3; entry <= 5; ++entry) {
    const std::string content = RawQuery(
        file.path(), "SELECT content FROM audit_log WHERE entry = " + std::to_string(entry));
    previous = ChainHash(previous, content);
    sqlite3_stmt* update = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "UPDATE audit_log SET hash = ?1 WHERE entry = ?2", -1, &update,
                                 nullptr),
              SQLITE_OK);
    sqlite3_bind_text(update, 1, previous.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(update, 2, entry);
    EXPECT_EQ(sqlite3_step(update), SQLITE_DONE);
    sqlite3_finalize(update);
  }
  sqlite3_close(db);
  const ChainReport report = Verify(file.path());
  EXPECT_TRUE(report.ok());
  EXPECT_NE(report.head_hash, published);
}

}  // namespace
}  // namespace esep::storage
