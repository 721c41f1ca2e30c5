// FinaliseReview: the server's check of an entry at finalising — complete, not blank, not all
// zero, every error ratio holding (or confirmed by the typist as on the paper), every warning
// acknowledged by its id. Each refusal names its rule and the line keys at fault, so the API
// can answer with the field. docs/double-entry.md ("Checked as typed") gives the rules.
//
// Pure function; thread-safe.

#pragma once

#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "data_entry/form_definition.h"
#include "data_entry/form_values.h"

namespace esep::data_entry {

// Whether the typist confirms that the paper itself breaks an error ratio ("has errors").
enum class ConfirmHasErrors { kNo, kYes };

// Rules of the entry itself, beside the control ratios' ids.
inline constexpr std::string_view kRuleComplete = "complete";  // a required line is blank
inline constexpr std::string_view kRuleBlank = "blank";        // every line is blank
inline constexpr std::string_view kRuleAllZero = "all_zero";   // every line is 0

struct Refusal {
  std::string rule;               // "complete", "blank", "all_zero", or a ratio id ("KZ-01")
  std::vector<std::string> keys;  // the lines at fault (a ratio's typed lines), paper order
  std::string message;            // an English sentence naming the keys and the rule
};

struct FinaliseReview {
  std::vector<Refusal> refusals;                   // empty: the entry may be finalised
  std::vector<std::string> acknowledged_warnings;  // the raised warnings, each acknowledged
  std::vector<std::string> confirmed_errors;       // the raised errors, when confirmed

  bool ok() const { return refusals.empty(); }
  // The refusals as one kFailedPrecondition status ("values.<key>: ..."); OK when none.
  Status ToStatus() const;
};

// Reviews `values` for finalising on `form`. kInvalidArgument (not a refusal) when a key or
// value is malformed (CheckValues) or an acknowledged id is not a warning of the form's ratios.
// An acknowledgement of a warning that is not raised is not recorded. Confirming errors when
// none is raised records nothing.
Result<FinaliseReview> ReviewFinalise(const FormDefinition& form, const FormValues& values,
                                      std::span<const std::string> acknowledged_warnings,
                                      ConfirmHasErrors confirm);

}  // namespace esep::data_entry
