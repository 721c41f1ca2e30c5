#include "precincts/precinct_sources.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "io/protocol_csv.h"

namespace esep::precincts {
namespace {

using ::testing::HasSubstr;
using Kind = model::CommissionLevel;

model::ElectionDefinition Definition() {
  model::ElectionDefinitionParts d;
  d.id = "test";
  d.synthetic = true;
  d.parties = {{.id = "red", .name = "Red Party", .short_name = "Red"},
               {.id = "blue", .name = "Blue Party", .short_name = "Blue"}};
  d.regions = {{.id = "north", .name = "North"}, {.id = "south", .name = "South"}};
  d.districts = {{.number = 1, .region_id = "north"}, {.number = 2, .region_id = "south"}};
  d.commissions = {
      {.id = "CEC", .level = Kind::kCentral},
      {.id = "TEC-N", .level = Kind::kRegional, .parent_id = "CEC", .region_id = "north"},
      {.id = "TEC-S", .level = Kind::kRegional, .parent_id = "CEC", .region_id = "south"},
      {.id = "T-N1", .level = Kind::kTerritorial, .parent_id = "TEC-N", .region_id = "north"},
      {.id = "T-S1", .level = Kind::kTerritorial, .parent_id = "TEC-S", .region_id = "south"},
      {.id = "P1", .parent_id = "T-N1", .region_id = "north", .district = 1},
      {.id = "P2", .parent_id = "T-N1", .region_id = "north", .district = 1},
      {.id = "P3", .parent_id = "T-S1", .region_id = "south", .district = 2},
      {.id = "P4", .parent_id = "T-S1", .region_id = "south", .district = 2, .abroad = true},
  };
  return model::ElectionDefinition(std::move(d));
}

protocol::Protocol Precinct(std::string id, int64_t voters, int64_t stationary, int64_t mobile,
                            std::vector<int64_t> votes) {
  protocol::Protocol p;
  p.commission_id = std::move(id);
  p.voters_on_list = voters;
  p.voters_added_on_day = voters / 50;
  p.ballots_in_stationary_boxes = stationary;
  p.ballots_in_mobile_boxes = mobile;
  p.ballots_issued_premises = stationary;
  p.ballots_issued_mobile = mobile;
  p.ballots_received = voters + 10;
  p.ballots_unused = p.ballots_received - stationary - mobile;
  p.invalid_ballots = 2;
  p.valid_ballots = stationary + mobile - 2;
  p.choice_votes = std::move(votes);
  p.against_all = p.valid_ballots - p.choice_votes[0] - p.choice_votes[1];
  return p;
}

TEST(PrecinctSourcesTest, PrecinctsAbroadAreSpecialCommissions) {
  const model::ElectionDefinition definition = Definition();
  const std::vector<protocol::Protocol> protocols = {Precinct("P1", 1000, 500, 20, {300, 200}),
                                                     Precinct("P4", 100, 98, 0, {90, 6})};
  Result<PrecinctTable> table = PrecinctTableFromProtocols(definition, protocols, "test");
  ASSERT_TRUE(table.has_value()) << table.error().message();
  EXPECT_EQ(table->special, (std::vector<uint8_t>{0, 1}));
  EXPECT_EQ(table->special_rule, kAbroadRule);

  // Without a precinct abroad, no rule is stated.
  Result<PrecinctTable> home =
      PrecinctTableFromProtocols(definition, std::vector<protocol::Protocol>{protocols[0]}, "test");
  ASSERT_TRUE(home.has_value());
  EXPECT_EQ(home->special, (std::vector<uint8_t>{0}));
  EXPECT_EQ(home->special_rule, "");
}

TEST(PrecinctSourcesTest, ProtocolsBecomeColumnsWithTheirCommissionAndRegion) {
  const model::ElectionDefinition definition = Definition();
  protocol::Protocol district = Precinct("P1", 1000, 500, 20, {300, 200});
  district.contest = {protocol::ContestRef::Kind::kDistrict, 1};
  protocol::Protocol summary = Precinct("T-N1", 2000, 1000, 40, {600, 400});
  const std::vector<protocol::Protocol> protocols = {
      Precinct("P1", 1000, 500, 20, {300, 200}), district, summary,
      Precinct("P3", 800, 600, 0, {100, 490}), Precinct("P2", 500, 200, 10, {150, 50})};
  Result<PrecinctTable> table = PrecinctTableFromProtocols(definition, protocols, "test");
  ASSERT_TRUE(table.has_value()) << table.error().message();
  EXPECT_EQ(table->source, "test");
  EXPECT_TRUE(table->synthetic);
  EXPECT_EQ(table->choice_names, (std::vector<std::string>{"Red", "Blue"}));
  EXPECT_EQ(table->ids, (std::vector<std::string>{"P1", "P3", "P2"}));
  EXPECT_EQ(table->group_names, (std::vector<std::string>{"T-N1", "T-S1"}));
  EXPECT_EQ(table->group, (std::vector<uint32_t>{0, 1, 0}));
  EXPECT_EQ(table->region_names, (std::vector<std::string>{"north", "south"}));
  EXPECT_EQ(table->region, (std::vector<uint32_t>{0, 1, 0}));
  EXPECT_EQ(table->registered, (std::vector<int64_t>{1000, 800, 500}));
  EXPECT_EQ(table->ballots, (std::vector<int64_t>{520, 600, 210}));
  EXPECT_EQ(table->mobile_ballots, (std::vector<int64_t>{20, 0, 10}));
  EXPECT_EQ(table->added_on_day, (std::vector<int64_t>{20, 16, 10}));
  EXPECT_EQ(table->valid, (std::vector<int64_t>{518, 598, 208}));
  EXPECT_EQ(table->invalid, (std::vector<int64_t>{2, 2, 2}));
  EXPECT_EQ(table->issued, (std::vector<int64_t>{520, 600, 210}));
  EXPECT_TRUE(table->has_issued);
  EXPECT_TRUE(table->has_invalid);
  EXPECT_EQ(table->Votes(1, 1), 490);
  EXPECT_TRUE(table->has_added_on_day);
  EXPECT_TRUE(table->has_mobile_ballots);
  EXPECT_TRUE(table->skipped.empty());
}

TEST(PrecinctSourcesTest, UnusableProtocolsAreSkippedWithTheirReason) {
  const model::ElectionDefinition definition = Definition();
  Result<ProtocolPrecinctCollector> collector =
      ProtocolPrecinctCollector::Create(definition, "p.csv");
  ASSERT_TRUE(collector.has_value()) << collector.error().message();
  collector->Add(Precinct("P1", 1000, 500, 20, {300, 200}), "p.csv", 2);
  collector->Add(Precinct("P9", 1000, 500, 20, {300, 200}), "p.csv", 3);  // not in the tree
  collector->Add(Precinct("P1", 1000, 400, 20, {300, 100}), "p.csv", 4);  // again
  collector->Add(Precinct("P2", 100, 500, 20, {300, 200}), "p.csv", 5);   // ballots > voters
  protocol::Protocol summary = Precinct("T-S1", 1000, 500, 20, {300, 200});
  collector->Add(summary, "p.csv", 6);
  collector->Skip("p.csv:7: field 'contest': 'x' is not a contest");
  EXPECT_EQ(collector->ignored(), 1);
  const PrecinctTable table = std::move(*collector).Finish();
  EXPECT_EQ(table.size(), 1U);
  ASSERT_EQ(table.skipped.size(), 4U);
  EXPECT_THAT(table.skipped[0], HasSubstr("p.csv:3: commission P9: not in the election's"));
  EXPECT_THAT(table.skipped[1], HasSubstr("p.csv:4: precinct P1: a second party-list protocol"));
  EXPECT_THAT(table.skipped[2], HasSubstr("p.csv:5: precinct P2: ballots 520 exceed registered"));
  EXPECT_THAT(table.skipped[3], HasSubstr("p.csv:7: field 'contest'"));
}

TEST(PrecinctSourcesTest, ADefinitionWithoutATreeIsAnError) {
  model::ElectionDefinitionParts parts = Definition().parts();
  parts.commissions.clear();
  const model::ElectionDefinition definition(std::move(parts));
  const Result<PrecinctTable> table = PrecinctTableFromProtocols(definition, {});
  ASSERT_FALSE(table.has_value());
  EXPECT_THAT(table.error().message(), HasSubstr("no commission tree"));
}

void WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

TEST(PrecinctSourcesTest, ReadsAnElectionDirectory) {
  const std::filesystem::path directory =
      std::filesystem::path(::testing::TempDir()) / "esep_precinct_sources_test";
  std::filesystem::create_directories(directory);
  WriteFile(directory / "election.json", R"json({
    "format": "esep-election/1", "id": "tiny", "title": "Tiny (synthetic)",
    "date": "2024-01-07", "country": "Testland", "rule_set": "kz-majilis-2023",
    "synthetic": true, "commissions": "commissions.csv",
    "parties": [
      {"id": "red", "name": "Red Party", "short_name": "Red", "ballot_number": 1,
       "registered_on": "2023-12-01", "list_candidates": 10},
      {"id": "blue", "name": "Blue Party", "short_name": "Blue", "ballot_number": 2,
       "registered_on": "2023-12-02", "list_candidates": 5}],
    "regions": [{"id": "north", "name": "North", "kind": "region"}],
    "districts": [{"number": 1, "region": "north"}]})json");
  WriteFile(directory / "commissions.csv",
            "id,level,parent,name,region,district,abroad\n"
            "CEC,cec,,CEC,,,\n"
            "TEC-N,regional,CEC,North,north,,\n"
            "DEC-01,district,CEC,District 1,north,1,\n"
            "T-N1,territorial,TEC-N,T1,north,,\n"
            "P1,precinct,T-N1,P1,north,1,0\n"
            "P2,precinct,T-N1,P2,north,1,0\n");
  std::string protocols = io::ProtocolCsvHeader(2);
  io::AppendProtocolCsvRow(Precinct("P1", 1000, 500, 20, {300, 200}), 2, protocols);
  protocols += "P2,list,not-a-number,0,0,0,0,0,0,0,0,0,0,0,0,,1,1\n";
  io::AppendProtocolCsvRow(Precinct("P2", 900, 450, 0, {300, 148}), 2, protocols);
  WriteFile(directory / "protocols.csv", protocols);

  ASSERT_TRUE(DirectoryHasProtocols(directory.string()));
  Result<PrecinctTable> table = PrecinctTableFromDirectory(directory.string());
  ASSERT_TRUE(table.has_value()) << table.error().message();
  EXPECT_TRUE(table->synthetic);
  EXPECT_EQ(table->source, (directory / "protocols.csv").string());
  EXPECT_EQ(table->ids, (std::vector<std::string>{"P1", "P2"}));
  ASSERT_EQ(table->skipped.size(), 1U);
  EXPECT_THAT(table->skipped[0], HasSubstr("protocols.csv:3"));
  EXPECT_THAT(table->skipped[0], HasSubstr("voters_on_list"));
  EXPECT_FALSE(DirectoryHasProtocols((directory / "nothing-here").string()));
}

}  // namespace
}  // namespace esep::precincts
