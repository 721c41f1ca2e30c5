// The store's turnout reports (format 7): the acceptance rules (first report, identical
// resubmission, a correction with and without a decision, the cumulative rule, malformed and
// refused reports), the canonical entry, and VerifyChain's checks of the turnout_reports table
// against the chain — each tamper named.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/internal/store_helpers_test_util.h"
#include "storage/internal/store_test_util.h"
#include "storage/sqlite_store.h"

namespace esep::storage {
namespace {

using internal::IsOk;
using internal::OpenOrDie;
using internal::RawExec;
using internal::RawQuery;
using internal::TempStorePath;
using protocol::Decision;
using protocol::TurnoutSubmission;
using ::testing::HasSubstr;

TurnoutSubmission Report(std::string precinct, std::string time, int64_t voters,
                         std::optional<Decision> decision = std::nullopt) {
  return TurnoutSubmission{
      {std::move(precinct), std::move(time), voters}, std::move(decision), "turnout.csv:2", ""};
}

const Decision kDecision{"12/45", "2023-03-19", "TEC Abai", "the 12:00 count was mistyped"};

std::vector<TurnoutResult> SubmitOrDie(Store& store, std::vector<TurnoutSubmission> batch) {
  Result<std::vector<TurnoutResult>> results = store.SubmitTurnout(batch);
  EXPECT_TRUE(results.has_value()) << results.error().ToString();
  return results.has_value() ? *results : std::vector<TurnoutResult>();
}

TEST(TurnoutStoreTest, FirstReportsAreVersionOneAndIdenticalOnesUnchanged) {
  TempStorePath file;
  auto store = OpenOrDie(file.path());
  std::vector<TurnoutResult> results =
      SubmitOrDie(*store, {Report("PEC-1", "10:00", 100), Report("PEC-1", "12:00", 250),
                           Report("PEC-1", "10:00", 100)});
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0], (TurnoutResult{Outcome::kAccepted, 1, ""}));
  EXPECT_EQ(results[1], (TurnoutResult{Outcome::kAccepted, 1, ""}));
  EXPECT_EQ(results[2], (TurnoutResult{Outcome::kUnchanged, 1, ""}));
  Result<std::vector<TurnoutRecord>> kept = store->TurnoutReports();
  ASSERT_TRUE(kept.has_value());
  ASSERT_EQ(kept->size(), 3u);
  EXPECT_EQ((*kept)[0].entry, 1);
  EXPECT_EQ((*kept)[2].submission.source, "turnout.csv:2");
  const std::vector<protocol::TurnoutReport> latest = LatestAcceptedTurnout(*kept);
  ASSERT_EQ(latest.size(), 2u);
  EXPECT_EQ(latest[1], (protocol::TurnoutReport{"PEC-1", "12:00", 250}));
  EXPECT_EQ(internal::EntryText(file.path(), 1),
            R"([1,"turnout","accepted",1,["PEC-1","10:00",100],null,"","turnout.csv:2"])");
}

TEST(TurnoutStoreTest, ACorrectionNeedsADecisionAndKeepsTheCountsCumulative) {
  TempStorePath file;
  auto store = OpenOrDie(file.path());
  SubmitOrDie(*store, {Report("PEC-1", "10:00", 100), Report("PEC-1", "12:00", 250)});
  std::vector<TurnoutResult> results =
      SubmitOrDie(*store, {Report("PEC-1", "12:00", 240), Report("PEC-1", "12:00", 240, kDecision),
                           Report("PEC-1", "12:00", 90, kDecision), Report("PEC-1", "14:00", 200),
                           Report("PEC-1", "12:00", 250, Decision{"", "", "", "incomplete"})});
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(results[0].outcome, Outcome::kRejected);
  EXPECT_EQ(results[0].reason, kTurnoutCorrectionNeedsDecision);
  EXPECT_EQ(results[1], (TurnoutResult{Outcome::kAccepted, 2, ""}));
  EXPECT_EQ(results[2].outcome, Outcome::kRejected);
  EXPECT_THAT(results[2].reason, HasSubstr("90 voters by 12:00 is fewer than the 100 already "
                                           "reported by 10:00"));
  EXPECT_EQ(results[3].outcome, Outcome::kRejected);
  EXPECT_THAT(results[3].reason, HasSubstr("200 voters by 14:00 is fewer than the 240"));
  EXPECT_EQ(results[4].reason, kTurnoutCorrectionNeedsDecision);
  EXPECT_EQ(
      internal::EntryText(file.path(), 4),
      R"([4,"turnout","accepted",2,["PEC-1","12:00",240],["12/45","2023-03-19","TEC Abai","the 12:00 count was mistyped"],"","turnout.csv:2"])");
  Result<ChainReport> report = store->VerifyChain();
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok()) << report->mismatch->what;
  EXPECT_EQ(report->turnout_reports, 7);
}

