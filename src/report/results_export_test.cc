#include "report/results_export.h"

#include <sstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "io/csv.h"
#include "report/internal/json_out.h"
#include "results/internal/results_test_util.h"

namespace esep::report {
namespace {

using results::internal::ToyElection;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

const Provenance kProvenance = {"toy", std::string(64, 'a'), std::string(64, 'b')};

std::string Write(const ToyElection& toy, ResultsFormat format,
                  const results::ResultsQuery& query) {
  std::ostringstream out;
  const Status status = WriteResults(out, format, toy.source(), query, kProvenance);
  EXPECT_TRUE(status.ok()) << status.message();
  return out.str();
}

TEST(ResultsExportTest, CsvHasOneRowPerUnitAndContestWithNamedChoiceColumns) {
  const ToyElection toy;
  EXPECT_EQ(Write(toy, ResultsFormat::kCsv, {results::ResultLevel::kRegion, std::nullopt}),
            "level,unit_id,unit_name,parent_id,contest,protocols,expected,status,voters_on_list,"
            "voters_added_on_day,ballots_received,ballots_issued_premises,ballots_issued_mobile,"
            "ballots_issued_absentee,ballots_unused,ballots_spoiled,ballots_in_stationary_boxes,"
            "ballots_in_mobile_boxes,invalid_ballots,valid_ballots,Red,Blue,against_all,"
            "turnout_percent,turnout_reported_during_day\n"
            "region,north,North,CEC,list,2,3,preliminary,150,0,170,63,0,0,107,0,63,0,1,62,35,25,"
            "2,42.00,\n"
            "region,south,South City,CEC,list,1,1,final,200,0,210,100,0,0,110,0,100,0,0,100,10,"
            "90,0,50.00,\n");
}

TEST(ResultsExportTest, PrecinctCsvOfTheWholeElectionParsesBackWithEveryContest) {
  const ToyElection toy;
  const std::string csv =
      Write(toy, ResultsFormat::kCsv, {results::ResultLevel::kPrecinct, std::nullopt});
  Result<io::CsvTable> table = io::ParseCsv(csv, "precincts.csv");
  ASSERT_TRUE(table.has_value()) << table.error().message();
  const std::vector<std::string>& header = table->header;
  auto column = [&](std::string_view name) {
    return static_cast<size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  ASSERT_LT(column("district 1: Bob Bek"), header.size());
  ASSERT_LT(column("district 2: candidate 3"), header.size());
  ASSERT_EQ(table->rows.size(), 7u);
  for (const io::CsvRecord& record : table->rows) {
    EXPECT_EQ(record.fields.size(), header.size());
  }
  const std::vector<std::string>& p2 = table->rows[2].fields;  // P2's list row
  EXPECT_EQ(p2[column("unit_name")], "Precinct 2, annex");
  EXPECT_EQ(p2[column("Red")], "5");
  EXPECT_EQ(p2[column("district 1: Ann Ay")], "");
  const std::vector<std::string>& p4 = table->rows[6].fields;  // P4's district row
  EXPECT_EQ(p4[column("contest")], "district 2");
  EXPECT_EQ(p4[column("parent_id")], "2");
  EXPECT_EQ(p4[column("district 2: candidate 2")], "50");
  EXPECT_EQ(p4[column("Blue")], "");
  EXPECT_EQ(p4[column("status")], "final");
}

TEST(ResultsExportTest, JsonCarriesProvenanceLevelAndRows) {
  const ToyElection toy;
  const std::string text = Write(toy, ResultsFormat::kJson, {results::ResultLevel::kDistrict, "1"});
  const nlohmann::json doc = nlohmann::json::parse(text);
  EXPECT_EQ(doc["format"], "esep-results/1");
  EXPECT_EQ(doc["election_id"], "toy");
  EXPECT_EQ(doc["definition_sha256"], std::string(64, 'a'));
  EXPECT_EQ(doc["chain_head"], std::string(64, 'b'));
  EXPECT_EQ(doc["level"], "district");
  EXPECT_EQ(doc["unit"], "1");
  ASSERT_EQ(doc["rows"].size(), 1u);
  const nlohmann::json& row = doc["rows"][0];
  EXPECT_EQ(row["unit_id"], "1");
  EXPECT_EQ(row["contest"], "district 1");
  EXPECT_EQ(row["protocols"], 3);
  EXPECT_EQ(row["expected"], 3);
  EXPECT_EQ(row["status"], "final");
  EXPECT_EQ(row["ballot_account"]["voters_on_list"], 230);
  EXPECT_EQ(row["ballot_account"].size(), results::BallotAccountFields().size());
  EXPECT_EQ(row["choices"], nlohmann::json::parse(
                                R"([{"name":"Ann Ay","votes":32},{"name":"Bob Bek","votes":31}])"));
  EXPECT_EQ(row["against_all"], 2);
  EXPECT_EQ(row["turnout_percent"], "28.70");  // 66 of 230
  EXPECT_TRUE(row["turnout_reported_during_day"].is_null());

  const nlohmann::json all = nlohmann::json::parse(
      Write(toy, ResultsFormat::kJson, {results::ResultLevel::kPrecinct, {}}));
  EXPECT_TRUE(all["unit"].is_null());
  EXPECT_EQ(all["rows"].size(), 7u);
}

TEST(ResultsExportTest, TableHasOneTablePerContest) {
  const ToyElection toy;
  const std::string table =
      Write(toy, ResultsFormat::kTable, {results::ResultLevel::kPrecinct, "T-N1"});
  EXPECT_THAT(table, StartsWith("Party list, precinct level:\n"));
  EXPECT_THAT(table, HasSubstr("District 1, precinct level:\n"));
  EXPECT_THAT(table, HasSubstr("Ann Ay"));
  EXPECT_THAT(table, HasSubstr("Precinct 2, annex"));
  EXPECT_THAT(table, HasSubstr("53.00%"));
  EXPECT_THAT(table, Not(HasSubstr("District 2")));
}

TEST(ResultsExportTest, AnErrorWritesNothing) {
  ToyElection toy;
  for (ResultsFormat format : {ResultsFormat::kCsv, ResultsFormat::kJson, ResultsFormat::kTable}) {
    std::ostringstream out;
    const Status status = WriteResults(out, format, toy.source(),
                                       {results::ResultLevel::kTerritorial, "T-X"}, kProvenance);
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(out.str(), "");
  }
  // A protocol that is no precinct's is found before the header is written.
  toy.protocols.push_back(results::internal::ToyProtocol("T-N1", {}, 10, {1, 1}));
  for (ResultsFormat format : {ResultsFormat::kCsv, ResultsFormat::kJson, ResultsFormat::kTable}) {
    std::ostringstream out;
    const Status status = WriteResults(
        out, format, toy.source(), {results::ResultLevel::kPrecinct, std::nullopt}, kProvenance);
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(out.str(), "");
  }
}

TEST(ResultsExportTest, AFailedStreamIsReported) {
  const ToyElection toy;
  std::ostringstream out;
  out.setstate(std::ios_base::badbit);
  const Status status = WriteResults(out, ResultsFormat::kCsv, toy.source(),
                                     {results::ResultLevel::kNational, std::nullopt}, kProvenance);
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
}

TEST(ResultsExportTest, FormatNames) {
  EXPECT_EQ(*ParseResultsFormat("CSV"), ResultsFormat::kCsv);
  EXPECT_THAT(ParseResultsFormat("xml").status().message(),
              HasSubstr("formats are table, csv, json"));
}

}  // namespace
}  // namespace esep::report

namespace esep::report::internal {
namespace {

TEST(JsonOutTest, EscapesWhatJsonRequiresAndReplacesBadUtf8) {
  EXPECT_EQ(JsonString("Qarağandy"), "\"Qarağandy\"");
  EXPECT_EQ(JsonString("a\"b\\c\nd"), "\"a\\\"b\\\\c\\u000ad\"");
  EXPECT_EQ(JsonString("bad\xff"), "\"bad\xef\xbf\xbd\"");
  EXPECT_EQ(nlohmann::json::parse(JsonString("tab\there")), "tab\there");
}

}  // namespace
}  // namespace esep::report::internal
