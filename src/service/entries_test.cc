#include "service/entries.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include "data_entry/form_values.h"
#include "model/definition_files.h"
#include "service/entry_committer.h"
#include "service/internal/entry_election_test_util.h"
#include "service/internal/entry_store_test_util.h"
#include "service/verify.h"
#include "storage/sqlite_store.h"
#include "tabulation/internal/toy_election_test_util.h"

namespace esep::service {
namespace {

using data_entry::EntryStatus;
using internal::kDistrict1;
using internal::kList;
using protocol::ContestRef;
using ::testing::HasSubstr;

class EntriesTest : public internal::EntryStoreTest {};

TEST(ProtocolIdTest, ParsesListAndDistrictIdsAndRefusesTheRest) {
  EXPECT_EQ(*ParseProtocolId("P-1:list"), (ProtocolRef{"P-1", kList}));
  EXPECT_EQ(*ParseProtocolId("T-3:d7"),
            (ProtocolRef{"T-3", ContestRef{.kind = ContestRef::Kind::kDistrict, .district = 7}}));
  for (const char* bad : {"", "P-1", ":list", "P-1:", "P-1:d0", "P-1:d07", "P-1:d", "P-1:x7",
                          "P 1:list", "P-1:d1234567", "P-1:list:list"}) {
    EXPECT_EQ(ParseProtocolId(bad).error().code(), StatusCode::kInvalidArgument) << bad;
  }
}

TEST_F(EntriesTest, FormsFollowTheCommissionTree) {
  Result<data_entry::FormDefinition> list = FormOf(*desk_, "P1:list");
  ASSERT_TRUE(list.has_value()) << list.error().ToString();
  EXPECT_EQ(list->commission_id, "P1");
  ASSERT_NE(list->FindLine("choice.2"), nullptr);
  EXPECT_EQ(list->FindLine("choice.2")->label, "Blue");
  EXPECT_EQ(list->FindLine("choice.3"), nullptr);
  Result<data_entry::FormDefinition> district = FormOf(*desk_, "P1:d1");
  ASSERT_TRUE(district.has_value());
  EXPECT_EQ(district->FindLine("choice.1")->label, "Ann");
  EXPECT_TRUE(FormOf(*desk_, "DEC-1:d1").has_value());
  EXPECT_TRUE(FormOf(*desk_, "TEC-N:list").has_value());
  EXPECT_TRUE(FormOf(*desk_, "CEC:list").has_value());
  EXPECT_EQ(*CommissionOf(*desk_, "DEC-1:d1"), "DEC-1");
  EXPECT_EQ(CommissionOf(*desk_, "DEC-1:list").error().code(), StatusCode::kNotFound);
  for (const char* none : {"P1:d2", "DEC-1:list", "TEC-N:d1", "P9:list", "P1", "REG-N:d1"}) {
    Result<data_entry::FormDefinition> form = FormOf(*desk_, none);
    ASSERT_FALSE(form.has_value()) << none;
    EXPECT_EQ(form.error().code(), StatusCode::kNotFound) << none;
  }
}

TEST_F(EntriesTest, ADoubleEntryThroughApprovalIsAnAcceptedProtocol) {
  EnterTwice();
  Result<data_entry::Transition> approved = Run(chair_, "P1:list", data_entry::Approve{});
  ASSERT_TRUE(approved.has_value()) << approved.error().ToString();
  EXPECT_EQ(approved->state.status, EntryStatus::kApproved);
  EXPECT_EQ(approved->state.version, 7);
  EXPECT_EQ(approved->state.in_force()->approved_by, "13");
  Result<std::vector<protocol::Protocol>> accepted = store_->AcceptedProtocols();
  ASSERT_TRUE(accepted.has_value());
  ASSERT_EQ(accepted->size(), 1u);
  EXPECT_EQ((*accepted)[0], P1Protocol());
  Result<results::ElectionResults> results = TabulateStore(*store_, desk_->election);
  ASSERT_TRUE(results.has_value()) << results.error().ToString();
  ASSERT_EQ(results->precinct_protocols.size(), 1u);
  EXPECT_EQ(results->precinct_protocols[0], P1Protocol());
  // The chain: the definition, eight events (claim, save, finalise; claim, save, finalise,
  // identical; approved) and the submission; it verifies.
  Result<storage::ChainReport> report = store_->VerifyChain();
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok());
  EXPECT_EQ(report->events, 8);
  EXPECT_EQ(report->entries, 10);
  Result<std::vector<storage::RecordedEvent>> events = store_->AuditEvents();
  ASSERT_TRUE(events.has_value());
  EXPECT_EQ(events->back().event.kind, storage::EventKind::kApproval);
  EXPECT_EQ(events->back().event.actor, ActorOf(chair_));