TEST(TurnoutStoreTest, MalformedAndRefusedReportsAreKeptRejected) {
  TempStorePath file;
  auto store = OpenOrDie(file.path());
  TurnoutSubmission refused = Report("PEC-9", "10:00", 5);
  refused.refusal = "precinct commission 'PEC-9' is not in the election's definition";
  std::vector<TurnoutResult> results =
      SubmitOrDie(*store, {Report("", "10:00", 1), Report("PEC-1", "9:00", 1),
                           Report("PEC-1", "10:00", -1), Report("PEC-\xff", "10:00", 1), refused});
  ASSERT_EQ(results.size(), 5u);
  EXPECT_THAT(results[0].reason, HasSubstr("names no precinct commission"));
  EXPECT_THAT(results[1].reason, HasSubstr("'9:00' is not a time of day written HH:MM"));
  EXPECT_THAT(results[2].reason, HasSubstr("is negative"));
  EXPECT_THAT(results[3].reason, HasSubstr("not valid UTF-8"));
  EXPECT_EQ(results[4].reason, refused.refusal);
  for (const TurnoutResult& result : results) {
    EXPECT_EQ(result.outcome, Outcome::kRejected);
    EXPECT_EQ(result.version, 0);
  }
  EXPECT_EQ(store->TurnoutReports()->size(), 5u);
  Result<ChainReport> report = store->VerifyChain();
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok()) << report->mismatch->what;
}

TEST(TurnoutStoreTest, TheTableIsKeptAsWritten) {
  TempStorePath file;
  OpenOrDie(file.path())->SubmitTurnout(std::vector{Report("PEC-1", "10:00", 100)}).value();
  EXPECT_THAT(RawExec(file.path(), "UPDATE turnout_reports SET voters = 1"),
              HasSubstr("kept as submitted"));
  EXPECT_THAT(RawExec(file.path(), "DELETE FROM turnout_reports"), HasSubstr("kept as submitted"));
}

// What VerifyChain reports after `sql` is run (triggers dropped first, as an insider with the
// file would) on a store holding two accepted reports and a rejected one.
std::optional<ChainMismatch> MismatchAfter(const std::string& sql) {
  TempStorePath file;
  {
    auto store = OpenOrDie(file.path());
    SubmitOrDie(*store, {Report("PEC-1", "10:00", 100), Report("PEC-1", "12:00", 250),
                         Report("PEC-1", "12:00", 200)});
  }
  EXPECT_EQ(RawExec(file.path(),
                    "DROP TRIGGER turnout_reports_are_never_updated; "
                    "DROP TRIGGER turnout_reports_are_never_deleted; "
                    "DROP TRIGGER chain_is_kept_unchanged; " +
                        sql),
            "");
  Result<ChainReport> report = OpenOrDie(file.path(), /*read_only=*/true)->VerifyChain();
  EXPECT_TRUE(report.has_value());
  return report.has_value() ? report->mismatch : std::nullopt;
}

