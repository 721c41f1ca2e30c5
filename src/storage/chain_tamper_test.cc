// Tampering with a store file from outside, as someone with the file and the sqlite3 shell
// would, and checking that VerifyChain names the first altered entry (or the definition).

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "base/sha256.h"
#include "storage/audit_chain.h"
#include "storage/chain_events.h"
#include "storage/internal/store_test_util.h"
#include "storage/internal/test_protocols.h"
#include "storage/protocol_codec.h"
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
    "DROP TRIGGER chain_is_kept_unchanged; DROP TRIGGER chain_is_never_deleted; "
    "DROP TRIGGER definition_is_never_updated; DROP TRIGGER definition_is_never_deleted; "
    "DROP TRIGGER metadata_is_never_updated; DROP TRIGGER metadata_is_never_deleted; ";

const std::vector<model::DefinitionFile> kDefinition = {
    {"election.json", R"({"id":"synthetic"})"},
    {"commissions.csv", "id,parent\nPEC 1,TEC 1\nPEC 2,TEC 1\nPEC 3,TEC 1\n"}};

// Eight entries: 1 the definition (two files, rule set kz-majilis-2023), 2 PEC 1 v1 (accepted
// with warning KZ-09), 3 PEC 2 v1, 4 PEC 1 v2 (decision), 5 PEC 3 district 5 v1, 6 PEC 2 v2
// (decision), 7 PEC 2 again (unchanged), 8 PEC 3 district 5 changed without a decision
// (rejected). Entries 2 and 3 are one batch, so one row of the chain table (id 3, first 2);
// entries 4 to 8 are submitted one by one, so each is a row of its own (id = first = entry),
// which lets the cases below name single entries.
void BuildStore(const std::string& path) {
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(path);
  ASSERT_TRUE(store.has_value()) << store.error().ToString();
  const protocol::Decision decision{"12/45", "2023-03-21", "TEC Almaty city", "arithmetic error"};
  protocol::Protocol warned = ConsistentProtocol("PEC 1");
  warned.turnout_reported_during_day = 700;
  protocol::Protocol district = ConsistentProtocol("PEC 3");
  district.contest = {protocol::ContestRef::Kind::kDistrict, 5};
  protocol::Protocol district_changed = ConsistentProtocol("PEC 3", 1);
  district_changed.contest = district.contest;
  const std::vector<protocol::Submission> first = {
      {warned, std::nullopt, "a.csv:1"}, {ConsistentProtocol("PEC 2"), std::nullopt, "a.csv:2"}};
  const std::vector<protocol::Submission> second = {
      {ConsistentProtocol("PEC 1", 2), decision, "b.csv:1"},
      {district, std::nullopt, "b.csv:2"},
      {ConsistentProtocol("PEC 2", 4), decision, "b.csv:3"},
      {ConsistentProtocol("PEC 2", 4), std::nullopt, "b.csv:4"},
      {district_changed, std::nullopt, "b.csv:5"}};
  const std::vector<Outcome> outcomes = {
      Outcome::kAccepted, Outcome::kAccepted,  Outcome::kAccepted, Outcome::kAccepted,
      Outcome::kAccepted, Outcome::kUnchanged, Outcome::kRejected};
  ASSERT_TRUE(
      (*store)
          ->SetDefinition(model::DefinitionSha256(kDefinition), kDefinition, "kz-majilis-2023")
          .ok());
  std::vector<std::vector<protocol::Submission>> batches = {first};
  for (const protocol::Submission& submission : second) {
    batches.push_back({submission});
  }
  size_t next = 0;
  for (const std::vector<protocol::Submission>& batch : batches) {
    Result<std::vector<SubmitResult>> results = (*store)->Submit(batch, KzRatios());
    ASSERT_TRUE(results.has_value()) << results.error().ToString();
    for (const SubmitResult& result : *results) {
      ASSERT_EQ(result.outcome, outcomes[next++]) << result.reason;
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

ChainReport Verify(const std::string& path, const ChainExpectations& expect = {}) {
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(path);
  EXPECT_TRUE(store.has_value()) << store.error().ToString();
  if (!store.has_value()) {
    return ChainReport{};
  }
  Result<ChainReport> report = (*store)->VerifyChain(expect);
  EXPECT_TRUE(report.has_value()) << report.error().ToString();
  return report.has_value() ? *report : ChainReport{};
}

// The hash and the content of the chain table's row `row` (its last entry's number).
std::string Hash(const std::string& path, int row) {
  return RawQuery(path, "SELECT hash FROM chain WHERE id = " + std::to_string(row));
}

std::string Content(const std::string& path, int row) {
  return RawQuery(path, "SELECT content FROM chain WHERE id = " + std::to_string(row));
}

// Every stored byte of the chain, the definition, the metadata and the snapshots, to see that a
// tampering did change something.
std::string Dump(const std::string& path) {
  return RawQuery(path, "SELECT group_concat(id || first || content || hash, '|') FROM chain") +
         RawQuery(path,
                  "SELECT group_concat(position || name || sha256 || hex(content), '|') FROM "
                  "definition_files") +
         RawQuery(path, "SELECT group_concat(key || value, '|') FROM metadata") +
         RawQuery(path, "SELECT group_concat(entry || content, '|') FROM results");
}

// Runs `sql` with bound text values on the file at `path` (triggers already dropped).
void RawUpdate(const std::string& path, const std::string& sql,
               const std::vector<std::string>& values) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  for (size_t i = 0; i < values.size(); ++i) {
    sqlite3_bind_text(statement, static_cast<int>(i + 1), values[i].c_str(), -1, SQLITE_TRANSIENT);
  }
  EXPECT_EQ(sqlite3_step(statement), SQLITE_DONE) << sqlite3_errmsg(db);
  sqlite3_finalize(statement);
  sqlite3_close(db);
}

struct Tampering {
  const char* name;
  std::string sql;                 // run after kDropTriggers
  int64_t entry;                   // the entry VerifyChain must name (0: the definition)
  const char* what;                // a phrase of its description
  const char* expected = nullptr;  // when given, the expected and found values
  const char* found = nullptr;
};

TEST(ChainTamperTest, AnUntouchedStoreVerifies) {
  TempStorePath file;
  CopyTemplateTo(file);
  const ChainReport report = Verify(file.path());
  EXPECT_TRUE(report.ok()) << report.mismatch->what;
  EXPECT_EQ(report.entries, 8);
  EXPECT_EQ(report.rule_set, "kz-majilis-2023");
  EXPECT_EQ(report.head_hash, Hash(file.path(), 8));
  EXPECT_EQ(report.definition_sha256, model::DefinitionSha256(kDefinition));
}

TEST(ChainTamperTest, EveryKindOfTamperingIsDetectedAtItsEntry) {
  const Tampering cases[] = {
      {"protocol_figure",
       "UPDATE chain SET content = replace(content, ',7,610,', ',7,611,') WHERE id = 5", 5,
       "differs from the stored hash"},
      {"protocol_votes_one_character",
       "UPDATE chain SET content = replace(content, '[398,152,50]', '[399,152,50]') "
       "WHERE id = 4",
       4, "differs from the stored hash"},
      {"hash_one_character",
       "UPDATE chain SET hash = (CASE substr(hash, 1, 1) WHEN 'a' THEN 'b' ELSE 'a' END) "
       "|| substr(hash, 2) WHERE id = 3",
       2, "entries 2 to 3: the hash recomputed"},
      {"decision_reason",
       "UPDATE chain SET content = replace(content, 'arithmetic error', 'typo') "
       "WHERE id = 6",
       6, "differs from the stored hash"},
      {"decision_removed",
       "UPDATE chain SET content = replace(content, "
       "'[\"12/45\",\"2023-03-21\",\"TEC Almaty city\",\"arithmetic error\"]', 'null') "
       "WHERE id = 4",
       4, "differs from the stored hash"},
      {"outcome",
       "UPDATE chain SET content = replace(content, 'rejected', 'accepted') "
       "WHERE id = 8",
       8, "differs from the stored hash"},
      {"rejection_reason",
       "UPDATE chain SET content = replace(content, 'must cite', 'need not cite') "
       "WHERE id = 8",
       8, "differs from the stored hash"},
      {"findings_removed",
       "UPDATE chain SET content = substr(content, 1, instr(content, ',null,[{') + 5) || "
       "'[]' || substr(content, instr(content, '}],\"\",') + 2) WHERE id = 3",
       2, "differs from the stored hash"},
      {"source",
       "UPDATE chain SET content = replace(content, 'b.csv:4', 'forged.csv:1') "
       "WHERE id = 7",
       7, "differs from the stored hash"},
      // The second entry of a row changed: the row is named by its first entry.
      {"commission_id",
       "UPDATE chain SET content = replace(content, 'PEC 2', 'PEC 9') WHERE id = 3", 2,
       "entries 2 to 3: the hash recomputed"},
      {"row_deleted", "DELETE FROM chain WHERE id = 5", 5, "entry 5 is missing", "5", "6"},
      {"id_changed", "UPDATE chain SET id = 10 WHERE id = 7", 7, "entry 7 is missing", "7", "8"},
      {"id_of_last_row_changed", "UPDATE chain SET id = 10 WHERE id = 8", 8,
       "row 10: it numbers entries 8 to 10 but holds 1 entries", "3", "1"},
      {"first_changed", "UPDATE chain SET first = 6 WHERE id = 7", 7,
       "entry 7 is missing: the chain row after entry 6 begins with entry 6", "7", "6"},
      {"entry_number_in_content",
       "UPDATE chain SET content = replace(content, '[[7,', '[[9,') WHERE id = 7", 7,
       "differs from the stored hash"},
      {"row_copied_as_a_new_entry",
       "INSERT INTO chain SELECT 9, 9, content, hash FROM chain WHERE id = 5", 9,
       "differs from the stored hash"},
      {"definition_file_bytes",
       "UPDATE definition_files SET content = CAST(replace(CAST(content AS TEXT), 'PEC 3', "
       "'PEC 4') AS BLOB) WHERE name = 'commissions.csv'",
       0, "file 2 (commissions.csv): its content's SHA-256 differs"},
      {"definition_file_renamed",
       "UPDATE definition_files SET name = 'other.json' WHERE name = 'election.json'", 0,
       "definition_sha256 differs"},
      {"definition_file_deleted", "DELETE FROM definition_files WHERE position = 2", 0,
       "definition_sha256 differs"},
      {"definition_hash",
       "UPDATE metadata SET value = replace(value, substr(value, 1, 1), "
       "(CASE substr(value, 1, 1) WHEN 'a' THEN 'b' ELSE 'a' END)) "
       "WHERE key = 'definition_sha256'",
       0, "definition_sha256 differs"},
      {"definition_hash_deleted", "DELETE FROM metadata WHERE key = 'definition_sha256'", 0,
       "no definition hash is recorded"},
      // The definition replaced with a consistent hash: entry 1 still names the old one.
      {"definition_replaced_with_its_hash",
       "UPDATE definition_files SET content = CAST('{}' AS BLOB), sha256 = "
       "'44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a' WHERE position = 1; "
       "DELETE FROM definition_files WHERE position = 2; "
       "UPDATE metadata SET value = '" +
           model::DefinitionSha256(std::vector<model::DefinitionFile>{{"election.json", "{}"}}) +
           "' WHERE key = 'definition_sha256'",
       1, "not the one entry 1 of the chain commits to"},
      {"rule_set_in_entry_1",
       "UPDATE chain SET content = replace(content, 'kz-majilis-2023', 'kz-majilis-2012') "
       "WHERE id = 1",
       1, "differs from the stored hash"},
      {"snapshot_table_row_added", "INSERT INTO results (entry, content) VALUES (99, '{}')", 0,
       "results table holds 1 snapshots, but the chain commits to 0"},
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
    // The chain is checked first: a definition mismatch comes after every entry verified.
    const bool after_chain = c.entry == 0 || std::string_view(c.name).starts_with("definition");
    EXPECT_EQ(report.entries, after_chain ? 8 : c.entry - 1);
  }
}

TEST(ChainTamperTest, AHashMismatchShowsTheRecomputedAndTheStoredHash) {
  TempStorePath file;
  CopyTemplateTo(file);
  const std::string stored = Hash(file.path(), 4);
  const std::string previous = Hash(file.path(), 3);
  ASSERT_EQ(RawExec(file.path(), std::string(kDropTriggers) +
                                     "UPDATE chain SET content = replace(content, "
                                     "'b.csv:1', 'b.csv:9') WHERE id = 4"),
            "");
  const std::string content = Content(file.path(), 4);
  const ChainReport report = Verify(file.path());
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.mismatch->entry, 4);
  EXPECT_EQ(report.mismatch->expected, ChainHash(previous, content));
  EXPECT_EQ(report.mismatch->found, stored);
  EXPECT_EQ(report.head_hash, previous);
}

// Rewriting one entry together with its own hash breaks the link to the next entry.
TEST(ChainTamperTest, AnEntryRewrittenWithItsOwnHashBreaksTheNextLink) {
  TempStorePath file;
  CopyTemplateTo(file);
  ASSERT_EQ(RawExec(file.path(), kDropTriggers), "");
  std::string content = Content(file.path(), 4);
  content.replace(content.find("arithmetic error"), 16, "typo");
  RawUpdate(file.path(), "UPDATE chain SET content = ?1, hash = ?2 WHERE id = 4",
            {content, ChainHash(Hash(file.path(), 3), content)});
  const ChainReport report = Verify(file.path());
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.mismatch->entry, 5);
  EXPECT_THAT(report.mismatch->what, HasSubstr("differs from the stored hash"));
}