  // Reopened, the store shows the same state, and the listing and counts see it.
  const data_entry::ProtocolEntryState before = *ReadEntryState(*store_, "P1:list");
  OpenStore();
  EXPECT_EQ(*ReadEntryState(*store_, "P1:list"), before);
  Result<std::vector<ExpectedProtocol>> listed = ListCommissionProtocols(*store_, *desk_, "TEC-N");
  ASSERT_TRUE(listed.has_value());
  const std::vector<ExpectedProtocol> expected = {
      {"TEC-N:list", "TEC-N", kList, EntryStatus::kEmpty, 0},
      {"P1:list", "P1", kList, EntryStatus::kApproved, 7},
      {"P1:d1", "P1", kDistrict1, EntryStatus::kEmpty, 0},
      {"P2:list", "P2", kList, EntryStatus::kEmpty, 0},
      {"P2:d1", "P2", kDistrict1, EntryStatus::kEmpty, 0}};
  EXPECT_EQ(*listed, expected);
  // TEC-N and below: its list, two precincts with two protocols each.
  EXPECT_EQ(*ProgressCounts(*store_, *desk_, "TEC-N"),
            (EntryProgress{.not_started = 4, .approved = 1}));
  // The CEC and below: CEC, REG-N, TEC-N, TEC-S lists, DEC-1's district, three precincts' two.
  EXPECT_EQ(ProgressCounts(*store_, *desk_, "CEC")->total(), 11);
  EXPECT_EQ(ProgressCounts(*store_, *desk_, "CEC")->approved, 1);
  EXPECT_EQ(ProgressCounts(*store_, *desk_, "NOPE").error().code(), StatusCode::kNotFound);
  EXPECT_EQ(ListCommissionProtocols(*store_, *desk_, "NOPE").error().code(), StatusCode::kNotFound);

  // `esep verify` on the store passes.
  store_.reset();
  Result<VerifyReport> verified = VerifyStore(VerifyRequest{.store_path = path_});
  ASSERT_TRUE(verified.has_value()) << verified.error().ToString();
  EXPECT_FALSE(verified->mismatch.has_value()) << verified->mismatch->what;
  ASSERT_TRUE(verified->chain.has_value());
  EXPECT_EQ(verified->chain->events, 8);
  EXPECT_TRUE(verified->definition.has_value());
  OpenStore();
}

TEST_F(EntriesTest, ACorrectionCycleApprovesANewVersionCitingItsDecision) {
  EnterTwice();
  ASSERT_TRUE(Run(chair_, "P1:list", data_entry::Approve{}).has_value());
  const protocol::Decision decision{
      .number = "12/45", .date = "2024-01-09", .commission = "TEC-N", .reason = "recount"};
  ASSERT_TRUE(Run(chair_, "P1:list", data_entry::OpenCorrection{decision}).has_value());
  EXPECT_EQ(ProgressCounts(*store_, *desk_, "P1")->in_correction, 1);
  data_entry::FormValues corrected = P1Values();
  corrected["choice.1"] = 29;
  corrected["choice.2"] = 21;
  for (int entry : {1, 2}) {
    const access::User& typist = entry == 1 ? typist_ : second_typist_;
    ASSERT_TRUE(Run(typist, "P1:list", data_entry::Claim{entry}).has_value());
    ASSERT_TRUE(Run(typist, "P1:list", data_entry::Save{entry, corrected}).has_value());
    ASSERT_TRUE(Run(typist, "P1:list", data_entry::Finalise{.entry = entry}).has_value());
  }
  Result<data_entry::Transition> approved = Run(chair_, "P1:list", data_entry::Approve{});
  ASSERT_TRUE(approved.has_value()) << approved.error().ToString();
  Result<std::vector<storage::SubmissionRecord>> submissions = store_->Submissions();
  ASSERT_TRUE(submissions.has_value());
  ASSERT_EQ(submissions->size(), 2u);
  EXPECT_EQ((*submissions)[1].result.outcome, storage::Outcome::kAccepted);
  EXPECT_EQ((*submissions)[1].result.version, 2);
  EXPECT_EQ((*submissions)[1].submission.decision, decision);
  EXPECT_EQ((*submissions)[1].submission.source, "entry:P1:list");
  EXPECT_EQ(store_->AcceptedProtocols()->front().choice_votes, (std::vector<int64_t>{29, 21}));
  EXPECT_TRUE(store_->VerifyChain()->ok());
}

TEST_F(EntriesTest, AStaleVersionIsAbortedWithNothingWritten) {
  ASSERT_TRUE(Run(typist_, "P1:list", data_entry::Claim{1}).has_value());
  const std::string head = *store_->ChainHead();
  Result<data_entry::Transition> stale =
      RunWithVersion(typist_, "P1:list", data_entry::Save{1, P1Values()}, 0);
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code(), StatusCode::kAborted);
  EXPECT_EQ(*store_->ChainHead(), head);
  EXPECT_EQ(ReadEntryState(*store_, "P1:list")->version, 1);
  EXPECT_TRUE(ReadEntryState(*store_, "P1:list")->first->values.empty());
}

