#include "service/summaries.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "service/entry_committer.h"
#include "service/internal/entry_store_test_util.h"
#include "service/protocol_history.h"
#include "storage/audit_event.h"
#include "tabulation/internal/toy_election_test_util.h"

namespace esep::service {
namespace {

using data_entry::EntryStatus;
using internal::kDistrict1;
using internal::kList;
using tabulation::toy::ToyProtocol;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// TEC-N's summary against its precincts P1 and P2: both precincts are approved (P1: 100 voters,
// 30 and 20 votes; P2: 80 voters, 25 and 15), then the summary is typed twice by two typists of
// TEC-N. ToyProtocol's figures are linear in its arguments, so the true sum is
// ToyProtocol("TEC-N", 180, {55, 35}).
class SummariesTest : public internal::EntryStoreTest {
 protected:
  void ApprovePrecincts(bool both = true) {
    EnterTwice("P1:list", P1Values());
    ASSERT_TRUE(Run(chair_, "P1:list", data_entry::Approve{}).has_value());
    if (both) {
      EnterTwice("P2:list", ValuesOf("P2:list", ToyProtocol("P2", kList, 80, {25, 15})), typist_,
                 tec_second_typist_);
      ASSERT_TRUE(Run(chair_, "P2:list", data_entry::Approve{}).has_value());
    }
  }
  void EnterSummary(const protocol::Protocol& summary) {
    EnterTwice("TEC-N:list", ValuesOf("TEC-N:list", summary), tec_typist_, tec_second_typist_);
  }
  SummaryView TecView() {
    Result<std::vector<SummaryView>> views = ReconcileCommissionSummaries(*store_, *desk_, "TEC-N");
    EXPECT_TRUE(views.has_value()) << views.error().ToString();
    EXPECT_EQ(views->size(), 1U);
    return views->front();
  }
  static protocol::Decision Explanation() {
    return {.number = "5/12",
            .date = "2026-12-08",
            .commission = "TEC-N",
            .reason = "P2's protocol arrived after the summary table was drawn up"};
  }

  access::User tec_typist_ = internal::MakeUser("31", access::Role::kTypist, "TEC-N");
  access::User tec_second_typist_ = internal::MakeUser("32", access::Role::kTypist, "TEC-N");
};

TEST_F(SummariesTest, BeforeAnythingTheChildrenSumIsShownAndNothingIsCompared) {
  const SummaryView view = TecView();
  EXPECT_EQ(view.protocol_id, "TEC-N:list");
  EXPECT_EQ(view.compared, SummaryCompared::kNone);
  EXPECT_EQ(view.children, 0);
  EXPECT_EQ(view.expected, 2);
  EXPECT_TRUE(view.matches());
  ASSERT_FALSE(view.lines.empty());
  for (const SummaryLine& line : view.lines) {
    EXPECT_EQ(line.summary, std::nullopt) << line.key;
    EXPECT_FALSE(line.differs) << line.key;
  }
  EXPECT_THAT(view.description, HasSubstr("no values to compare yet"));
}

TEST_F(SummariesTest, ASummaryThatAgreesIsApprovedWithoutADecision) {
  ApprovePrecincts();
  EnterSummary(ToyProtocol("TEC-N", kList, 180, {55, 35}));
  SummaryView view = TecView();
  EXPECT_EQ(view.compared, SummaryCompared::kDefinitive);
  EXPECT_EQ(view.children, 2);
  EXPECT_TRUE(view.matches()) << view.description;
  for (const SummaryLine& line : view.lines) {
    if (line.key == "voters_on_list") {
      EXPECT_EQ(line.summary, 180);
      EXPECT_EQ(line.children, 180);
    }
  }
  Result<data_entry::Transition> approved = Run(chair_, "TEC-N:list", data_entry::Approve{});
  ASSERT_TRUE(approved.has_value()) << approved.error().ToString();
  EXPECT_EQ(approved->state.approved.back().reconciliation, std::nullopt);
  view = TecView();
  EXPECT_EQ(view.compared, SummaryCompared::kApproved);
  EXPECT_TRUE(view.matches());
}

// The observers' case: a precinct's figures never entered into the summary table.
TEST_F(SummariesTest, ASummaryMissingAPrecinctIsBlockedUntilADecisionExplainsIt) {
  ApprovePrecincts();
  EnterSummary(ToyProtocol("TEC-N", kList, 100, {30, 20}));  // P1 only
  const SummaryView view = TecView();
  EXPECT_FALSE(view.matches());
  EXPECT_THAT(view.differences, ::testing::Contains("voters_on_list"));
  EXPECT_THAT(view.differences, ::testing::Contains("choice.1"));
  for (const SummaryLine& line : view.lines) {
    EXPECT_EQ(line.differs, line.summary != line.children && line.children.has_value()) << line.key;
  }
  EXPECT_THAT(view.description, HasSubstr("differs from the sum of its 2 of 2"));

  Result<data_entry::Transition> refused = Run(chair_, "TEC-N:list", data_entry::Approve{});
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.error().message(), HasSubstr("decision: "));
  EXPECT_THAT(refused.error().message(), HasSubstr("voters on the list"));
  EXPECT_EQ(ReadEntryState(*store_, "TEC-N:list")->status, EntryStatus::kDefinitive);

  protocol::Decision blank = Explanation();
  blank.reason = "  ";
  EXPECT_EQ(Run(chair_, "TEC-N:list", data_entry::Approve{.reconciliation = blank}).error().code(),
            StatusCode::kInvalidArgument);