// Entries appended from outside with correct hashes are still checked against the rules.
TEST(ChainTamperTest, AForgedAppendWithCorrectHashesMustStillFollowTheRules) {
  struct Forgery {
    const char* name;
    Outcome outcome;
    int64_t version;
    protocol::Protocol protocol;
    const char* reason;
    const char* what;
  };
  protocol::Protocol district = ConsistentProtocol("PEC 3");
  district.contest = {protocol::ContestRef::Kind::kDistrict, 5};
  const Forgery forgeries[] = {
      {"correction_without_decision", Outcome::kAccepted, 3, ConsistentProtocol("PEC 1", 9), "",
       "cites no complete commission decision"},
      {"version_skipped", Outcome::kAccepted, 4, ConsistentProtocol("PEC 1", 9), "",
       "previous accepted version is 2"},
      {"unchanged_but_different", Outcome::kUnchanged, 1, district, "",
       "not identical to the latest accepted version"},
      {"rejected_without_reason", Outcome::kRejected, 0, ConsistentProtocol("PEC 1"), "",
       "must have version 0 and a reason"},
  };
  for (const Forgery& forgery : forgeries) {
    SCOPED_TRACE(forgery.name);
    TempStorePath file;
    CopyTemplateTo(file);
    protocol::Protocol changed = forgery.protocol;
    if (forgery.outcome == Outcome::kUnchanged) {
      changed.against_all += 1;
    }
    const std::string protocol_text = EncodeProtocol(changed);
    const std::string content = EntryContent(EntryFields{.entry = 9,
                                                         .outcome = forgery.outcome,
                                                         .version = forgery.version,
                                                         .protocol = protocol_text,
                                                         .findings = "[]",
                                                         .reason = forgery.reason,
                                                         .source = "forged.csv:1"});
    const std::string row = internal::SingleEntryRow(content);
    RawUpdate(file.path(), "INSERT INTO chain (id, first, content, hash) VALUES (9, 9, ?1, ?2)",
              {row, ChainHash(Hash(file.path(), 8), row)});
    const ChainReport report = Verify(file.path());
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.mismatch->entry, 9);
    EXPECT_THAT(report.mismatch->what, HasSubstr(forgery.what));
  }
}

