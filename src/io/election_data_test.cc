#include "io/election_data.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace esep::io {
namespace {

using ::testing::HasSubstr;

constexpr char kDefinition[] = R"({
  "format": "esep-election/1",
  "id": "test-election",
  "title": "A small test election",
  "date": "2024-01-07",
  "country": "Testland",
  "rule_set": "kz-majilis-2023",
  "parties": [
    {"id": "red", "name": "Red Party", "short_name": "Red", "ballot_number": 1,
     "registered_on": "2023-12-01", "list_candidates": 10},
    {"id": "blue", "name": "Blue Party", "short_name": "Blue", "ballot_number": 2,
     "registered_on": "2023-12-02", "list_candidates": 5}
  ],
  "regions": [
    {"id": "north", "name": "North Region", "kind": "region", "aliases": ["Nord"]},
    {"id": "capital", "name": "Capital", "kind": "city"}
  ],
  "districts": [{"number": 1, "region": "north"}, {"number": 2, "region": "capital"}]
})";

model::ElectionDefinition Definition() {
  Result<model::ElectionDefinition> definition = ParseElectionDefinition(kDefinition, "e.json");
  EXPECT_TRUE(definition.has_value()) << definition.error().message();
  return *definition;
}

TEST(ElectionDataTest, ParsesTheDefinition) {
  const model::ElectionDefinition definition = Definition();
  EXPECT_EQ(definition.id(), "test-election");
  ASSERT_EQ(definition.parties().size(), 2u);
  EXPECT_EQ(definition.parties()[1].short_name, "Blue");
  EXPECT_EQ(definition.parties()[1].registered_on, "2023-12-02");
  ASSERT_NE(definition.FindRegion("nord"), nullptr);
  EXPECT_EQ(definition.FindRegion("nord")->id, "north");
  EXPECT_EQ(definition.regions()[1].kind, model::RegionKind::kCity);
  EXPECT_EQ(definition.districts()[1].region_id, "capital");
}

