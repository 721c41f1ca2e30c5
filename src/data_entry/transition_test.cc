#include "data_entry/transition.h"

#include <array>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "data_entry/data_entry_test_util.h"

namespace esep::data_entry {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::ListForm;
using testing::OtherValidValues;
using testing::ValidValues;
using testing::ValuesBreakingKz01;

// The users: two typists who type the entries, a third typist, a coordinator and a chair.
constexpr const char* kTypistA = "typist-a";
constexpr const char* kTypistB = "typist-b";
constexpr const char* kCoordinator = "coordinator";
constexpr const char* kChair = "chair";

const protocol::Decision kDecision = {"12/45", "2023-03-21", "TEC-1", "arithmetic error"};

// Applies a command that must succeed.
ProtocolEntryState Step(const ProtocolEntryState& state, const std::string& actor, Action action) {
  Result<Transition> next = Apply(ListForm(), state, {actor, state.version, std::move(action)});
  EXPECT_TRUE(next.has_value()) << next.error().ToString();
  return next.has_value() ? next->state : state;
}

// The reachable states, each built by the commands that lead there.
ProtocolEntryState Empty() { return {}; }
ProtocolEntryState FirstInProgress() {
  return Step(Step(Empty(), kTypistA, Claim{1}), kTypistA, Save{1, ValidValues()});
}
ProtocolEntryState FirstHasErrors() {
  ProtocolEntryState state = Step(Empty(), kTypistA, Claim{1});
  state = Step(state, kTypistA, Save{1, ValuesBreakingKz01()});
  return Step(state, kTypistA, Finalise{1, {}, ConfirmHasErrors::kYes});
}
ProtocolEntryState FirstDone() { return Step(FirstInProgress(), kTypistA, Finalise{1}); }
ProtocolEntryState SecondInProgress() {
  return Step(Step(FirstDone(), kTypistB, Claim{2}), kTypistB, Save{2, ValidValues()});
}
ProtocolEntryState EntriesDifferent() {
  ProtocolEntryState state = Step(FirstDone(), kTypistB, Claim{2});
  state = Step(state, kTypistB, Save{2, OtherValidValues()});
  return Step(state, kTypistB, Finalise{2});
}
ProtocolEntryState FirstReturned() {
  ProtocolEntryState state =
      Step(EntriesDifferent(), kCoordinator, Resolve{Resolution::kReturnFirst});
  return Step(state, kTypistA, Save{1, OtherValidValues()});
}
ProtocolEntryState Definitive() { return Step(SecondInProgress(), kTypistB, Finalise{2}); }
ProtocolEntryState Approved() { return Step(Definitive(), kChair, Approve{}); }

struct NamedState {
  std::string name;
  ProtocolEntryState state;
};

std::vector<NamedState> AllStates() {
  return {{"empty", Empty()},
          {"first_entry_in_progress", FirstInProgress()},
          {"first_entry_has_errors", FirstHasErrors()},
          {"first_entry_done", FirstDone()},
          {"second_entry_in_progress", SecondInProgress()},
          {"first_entry_returned", FirstReturned()},
          {"entries_different", EntriesDifferent()},
          {"definitive", Definitive()},
          {"approved", Approved()}};
}

struct NamedCommand {
  std::string name;
  int entry;  // the entry the actor's relation is taken to
  Action action;
};

std::vector<NamedCommand> AllCommands() {
  return {{"claim1", 1, Claim{1}},
          {"claim2", 2, Claim{2}},
          {"save1", 1, Save{1, ValidValues()}},
          {"save2", 2, Save{2, ValidValues()}},
          {"finalise1", 1, Finalise{1}},
          {"finalise2", 2, Finalise{2}},
          {"discard1_typist", 1, Discard{1, DiscardAs::kTypist}},
          {"discard2_typist", 2, Discard{2, DiscardAs::kTypist}},
          {"discard1_coordinator", 1, Discard{1, DiscardAs::kCoordinator}},
          {"discard2_coordinator", 2, Discard{2, DiscardAs::kCoordinator}},
          {"keep_first", 1, Resolve{Resolution::kKeepFirst}},
          {"keep_second", 1, Resolve{Resolution::kKeepSecond}},
          {"discard_both", 1, Resolve{Resolution::kDiscardBoth}},
          {"return_first", 1, Resolve{Resolution::kReturnFirst}},
          {"return_second", 1, Resolve{Resolution::kReturnSecond}},
          {"approve", 1, Approve{}},
          {"open_correction", 1, OpenCorrection{kDecision}}};
}

// The actor's relation to the entry a command names:
//   own         the typist of that entry (a newcomer when it does not exist yet)
//   other       a typist with no entry of this protocol
//   other_entry the typist of the other entry (a second newcomer when there is none)
// Commands that name no entry (resolve, approve, open_correction) check no identity: the caller
// checks the role, and the outcome is the same for all three.
std::vector<std::string> Actors(const ProtocolEntryState& state, int entry) {
  const Entry* own = state.entry(entry);
  const Entry* other = state.entry(3 - entry);
  return {own != nullptr ? own->typist : "newcomer", "typist-x",
          other != nullptr ? other->typist : "newcomer-2"};
}

// The outcome of each cell: the new status, or the error code. Every cell not listed is
// kFailedPrecondition ("FP"): the status does not allow the command.
using Outcomes = std::array<std::string, 3>;  // own, other, other_entry
const std::map<std::pair<std::string, std::string>, Outcomes>& Table() {
  static const auto* table = new std::map<std::pair<std::string, std::string>, Outcomes>{
      // empty
      {{"empty", "claim1"},
       {"first_entry_in_progress", "first_entry_in_progress", "first_entry_in_progress"}},
      // first_entry_in_progress
      {{"first_entry_in_progress", "save1"}, {"first_entry_in_progress", "PD", "PD"}},
      {{"first_entry_in_progress", "finalise1"}, {"first_entry_done", "PD", "PD"}},
      {{"first_entry_in_progress", "discard1_typist"}, {"empty", "PD", "PD"}},
      {{"first_entry_in_progress", "discard1_coordinator"}, {"empty", "empty", "empty"}},
      // first_entry_has_errors
      {{"first_entry_has_errors", "discard1_coordinator"}, {"empty", "empty", "empty"}},
      {{"first_entry_has_errors", "return_first"},
       {"first_entry_in_progress", "first_entry_in_progress", "first_entry_in_progress"}},
      // first_entry_done
      {{"first_entry_done", "claim2"},
       {"second_entry_in_progress", "second_entry_in_progress", "PD"}},
      {{"first_entry_done", "discard1_coordinator"}, {"empty", "empty", "empty"}},
      // second_entry_in_progress
      {{"second_entry_in_progress", "save2"}, {"second_entry_in_progress", "PD", "PD"}},
      {{"second_entry_in_progress", "finalise2"}, {"definitive", "PD", "PD"}},
      {{"second_entry_in_progress", "discard2_typist"}, {"first_entry_done", "PD", "PD"}},
      {{"second_entry_in_progress", "discard1_coordinator"},
       {"first_entry_in_progress", "first_entry_in_progress", "first_entry_in_progress"}},
      {{"second_entry_in_progress", "discard2_coordinator"},
       {"first_entry_done", "first_entry_done", "first_entry_done"}},
      // first_entry_returned
      {{"first_entry_returned", "save1"}, {"first_entry_returned", "PD", "PD"}},
      {{"first_entry_returned", "finalise1"}, {"definitive", "PD", "PD"}},
      {{"first_entry_returned", "discard1_typist"}, {"first_entry_done", "PD", "PD"}},
      {{"first_entry_returned", "discard1_coordinator"},
       {"first_entry_done", "first_entry_done", "first_entry_done"}},
      {{"first_entry_returned", "discard2_coordinator"},
       {"first_entry_in_progress", "first_entry_in_progress", "first_entry_in_progress"}},
      // entries_different
      {{"entries_different", "keep_first"},
       {"first_entry_done", "first_entry_done", "first_entry_done"}},
      {{"entries_different", "keep_second"},
       {"first_entry_done", "first_entry_done", "first_entry_done"}},
      {{"entries_different", "discard_both"}, {"empty", "empty", "empty"}},
      {{"entries_different", "return_first"},
       {"first_entry_returned", "first_entry_returned", "first_entry_returned"}},
      {{"entries_different", "return_second"},
       {"second_entry_in_progress", "second_entry_in_progress", "second_entry_in_progress"}},
      // definitive
      {{"definitive", "discard1_coordinator"},
       {"first_entry_done", "first_entry_done", "first_entry_done"}},
      {{"definitive", "discard2_coordinator"},
       {"first_entry_done", "first_entry_done", "first_entry_done"}},
      {{"definitive", "approve"}, {"approved", "approved", "approved"}},
      // approved
      {{"approved", "open_correction"}, {"empty", "empty", "empty"}},
  };
  return *table;
}

std::string Outcome(const Result<Transition>& result) {
  if (result.has_value()) {
    return std::string(EntryStatusName(result->state.status));
  }
  switch (result.error().code()) {
    case StatusCode::kFailedPrecondition:
      return "FP";
    case StatusCode::kPermissionDenied:
      return "PD";
    case StatusCode::kAborted:
      return "AB";
    case StatusCode::kInvalidArgument:
      return "IA";
    default:
      return result.error().ToString();
  }
}

TEST(TransitionTest, EveryStateTimesEveryCommandTimesEveryActor) {
  const FormDefinition form = ListForm();
  const std::vector<std::string> relations = {"own", "other", "other_entry"};
  int cells = 0;
  int transitions = 0;
  for (const NamedState& state : AllStates()) {
    ASSERT_EQ(EntryStatusName(state.state.status), state.name);
    for (const NamedCommand& command : AllCommands()) {
      const std::vector<std::string> actors = Actors(state.state, command.entry);
      auto row = Table().find({state.name, command.name});
      const Outcomes expected = row != Table().end() ? row->second : Outcomes{"FP", "FP", "FP"};
      for (size_t r = 0; r < 3; ++r) {
        SCOPED_TRACE(state.name + " × " + command.name + " × " + relations[r]);
        Result<Transition> result =
            Apply(form, state.state, {actors[r], state.state.version, command.action});
        EXPECT_EQ(Outcome(result), expected[r]);
        if (result.has_value()) {
          ++transitions;
          EXPECT_EQ(result->state.version, state.state.version + 1);
          EXPECT_FALSE(result->events.empty());
          for (const AuditEvent& event : result->events) {
            EXPECT_EQ(event.actor, actors[r]);
          }
        } else if (expected[r] == "FP") {
          // The refusal says where the protocol stands and what it allows.
          EXPECT_THAT(result.error().message(), HasSubstr("P-1:list is " + state.name));
          EXPECT_THAT(result.error().message(),
                      HasSubstr(std::string(AllowedCommands(state.state.status))));
        }
        ++cells;
      }
    }
  }
  EXPECT_EQ(cells, 9 * 17 * 3);
  EXPECT_EQ(transitions, 65);  // the cells of the table that are not refusals
}

TEST(TransitionTest, EveryTableRowNamesAStateAndACommand) {
  std::set<std::string> states;
  std::set<std::string> commands;
  for (const NamedState& state : AllStates()) {
    states.insert(state.name);
  }
  for (const NamedCommand& command : AllCommands()) {
    commands.insert(command.name);
  }
  for (const auto& [key, outcomes] : Table()) {
    EXPECT_TRUE(states.count(key.first)) << key.first;
    EXPECT_TRUE(commands.count(key.second)) << key.second;
  }
}

TEST(TransitionTest, AStaleVersionIsAbortedInEveryCell) {
  const FormDefinition form = ListForm();
  for (const NamedState& state : AllStates()) {
    for (const NamedCommand& command : AllCommands()) {
      SCOPED_TRACE(state.name + " × " + command.name);
      const std::string actor = Actors(state.state, command.entry)[0];
      for (int64_t version : {state.state.version - 1, state.state.version + 1}) {
        Result<Transition> result = Apply(form, state.state, {actor, version, command.action});
        ASSERT_FALSE(result.has_value());
        EXPECT_EQ(result.error().code(), StatusCode::kAborted);
      }
    }
  }
}

TEST(TransitionTest, EntryNumbersOtherThanOneAndTwoAreInvalid) {
  const FormDefinition form = ListForm();
  for (const Action& action : std::vector<Action>{Claim{0}, Save{3, {}}, Finalise{-1},
                                                  Discard{3, DiscardAs::kCoordinator}}) {
    SCOPED_TRACE(std::string(ActionName(action)));
    Result<Transition> result = Apply(form, FirstInProgress(), {kTypistA, 999, action});
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code(), StatusCode::kInvalidArgument);
  }
}