// A row appended from outside with a correct hash, whose entries are not numbered as the row
// says: each entry's number is its place in the row.
TEST(ChainTamperTest, AnEntryMustCarryItsPlaceInTheRow) {
  TempStorePath file;
  CopyTemplateTo(file);
  const std::string protocol_text = EncodeProtocol(ConsistentProtocol("PEC 3", 7));
  std::string row;
  for (const int64_t number : {9, 11}) {  // the second should be 10
    internal::AppendRowEntry(row, EntryContent(EntryFields{.entry = number,
                                                           .outcome = Outcome::kRejected,
                                                           .protocol = protocol_text,
                                                           .findings = "[]",
                                                           .reason = "forged",
                                                           .source = "forged.csv:1"}));
  }
  internal::CloseRow(row);
  ASSERT_EQ(RawExec(file.path(), kDropTriggers), "");
  RawUpdate(file.path(), "INSERT INTO chain (id, first, content, hash) VALUES (10, 9, ?1, ?2)",
            {row, ChainHash(Hash(file.path(), 8), row)});
  const ChainReport report = Verify(file.path());
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.mismatch->entry, 10);
  EXPECT_THAT(report.mismatch->what, HasSubstr("entry 10: its content records entry 11"));
  EXPECT_EQ(report.entries, 8);  // the row as a whole is not counted
}

