#include "storage/sqlite_store.h"

#include <chrono>
#include <fstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/sha256.h"
#include "storage/definition.h"
#include "storage/internal/store_helpers_test_util.h"
#include "storage/internal/store_test_util.h"
#include "storage/internal/test_protocols.h"

namespace esep::storage {
namespace {

using internal::ConsistentProtocol;
using internal::HasCode;
using internal::IsOk;
using internal::KzRatios;
using internal::Of;
using internal::OpenOrDie;
using internal::RawExec;
using internal::RawQuery;
using internal::SubmitOrDie;
using internal::TempStorePath;
using protocol::Protocol;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const protocol::Decision kDecision{"12/45", "2023-03-21", "TEC Almaty city",
                                   "arithmetic error in line 9"};
const std::vector<model::DefinitionFile> kFiles = {{"election.json", "{\"synthetic\":true}\n"},
                                                   {"commissions.csv", "id\nPEC 1\n"}};

SubmitResult SubmitOne(Store& store, protocol::Submission submission) {
  std::vector<SubmitResult> results = SubmitOrDie(store, {std::move(submission)});
  EXPECT_EQ(results.size(), 1u);
  return results.empty() ? SubmitResult{} : results.front();
}

int64_t ChainEntries(Store& store) {
  Result<ChainReport> report = store.VerifyChain();
  EXPECT_TRUE(report.has_value()) << report.error().ToString();
  if (!report.has_value()) {
    return -1;
  }
  EXPECT_TRUE(report->ok()) << report->mismatch->what;
  return report->entries;
}

std::vector<std::string> CommissionIds(const std::vector<Protocol>& protocols) {
  std::vector<std::string> ids;
  ids.reserve(protocols.size());
  for (const Protocol& p : protocols) {
    ids.push_back(p.commission_id + "/" + p.contest.ToString());
  }
  return ids;
}

TEST(SqliteStoreTest, AcceptsAConsistentProtocolAsVersion1) {
  std::unique_ptr<Store> store = OpenOrDie(":memory:");
  const SubmitResult result = SubmitOne(*store, Of(ConsistentProtocol("PEC 1")));
  EXPECT_EQ(result.outcome, Outcome::kAccepted);
  EXPECT_EQ(result.version, 1);
  EXPECT_TRUE(result.findings.empty());
  EXPECT_EQ(result.reason, "");
  EXPECT_EQ(*store->ProtocolCount(), 1);
  EXPECT_THAT(CommissionIds(*store->AcceptedProtocols()), ElementsAre("PEC 1/list"));
  EXPECT_EQ(ChainEntries(*store), 1);
}

TEST(SqliteStoreTest, RejectsAProtocolWithAnErrorAndKeepsItWithItsFindings) {
  std::unique_ptr<Store> store = OpenOrDie(":memory:");
  Protocol broken = ConsistentProtocol("PEC 1");
  broken.ballots_received = 1030;  // KZ-01
  const SubmitResult result = SubmitOne(*store, Of(broken, "day1.csv:4"));
  EXPECT_EQ(result.outcome, Outcome::kRejected);
  EXPECT_EQ(result.version, 0);
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].rule_id, "KZ-01");
  EXPECT_EQ(result.reason,
            "the protocol fails control ratio KZ-01, which must hold for a protocol to be "
            "accepted");
  EXPECT_EQ(*store->ProtocolCount(), 0);
  EXPECT_EQ(ChainEntries(*store), 1);  // every kept submission is an entry of the chain

  Result<std::vector<SubmissionRecord>> kept = store->Submissions();
  ASSERT_TRUE(kept.has_value()) << kept.error().ToString();
  ASSERT_EQ(kept->size(), 1u);
  const SubmissionRecord& record = kept->front();
  EXPECT_EQ(record.id, 1);
  EXPECT_EQ(record.submission.source, "day1.csv:4");
  EXPECT_EQ(record.submission.protocol.ballots_received, 1030);
  EXPECT_EQ(record.result.outcome, Outcome::kRejected);
  EXPECT_EQ(record.result.reason, result.reason);
  ASSERT_EQ(record.result.findings.size(), 1u);
  EXPECT_EQ(record.result.findings[0].rule_id, "KZ-01");
  EXPECT_EQ(record.result.findings[0].message, result.findings[0].message);
}