TEST(TransitionTest, EveryCommandBumpsTheVersionByOne) {
  ProtocolEntryState state;
  EXPECT_EQ(state.version, 0);
  state = Step(state, kTypistA, Claim{1});
  state = Step(state, kTypistA, Save{1, {{"voters_on_list", 1000}}});
  state = Step(state, kTypistA, Save{1, ValidValues()});
  state = Step(state, kTypistA, Finalise{1});
  state = Step(state, kTypistB, Claim{2});
  state = Step(state, kTypistB, Save{2, ValidValues()});
  state = Step(state, kTypistB, Finalise{2});
  EXPECT_EQ(state.status, EntryStatus::kDefinitive);
  EXPECT_EQ(state.version, 7);
}

TEST(TransitionTest, TheSecondTypistMustDifferFromTheFirst) {
  Result<Transition> same = Apply(ListForm(), FirstDone(), {kTypistA, 3, Claim{2}});
  ASSERT_FALSE(same.has_value());
  EXPECT_EQ(same.error().code(), StatusCode::kPermissionDenied);
  EXPECT_THAT(same.error().message(), HasSubstr("you typed entry 1"));
}

TEST(TransitionTest, ATypistReadsOnlyTheirOwnEntry) {
  const ProtocolEntryState state = SecondInProgress();
  EXPECT_TRUE(CheckTypistMayRead(state, 1, kTypistA).ok());
  EXPECT_TRUE(CheckTypistMayRead(state, 2, kTypistB).ok());
  EXPECT_EQ(CheckTypistMayRead(state, 1, kTypistB).code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(CheckTypistMayRead(state, 2, kTypistA).code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(CheckTypistMayRead(FirstDone(), 2, kTypistB).code(), StatusCode::kNotFound);
  EXPECT_EQ(CheckTypistMayRead(state, 3, kTypistB).code(), StatusCode::kInvalidArgument);
  // Entry 2 starts blank: claiming it copies nothing of entry 1.
  ProtocolEntryState claimed = Step(FirstDone(), kTypistB, Claim{2});
  EXPECT_TRUE(claimed.second->values.empty());
}

TEST(TransitionTest, AFullCycleAndItsAuditEvents) {
  const FormDefinition form = ListForm();
  std::vector<AuditEvent> events;
  ProtocolEntryState state;
  auto step = [&](const std::string& actor, Action action) {
    Result<Transition> next = Apply(form, state, {actor, state.version, std::move(action)});
    ASSERT_TRUE(next.has_value()) << next.error().ToString();
    state = next->state;
    events.insert(events.end(), next->events.begin(), next->events.end());
  };
  step(kTypistA, Claim{1});
  step(kTypistA, Save{1, ValidValues()});
  step(kTypistA, Finalise{1});
  step(kTypistB, Claim{2});
  step(kTypistB, Save{2, OtherValidValues()});
  step(kTypistB, Finalise{2});
  step(kCoordinator, Resolve{Resolution::kReturnSecond});
  FormValues corrected = state.second->values;
  corrected["choice.1"] = 400;
  corrected["choice.2"] = 150;
  step(kTypistB, Save{2, corrected});
  step(kTypistB, Finalise{2});
  step(kChair, Approve{});
  ASSERT_EQ(state.status, EntryStatus::kApproved);

  std::vector<std::string> kinds;
  kinds.reserve(events.size());
  for (const AuditEvent& event : events) {
    kinds.push_back(std::string(AuditEventKindName(event.kind)) + " " +
                    std::to_string(event.entry) + " " + event.actor);
  }
  EXPECT_THAT(kinds, ElementsAre("entry_claimed 1 typist-a", "entry_saved 1 typist-a",
                                 "entry_finalised 1 typist-a", "entry_claimed 2 typist-b",
                                 "entry_saved 2 typist-b", "entry_finalised 2 typist-b",
                                 "entries_different 0 typist-b", "entry_returned 2 coordinator",
                                 "entry_saved 2 typist-b", "entry_finalised 2 typist-b",
                                 "entries_identical 0 typist-b", "approved 0 chair"));
  EXPECT_THAT(events[6].keys, ElementsAre("choice.1", "choice.2"));
  EXPECT_THAT(events[7].keys, ElementsAre("choice.1", "choice.2"));
  EXPECT_THAT(events[8].keys, ElementsAre("choice.1", "choice.2"));
  ASSERT_EQ(state.approved.size(), 1u);
  EXPECT_EQ(state.approved[0].values, ValidValues());
  EXPECT_EQ(state.approved[0].first_typist, kTypistA);
  EXPECT_EQ(state.approved[0].second_typist, kTypistB);
  EXPECT_EQ(state.approved[0].approved_by, kChair);
  EXPECT_EQ(state.approved[0].decision, std::nullopt);
}

TEST(TransitionTest, ReturningAnEntryClearsOnlyTheDifferingLines) {
  for (Resolution resolution : {Resolution::kReturnFirst, Resolution::kReturnSecond}) {
    SCOPED_TRACE(std::string(ResolutionName(resolution)));
    const ProtocolEntryState before = EntriesDifferent();
    const ProtocolEntryState after = Step(before, kCoordinator, Resolve{resolution});
    const int returned = resolution == Resolution::kReturnFirst ? 1 : 2;
    const Entry& entry = *after.entry(returned);
    EXPECT_EQ(entry.phase, EntryPhase::kInProgress);
    EXPECT_EQ(entry.typist, before.entry(returned)->typist);
    for (const auto& [key, value] : before.entry(returned)->values) {
      SCOPED_TRACE(key);
      if (key == "choice.1" || key == "choice.2") {
        EXPECT_EQ(ValueOf(entry.values, key), std::nullopt);
      } else {
        EXPECT_EQ(ValueOf(entry.values, key), value);
      }
    }
    // The other entry is untouched.
    EXPECT_EQ(*after.entry(3 - returned), *before.entry(3 - returned));
    // The returned entry cannot be finalised until the cleared lines are typed again.
    Result<Transition> early =
        Apply(ListForm(), after, {entry.typist, after.version, Finalise{returned}});
    ASSERT_FALSE(early.has_value());
    EXPECT_EQ(early.error().code(), StatusCode::kFailedPrecondition);
    EXPECT_THAT(early.error().message(), HasSubstr("values.choice.1: line 13"));
  }
}

TEST(TransitionTest, KeepingTheSecondEntryMakesItEntryOne) {
  ProtocolEntryState state =
      Step(EntriesDifferent(), kCoordinator, Resolve{Resolution::kKeepSecond});
  EXPECT_EQ(state.status, EntryStatus::kFirstEntryDone);
  EXPECT_EQ(state.first->typist, kTypistB);
  EXPECT_EQ(state.first->values, OtherValidValues());
  EXPECT_FALSE(state.second.has_value());
  // The new entry 2 needs a typist other than B; A, whose entry was discarded, may type it.
  EXPECT_EQ(Apply(ListForm(), state, {kTypistB, state.version, Claim{2}}).error().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(Step(state, kTypistA, Claim{2}).status, EntryStatus::kSecondEntryInProgress);
}

TEST(TransitionTest, AFirstEntryWithErrorsIsReturnedOrDiscarded) {
  const ProtocolEntryState errors = FirstHasErrors();
  EXPECT_THAT(errors.first->confirmed_errors, ElementsAre("KZ-01"));
  // It cannot go on to a second entry.
  EXPECT_EQ(Apply(ListForm(), errors, {kTypistB, errors.version, Claim{2}}).error().code(),
            StatusCode::kFailedPrecondition);
  // Returned: the typist resumes with every value kept, and finalises once the paper is right.
  ProtocolEntryState resumed = Step(errors, kCoordinator, Resolve{Resolution::kReturnFirst});
  EXPECT_EQ(resumed.status, EntryStatus::kFirstEntryInProgress);
  EXPECT_EQ(resumed.first->values, ValuesBreakingKz01());
  EXPECT_TRUE(resumed.first->confirmed_errors.empty());
  resumed = Step(resumed, kTypistA, Save{1, ValidValues()});
  EXPECT_EQ(Step(resumed, kTypistA, Finalise{1}).status, EntryStatus::kFirstEntryDone);
  // Discarded: the protocol is empty again.
  EXPECT_EQ(Step(errors, kCoordinator, Discard{1, DiscardAs::kCoordinator}).status,
            EntryStatus::kEmpty);
}

TEST(TransitionTest, ASecondEntryWithErrorsDiffersAndKeepingItHasErrors) {
  ProtocolEntryState state = Step(FirstDone(), kTypistB, Claim{2});
  state = Step(state, kTypistB, Save{2, ValuesBreakingKz01()});
  Result<Transition> refused = Apply(ListForm(), state, {kTypistB, state.version, Finalise{2}});
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.error().message(), HasSubstr("error KZ-01 blocks finalising"));
  state = Step(state, kTypistB, Finalise{2, {}, ConfirmHasErrors::kYes});
  EXPECT_EQ(state.status, EntryStatus::kEntriesDifferent);
  ProtocolEntryState kept = Step(state, kCoordinator, Resolve{Resolution::kKeepSecond});
  EXPECT_EQ(kept.status, EntryStatus::kFirstEntryHasErrors);
  EXPECT_EQ(kept.first->typist, kTypistB);

  // Returned to A, who finds the paper says 1015 too: identical, but never definitive.
  ProtocolEntryState returned = Step(state, kCoordinator, Resolve{Resolution::kReturnFirst});
  EXPECT_EQ(ValueOf(returned.first->values, "ballots_received"), std::nullopt);
  FormValues values = returned.first->values;
  values["ballots_received"] = 1015;
  returned = Step(returned, kTypistA, Save{1, values});
  Result<Transition> identical = Apply(
      ListForm(), returned, {kTypistA, returned.version, Finalise{1, {}, ConfirmHasErrors::kYes}});
  ASSERT_TRUE(identical.has_value());
  EXPECT_EQ(identical->state.status, EntryStatus::kFirstEntryHasErrors);
  EXPECT_EQ(identical->state.first->typist, kTypistA);
  EXPECT_FALSE(identical->state.second.has_value());
  ASSERT_EQ(identical->events.size(), 4u);
  EXPECT_EQ(identical->events[2].kind, AuditEventKind::kEntriesIdentical);
  EXPECT_EQ(identical->events[3].kind, AuditEventKind::kEntryHasErrors);
}

TEST(TransitionTest, FinalisingRecordsTheAcknowledgedWarnings) {
  FormValues values = ValidValues();
  values["turnout_reported_during_day"] = 700;
  ProtocolEntryState state = Step(Step(Empty(), kTypistA, Claim{1}), kTypistA, Save{1, values});
  Result<Transition> refused = Apply(ListForm(), state, {kTypistA, state.version, Finalise{1}});
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.error().message(), HasSubstr("warning KZ-09 is not acknowledged"));
  Result<Transition> unknown =
      Apply(ListForm(), state, {kTypistA, state.version, Finalise{1, {"KZ-1O"}}});
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code(), StatusCode::kInvalidArgument);
  Result<Transition> done =
      Apply(ListForm(), state, {kTypistA, state.version, Finalise{1, {"KZ-09"}}});
  ASSERT_TRUE(done.has_value());
  EXPECT_THAT(done->state.first->acknowledged_warnings, ElementsAre("KZ-09"));
  EXPECT_THAT(done->events[0].rules, ElementsAre("KZ-09"));
}

