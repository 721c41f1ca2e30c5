#include "cli/progress_bar.h"

#include <gtest/gtest.h>

namespace esep::cli {
namespace {

TEST(ProgressBarTest, RendersTheShareDoneTheCountsAndTheRate) {
  EXPECT_EQ(ProgressBar::Render("protocols.csv", 900'000, 2'000'000, 2.0),
            "protocols.csv [##########              ]  45%  900,000 of 2,000,000  450,000/s");
  EXPECT_EQ(ProgressBar::Render("x", 0, 10, 0.0),
            "x [                        ]   0%  0 of 10  -/s");
  EXPECT_EQ(ProgressBar::Render("x", 10, 10, 1.0),
            "x [########################] 100%  10 of 10  10/s");
}

TEST(ProgressBarTest, NeverOverflowsTheBarOrDividesByZero) {
  EXPECT_EQ(ProgressBar::Render("x", 15, 10, 1.0),
            "x [########################] 100%  15 of 10  15/s");
  EXPECT_EQ(ProgressBar::Render("x", 5, 0, 1.0), "x [                        ]   0%  5 of 0  5/s");
}

TEST(ProgressBarTest, DisabledDrawsNothingAndFinishesOnce) {
  ProgressBar bar("quiet", 3, /*enabled=*/false);
  bar.Update(1);
  bar.Finish();
  bar.Finish();
  SUCCEED();
}

}  // namespace
}  // namespace esep::cli