TEST(ElectionDataTest, DefinitionErrorsNameTheJsonPath) {
  struct Case {
    const char* name;
    std::string from;
    std::string to;
    const char* message;
  };
  const std::string base = kDefinition;
  const Case cases[] = {
      {"bad_date", "\"2023-12-02\"", "\"2 Dec 2023\"", "/parties/1/registered_on"},
      {"unknown_region", "\"region\": \"capital\"", "\"region\": \"moon\"",
       "/districts/1/region: 'moon' is not the id of a region"},
      {"duplicate_party", "\"short_name\": \"Blue\"", "\"short_name\": \"Red\"",
       "/parties/1: 'red' names another party already"},
      {"bad_format", "esep-election/1", "esep-election/9", "/format"},
      {"negative_candidates", "\"list_candidates\": 5", "\"list_candidates\": -5",
       "/parties/1/list_candidates"},
      {"misnumbered_district", "{\"number\": 2", "{\"number\": 3", "/districts/1/number"},
      {"ballot_order", "\"ballot_number\": 2", "\"ballot_number\": 1",
       "/parties/1/ballot_number: parties must be listed in ballot order"},
      {"not_json", "{", "[[", "not valid JSON"},
      {"duplicate_key", "\"list_candidates\": 5", "\"list_candidates\": 5, \"list_candidates\": 50",
       "the key 'list_candidates' appears twice in one object"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::string text = base;
    text.replace(text.find(c.from), c.from.size(), c.to);
    Result<model::ElectionDefinition> definition = ParseElectionDefinition(text, "e.json");
    ASSERT_FALSE(definition.has_value());
    EXPECT_EQ(definition.error().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(definition.error().message(), HasSubstr("e.json"));
    EXPECT_THAT(definition.error().message(), HasSubstr(c.message));
  }
}

// A number beyond a double made nlohmann-json throw out_of_range, which was not caught and ended
// the program (found by tests/fuzz/election_data_fuzz; corpus file number-beyond-double.json).
TEST(ElectionDataTest, NumberBeyondADoubleIsAnErrorNotACrash) {
  const std::string text = R"({"format": "esep-election/1", "id": 1e400})";
  const Result<model::ElectionDefinition> definition = ParseElectionDefinition(text, "e.json");
  ASSERT_FALSE(definition.has_value());
  EXPECT_THAT(definition.error().message(), HasSubstr("e.json"));
  EXPECT_THAT(definition.error().message(), HasSubstr("1e400"));
  const Result<model::ElectionDefinition> loaded =
      LoadDefinition("dir", [&](const std::string&) -> Result<std::string> { return text; });
  ASSERT_FALSE(loaded.has_value());
  EXPECT_THAT(loaded.error().message(), HasSubstr("dir/election.json"));
}

constexpr char kTable[] =
    "region,registered,Red,Blue,against_all,invalid,ballots_total,turnout_pct\n"
    "Nord,100,30,20,5,5,60,60.00%\n"
    "Capital,200,50,40,10,0,100,50.00%\n"
    "Testland,300,80,60,15,5,160,53.33%\n";

TEST(ElectionDataTest, ParsesThePartyListTableByAlias) {
  Result<model::PublishedListResults> table = ParsePartyListTable(kTable, "t.csv", Definition());
  ASSERT_TRUE(table.has_value()) << table.error().message();
  ASSERT_EQ(table->regions.size(), 2u);
  EXPECT_EQ(table->regions[0].region_id, "north");
  EXPECT_EQ(table->regions[0].party_votes, (std::vector<int64_t>{30, 20}));
  ASSERT_TRUE(table->national.has_value());
  EXPECT_EQ(table->national->ballots_total, 160);
  EXPECT_EQ(table->national->line, 4);
}

TEST(ElectionDataTest, PartyListTableErrorsNameFileLineAndField) {
  struct Case {
    const char* name;
    std::string text;
    const char* message;
  };
  const Case cases[] = {
      {"unknown_region",
       "region,registered,Red,Blue,against_all,invalid,ballots_total,turnout_pct\n"
       "Atlantis,1,1,1,1,1,4,1%\n",
       "t.csv:2: field 'region': 'Atlantis' is not a region"},
      {"missing_party_column",
       "region,registered,Red,against_all,invalid,ballots_total,turnout_pct\n",
       "t.csv:1: the header has no column 'Blue'"},
      {"extra_column",
       "region,registered,Red,Blue,Green,against_all,invalid,ballots_total,turnout_pct\n",
       "is a party missing from election.json"},
      {"bad_count",
       "region,registered,Red,Blue,against_all,invalid,ballots_total,turnout_pct\n"
       "Nord,100,3x,20,5,5,60,60%\n",
       "t.csv:2: field 'Red': '3x' is not a whole number"},
      {"missing_region",
       "region,registered,Red,Blue,against_all,invalid,ballots_total,turnout_pct\n"
       "Nord,100,30,20,5,5,60,60%\n",
       "no row for region 'Capital'"},
      {"region_twice",
       "region,registered,Red,Blue,against_all,invalid,ballots_total,turnout_pct\n"
       "Nord,100,30,20,5,5,60,60%\nNorth Region,100,30,20,5,5,60,60%\n",
       "t.csv:3: region 'North Region' is given twice (also line 2)"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Result<model::PublishedListResults> table = ParsePartyListTable(c.text, "t.csv", Definition());
    ASSERT_FALSE(table.has_value());
    EXPECT_THAT(table.error().message(), HasSubstr(c.message));
  }
}

TEST(ElectionDataTest, DistrictTableChecksRegionsAgainstTheDefinition) {
  const std::string header =
      "district,region,winner,winner_affiliation,winner_votes,winner_pct,runner_up,"
      "runner_up_affiliation,runner_up_votes,runner_up_pct\n";
  Result<std::vector<model::PublishedDistrictResult>> districts =
      ParseDistrictTable(header +
                             "1,Nord,Ann,Red,50,50.0,Bob,Independent,30,30.0\n"
                             "2,Capital,Cat,Blue,20,40.0,Dan,Red,10,20.0\n",
                         "d.csv", Definition());
  ASSERT_TRUE(districts.has_value()) << districts.error().message();
  EXPECT_EQ((*districts)[1].candidates[0].name, "Cat");
  EXPECT_EQ((*districts)[0].candidates[1].votes, 30);

  EXPECT_FALSE((*districts)[0].against_all.has_value());

  Result<std::vector<model::PublishedDistrictResult>> with_against_all = ParseDistrictTable(
      "district,region,winner,winner_affiliation,winner_votes,winner_pct,runner_up,"
      "runner_up_affiliation,runner_up_votes,runner_up_pct,against_all\n"
      "1,Nord,Ann,Red,50,50.0,Bob,Independent,30,30.0,7\n"
      "2,Capital,Cat,Blue,20,40.0,Dan,Red,10,20.0,\n",
      "d.csv", Definition());
  ASSERT_TRUE(with_against_all.has_value()) << with_against_all.error().message();
  EXPECT_EQ((*with_against_all)[0].against_all, 7);
  EXPECT_FALSE((*with_against_all)[1].against_all.has_value());

  Result<std::vector<model::PublishedDistrictResult>> wrong_region = ParseDistrictTable(
      header + "1,Capital,Ann,Red,50,50.0,Bob,Independent,30,30.0\n", "d.csv", Definition());
  ASSERT_FALSE(wrong_region.has_value());
  EXPECT_THAT(wrong_region.error().message(), HasSubstr("d.csv:2: field 'region'"));

  Result<std::vector<model::PublishedDistrictResult>> unknown_district = ParseDistrictTable(
      header + "7,Nord,Ann,Red,50,50.0,Bob,Independent,30,30.0\n", "d.csv", Definition());
  ASSERT_FALSE(unknown_district.has_value());
  EXPECT_THAT(unknown_district.error().message(), HasSubstr("7 is not a district"));
}

TEST(ElectionDataTest, TurnoutTableRejectsImpossiblePercentages) {
  Result<model::TurnoutByHour> ok =
      ParseTurnoutTable("region,t10,t12\nTestland,10.5,20\nCapital,9,19\n", "h.csv", Definition());
  ASSERT_TRUE(ok.has_value()) << ok.error().message();
  EXPECT_EQ(ok->times, (std::vector<std::string>{"10:00", "12:00"}));
  EXPECT_EQ(ok->rows[1].region_id, "capital");
  Result<model::TurnoutByHour> bad =
      ParseTurnoutTable("region,t10\nCapital,101\n", "h.csv", Definition());
  ASSERT_FALSE(bad.has_value());
  EXPECT_THAT(bad.error().message(), HasSubstr("h.csv:2: field 't10'"));
}

TEST(ElectionDataTest, ParsesThePartyListPercentTable) {
  Result<model::PublishedListPercentages> ok = ParsePartyListPercentTable(
      "region,Blue,Red,against_all\nCapital,10.50%,80.25%,9.25%\nNord,1,2,3\n"
      "Testland,5.00%,90.00%,5.00%\n",
      "p.csv", Definition());
  ASSERT_TRUE(ok.has_value()) << ok.error().message();
  ASSERT_EQ(ok->regions.size(), 2u);
  EXPECT_EQ(ok->regions[1].region_id, "capital");
  EXPECT_EQ(ok->regions[1].party_percent, (std::vector<std::string>{"80.25%", "10.50%"}));
  EXPECT_EQ(ok->regions[1].against_all_percent, "9.25%");
  EXPECT_EQ(ok->regions[1].line, 2);
  ASSERT_TRUE(ok->national.has_value());
  EXPECT_EQ(ok->national->line, 4);

  Result<model::PublishedListPercentages> bad = ParsePartyListPercentTable(
      "region,Blue,Red,against_all\nCapital,10.5,101,1\nNord,1,2,3\n", "p.csv", Definition());
  ASSERT_FALSE(bad.has_value());
  EXPECT_THAT(bad.error().message(), HasSubstr("p.csv:2: field 'Red': '101' is not a percentage"));
  Result<model::PublishedListPercentages> missing = ParsePartyListPercentTable(
      "region,Blue,Red,against_all\nNord,1,2,3\n", "p.csv", Definition());
  ASSERT_FALSE(missing.has_value());
  EXPECT_THAT(missing.error().message(), HasSubstr("no row for region 'Capital'"));
}

TEST(ElectionDataTest, LoadsTheBundled2023Election) {
  Result<model::ElectionData> data =
      LoadElectionDirectory(std::string(ESEP_SOURCE_DIR) + "/data/elections/kz-majilis-2023");
  ASSERT_TRUE(data.has_value()) << data.error().message();
  EXPECT_EQ(data->definition.parties().size(), 7u);
  EXPECT_EQ(data->definition.regions().size(), 20u);
  EXPECT_EQ(data->definition.districts().size(), 29u);
  ASSERT_TRUE(data->party_list.has_value());
  ASSERT_TRUE(data->party_list->national.has_value());
  EXPECT_EQ(data->party_list->national->against_all, 248291);
  ASSERT_TRUE(data->party_list_percent.has_value());
  ASSERT_TRUE(data->party_list_percent->national.has_value());
  EXPECT_EQ(data->party_list_percent->national->party_percent[0], "53.90%");  // Amanat
  EXPECT_EQ(data->party_list_percent->national->against_all_percent, "3.90%");
  EXPECT_EQ(data->districts.size(), 29u);
  ASSERT_TRUE(data->turnout_by_hour.has_value());
  EXPECT_EQ(data->turnout_by_hour->rows.size(), 21u);
}

TEST(ElectionDataTest, MissingDirectoryIsNotFound) {
  Result<model::ElectionData> data = LoadElectionDirectory("/nonexistent/election");
  ASSERT_FALSE(data.has_value());
  EXPECT_EQ(data.error().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace esep::io
