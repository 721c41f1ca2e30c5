#include "observers/observer_records.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace esep::observers {
namespace {

using ::testing::HasSubstr;

constexpr char kHeader[] =
    "synthetic,precinct,observer,organisation,record,time,voters_counted,registered,ballots,"
    "valid,invalid,list:Amanat,list:Auyl,note\n";

TEST(ObserverRecordsTest, ReadsEveryKindOfRecord) {
  const std::string text = std::string(kHeader) +
                           "no,PEC-1,obs-7,\"Erkin Kadam, Almaty\",turnout,10:00,120,,,,,,,\n"
                           "no,PEC-1,obs-7,\"Erkin Kadam, Almaty\",turnout,14:30,410,,,,,,,\n"
                           "no,PEC-1,obs-7,\"Erkin Kadam, Almaty\",turnout_close,20:00,655,,,,,,,\n"
                           "no,PEC-1,obs-7,,posted_copy,21:40,,1500,702,690,12,400,,illegible\n"
                           "no,PEC-2,obs-8,,copy_not_posted,,,,,,,,,\n"
                           "no,PEC-3,obs-9,,no_access,,,,,,,,,refused at the door\n";
  Result<ObserverRecords> records = ParseObserverRecords(text, "obs.csv");
  ASSERT_TRUE(records.has_value()) << records.error().message();
  EXPECT_FALSE(records->synthetic);
  EXPECT_EQ(records->list_columns, (std::vector<std::string>{"Amanat", "Auyl"}));
  EXPECT_EQ(records->list_column_numbers, (std::vector<int>{12, 13}));
  ASSERT_EQ(records->records.size(), 6u);
  const ObserverRecord& first = records->records[0];
  EXPECT_EQ(first.line, 2);
  EXPECT_EQ(first.kind, ObserverRecordKind::kTurnout);
  EXPECT_EQ(first.minute, 600);
  EXPECT_EQ(first.voters_counted, 120);
  EXPECT_EQ(first.organisation, "Erkin Kadam, Almaty");
  const ObserverRecord& copy = records->records[3];
  EXPECT_EQ(copy.kind, ObserverRecordKind::kPostedCopy);
  EXPECT_EQ(copy.figures.registered, 1500);
  EXPECT_EQ(copy.figures.ballots, 702);
  EXPECT_EQ(copy.figures.valid, 690);
  EXPECT_EQ(copy.figures.invalid, 12);
  EXPECT_EQ(copy.figures.votes, (std::vector<std::optional<int64_t>>{400, std::nullopt}));
  EXPECT_EQ(copy.note, "illegible");
  EXPECT_EQ(records->records[4].kind, ObserverRecordKind::kCopyNotPosted);
  EXPECT_EQ(records->records[5].kind, ObserverRecordKind::kNoAccess);
  EXPECT_EQ(records->records[5].note, "refused at the door");
}

TEST(ObserverRecordsTest, MinimalColumnsAndByteOrderMarkAndSyntheticFlag) {
  Result<ObserverRecords> records = ParseObserverRecords(
      "\xEF\xBB\xBFprecinct,observer,record,ballots,synthetic\r\nP1,o,observer_copy,5,yes\r\n",
      "o.csv");
  ASSERT_TRUE(records.has_value()) << records.error().message();
  EXPECT_TRUE(records->synthetic);
  EXPECT_EQ(records->records[0].figures.ballots, 5);
  EXPECT_TRUE(records->list_columns.empty());
}

struct BadCase {
  const char* name;
  std::string text;
  const char* message;
};

TEST(ObserverRecordsTest, ErrorsNameTheFileLineColumnAndRule) {
  const std::string h = kHeader;
  const BadCase cases[] = {
      {"missing_column", "precinct,record\nP1,turnout\n",
       "obs.csv:1: the required column 'observer' is missing"},
      {"unknown_column", "precinct,observer,record,balots\n",
       "obs.csv:1: column 4 (balots): unknown column"},
      {"empty_list_name", "precinct,observer,record,list:\n",
       "obs.csv:1: column 4 (list:): a list column names the list after 'list:'"},
      {"repeated_column", "precinct,observer,record,Ballots,ballots \n", "obs.csv:1"},
      {"unknown_kind", h + "no,P1,o,,protocol,,,,,,,,,\n",
       "obs.csv:2: column 5 (record): unknown record kind 'protocol'"},
      {"bad_time", h + "no,P1,o,,turnout,9:00,10,,,,,,,\n",
       "obs.csv:2: column 6 (time): '9:00' is not a time of day; write HH:MM"},
      {"bad_hour", h + "no,P1,o,,turnout,24:00,10,,,,,,,\n", "column 6 (time): '24:00'"},
      {"negative_count", h + "no,P1,o,,posted_copy,,,1000,-5,,,,,\n",
       "obs.csv:2: column 9 (ballots): '-5' is negative"},
      {"decimal_vote", h + "no,P1,o,,posted_copy,,,1000,500,,,1.5,,\n",
       "obs.csv:2: column 12 (list:Amanat): '1.5' is not a whole number"},
      {"bad_synthetic", h + "maybe,P1,o,,copy_not_posted,,,,,,,,,\n",
       "obs.csv:2: column 1 (synthetic): 'maybe': write yes or no"},
      {"empty_precinct", h + "no,,o,,copy_not_posted,,,,,,,,,\n",
       "obs.csv:2: column 2 (precinct): the precinct id is empty"},
      {"empty_observer", h + "no,P1,,,copy_not_posted,,,,,,,,,\n",
       "obs.csv:2: column 3 (observer): the observer is empty"},
      {"copy_without_figures", h + "no,P1,o,,posted_copy,,,,,,,,,\n",
       "obs.csv:2: column 5 (record): a posted_copy record has no figure"},
      {"figures_on_not_posted", h + "no,P1,o,,copy_not_posted,,,,,,,7,,\n",
       "obs.csv:2: column 12 (list:Amanat): a copy_not_posted record takes no protocol figures"},
      {"turnout_without_count", h + "no,P1,o,,turnout,10:00,,,,,,,,\n",
       "obs.csv:2: column 7 (voters_counted): a turnout record needs the voters counted"},
      {"turnout_without_time", h + "no,P1,o,,turnout,,10,,,,,,,\n",
       "obs.csv:2: column 6 (time): a turnout record needs the time"},
      {"count_on_copy", h + "no,P1,o,,posted_copy,,10,100,,,,,,\n",
       "obs.csv:2: column 7 (voters_counted): a posted_copy record takes no voters_counted"},
      {"field_count", h + "no,P1,o\n", "obs.csv:2"},
      {"duplicate_copy", h + "no,P1,o,,posted_copy,,,100,,,,,,\nno,P1,o,,posted_copy,,,101,,,,,,\n",
       "obs.csv:3: the posted_copy record of observer 'o' at precinct P1 is given twice (first "
       "on line 2)"},
      {"duplicate_count", h + "no,P1,o,,turnout,10:00,5,,,,,,,\nno,P1,o,,turnout,10:00,6,,,,,,,\n",
       "obs.csv:3: the turnout record of observer 'o' at precinct P1 at 10:00 is given twice"},
      {"count_goes_down",
       h + "no,P1,o,,turnout,14:00,300,,,,,,,\nno,P1,o,,turnout,10:00,320,,,,,,,\n",
       "obs.csv:2: observer 'o' at precinct P1: 300 voters counted at 14:00, fewer than the 320 "
       "at 10:00 on line 3"},
      {"close_below_daytime",
       h + "no,P1,o,,turnout,18:00,500,,,,,,,\nno,P1,o,,turnout_close,,480,,,,,,,\n",
       "obs.csv:3: observer 'o' at precinct P1: 480 voters counted at the close, fewer than the "
       "500 at 18:00"},
      {"close_before_daytime",
       h + "no,P1,o,,turnout,18:00,500,,,,,,,\nno,P1,o,,turnout_close,17:00,510,,,,,,,\n",
       "obs.csv:3: observer 'o' at precinct P1: the close is at 17:00, before the count at 18:00"},
      {"not_utf8", h + "no,P1,\xff,,copy_not_posted,,,,,,,,,\n", "obs.csv:2"},
  };
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.name);
    Result<ObserverRecords> records = ParseObserverRecords(c.text, "obs.csv");
    ASSERT_FALSE(records.has_value());
    EXPECT_EQ(records.error().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(records.error().message(), HasSubstr(c.message));
  }
}

TEST(ObserverRecordsTest, TwoObserversMayCountTheSamePrecinct) {
  const std::string text = std::string(kHeader) +
                           "no,P1,a,,turnout,10:00,300,,,,,,,\n"
                           "no,P1,b,,turnout,10:00,200,,,,,,,\n"
                           "no,P1,a,,posted_copy,,,100,,,,,,\n"
                           "no,P1,b,,posted_copy,,,101,,,,,,\n";
  Result<ObserverRecords> records = ParseObserverRecords(text, "obs.csv");
  ASSERT_TRUE(records.has_value()) << records.error().message();
  EXPECT_EQ(records->records.size(), 4u);
}

TEST(ObserverRecordsTest, MissingFileIsNotFound) {
  Result<ObserverRecords> records = ReadObserverRecordsFile("/nonexistent/observers.csv");
  ASSERT_FALSE(records.has_value());
  EXPECT_EQ(records.error().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace esep::observers