TEST(TransitionTest, FinaliseRefusesBlankAndAllZero) {
  ProtocolEntryState claimed = Step(Empty(), kTypistA, Claim{1});
  Result<Transition> blank = Apply(ListForm(), claimed, {kTypistA, claimed.version, Finalise{1}});
  ASSERT_FALSE(blank.has_value());
  EXPECT_EQ(blank.error().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(blank.error().message(), HasSubstr("a blank protocol is refused"));
  FormValues zero;
  for (const FormLine& line : ListForm().lines) {
    zero[line.key] = 0;
  }
  ProtocolEntryState zeros = Step(claimed, kTypistA, Save{1, zero});
  Result<Transition> all_zero =
      Apply(ListForm(), zeros, {kTypistA, zeros.version, Finalise{1, {}, ConfirmHasErrors::kYes}});
  ASSERT_FALSE(all_zero.has_value());
  EXPECT_THAT(all_zero.error().message(), HasSubstr("all-zero protocol is refused"));
}

TEST(TransitionTest, SaveRefusesMalformedValues) {
  const ProtocolEntryState state = FirstInProgress();
  Result<Transition> bad =
      Apply(ListForm(), state, {kTypistA, state.version, Save{1, {{"choice.9", 3}}}});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.error().message(), HasSubstr("values.choice.9"));
}

