#include "protocol/turnout_report.h"

#include <vector>

#include <gtest/gtest.h>

namespace esep::protocol {
namespace {

TEST(TurnoutReportTest, ClockTimesAreTwoDigitHoursAndMinutes) {
  EXPECT_TRUE(IsClockTime("10:00"));
  EXPECT_TRUE(IsClockTime("00:00"));
  EXPECT_TRUE(IsClockTime("23:59"));
  for (const char* bad :
       {"", "9:00", "10:0", "24:00", "10:60", "10-00", "1000", "10:00 ", "ab:cd"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(IsClockTime(bad));
  }
}

TEST(TurnoutReportTest, CountsThatRiseOrStayAreCumulative) {
  const std::vector<TurnoutReport> accepted = {{"P-1", "10:00", 100}, {"P-1", "14:00", 300}};
  EXPECT_EQ(CumulativeConflict({"P-1", "12:00", 100}, accepted), "");
  EXPECT_EQ(CumulativeConflict({"P-1", "12:00", 300}, accepted), "");
  EXPECT_EQ(CumulativeConflict({"P-1", "16:00", 300}, accepted), "");
  // The report at its own time is the one being replaced: it does not count.
  EXPECT_EQ(CumulativeConflict({"P-1", "14:00", 150}, accepted), "");
}

TEST(TurnoutReportTest, AFallNamesTheEarlierReport) {
  const std::vector<TurnoutReport> accepted = {{"P-1", "10:00", 1310}, {"P-1", "16:00", 2000}};
  EXPECT_EQ(CumulativeConflict({"P-1", "12:00", 1204}, accepted),
            "cumulative: 1,204 voters by 12:00 is fewer than the 1,310 already reported by 10:00 "
            "(the count of voters who received ballots cannot fall during the day)");
  EXPECT_EQ(CumulativeConflict({"P-1", "12:00", 2001}, accepted),
            "cumulative: 2,001 voters by 12:00 is more than the 2,000 already reported by the "
            "later time 16:00 (the count of voters who received ballots cannot fall during the "
            "day)");
}

TEST(TurnoutReportTest, OtherPrecinctsDoNotConstrain) {
  const std::vector<TurnoutReport> accepted = {{"P-2", "10:00", 5000}};
  EXPECT_EQ(CumulativeConflict({"P-1", "12:00", 1}, accepted), "");
}

}  // namespace
}  // namespace esep::protocol
