// The bodies of the double-entry command routes (docs/api.md), read into the command's action:
// the values of a saved entry, a finalise, a coordinator's resolution, a chair's approval and
// correction decision. Pure functions of the parsed body (http/json_body.h), so that the routes and
// the fuzz target of tests/fuzz read bodies with the same code. Internal to the server module.
//
// Thread-safe.

#pragma once

#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "base/result.h"
#include "data_entry/command.h"
#include "data_entry/form_values.h"
#include "http/response.h"

namespace esep::server::internal {

// The command's action, or the 400 answer that refuses the body (naming its field).
using ActionOrAnswer = std::variant<data_entry::Action, http::Response>;

// The `values` of a PUT body: an object whose every member is null (blank) or a whole number
// from 0 to INT64_MAX written as JSON digits alone (no sign, fraction or exponent: -0, 1.0 and 1e2
// are refused), each kept under its key. kInvalidArgument otherwise, with `field`
// set to "values" (not an object) or "values.<key>" (the first member refused, in key order);
// `field` is cleared on success. Whether the keys are lines of the form and the numbers within
// kMaxLineValue is the command's check (data_entry::CheckValues), not this one's.
Result<data_entry::FormValues> ParseValues(const nlohmann::json& values, std::string& field);

// PUT /protocols/{id}/entries/{n}: {"values": {...}} (required; no other field).
ActionOrAnswer SaveAction(const nlohmann::json& body, int entry);

// POST /protocols/{id}/entries/{n}/finalise: {"acknowledged_warnings": [ratio ids],
// "confirm_has_errors": bool}, both optional.
ActionOrAnswer FinaliseAction(const nlohmann::json& body, int entry);

// POST /protocols/{id}/resolution: {"resolution": one of data_entry::ResolutionName's names}.
ActionOrAnswer ResolutionAction(const nlohmann::json& body);

// POST /protocols/{id}/approve: no body (null), or {"decision": {"number", "date",
// "commission", "reason"}} explaining a summary's difference from its precincts
// (data_entry::Approve::reconciliation), every field a string and required.
ActionOrAnswer ApprovalAction(const nlohmann::json& body);

// POST /protocols/{id}/corrections: {"decision": {"number", "date", "commission", "reason"}},
// every field a string and required.
ActionOrAnswer CorrectionAction(const nlohmann::json& body);

}  // namespace esep::server::internal
