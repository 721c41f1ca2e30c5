#include "published/published_checks.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "io/election_data.h"
#include "published/published_checks_text.h"

namespace esep::published {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kDefinition = R"json({
  "format": "esep-election/1",
  "id": "test-election",
  "title": "Synthetic test election",
  "date": "2024-03-10",
  "country": "Testland",
  "rule_set": "kz-majilis-2023",
  "parties": [
    {"id": "red", "name": "Red Party", "short_name": "Red", "ballot_number": 1,
     "registered_on": "2024-02-01", "list_candidates": 10},
    {"id": "blue", "name": "Blue Party", "short_name": "Blue", "ballot_number": 2,
     "registered_on": "2024-02-02", "list_candidates": 5}
  ],
  "regions": [
    {"id": "north", "name": "North Region", "kind": "region"},
    {"id": "capital", "name": "Capital", "kind": "city"}
  ],
  "districts": [{"number": 1, "region": "north"}, {"number": 2, "region": "north"},
                {"number": 3, "region": "capital"}]
})json";

// Synthetic tables, each figure chosen so that its check's outcome can be worked out by hand
// (the comments give the arithmetic).
constexpr const char* kListTable =
    "region,registered,Red,Blue,against_all,invalid,ballots_total,turnout_pct\n"
    // 300 + 200 + 50 + 10 = 560; 560 / 1000 = 56.00 %.
    "North Region,1000,300,200,50,10,560,56.00%\n"
    // 1000 + 1000 + 200 + 50 = 2250, not 2260; 2260 / 8000 = 28.25 %, printed 28.30 %.
    "Capital,8000,1000,1000,200,50,2260,28.30%\n"
    // Regions: invalid 60, not 70. 1300 + 1200 + 250 + 70 = 2820; 2820 / 9000 = 31.333 %.
    "Testland,9000,1300,1200,250,70,2820,31.33%\n";

constexpr const char* kPercentTable =
    "region,Red,Blue,against_all\n"
    // Of 550: 54.545 %, 36.364 %, 9.0909 % (printed 9.10 %: 0.0091 points off).
    "North Region,54.55%,36.36%,9.10%\n"
    // Of 2200: 45.4545 %, 45.4545 %, 9.0909 %.
    "Capital,45.45%,45.45%,9.09%\n"
    // Of 2750: 47.2727 %, 43.6364 %, 9.0909 %.
    "Testland,47.27%,43.64%,9.09%\n";

constexpr const char* kDistrictTable =
    "district,region,winner,winner_affiliation,winner_votes,winner_pct,runner_up,"
    "runner_up_affiliation,runner_up_votes,runner_up_pct\n"
    // 100 / 250 = 40 %, 50 / 250 = 20 %: one total, 250.
    "1,North Region,A,Red,100,40.00,B,Blue,50,20.00\n"
    // 150 at 50.00 % needs 300; 100 at 40.00 % needs 250: no common total, 50 apart.
    "2,North Region,C,Red,150,50.00,D,Blue,100,40.00\n"
    // 2000 / 2500 = 80 %, 400 / 2500 = 16 %: 2500 ballots, against 2260 in the list contest.
    "3,Capital,E,Red,2000,80.00,F,Blue,400,16.00\n";

constexpr const char* kTurnoutTable =
    "region,t10,t12,t14\n"
    "North Region,10.00,20.00,19.50\n"
    "Capital,5,5,5\n";

