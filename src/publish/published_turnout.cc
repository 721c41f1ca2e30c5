#include "publish/published_turnout.h"

#include <utility>

#include <fmt/format.h>

#include "protocol/turnout_report.h"
#include "publish/internal/strict_json.h"

namespace esep::publish {
namespace {

using internal::CheckKeys;
using internal::IntegerField;
using internal::StringField;

Result<std::optional<protocol::Decision>> ParseDecision(const nlohmann::json& json,
                                                        std::string_view where) {
  if (json.is_null()) {
    return std::optional<protocol::Decision>();
  }
  RETURN_IF_ERROR(CheckKeys(json, {"number", "date", "commission", "reason"}, where));
  protocol::Decision decision;
  ASSIGN_OR_RETURN(decision.number, StringField(json, "number", where));
  ASSIGN_OR_RETURN(decision.date, StringField(json, "date", where));
  ASSIGN_OR_RETURN(decision.commission, StringField(json, "commission", where));
  ASSIGN_OR_RETURN(decision.reason, StringField(json, "reason", where));
  return std::optional<protocol::Decision>(std::move(decision));
}

}  // namespace

nlohmann::ordered_json PublishedTurnoutJson(const PublishedTurnout& report) {
  nlohmann::ordered_json versions = nlohmann::ordered_json::array();
  for (const PublishedTurnoutVersion& version : report.versions) {
    nlohmann::ordered_json decision = nullptr;
    if (version.decision.has_value()) {
      decision = {{"number", version.decision->number},
                  {"date", version.decision->date},
                  {"commission", version.decision->commission},
                  {"reason", version.decision->reason}};
    }
    versions.push_back({{"version", version.version},
                        {"voters", version.voters},
                        {"source", version.source},
                        {"decision", std::move(decision)}});
  }
  return {{"commission_id", report.commission_id},
          {"time", report.time},
          {"versions", std::move(versions)}};
}

Result<PublishedTurnout> ParsePublishedTurnout(const nlohmann::json& json, std::string_view where) {
  RETURN_IF_ERROR(CheckKeys(json, {"commission_id", "time", "versions"}, where));
  PublishedTurnout report;
  ASSIGN_OR_RETURN(report.commission_id, StringField(json, "commission_id", where));
  ASSIGN_OR_RETURN(report.time, StringField(json, "time", where));
  if (report.commission_id.empty()) {
    return InvalidArgumentError(fmt::format("{}: field 'commission_id' is empty", where));
  }
  if (!protocol::IsClockTime(report.time)) {
    return InvalidArgumentError(
        fmt::format("{}: field 'time' must be a time of day written HH:MM", where));
  }
  const nlohmann::json& versions = json.at("versions");
  if (!versions.is_array() || versions.empty()) {
    return InvalidArgumentError(
        fmt::format("{}: field 'versions' must be an array of at least one version", where));
  }
  for (size_t i = 0; i < versions.size(); ++i) {
    const std::string at = fmt::format("{}: versions[{}]", where, i);
    RETURN_IF_ERROR(CheckKeys(versions[i], {"version", "voters", "source", "decision"}, at));
    PublishedTurnoutVersion version;
    ASSIGN_OR_RETURN(version.version, IntegerField(versions[i], "version", at));
    if (version.version != static_cast<int64_t>(i) + 1) {
      return InvalidArgumentError(fmt::format(
          "{}: field 'version' must be {} (the accepted versions, oldest first)", at, i + 1));
    }
    ASSIGN_OR_RETURN(version.voters, IntegerField(versions[i], "voters", at));
    if (version.voters < 0) {
      return InvalidArgumentError(fmt::format("{}: field 'voters' must be 0 or more", at));
    }
    ASSIGN_OR_RETURN(version.source, StringField(versions[i], "source", at));
    ASSIGN_OR_RETURN(version.decision,
                     ParseDecision(versions[i].at("decision"), fmt::format("{}: decision", at)));
    report.versions.push_back(std::move(version));
  }
  return report;
}

}  // namespace esep::publish
