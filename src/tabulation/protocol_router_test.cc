#include "tabulation/protocol_router.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tabulation/internal/toy_election_test_util.h"

namespace esep::tabulation {
namespace {

using toy::kDistrict1;
using toy::kList;
using toy::ToyProtocol;

class ProtocolRouterTest : public ::testing::Test {
 protected:
  const model::ElectionDefinition definition_ = toy::ToyDefinition();
  ProtocolRouter router_ = *ProtocolRouter::Create(definition_);
};

TEST_F(ProtocolRouterTest, PrecinctProtocolsAreSummedAndSummariesKeptAside) {
  ASSERT_EQ(*router_.Add(ToyProtocol("P1", kList, 100, {30, 20})), ProtocolRoute::kPrecinct);
  ASSERT_EQ(*router_.Add(ToyProtocol("P2", kList, 200, {10, 90})), ProtocolRoute::kPrecinct);
  ASSERT_EQ(*router_.Add(ToyProtocol("TEC-N", kList, 300, {40, 110})), ProtocolRoute::kSummary);
  ASSERT_EQ(*router_.Add(ToyProtocol("CEC", kList, 300, {41, 109})), ProtocolRoute::kSummary);
  EXPECT_EQ(router_.tabulator().national().protocols, 2);
  EXPECT_EQ(router_.tabulator().national().sum.choice_votes, (std::vector<int64_t>{40, 110}));
  ASSERT_EQ(router_.summaries().size(), 2u);

  const Result<std::vector<Reconciliation>> reconciled = router_.Reconcile();
  ASSERT_TRUE(reconciled.has_value()) << reconciled.error().message();
  ASSERT_EQ(reconciled->size(), 2u);
  EXPECT_TRUE((*reconciled)[0].matches());
  EXPECT_FALSE((*reconciled)[1].matches());  // the CEC moved a vote from Blue to Red
}

TEST_F(ProtocolRouterTest, CheckAddsNothingAndRefusesWhatDoesNotBelong) {
  EXPECT_TRUE(router_.Check(ToyProtocol("P1", kList, 100, {30, 20})).ok());
  EXPECT_TRUE(router_.Check(ToyProtocol("TEC-N", kList, 100, {30, 20})).ok());
  EXPECT_EQ(router_.tabulator().national().protocols, 0);
  EXPECT_TRUE(router_.summaries().empty());

  EXPECT_EQ(router_.Check(ToyProtocol("NOWHERE", kList, 100, {30, 20})).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(router_.Check(ToyProtocol("P1", kList, 100, {30, 20, 5})).code(),
            StatusCode::kInvalidArgument);  // the ballot has two choices
  EXPECT_EQ(router_.Check(ToyProtocol("TEC-N", kDistrict1, 100, {30})).code(),
            StatusCode::kInvalidArgument);
}

TEST_F(ProtocolRouterTest, ASecondProtocolOfAPrecinctIsRefusedAndNothingIsAdded) {
  ASSERT_TRUE(router_.Add(ToyProtocol("P1", kList, 100, {30, 20})).has_value());
  const Result<ProtocolRoute> again = router_.Add(ToyProtocol("P1", kList, 100, {31, 19}));
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(router_.tabulator().national().sum.choice_votes, (std::vector<int64_t>{30, 20}));
}

TEST_F(ProtocolRouterTest, ASummaryOfAContestItDoesNotTabulateIsRefused) {
  const Result<ProtocolRoute> added = router_.Add(ToyProtocol("TEC-N", kDistrict1, 100, {30}));
  ASSERT_FALSE(added.has_value());
  EXPECT_TRUE(router_.summaries().empty());
}

}  // namespace
}  // namespace esep::tabulation