model::ElectionData SyntheticData() {
  model::ElectionData data;
  Result<model::ElectionDefinition> definition =
      io::ParseElectionDefinition(kDefinition, "election.json");
  EXPECT_TRUE(definition.has_value()) << definition.error().message();
  data.definition = *definition;
  Result<model::PublishedListResults> list =
      io::ParsePartyListTable(kListTable, "dir/list.csv", data.definition);
  EXPECT_TRUE(list.has_value()) << list.error().message();
  data.party_list = *list;
  Result<model::PublishedListPercentages> percent =
      io::ParsePartyListPercentTable(kPercentTable, "dir/percent.csv", data.definition);
  EXPECT_TRUE(percent.has_value()) << percent.error().message();
  data.party_list_percent = *percent;
  Result<std::vector<model::PublishedDistrictResult>> districts =
      io::ParseDistrictTable(kDistrictTable, "dir/districts.csv", data.definition);
  EXPECT_TRUE(districts.has_value()) << districts.error().message();
  data.districts = *districts;
  data.districts_source = "dir/districts.csv";
  Result<model::TurnoutByHour> turnout =
      io::ParseTurnoutTable(kTurnoutTable, "dir/turnout.csv", data.definition);
  EXPECT_TRUE(turnout.has_value()) << turnout.error().message();
  data.turnout_by_hour = *turnout;
  return data;
}

const PublishedCheck* Find(const std::vector<PublishedCheck>& checks, CheckKind kind,
                           const std::string& unit, const std::string& rule_part) {
  for (const PublishedCheck& check : checks) {
    if (check.kind == kind && check.unit == unit &&
        check.rule.find(rule_part) != std::string::npos) {
      return &check;
    }
  }
  return nullptr;
}

TEST(PublishedChecksTest, CountsEveryCheckOfTheSyntheticTables) {
  Result<std::vector<PublishedCheck>> checks = CheckPublishedFigures(SyntheticData());
  ASSERT_TRUE(checks.has_value()) << checks.error().message();
  // 3 rows x (sum, ballots <= registered, turnout, 3 shares) + 6 national columns
  // + 3 districts + 2 regions x 2 cross-contest + 2 turnout-by-hour rows.
  EXPECT_EQ(checks->size(), 18u + 6u + 3u + 4u + 2u);
  std::vector<std::string> inconsistent;
  for (const PublishedCheck& check : *checks) {
    if (!check.consistent) {
      inconsistent.push_back(std::string(CheckKindName(check.kind)) + " " + check.unit);
    }
  }
  EXPECT_EQ(inconsistent, (std::vector<std::string>{
                              "percent North Region",  // against_all 9.10 %
                              "sum Capital",           // 2260 != 2250
                              "turnout Capital",       // 28.30 % for 28.25 %
                              "sum Testland",          // invalid 70 != 60
                              "district_total district 2 (North Region)",
                              "cross_contest Capital",  // 2500 district ballots > 2260
                              "turnout_by_hour North Region",
                          }));
}

TEST(PublishedChecksTest, PercentageOutsideItsRounding) {
  Result<std::vector<PublishedCheck>> checks = CheckPublishedFigures(SyntheticData());
  ASSERT_TRUE(checks.has_value());
  const PublishedCheck* against =
      Find(*checks, CheckKind::kPercent, "North Region", "against_all %");
  ASSERT_NE(against, nullptr);
  EXPECT_FALSE(against->consistent);
  EXPECT_EQ(against->source, "percent.csv");
  EXPECT_EQ(against->line, 2);
  EXPECT_EQ(against->published, "9.10%");
  EXPECT_EQ(against->recomputed, "9.0909%");  // 50 / 550
  EXPECT_EQ(against->exact, "100/11%");
  EXPECT_EQ(against->difference_points, "-0.0091");
  // 9.10 % of 550 is 50.05 votes. The counts within rounding are
  // [ceil(1819 * 550 / 20000), floor(1821 * 550 / 20000)] = [ceil(50.02), floor(50.08)]: none.
  EXPECT_EQ(against->difference_count, "-0.1");
  EXPECT_EQ(against->beyond_tolerance, 1);
  EXPECT_THAT(against->note, HasSubstr("no whole number of votes"));
  EXPECT_EQ(against->tolerance, "±0.005 points (2 decimals printed)");

  const PublishedCheck* red = Find(*checks, CheckKind::kPercent, "North Region", "Red %");
  ASSERT_NE(red, nullptr);
  EXPECT_TRUE(red->consistent);
  EXPECT_EQ(red->recomputed, "54.5455%");
  EXPECT_EQ(red->difference_points, "-0.0045");
  EXPECT_EQ(red->beyond_tolerance, 0);
}

