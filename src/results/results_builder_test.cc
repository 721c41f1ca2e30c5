#include "results/results_builder.h"

#include <algorithm>
#include <memory>
#include <random>
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

// Every kind of protocol: two precincts (each with two contests that disagree on the ballots
// issued, a warning), two summaries (TEC-N's moves 5 votes) and two that do not fit the definition.
std::vector<protocol::Protocol> Mixed() {
  return {
      ToyProtocol("P1", kList, 100, {30, 20}),     ToyProtocol("P1", kDistrict1, 100, {40, 20}),
      ToyProtocol("P2", kList, 200, {10, 90}),     ToyProtocol("P2", kDistrict1, 200, {60, 50}),
      ToyProtocol("TEC-N", kList, 300, {45, 105}), ToyProtocol("DEC-1", kDistrict1, 300, {100, 50}),
      ToyProtocol("P9", kList, 10, {5, 5}),        ToyProtocol("TEC-N", kDistrict1, 10, {5, 5})};
}

ElectionResults Build(const std::vector<protocol::Protocol>& protocols) {
  Result<ResultsBuilder> builder = ResultsBuilder::Create(SharedToyDefinition());
  EXPECT_TRUE(builder.has_value()) << builder.error().message();
  for (const protocol::Protocol& p : protocols) {
    builder->Add(p);
  }
  EXPECT_EQ(builder->added(), static_cast<int64_t>(protocols.size()));
  Result<ElectionResults> results = std::move(*builder).Finish({});
  EXPECT_TRUE(results.has_value()) << results.error().message();
  return std::move(*results);
}

// What a result lists, in its order: the summaries with their reconciliation, the
// untabulated protocols, the precinct findings, and the national and district sums.
std::vector<std::string> Listing(const ElectionResults& results) {
  std::vector<std::string> lines;
  for (size_t i = 0; i < results.summary_protocols.size(); ++i) {
    lines.push_back(fmt::format("summary {} {}: {}", results.summary_protocols[i].commission_id,
                                results.summary_protocols[i].contest.ToString(),
                                results.reconciliations[i].matches() ? "matches" : "differs"));
  }
  for (const std::string& reason : results.untabulated) {
    lines.push_back("untabulated " + reason);
  }
  for (const protocol::Finding& finding : results.precinct_findings) {
    lines.push_back(fmt::format("finding {} {}", finding.rule_id, finding.location));
  }
  lines.push_back(
      fmt::format("national {}", fmt::join(results.tabulator->national().sum.choice_votes, " ")));
  lines.push_back(fmt::format("district 1 {}",
                              fmt::join(results.tabulator->districts()[0].sum.choice_votes, " ")));
  return lines;
}

TEST(ResultsBuilderTest, TheResultIsTheSameWhateverTheOrderOfArrival) {
  const std::vector<protocol::Protocol> protocols = Mixed();
  Result<ElectionResults> sorted = TabulateAccepted(SharedToyDefinition(), protocols, {});
  ASSERT_TRUE(sorted.has_value()) << sorted.error().message();
  const std::vector<std::string> expected = Listing(*sorted);
  ASSERT_EQ(expected.size(), 8u);  // two summaries, two untabulated, two findings, two sums
  std::vector<protocol::Protocol> shuffled = protocols;
  std::mt19937 random(7);
  for (int round = 0; round < 20; ++round) {
    std::shuffle(shuffled.begin(), shuffled.end(), random);
    EXPECT_EQ(Listing(Build(shuffled)), expected) << "round " << round;
  }
}

TEST(ResultsBuilderTest, APrecinctsTwoProtocolsAreCheckedWhenOthersCameBetween) {
  // P1's district protocol arrives after all of P2's: it waited, and is still checked.
  std::vector<protocol::Protocol> protocols = Mixed();
  std::swap(protocols[1], protocols[3]);
  std::swap(protocols[1], protocols[2]);
  ASSERT_EQ(protocols[3].commission_id, "P1");
  const ElectionResults results = Build(protocols);
  ASSERT_EQ(results.precinct_findings.size(), 2u);
  EXPECT_EQ(results.precinct_findings[0].rule_id, "KZ-10");
  EXPECT_THAT(results.precinct_findings[0].location, HasSubstr("P1"));
  EXPECT_THAT(results.precinct_findings[1].location, HasSubstr("P2"));
}

TEST(ResultsBuilderTest, KeepsNoProtocolAndCountsWhatItWasGiven) {
  const ElectionResults results = Build(Mixed());
  EXPECT_TRUE(results.precinct_protocols.empty());
  EXPECT_EQ(results.status(), ResultStatus::kFinal);
  EXPECT_THAT(results.untabulated,
              ElementsAre(HasSubstr("P9 (list)"), HasSubstr("TEC-N (district 1)")));
}

}  // namespace
}  // namespace esep::results