TEST(TransitionTest, ACorrectionCycleKeepsTheApprovedVersion) {
  const ProtocolEntryState approved = Approved();
  const ApprovedVersion original = approved.approved.at(0);

  Result<Transition> incomplete =
      Apply(ListForm(), approved,
            {kChair, approved.version, OpenCorrection{{"12/45", "2023-03-21", " ", "reason"}}});
  ASSERT_FALSE(incomplete.has_value());
  EXPECT_EQ(incomplete.error().code(), StatusCode::kInvalidArgument);

  ProtocolEntryState state = Step(approved, kChair, OpenCorrection{kDecision});
  EXPECT_EQ(state.status, EntryStatus::kEmpty);
  EXPECT_EQ(state.correction, kDecision);
  EXPECT_FALSE(state.first.has_value());
  ASSERT_NE(state.in_force(), nullptr);
  EXPECT_EQ(*state.in_force(), original);

  // A new double entry; the same typists may type it.
  state = Step(state, kTypistB, Claim{1});
  state = Step(state, kTypistB, Save{1, OtherValidValues()});
  state = Step(state, kTypistB, Finalise{1});
  EXPECT_EQ(*state.in_force(), original);
  state = Step(state, kTypistA, Claim{2});
  state = Step(state, kTypistA, Save{2, OtherValidValues()});
  state = Step(state, kTypistA, Finalise{2});
  EXPECT_EQ(state.status, EntryStatus::kDefinitive);
  EXPECT_EQ(*state.in_force(), original);
  state = Step(state, kChair, Approve{});
  ASSERT_EQ(state.approved.size(), 2u);
  EXPECT_EQ(state.approved[0], original);
  EXPECT_EQ(state.approved[1].values, OtherValidValues());
  EXPECT_EQ(state.approved[1].decision, kDecision);
  EXPECT_EQ(state.correction, std::nullopt);
  EXPECT_EQ(Differences(state.approved[0].values, state.approved[1].values),
            (std::vector<std::string>{"choice.1", "choice.2"}));
}