TEST_F(EntriesTest, OnlyAuthorisedUsersOfTheProtocolsBranchMayAct) {
  const std::string head = *store_->ChainHead();
  const auto refused = [&](const access::User& user, data_entry::Action action) {
    Result<data_entry::Transition> result = Run(user, "P1:list", std::move(action));
    EXPECT_FALSE(result.has_value());
    return result.has_value() ? StatusCode::kOk : result.error().code();
  };
  EXPECT_EQ(refused(southern_typist_, data_entry::Claim{1}), StatusCode::kPermissionDenied);
  EXPECT_EQ(refused(observer_, data_entry::Claim{1}), StatusCode::kPermissionDenied);
  EXPECT_EQ(refused(chair_, data_entry::Claim{1}), StatusCode::kPermissionDenied);
  access::User nowhere = internal::MakeUser("17", access::Role::kTypist, "ELSEWHERE");
  EXPECT_EQ(refused(nowhere, data_entry::Claim{1}), StatusCode::kPermissionDenied);
  access::User fresh = typist_;
  fresh.must_change_password = true;
  EXPECT_EQ(refused(fresh, data_entry::Claim{1}), StatusCode::kPermissionDenied);
  // A typist of P1 may not act on a parent commission's protocol.
  EXPECT_EQ(Run(second_typist_, "TEC-N:list", data_entry::Claim{1}).error().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(*store_->ChainHead(), head);
  EXPECT_EQ(ReadEntryState(*store_, "P1:list")->version, 0);
  EXPECT_EQ(Run(typist_, "P9:list", data_entry::Claim{1}).error().code(), StatusCode::kNotFound);

  // A coordinator discards as coordinator whatever the command said; a typist only as typist.
  ASSERT_TRUE(Run(typist_, "P1:list", data_entry::Claim{1}).has_value());
  EXPECT_EQ(refused(second_typist_,
                    data_entry::Discard{.entry = 1, .as = data_entry::DiscardAs::kCoordinator}),
            StatusCode::kPermissionDenied);
  Result<data_entry::Transition> discarded =
      Run(coordinator_, "P1:list", data_entry::Discard{.entry = 1});
  ASSERT_TRUE(discarded.has_value()) << discarded.error().ToString();
  EXPECT_EQ(discarded->state.status, EntryStatus::kEmpty);
}

TEST_F(EntriesTest, AFormat5StoreIsMigratedWhenTheServerOpensIt) {
  ASSERT_TRUE(Run(typist_, "P1:list", data_entry::Claim{1}).has_value());
  store_.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "DROP TRIGGER entry_states_are_never_deleted; "
                         "DROP TRIGGER entry_states_only_move_forward; DROP TABLE entry_states; "
                         "DROP TRIGGER metadata_is_never_updated; "
                         "UPDATE metadata SET value = '5' WHERE key = 'format_version'; "
                         "CREATE TRIGGER metadata_is_never_updated BEFORE UPDATE ON metadata "
                         "BEGIN SELECT RAISE(ABORT, 'the store metadata is written once'); END",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  OpenStore();
  EXPECT_EQ(ReadEntryState(*store_, "P1:list")->version, 0);  // the state was in the new table
  ASSERT_TRUE(Run(typist_, "P1:list", data_entry::Claim{1}).has_value());
  EXPECT_EQ(ReadEntryState(*store_, "P1:list")->version, 1);
  EXPECT_TRUE(store_->VerifyChain()->ok());
}

// ---- The group committer (service/entry_committer.h) ----

class EntryCommitterTest : public EntriesTest {
 protected:
  // The body of the ConcurrentSubmitters tests, with a committer of `options`.
  void ConcurrentSubmitters(EntryCommitterOptions options);
  void StartCommitter(EntryCommitterOptions options = {},
                      storage::SqliteStoreOptions store_options = {}) {
    Result<std::unique_ptr<storage::Store>> own = storage::OpenSqliteStore(path_, store_options);
    ASSERT_TRUE(own.has_value()) << own.error().ToString();
    // The fixture owns the desk and outlives the committer.
    committer_ = std::make_unique<EntryCommitter>(
        std::shared_ptr<const EntryDesk>(desk_.get(), [](const EntryDesk*) {}),
        EntryCommitter::OwnStore(std::move(*own)), options);
  }
  Result<data_entry::Transition> Submit(const access::User& user, std::string_view protocol_id,
                                        data_entry::Action action, int64_t version) {
    data_entry::Command command{
        .actor = "someone else", .expected_version = version, .action = std::move(action)};
    return committer_->SubmitAndWait(user, protocol_id, std::move(command), ActorOf(user));
  }

  std::unique_ptr<EntryCommitter> committer_;
};

TEST_F(EntryCommitterTest, RefusalsAreThoseOfRunEntryCommand) {
  StartCommitter();
  ASSERT_TRUE(Submit(typist_, "P1:list", data_entry::Claim{1}, 0).has_value());
  const Result<data_entry::Transition> stale =
      Submit(typist_, "P1:list", data_entry::Save{1, P1Values()}, 0);
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code(), StatusCode::kAborted);
  EXPECT_EQ(
      stale.error().message(),
      RunWithVersion(typist_, "P1:list", data_entry::Save{1, P1Values()}, 0).error().message());
  EXPECT_EQ(Submit(southern_typist_, "P1:list", data_entry::Claim{2}, 1).error().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(Submit(typist_, "P9:list", data_entry::Claim{1}, 0).error().code(),
            StatusCode::kNotFound);
  // Apply's own refusal: the claimed entry cannot be claimed again.
  EXPECT_EQ(Submit(typist_, "P1:list", data_entry::Claim{1}, 1).error().code(),
            Run(typist_, "P1:list", data_entry::Claim{1}).error().code());
  const Result<data_entry::Transition> saved =
      Submit(typist_, "P1:list", data_entry::Save{1, P1Values()}, 1);
  ASSERT_TRUE(saved.has_value()) << saved.error().ToString();
  EXPECT_EQ(saved->state.version, 2);
  committer_->Stop();
  committer_->Stop();  // idempotent
  EXPECT_EQ(Submit(typist_, "P1:list", data_entry::Finalise{.entry = 1}, 2).error().code(),
            StatusCode::kUnavailable);
  EXPECT_EQ(ReadEntryState(*store_, "P1:list")->version, 2);
  EXPECT_EQ(ReadEntryState(*store_, "P1:list")->first->values, P1Values());
}

// Submit without waiting: the completion comes once, on the committer's thread, after the
// command is durably stored; a command refused before it is queued is answered at once, on the
// submitting thread; no thread waits, so one thread can have many commands in flight.
TEST_F(EntryCommitterTest, SubmitAnswersThroughItsCompletionOnceCommitted) {
  StartCommitter();
  struct Answer {
    std::thread::id thread;
    Result<data_entry::Transition> outcome;
    int64_t stored_version = -1;  // the store's version of P1:list when the answer came
  };
  std::mutex mutex;
  std::condition_variable answered;
  std::vector<Answer> answers;
  const auto completion = [&](const std::string& id) {
    return [&, id](Result<data_entry::Transition> outcome) {
      // Another connection reads the store: the command is on disk before its answer.
      Result<std::unique_ptr<storage::Store>> reader = storage::OpenSqliteStore(path_);
      const int64_t stored = reader.has_value() ? ReadEntryState(**reader, id)->version : -2;
      std::lock_guard<std::mutex> lock(mutex);
      answers.push_back({std::this_thread::get_id(), std::move(outcome), stored});
      answered.notify_one();
    };
  };
  const auto command = [](data_entry::Action action, int64_t version) {
    return data_entry::Command{
        .actor = "someone else", .expected_version = version, .action = std::move(action)};
  };
  // Refused before it is queued (another territory's typist): answered on this thread, now.
  committer_->Submit(southern_typist_, "P1:list", command(data_entry::Claim{1}, 0),
                     ActorOf(southern_typist_), completion("P1:list"));
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0].thread, std::this_thread::get_id());
  EXPECT_EQ(answers[0].outcome.error().code(), StatusCode::kPermissionDenied);
  // Claim, save and finalise in flight at once from this one thread, each on the state the one
  // before it leaves.
  committer_->Submit(typist_, "P1:list", command(data_entry::Claim{1}, 0), ActorOf(typist_),
                     completion("P1:list"));
  committer_->Submit(typist_, "P1:list", command(data_entry::Save{1, P1Values()}, 1),
                     ActorOf(typist_), completion("P1:list"));
  committer_->Submit(typist_, "P1:list", command(data_entry::Finalise{.entry = 1}, 2),
                     ActorOf(typist_), completion("P1:list"));
  std::unique_lock<std::mutex> lock(mutex);
  ASSERT_TRUE(
      answered.wait_for(lock, std::chrono::seconds(30), [&] { return answers.size() == 4; }));
  for (size_t i = 1; i < answers.size(); ++i) {
    EXPECT_NE(answers[i].thread, std::this_thread::get_id()) << i;
    ASSERT_TRUE(answers[i].outcome.has_value()) << answers[i].outcome.error().ToString();
    EXPECT_EQ(answers[i].outcome->state.version, static_cast<int64_t>(i)) << i;
    EXPECT_GE(answers[i].stored_version, static_cast<int64_t>(i)) << i;
  }
  lock.unlock();
  // A completion that throws ends neither the committer nor the commands after it.
  committer_->Submit(typist_, "P2:list", command(data_entry::Claim{1}, 0), ActorOf(typist_),
                     [](const Result<data_entry::Transition>&) { throw std::runtime_error("x"); });
  const Result<data_entry::Transition> saved =
      Submit(typist_, "P2:list", data_entry::Save{1, P1Values()}, 1);
  ASSERT_TRUE(saved.has_value()) << saved.error().ToString();
  EXPECT_EQ(saved->state.version, 2);
  committer_->Stop();
  // Stopped: answered at once, on this thread, kUnavailable.
  committer_->Submit(typist_, "P2:list", command(data_entry::Finalise{.entry = 1}, 2),
                     ActorOf(typist_), completion("P2:list"));
  lock.lock();
  ASSERT_EQ(answers.size(), 5u);
  EXPECT_EQ(answers[4].thread, std::this_thread::get_id());
  EXPECT_EQ(answers[4].outcome.error().code(), StatusCode::kUnavailable);
  EXPECT_EQ(ReadEntryState(*store_, "P1:list")->version, 3);
  EXPECT_EQ(ReadEntryState(*store_, "P2:list")->version, 2);
}

