#include "results/election_results.h"

#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tabulation/internal/toy_election_test_util.h"

namespace esep::results {
namespace {

using tabulation::toy::kDistrict1;
using tabulation::toy::kList;
using tabulation::toy::SharedToyDefinition;
using tabulation::toy::ToyProtocol;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<protocol::Protocol> EveryPrecinct() {
  return {ToyProtocol("P1", kList, 100, {30, 20}), ToyProtocol("P1", kDistrict1, 100, {40, 10}),
          ToyProtocol("P2", kList, 200, {10, 90}), ToyProtocol("P2", kDistrict1, 200, {60, 40})};
}

TEST(ElectionResultsTest, EveryProtocolInAndNoCorrectionOpenIsFinal) {
  Result<ElectionResults> results = TabulateAccepted(SharedToyDefinition(), EveryPrecinct(), {});
  ASSERT_TRUE(results.has_value()) << results.error().message();
  EXPECT_EQ(results->status(), ResultStatus::kFinal);
  EXPECT_TRUE(results->PreliminaryReasons().empty());
  EXPECT_EQ(results->tabulator->national().sum.choice_votes, (std::vector<int64_t>{40, 110}));
  EXPECT_EQ(results->tabulator->districts()[0].sum.choice_votes, (std::vector<int64_t>{100, 50}));
  EXPECT_EQ(results->precinct_protocols.size(), 4u);
  EXPECT_TRUE(results->untabulated.empty());
  EXPECT_TRUE(results->precinct_findings.empty());
}

TEST(ElectionResultsTest, MissingProtocolsAndOpenCorrectionsKeepItPreliminary) {
  std::vector<protocol::Protocol> three = EveryPrecinct();
  three.pop_back();
  Result<ElectionResults> results = TabulateAccepted(SharedToyDefinition(), three, {"P1"});
  ASSERT_TRUE(results.has_value()) << results.error().message();
  EXPECT_EQ(results->status(), ResultStatus::kPreliminary);
  EXPECT_THAT(results->PreliminaryReasons(),
              ElementsAre("1 of 2 precinct district protocols accepted",
                          "1 commission(s) have a correction submitted without a decision, "
                          "still open"));
  EXPECT_EQ(ResultStatusName(results->status()), "preliminary");
}

TEST(ElectionResultsTest, SummariesAreReconciledWhateverTheOrderOfArrival) {
  std::vector<protocol::Protocol> protocols = EveryPrecinct();
  // The territorial summary arrives first and moves 5 votes; the district summary is honest.
  protocols.insert(protocols.begin(), ToyProtocol("TEC-N", kList, 300, {45, 105}));
  protocols.push_back(ToyProtocol("DEC-1", kDistrict1, 300, {100, 50}));
  Result<ElectionResults> results = TabulateAccepted(SharedToyDefinition(), protocols, {});
  ASSERT_TRUE(results.has_value()) << results.error().message();
  ASSERT_EQ(results->reconciliations.size(), 2u);
  EXPECT_EQ(results->summary_protocols.size(), 2u);
  int mismatches = 0;
  for (const tabulation::Reconciliation& r : results->reconciliations) {
    if (!r.matches()) {
      ++mismatches;
      EXPECT_EQ(r.commission_id, "TEC-N");
      EXPECT_THAT(r.Describe(), HasSubstr("votes for Red 45 on the summary, 40 in the precincts"));
    }
  }
  EXPECT_EQ(mismatches, 1);
  // Precinct sums are not changed by summaries.
  EXPECT_EQ(results->tabulator->national().sum.choice_votes, (std::vector<int64_t>{40, 110}));
  // DEC-1 sorts before the precincts and TEC-N after them: the precinct protocols are the four,
  // in order, each with its own figures.
  std::vector<std::string> precincts;
  for (const protocol::Protocol& p : results->precinct_protocols) {
    precincts.push_back(
        fmt::format("{} {} {}", p.commission_id, p.contest.ToString(), p.choice_votes[0]));
  }
  EXPECT_THAT(precincts,
              ElementsAre("P1 list 30", "P1 district 1 40", "P2 list 10", "P2 district 1 60"));
}

TEST(ElectionResultsTest, ProtocolsThatDoNotFitTheDefinitionAreListedNotCounted) {
  std::vector<protocol::Protocol> protocols = EveryPrecinct();
  protocols.push_back(ToyProtocol("P9", kList, 10, {5, 5}));
  protocols.push_back(ToyProtocol("TEC-N", kDistrict1, 10, {5, 5}));
  Result<ElectionResults> results = TabulateAccepted(SharedToyDefinition(), protocols, {});
  ASSERT_TRUE(results.has_value()) << results.error().message();
  ASSERT_EQ(results->untabulated.size(), 2u);
  EXPECT_THAT(results->untabulated[0], HasSubstr("P9 (list): 'P9' is not a precinct commission"));
  EXPECT_THAT(results->untabulated[1], HasSubstr("TEC-N (district 1)"));
  EXPECT_EQ(results->tabulator->national().sum.choice_votes, (std::vector<int64_t>{40, 110}));
}

TEST(ElectionResultsTest, APrecinctWhoseTwoContestsIssuedDifferentBallotsIsAWarning) {
  std::vector<protocol::Protocol> protocols = EveryPrecinct();
  protocols[1] = ToyProtocol("P1", kDistrict1, 100, {40, 20});  // 60 issued against 50
  Result<ElectionResults> results = TabulateAccepted(SharedToyDefinition(), protocols, {});
  ASSERT_TRUE(results.has_value()) << results.error().message();
  ASSERT_EQ(results->precinct_findings.size(), 1u);
  EXPECT_EQ(results->precinct_findings[0].rule_id, "KZ-10");
  EXPECT_EQ(results->precinct_findings[0].severity, protocol::Severity::kWarning);
}

}  // namespace
}  // namespace esep::results
