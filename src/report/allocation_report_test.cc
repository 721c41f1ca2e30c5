#include "report/allocation_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace esep::report {
namespace {

using ::testing::HasSubstr;

law::ListAllocation Allocate(law::ApportionmentMethod method) {
  law::ListContestVotes votes;
  votes.lists = {{.name = "Alpha, United", .votes = 600},
                 {.name = "Beta", .votes = 300},
                 {.name = "Gamma", .votes = 40}};
  votes.against_all = 60;
  law::ListRules rules;
  rules.seats = 10;
  rules.threshold_percent = Fraction::Whole(5);
  rules.method = method;
  Result<law::ListAllocation> allocation = law::AllocateListSeats(votes, rules);
  EXPECT_TRUE(allocation.has_value()) << allocation.error().message();
  return *allocation;
}

TEST(AllocationReportTest, JsonCarriesExactFractionsAndSteps) {
  const nlohmann::json json = AllocationJson(Allocate(law::ApportionmentMethod::kHare));
  // Base 1000 (lists 940 + against all 60): Gamma's 4.00% is below 5%.
  EXPECT_EQ(json["totals"]["threshold_base"], 1000);
  EXPECT_EQ(json["totals"]["admitted_votes"], 900);
  EXPECT_EQ(json["quota"]["numerator"], 90);
  EXPECT_EQ(json["quota"]["denominator"], 1);
  ASSERT_EQ(json["allocation"].size(), 3u);
  EXPECT_EQ(json["allocation"][0]["party"], "Alpha, United");
  EXPECT_EQ(json["allocation"][0]["quotient"]["decimal"], "6.666667");
  EXPECT_EQ(json["allocation"][0]["seats"], 7);
  EXPECT_EQ(json["allocation"][1]["seats"], 3);
  EXPECT_EQ(json["allocation"][2]["admitted"], false);
  EXPECT_EQ(json["allocation"][2]["percent"], "4.00");
  EXPECT_FALSE(json["steps"].empty());
  EXPECT_EQ(json["rules"]["method"], "hare");
}

TEST(AllocationReportTest, DivisorJsonListsEveryAward) {
  const nlohmann::json json = AllocationJson(Allocate(law::ApportionmentMethod::kDHondt));
  ASSERT_EQ(json["awards"].size(), 10u);
  EXPECT_EQ(json["awards"][0]["party"], "Alpha, United");
  EXPECT_EQ(json["awards"][0]["divisor"], 1);
  EXPECT_TRUE(json["quota"].is_null());
}

TEST(AllocationReportTest, CsvQuotesNamesWithCommas) {
  const std::string csv = AllocationCsv(Allocate(law::ApportionmentMethod::kHare));
  EXPECT_THAT(csv,
              HasSubstr("\n\"Alpha, United\",600,60.00,passed,6.666667,6,60.000000,1,7,7,0\n"));
  EXPECT_THAT(csv, HasSubstr("\nGamma,40,4.00,below,,0,,0,0,0,0\n"));
}

TEST(AllocationReportTest, TextShowsRulesTableAndNumberedSteps) {
  const std::string text = AllocationText(Allocate(law::ApportionmentMethod::kHare));
  EXPECT_THAT(text, HasSubstr("Rules: 10 seats, largest remainder, Hare quota"));
  EXPECT_THAT(text, HasSubstr("Worked steps:"));
  EXPECT_THAT(text, HasSubstr("   1. Threshold: 5.00% of 1,000"));
}

}  // namespace
}  // namespace esep::report
