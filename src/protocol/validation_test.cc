#include "protocol/validation.h"

#include <functional>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace esep::protocol {
namespace {

using ::testing::HasSubstr;

// A precinct's party-list protocol whose every control ratio holds (synthetic figures):
// 1,000 voters (12 added today), 1,010 ballots received; 600 issued in the premises (5 on
// absentee certificates) and 20 for mobile voting; 385 unused, 5 spoiled; 598 + 19 in the boxes;
// 7 invalid, 610 valid = 400 + 150 + 50 for three lists + 10 against all.
Protocol Consistent() {
  Protocol p;
  p.commission_id = "PEC 0107-015";
  p.voters_on_list = 1000;
  p.voters_added_on_day = 12;
  p.ballots_received = 1010;
  p.ballots_issued_premises = 600;
  p.ballots_issued_mobile = 20;
  p.ballots_issued_absentee = 5;
  p.ballots_unused = 385;
  p.ballots_spoiled = 5;
  p.ballots_in_stationary_boxes = 598;
  p.ballots_in_mobile_boxes = 19;
  p.invalid_ballots = 7;
  p.valid_ballots = 610;
  p.choice_votes = {400, 150, 50};
  p.against_all = 10;
  return p;
}

std::span<const ControlRatio> Ratios() {
  Result<std::span<const ControlRatio>> ratios = ControlRatios("kz-majilis-2023");
  EXPECT_TRUE(ratios.has_value());
  return *ratios;
}

TEST(ValidationTest, AConsistentProtocolHasNoFindings) {
  const ValidationReport report = Validate(Consistent(), Ratios());
  EXPECT_TRUE(report.findings.empty()) << report.findings.front().message;
  EXPECT_TRUE(report.accepted());
}

struct Breach {
  const char* rule;
  Severity severity;
  std::function<void(Protocol&)> change;
};

TEST(ValidationTest, EachRatioCatchesItsOwnBreach) {
  const Breach breaches[] = {
      {"KZ-01", Severity::kError, [](Protocol& p) { p.ballots_received = 1030; }},
      // 5 more ballots in the boxes than issued; the valid count follows so KZ-03 still holds.
      {"KZ-02", Severity::kError,
       [](Protocol& p) {
         p.ballots_in_stationary_boxes = 606;
         p.valid_ballots = 599 + 19;
         p.choice_votes = {408, 150, 50};
       }},
      {"KZ-03", Severity::kError,
       [](Protocol& p) {
         p.invalid_ballots = 9;  // 610 + 9 = 619, but 617 in the boxes
       }},
      {"KZ-04", Severity::kError,
       [](Protocol& p) {
         p.choice_votes = {401, 150, 50};
       }},
      // More issued than voters on the list; received and unused follow so KZ-01 holds.
      {"KZ-05", Severity::kError,
       [](Protocol& p) {
         p.voters_on_list = 610;
         p.voters_added_on_day = 0;
       }},
      {"KZ-06", Severity::kError,
       [](Protocol& p) {
         p.ballots_in_mobile_boxes = 21;
         p.ballots_in_stationary_boxes = 596;
       }},
      {"KZ-07", Severity::kError, [](Protocol& p) { p.ballots_issued_absentee = 601; }},
      {"KZ-08", Severity::kError, [](Protocol& p) { p.voters_added_on_day = 1001; }},
      {"KZ-09", Severity::kWarning, [](Protocol& p) { p.turnout_reported_during_day = 700; }},
  };
  for (const Breach& breach : breaches) {
    SCOPED_TRACE(breach.rule);
    Protocol protocol = Consistent();
    breach.change(protocol);
    const ValidationReport report = Validate(protocol, Ratios());
    ASSERT_EQ(report.findings.size(), 1u);
    const Finding& finding = report.findings[0];
    EXPECT_EQ(finding.rule_id, breach.rule) << finding.message;
    EXPECT_EQ(finding.severity, breach.severity);
    EXPECT_EQ(report.accepted(), breach.severity == Severity::kWarning);
    EXPECT_THAT(finding.message, HasSubstr("PEC 0107-015, list"));
    EXPECT_FALSE(finding.figures.empty());
  }
}

TEST(ValidationTest, FindingsNameTheFiguresAndHowFarApartTheyAre) {
  Protocol protocol = Consistent();
  protocol.ballots_received = 1030;
  const ValidationReport report = Validate(protocol, Ratios());
  ASSERT_EQ(report.findings.size(), 1u);
  const Finding& finding = report.findings[0];
  EXPECT_EQ(finding.left, 1030);
  EXPECT_EQ(finding.right, 1010);
  ASSERT_EQ(finding.figures.size(), 5u);
  EXPECT_EQ(finding.figures[0].figure, Figure::kBallotsReceived);
  EXPECT_EQ(finding.figures[0].value, 1030);
  EXPECT_THAT(finding.message, HasSubstr("ballots received (1,030) should be equal to ballots "
                                         "issued in the premises (600) + ballots issued for "
                                         "mobile voting (20) + unused (cancelled) ballots (385) + "
                                         "spoiled ballots (5) = 1,010, but they are 20 apart"));
  EXPECT_THAT(finding.message, HasSubstr("Every ballot received must be accounted for"));
}

TEST(ValidationTest, DaytimeTurnoutIsCheckedOnlyWhenReported) {
  Protocol protocol = Consistent();
  protocol.turnout_reported_during_day = 620;  // equal to the ballots issued: fine
  EXPECT_TRUE(Validate(protocol, Ratios()).findings.empty());
  protocol.turnout_reported_during_day.reset();
  EXPECT_TRUE(Validate(protocol, Ratios()).findings.empty());
}

TEST(ValidationTest, BothContestsOfAPrecinctMustIssueTheSameBallots) {
  Protocol party_list = Consistent();
  Protocol district = Consistent();
  district.contest = {ContestRef::Kind::kDistrict, 7};
  district.choice_votes = {300, 300};
  EXPECT_TRUE(ValidatePrecinct(party_list, district, Ratios()).findings.empty());

  district.ballots_issued_premises = 590;
  const ValidationReport report = ValidatePrecinct(party_list, district, Ratios());
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(report.findings[0].rule_id, "KZ-10");
  EXPECT_EQ(report.findings[0].severity, Severity::kWarning);
  EXPECT_THAT(report.findings[0].message, HasSubstr("PEC 0107-015, list and district 7"));
  EXPECT_THAT(report.findings[0].message, HasSubstr("10 apart"));
  EXPECT_TRUE(report.accepted());
}

TEST(ValidationTest, SeveralBreachesAreAllReported) {
  Protocol protocol = Consistent();
  protocol.ballots_received = 5;        // KZ-01
  protocol.choice_votes = {0, 0, 0};    // KZ-04
  protocol.voters_added_on_day = 2000;  // KZ-08
  const ValidationReport report = Validate(protocol, Ratios());
  EXPECT_EQ(report.errors(), 3u);
  EXPECT_EQ(report.warnings(), 0u);
  EXPECT_FALSE(report.accepted());
}

}  // namespace
}  // namespace esep::protocol
