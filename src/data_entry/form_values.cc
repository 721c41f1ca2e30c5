#include "data_entry/form_values.h"

#include <fmt/format.h>

namespace esep::data_entry {

std::optional<int64_t> ValueOf(const FormValues& values, std::string_view key) {
  auto it = values.find(key);
  return it == values.end() ? std::nullopt : it->second;
}

Status CheckValues(const FormDefinition& form, const FormValues& values) {
  for (const auto& [key, value] : values) {
    if (form.FindLine(key) == nullptr) {
      return InvalidArgumentError(fmt::format(
          "values.{}: not a line of the form of {} (docs/formats/entry-form.md lists the keys)",
          key, form.protocol_id));
    }
    if (value.has_value() && (*value < 0 || *value > kMaxLineValue)) {
      return InvalidArgumentError(
          fmt::format("values.{}: {} is not a whole number from 0 to 10^15", key, *value));
    }
  }
  return OkStatus();
}

const FormLine* FirstBlankLine(const FormDefinition& form, const FormValues& values) {
  for (const FormLine& line : form.lines) {
    if (line.required && !ValueOf(values, line.key).has_value()) {
      return &line;
    }
  }
  return nullptr;
}

Result<protocol::Protocol> ToProtocol(const FormDefinition& form, const FormValues& values) {
  RETURN_IF_ERROR(CheckValues(form, values));
  if (const FormLine* blank = FirstBlankLine(form, values)) {
    return FailedPreconditionError(
        fmt::format("values.{}: line {} ({}) is blank; every numbered line is typed, 0 for none",
                    blank->key, blank->number.value_or(0), blank->label));
  }
  protocol::Protocol protocol;
  protocol.commission_id = form.commission_id;
  protocol.contest = form.contest;
  for (const protocol::CountField& field : protocol::kCountFields) {
    protocol.*field.member = *ValueOf(values, field.key);
  }
  const int choices = form.choices();
  protocol.choice_votes.reserve(static_cast<size_t>(choices));
  for (int choice = 1; choice <= choices; ++choice) {
    protocol.choice_votes.push_back(*ValueOf(values, ChoiceKey(choice)));
  }
  protocol.turnout_reported_during_day = ValueOf(values, kTurnoutKey);
  return protocol;
}

Result<FormValues> FromProtocol(const FormDefinition& form, const protocol::Protocol& protocol) {
  if (protocol.commission_id != form.commission_id || !(protocol.contest == form.contest)) {
    return InvalidArgumentError(
        fmt::format("the protocol of {}, {} is not the protocol of the form {}",
                    protocol.commission_id, protocol.contest.ToString(), form.protocol_id));
  }
  if (static_cast<int>(protocol.choice_votes.size()) != form.choices()) {
    return InvalidArgumentError(
        fmt::format("the protocol has {} choices, but the ballot of {} has {}",
                    protocol.choice_votes.size(), form.protocol_id, form.choices()));
  }
  FormValues values;
  for (const protocol::CountField& field : protocol::kCountFields) {
    values[std::string(field.key)] = protocol.*field.member;
  }
  for (size_t i = 0; i < protocol.choice_votes.size(); ++i) {
    values[ChoiceKey(static_cast<int>(i) + 1)] = protocol.choice_votes[i];
  }
  if (protocol.turnout_reported_during_day.has_value()) {
    values[std::string(kTurnoutKey)] = protocol.turnout_reported_during_day;
  }
  return values;
}

std::vector<std::string> Differences(const FormValues& first, const FormValues& second) {
  std::vector<std::string> keys;
  // Both maps iterate in the paper's order: a merge visits every key once, in that order.
  auto a = first.begin();
  auto b = second.begin();
  const PaperOrder less;
  while (a != first.end() || b != second.end()) {
    if (b == second.end() || (a != first.end() && less(a->first, b->first))) {
      if (a->second.has_value()) {
        keys.push_back(a->first);
      }
      ++a;
    } else if (a == first.end() || less(b->first, a->first)) {
      if (b->second.has_value()) {
        keys.push_back(b->first);
      }
      ++b;
    } else {
      if (a->second != b->second) {
        keys.push_back(a->first);
      }
      ++a;
      ++b;
    }
  }
  return keys;
}

}  // namespace esep::data_entry