  Result<data_entry::Transition> approved =
      Run(chair_, "TEC-N:list", data_entry::Approve{.reconciliation = Explanation()});
  ASSERT_TRUE(approved.has_value()) << approved.error().ToString();
  EXPECT_EQ(approved->state.approved.back().reconciliation, Explanation());
  // The decision is in the chain's approval event.
  Result<std::vector<storage::RecordedEvent>> events = store_->AuditEvents();
  ASSERT_TRUE(events.has_value());
  EXPECT_THAT(events->back().event.details,
              ::testing::Contains(::testing::Pair("detail", HasSubstr("decision 5/12"))));
  // It stays visible: the approved summary still differs from its precincts.
  EXPECT_FALSE(TecView().matches());
}

TEST_F(SummariesTest, AnApprovalWaitsForPrecinctsNotYetAccepted) {
  ApprovePrecincts(/*both=*/false);
  EnterSummary(ToyProtocol("TEC-N", kList, 180, {55, 35}));
  const SummaryView view = TecView();
  EXPECT_EQ(view.children, 1);
  EXPECT_FALSE(view.matches());
  EXPECT_EQ(Run(chair_, "TEC-N:list", data_entry::Approve{}).error().code(),
            StatusCode::kFailedPrecondition);
}

TEST_F(SummariesTest, TheCommitterAppliesTheSameGate) {
  ApprovePrecincts();
  EnterSummary(ToyProtocol("TEC-N", kList, 100, {30, 20}));
  Result<std::unique_ptr<storage::Store>> own = storage::OpenSqliteStore(path_);
  ASSERT_TRUE(own.has_value());
  EntryCommitter committer(std::shared_ptr<const EntryDesk>(desk_.get(), [](const EntryDesk*) {}),
                           EntryCommitter::OwnStore(std::move(*own)));
  const int64_t version = ReadEntryState(*store_, "TEC-N:list")->version;
  const auto submit = [&](data_entry::Approve approve) {
    return committer.SubmitAndWait(
        chair_, "TEC-N:list", {.actor = chair_.id, .expected_version = version, .action = approve},
        ActorOf(chair_));
  };
  EXPECT_EQ(submit({}).error().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(submit({.reconciliation = Explanation()}).has_value());
}

TEST_F(SummariesTest, PrecinctsHaveNoSummaryAndDistrictsHaveTheirContest) {
  EXPECT_TRUE(ReconcileCommissionSummaries(*store_, *desk_, "P1")->empty());
  EXPECT_EQ(ReconcileCommissionSummaries(*store_, *desk_, "NOWHERE").error().code(),
            StatusCode::kNotFound);
  Result<std::vector<SummaryView>> district =
      ReconcileCommissionSummaries(*store_, *desk_, "DEC-1");
  ASSERT_TRUE(district.has_value()) << district.error().ToString();
  ASSERT_EQ(district->size(), 1U);
  EXPECT_EQ(district->front().protocol_id, "DEC-1:d1");
  EXPECT_EQ(district->front().contest, kDistrict1);
  EXPECT_EQ(district->front().expected, 3);
}

// ---- A protocol's history (service/protocol_history.h) ----

TEST_F(SummariesTest, HistoryShowsEachVersionItsDecisionAndWhatChanged) {
  EnterTwice("P1:list", P1Values());
  Result<ProtocolHistory> history = ReadProtocolHistory(*store_, *desk_, "P1:list");
  ASSERT_TRUE(history.has_value());
  EXPECT_TRUE(history->versions.empty());
  ASSERT_TRUE(history->pending.has_value());
  EXPECT_TRUE(history->pending_changed.empty());  // nothing in force to differ from

  ASSERT_TRUE(Run(chair_, "P1:list", data_entry::Approve{}).has_value());
  const protocol::Decision recount{
      .number = "7/1", .date = "2026-12-08", .commission = "TEC-N", .reason = "recount ordered"};
  ASSERT_TRUE(Run(chair_, "P1:list", data_entry::OpenCorrection{recount}).has_value());
  history = ReadProtocolHistory(*store_, *desk_, "P1:list");
  EXPECT_EQ(history->correction, recount);
  EXPECT_EQ(history->pending, std::nullopt);

  // The recount moved 2 votes from Red to Blue.
  EnterTwice("P1:list", ValuesOf("P1:list", ToyProtocol("P1", kList, 100, {28, 22})));
  history = ReadProtocolHistory(*store_, *desk_, "P1:list");
  EXPECT_THAT(history->pending_changed, ElementsAre("choice.1", "choice.2"));
  ASSERT_TRUE(Run(chair_, "P1:list", data_entry::Approve{}).has_value());

  history = ReadProtocolHistory(*store_, *desk_, "P1:list");
  ASSERT_TRUE(history.has_value());
  EXPECT_EQ(history->status, EntryStatus::kApproved);
  EXPECT_EQ(history->correction, std::nullopt);
  ASSERT_EQ(history->versions.size(), 2U);
  EXPECT_EQ(history->versions[0].number, 1);
  EXPECT_EQ(history->versions[0].approved.decision, std::nullopt);
  EXPECT_TRUE(history->versions[0].changed.empty());
  EXPECT_EQ(history->versions[1].number, 2);
  EXPECT_EQ(history->versions[1].approved.decision, recount);
  EXPECT_THAT(history->versions[1].changed, ElementsAre("choice.1", "choice.2"));
  EXPECT_EQ(ReadProtocolHistory(*store_, *desk_, "P9:list").error().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace esep::service
