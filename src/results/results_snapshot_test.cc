#include "results/results_snapshot.h"

#include <memory>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tabulation/internal/toy_election_test_util.h"

namespace esep::results {
namespace {

using tabulation::toy::kDistrict1;
using tabulation::toy::kList;
using tabulation::toy::ToyProtocol;

nlohmann::ordered_json Snapshot() {
  auto definition =
      std::make_shared<const model::ElectionDefinition>(tabulation::toy::ToyDefinition());
  ElectionResults results = *TabulateAccepted(
      definition,
      {ToyProtocol("P1", kList, 100, {30, 20}), ToyProtocol("P2", kList, 200, {10, 90}),
       ToyProtocol("P1", kDistrict1, 100, {10, 40})},
      {});
  SeatDecision seats = *DecideSeats(*definition, results.rule_set, *results.tabulator, 0);
  return MakeResultsSnapshot(results, seats, {std::string(64, 'a'), std::string(64, 'b'), 0});
}

TEST(ResultsSnapshotTest, HoldsEveryLevelAndEverySeat) {
  const nlohmann::ordered_json snapshot = Snapshot();
  EXPECT_EQ(snapshot["status"], "preliminary");
  // national, 1 region, 1 territorial commission, 1 district.
  ASSERT_EQ(snapshot["units"].size(), 4u);
  EXPECT_EQ(snapshot["units"][0]["choices"], (std::vector<int64_t>{40, 110}));
  EXPECT_EQ(snapshot["units"][0]["counts"]["valid ballots"], 150);
  EXPECT_EQ(snapshot["units"][3]["contest"], "district 1");
  EXPECT_EQ(snapshot["seats"]["list"][1]["seats_won"], 51);
  EXPECT_EQ(snapshot["seats"]["districts"][0]["elected"], "Bob");
  EXPECT_EQ(FirstMismatch(snapshot, Snapshot()), std::nullopt);
}

TEST(ResultsSnapshotTest, NamesTheFirstFigureThatDiffers) {
  nlohmann::ordered_json stored = Snapshot();
  stored["units"][2]["counts"]["valid ballots"] = 151;
  stored["seats"]["list"][0]["seats"] = 4;
  std::optional<SnapshotMismatch> mismatch = FirstMismatch(stored, Snapshot());
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_EQ(mismatch->where, "territorial TEC-N, list: counts: valid ballots");
  EXPECT_EQ(mismatch->stored, "151");
  EXPECT_EQ(mismatch->recomputed, "150");

  nlohmann::ordered_json seats_only = Snapshot();
  seats_only["seats"]["districts"][0]["elected"] = "Ann";
  mismatch = FirstMismatch(seats_only, Snapshot());
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_EQ(mismatch->where, "seats: districts[0]: elected");
  EXPECT_EQ(mismatch->stored, "\"Ann\"");

  nlohmann::ordered_json shorter = Snapshot();
  shorter["units"].erase(3);
  mismatch = FirstMismatch(shorter, Snapshot());
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_EQ(mismatch->where, "units: number of entries");
}

}  // namespace
}  // namespace esep::results
