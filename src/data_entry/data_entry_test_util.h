// Fixtures of the data_entry tests: a party-list form of three lists, checked by the
// kz-majilis-2023 catalogue, and values that satisfy every ratio.

#pragma once

#include <gtest/gtest.h>

#include "data_entry/form_definition.h"
#include "data_entry/form_values.h"
#include "protocol/control_ratio.h"

namespace esep::data_entry::testing {

inline FormDefinition ListForm() {
  Result<FormDefinition> form = MakeFormDefinition(
      "P-1", {protocol::ContestRef::Kind::kPartyList, 0}, {"Amanat", "Ak Zhol", "Respublica"},
      *protocol::ControlRatios("kz-majilis-2023"));
  EXPECT_TRUE(form.has_value()) << form.error().ToString();
  return *form;
}

// A complete protocol on ListForm that breaks no ratio (the example of protocols-jsonl.md).
inline FormValues ValidValues() {
  return {{"voters_on_list", 1000},
          {"voters_added_on_day", 12},
          {"ballots_received", 1010},
          {"ballots_issued_premises", 600},
          {"ballots_issued_mobile", 20},
          {"ballots_issued_absentee", 5},
          {"ballots_unused", 385},
          {"ballots_spoiled", 5},
          {"ballots_in_stationary_boxes", 598},
          {"ballots_in_mobile_boxes", 19},
          {"invalid_ballots", 7},
          {"valid_ballots", 610},
          {"choice.1", 400},
          {"choice.2", 150},
          {"choice.3", 50},
          {"against_all", 10}};
}

// ValidValues with two votes moved from list 2 to list 1: still consistent, different on
// choice.1 and choice.2.
inline FormValues OtherValidValues() {
  FormValues values = ValidValues();
  values["choice.1"] = 401;
  values["choice.2"] = 149;
  return values;
}

// ValidValues with 5 ballots received too many: breaks KZ-01 (an error).
inline FormValues ValuesBreakingKz01() {
  FormValues values = ValidValues();
  values["ballots_received"] = 1015;
  return values;
}

}  // namespace esep::data_entry::testing