TEST(SqliteStoreTest, AWarningIsRecordedWithTheAcceptedProtocolAndInTheAuditLog) {
  TempStorePath file;
  std::unique_ptr<Store> store = OpenOrDie(file.path());
  Protocol warned = ConsistentProtocol("PEC 1");
  warned.turnout_reported_during_day = 700;  // KZ-09, a warning
  const SubmitResult result = SubmitOne(*store, Of(warned));
  EXPECT_EQ(result.outcome, Outcome::kAccepted);
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].severity, protocol::Severity::kWarning);
  EXPECT_THAT(RawQuery(file.path(), "SELECT content FROM chain WHERE id = 1"),
              HasSubstr(R"([{"rule_id":"KZ-09","severity":"warning")"));
  EXPECT_EQ((*store->Submissions())[0].result.findings.size(), 1u);
}

TEST(SqliteStoreTest, MalformedProtocolsAreRejectedWithAReason) {
  struct Case {
    const char* name;
    protocol::Submission submission;
    const char* reason;
  };
  Protocol no_id = ConsistentProtocol("  ");
  Protocol bad_utf8 = ConsistentProtocol("PEC \xC0\x80");
  Protocol list_with_district = ConsistentProtocol("PEC 1");
  list_with_district.contest.district = 3;
  Protocol district_without_number = ConsistentProtocol("PEC 1");
  district_without_number.contest.kind = protocol::ContestRef::Kind::kDistrict;
  Protocol negative = ConsistentProtocol("PEC 1");
  negative.ballots_spoiled = -5;
  negative.ballots_unused = 395;
  Protocol negative_choice = ConsistentProtocol("PEC 1", 500);  // 400 - 500 < 0
  const Case cases[] = {
      {"no_commission", Of(no_id), "the protocol names no commission"},
      {"not_utf8", Of(bad_utf8), "the commission id is not valid UTF-8 text"},
      {"list_with_district", Of(list_with_district),
       "a party-list protocol cannot name a district, but this one names 3"},
      {"district_without_number", Of(district_without_number),
       "a district protocol must name its district (1 or more), not 0"},
      {"negative_count", Of(negative), "spoiled ballots is -5, but a count is never negative"},
      {"negative_choice", Of(negative_choice),
       "the votes for choice 1 are -100, but a count is never negative"},
      {"decision_not_utf8",
       Of(ConsistentProtocol("PEC 1"), "x", protocol::Decision{"1", "2", "3", "\xff"}),
       "the decision's reason is not valid UTF-8 text"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::unique_ptr<Store> store = OpenOrDie(":memory:");
    const SubmitResult result = SubmitOne(*store, c.submission);
    EXPECT_EQ(result.outcome, Outcome::kRejected);
    EXPECT_EQ(result.reason, c.reason);
    EXPECT_EQ(*store->ProtocolCount(), 0);
    EXPECT_EQ(store->Submissions()->size(), 1u);
  }
}

TEST(SqliteStoreTest, AnIdenticalResubmissionIsUnchangedAndAddsNoVersion) {
  std::unique_ptr<Store> store = OpenOrDie(":memory:");
  ASSERT_EQ(SubmitOne(*store, Of(ConsistentProtocol("PEC 1"))).outcome, Outcome::kAccepted);
  const SubmitResult again = SubmitOne(*store, Of(ConsistentProtocol("PEC 1"), "again.csv:1"));
  EXPECT_EQ(again.outcome, Outcome::kUnchanged);
  EXPECT_EQ(again.version, 1);
  EXPECT_EQ(*store->ProtocolCount(), 1);
  EXPECT_EQ(ChainEntries(*store), 2);  // the resubmission is kept and chained, as unchanged
  // Kept as a submission all the same, with the protocol it matched.
  const std::vector<SubmissionRecord> kept = *store->Submissions();
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[1].result.outcome, Outcome::kUnchanged);
  EXPECT_EQ(kept[1].submission.source, "again.csv:1");
  EXPECT_EQ(kept[1].submission.protocol.choice_votes, ConsistentProtocol("PEC 1").choice_votes);
}

