// The store's double-entry states (format 6): the JSON codec of a state, the atomic commit of a
// command (compare-and-swap on the version, events and an approved protocol in the same
// transaction, nothing written on any error), the event mapping, and the migration of a format 5
// store.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "data_entry/protocol_entry_state.h"
#include "data_entry/transition.h"
#include "storage/entry_events.h"
#include "storage/entry_state_codec.h"
#include "storage/internal/entry_state_writer.h"
#include "storage/internal/store_helpers_test_util.h"
#include "storage/internal/store_test_util.h"
#include "storage/internal/test_protocols.h"
#include "storage/sqlite_store.h"

namespace esep::storage {
namespace {

using data_entry::EntryPhase;
using data_entry::EntryStatus;
using data_entry::ProtocolEntryState;
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

EventActor Actor() {
  return EventActor{.user_id = "7",
                    .commission_id = "PEC-1",
                    .time = std::chrono::sys_days(std::chrono::year(2026) / 12 / 7),
                    .client_address = "192.0.2.7"};
}

protocol::Decision Decision() {
  return protocol::Decision{
      .number = "12/45", .date = "2026-12-08", .commission = "PEC-1", .reason = "recount"};
}

// A state with every member filled: two entries, an approved version with a decision, an open
// correction, a blank line and a zero.
ProtocolEntryState RichState() {
  ProtocolEntryState state;
  state.version = 9;
  state.status = EntryStatus::kSecondEntryInProgress;
  state.first = data_entry::Entry{.typist = "3",
                                  .phase = EntryPhase::kFinalised,
                                  .values = {{"voters_on_list", 1000}, {"choice.2", 0}},
                                  .acknowledged_warnings = {"KZ-09", "KZ-10"},
                                  .confirmed_errors = {}};
  state.second = data_entry::Entry{.typist = "4\"\n",
                                   .phase = EntryPhase::kInProgress,
                                   .values = {{"voters_on_list", std::nullopt}},
                                   .acknowledged_warnings = {},
                                   .confirmed_errors = {"KZ-01"}};
  state.approved.push_back(data_entry::ApprovedVersion{.values = {{"against_all", 10}},
                                                       .first_typist = "3",
                                                       .second_typist = "4",
                                                       .approved_by = "1",
                                                       .decision = std::nullopt,
                                                       .reconciliation = std::nullopt});
  state.approved.push_back(data_entry::ApprovedVersion{.values = {{"against_all", 11}},
                                                       .first_typist = "3",
                                                       .second_typist = "5",
                                                       .approved_by = "1",
                                                       .decision = Decision(),
                                                       .reconciliation = std::nullopt});
  // A summary approved with the decision that explains its difference from its precincts.
  state.approved.push_back(data_entry::ApprovedVersion{.values = {{"against_all", 12}},
                                                       .first_typist = "3",
                                                       .second_typist = "5",
                                                       .approved_by = "1",
                                                       .decision = Decision(),
                                                       .reconciliation = Decision()});
  state.correction = Decision();
  return state;
}

TEST(EntryStateCodecTest, AStateReadsBackAsWritten) {
  const ProtocolEntryState state = RichState();
  const std::string text = EncodeEntryState(state);
  Result<ProtocolEntryState> decoded = DecodeEntryState(text, 9);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().ToString();
  EXPECT_EQ(*decoded, state);
  EXPECT_EQ(EncodeEntryState(*decoded), text);
  // The empty state, and the version taken from the column.
  Result<ProtocolEntryState> empty = DecodeEntryState(EncodeEntryState({}), 3);
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(empty->version, 3);
  EXPECT_EQ(empty->status, EntryStatus::kEmpty);
  EXPECT_EQ(EncodeEntryState({}),
            R"({"approved":[],"correction":null,"first":null,"second":null,"status":"empty"})");
  // A version without a reconciliation decision is written as before it existed.
  EXPECT_EQ(text.find("reconciliation"), text.rfind("reconciliation")) << text;
}

// The direct writer (internal/entry_state_writer.h) writes the JSON library's bytes exactly, and
// leaves every state with a string that needs escaping, or is not ASCII, to the library.
TEST(EntryStateCodecTest, TheDirectWriterWritesTheLibrarysBytes) {
  ProtocolEntryState plain = RichState();
  plain.second->typist = "4";
  // Keys out of byte order on paper (ballots, choices, against all), the largest value, blanks.
  plain.first->values = {{"voters_on_list", 1000}, {"ballots_received", 9'999'999'999},
                         {"choice.10", 0},         {"choice.2", std::nullopt},
                         {"against_all", 4},       {"turnout_reported_during_day", std::nullopt}};
  std::vector<ProtocolEntryState> states = {ProtocolEntryState{}, plain};
  for (const EntryStatus status :
       {EntryStatus::kEmpty, EntryStatus::kFirstEntryInProgress, EntryStatus::kFirstEntryHasErrors,
        EntryStatus::kFirstEntryDone, EntryStatus::kSecondEntryInProgress,
        EntryStatus::kFirstEntryReturned, EntryStatus::kEntriesDifferent, EntryStatus::kDefinitive,
        EntryStatus::kApproved}) {
    ProtocolEntryState state = plain;
    state.status = status;
    states.push_back(state);
  }
  ProtocolEntryState no_reconciliation = plain;
  no_reconciliation.approved.pop_back();
  no_reconciliation.correction.reset();
  states.push_back(no_reconciliation);
  for (const ProtocolEntryState& state : states) {
    const std::optional<std::string> written = internal::WritePlainEntryState(state);
    ASSERT_TRUE(written.has_value());
    EXPECT_EQ(*written, internal::EncodeEntryStateWithLibrary(state));
    EXPECT_EQ(EncodeEntryState(state), *written);
  }
  // Strings that need escaping, or are not ASCII: the library's path, whatever member holds them.
  const std::vector<std::function<void(ProtocolEntryState&)>> unplain = {
      [](ProtocolEntryState& s) { s.first->typist = "4\"\n"; },
      [](ProtocolEntryState& s) { s.first->acknowledged_warnings.push_back("KZ\\09"); },
      [](ProtocolEntryState& s) { s.approved[1].decision->reason = "қайта санау"; },
      [](ProtocolEntryState& s) { s.correction->number = std::string("12\x01", 3); },
      [](ProtocolEntryState& s) { s.approved[0].values.emplace("\x7f", 1); },
      [](ProtocolEntryState& s) { s.second->confirmed_errors.push_back("\xff"); },
  };
  for (size_t i = 0; i < unplain.size(); ++i) {
    ProtocolEntryState state = plain;
    unplain[i](state);
    EXPECT_FALSE(internal::WritePlainEntryState(state).has_value()) << i;
    EXPECT_EQ(EncodeEntryState(state), internal::EncodeEntryStateWithLibrary(state)) << i;
  }
}

TEST(EntryStateCodecTest, MalformedTextIsDataLoss) {
  const std::string good = EncodeEntryState(RichState());
  const auto refused = [](std::string_view text) {
    Result<ProtocolEntryState> decoded = DecodeEntryState(text, 1);
    EXPECT_FALSE(decoded.has_value()) << text;
    return decoded.has_value() ? std::string("accepted")
                               : std::string(StatusCodeName(decoded.error().code())) + ": " +
                                     decoded.error().message();
  };
  EXPECT_THAT(refused("{"), HasSubstr("not JSON"));
  EXPECT_THAT(refused("[]"), HasSubstr("is not a JSON object"));
  EXPECT_THAT(refused(R"({"approved":[],"correction":null,"first":null,"second":null})"),
              HasSubstr("has no member 'status'"));
  EXPECT_THAT(refused(R"({"approved":[],"correction":null,"first":null,"second":null,)"
                      R"("status":"empty","extra":1})"),
              HasSubstr("unknown member 'extra'"));
  EXPECT_THAT(refused(R"({"approved":[],"correction":null,"first":null,"second":null,)"
                      R"("status":"done"})"),
              HasSubstr("unknown status 'done'"));
  std::string negative = good;
  negative.replace(negative.find("1000"), 4, "-1");
  EXPECT_THAT(refused(negative), HasSubstr("line 'voters_on_list' is not a whole number"));
  std::string fraction = good;
  fraction.replace(fraction.find("1000"), 4, "1.5");
  EXPECT_THAT(refused(fraction), HasSubstr("line 'voters_on_list' is not a whole number"));
  std::string phase = good;
  phase.replace(phase.find("in_progress"), 11, "typing");
  EXPECT_THAT(refused(phase), HasSubstr("entry 'second', has the unknown phase 'typing'"));
  std::string decision = good;
  decision.replace(decision.find("\"reason\""), 8, "\"why\"");
  EXPECT_THAT(refused(decision), HasSubstr("unknown member 'why'"));
  EXPECT_THAT(refused("{"), HasSubstr("data loss: "));
}

TEST(EntryEventsTest, EachKindMapsToTheChainsKindWithItsDetails) {
  using data_entry::AuditEventKind;
  EXPECT_EQ(EntryEventKind(AuditEventKind::kEntryClaimed), EventKind::kEntryClaimed);
  EXPECT_EQ(EntryEventKind(AuditEventKind::kEntrySaved), EventKind::kEntrySaved);
  EXPECT_EQ(EntryEventKind(AuditEventKind::kEntryFinalised), EventKind::kEntryFinalised);
  EXPECT_EQ(EntryEventKind(AuditEventKind::kEntryHasErrors), EventKind::kEntryFinalised);
  EXPECT_EQ(EntryEventKind(AuditEventKind::kEntryDiscarded), EventKind::kEntryDiscarded);
  EXPECT_EQ(EntryEventKind(AuditEventKind::kEntryRenumbered), EventKind::kEntryDiscarded);
  EXPECT_EQ(EntryEventKind(AuditEventKind::kEntriesIdentical), EventKind::kResolution);
  EXPECT_EQ(EntryEventKind(AuditEventKind::kEntriesDifferent), EventKind::kResolution);
  EXPECT_EQ(EntryEventKind(AuditEventKind::kEntryKept), EventKind::kResolution);
  EXPECT_EQ(EntryEventKind(AuditEventKind::kEntryReturned), EventKind::kResolution);
  EXPECT_EQ(EntryEventKind(AuditEventKind::kApproved), EventKind::kApproval);
  EXPECT_EQ(EntryEventKind(AuditEventKind::kCorrectionOpened), EventKind::kCorrection);

  const AuditEvent different = EntryAuditEvent(
      {.kind = AuditEventKind::kEntriesDifferent, .actor = "7", .keys = {"choice.1", "choice.2"}},
      "PEC-1:list", Actor());
  EXPECT_EQ(different.kind, EventKind::kResolution);
  EXPECT_EQ(different.actor, Actor());
  using Details = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(different.details, (Details{{"keys", "choice.1,choice.2"},
                                        {"protocol", "PEC-1:list"},
                                        {"step", "entries_different"}}));
  const AuditEvent finalised = EntryAuditEvent({.kind = AuditEventKind::kEntryFinalised,
                                                .actor = "7",
                                                .entry = 2,
                                                .rules = {"KZ-09"},
                                                .detail = "x"},
                                               "PEC-1:d3", Actor());
  EXPECT_EQ(finalised.details, (Details{{"detail", "x"},
                                        {"entry", "2"},
                                        {"protocol", "PEC-1:d3"},
                                        {"rules", "KZ-09"},
                                        {"step", "entry_finalised"}}));
}

// A claim of entry 1 by user 7: version 1 of a protocol.
EntryCommit ClaimCommit(std::string protocol_id) {
  EntryCommit commit;
  commit.protocol_id = std::move(protocol_id);
  commit.expected_version = 0;
  commit.state.version = 1;
  commit.state.status = EntryStatus::kFirstEntryInProgress;
  commit.state.first = data_entry::Entry{.typist = "7"};
  commit.events.push_back(
      EntryAuditEvent({.kind = data_entry::AuditEventKind::kEntryClaimed, .actor = "7", .entry = 1},
                      commit.protocol_id, Actor()));
  return commit;
}

TEST(EntriesStoreTest, ACommitStoresTheStateAndItsEventsAndSurvivesReopening) {
  TempStorePath file;
  {
    auto store = OpenOrDie(file.path());
    Result<ProtocolEntryState> none = store->EntryState("PEC-1:list");
    ASSERT_TRUE(none.has_value());
    EXPECT_EQ(*none, ProtocolEntryState());
    const EntryCommit commit = ClaimCommit("PEC-1:list");
    Result<std::optional<SubmitResult>> done = store->CommitEntry(commit, KzRatios());
    ASSERT_TRUE(done.has_value()) << done.error().ToString();
    EXPECT_FALSE(done->has_value());
    ASSERT_THAT(store->CommitEntry(ClaimCommit("PEC-2:d4"), KzRatios()).status(), IsOk());
  }
  auto store = OpenOrDie(file.path(), /*read_only=*/true);
  Result<ProtocolEntryState> state = store->EntryState("PEC-1:list");
  ASSERT_TRUE(state.has_value());
  EXPECT_EQ(*state, ClaimCommit("PEC-1:list").state);
  Result<std::vector<StoredEntryState>> all = store->EntryStates();
  ASSERT_TRUE(all.has_value());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].protocol_id, "PEC-1:list");
  EXPECT_EQ((*all)[1].protocol_id, "PEC-2:d4");
  EXPECT_EQ((*all)[1].state.version, 1);
  Result<std::vector<RecordedEvent>> events = store->AuditEvents();
  ASSERT_TRUE(events.has_value());
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].event, ClaimCommit("PEC-1:list").events[0]);
  Result<ChainReport> report = store->VerifyChain();
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok());
  EXPECT_EQ(report->events, 2);
}

