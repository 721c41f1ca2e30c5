#include "fingerprints/klimek_fingerprint.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fingerprints/klimek_model.h"
#include "precincts/precinct_table.h"

namespace esep::fingerprints {
namespace {

using ::testing::HasSubstr;

precincts::PrecinctTable TwoChoiceTable() {
  precincts::PrecinctTable table;
  table.source = "hand cases";
  table.choice_names = {"A", "B"};
  return table;
}

void AddPrecinct(precincts::PrecinctTable& table, const std::string& id, int64_t registered,
                 int64_t ballots, int64_t valid, int64_t a, int64_t b) {
  const Status status = table.Add({.id = id,
                                   .group = "",
                                   .registered = registered,
                                   .ballots = ballots,
                                   .valid = valid,
                                   .votes = {a, b}});
  ASSERT_TRUE(status.ok()) << status.message();
}

TEST(KlimekBinTest, FloorOfTheScaledRatioWithOneHundredPercentInTheLastBin) {
  struct Case {
    const char* name;
    int64_t numerator;
    int64_t denominator;
    int bins;
    int want;
  };
  const Case cases[] = {
      {"zero", 0, 1000, 100, 0},
      {"hundred_percent", 1000, 1000, 100, 99},
      {"just_below_hundred", 999, 1000, 100, 99},
      {"exactly_on_an_edge_goes_up", 500, 1000, 100, 50},
      {"just_below_an_edge", 499, 1000, 100, 49},
      {"a_third", 1, 3, 100, 33},
      {"two_thirds", 2, 3, 100, 66},
      {"one_bin", 7, 9, 1, 0},
      {"one_bin_full", 9, 9, 1, 0},
      {"ten_bins_edge", 3, 10, 10, 3},
      // (2^62 - 1) / (2^63 - 2) is exactly one half; one less is just below it.
      {"huge_counts_half", std::numeric_limits<int64_t>::max() / 2,
       std::numeric_limits<int64_t>::max() - 1, 1000, 500},
      {"huge_counts_below_half", std::numeric_limits<int64_t>::max() / 2 - 1,
       std::numeric_limits<int64_t>::max() - 1, 1000, 499},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(KlimekBin(c.numerator, c.denominator, c.bins), c.want);
  }
}

TEST(AnalyzeKlimekTest, HandCasesLandInTheirBinsIncludingTheEdges) {
  precincts::PrecinctTable table = TwoChoiceTable();
  // Leader overall: A (1,011 votes to 148).
  AddPrecinct(table, "full", 1000, 1000, 1000, 1000, 0);  // turnout 100 %, share 100 %: (9, 9)
  AddPrecinct(table, "empty-share", 100, 50, 40, 0, 40);  // turnout 50 %, share 0 %: (5, 0)
  AddPrecinct(table, "edge", 200, 20, 20, 2, 18);         // turnout 10 %, share 10 %: (1, 1)
  AddPrecinct(table, "below-edge", 1000, 99, 99, 9, 90);  // 9.9 %, 9.09 %: (0, 0)
  AddPrecinct(table, "no-voters", 0, 0, 0, 0, 0);         // left out: no registered voters
  AddPrecinct(table, "no-valid", 100, 5, 0, 0, 0);        // left out: no valid ballots
  KlimekOptions options;
  options.bins = 10;
  options.fit = KlimekModelFit::kNo;
  Result<KlimekFingerprint> got = AnalyzeKlimek(table, options);
  ASSERT_TRUE(got.has_value()) << got.error().message();
  const KlimekFingerprint& f = *got;
  EXPECT_EQ(f.leader, "A");
  EXPECT_EQ(f.precincts, 6);
  EXPECT_EQ(f.precincts_used, 4);
  EXPECT_EQ(f.without_registered, 1);
  EXPECT_EQ(f.without_valid, 1);
  std::vector<int64_t> want(100, 0);
  want[9 * 10 + 9] = 1;
  want[5 * 10 + 0] = 1;
  want[1 * 10 + 1] = 1;
  want[0 * 10 + 0] = 1;
  EXPECT_EQ(f.counts, want);
  EXPECT_EQ(f.turnout_precincts, (std::vector<int64_t>{1, 1, 0, 0, 0, 1, 0, 0, 0, 1}));
  EXPECT_EQ(f.turnout_ballots, (std::vector<int64_t>{99, 20, 0, 0, 0, 50, 0, 0, 0, 1000}));
  EXPECT_EQ(f.turnout_leader_votes, (std::vector<int64_t>{9, 2, 0, 0, 0, 0, 0, 0, 0, 1000}));
  EXPECT_EQ(f.share_precincts, (std::vector<int64_t>{2, 1, 0, 0, 0, 0, 0, 0, 0, 1}));
  EXPECT_EQ(f.share_leader_votes, (std::vector<int64_t>{9, 2, 0, 0, 0, 0, 0, 0, 0, 1000}));
  EXPECT_EQ(f.registered, 2300);
  EXPECT_EQ(f.ballots, 1169);
  EXPECT_EQ(f.leader_votes, 1011);
  EXPECT_EQ(f.corner.precincts, 1);
  EXPECT_EQ(f.corner.ballots, 1000);
  EXPECT_DOUBLE_EQ(f.corner.precinct_share, 0.25);
  EXPECT_DOUBLE_EQ(f.corner.ballot_share, 1000.0 / 1169.0);
  EXPECT_DOUBLE_EQ(f.corner.leader_vote_share, 1000.0 / 1011.0);
  EXPECT_FALSE(f.fitted);
  EXPECT_FALSE(f.flagged);
}

TEST(AnalyzeKlimekTest, CornerIsDecidedExactlyAtNinetyFivePercent) {
  precincts::PrecinctTable table = TwoChoiceTable();
  AddPrecinct(table, "on", 1000, 950, 900, 855, 45);             // 95 % and 95 %: in
  AddPrecinct(table, "turnout-short", 1000, 949, 900, 855, 45);  // 94.9 %: out
  AddPrecinct(table, "share-short", 1000, 950, 901, 855, 46);    // 94.9 %: out
  KlimekOptions options;
  options.fit = KlimekModelFit::kNo;
  Result<KlimekFingerprint> got = AnalyzeKlimek(table, options);
  ASSERT_TRUE(got.has_value()) << got.error().message();
  EXPECT_EQ(got->corner.precincts, 1);
  EXPECT_EQ(got->corner.registered, 1000);
  EXPECT_EQ(got->corner.leader_votes, 855);
  // 95 % exactly lands in bin 95 at 100 bins.
  EXPECT_EQ(got->counts[95 * 100 + 95], 1);
}

TEST(AnalyzeKlimekTest, RejectsBadOptionsAndEmptyTables) {
  precincts::PrecinctTable table = TwoChoiceTable();
  KlimekOptions options;
  options.fit = KlimekModelFit::kNo;
  Result<KlimekFingerprint> none = AnalyzeKlimek(table, options);
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(none.error().message(), HasSubstr("none of its 0 precincts"));

  AddPrecinct(table, "p", 100, 50, 50, 30, 20);
  options.bins = 0;
  EXPECT_FALSE(AnalyzeKlimek(table, options).has_value());
  options.bins = 100;
  options.corner_percent = 101;
  EXPECT_FALSE(AnalyzeKlimek(table, options).has_value());
  options.corner_percent = 95;
  options.fit = KlimekModelFit::kYes;
  options.fit_options.model_precincts = 0;
  Result<KlimekFingerprint> bad_fit = AnalyzeKlimek(table, options);
  ASSERT_FALSE(bad_fit.has_value());
  EXPECT_THAT(bad_fit.error().message(), HasSubstr("model precincts"));

  options.fit_options.model_precincts = 1000;
  options.fit_options.thetas = {0.0, 0.2};
  Result<KlimekFingerprint> bad_theta = AnalyzeKlimek(table, options);
  ASSERT_FALSE(bad_theta.has_value());
  EXPECT_THAT(bad_theta.error().message(), HasSubstr("theta 0"));
  options.fit_options.thetas = {0.2};
  options.fit_options.alphas = {-1};
  EXPECT_FALSE(AnalyzeKlimek(table, options).has_value());

  precincts::PrecinctTable no_choices;
  EXPECT_FALSE(AnalyzeKlimek(no_choices, KlimekOptions{}).has_value());
}

KlimekOptions FastFit() {
  KlimekOptions options;
  options.fit_options.model_precincts = 20'000;
  return options;
}

// A rough fit for tests that check plumbing rather than accuracy.
KlimekOptions QuickFit() {
  KlimekOptions options;
  options.fit_options.model_precincts = 10'000;
  options.fit_options.thetas = {0.15, 0.3};
  options.fit_options.alphas = {1};
  options.fit_options.clean_iterations = 10;
  options.fit_options.theta_refinements = 2;
  return options;
}

TEST(AnalyzeKlimekTest, CleanSimulatedElectionIsNotFlagged) {
  const KlimekCleanModel clean{0.62, 0.08, 0.55, 0.07};
  const precincts::PrecinctTable table =
      SimulateKlimekTable(clean, KlimekFraudModel{}, 10'000, 1500, 7);
  Result<KlimekFingerprint> got = AnalyzeKlimek(table, FastFit());
  ASSERT_TRUE(got.has_value()) << got.error().message();
  EXPECT_TRUE(got->fitted);
  // Noise alone gives f_i up to a few percent at 10,000 precincts (docs/forensics-klimek.md).
  EXPECT_LT(got->fit.fraud.incremental, 0.08);
  EXPECT_LT(got->fit.fraud.extreme, 0.001);
  EXPECT_FALSE(got->flagged);
  EXPECT_EQ(got->corner.precincts, 0);
  EXPECT_NEAR(got->fit.clean.turnout_mean, 0.62, 0.01);
  EXPECT_NEAR(got->fit.clean.turnout_sd, 0.08, 0.01);
  EXPECT_NEAR(got->fit.clean.share_mean, 0.55, 0.01);
  EXPECT_NEAR(got->fit.clean.share_sd, 0.07, 0.01);
  // The fitted model's histogram sums to the precincts used.
  double total = 0;
  for (double c : got->model_counts) {
    total += c;
  }
  EXPECT_NEAR(total, 10'000, 1e-3);
}

TEST(AnalyzeKlimekTest, RecoversInjectedIncrementalAndExtremeFraud) {
  const KlimekCleanModel clean{0.6, 0.09, 0.52, 0.08};
  const KlimekFraudModel fraud{.incremental = 0.2, .extreme = 0.03, .theta = 0.15, .alpha = 1};
  const precincts::PrecinctTable table = SimulateKlimekTable(clean, fraud, 20'000, 1500, 11);
  Result<KlimekFingerprint> got = AnalyzeKlimek(table, FastFit());
  ASSERT_TRUE(got.has_value()) << got.error().message();
  EXPECT_NEAR(got->fit.fraud.incremental, 0.2, 0.1);
  EXPECT_NEAR(got->fit.fraud.extreme, 0.03, 0.01);
  EXPECT_TRUE(got->flagged);
  EXPECT_GT(got->corner.precincts, 300);  // most of the 600 extreme precincts
  EXPECT_LT(got->fit.deviance, got->fit.deviance_clean);
}

TEST(AnalyzeKlimekTest, FitIsDeterministicGivenTheSeed) {
  const KlimekCleanModel clean{0.6, 0.09, 0.52, 0.08};
  const KlimekFraudModel fraud{.incremental = 0.1, .extreme = 0.01};
  const precincts::PrecinctTable table = SimulateKlimekTable(clean, fraud, 3000, 800, 3);
  Result<KlimekFingerprint> first = AnalyzeKlimek(table, QuickFit());
  Result<KlimekFingerprint> second = AnalyzeKlimek(table, QuickFit());
  ASSERT_TRUE(first.has_value() && second.has_value());
  EXPECT_EQ(first->fit.fraud.incremental, second->fit.fraud.incremental);
  EXPECT_EQ(first->fit.fraud.extreme, second->fit.fraud.extreme);
  EXPECT_EQ(first->model_counts, second->model_counts);
}

TEST(KlimekRenderTest, TextAndJsonCarryTheNumbersAndTheCaveats) {
  const KlimekCleanModel clean{0.6, 0.09, 0.52, 0.08};
  precincts::PrecinctTable table = SimulateKlimekTable(clean, KlimekFraudModel{}, 2000, 1000, 5);
  KlimekOptions options = QuickFit();
  options.bins = 20;
  Result<KlimekFingerprint> got = AnalyzeKlimek(table, options);
  ASSERT_TRUE(got.has_value()) << got.error().message();
  const std::string text = KlimekText(*got);
  EXPECT_THAT(text, HasSubstr("SYNTHETIC"));
  EXPECT_THAT(text, HasSubstr("f_i = "));
  EXPECT_THAT(text, HasSubstr("not proof of fraud"));
  EXPECT_THAT(text, HasSubstr("Top-right corner (turnout >= 95 %"));
  const nlohmann::json j = KlimekJson(*got);
  EXPECT_EQ(j["bins"], 20);
  EXPECT_EQ(j["counts"].size(), 400U);
  EXPECT_EQ(j["model_counts"].size(), 400U);
  EXPECT_EQ(j["precincts_used"], 2000);
  EXPECT_EQ(j["synthetic"], true);
  EXPECT_EQ(j["fit"]["incremental"].get<double>(), got->fit.fraud.incremental);
  EXPECT_EQ(j["decision"]["flagged"], got->flagged);
  EXPECT_FALSE(j["limits"].empty());
  EXPECT_FALSE(j["reading_guide"].get<std::string>().empty());
}

}  // namespace
}  // namespace esep::fingerprints
