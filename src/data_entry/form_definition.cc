#include "data_entry/form_definition.h"

#include <algorithm>

#include <fmt/format.h>

#include "data_entry/line_key.h"

namespace esep::data_entry {

namespace {

bool Blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t'; });
}

}  // namespace

const FormLine* FormDefinition::FindLine(std::string_view key) const {
  for (const FormLine& line : lines) {
    if (line.key == key) {
      return &line;
    }
  }
  return nullptr;
}

int FormDefinition::choices() const {
  return static_cast<int>(std::count_if(lines.begin(), lines.end(), [](const FormLine& line) {
    return ParseChoiceKey(line.key).has_value();
  }));
}

std::string ProtocolId(std::string_view commission_id, const protocol::ContestRef& contest) {
  if (contest.kind == protocol::ContestRef::Kind::kPartyList) {
    return fmt::format("{}:list", commission_id);
  }
  return fmt::format("{}:d{}", commission_id, contest.district);
}

Result<FormDefinition> MakeFormDefinition(std::string commission_id,
                                          const protocol::ContestRef& contest,
                                          const std::vector<std::string>& choice_names,
                                          std::span<const protocol::ControlRatio> ratios) {
  if (Blank(commission_id)) {
    return InvalidArgumentError("a protocol form needs its commission's id");
  }
  if (contest.kind == protocol::ContestRef::Kind::kDistrict && contest.district < 1) {
    return InvalidArgumentError(fmt::format(
        "district {} is not a district number; districts are numbered from 1", contest.district));
  }
  if (choice_names.empty()) {
    return InvalidArgumentError(
        fmt::format("the {} ballot lists no party or candidate", contest.ToString()));
  }
  FormDefinition form;
  form.protocol_id = ProtocolId(commission_id, contest);
  form.commission_id = std::move(commission_id);
  form.contest = contest;
  int number = 0;
  // The ballot account: the first twelve count fields, in the paper's order.
  for (size_t i = 0; i < 12; ++i) {
    const protocol::CountField& field = protocol::kCountFields[i];
    form.lines.push_back(
        {++number, std::string(field.key), std::string(protocol::FigureName(field.figure)), true});
  }
  for (size_t i = 0; i < choice_names.size(); ++i) {
    if (Blank(choice_names[i])) {
      return InvalidArgumentError(
          fmt::format("choice {} of the {} ballot has no name", i + 1, form.contest.ToString()));
    }
    form.lines.push_back({++number, ChoiceKey(static_cast<int>(i) + 1), choice_names[i], true});
  }
  form.lines.push_back({++number, std::string(kAgainstAllKey),
                        std::string(protocol::FigureName(protocol::Figure::kAgainstAll)), true});
  // Not a line of the paper: the last turnout the commission reported during the day, typed
  // when it is known so that KZ-09 can compare it with the ballots issued. Blank = not reported.
  form.lines.push_back(
      {std::nullopt, std::string(kTurnoutKey),
       std::string(protocol::FigureName(protocol::Figure::kTurnoutReportedDuringDay)), false});
  for (const protocol::ControlRatio& ratio : ratios) {
    if (ratio.scope == protocol::Scope::kProtocol) {
      form.ratios.push_back(ratio);
    }
  }
  return form;
}

}  // namespace esep::data_entry