TEST(EntriesStoreTest, AStaleOrMalformedCommitWritesNothing) {
  TempStorePath file;
  auto store = OpenOrDie(file.path());
  ASSERT_THAT(store->CommitEntry(ClaimCommit("PEC-1:list"), KzRatios()).status(), IsOk());
  const std::string head = *store->ChainHead();
  // Another claim against version 0: the stored version is 1.
  EntryCommit stale = ClaimCommit("PEC-1:list");
  stale.state.first->typist = "8";
  Result<std::optional<SubmitResult>> refused = store->CommitEntry(stale, KzRatios());
  ASSERT_FALSE(refused.has_value());
  EXPECT_THAT(refused.error(), HasCode(StatusCode::kAborted));
  EXPECT_THAT(refused.error().message(), HasSubstr("at version 1, not 0"));
  // A version that does not follow, an empty id, a secret in the details.
  EntryCommit skipping = ClaimCommit("PEC-1:list");
  skipping.expected_version = 1;
  skipping.state.version = 3;
  EXPECT_THAT(store->CommitEntry(skipping, KzRatios()).error(),
              HasCode(StatusCode::kInvalidArgument));
  EXPECT_THAT(store->CommitEntry(ClaimCommit(""), KzRatios()).error(),
              HasCode(StatusCode::kInvalidArgument));
  EntryCommit secret = ClaimCommit("PEC-1:list");
  secret.expected_version = 1;
  secret.state.version = 2;
  secret.events[0].details.emplace_back("password", "x");
  EXPECT_THAT(store->CommitEntry(secret, KzRatios()).error(),
              HasCode(StatusCode::kInvalidArgument));
  // An approved protocol the store rejects (an inconsistent one): nothing of the commit stays.
  EntryCommit approval = ClaimCommit("PEC-1:list");
  approval.expected_version = 1;
  approval.state.version = 2;
  protocol::Protocol broken = ConsistentProtocol("PEC-1");
  broken.valid_ballots += 1;
  approval.approved = Of(broken, "entry:PEC-1:list");
  Result<std::optional<SubmitResult>> rejected = store->CommitEntry(approval, KzRatios());
  ASSERT_FALSE(rejected.has_value());
  EXPECT_THAT(rejected.error(), HasCode(StatusCode::kFailedPrecondition));
  EXPECT_THAT(rejected.error().message(), HasSubstr("refused by the store"));

  EXPECT_EQ(*store->ChainHead(), head);
  EXPECT_EQ(store->CountSubmissions()->total(), 0);
  EXPECT_EQ(store->EntryState("PEC-1:list")->version, 1);
  EXPECT_EQ(store->EntryState("PEC-1:list")->first->typist, "7");
  EXPECT_EQ(RawQuery(file.path(), "SELECT count(*) FROM entry_states"), "1");
}