TEST(SqliteStoreTest, ACorrectionWithoutACompleteDecisionIsRefused) {
  const std::optional<protocol::Decision> incomplete[] = {
      std::nullopt,
      protocol::Decision{"", kDecision.date, kDecision.commission, kDecision.reason},
      protocol::Decision{kDecision.number, " ", kDecision.commission, kDecision.reason},
      protocol::Decision{kDecision.number, kDecision.date, "", kDecision.reason},
      protocol::Decision{kDecision.number, kDecision.date, kDecision.commission, ""},
  };
  for (const std::optional<protocol::Decision>& decision : incomplete) {
    SCOPED_TRACE(decision.has_value() ? decision->number + "|" + decision->date : "none");
    std::unique_ptr<Store> store = OpenOrDie(":memory:");
    ASSERT_EQ(SubmitOne(*store, Of(ConsistentProtocol("PEC 1"))).outcome, Outcome::kAccepted);
    const SubmitResult correction =
        SubmitOne(*store, Of(ConsistentProtocol("PEC 1", 20), "fix.csv:1", decision));
    EXPECT_EQ(correction.outcome, Outcome::kRejected);
    EXPECT_EQ(correction.version, 0);
    EXPECT_EQ(correction.reason,
              "a correction of an accepted protocol must cite a commission decision (number, "
              "date, commission, reason)");
    EXPECT_EQ((*store->AcceptedProtocols())[0].choice_votes[0], 400);
    EXPECT_EQ(ChainEntries(*store), 2);
  }
}

TEST(SqliteStoreTest, ACorrectionCitingADecisionIsAcceptedAsVersion2) {
  std::unique_ptr<Store> store = OpenOrDie(":memory:");
  ASSERT_EQ(SubmitOne(*store, Of(ConsistentProtocol("PEC 1"))).outcome, Outcome::kAccepted);
  const SubmitResult correction =
      SubmitOne(*store, Of(ConsistentProtocol("PEC 1", 20), "fix.csv:1", kDecision));
  EXPECT_EQ(correction.outcome, Outcome::kAccepted);
  EXPECT_EQ(correction.version, 2);
  EXPECT_EQ(*store->ProtocolCount(), 1);
  const std::vector<Protocol> accepted = *store->AcceptedProtocols();
  ASSERT_EQ(accepted.size(), 1u);
  EXPECT_EQ(accepted[0].choice_votes[0], 380);
  EXPECT_EQ(ChainEntries(*store), 2);
  const std::vector<SubmissionRecord> kept = *store->Submissions();
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[1].submission.decision, kDecision);

  // Going back to version 1's figures is a correction too, and needs its own decision.
  EXPECT_EQ(SubmitOne(*store, Of(ConsistentProtocol("PEC 1"))).outcome, Outcome::kRejected);
  const SubmitResult back = SubmitOne(*store, Of(ConsistentProtocol("PEC 1"), "b:1", kDecision));
  EXPECT_EQ(back.outcome, Outcome::kAccepted);
  EXPECT_EQ(back.version, 3);
}

TEST(SqliteStoreTest, ABatchSeesItsOwnEarlierSubmissions) {
  std::unique_ptr<Store> store = OpenOrDie(":memory:");
  const std::vector<SubmitResult> results =
      SubmitOrDie(*store, {Of(ConsistentProtocol("PEC 1")), Of(ConsistentProtocol("PEC 1")),
                           Of(ConsistentProtocol("PEC 1", 5)),
                           Of(ConsistentProtocol("PEC 1", 5), "x", kDecision)});
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(results[0].outcome, Outcome::kAccepted);
  EXPECT_EQ(results[1].outcome, Outcome::kUnchanged);
  EXPECT_EQ(results[2].outcome, Outcome::kRejected);
  EXPECT_EQ(results[3].outcome, Outcome::kAccepted);
  EXPECT_EQ(results[3].version, 2);
  EXPECT_EQ(ChainEntries(*store), 4);
}

