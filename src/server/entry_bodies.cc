#include "server/entry_bodies.h"

#include <cstdint>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "protocol/decision.h"
#include "server/handler_support.h"

namespace esep::server::internal {

using nlohmann::json;

namespace {

// The member "decision" of a command's body (the only field it may have) into `decision`: the
// 400 answer naming the field when the body has another field, or the decision is not an object
// of the four strings; nullopt when it reads. Absent is a fault only when `required`.
std::optional<http::Response> ReadDecision(const json& body, bool required,
                                           std::optional<protocol::Decision>& decision) {
  BodyReader reader(body, {"decision"});
  if (!reader.ok()) {
    return reader.error();
  }
  if (!body.contains("decision")) {
    if (required) {
      return http::Response::Error(InvalidArgumentError("the field 'decision' is required"),
                                   "decision");
    }
    return std::nullopt;
  }
  BodyReader fields(body["decision"], {"number", "date", "commission", "reason"}, "decision");
  protocol::Decision made;
  for (auto [name, into] :
       {std::pair{"number", &made.number}, std::pair{"date", &made.date},
        std::pair{"commission", &made.commission}, std::pair{"reason", &made.reason}}) {
    *into = fields.String(name, true).value_or("");
  }
  if (!fields.ok()) {
    return fields.error();
  }
  decision = std::move(made);
  return std::nullopt;
}

}  // namespace

Result<data_entry::FormValues> ParseValues(const json& values, std::string& field) {
  if (!values.is_object()) {
    field = "values";
    return InvalidArgumentError("values must be an object of line keys");
  }
  data_entry::FormValues out;
  for (const auto& [key, value] : values.items()) {
    field = "values." + key;
    if (value.is_null()) {
      out[key] = std::nullopt;
    } else if (value.is_number_unsigned()) {
      out[key] =
          static_cast<int64_t>(value.get<uint64_t>() > INT64_MAX ? -1 : value.get<uint64_t>());
      if (*out[key] < 0) {
        return InvalidArgumentError(fmt::format("values.{} is too large", key));
      }
    } else {
      return InvalidArgumentError(
          fmt::format("values.{} must be a whole number from 0, or null when blank", key));
    }
  }
  field.clear();
  return out;
}

ActionOrAnswer SaveAction(const json& body, int entry) {
  BodyReader reader(body, {"values"});
  if (!reader.ok()) {
    return reader.error();
  }
  if (!body.contains("values")) {
    return http::Response::Error(InvalidArgumentError("the field 'values' is required"), "values");
  }
  std::string field;
  Result<data_entry::FormValues> values = ParseValues(body["values"], field);
  if (!values.has_value()) {
    return http::Response::Error(values.error(), field);
  }
  return data_entry::Save{.entry = entry, .values = *std::move(values)};
}

ActionOrAnswer FinaliseAction(const json& body, int entry) {
  BodyReader reader(body, {"acknowledged_warnings", "confirm_has_errors"});
  const std::optional<bool> confirm = reader.Bool("confirm_has_errors");
  if (!reader.ok()) {
    return reader.error();
  }
  data_entry::Finalise finalise{.entry = entry,
                                .confirm_has_errors = confirm.value_or(false)
                                                          ? data_entry::ConfirmHasErrors::kYes
                                                          : data_entry::ConfirmHasErrors::kNo};
  if (body.contains("acknowledged_warnings")) {
    const json& list = body["acknowledged_warnings"];
    if (!list.is_array()) {
      return http::Response::Error(
          InvalidArgumentError("acknowledged_warnings is a list of ratio ids"),
          "acknowledged_warnings");
    }
    for (const json& id : list) {
      if (!id.is_string()) {
        return http::Response::Error(
            InvalidArgumentError("acknowledged_warnings is a list of ratio ids"),
            "acknowledged_warnings");
      }
      finalise.acknowledged_warnings.push_back(id.get<std::string>());
    }
  }
  return finalise;
}

ActionOrAnswer ResolutionAction(const json& body) {
  BodyReader reader(body, {"resolution"});
  const std::optional<std::string> name = reader.String("resolution", true);
  if (!reader.ok()) {
    return reader.error();
  }
  for (const data_entry::Resolution each :
       {data_entry::Resolution::kKeepFirst, data_entry::Resolution::kKeepSecond,
        data_entry::Resolution::kDiscardBoth, data_entry::Resolution::kReturnFirst,
        data_entry::Resolution::kReturnSecond}) {
    if (data_entry::ResolutionName(each) == *name) {
      return data_entry::Resolve{.resolution = each};
    }
  }
  return http::Response::Error(InvalidArgumentError("a resolution is keep_first, keep_second, "
                                                    "discard_both, return_first or return_second"),
                               "resolution");
}

ActionOrAnswer ApprovalAction(const json& body) {
  data_entry::Approve approve;
  if (body.is_null()) {
    return approve;
  }
  if (std::optional<http::Response> refused = ReadDecision(body, false, approve.reconciliation)) {
    return *std::move(refused);
  }
  return approve;
}

ActionOrAnswer CorrectionAction(const json& body) {
  std::optional<protocol::Decision> made;
  if (std::optional<http::Response> refused = ReadDecision(body, true, made)) {
    return *std::move(refused);
  }
  return data_entry::OpenCorrection{.decision = *std::move(made)};
}

}  // namespace esep::server::internal