TEST(EntriesStoreTest, OfTwoConnectionsThatSawTheSameVersionOnlyTheFirstWins) {
  TempStorePath file;
  auto first = OpenOrDie(file.path());
  auto second = OpenOrDie(file.path());
  ASSERT_THAT(second->RecordResults("snapshot"), IsOk());  // `second` has read the chain
  ASSERT_THAT(first->CommitEntry(ClaimCommit("PEC-1:list"), KzRatios()).status(), IsOk());
  EntryCommit rival = ClaimCommit("PEC-1:list");
  rival.state.first->typist = "8";
  EXPECT_THAT(second->CommitEntry(rival, KzRatios()).error(), HasCode(StatusCode::kAborted));
  // `second` reads the state and goes on from it, after `first`'s events in the chain.
  EntryCommit next = ClaimCommit("PEC-1:list");
  next.expected_version = second->EntryState("PEC-1:list")->version;
  next.state.version = next.expected_version + 1;
  ASSERT_THAT(second->CommitEntry(next, KzRatios()).status(), IsOk());
  EXPECT_EQ(first->EntryState("PEC-1:list")->version, 2);
  Result<ChainReport> report = first->VerifyChain();
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok());
  EXPECT_EQ(report->entries, 3);
  EXPECT_EQ(*first->ChainHead(), *second->ChainHead());
}