TEST(SqliteStoreTest, AcceptedProtocolsComeInAStableOrder) {
  std::unique_ptr<Store> store = OpenOrDie(":memory:");
  Protocol district_12 = ConsistentProtocol("PEC 2");
  district_12.contest = {protocol::ContestRef::Kind::kDistrict, 12};
  Protocol district_3 = ConsistentProtocol("PEC 2");
  district_3.contest = {protocol::ContestRef::Kind::kDistrict, 3};
  SubmitOrDie(*store,
              {Of(ConsistentProtocol("PEC 3")), Of(district_12), Of(ConsistentProtocol("PEC 2")),
               Of(district_3), Of(ConsistentProtocol("PEC 10"))});
  EXPECT_THAT(CommissionIds(*store->AcceptedProtocols()),
              ElementsAre("PEC 10/list", "PEC 2/list", "PEC 2/district 3", "PEC 2/district 12",
                          "PEC 3/list"));
  EXPECT_EQ(*store->ProtocolCount(), 5);
}

TEST(SqliteStoreTest, ABatchIsAllOrNothing) {
  TempStorePath file;
  ASSERT_NE(OpenOrDie(file.path()), nullptr);
  // An outside trigger makes the INSERT of the batch's second row (the chunk after the first
  // 4,096 submissions) fail inside the transaction, after the first row went in, as a full disk
  // or an I/O error would.
  ASSERT_EQ(RawExec(file.path(),
                    "CREATE TRIGGER fail_second BEFORE INSERT ON chain "
                    "WHEN NEW.content LIKE '%\"second\"]%' BEGIN "
                    "SELECT RAISE(ABORT, 'injected failure'); END;"),
            "");
  std::unique_ptr<Store> store = OpenOrDie(file.path());
  std::vector<protocol::Submission> batch;
  batch.reserve(4100);
  for (int i = 0; i < 4100; ++i) {
    batch.push_back(Of(ConsistentProtocol(fmt::format("PEC {}", i)),
                       i == 4098 ? std::string("second") : fmt::format("row {}", i)));
  }
  Result<std::vector<SubmitResult>> results = store->Submit(batch, KzRatios());
  ASSERT_FALSE(results.has_value());
  EXPECT_THAT(results.error().message(), HasSubstr("injected failure"));
  EXPECT_THAT(results.error().message(), HasSubstr(file.path()));

  EXPECT_EQ(*store->ProtocolCount(), 0);
  EXPECT_TRUE(store->Submissions()->empty());
  EXPECT_EQ(ChainEntries(*store), 0);
  EXPECT_EQ(RawQuery(file.path(), "SELECT count(*) FROM chain"), "0");

  // The store stays usable, and the chain starts at entry 1.
  const std::vector<SubmitResult> next = SubmitOrDie(*store, {batch[0], batch[4099]});
  EXPECT_EQ(next.size(), 2u);
  EXPECT_EQ(ChainEntries(*store), 2);
}

TEST(SqliteStoreTest, TheChainVerifiesOnAFreshStoreAndAfterManyWrites) {
  std::unique_ptr<Store> store = OpenOrDie(":memory:");
  Result<ChainReport> fresh = store->VerifyChain();
  ASSERT_TRUE(fresh.has_value());
  EXPECT_TRUE(fresh->ok());
  EXPECT_EQ(fresh->entries, 0);
  EXPECT_EQ(fresh->head_hash, Sha256Hex("esep audit log genesis, format 4"));

  int expected_entries = 0;
  for (int round = 0; round < 5; ++round) {
    std::vector<protocol::Submission> batch;
    for (int i = 0; i < 60; ++i) {
      // Round 0 creates 60 protocols; later rounds correct a third of them.
      if (round == 0 || i % 3 == 0) {
        batch.push_back(
            Of(ConsistentProtocol(fmt::format("PEC {}", i), round),
               fmt::format("r{}.csv:{}", round, i),
               round == 0 ? std::nullopt : std::optional<protocol::Decision>(kDecision)));
        ++expected_entries;
      }
    }
    SubmitOrDie(*store, batch);
  }
  Result<ChainReport> report = store->VerifyChain();
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok()) << report->mismatch->what;
  EXPECT_EQ(report->entries, expected_entries);
  EXPECT_NE(report->head_hash, fresh->head_hash);
  EXPECT_EQ(*store->ProtocolCount(), 60);
}

