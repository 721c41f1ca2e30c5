#include "base/work_control.h"

#include <atomic>
#include <vector>

#include <gtest/gtest.h>

namespace esep {
namespace {

TEST(WorkControlTest, DefaultReportsNowhereAndIsNeverCancelled) {
  const WorkControl control;
  control.Report({.task = "rows", .done = 1, .total = 2});
  EXPECT_FALSE(control.cancelled());
  EXPECT_TRUE(control.CheckCancelled("import").ok());
}

TEST(WorkControlTest, ReportsEveryProgressToTheCallback) {
  std::vector<int64_t> seen;
  const WorkControl control([&](const Progress& p) { seen.push_back(p.done); });
  control.Report({.task = "rows", .done = 1, .total = 3});
  control.Report({.task = "rows", .done = 3, .total = 3, .finished = true});
  EXPECT_EQ(seen, (std::vector<int64_t>{1, 3}));
}

TEST(WorkControlTest, CancelFlagSetLaterStopsTheOperation) {
  std::atomic<bool> stop = false;
  const WorkControl control(nullptr, &stop);
  EXPECT_TRUE(control.CheckCancelled("import").ok());
  stop = true;
  EXPECT_TRUE(control.cancelled());
  const Status status = control.CheckCancelled("import");
  EXPECT_EQ(status.code(), StatusCode::kCancelled);
  EXPECT_NE(status.message().find("import"), std::string::npos);
}

}  // namespace
}  // namespace esep