TEST(EntriesStoreTest, AnApprovalIsAcceptedAsASubmissionInTheSameTransaction) {
  TempStorePath file;
  auto store = OpenOrDie(file.path());
  ASSERT_THAT(store->CommitEntry(ClaimCommit("PEC-1:list"), KzRatios()).status(), IsOk());
  EntryCommit approval;
  approval.protocol_id = "PEC-1:list";
  approval.expected_version = 1;
  approval.state.version = 2;
  approval.state.status = EntryStatus::kApproved;
  approval.events.push_back(EntryAuditEvent(
      {.kind = data_entry::AuditEventKind::kApproved, .actor = "1"}, "PEC-1:list", Actor()));
  approval.approved = Of(ConsistentProtocol("PEC-1"), "entry:PEC-1:list");
  Result<std::optional<SubmitResult>> done = store->CommitEntry(approval, KzRatios());
  ASSERT_TRUE(done.has_value()) << done.error().ToString();
  ASSERT_TRUE(done->has_value());
  EXPECT_EQ((*done)->outcome, Outcome::kAccepted);
  EXPECT_EQ((*done)->version, 1);
  Result<std::vector<protocol::Protocol>> accepted = store->AcceptedProtocols();
  ASSERT_TRUE(accepted.has_value());
  ASSERT_EQ(accepted->size(), 1u);
  EXPECT_EQ((*accepted)[0], ConsistentProtocol("PEC-1"));
  // The submission comes first in the chain, then the approval's event.
  Result<std::vector<RecordedEvent>> events = store->AuditEvents();
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[1].entry, 3);
  EXPECT_EQ((*events)[1].event.kind, EventKind::kApproval);

  // A correction without a decision is refused, with nothing written; with one, version 2.
  EntryCommit correction = approval;
  correction.expected_version = 2;
  correction.state.version = 3;
  correction.approved = Of(ConsistentProtocol("PEC-1", 5), "entry:PEC-1:list");
  Result<std::optional<SubmitResult>> undecided = store->CommitEntry(correction, KzRatios());
  ASSERT_FALSE(undecided.has_value());
  EXPECT_THAT(undecided.error().message(), HasSubstr("decision"));
  EXPECT_EQ(store->CountSubmissions()->total(), 1);
  correction.approved->decision = Decision();
  done = store->CommitEntry(correction, KzRatios());
  ASSERT_TRUE(done.has_value()) << done.error().ToString();
  EXPECT_EQ((*done)->version, 2);
  EXPECT_EQ(store->EntryState("PEC-1:list")->version, 3);
  Result<ChainReport> report = store->VerifyChain();
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok()) << report->mismatch->what;
  EXPECT_EQ(report->entries, 5);
}