// Someone with the file who rewrites the definition, an entry and every later hash
// consistently, or deletes the last entries, makes a chain that verifies on its own: what gives
// the forgery away is a head held outside the store (ChainExpectations::head, a published head)
// or a signature (ChainExpectations::public_key); see SignedHeadsTest.
TEST(ChainTamperTest, ConsistentRewritesChangeThePublishedHashes) {
  TempStorePath file;
  CopyTemplateTo(file);
  const ChainReport published = Verify(file.path());
  ASSERT_TRUE(published.ok());
  ASSERT_EQ(RawExec(file.path(), kDropTriggers), "");
  const std::vector<model::DefinitionFile> other = {{"election.json", "{}"}};
  std::string previous = GenesisHash();
  for (const int row : {1, 3, 4, 5, 6, 7, 8}) {
    std::string content = Content(file.path(), row);
    if (row == 1) {
      content = internal::SingleEntryRow(
          DefinitionEntryContent(1, {model::DefinitionSha256(other), "kz-majilis-2012"}));
    }
    if (row == 4) {
      content.replace(content.find("arithmetic error"), 16, "typo");
    }
    previous = ChainHash(previous, content);
    RawUpdate(file.path(), "UPDATE chain SET content = ?1, hash = ?2 WHERE id = ?3",
              {content, previous, std::to_string(row)});
  }
  RawUpdate(file.path(), "DELETE FROM definition_files", {});
  RawUpdate(file.path(),
            "INSERT INTO definition_files (position, name, sha256, content) VALUES (1, ?1, ?2, "
            "CAST(?3 AS BLOB))",
            {other[0].name, Sha256Hex(other[0].content), other[0].content});
  RawUpdate(file.path(), "UPDATE metadata SET value = ?1 WHERE key = 'definition_sha256'",
            {model::DefinitionSha256(other)});
  const ChainReport rewritten = Verify(file.path());
  EXPECT_TRUE(rewritten.ok()) << rewritten.mismatch->what;
  EXPECT_EQ(rewritten.entries, 8);
  EXPECT_EQ(rewritten.rule_set, "kz-majilis-2012");
  EXPECT_NE(rewritten.head_hash, published.head_hash);
  EXPECT_NE(rewritten.definition_sha256, published.definition_sha256);
  // The published head is no longer in the chain.
  const ChainReport expected = Verify(file.path(), {.head = published.head_hash});
  ASSERT_FALSE(expected.ok());
  EXPECT_THAT(expected.mismatch->what, HasSubstr("does not contain the expected head"));

  ASSERT_EQ(RawExec(file.path(), "DELETE FROM chain WHERE id >= 7"), "");
  const ChainReport truncated = Verify(file.path());
  EXPECT_TRUE(truncated.ok());
  EXPECT_EQ(truncated.entries, 6);
  EXPECT_EQ(truncated.head_hash, Hash(file.path(), 6));
}

}  // namespace
}  // namespace esep::storage