// The states the committer keeps (entry_committer.h): a batch that fails writes nothing and
// keeps nothing of what it would have written; the next command works on the stored state.
TEST_F(EntryCommitterTest, AFailedBatchLeavesNoStateBehindIt) {
  StartCommitter({}, {.busy_timeout = std::chrono::milliseconds(50)});
  ASSERT_TRUE(Submit(typist_, "P1:list", data_entry::Claim{1}, 0).has_value());
  // Another connection holds the write lock: the committer's transaction cannot begin.
  sqlite3* locker = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &locker), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(locker, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  const Result<data_entry::Transition> failed =
      Submit(typist_, "P1:list", data_entry::Save{1, P1Values()}, 1);
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().code(), StatusCode::kUnavailable) << failed.error().ToString();
  sqlite3_exec(locker, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(locker);
  // Version 1 is still the state: the save that failed is neither stored nor kept.
  EXPECT_EQ(ReadEntryState(*store_, "P1:list")->version, 1);
  const Result<data_entry::Transition> saved =
      Submit(typist_, "P1:list", data_entry::Save{1, P1Values()}, 1);
  ASSERT_TRUE(saved.has_value()) << saved.error().ToString();
  EXPECT_EQ(saved->state.version, 2);
  const Result<data_entry::Transition> finalised =
      Submit(typist_, "P1:list", data_entry::Finalise{.entry = 1}, 2);
  ASSERT_TRUE(finalised.has_value()) << finalised.error().ToString();
  EXPECT_EQ(finalised->state.version, 3);
  EXPECT_EQ(ReadEntryState(*store_, "P1:list")->version, 3);
  EXPECT_EQ(ReadEntryState(*store_, "P1:list")->first->values, P1Values());
}