TEST(SqliteStoreTest, TriggersRefuseChangesToKeptRows) {
  TempStorePath file;
  {
    std::unique_ptr<Store> store = OpenOrDie(file.path());
    ASSERT_THAT(store->SetDefinition(model::DefinitionSha256(kFiles), kFiles, "kz-majilis-2023"),
                IsOk());
    SubmitOne(*store, Of(ConsistentProtocol("PEC 1")));
  }
  for (const char* sql :
       {"UPDATE chain SET content = 'x'", "UPDATE chain SET hash = 'x'", "DELETE FROM chain",
        "UPDATE definition_files SET name = 'x'", "DELETE FROM definition_files",
        "UPDATE metadata SET value = '3'", "DELETE FROM metadata"}) {
    SCOPED_TRACE(sql);
    EXPECT_THAT(RawExec(file.path(), sql),
                ::testing::AnyOf(HasSubstr("kept as submitted"), HasSubstr("recorded once"),
                                 HasSubstr("written once")));
  }
  EXPECT_EQ(ChainEntries(*OpenOrDie(file.path())), 2);  // the definition and the submission
}

TEST(SqliteStoreTest, ARefusedSubmissionIsKeptAsRejectedWithTheCallersReason) {
  std::unique_ptr<Store> store = OpenOrDie(":memory:");
  protocol::Submission foreign = Of(ConsistentProtocol("PEC 9"), "late.csv:4");
  foreign.refusal = "'PEC 9' is not a precinct commission of toy";
  const SubmitResult result = SubmitOne(*store, foreign);
  EXPECT_EQ(result.outcome, Outcome::kRejected);
  EXPECT_EQ(result.reason, "'PEC 9' is not a precinct commission of toy");
  EXPECT_EQ(*store->ProtocolCount(), 0);
  EXPECT_EQ(store->CountSubmissions()->rejected, 1);
  EXPECT_EQ(ChainEntries(*store), 1);
}

TEST(SqliteStoreTest, TheChainHeadIsTheLastEntrysHash) {
  std::unique_ptr<Store> store = OpenOrDie(":memory:");
  EXPECT_EQ(*store->ChainHead(), store->VerifyChain()->head_hash);  // the genesis hash
  SubmitOne(*store, Of(ConsistentProtocol("PEC 1")));
  SubmitOne(*store, Of(ConsistentProtocol("PEC 2")));
  EXPECT_EQ(*store->ChainHead(), store->VerifyChain()->head_hash);
  EXPECT_EQ(store->ChainHead()->size(), 64u);
}

TEST(SqliteStoreTest, ResultsSnapshotsAreAddedAndNeverChanged) {
  TempStorePath file;
  {
    std::unique_ptr<Store> store = OpenOrDie(file.path());
    EXPECT_EQ(*store->LatestResults(), std::nullopt);
    SubmitOne(*store, Of(ConsistentProtocol("PEC 1")));
    ASSERT_THAT(store->RecordResults("{\"first\":1}"), IsOk());
    ASSERT_THAT(store->RecordResults("{\"second\":2}"), IsOk());
    EXPECT_EQ(*store->LatestResults(), "{\"second\":2}");
  }
  EXPECT_EQ(RawQuery(file.path(), "SELECT count(*) FROM results"), "2");
  // Each snapshot is a chain entry committing to its bytes: entries 2 and 3.
  EXPECT_EQ(RawQuery(file.path(), "SELECT group_concat(entry) FROM results"), "2,3");
  EXPECT_EQ(RawQuery(file.path(), "SELECT content FROM chain WHERE id = 3"),
            "[[3,\"results\",\"" + Sha256Hex("{\"second\":2}") + "\"]]");
  Result<ChainReport> report = OpenOrDie(file.path())->VerifyChain();
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok());
  EXPECT_EQ(report->snapshots, 2);
  for (const char* sql : {"UPDATE results SET content = 'x'", "DELETE FROM results"}) {
    SCOPED_TRACE(sql);
    EXPECT_THAT(RawExec(file.path(), sql), HasSubstr("published results are kept"));
  }
}

