#include "data_entry/form_json.h"

#include "data_entry/line_key.h"

namespace esep::data_entry {

namespace {

nlohmann::ordered_json SideJson(const protocol::Side& side) {
  nlohmann::ordered_json keys = nlohmann::ordered_json::array();
  for (protocol::Figure figure : side) {
    keys.push_back(std::string(FigureKey(figure)));
  }
  return keys;
}

}  // namespace

nlohmann::ordered_json RatioJson(const protocol::ControlRatio& ratio) {
  nlohmann::ordered_json json;
  json["id"] = std::string(ratio.id);
  json["severity"] = std::string(protocol::SeverityName(ratio.severity));
  json["scope"] = ratio.scope == protocol::Scope::kProtocol ? "protocol" : "precinct";
  json["left"] = SideJson(ratio.left);
  json["relation"] = ratio.relation == protocol::Relation::kEqual ? "equal" : "at_most";
  json["right"] = SideJson(ratio.right);
  json["tolerance"] = ratio.tolerance;
  json["message"] = std::string(ratio.message);
  json["only_when_turnout_reported"] = ratio.only_when_turnout_reported;
  return json;
}

nlohmann::ordered_json FormJson(const FormDefinition& form) {
  nlohmann::ordered_json json;
  json["protocol"] = form.protocol_id;
  json["contest"] = {
      {"kind", form.contest.kind == protocol::ContestRef::Kind::kPartyList ? "list" : "district"},
      {"district", form.contest.district}};
  nlohmann::ordered_json lines = nlohmann::ordered_json::array();
  for (const FormLine& line : form.lines) {
    nlohmann::ordered_json entry;
    entry["number"] =
        line.number.has_value() ? nlohmann::ordered_json(*line.number) : nlohmann::ordered_json();
    entry["key"] = line.key;
    entry["label"] = line.label;
    entry["required"] = line.required;
    lines.push_back(std::move(entry));
  }
  json["lines"] = std::move(lines);
  nlohmann::ordered_json ratios = nlohmann::ordered_json::array();
  for (const protocol::ControlRatio& ratio : form.ratios) {
    ratios.push_back(RatioJson(ratio));
  }
  json["ratios"] = std::move(ratios);
  return json;
}

}  // namespace esep::data_entry