TEST(PublishedChecksTest, TurnoutOutsideItsRounding) {
  Result<std::vector<PublishedCheck>> checks = CheckPublishedFigures(SyntheticData());
  ASSERT_TRUE(checks.has_value());
  const PublishedCheck* turnout = Find(*checks, CheckKind::kTurnout, "Capital", "turnout_pct");
  ASSERT_NE(turnout, nullptr);
  EXPECT_FALSE(turnout->consistent);
  EXPECT_EQ(turnout->source, "list.csv");
  EXPECT_EQ(turnout->line, 3);
  EXPECT_EQ(turnout->recomputed, "28.2500%");
  EXPECT_EQ(turnout->difference_points, "-0.0500");
  // 28.30 % of 8000 is 2264 ballots; 28.295 %..28.305 % of 8000 is [2263.6, 2264.4] -> 2264.
  EXPECT_EQ(turnout->difference_count, "-4.0");
  EXPECT_EQ(turnout->beyond_tolerance, 4);
  EXPECT_THAT(turnout->note, HasSubstr("would need [2264, 2264] ballots of 8000"));
}

TEST(PublishedChecksTest, SumMismatches) {
  Result<std::vector<PublishedCheck>> checks = CheckPublishedFigures(SyntheticData());
  ASSERT_TRUE(checks.has_value());
  const PublishedCheck* row = Find(*checks, CheckKind::kSum, "Capital", "lists + against_all");
  ASSERT_NE(row, nullptr);
  EXPECT_FALSE(row->consistent);
  EXPECT_EQ(row->published, "2260");
  EXPECT_EQ(row->recomputed, "2250");
  EXPECT_EQ(row->difference_count, "+10");
  EXPECT_EQ(row->beyond_tolerance, 10);
  const PublishedCheck* invalid =
      Find(*checks, CheckKind::kSum, "Testland", "national invalid = sum");
  ASSERT_NE(invalid, nullptr);
  EXPECT_FALSE(invalid->consistent);
  EXPECT_EQ(invalid->published, "70");
  EXPECT_EQ(invalid->recomputed, "60");
  const PublishedCheck* ballots =
      Find(*checks, CheckKind::kSum, "Testland", "national ballots_total = sum");
  ASSERT_NE(ballots, nullptr);
  EXPECT_TRUE(ballots->consistent);
}

TEST(PublishedChecksTest, DistrictPercentagesWithNoCommonTotal) {
  Result<std::vector<PublishedCheck>> checks = CheckPublishedFigures(SyntheticData());
  ASSERT_TRUE(checks.has_value());
  const PublishedCheck* one =
      Find(*checks, CheckKind::kDistrictTotal, "district 1 (North Region)", "");
  ASSERT_NE(one, nullptr);
  EXPECT_TRUE(one->consistent);
  EXPECT_EQ(one->recomputed, "[250, 250]");
  const PublishedCheck* two =
      Find(*checks, CheckKind::kDistrictTotal, "district 2 (North Region)", "");
  ASSERT_NE(two, nullptr);
  EXPECT_FALSE(two->consistent);
  EXPECT_EQ(two->source, "districts.csv");
  EXPECT_EQ(two->line, 3);
  EXPECT_EQ(two->recomputed, "no total: winner [300, 300], runner_up [250, 250]");
  EXPECT_EQ(two->beyond_tolerance, 50);
}

