#include "observers/observer_comparison.h"

#include <string>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace esep::observers {
namespace {

using ::testing::HasSubstr;

// Three official precincts, two lists.
precincts::PrecinctTable Official() {
  precincts::PrecinctTable table;
  table.source = "official.csv";
  table.choice_names = {"Amanat", "Auyl"};
  EXPECT_TRUE(
      table.Add({.id = "P1", .registered = 1000, .ballots = 600, .valid = 590, .votes = {400, 190}})
          .ok());
  EXPECT_TRUE(table
                  .Add({.id = "P2",
                        .registered = 2000,
                        .ballots = 1500,
                        .valid = 1480,
                        .votes = {1200, 280}})
                  .ok());
  EXPECT_TRUE(
      table.Add({.id = "P3", .registered = 800, .ballots = 400, .valid = 390, .votes = {200, 190}})
          .ok());
  return table;
}

ObserverRecords Parse(const std::string& rows, const std::string& lists = "list:Amanat,list:Auyl") {
  const std::string text =
      "precinct,observer,record,time,voters_counted,registered,ballots,valid,invalid," + lists +
      "\n" + rows;
  Result<ObserverRecords> records = ParseObserverRecords(text, "obs.csv");
  EXPECT_TRUE(records.has_value()) << records.error().message();
  return *records;
}

TEST(ObserverComparisonTest, FindsEveryDifferencePrecinctByPrecinct) {
  const ObserverRecords records = Parse(
      // P1: the posted copy matches the official protocol; the observer counted 580 voters,
      // 20 fewer than the 600 official ballots: beyond both 5 ballots and 2 % (12 ballots).
      "P1,a,posted_copy,,,1000,600,590,10,400,190\n"
      "P1,a,turnout_close,20:00,580,,,,,,\n"
      // P2: the copy shows 1,000 votes for Amanat and 1,300 ballots; the official protocol
      // 1,200 and 1,500: a count of 1,310 at the close is 190 below the official ballots.
      "P2,b,turnout,12:00,700,,,,,,\n"
      "P2,b,turnout_close,,1310,,,,,,\n"
      "P2,b,posted_copy,,,2000,1300,1280,,1000,280\n"
      // A second copy of P2, handed to observer c, agrees with the official protocol.
      "P2,c,observer_copy,,,2000,1500,1480,20,1200,280\n"
      // P3: no copy posted; a daytime count above the official ballots.
      "P3,d,copy_not_posted,,,,,,,,\n"
      "P3,d,turnout,19:00,450,,,,,,\n"
      // P9: not in the official table.
      "P9,e,no_access,,,,,,,,\n"
      "P9,e,copy_not_posted,,,,,,,,\n");
  Result<ObserverComparison> c = CompareWithOfficial(records, Official(), {});
  ASSERT_TRUE(c.has_value()) << c.error().message();
  const ObserverComparisonSummary& s = c->summary;
  EXPECT_EQ(s.records, 10);
  EXPECT_EQ(s.precincts_observed, 4);
  EXPECT_EQ(s.precincts_official, 3);
  EXPECT_EQ(s.precincts_unknown, 1);
  EXPECT_EQ(s.precincts_not_observed, 0);
  EXPECT_EQ(s.copies, 3);
  EXPECT_EQ(s.copies_matching, 2);
  EXPECT_EQ(s.copies_differing, 1);
  EXPECT_EQ(s.figures_differing, 3);  // ballots, valid, votes Amanat
  EXPECT_EQ(s.precincts_with_differing_copy, 1);
  EXPECT_EQ(s.copies_not_posted, 1);  // P9's is not counted: P9 is unknown
  EXPECT_EQ(s.no_access, 0);
  EXPECT_EQ(s.close_counts, 2);
  EXPECT_EQ(s.counts_below_official, 2);
  EXPECT_EQ(s.counts_above_official, 1);
  EXPECT_EQ(s.copies_disagreeing, 1);

  std::vector<std::string> kinds;
  for (const ObserverFinding& f : c->findings) {
    kinds.push_back(fmt::format("{} {} {} {}", ObserverFindingName(f.kind), f.precinct, f.figure,
                                f.difference));
  }
  EXPECT_EQ(kinds, (std::vector<std::string>{
                       "count_below_official P1 voters counted at the close -20",
                       "count_below_official P2 voters counted at the close -190",
                       "figure_differs P2 ballots -200",
                       "figure_differs P2 valid -200",
                       "figure_differs P2 votes Amanat -200",
                       "copies_disagree P2 ballots 200",
                       "copies_disagree P2 valid 200",
                       "copies_disagree P2 votes Amanat 200",
                       "copy_not_posted P3  0",
                       "count_above_official P3 voters counted at 19:00 50",
                       "unknown_precinct P9  0",
                   }));
  EXPECT_EQ(c->findings[1].line, 5);
  EXPECT_EQ(c->findings[1].message,
            "precinct P2: observer b counted 1310 voters at the close, the official protocol has "
            "1500 ballots (190 more than counted, 14.5 %)");
  EXPECT_EQ(c->findings[2].message,
            "precinct P2: ballots on the posted copy (observer 1300), 1500 in the official "
            "protocol (-200)");

  const std::string text = ObserverComparisonText(*c);
  EXPECT_THAT(text, HasSubstr("3 compared, 2 identical to the official protocol, 1 differing"));
  EXPECT_THAT(text, HasSubstr("count_below_official"));
  const nlohmann::ordered_json json = ObserverComparisonJson(*c);
  EXPECT_EQ(json["summary"]["counts_below_official"], 2);
  EXPECT_EQ(json["findings"][2]["official"], 1500);
  EXPECT_EQ(json["findings"][2]["observed"], 1300);
  EXPECT_TRUE(json["findings"][8]["observed"].is_null());
}

TEST(ObserverComparisonTest, ToleranceIsExactAndBothBoundsMustBeExceeded) {
  // Official ballots 600: 2 % is 12 ballots. A count 12 below is inside; 13 below is not.
  // With 5 % (30 ballots) both are inside; with 0 ballots and 0 bp any shortfall counts.
  const ObserverRecords inside = Parse("P1,a,turnout_close,,588,,,,,,\n");
  const ObserverRecords outside = Parse("P1,a,turnout_close,,587,,,,,,\n");
  EXPECT_EQ(CompareWithOfficial(inside, Official(), {})->summary.counts_below_official, 0);
  EXPECT_EQ(CompareWithOfficial(outside, Official(), {})->summary.counts_below_official, 1);
  ObserverComparisonOptions loose;
  loose.tolerance_basis_points = 500;
  EXPECT_EQ(CompareWithOfficial(outside, Official(), loose)->summary.counts_below_official, 0);
  ObserverComparisonOptions strict;
  strict.tolerance_ballots = 0;
  strict.tolerance_basis_points = 0;
  EXPECT_EQ(CompareWithOfficial(inside, Official(), strict)->summary.counts_below_official, 1);
  // A large basis-point tolerance but a count 20 ballots off in a small precinct: the absolute
  // bound alone does not make a finding.
  ObserverComparisonOptions absolute;
  absolute.tolerance_ballots = 50;
  absolute.tolerance_basis_points = 0;
  EXPECT_EQ(CompareWithOfficial(outside, Official(), absolute)->summary.counts_below_official, 0);
  absolute.tolerance_ballots = -1;
  EXPECT_FALSE(CompareWithOfficial(outside, Official(), absolute).has_value());
}

TEST(ObserverComparisonTest, ListsAreMatchedByNameOrAlias) {
  const ObserverRecords by_id = Parse("P1,a,posted_copy,,,,,,,401,190\n", "list:amanat,list:AUYL");
  Result<ObserverComparison> c = CompareWithOfficial(by_id, Official(), {});
  ASSERT_TRUE(c.has_value()) << c.error().message();
  EXPECT_EQ(c->summary.figures_differing, 1);

  const ObserverRecords aliased = Parse("P1,a,posted_copy,,,,,,,400,190\n", "list:nur,list:auyl");
  Result<ObserverComparison> unknown = CompareWithOfficial(aliased, Official(), {});
  ASSERT_FALSE(unknown.has_value());
  EXPECT_THAT(unknown.error().message(),
              HasSubstr("obs.csv:1: column 10 (list:nur): the official table has no such list; "
                        "its lists are Amanat, Auyl"));
  ObserverComparisonOptions options;
  options.choice_aliases = {{"nur", "Nur Otan"}, {}};
  Result<ObserverComparison> with_alias = CompareWithOfficial(aliased, Official(), options);
  ASSERT_TRUE(with_alias.has_value()) << with_alias.error().message();
  EXPECT_EQ(with_alias->summary.copies_matching, 1);

  const ObserverRecords twice = Parse("P1,a,posted_copy,,,,,,,400,400\n", "list:Amanat,list:nur");
  Result<ObserverComparison> dup = CompareWithOfficial(twice, Official(), options);
  ASSERT_FALSE(dup.has_value());
  EXPECT_THAT(dup.error().message(),
              HasSubstr("column 11 (list:nur): names the same list as column 10 (Amanat)"));
}

TEST(ObserverComparisonTest, PartyAliasesComeFromTheDefinition) {
  const model::ElectionDefinition definition(model::ElectionDefinitionParts{
      .parties = {{.id = "amanat", .name = "Amanat Party", .short_name = "Amanat"},
                  {.id = "aq-jol", .name = "Aq Jol Democratic Party", .short_name = "Aq Jol"}}});
  precincts::PrecinctTable table;
  table.choice_names = {"Aq Jol", "amanat", "against all"};
  EXPECT_EQ(PartyAliases(definition, table),
            (ChoiceAliases{{"aq-jol", "Aq Jol Democratic Party", "Aq Jol"},
                           {"amanat", "Amanat Party", "Amanat"},
                           {}}));
}

TEST(ObserverComparisonTest, ListsOfficialPrecinctsNobodyObserved) {
  const ObserverRecords records = Parse("P2,a,no_access,,,,,,,,\n");
  Result<ObserverComparison> c = CompareWithOfficial(records, Official(), {});
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->not_observed, (std::vector<std::string>{"P1", "P3"}));
  EXPECT_EQ(c->summary.no_access, 1);
  EXPECT_EQ(c->findings.size(), 1u);
  EXPECT_EQ(c->findings[0].kind, ObserverFindingKind::kNoAccess);
}

}  // namespace
}  // namespace esep::observers