// Nothing but the committer writes entry states while the server runs; should something do so
// anyway, the store refuses the commands built on the committer's stale copy (nothing is written
// over the newer state), the copy is dropped, and the next command sees the stored state.
TEST_F(EntryCommitterTest, AStateChangedBehindItsBackIsNeverOverwritten) {
  StartCommitter();
  ASSERT_TRUE(Submit(typist_, "P1:list", data_entry::Claim{1}, 0).has_value());  // kept: v1
  // Behind the committer's back, on another connection: the save, version 2.
  ASSERT_TRUE(RunWithVersion(typist_, "P1:list", data_entry::Save{1, P1Values()}, 1).has_value());
  data_entry::FormValues other = P1Values();
  other.begin()->second = std::nullopt;
  // A save on version 1 applies to the stale copy; the store's version check refuses it.
  const Result<data_entry::Transition> stale =
      Submit(typist_, "P1:list", data_entry::Save{1, other}, 1);
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code(), StatusCode::kAborted) << stale.error().ToString();
  EXPECT_EQ(ReadEntryState(*store_, "P1:list")->version, 2);
  EXPECT_EQ(ReadEntryState(*store_, "P1:list")->first->values, P1Values());
  // The copy was dropped: a command on the stored version 2 is applied to it.
  const Result<data_entry::Transition> finalised =
      Submit(typist_, "P1:list", data_entry::Finalise{.entry = 1}, 2);
  ASSERT_TRUE(finalised.has_value()) << finalised.error().ToString();
  EXPECT_EQ(finalised->state.version, 3);
  EXPECT_EQ(finalised->state.first->values, P1Values());
}