TEST(SqliteStoreTest, AReopenedFileStoreHasEverything) {
  TempStorePath file;
  std::string head;
  {
    std::unique_ptr<Store> store = OpenOrDie(file.path());
    ASSERT_THAT(store->SetDefinition(model::DefinitionSha256(kFiles), kFiles, "kz-majilis-2023"),
                IsOk());
    SubmitOrDie(*store, {Of(ConsistentProtocol("PEC 1")), Of(ConsistentProtocol("PEC 2"))});
    SubmitOrDie(*store, {Of(ConsistentProtocol("PEC 1", 3), "fix", kDecision)});
    Protocol broken = ConsistentProtocol("PEC 3");
    broken.valid_ballots = 1;
    SubmitOrDie(*store, {Of(broken)});
    head = store->VerifyChain()->head_hash;
  }
  EXPECT_EQ(RawQuery(file.path(), "PRAGMA journal_mode"), "wal");
  std::unique_ptr<Store> store = OpenOrDie(file.path());
  EXPECT_EQ(*store->ProtocolCount(), 2);
  EXPECT_THAT(CommissionIds(*store->AcceptedProtocols()), ElementsAre("PEC 1/list", "PEC 2/list"));
  EXPECT_EQ((*store->AcceptedProtocols())[0].choice_votes[0], 397);
  EXPECT_EQ(store->Submissions()->size(), 4u);
  Result<std::optional<StoredDefinition>> definition = store->Definition();
  ASSERT_TRUE(definition.has_value() && definition->has_value());
  EXPECT_EQ((*definition)->sha256, model::DefinitionSha256(kFiles));
  EXPECT_EQ((*definition)->files, kFiles);
  EXPECT_EQ(*store->CountSubmissions(), (SubmissionCounts{3, 0, 1}));
  Result<ChainReport> report = store->VerifyChain();
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok());
  EXPECT_EQ(report->entries, 5);  // the definition and four submissions
  EXPECT_EQ(report->rule_set, "kz-majilis-2023");
  EXPECT_EQ(report->head_hash, head);
  // And it continues the chain.
  EXPECT_EQ(SubmitOne(*store, Of(ConsistentProtocol("PEC 4"))).version, 1);
  EXPECT_EQ(ChainEntries(*store), 6);
}

