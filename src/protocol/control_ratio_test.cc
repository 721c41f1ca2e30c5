#include "protocol/control_ratio.h"

#include <set>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace esep::protocol {
namespace {

using ::testing::HasSubstr;

TEST(ControlRatioTest, EveryKazakhRuleSetHasTheCatalogue) {
  for (const char* rule_set : {"kz-majilis-2023", "kz-majilis-2012", "kz-majilis-2007"}) {
    SCOPED_TRACE(rule_set);
    Result<std::span<const ControlRatio>> ratios = ControlRatios(rule_set);
    ASSERT_TRUE(ratios.has_value());
    EXPECT_GE(ratios->size(), 10u);
  }
  Result<std::span<const ControlRatio>> unknown = ControlRatios("ru-duma-2021");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code(), StatusCode::kNotFound);
}

TEST(ControlRatioTest, EntriesAreCompleteAndIdsUnique) {
  std::set<std::string> ids;
  // Kept in a variable: a range-for over *ControlRatios(...) would outlive the temporary.
  const std::span<const ControlRatio> ratios = *ControlRatios("kz-majilis-2023");
  for (const ControlRatio& ratio : ratios) {
    SCOPED_TRACE(std::string(ratio.id));
    EXPECT_TRUE(ids.insert(std::string(ratio.id)).second);
    EXPECT_FALSE(ratio.left.empty());
    EXPECT_FALSE(ratio.right.empty());
    EXPECT_FALSE(ratio.message.empty());
    EXPECT_FALSE(ratio.source.empty());
    EXPECT_GE(ratio.tolerance, 0);
  }
}

TEST(ControlRatioTest, EquationsReadLikeTheProtocolForm) {
  const std::span<const ControlRatio> ratios = *ControlRatios("kz-majilis-2023");
  EXPECT_EQ(Equation(ratios[0]),
            "ballots received = ballots issued in the premises + ballots issued for mobile "
            "voting + unused (cancelled) ballots + spoiled ballots");
  EXPECT_THAT(Equation(ratios[1]), HasSubstr(" ≤ "));
  EXPECT_THAT(Equation(ratios.back()), HasSubstr("(party list) = "));
}

}  // namespace
}  // namespace esep::protocol