TEST(PublishedChecksTest, DistrictBallotsAboveListBallots) {
  Result<std::vector<PublishedCheck>> checks = CheckPublishedFigures(SyntheticData());
  ASSERT_TRUE(checks.has_value());
  const PublishedCheck* capital =
      Find(*checks, CheckKind::kCrossContest, "Capital", "<= party-list ballots_total");
  ASSERT_NE(capital, nullptr);
  EXPECT_FALSE(capital->consistent);
  EXPECT_EQ(capital->recomputed, "[2500, 2500]");
  EXPECT_EQ(capital->difference_count, "+240");
  EXPECT_THAT(capital->note, HasSubstr("at least 240 ballots more than the party-list contest "
                                       "(10.62% of its ballots)"));  // 240 / 2260
  EXPECT_EQ(capital->beyond_tolerance, 240 - 22);                    // 1 % of 2260 is 22.6
  // North: district 1 is 250, district 2 is 250 or 300 (its candidates disagree): at least
  // 500 ballots, under the 560 of the list contest.
  const PublishedCheck* north =
      Find(*checks, CheckKind::kCrossContest, "North Region", "<= party-list ballots_total");
  ASSERT_NE(north, nullptr);
  EXPECT_TRUE(north->consistent);
  EXPECT_EQ(north->recomputed, "[500, 550]");
  EXPECT_EQ(north->difference_count, "-60");
}

TEST(PublishedChecksTest, CrossContestToleranceIsOnePercent) {
  model::ElectionData data = SyntheticData();
  // District 3 totals 2500: 2475 list ballots leave an excess of 25, 1.01 %; 2476 leave 24,
  // 0.97 %.
  for (auto [ballots, consistent] : {std::pair{2475, false}, std::pair{2476, true}}) {
    data.party_list->regions[1].ballots_total = ballots;
    Result<std::vector<PublishedCheck>> checks = CheckPublishedFigures(data);
    ASSERT_TRUE(checks.has_value());
    const PublishedCheck* capital =
        Find(*checks, CheckKind::kCrossContest, "Capital", "<= party-list ballots_total");
    ASSERT_NE(capital, nullptr);
    EXPECT_EQ(capital->consistent, consistent) << ballots;
  }
  // Exactly 1 %: 2525 district ballots against 2500 list ballots.
  data.party_list->regions[1].ballots_total = 2500;
  data.districts[2].candidates[0].votes = 2020;  // 2020 / 2525 = 80 %; 404 / 2525 = 16 %
  data.districts[2].candidates[1].votes = 404;
  Result<std::vector<PublishedCheck>> checks = CheckPublishedFigures(data);
  ASSERT_TRUE(checks.has_value());
  const PublishedCheck* edge =
      Find(*checks, CheckKind::kCrossContest, "Capital", "<= party-list ballots_total");
  ASSERT_NE(edge, nullptr);
  EXPECT_EQ(edge->recomputed, "[2525, 2525]");
  EXPECT_TRUE(edge->consistent);  // 25 over 2500 is exactly 1 %
}

TEST(PublishedChecksTest, TurnoutByHourThatFalls) {
  Result<std::vector<PublishedCheck>> checks = CheckPublishedFigures(SyntheticData());
  ASSERT_TRUE(checks.has_value());
  const PublishedCheck* north = Find(*checks, CheckKind::kTurnoutByHour, "North Region", "");
  ASSERT_NE(north, nullptr);
  EXPECT_FALSE(north->consistent);
  EXPECT_EQ(north->difference_points, "-0.50");
  EXPECT_THAT(north->note, HasSubstr("12:00 → 14:00"));
  const PublishedCheck* capital = Find(*checks, CheckKind::kTurnoutByHour, "Capital", "");
  ASSERT_NE(capital, nullptr);
  EXPECT_TRUE(capital->consistent);
}

TEST(PublishedChecksTest, UnreadablePercentageIsAnError) {
  model::ElectionData data = SyntheticData();
  data.districts[0].candidates[1].published_percent = "twenty";
  Result<std::vector<PublishedCheck>> checks = CheckPublishedFigures(data);
  ASSERT_FALSE(checks.has_value());
  EXPECT_THAT(checks.error().message(), HasSubstr("districts.csv:2: field 'runner_up_pct'"));
}