TEST(SqliteStoreTest, TheDefinitionIsRecordedOnceByteForByte) {
  std::unique_ptr<Store> store = OpenOrDie(":memory:");
  EXPECT_EQ(*store->Definition(), std::nullopt);
  const std::string hash = model::DefinitionSha256(kFiles);
  EXPECT_THAT(store->SetDefinition("ABC", kFiles, "kz-majilis-2023"),
              HasCode(StatusCode::kInvalidArgument));
  EXPECT_THAT(store->SetDefinition(std::string(64, 'A'), kFiles, "kz-majilis-2023"),
              HasCode(StatusCode::kInvalidArgument));
  EXPECT_THAT(store->SetDefinition(Sha256Hex("other"), kFiles, "kz-majilis-2023"),
              HasCode(StatusCode::kInvalidArgument));
  EXPECT_THAT(store->SetDefinition(model::DefinitionSha256({}), {}, "kz-majilis-2023"),
              HasCode(StatusCode::kInvalidArgument));
  for (const char* name : {"", "dir/election.json", "a\\b", "new\nline"}) {
    SCOPED_TRACE(name);
    const std::vector<model::DefinitionFile> bad = {{name, "x"}};
    EXPECT_THAT(store->SetDefinition(model::DefinitionSha256(bad), bad, "kz-majilis-2023"),
                HasCode(StatusCode::kInvalidArgument));
  }
  EXPECT_EQ(*store->Definition(), std::nullopt);

  // Bytes that are not UTF-8 text are kept as they are.
  std::vector<model::DefinitionFile> files = kFiles;
  files[1].content += std::string("\xff\x00\r\n", 4);
  const std::string binary_hash = model::DefinitionSha256(files);
  EXPECT_THAT(store->SetDefinition(binary_hash, files, "kz-majilis-2023"), IsOk());
  EXPECT_THAT(store->SetDefinition(binary_hash, files, "kz-majilis-2023"),
              IsOk());  // the same again: a no-op
  const Status other = store->SetDefinition(hash, kFiles, "kz-majilis-2023");
  EXPECT_THAT(other, HasCode(StatusCode::kFailedPrecondition));
  EXPECT_THAT(other.message(), HasSubstr(binary_hash));
  Result<std::optional<StoredDefinition>> stored = store->Definition();
  ASSERT_TRUE(stored.has_value() && stored->has_value());
  EXPECT_EQ((*stored)->sha256, binary_hash);
  EXPECT_EQ((*stored)->files, files);
  Result<ChainReport> report = store->VerifyChain();
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok());
  EXPECT_EQ(report->definition_sha256, binary_hash);
}

TEST(SqliteStoreTest, TheDefinitionHashIsWhatSha256sumPrints) {
  // printf '{"synthetic":true}\n' > election.json; printf 'id\nPEC 1\n' > commissions.csv;
  // sha256sum election.json commissions.csv | sha256sum
  EXPECT_EQ(model::Sha256SumLine(kFiles[1]),
            "e1b20d8978000d10d6652d8ebca35d9ef38c588a15617ee9948a16efb683b8bc  commissions.csv\n");
  EXPECT_EQ(model::DefinitionSha256(kFiles),
            "6bf6344cb094cbbda7bfc34d72953ff8094cc244b1e5c273bbb062817fbc7111");
}

TEST(SqliteStoreTest, CountsAndOpenCorrections) {
  std::unique_ptr<Store> store = OpenOrDie(":memory:");
  Protocol district = ConsistentProtocol("PEC 2");
  district.contest = {protocol::ContestRef::Kind::kDistrict, 4};
  Protocol district_changed = ConsistentProtocol("PEC 2", 3);
  district_changed.contest = district.contest;
  Protocol broken = ConsistentProtocol("PEC 5");
  broken.valid_ballots = 1;
  SubmitOrDie(*store, {Of(ConsistentProtocol("PEC 1")), Of(ConsistentProtocol("PEC 3")),
                       Of(district), Of(ConsistentProtocol("PEC 2")), Of(broken)});
  EXPECT_EQ(*store->CountSubmissions(), (SubmissionCounts{4, 0, 1}));
  EXPECT_TRUE(store->OpenCorrections()->empty());  // PEC 5 was never accepted

  // PEC 3: a correction without a decision (open); PEC 2 district 4 likewise, then resubmitted
  // as accepted (closed again); PEC 1: a refused correction, then authorised (closed).
  SubmitOrDie(*store, {Of(ConsistentProtocol("PEC 3", 1)), Of(district_changed),
                       Of(ConsistentProtocol("PEC 1", 2)), Of(ConsistentProtocol("PEC 2"))});
  EXPECT_THAT(store->OpenCorrections().value(),
              ElementsAre(ProtocolKey{"PEC 1", {}}, ProtocolKey{"PEC 2", district.contest},
                          ProtocolKey{"PEC 3", {}}));
  SubmitOrDie(*store, {Of(district), Of(ConsistentProtocol("PEC 1", 2), "fix", kDecision)});
  EXPECT_THAT(store->OpenCorrections().value(), ElementsAre(ProtocolKey{"PEC 3", {}}));
  EXPECT_EQ(*store->CountSubmissions(), (SubmissionCounts{5, 2, 4}));
  EXPECT_EQ(*store->ProtocolCount(), 4);
}