// At most max_cached_states are kept: the protocol used longest ago is read from the store again
// (here it was changed meanwhile, so a kept copy would make the command fail).
TEST_F(EntryCommitterTest, KeepsAtMostItsLimitTheOneUsedLongestAgoGoesFirst) {
  StartCommitter({.max_cached_states = 1});
  ASSERT_TRUE(Submit(typist_, "P1:list", data_entry::Claim{1}, 0).has_value());  // kept: P1
  ASSERT_TRUE(Submit(typist_, "P2:list", data_entry::Claim{1}, 0).has_value());  // P1 dropped
  ASSERT_TRUE(RunWithVersion(typist_, "P1:list", data_entry::Save{1, P1Values()}, 1).has_value());
  const Result<data_entry::Transition> finalised =
      Submit(typist_, "P1:list", data_entry::Finalise{.entry = 1}, 2);
  ASSERT_TRUE(finalised.has_value()) << finalised.error().ToString();
  EXPECT_EQ(finalised->state.version, 3);
}

// Many threads enter and approve three protocols at once, racing on versions; every
// acknowledged command is in the store after reopening, in one gap-free sequence of versions per
// protocol, the chain holds exactly their events, and the store verifies and tallies. Run with
// room for every state, and with room for one (a batch then drops states its earlier commands
// still read: they are shared, so the batch must go on reading them).
TEST_F(EntryCommitterTest, ConcurrentSubmittersGetSequentialResultsAndDurableCommits) {
  ConcurrentSubmitters({.max_batch = 4});
}

TEST_F(EntryCommitterTest, ConcurrentSubmittersWithOneStateKept) {
  ConcurrentSubmitters({.max_batch = 4, .max_cached_states = 1});
}