TEST(EntriesStoreTest, ARowChangedFromOutsideIsDataLossNamingTheProtocol) {
  TempStorePath file;
  {
    auto store = OpenOrDie(file.path());
    ASSERT_THAT(store->CommitEntry(ClaimCommit("PEC-1:list"), KzRatios()).status(), IsOk());
  }
  ASSERT_EQ(RawExec(file.path(), "UPDATE entry_states SET version = 2, state = '{}'"), "");
  auto store = OpenOrDie(file.path());
  Result<ProtocolEntryState> state = store->EntryState("PEC-1:list");
  ASSERT_FALSE(state.has_value());
  EXPECT_THAT(state.error(), HasCode(StatusCode::kDataLoss));
  EXPECT_THAT(state.error().message(), HasSubstr("entry_states table, protocol 'PEC-1:list'"));
  EXPECT_THAT(store->EntryStates().error(), HasCode(StatusCode::kDataLoss));
  // The triggers: never deleted, never set back.
  EXPECT_THAT(RawExec(file.path(), "DELETE FROM entry_states"), HasSubstr("never deleted"));
  EXPECT_THAT(RawExec(file.path(), "UPDATE entry_states SET version = 1"),
              HasSubstr("later version"));
}

// A store as format 5 left it: no entry_states, scans or turnout_reports table, format_version 5.
void MakeFormat5(const std::string& path) {
  ASSERT_EQ(RawExec(path,
                    "DROP TRIGGER turnout_reports_are_never_updated; DROP TRIGGER "
                    "turnout_reports_are_never_deleted; "
                    "DROP TABLE turnout_reports; "
                    "DROP TRIGGER scans_are_never_updated; DROP TRIGGER scans_are_never_deleted; "
                    "DROP TABLE scans; "
                    "DROP TRIGGER entry_states_are_never_deleted; "
                    "DROP TRIGGER entry_states_only_move_forward; DROP TABLE entry_states; "
                    "DROP TRIGGER metadata_is_never_updated; "
                    "UPDATE metadata SET value = '5' WHERE key = 'format_version'; "
                    "CREATE TRIGGER metadata_is_never_updated BEFORE UPDATE ON metadata BEGIN "
                    "SELECT RAISE(ABORT, 'the store metadata is written once'); END"),
            "");
}

