// The bodies of the double-entry command routes read into their actions, and the 400 that
// names the field of a body refused (the same functions the routes call; api_flows_test.cc sends
// some of these bodies through the server).

#include "server/entry_bodies.h"

#include <string>
#include <variant>

#include <gtest/gtest.h>

namespace esep::server::internal {
namespace {

using nlohmann::json;

// The field a refused body's answer names ("" when it names none).
std::string RefusedField(const ActionOrAnswer& made) {
  const auto* answer = std::get_if<http::Response>(&made);
  if (answer == nullptr) {
    ADD_FAILURE() << "the body was accepted";
    return "<accepted>";
  }
  EXPECT_EQ(answer->status, 400);
  const json error = json::parse(answer->body)["error"];
  EXPECT_EQ(error["code"], "invalid_argument");
  return error.value("field", "");
}

TEST(ParseValuesTest, KeepsWholeNumbersAndBlanks) {
  std::string field = "stale";
  Result<data_entry::FormValues> values =
      ParseValues(json::parse(R"({"voters_on_list": 1234, "choice.3": null, "ballots_received": 0,
                      "against_all": 9223372036854775807})"),
                  field);
  ASSERT_TRUE(values.has_value()) << values.error().message();
  EXPECT_EQ(field, "");
  EXPECT_EQ(*values, (data_entry::FormValues{{"voters_on_list", 1234},
                                             {"choice.3", std::nullopt},
                                             {"ballots_received", 0},
                                             {"against_all", INT64_MAX}}));
}

TEST(ParseValuesTest, RefusesAnythingElseNamingTheKey) {
  for (const char* text :
       {R"({"x": -1})", R"({"x": -0})", R"({"x": 1.0})", R"({"x": 1e2})", R"({"x": "1"})",
        R"({"x": true})", R"({"x": [1]})", R"({"x": 9223372036854775808})",
        R"({"x": 18446744073709551616})", R"({"a": 1, "x": {}})"}) {
    SCOPED_TRACE(text);
    std::string field;
    Result<data_entry::FormValues> values = ParseValues(json::parse(text), field);
    ASSERT_FALSE(values.has_value());
    EXPECT_EQ(values.error().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(field, "values.x");
  }
  std::string field;
  EXPECT_FALSE(ParseValues(json::array(), field).has_value());
  EXPECT_EQ(field, "values");
}

TEST(EntryBodiesTest, ReadsEachCommandsBody) {
  const ActionOrAnswer save = SaveAction(json::parse(R"({"values": {"choice.1": 7}})"), 2);
  const auto* saved = std::get_if<data_entry::Save>(std::get_if<data_entry::Action>(&save));
  ASSERT_NE(saved, nullptr);
  EXPECT_EQ(saved->entry, 2);
  EXPECT_EQ(saved->values, (data_entry::FormValues{{"choice.1", 7}}));

  const ActionOrAnswer finalise = FinaliseAction(
      json::parse(R"({"acknowledged_warnings": ["KZ-09"], "confirm_has_errors": true})"), 1);
  const auto* finalised =
      std::get_if<data_entry::Finalise>(std::get_if<data_entry::Action>(&finalise));
  ASSERT_NE(finalised, nullptr);
  EXPECT_EQ(finalised->acknowledged_warnings, std::vector<std::string>{"KZ-09"});
  EXPECT_EQ(finalised->confirm_has_errors, data_entry::ConfirmHasErrors::kYes);

  const ActionOrAnswer resolve =
      ResolutionAction(json::parse(R"({"resolution": "return_second"})"));
  const auto* resolved =
      std::get_if<data_entry::Resolve>(std::get_if<data_entry::Action>(&resolve));
  ASSERT_NE(resolved, nullptr);
  EXPECT_EQ(resolved->resolution, data_entry::Resolution::kReturnSecond);

  const ActionOrAnswer correct = CorrectionAction(json::parse(
      R"({"decision": {"number": "12/45", "date": "2026-12-08", "commission": "TEC-abai",
                       "reason": "misread"}})"));
  const auto* corrected =
      std::get_if<data_entry::OpenCorrection>(std::get_if<data_entry::Action>(&correct));
  ASSERT_NE(corrected, nullptr);
  EXPECT_EQ(
      corrected->decision,
      (protocol::Decision{
          .number = "12/45", .date = "2026-12-08", .commission = "TEC-abai", .reason = "misread"}));
}

TEST(EntryBodiesTest, ARefusedBodyNamesItsField) {
  EXPECT_EQ(RefusedField(SaveAction(json::array(), 1)), "");
  EXPECT_EQ(RefusedField(SaveAction(json::object(), 1)), "values");
  EXPECT_EQ(RefusedField(SaveAction(json::parse(R"({"values": {}, "x": 1})"), 1)), "x");
  EXPECT_EQ(RefusedField(SaveAction(json::parse(R"({"values": {"a": -5}})"), 1)), "values.a");
  EXPECT_EQ(RefusedField(FinaliseAction(json::parse(R"({"confirm_has_errors": 1})"), 1)),
            "confirm_has_errors");
  EXPECT_EQ(RefusedField(FinaliseAction(json::parse(R"({"acknowledged_warnings": [1]})"), 1)),
            "acknowledged_warnings");
  EXPECT_EQ(RefusedField(ResolutionAction(json::object())), "resolution");
  EXPECT_EQ(RefusedField(ResolutionAction(json::parse(R"({"resolution": "keep_both"})"))),
            "resolution");
  EXPECT_EQ(RefusedField(CorrectionAction(json::object())), "decision");
  EXPECT_EQ(RefusedField(CorrectionAction(json::parse(R"({"decision": {"number": "1"}})"))),
            "decision.date");
  EXPECT_EQ(RefusedField(CorrectionAction(json::parse(R"({"decision": {"n": "1"}})"))),
            "decision.n");
  EXPECT_EQ(RefusedField(ApprovalAction(json::parse(R"({"decision": 7})"))), "decision");
  EXPECT_EQ(RefusedField(ApprovalAction(json::parse(R"({"why": "x"})"))), "why");
  EXPECT_EQ(RefusedField(ApprovalAction(json::parse(R"({"decision": {"number": "1"}})"))),
            "decision.date");
}

TEST(EntryBodiesTest, AnApprovalTakesNoBodyOrTheDecisionExplainingASummary) {
  for (const json& body : {json(), json::object()}) {
    const ActionOrAnswer plain = ApprovalAction(body);
    const auto* approve = std::get_if<data_entry::Approve>(std::get_if<data_entry::Action>(&plain));
    ASSERT_NE(approve, nullptr) << body;
    EXPECT_EQ(approve->reconciliation, std::nullopt);
  }
  const ActionOrAnswer explained = ApprovalAction(json::parse(
      R"({"decision": {"number": "5/12", "date": "2026-12-08", "commission": "TC-abai-1",
                       "reason": "a precinct came late"}})"));
  const auto* approve =
      std::get_if<data_entry::Approve>(std::get_if<data_entry::Action>(&explained));
  ASSERT_NE(approve, nullptr);
  EXPECT_EQ(approve->reconciliation, (protocol::Decision{.number = "5/12",
                                                         .date = "2026-12-08",
                                                         .commission = "TC-abai-1",
                                                         .reason = "a precinct came late"}));
}

}  // namespace
}  // namespace esep::server::internal