TEST(SqliteStoreTest, ForEachAcceptedVisitsTheLatestVersionOfEveryKey) {
  std::unique_ptr<Store> store = OpenOrDie(":memory:");
  SubmitOrDie(*store, {Of(ConsistentProtocol("PEC 2")), Of(ConsistentProtocol("PEC 1"))});
  SubmitOrDie(*store, {Of(ConsistentProtocol("PEC 2", 7), "fix", kDecision)});
  std::vector<std::string> seen;
  ASSERT_THAT(store->ForEachAccepted([&](const Protocol& p) {
    seen.push_back(fmt::format("{}:{}", p.commission_id, p.choice_votes[0]));
  }),
              IsOk());
  EXPECT_THAT(seen, ElementsAre("PEC 1:400", "PEC 2:393"));  // in order of acceptance
  EXPECT_THAT(CommissionIds(*store->AcceptedProtocols()), ElementsAre("PEC 1/list", "PEC 2/list"));
}

// Enough protocols for several chunks of the second thread and many multi-row inserts; then
// the same again, which must all be unchanged, and again with every tenth corrected.
TEST(SqliteStoreTest, ALargeBatchAndItsResubmission) {
  TempStorePath file;
  std::unique_ptr<Store> store = OpenOrDie(file.path());
  std::vector<protocol::Submission> batch;
  batch.reserve(10007);
  for (int i = 0; i < 10007; ++i) {
    batch.push_back(Of(ConsistentProtocol(fmt::format("PEC {:05}", i), i % 5),
                       fmt::format("big.csv:{}", i + 2)));
  }
  for (const SubmitResult& result : SubmitOrDie(*store, batch)) {
    ASSERT_EQ(result.outcome, Outcome::kAccepted);
  }
  for (const SubmitResult& result : SubmitOrDie(*store, batch)) {
    ASSERT_EQ(result.outcome, Outcome::kUnchanged);
  }
  for (size_t i = 0; i < batch.size(); i += 10) {
    batch[i].protocol.choice_votes = ConsistentProtocol("x", 7).choice_votes;
    batch[i].decision = kDecision;
  }
  const std::vector<SubmitResult> third = SubmitOrDie(*store, batch);
  ASSERT_EQ(third.size(), batch.size());
  for (size_t i = 0; i < third.size(); ++i) {
    ASSERT_EQ(third[i].outcome, i % 10 == 0 ? Outcome::kAccepted : Outcome::kUnchanged) << i;
  }
  EXPECT_EQ(*store->ProtocolCount(), 10007);
  EXPECT_EQ(*store->CountSubmissions(), (SubmissionCounts{10007 + 1001, 2 * 10007 - 1001, 0}));
  // A second handle on the file sees the same, and they take turns writing.
  std::unique_ptr<Store> other = OpenOrDie(file.path());
  EXPECT_EQ(*other->CountSubmissions(), *store->CountSubmissions());
  EXPECT_EQ(SubmitOne(*other, Of(ConsistentProtocol("PEC 00001", 2), "o", kDecision)).version, 2);
  EXPECT_EQ(SubmitOne(*store, Of(ConsistentProtocol("PEC 00001", 2))).outcome, Outcome::kUnchanged);
  EXPECT_EQ(SubmitOne(*store, Of(ConsistentProtocol("PEC 00001", 3), "s", kDecision)).version, 3);
  const SubmitResult last = SubmitOne(*other, Of(ConsistentProtocol("PEC 00001", 3)));
  EXPECT_EQ(last.outcome, Outcome::kUnchanged);
  EXPECT_EQ(last.version, 3);
  EXPECT_EQ(ChainEntries(*other), 3 * 10007 + 4);
  EXPECT_EQ(ChainEntries(*store), 3 * 10007 + 4);
}

}  // namespace
}  // namespace esep::storage
