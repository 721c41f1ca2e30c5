#include "fingerprints/klimek_decision.h"

#include <cstdint>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fingerprints/klimek_fingerprint.h"
#include "fingerprints/klimek_model.h"
#include "precincts/precinct_table.h"

namespace esep::fingerprints {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A fitted fingerprint of `precincts` precincts with the given fit and corner, as the decision
// sees it (no histogram needed).
KlimekFingerprint Fitted(int64_t precincts, double incremental, double extreme,
                         int64_t corner_precincts) {
  KlimekFingerprint f;
  f.precincts = precincts;
  f.precincts_used = precincts;
  f.fitted = true;
  f.fit.fraud.incremental = incremental;
  f.fit.fraud.extreme = extreme;
  f.corner.precincts = corner_precincts;
  f.corner.precinct_share = static_cast<double>(corner_precincts) / static_cast<double>(precincts);
  return f;
}

TEST(KlimekIncrementalThresholdTest, NeverReachedBelowTheMinimumAndFallingWithSize) {
  EXPECT_EQ(KlimekIncrementalThreshold(0), 1.0);
  EXPECT_EQ(KlimekIncrementalThreshold(kKlimekMinimumPrecincts - 1), 1.0);
  EXPECT_LT(KlimekIncrementalThreshold(kKlimekMinimumPrecincts), 1.0);
  double previous = 1;
  for (int64_t n = 20; n <= 1'000'000; n = n * 3 / 2) {
    SCOPED_TRACE(n);
    const double threshold = KlimekIncrementalThreshold(n);
    EXPECT_LE(threshold, previous);
    // Never below what the clean synthetic elections of 10,000 precincts reach (0.39 in 60).
    EXPECT_GE(threshold, 0.4);
    previous = threshold;
  }
}

TEST(KlimekDecisionTest, ExtremeFraudNeedsPrecinctsInTheCorner) {
  // f_e above its threshold but nobody in the corner: no statement about extreme fraud.
  KlimekFingerprint empty_corner = Fitted(10'000, 0.1, 0.02, 0);
  ApplyKlimekDecision(KlimekOptions{}, empty_corner);
  EXPECT_FALSE(empty_corner.flagged_extreme);
  EXPECT_FALSE(empty_corner.flagged);
  const std::string text = KlimekDecisionText(empty_corner);
  EXPECT_THAT(text, HasSubstr("Not flagged."));
  EXPECT_THAT(text, HasSubstr("0 precinct(s) at or above 95 %"));
  EXPECT_THAT(text, Not(HasSubstr("extreme fraud in")));
  EXPECT_THAT(text, Not(HasSubstr("ballot stuffing")));

  KlimekFingerprint few = Fitted(10'000, 0.1, 0.02, kKlimekMinimumCornerPrecincts - 1);
  ApplyKlimekDecision(KlimekOptions{}, few);
  EXPECT_FALSE(few.flagged_extreme);

  KlimekFingerprint populated = Fitted(10'000, 0.1, 0.02, 200);
  ApplyKlimekDecision(KlimekOptions{}, populated);
  EXPECT_TRUE(populated.flagged_extreme);
  EXPECT_FALSE(populated.flagged_incremental);
  EXPECT_TRUE(populated.flagged);
  EXPECT_THAT(KlimekDecisionText(populated),
              HasSubstr("200 precincts (2.00 %) report turnout and a leader's share both at or "
                        "above 95 %"));
}

TEST(KlimekDecisionTest, IncrementalThresholdFollowsTheSizeUnlessSet) {
  KlimekFingerprint small = Fitted(600, 0.6, 0, 0);
  ApplyKlimekDecision(KlimekOptions{}, small);
  EXPECT_EQ(small.incremental_threshold, KlimekIncrementalThreshold(600));
  EXPECT_FALSE(small.flagged);  // 0.6 is within what clean elections of 600 precincts reach

  KlimekFingerprint large = Fitted(50'000, 0.6, 0, 0);
  ApplyKlimekDecision(KlimekOptions{}, large);
  EXPECT_TRUE(large.flagged_incremental);
  EXPECT_THAT(KlimekDecisionText(large), HasSubstr("incremental fraud in f_i = 0.600"));

  KlimekOptions fixed;
  fixed.incremental_threshold = 0.5;
  KlimekFingerprint set = Fitted(600, 0.6, 0, 0);
  ApplyKlimekDecision(fixed, set);
  EXPECT_EQ(set.incremental_threshold, 0.5);
  EXPECT_TRUE(set.flagged_incremental);
}

TEST(KlimekDecisionTest, SmallElectionIsNotFittedAndSaysWhy) {
  const KlimekCleanModel clean{0.6, 0.1, 0.5, 0.1};
  // Widespread fraud, but only 12 precincts: nothing the fit could support.
  const KlimekFraudModel fraud{.incremental = 0.5, .extreme = 0.2};
  const precincts::PrecinctTable table = SimulateKlimekTable(clean, fraud, 12, 900, 4);
  Result<KlimekFingerprint> got = AnalyzeKlimek(table, KlimekOptions{});
  ASSERT_TRUE(got.has_value()) << got.error().message();
  EXPECT_FALSE(got->fitted);
  EXPECT_TRUE(got->too_few_precincts);
  EXPECT_FALSE(got->flagged);
  EXPECT_TRUE(got->model_counts.empty());
  const std::string text = KlimekText(*got);
  EXPECT_THAT(text, HasSubstr("not run: 12 precincts used, fewer than the 500 the fit needs"));
  EXPECT_THAT(text, Not(HasSubstr("FLAGGED")));
  EXPECT_EQ(KlimekJson(*got)["too_few_precincts"], true);
  EXPECT_EQ(KlimekJson(*got)["decision"]["flagged"], false);
}

TEST(KlimekDecisionTest, ModelCornerCountsTheCellsAtOrAboveTheCorner) {
  KlimekFingerprint f = Fitted(100, 0, 0, 0);
  f.bins = 20;  // 5-point cells: the corner at 95 % is the last cell on both axes
  f.corner.percent = 95;
  f.model_counts.assign(400, 0.0);
  f.model_counts[19 * 20 + 19] = 2.5;  // turnout and share in the last cell
  f.model_counts[19 * 20 + 18] = 7.0;  // share below 95 %
  f.model_counts[18 * 20 + 19] = 7.0;  // turnout below 95 %
  EXPECT_DOUBLE_EQ(KlimekModelCornerPrecincts(f), 2.5);
}

}  // namespace
}  // namespace esep::fingerprints
