// Store::CommitEntries, the group commit of many double-entry commands in one transaction: each
// item checked on its own (compare-and-swap on its version, a later item on the same protocol
// after the earlier one), a refused item writing nothing and not stopping the others, the chain
// verifying after reopening, and nothing written when the database fails the batch.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "data_entry/protocol_entry_state.h"
#include "storage/entry_events.h"
#include "storage/internal/store_helpers_test_util.h"
#include "storage/internal/store_test_util.h"
#include "storage/internal/test_protocols.h"
#include "storage/sqlite_store.h"

namespace esep::storage {
namespace {

using data_entry::AuditEventKind;
using data_entry::EntryStatus;
using internal::ConsistentProtocol;
using internal::HasCode;
using internal::IsOk;
using internal::KzRatios;
using internal::Of;
using internal::OpenOrDie;
using internal::RawExec;
using internal::RawQuery;
using internal::TempStorePath;
using ::testing::HasSubstr;
using ItemResults = std::vector<Result<std::optional<SubmitResult>>>;

EventActor Actor() {
  return EventActor{.user_id = "7",
                    .commission_id = "PEC-1",
                    .time = std::chrono::sys_days(std::chrono::year(2026) / 12 / 7),
                    .client_address = "192.0.2.7"};
}

// A command on `protocol_id` from `version` to version + 1, by typist `typist`, with one event.
EntryCommit Step(std::string protocol_id, int64_t version, const std::string& typist = "7",
                 AuditEventKind kind = AuditEventKind::kEntryClaimed) {
  EntryCommit commit;
  commit.protocol_id = std::move(protocol_id);
  commit.expected_version = version;
  commit.state.version = version + 1;
  commit.state.status = EntryStatus::kFirstEntryInProgress;
  commit.state.first = data_entry::Entry{.typist = typist};
  commit.events.push_back(
      EntryAuditEvent({.kind = kind, .actor = typist, .entry = 1}, commit.protocol_id, Actor()));
  return commit;
}

EntryCommit Approval(const std::string& protocol_id, int64_t version, protocol::Protocol protocol) {
  EntryCommit commit = Step(protocol_id, version, "1", AuditEventKind::kApproved);
  commit.state.status = EntryStatus::kApproved;
  commit.approved = Of(std::move(protocol), "entry:" + protocol_id);
  return commit;
}

// The protocol each event of the chain names, in order.
std::vector<std::string> EventProtocols(Store& store) {
  std::vector<std::string> protocols;
  Result<std::vector<RecordedEvent>> events = store.AuditEvents();
  EXPECT_TRUE(events.has_value());
  for (const RecordedEvent& each : events.has_value() ? *events : std::vector<RecordedEvent>()) {
    for (const auto& [key, value] : each.event.details) {
      if (key == "protocol") {
        protocols.push_back(value + "@" + std::to_string(each.entry));
      }
    }
  }
  return protocols;
}

TEST(EntriesBatchStoreTest, EachItemIsCheckedOnItsOwnAndTheBatchCommitsOnce) {
  TempStorePath file;
  {
    auto store = OpenOrDie(file.path());
    ASSERT_THAT(store->CommitEntry(Step("PEC-1:list", 0), KzRatios()).status(), IsOk());
    protocol::Protocol broken = ConsistentProtocol("PEC-2");
    broken.valid_ballots += 1;
    std::vector<EntryCommit> batch = {
        Step("PEC-2:list", 0),                                    // 0: ok
        Step("PEC-1:list", 0, "8"),                               // 1: stale (PEC-1 is at 1)
        Step("PEC-3:list", 0),                                    // 2: ok
        Step("PEC-3:list", 1, "9", AuditEventKind::kEntrySaved),  // 3: after 2, ok
        Step("PEC-3:list", 1, "10"),                              // 4: stale (3 wrote 2)
        Approval("PEC-1:list", 1, ConsistentProtocol("PEC-1")),   // 5: accepted
        Approval("PEC-2:list", 1, broken),                        // 6: after 0, refused
        Step("PEC-2:list", 1, "11"),                              // 7: 6 wrote nothing: ok
        Step("", 0),                                              // 8: malformed
        Step("PEC-4:d2", 0),                                      // 9: ok
    };
    Result<ItemResults> results = store->CommitEntries(batch, KzRatios());
    ASSERT_TRUE(results.has_value()) << results.error().ToString();
    ASSERT_EQ(results->size(), batch.size());
    for (const size_t ok : {0, 2, 3, 7, 9}) {
      ASSERT_TRUE((*results)[ok].has_value()) << ok << ": " << (*results)[ok].error().ToString();
      EXPECT_FALSE((*results)[ok]->has_value()) << ok;
    }
    EXPECT_THAT((*results)[1].error(), HasCode(StatusCode::kAborted));
    EXPECT_THAT((*results)[1].error().message(), HasSubstr("at version 1, not 0"));
    EXPECT_THAT((*results)[4].error(), HasCode(StatusCode::kAborted));
    EXPECT_THAT((*results)[4].error().message(), HasSubstr("at version 2, not 1"));
    ASSERT_TRUE((*results)[5].has_value()) << (*results)[5].error().ToString();
    ASSERT_TRUE((*results)[5]->has_value());
    EXPECT_EQ((*(*results)[5])->outcome, Outcome::kAccepted);
    EXPECT_THAT((*results)[6].error(), HasCode(StatusCode::kFailedPrecondition));
    EXPECT_THAT((*results)[6].error().message(), HasSubstr("refused by the store"));
    EXPECT_THAT((*results)[8].error(), HasCode(StatusCode::kInvalidArgument));
  }
  auto store = OpenOrDie(file.path(), /*read_only=*/true);
  EXPECT_EQ(store->EntryState("PEC-1:list")->version, 2);
  EXPECT_EQ(store->EntryState("PEC-1:list")->status, EntryStatus::kApproved);
  EXPECT_EQ(store->EntryState("PEC-2:list")->version, 2);
  EXPECT_EQ(store->EntryState("PEC-2:list")->first->typist, "11");
  EXPECT_EQ(store->EntryState("PEC-3:list")->version, 2);
  EXPECT_EQ(store->EntryState("PEC-3:list")->first->typist, "9");
  EXPECT_EQ(store->EntryState("PEC-4:d2")->version, 1);
  EXPECT_EQ(RawQuery(file.path(), "SELECT count(*) FROM entry_states"), "4");
  // Only the accepted approval is a submission; the refused one left nothing.
  EXPECT_EQ(store->CountSubmissions()->total(), 1);
  ASSERT_EQ(store->AcceptedProtocols()->size(), 1u);
  // The events in the order of the items, the approval's submission (entry 5) before its
  // event; the events before and after it share rows.
  EXPECT_EQ(
      EventProtocols(*store),
      (std::vector<std::string>{"PEC-1:list@1", "PEC-2:list@2", "PEC-3:list@3", "PEC-3:list@4",
                                "PEC-1:list@6", "PEC-2:list@7", "PEC-4:d2@8"}));
  EXPECT_EQ(RawQuery(file.path(), "SELECT count(*) FROM chain"), "4");
  Result<ChainReport> report = store->VerifyChain();
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  EXPECT_TRUE(report->ok());
  EXPECT_EQ(report->entries, 8);
  EXPECT_EQ(report->events, 7);
}

TEST(EntriesBatchStoreTest, AnEmptyBatchOrOneOfRefusalsWritesNoRow) {
  TempStorePath file;
  auto store = OpenOrDie(file.path());
  ASSERT_THAT(store->CommitEntry(Step("PEC-1:list", 0), KzRatios()).status(), IsOk());
  const std::string head = *store->ChainHead();
  Result<ItemResults> none = store->CommitEntries({}, KzRatios());
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->empty());
  const std::vector<EntryCommit> stale = {Step("PEC-1:list", 0, "8"), Step("PEC-1:list", 3)};
  Result<ItemResults> refused = store->CommitEntries(stale, KzRatios());
  ASSERT_TRUE(refused.has_value());
  EXPECT_THAT((*refused)[0].error(), HasCode(StatusCode::kAborted));
  EXPECT_THAT((*refused)[1].error(), HasCode(StatusCode::kAborted));
  EXPECT_EQ(*store->ChainHead(), head);
  EXPECT_EQ(RawQuery(file.path(), "SELECT count(*) FROM chain"), "1");
}

TEST(EntriesBatchStoreTest, ADatabaseErrorFailsTheWholeBatchWithNothingWritten) {
  TempStorePath file;
  auto store = OpenOrDie(file.path());
  ASSERT_THAT(store->CommitEntry(Step("PEC-1:list", 0), KzRatios()).status(), IsOk());
  const std::string head = *store->ChainHead();
  // The database refuses the row of one protocol (as a full disk would refuse a write), after
  // the batch has written others and an approval.
  ASSERT_EQ(RawExec(file.path(),
                    "CREATE TRIGGER refuse BEFORE INSERT ON entry_states "
                    "WHEN NEW.protocol_id = 'PEC-9:list' BEGIN SELECT RAISE(ABORT, 'disk'); END"),
            "");
  const std::vector<EntryCommit> batch = {Step("PEC-2:list", 0),
                                          Approval("PEC-1:list", 1, ConsistentProtocol("PEC-1")),
                                          Step("PEC-9:list", 0), Step("PEC-3:list", 0)};
  Result<ItemResults> failed = store->CommitEntries(batch, KzRatios());
  ASSERT_FALSE(failed.has_value());
  EXPECT_THAT(failed.error().message(), HasSubstr("disk"));
  EXPECT_EQ(*store->ChainHead(), head);
  EXPECT_EQ(store->CountSubmissions()->total(), 0);
  EXPECT_EQ(store->EntryState("PEC-1:list")->version, 1);
  EXPECT_EQ(store->EntryState("PEC-2:list")->version, 0);
  EXPECT_EQ(RawQuery(file.path(), "SELECT count(*) FROM entry_states"), "1");
  EXPECT_EQ(RawQuery(file.path(), "SELECT count(*) FROM chain"), "1");
  // The store goes on: the same batch without the refused protocol commits.
  ASSERT_EQ(RawExec(file.path(), "DROP TRIGGER refuse"), "");
  const std::vector<EntryCommit> again = {batch[0], batch[1], batch[3]};
  Result<ItemResults> done = store->CommitEntries(again, KzRatios());
  ASSERT_TRUE(done.has_value()) << done.error().ToString();
  for (const auto& each : *done) {
    EXPECT_TRUE(each.has_value()) << each.error().ToString();
  }
  Result<ChainReport> report = store->VerifyChain();
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok());
  EXPECT_EQ(report->events, 4);
}

}  // namespace
}  // namespace esep::storage