// A summary approved despite a difference from its precincts keeps the decision that explains
// it (service/summaries.h decides when one is needed); an incomplete one is refused.
TEST(TransitionTest, AnApprovalKeepsTheDecisionExplainingADifference) {
  const ProtocolEntryState definitive = Definitive();
  Result<Transition> blank =
      Apply(ListForm(), definitive,
            {kChair, definitive.version, Approve{protocol::Decision{"5/12", "", "TEC-1", "late"}}});
  ASSERT_FALSE(blank.has_value());
  EXPECT_EQ(blank.error().code(), StatusCode::kInvalidArgument);

  Result<Transition> approved =
      Apply(ListForm(), definitive, {kChair, definitive.version, Approve{kDecision}});
  ASSERT_TRUE(approved.has_value()) << approved.error().ToString();
  EXPECT_EQ(approved->state.approved.back().reconciliation, kDecision);
  EXPECT_EQ(approved->state.approved.back().decision, std::nullopt);
  ASSERT_EQ(approved->events.size(), 1U);
  EXPECT_NE(approved->events[0].detail.find("explained by decision 12/45"), std::string::npos)
      << approved->events[0].detail;
  EXPECT_EQ(Approved().approved.back().reconciliation, std::nullopt);
  EXPECT_TRUE(Apply(ListForm(), definitive, {kChair, definitive.version, Approve{}})
                  ->events[0]
                  .detail.empty());
}

}  // namespace
}  // namespace esep::data_entry