TEST(PublishedChecksTest, TextListsTheInconsistentAndJsonHasEveryCheck) {
  Result<std::vector<PublishedCheck>> checks = CheckPublishedFigures(SyntheticData());
  ASSERT_TRUE(checks.has_value());
  const std::string text = PublishedChecksText(*checks);
  EXPECT_THAT(text, HasSubstr("33 checks: 26 consistent, 7 inconsistent"));
  EXPECT_THAT(text, HasSubstr("list.csv:3 (Capital) — turnout: turnout_pct = ballots_total / "
                              "registered"));
  EXPECT_THAT(text, HasSubstr("apart: -0.0500 points, -4.0 ballots; beyond the tolerance "
                              "(±0.005 points (2 decimals printed)): 4 ballots"));
  EXPECT_THAT(text, Not(HasSubstr("list.csv:2 (North Region) — turnout")));
  const nlohmann::json json = PublishedChecksJson(*checks);
  ASSERT_EQ(json.size(), 33u);
  EXPECT_EQ(json[0]["kind"], "sum");
  EXPECT_EQ(json[0]["consistent"], true);
  EXPECT_EQ(json[0]["figures"][0]["name"], "Red");
}

// The bundled 2023 tables. Expected values worked out by hand from the CSV files:
//  - Astana: 341118 / 788931 = 43.2380 %, printed 42.91 %; 42.905 %..42.915 % of 788931 is
//    [338490.9, 338569.7], so 341118 is 2549 ballots above the largest consistent count.
//  - District 12: 153225 at 63.76 % needs a total in [3064500000/12753, 3064500000/12751] =
//    [240297, 240334]; 71071 at 21.69 % needs [1421420000/4339, 1421420000/4337] =
//    [327592, 327742]: 87258 apart.
//  - Kyzylorda (district 21 only): 148646 at 31.11 % -> [477731, 477884]; 89697 at 18.77 % ->
//    [477748, 478001]; common [477748, 477884], against 326663 party-list ballots: 151085
//    (46.25 %) more.
TEST(PublishedChecksTest, The2023Tables) {
  Result<model::ElectionData> data =
      io::LoadElectionDirectory(std::string(ESEP_SOURCE_DIR) + "/data/elections/kz-majilis-2023");
  ASSERT_TRUE(data.has_value()) << data.error().message();
  Result<std::vector<PublishedCheck>> checks = CheckPublishedFigures(*data);
  ASSERT_TRUE(checks.has_value()) << checks.error().message();
  // 21 rows x (3 + 8 shares) + 11 national columns + 29 districts + 20 regions x 2 + 21 rows
  // of turnout by hour.
  EXPECT_EQ(checks->size(), 231u + 11u + 29u + 40u + 21u);
  std::vector<const PublishedCheck*> inconsistent;
  for (const PublishedCheck& check : *checks) {
    if (!check.consistent) {
      inconsistent.push_back(&check);
    }
  }
  ASSERT_EQ(inconsistent.size(), 3u);

  EXPECT_EQ(inconsistent[0]->kind, CheckKind::kTurnout);
  EXPECT_EQ(inconsistent[0]->unit, "Astana");
  EXPECT_EQ(inconsistent[0]->source, "party_list_by_region.csv");
  EXPECT_EQ(inconsistent[0]->line, 19);
  EXPECT_EQ(inconsistent[0]->recomputed, "43.2380%");
  EXPECT_EQ(inconsistent[0]->difference_points, "+0.3280");
  EXPECT_EQ(inconsistent[0]->beyond_tolerance, 2549);

  EXPECT_EQ(inconsistent[1]->kind, CheckKind::kDistrictTotal);
  EXPECT_EQ(inconsistent[1]->unit, "district 12 (Almaty Region)");
  EXPECT_EQ(inconsistent[1]->recomputed,
            "no total: winner [240297, 240334], runner_up [327592, 327742]");
  EXPECT_EQ(inconsistent[1]->beyond_tolerance, 87258);

  EXPECT_EQ(inconsistent[2]->kind, CheckKind::kCrossContest);
  EXPECT_EQ(inconsistent[2]->unit, "Kyzylorda Region");
  EXPECT_EQ(inconsistent[2]->recomputed, "[477748, 477884]");
  EXPECT_EQ(inconsistent[2]->difference_count, "+151085");
  EXPECT_THAT(inconsistent[2]->note, HasSubstr("(46.25% of its ballots)"));
}

}  // namespace
}  // namespace esep::published
