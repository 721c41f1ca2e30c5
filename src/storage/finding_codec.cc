#include "storage/finding_codec.h"

#include <optional>

#include <fmt/format.h>

#include "storage/internal/json_text.h"
#include "storage/protocol_codec.h"

namespace esep::storage {

namespace {

using internal::AppendJsonInt;
using internal::AppendJsonString;
using protocol::Finding;
using protocol::Severity;

std::optional<Severity> SeverityFromName(std::string_view name) {
  if (name == "error") {
    return Severity::kError;
  }
  if (name == "warning") {
    return Severity::kWarning;
  }
  return std::nullopt;
}

Result<Finding> ReadFinding(internal::CanonicalReader& reader) {
  Finding finding;
  std::string severity;
  if (!reader.Literal(R"({"rule_id":)") || !reader.String(finding.rule_id)) {
    return reader.Expected("a stored list of findings", R"('{"rule_id":' and a string)");
  }
  if (!reader.Literal(R"(,"severity":)") || !reader.String(severity)) {
    return reader.Expected("a stored list of findings", R"(',"severity":' and a string)");
  }
  const std::optional<Severity> parsed = SeverityFromName(severity);
  if (!parsed.has_value()) {
    return DataLossError(
        fmt::format("not a stored list of findings: unknown severity '{}'", severity));
  }
  finding.severity = *parsed;
  if (!reader.Literal(R"(,"location":)") || !reader.String(finding.location) ||
      !reader.Literal(R"(,"left":)") || !reader.Int(finding.left) ||
      !reader.Literal(R"(,"right":)") || !reader.Int(finding.right) ||
      !reader.Literal(R"(,"figures":[)")) {
    return reader.Expected("a stored list of findings", "location, left, right and figures");
  }
  while (!reader.Literal("]")) {
    if (!finding.figures.empty() && !reader.Literal(",")) {
      return reader.Expected("a stored list of findings", "',' or ']' in figures");
    }
    std::string key;
    int64_t value = 0;
    if (!reader.Literal(R"({"figure":)") || !reader.String(key) ||
        !reader.Literal(R"(,"value":)") || !reader.Int(value) || !reader.Literal("}")) {
      return reader.Expected("a stored list of findings", R"('{"figure":...,"value":...}')");
    }
    const std::optional<protocol::Figure> figure = FigureFromKey(key);
    if (!figure.has_value()) {
      return DataLossError(fmt::format("not a stored list of findings: unknown figure '{}'", key));
    }
    finding.figures.push_back({*figure, value});
  }
  if (!reader.Literal(R"(,"message":)") || !reader.String(finding.message) ||
      !reader.Literal("}")) {
    return reader.Expected("a stored list of findings", R"(',"message":' and a string, then '}')");
  }
  return finding;
}

}  // namespace

std::string EncodeFindings(std::span<const Finding> findings) {
  std::string out = "[";
  for (const Finding& finding : findings) {
    if (out.size() > 1) {
      out.push_back(',');
    }
    out += R"({"rule_id":)";
    AppendJsonString(out, finding.rule_id);
    out += R"(,"severity":)";
    AppendJsonString(out, protocol::SeverityName(finding.severity));
    out += R"(,"location":)";
    AppendJsonString(out, finding.location);
    out += R"(,"left":)";
    AppendJsonInt(out, finding.left);
    out += R"(,"right":)";
    AppendJsonInt(out, finding.right);
    out += R"(,"figures":[)";
    for (size_t i = 0; i < finding.figures.size(); ++i) {
      out += i > 0 ? R"(,{"figure":)" : R"({"figure":)";
      AppendJsonString(out, FigureKey(finding.figures[i].figure));
      out += R"(,"value":)";
      AppendJsonInt(out, finding.figures[i].value);
      out.push_back('}');
    }
    out += R"(],"message":)";
    AppendJsonString(out, finding.message);
    out.push_back('}');
  }
  out.push_back(']');
  return out;
}

namespace internal {

Result<std::vector<Finding>> ReadFindings(CanonicalReader& reader) {
  std::vector<Finding> findings;
  if (reader.Literal("[]")) {
    return findings;
  }
  if (!reader.Literal("[")) {
    return reader.Expected("a stored list of findings", "'['");
  }
  while (!reader.Literal("]")) {
    if (!findings.empty() && !reader.Literal(",")) {
      return reader.Expected("a stored list of findings", "',' or ']'");
    }
    ASSIGN_OR_RETURN(Finding finding, ReadFinding(reader));
    findings.push_back(std::move(finding));
  }
  return findings;
}

}  // namespace internal

Result<std::vector<Finding>> DecodeFindings(std::string_view text) {
  internal::CanonicalReader reader(text);
  ASSIGN_OR_RETURN(std::vector<Finding> findings, internal::ReadFindings(reader));
  if (!reader.AtEnd()) {
    return reader.Expected("a stored list of findings", "the end of the text");
  }
  return findings;
}

}  // namespace esep::storage
