#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "data_entry/data_entry_test_util.h"
#include "data_entry/finalise_review.h"
#include "data_entry/form_definition.h"
#include "data_entry/form_values.h"
#include "data_entry/line_key.h"

namespace esep::data_entry {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::ListForm;
using testing::OtherValidValues;
using testing::ValidValues;
using testing::ValuesBreakingKz01;

TEST(LineKeyTest, ChoiceKeysHaveOneSpelling) {
  EXPECT_EQ(ChoiceKey(3), "choice.3");
  EXPECT_EQ(ParseChoiceKey("choice.3"), 3);
  EXPECT_EQ(ParseChoiceKey("choice.12"), 12);
  for (const char* bad : {"choice.0", "choice.03", "choice.", "choice.-1", "choice.1a",
                          "choice.1234567", "choices.1", "against_all"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(ParseChoiceKey(bad), std::nullopt);
  }
}

TEST(LineKeyTest, FigureKeys) {
  EXPECT_EQ(FigureKey(protocol::Figure::kBallotsReceived), "ballots_received");
  EXPECT_EQ(FigureKey(protocol::Figure::kAgainstAll), "against_all");
  EXPECT_EQ(FigureKey(protocol::Figure::kSumOfChoices), "sum_of_choices");
  EXPECT_EQ(FigureKey(protocol::Figure::kTurnoutReportedDuringDay), "turnout_reported_during_day");
}

TEST(LineKeyTest, PaperOrder) {
  FormValues values = {{"zzz", 1},
                       {"turnout_reported_during_day", 1},
                       {"against_all", 1},
                       {"choice.10", 1},
                       {"choice.2", 1},
                       {"valid_ballots", 1},
                       {"voters_on_list", 1},
                       {"aaa", 1}};
  std::vector<std::string> keys;
  for (const auto& [key, value] : values) {
    keys.push_back(key);
  }
  EXPECT_THAT(keys, ElementsAre("voters_on_list", "valid_ballots", "choice.2", "choice.10",
                                "against_all", "turnout_reported_during_day", "aaa", "zzz"));
}

TEST(FormDefinitionTest, LinesInThePapersOrder) {
  const FormDefinition form = ListForm();
  EXPECT_EQ(form.protocol_id, "P-1:list");
  ASSERT_EQ(form.lines.size(), 17u);
  std::vector<std::string> keys;
  for (const FormLine& line : form.lines) {
    keys.push_back(line.key);
  }
  EXPECT_THAT(keys, ElementsAre("voters_on_list", "voters_added_on_day", "ballots_received",
                                "ballots_issued_premises", "ballots_issued_mobile",
                                "ballots_issued_absentee", "ballots_unused", "ballots_spoiled",
                                "ballots_in_stationary_boxes", "ballots_in_mobile_boxes",
                                "invalid_ballots", "valid_ballots", "choice.1", "choice.2",
                                "choice.3", "against_all", "turnout_reported_during_day"));
  for (size_t i = 0; i + 1 < form.lines.size(); ++i) {
    EXPECT_EQ(form.lines[i].number, static_cast<int>(i) + 1);
    EXPECT_TRUE(form.lines[i].required);
  }
  EXPECT_EQ(form.lines.back().number, std::nullopt);
  EXPECT_FALSE(form.lines.back().required);
  EXPECT_EQ(form.lines[12].label, "Amanat");
  EXPECT_EQ(form.choices(), 3);
  // The one-protocol ratios only: KZ-10 compares two protocols.
  ASSERT_EQ(form.ratios.size(), 9u);
  EXPECT_EQ(form.ratios.back().id, "KZ-09");
}

TEST(FormDefinitionTest, RefusesAFormWithoutChoicesOrDistrict) {
  const auto ratios = *protocol::ControlRatios("kz-majilis-2023");
  Result<FormDefinition> none =
      MakeFormDefinition("P-1", {protocol::ContestRef::Kind::kPartyList, 0}, {}, ratios);
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().code(), StatusCode::kInvalidArgument);
  Result<FormDefinition> district =
      MakeFormDefinition("P-1", {protocol::ContestRef::Kind::kDistrict, 0}, {"A"}, ratios);
  ASSERT_FALSE(district.has_value());
  EXPECT_EQ(district.error().code(), StatusCode::kInvalidArgument);
  Result<FormDefinition> blank =
      MakeFormDefinition("P-1", {protocol::ContestRef::Kind::kDistrict, 7}, {"A", " "}, ratios);
  ASSERT_FALSE(blank.has_value());
  EXPECT_THAT(blank.error().message(), HasSubstr("choice 2"));
  Result<FormDefinition> good =
      MakeFormDefinition("P-1", {protocol::ContestRef::Kind::kDistrict, 7}, {"A", "B"}, ratios);
  ASSERT_TRUE(good.has_value());
  EXPECT_EQ(good->protocol_id, "P-1:d7");
}

TEST(FormValuesTest, CheckValuesNamesTheKey) {
  const FormDefinition form = ListForm();
  EXPECT_TRUE(CheckValues(form, ValidValues()).ok());
  EXPECT_TRUE(CheckValues(form, {{"choice.3", std::nullopt}}).ok());
  struct Case {
    const char* name;
    FormValues values;
    const char* message;
  };
  const Case cases[] = {
      {"unknown key", {{"choice.4", 1}}, "values.choice.4: not a line"},
      {"sum is computed", {{"sum_of_choices", 1}}, "values.sum_of_choices: not a line"},
      {"negative", {{"ballots_received", -1}}, "values.ballots_received: -1 is not"},
      {"too large", {{"against_all", kMaxLineValue + 1}}, "values.against_all: 1000000000000001"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Status status = CheckValues(form, c.values);
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(status.message(), HasSubstr(c.message));
  }
}

TEST(FormValuesTest, ToProtocolAndBack) {
  const FormDefinition form = ListForm();
  Result<protocol::Protocol> protocol = ToProtocol(form, ValidValues());
  ASSERT_TRUE(protocol.has_value()) << protocol.error().ToString();
  EXPECT_EQ(protocol->commission_id, "P-1");
  EXPECT_EQ(protocol->ballots_received, 1010);
  EXPECT_EQ(protocol->choice_votes, (std::vector<int64_t>{400, 150, 50}));
  EXPECT_EQ(protocol->against_all, 10);
  EXPECT_EQ(protocol->turnout_reported_during_day, std::nullopt);
  Result<FormValues> back = FromProtocol(form, *protocol);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, ValidValues());

  FormValues with_turnout = ValidValues();
  with_turnout["turnout_reported_during_day"] = 580;
  protocol = ToProtocol(form, with_turnout);
  ASSERT_TRUE(protocol.has_value());
  EXPECT_EQ(protocol->turnout_reported_during_day, 580);
  EXPECT_EQ(*FromProtocol(form, *protocol), with_turnout);
}

TEST(FormValuesTest, BlankIsNotZero) {
  const FormDefinition form = ListForm();
  FormValues values = ValidValues();
  values["choice.2"] = std::nullopt;
  Result<protocol::Protocol> protocol = ToProtocol(form, values);
  ASSERT_FALSE(protocol.has_value());
  EXPECT_EQ(protocol.error().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(protocol.error().message(), HasSubstr("values.choice.2: line 14 (Ak Zhol) is blank"));
  values.erase("choice.2");
  EXPECT_EQ(FirstBlankLine(form, values)->key, "choice.2");
}

TEST(FormValuesTest, FromProtocolChecksTheProtocolFitsTheForm) {
  const FormDefinition form = ListForm();
  protocol::Protocol protocol = *ToProtocol(form, ValidValues());
  protocol.choice_votes.push_back(1);
  EXPECT_EQ(FromProtocol(form, protocol).error().code(), StatusCode::kInvalidArgument);
  protocol = *ToProtocol(form, ValidValues());
  protocol.commission_id = "P-2";
  EXPECT_EQ(FromProtocol(form, protocol).error().code(), StatusCode::kInvalidArgument);
}

TEST(DifferencesTest, KeysThatDifferInPaperOrder) {
  EXPECT_TRUE(Differences(ValidValues(), ValidValues()).empty());
  EXPECT_THAT(Differences(ValidValues(), OtherValidValues()), ElementsAre("choice.1", "choice.2"));
  FormValues blank_is_absent = ValidValues();
  FormValues explicit_null = ValidValues();
  blank_is_absent.erase("against_all");
  explicit_null["against_all"] = std::nullopt;
  EXPECT_TRUE(Differences(blank_is_absent, explicit_null).empty());
  FormValues zero = ValidValues();
  zero["against_all"] = 0;
  EXPECT_THAT(Differences(zero, explicit_null), ElementsAre("against_all"));
  EXPECT_THAT(Differences(explicit_null, zero), ElementsAre("against_all"));
  FormValues more = ValidValues();
  more["turnout_reported_during_day"] = 5;
  more["voters_on_list"] = 999;
  EXPECT_THAT(Differences(ValidValues(), more),
              ElementsAre("voters_on_list", "turnout_reported_during_day"));
}

TEST(FinaliseReviewTest, AValidEntryPasses) {
  Result<FinaliseReview> review =
      ReviewFinalise(ListForm(), ValidValues(), {}, ConfirmHasErrors::kNo);
  ASSERT_TRUE(review.has_value());
  EXPECT_TRUE(review->ok());
  EXPECT_TRUE(review->ToStatus().ok());
  EXPECT_TRUE(review->acknowledged_warnings.empty());
  EXPECT_TRUE(review->confirmed_errors.empty());
}

TEST(FinaliseReviewTest, BlankAndAllZeroAreRefused) {
  const FormDefinition form = ListForm();
  Result<FinaliseReview> blank = ReviewFinalise(form, {}, {}, ConfirmHasErrors::kYes);
  ASSERT_TRUE(blank.has_value());
  ASSERT_EQ(blank->refusals.size(), 1u);
  EXPECT_EQ(blank->refusals[0].rule, "blank");

  FormValues zero;
  for (const FormLine& line : form.lines) {
    if (line.required) {
      zero[line.key] = 0;
    }
  }
  Result<FinaliseReview> all_zero = ReviewFinalise(form, zero, {}, ConfirmHasErrors::kYes);
  ASSERT_TRUE(all_zero.has_value());
  ASSERT_EQ(all_zero->refusals.size(), 1u);
  EXPECT_EQ(all_zero->refusals[0].rule, "all_zero");
  EXPECT_EQ(all_zero->ToStatus().code(), StatusCode::kFailedPrecondition);
}

TEST(FinaliseReviewTest, EveryBlankLineIsNamed) {
  FormValues values = ValidValues();
  values.erase("ballots_spoiled");
  values["choice.3"] = std::nullopt;
  Result<FinaliseReview> review = ReviewFinalise(ListForm(), values, {}, ConfirmHasErrors::kNo);
  ASSERT_TRUE(review.has_value());
  ASSERT_EQ(review->refusals.size(), 2u);
  EXPECT_EQ(review->refusals[0].rule, "complete");
  EXPECT_THAT(review->refusals[0].keys, ElementsAre("ballots_spoiled"));
  EXPECT_THAT(review->refusals[0].message, HasSubstr("values.ballots_spoiled: line 8"));
  EXPECT_THAT(review->refusals[1].keys, ElementsAre("choice.3"));
}

TEST(FinaliseReviewTest, AnErrorBlocksUnlessConfirmed) {
  const FormDefinition form = ListForm();
  Result<FinaliseReview> refused =
      ReviewFinalise(form, ValuesBreakingKz01(), {}, ConfirmHasErrors::kNo);
  ASSERT_TRUE(refused.has_value());
  ASSERT_EQ(refused->refusals.size(), 1u);
  EXPECT_EQ(refused->refusals[0].rule, "KZ-01");
  EXPECT_THAT(refused->refusals[0].keys,
              ElementsAre("ballots_received", "ballots_issued_premises", "ballots_issued_mobile",
                          "ballots_unused", "ballots_spoiled"));
  EXPECT_THAT(refused->ToStatus().message(),
              HasSubstr("values ballots_received, ballots_issued_premises"));
  EXPECT_THAT(refused->ToStatus().message(), HasSubstr("error KZ-01 blocks finalising"));

  Result<FinaliseReview> confirmed =
      ReviewFinalise(form, ValuesBreakingKz01(), {}, ConfirmHasErrors::kYes);
  ASSERT_TRUE(confirmed.has_value());
  EXPECT_TRUE(confirmed->ok());
  EXPECT_THAT(confirmed->confirmed_errors, ElementsAre("KZ-01"));
}

TEST(FinaliseReviewTest, AWarningNeedsItsAcknowledgement) {
  const FormDefinition form = ListForm();
  FormValues values = ValidValues();
  values["turnout_reported_during_day"] = 700;  // above the 620 ballots issued: KZ-09
  Result<FinaliseReview> refused = ReviewFinalise(form, values, {}, ConfirmHasErrors::kYes);
  ASSERT_TRUE(refused.has_value());
  ASSERT_EQ(refused->refusals.size(), 1u);
  EXPECT_EQ(refused->refusals[0].rule, "KZ-09");
  EXPECT_THAT(refused->refusals[0].keys,
              ElementsAre("ballots_issued_premises", "ballots_issued_mobile",
                          "turnout_reported_during_day"));
  EXPECT_TRUE(refused->confirmed_errors.empty());

  const std::vector<std::string> ack = {"KZ-09"};
  Result<FinaliseReview> acknowledged = ReviewFinalise(form, values, ack, ConfirmHasErrors::kNo);
  ASSERT_TRUE(acknowledged.has_value());
  EXPECT_TRUE(acknowledged->ok());
  EXPECT_THAT(acknowledged->acknowledged_warnings, ElementsAre("KZ-09"));

  // An acknowledgement of a warning that is not raised is not recorded.
  Result<FinaliseReview> unraised = ReviewFinalise(form, ValidValues(), ack, ConfirmHasErrors::kNo);
  ASSERT_TRUE(unraised.has_value());
  EXPECT_TRUE(unraised->ok());
  EXPECT_TRUE(unraised->acknowledged_warnings.empty());
}

TEST(FinaliseReviewTest, MalformedInputIsAnInvalidArgument) {
  const FormDefinition form = ListForm();
  for (const char* id : {"KZ-01", "KZ-10", "KZ-99"}) {
    SCOPED_TRACE(id);
    const std::vector<std::string> ack = {id};
    Result<FinaliseReview> review = ReviewFinalise(form, ValidValues(), ack, ConfirmHasErrors::kNo);
    ASSERT_FALSE(review.has_value());
    EXPECT_EQ(review.error().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(review.error().message(), HasSubstr("acknowledged_warnings"));
  }
  FormValues values = ValidValues();
  values["ballots_received"] = -5;
  Result<FinaliseReview> review = ReviewFinalise(form, values, {}, ConfirmHasErrors::kNo);
  ASSERT_FALSE(review.has_value());
  EXPECT_EQ(review.error().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace esep::data_entry