TEST(TurnoutStoreTest, VerifyChainNamesEveryTamperWithTheTurnoutReports) {
  struct Case {
    const char* name;
    std::string sql;
    int64_t entry;
    const char* what;
  };
  const std::vector<Case> cases = {
      {"count_changed_in_table", "UPDATE turnout_reports SET voters = 260 WHERE entry = 2", 2,
       "turnout_reports table, entry 2 (PEC-1 at 12:00): the row differs from its chain entry"},
      {"row_removed", "DELETE FROM turnout_reports WHERE entry = 1", 1,
       "entry 1: the turnout report it records is not in the turnout_reports table"},
      {"row_added",
       "INSERT INTO turnout_reports VALUES (9, 'PEC-2', '10:00', 5, 'accepted', 1, NULL, NULL, "
       "NULL, NULL, '', 'x')",
       9, "the chain has no such turnout report"},
      {"outcome_changed", "UPDATE turnout_reports SET outcome = 'accepted' WHERE entry = 3", 3,
       "the row differs from its chain entry"},
      {"table_dropped", "DROP TABLE turnout_reports", 1, "has no turnout_reports table"},
      {"entry_changed", "UPDATE chain SET content = replace(content, '250]', '260]')", 1,
       "the hash recomputed from the previous hash"},
  };
  for (const Case& row : cases) {
    SCOPED_TRACE(row.name);
    const std::optional<ChainMismatch> mismatch = MismatchAfter(row.sql);
    ASSERT_TRUE(mismatch.has_value());
    EXPECT_EQ(mismatch->entry, row.entry);
    EXPECT_THAT(mismatch->what, HasSubstr(row.what));
  }
}

TEST(TurnoutStoreTest, AnAcceptedReportThatBreaksTheRulesIsNamedEvenWhenRehashed) {
  TempStorePath file;
  {
    auto store = OpenOrDie(file.path());
    SubmitOrDie(*store, {Report("PEC-1", "10:00", 100), Report("PEC-1", "12:00", 250)});
  }
  // An insider lowers the 12:00 count below 10:00's in both the chain and the table and
  // recomputes every hash: the chain verifies, the rules do not.
  ASSERT_EQ(RawExec(file.path(),
                    "DROP TRIGGER chain_is_kept_unchanged; "
                    "DROP TRIGGER turnout_reports_are_never_updated; "
                    "UPDATE chain SET content = replace(content, '250]', '50]'); "
                    "UPDATE turnout_reports SET voters = 50 WHERE entry = 2"),
            "");
  ASSERT_EQ(internal::RehashChainFrom(file.path(), 1), "");
  Result<ChainReport> report = OpenOrDie(file.path(), /*read_only=*/true)->VerifyChain();
  ASSERT_TRUE(report.has_value() && report->mismatch.has_value());
  EXPECT_EQ(report->mismatch->entry, 2);
  EXPECT_THAT(report->mismatch->what, HasSubstr("breaks the rules: cumulative"));
}

TEST(TurnoutStoreTest, AFormat6StoreHasNoTurnoutReadOnlyAndIsMigratedForWriting) {
  TempStorePath file;
  std::string head;
  {
    auto store = OpenOrDie(file.path());
    ASSERT_THAT(store->RecordResults("snapshot"), IsOk());
    head = *store->ChainHead();
  }
  ASSERT_EQ(RawExec(file.path(),
                    "DROP TRIGGER turnout_reports_are_never_updated; "
                    "DROP TRIGGER turnout_reports_are_never_deleted; DROP TABLE turnout_reports; "
                    "DROP TRIGGER metadata_is_never_updated; "
                    "UPDATE metadata SET value = '6' WHERE key = 'format_version'; "
                    "CREATE TRIGGER metadata_is_never_updated BEFORE UPDATE ON metadata BEGIN "
                    "SELECT RAISE(ABORT, 'the store metadata is written once'); END"),
            "");
  {
    auto reader = OpenOrDie(file.path(), /*read_only=*/true);
    EXPECT_TRUE(reader->TurnoutReports()->empty());
    Result<std::vector<TurnoutResult>> refused =
        reader->SubmitTurnout(std::vector{Report("PEC-1", "10:00", 1)});
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code(), StatusCode::kFailedPrecondition);
    EXPECT_THAT(refused.error().message(), HasSubstr("format 6, which has no turnout reports"));
    Result<ChainReport> report = reader->VerifyChain();
    ASSERT_TRUE(report.has_value() && report->ok());
    EXPECT_EQ(report->head_hash, head);
  }
  auto writer = OpenOrDie(file.path());
  EXPECT_EQ(RawQuery(file.path(), "SELECT value FROM metadata WHERE key = 'format_version'"), "7");
  EXPECT_EQ(*writer->ChainHead(), head);  // the chain is untouched
  SubmitOrDie(*writer, {Report("PEC-1", "10:00", 1)});
  Result<ChainReport> report = writer->VerifyChain();
  ASSERT_TRUE(report.has_value() && report->ok());
  EXPECT_EQ(report->turnout_reports, 1);
}

}  // namespace
}  // namespace esep::storage