TEST(EntriesStoreTest, AFormat5StoreIsReadAsItIsAndMigratedForWriting) {
  TempStorePath file;
  std::string head;
  {
    auto store = OpenOrDie(file.path());
    ASSERT_THAT(store->RecordResults("snapshot"), IsOk());
    head = *store->ChainHead();
  }
  MakeFormat5(file.path());
  {
    auto reader = OpenOrDie(file.path(), /*read_only=*/true);
    EXPECT_EQ(*reader->EntryState("PEC-1:list"), ProtocolEntryState());
    EXPECT_TRUE(reader->EntryStates()->empty());
    EXPECT_TRUE(reader->ListUsers()->empty());  // format 5 has accounts
    EXPECT_THAT(reader->CommitEntry(ClaimCommit("PEC-1:list"), KzRatios()).error(),
                HasCode(StatusCode::kFailedPrecondition));
  }
  EXPECT_EQ(RawQuery(file.path(), "SELECT value FROM metadata WHERE key = 'format_version'"), "5");
  {
    auto writer = OpenOrDie(file.path());
    EXPECT_EQ(RawQuery(file.path(), "SELECT value FROM metadata WHERE key = 'format_version'"),
              "7");
    EXPECT_EQ(*writer->ChainHead(), head);
    ASSERT_THAT(writer->CommitEntry(ClaimCommit("PEC-1:list"), KzRatios()).status(), IsOk());
    Result<ChainReport> report = writer->VerifyChain();
    ASSERT_TRUE(report.has_value() && report->ok());
    EXPECT_EQ(report->entries, 2);
  }
  EXPECT_THAT(RawExec(file.path(), "DELETE FROM entry_states"), HasSubstr("never deleted"));
  TempStorePath fresh;
  OpenOrDie(fresh.path());
  const std::string schema_sql =
      "SELECT group_concat(name || ':' || sql, '\n') FROM (SELECT name, sql FROM sqlite_schema "
      "ORDER BY name)";
  EXPECT_EQ(RawQuery(file.path(), schema_sql), RawQuery(fresh.path(), schema_sql));
}

}  // namespace
}  // namespace esep::storage
