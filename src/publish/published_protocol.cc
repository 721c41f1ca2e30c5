#include "publish/published_protocol.h"

#include <utility>

#include <fmt/format.h>

#include "io/protocol_jsonl.h"
#include "protocol/control_ratio.h"
#include "publish/internal/strict_json.h"

namespace esep::publish {
namespace {

using internal::CheckKeys;
using internal::IntegerField;
using internal::StringField;

nlohmann::ordered_json FindingJson(const protocol::Finding& finding) {
  return {{"rule_id", finding.rule_id},   {"severity", protocol::SeverityName(finding.severity)},
          {"location", finding.location}, {"left", finding.left},
          {"right", finding.right},       {"message", finding.message}};
}

// The protocol and its decision as one object of docs/formats/protocols-jsonl.md.
nlohmann::ordered_json ProtocolObject(const PublishedVersion& version) {
  std::string line;
  io::AppendProtocolJsonl(version.protocol, version.decision, line);
  return nlohmann::ordered_json::parse(line);
}

Result<protocol::Finding> ParseFinding(const nlohmann::json& json, std::string_view where) {
  RETURN_IF_ERROR(
      CheckKeys(json, {"rule_id", "severity", "location", "left", "right", "message"}, where));
  protocol::Finding finding;
  ASSIGN_OR_RETURN(finding.rule_id, StringField(json, "rule_id", where));
  ASSIGN_OR_RETURN(const std::string severity, StringField(json, "severity", where));
  if (severity == protocol::SeverityName(protocol::Severity::kWarning)) {
    finding.severity = protocol::Severity::kWarning;
  } else if (severity != protocol::SeverityName(protocol::Severity::kError)) {
    return InvalidArgumentError(
        fmt::format("{}: field 'severity' must be \"error\" or \"warning\"", where));
  }
  ASSIGN_OR_RETURN(finding.location, StringField(json, "location", where));
  ASSIGN_OR_RETURN(finding.left, IntegerField(json, "left", where));
  ASSIGN_OR_RETURN(finding.right, IntegerField(json, "right", where));
  ASSIGN_OR_RETURN(finding.message, StringField(json, "message", where));
  return finding;
}

Result<PublishedVersion> ParseVersion(const nlohmann::json& json, std::string_view where) {
  RETURN_IF_ERROR(CheckKeys(json, {"version", "source", "protocol", "findings"}, where));
  PublishedVersion version;
  ASSIGN_OR_RETURN(const int64_t number, IntegerField(json, "version", where));
  if (number < 1 || number > 1'000'000) {
    return InvalidArgumentError(fmt::format("{}: field 'version' must be 1 or more", where));
  }
  version.version = static_cast<int>(number);
  ASSIGN_OR_RETURN(version.source, StringField(json, "source", where));
  std::optional<io::ProtocolRow> row;
  RETURN_IF_ERROR(io::ReadProtocolJsonl(json.at("protocol").dump(),
                                        fmt::format("{}: protocol", where),
                                        [&](io::ProtocolRow&& read) { row = std::move(read); }));
  if (!row.has_value() || !row->protocol.has_value()) {
    return InvalidArgumentError(row.has_value() ? row->error
                                                : fmt::format("{}: protocol is empty", where));
  }
  version.protocol = std::move(*row->protocol);
  version.decision = std::move(row->decision);
  const nlohmann::json& findings = json.at("findings");
  if (!findings.is_array()) {
    return InvalidArgumentError(fmt::format("{}: field 'findings' must be an array", where));
  }
  for (size_t i = 0; i < findings.size(); ++i) {
    ASSIGN_OR_RETURN(protocol::Finding finding,
                     ParseFinding(findings[i], fmt::format("{}: findings[{}]", where, i)));
    version.findings.push_back(std::move(finding));
  }
  return version;
}

Result<PublishedScan> ParseScan(const nlohmann::json& json, std::string_view where) {
  RETURN_IF_ERROR(CheckKeys(json, {"sha256", "media_type", "bytes"}, where));
  PublishedScan scan;
  ASSIGN_OR_RETURN(scan.sha256, StringField(json, "sha256", where));
  ASSIGN_OR_RETURN(scan.media_type, StringField(json, "media_type", where));
  ASSIGN_OR_RETURN(scan.bytes, IntegerField(json, "bytes", where));
  return scan;
}

}  // namespace

nlohmann::ordered_json PublishedProtocolJson(const PublishedProtocol& published) {
  nlohmann::ordered_json versions = nlohmann::ordered_json::array();
  for (const PublishedVersion& version : published.versions) {
    nlohmann::ordered_json findings = nlohmann::ordered_json::array();
    for (const protocol::Finding& finding : version.findings) {
      findings.push_back(FindingJson(finding));
    }
    versions.push_back({{"version", version.version},
                        {"source", version.source},
                        {"protocol", ProtocolObject(version)},
                        {"findings", std::move(findings)}});
  }
  nlohmann::ordered_json scans = nlohmann::ordered_json::array();
  for (const PublishedScan& scan : published.scans) {
    scans.push_back(
        {{"sha256", scan.sha256}, {"media_type", scan.media_type}, {"bytes", scan.bytes}});
  }
  return {{"commission_id", published.commission_id},
          {"contest", published.contest.ToString()},
          {"open_correction", published.open_correction},
          {"versions", std::move(versions)},
          {"scans", std::move(scans)}};
}

Result<PublishedProtocol> ParsePublishedProtocol(const nlohmann::json& json,
                                                 std::string_view where) {
  RETURN_IF_ERROR(
      CheckKeys(json, {"commission_id", "contest", "open_correction", "versions", "scans"}, where));
  PublishedProtocol published;
  ASSIGN_OR_RETURN(published.commission_id, StringField(json, "commission_id", where));
  ASSIGN_OR_RETURN(const std::string contest, StringField(json, "contest", where));
  const std::string here = fmt::format("{} {} {}", where, published.commission_id, contest);
  if (!json.at("open_correction").is_boolean()) {
    return InvalidArgumentError(
        fmt::format("{}: field 'open_correction' must be true or false", here));
  }
  published.open_correction = json.at("open_correction").get<bool>();
  const nlohmann::json& versions = json.at("versions");
  if (!versions.is_array() || versions.empty()) {
    return InvalidArgumentError(
        fmt::format("{}: field 'versions' must be an array of at least one version", here));
  }
  for (size_t i = 0; i < versions.size(); ++i) {
    const std::string at = fmt::format("{}: versions[{}]", here, i);
    ASSIGN_OR_RETURN(PublishedVersion version, ParseVersion(versions[i], at));
    if (version.protocol.commission_id != published.commission_id ||
        version.protocol.contest.ToString() != contest) {
      return InvalidArgumentError(fmt::format(
          "{}: the protocol is of {} {}, not of the commission and contest it is listed under", at,
          version.protocol.commission_id, version.protocol.contest.ToString()));
    }
    if (!published.versions.empty() && version.version <= published.versions.back().version) {
      return InvalidArgumentError(
          fmt::format("{}: field 'version': versions must be listed oldest first", at));
    }
    published.versions.push_back(std::move(version));
  }
  published.contest = published.versions.front().protocol.contest;
  const nlohmann::json& scans = json.at("scans");
  if (!scans.is_array()) {
    return InvalidArgumentError(fmt::format("{}: field 'scans' must be an array", here));
  }
  for (size_t i = 0; i < scans.size(); ++i) {
    ASSIGN_OR_RETURN(PublishedScan scan,
                     ParseScan(scans[i], fmt::format("{}: scans[{}]", here, i)));
    published.scans.push_back(std::move(scan));
  }
  return published;
}

}  // namespace esep::publish