void EntryCommitterTest::ConcurrentSubmitters(EntryCommitterOptions options) {
  StartCommitter(options);
  const std::vector<std::string> protocols = {"P1:list", "P2:list", "P3:list"};
  const access::User north_second = internal::MakeUser("21", access::Role::kTypist, "TEC-N");
  const access::User south_second = internal::MakeUser("22", access::Role::kTypist, "TEC-S");
  const access::User south_chair = internal::MakeUser("23", access::Role::kChair, "TEC-S");
  std::mutex mutex;                                          // guards store_ and the records below
  std::map<std::string, std::vector<int64_t>> acknowledged;  // versions, per protocol
  size_t events = 0;
  const auto current = [&](const std::string& id) {
    std::lock_guard<std::mutex> lock(mutex);
    return ReadEntryState(*store_, id)->version;
  };
  // Runs `make(version)` until it is not aborted for a stale version; counts what it commits.
  const auto until_done = [&](const access::User& user, const std::string& id,
                              const std::function<data_entry::Action()>& make) {
    while (true) {
      const int64_t version = current(id);
      Result<data_entry::Transition> done = Submit(user, id, make(), version);
      // A stale command beside it, always refused.
      EXPECT_EQ(Submit(user, id, make(), version - 1).error().code(), StatusCode::kAborted);
      if (done.has_value()) {
        std::lock_guard<std::mutex> lock(mutex);
        acknowledged[id].push_back(done->state.version);
        events += done->events.size();
        return;
      }
      ASSERT_EQ(done.error().code(), StatusCode::kAborted) << done.error().ToString();
    }
  };
  std::map<std::string, data_entry::FormValues> values;
  for (const std::string& id : protocols) {
    Result<data_entry::FormDefinition> form = FormOf(*desk_, id);
    ASSERT_TRUE(form.has_value());
    const std::string commission = id.substr(0, id.find(':'));
    Result<data_entry::FormValues> typed = data_entry::FromProtocol(
        *form, tabulation::toy::ToyProtocol(commission, kList, 100, {30, 20}));
    ASSERT_TRUE(typed.has_value()) << typed.error().ToString();
    values[id] = *typed;
  }
  // One thread per protocol: entry 1, entry 2, the approval, with a stale command beside each.
  std::vector<std::thread> threads;
  threads.reserve(protocols.size());
  for (const std::string& id : protocols) {
    threads.emplace_back([&, id] {
      const bool south = id == "P3:list";
      for (const int entry : {1, 2}) {
        const access::User& typist = entry == 1 ? (south ? southern_typist_ : typist_)
                                                : (south ? south_second : north_second);
        until_done(typist, id, [&] { return data_entry::Action(data_entry::Claim{entry}); });
        until_done(typist, id, [&] {
          return data_entry::Action(data_entry::Save{entry, values.at(id)});
        });
        until_done(typist, id,
                   [&] { return data_entry::Action(data_entry::Finalise{.entry = entry}); });
      }
      until_done(south ? south_chair : chair_, id,
                 [] { return data_entry::Action(data_entry::Approve{}); });
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  committer_.reset();
  OpenStore();
  for (const std::string& id : protocols) {
    std::vector<int64_t> versions = acknowledged[id];
    std::sort(versions.begin(), versions.end());
    // Claim, save, finalise twice, and the approval: versions 1 to 7, each acknowledged once.
    EXPECT_EQ(versions, (std::vector<int64_t>{1, 2, 3, 4, 5, 6, 7})) << id;
    const data_entry::ProtocolEntryState state = *ReadEntryState(*store_, id);
    EXPECT_EQ(state.version, 7) << id;
    EXPECT_EQ(state.status, EntryStatus::kApproved) << id;
  }
  EXPECT_EQ(store_->AcceptedProtocols()->size(), 3u);
  Result<storage::ChainReport> report = store_->VerifyChain();
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok());
  EXPECT_EQ(static_cast<size_t>(report->events), events);
  store_.reset();
  Result<VerifyReport> verified = VerifyStore(VerifyRequest{.store_path = path_});
  ASSERT_TRUE(verified.has_value()) << verified.error().ToString();
  EXPECT_FALSE(verified->mismatch.has_value()) << verified->mismatch->what;
  OpenStore();
}

}  // namespace
}  // namespace esep::service
