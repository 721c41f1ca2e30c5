#include "tabulation/summary_reconciliation.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tabulation/internal/toy_election_test_util.h"

namespace esep::tabulation {
namespace {

using ::testing::HasSubstr;

using toy::kDistrict1;
using toy::kList;
using toy::ToyDefinition;

protocol::Protocol Make(std::string commission, protocol::ContestRef contest, int64_t voters,
                        std::vector<int64_t> choices) {
  return toy::ToyProtocol(std::move(commission), contest, voters, std::move(choices));
}

class SummaryReconcilerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tabulator_.emplace(*Tabulator::Create(definition_));
    ASSERT_TRUE(tabulator_->Add(Make("P1", kList, 100, {30, 20})).ok());
    ASSERT_TRUE(tabulator_->Add(Make("P2", kList, 200, {10, 90})).ok());
    ASSERT_TRUE(tabulator_->Add(Make("P1", kDistrict1, 100, {40, 10})).ok());
  }

  const model::ElectionDefinition definition_ = ToyDefinition();
  std::optional<Tabulator> tabulator_;
  SummaryReconciler reconciler_ = *SummaryReconciler::Create(definition_);
};

TEST_F(SummaryReconcilerTest, AnHonestSummaryAgreesAtEveryLevel) {
  for (const char* commission : {"TEC-N", "REG-N", "CEC"}) {
    Result<Reconciliation> r =
        reconciler_.Reconcile(*tabulator_, Make(commission, kList, 300, {40, 110}));
    ASSERT_TRUE(r.has_value()) << commission << ": " << r.error().message();
    EXPECT_TRUE(r->matches()) << r->Describe();
    EXPECT_EQ(r->children, 2);
    EXPECT_EQ(r->expected, 2);
    EXPECT_THAT(r->Describe(), HasSubstr("agrees with the sum of its 2 of 2 precinct protocols"));
  }
}

TEST_F(SummaryReconcilerTest, EveryDifferingFigureIsNamedWithBothValues) {
  // The summary table moved 6 votes from Blue to Red and rounded the voters up.
  protocol::Protocol summary = Make("TEC-N", kList, 300, {46, 104});
  summary.voters_on_list = 310;
  Result<Reconciliation> r = reconciler_.Reconcile(*tabulator_, summary);
  ASSERT_TRUE(r.has_value()) << r.error().message();
  ASSERT_EQ(r->differences.size(), 3u);
  EXPECT_EQ(r->differences[0].figure, "voters on the list");
  EXPECT_EQ(r->differences[0].summary, 310);
  EXPECT_EQ(r->differences[0].children, 300);
  EXPECT_EQ(r->differences[1].figure, "votes for Red");
  EXPECT_EQ(r->differences[2].figure, "votes for Blue");
  EXPECT_EQ(r->differences[2].summary - r->differences[2].children, -6);
  EXPECT_THAT(r->Describe(),
              HasSubstr("votes for Red 46 on the summary, 40 in the precincts (+6)"));
  EXPECT_THAT(r->Describe(),
              HasSubstr("votes for Blue 104 on the summary, 110 in the precincts (-6)"));
}

TEST_F(SummaryReconcilerTest, ADistrictCommissionIsComparedWithItsDistrictAndSaysWhatIsMissing) {
  Result<Reconciliation> r =
      reconciler_.Reconcile(*tabulator_, Make("DEC-1", kDistrict1, 100, {41, 9}));
  ASSERT_TRUE(r.has_value()) << r.error().message();
  EXPECT_EQ(r->children, 1);
  EXPECT_EQ(r->expected, 2);
  ASSERT_EQ(r->differences.size(), 2u);
  EXPECT_EQ(r->differences[0].figure, "votes for Ann");
  EXPECT_THAT(r->Describe(), HasSubstr("not every precinct protocol is in yet"));
}

TEST_F(SummaryReconcilerTest, RefusesWhatIsNotASummaryOfItsOwnContest) {
  EXPECT_FALSE(reconciler_.IsSummaryCommission("P1"));
  EXPECT_TRUE(reconciler_.IsSummaryCommission("TEC-N"));
  // Check refuses exactly what Reconcile refuses, without a tabulator.
  EXPECT_TRUE(reconciler_.Check(Make("DEC-1", kDistrict1, 100, {41, 9})).ok());
  EXPECT_FALSE(reconciler_.Check(Make("DEC-1", kList, 100, {41, 9})).ok());
  EXPECT_FALSE(reconciler_.Check(Make("P2", kList, 100, {41, 9})).ok());
  EXPECT_FALSE(reconciler_.Check(Make("REG-N", kList, 100, {41, 9, 1})).ok());
  Result<Reconciliation> precinct =
      reconciler_.Reconcile(*tabulator_, Make("P1", kList, 100, {30, 20}));
  ASSERT_FALSE(precinct.has_value());
  EXPECT_THAT(precinct.error().message(),
              HasSubstr("'P1' is not a commission above the precincts"));
  Result<Reconciliation> wrong_contest =
      reconciler_.Reconcile(*tabulator_, Make("TEC-N", kDistrict1, 100, {30, 20}));
  ASSERT_FALSE(wrong_contest.has_value());
  EXPECT_THAT(wrong_contest.error().message(),
              HasSubstr("a territorial commission does not tabulate the district 1 contest"));
  Result<Reconciliation> short_ballot =
      reconciler_.Reconcile(*tabulator_, Make("CEC", kList, 300, {150}));
  ASSERT_FALSE(short_ballot.has_value());
  EXPECT_THAT(short_ballot.error().message(),
              HasSubstr("the summary protocol (list) has 1 choices, but the ballot has 2"));
}

}  // namespace
}  // namespace esep::tabulation
