#include "storage/audit_chain.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/sha256.h"
#include "storage/internal/json_text.h"

namespace esep::storage {

namespace {

using internal::AppendJsonInt;
using internal::AppendJsonString;
using Json = nlohmann::ordered_json;

void AppendKey(std::string& out, std::string_view key) {
  out += ",\"";
  out += key;
  out += "\":";
}

// Parses `text` as JSON without letting an exception out; nullopt when it is not JSON.
std::optional<Json> ParseJson(std::string_view text) {
  Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    return std::nullopt;
  }
  return json;
}

std::string Show(const Json& value) {
  // The values compared come from our own canonical writer or from its input, so replacing
  // malformed UTF-8 (instead of throwing) only affects how a tampered value is displayed.
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string ChildPath(const std::string& path, const std::string& key) {
  return path.empty() ? key : fmt::format("{}.{}", path, key);
}

// The first difference between two JSON values, depth first in `expected`'s key order.
std::optional<ContentDifference> FirstDifference(const Json& expected, const Json& found,
                                                 const std::string& path) {
  if (expected.is_object() && found.is_object()) {
    for (const auto& [key, value] : expected.items()) {
      const std::string child = ChildPath(path, key);
      if (!found.contains(key)) {
        return ContentDifference{child, Show(value), "(missing)"};
      }
      if (auto difference = FirstDifference(value, found.at(key), child)) {
        return difference;
      }
    }
    for (const auto& [key, value] : found.items()) {
      if (!expected.contains(key)) {
        const std::string child = ChildPath(path, key);
        return ContentDifference{child, "(missing)", Show(value)};
      }
    }
    return std::nullopt;
  }
  if (expected.is_array() && found.is_array() && expected.size() == found.size()) {
    for (size_t i = 0; i < expected.size(); ++i) {
      if (auto difference =
              FirstDifference(expected[i], found[i], fmt::format("{}[{}]", path, i))) {
        return difference;
      }
    }
    return std::nullopt;
  }
  if (expected != found) {
    return ContentDifference{path.empty() ? "(whole content)" : path, Show(expected), Show(found)};
  }
  return std::nullopt;
}

}  // namespace

std::string AuditContent(const AcceptedRow& row) {
  std::string out;
  out.reserve(row.protocol.size() + row.findings.size() + row.source.size() + 300);
  out += R"({"entry":)";
  AppendJsonInt(out, row.entry);
  AppendKey(out, "submission");
  AppendJsonInt(out, row.submission);
  AppendKey(out, "commission_id");
  AppendJsonString(out, row.commission_id);
  AppendKey(out, "contest");
  AppendJsonString(out, row.contest);
  AppendKey(out, "district");
  AppendJsonInt(out, row.district);
  AppendKey(out, "version");
  AppendJsonInt(out, row.version);
  AppendKey(out, "protocol");
  out += row.protocol;
  AppendKey(out, "decision");
  if (row.decision.has_value()) {
    out += R"({"number":)";
    AppendJsonString(out, row.decision->number);
    AppendKey(out, "date");
    AppendJsonString(out, row.decision->date);
    AppendKey(out, "commission");
    AppendJsonString(out, row.decision->commission);
    AppendKey(out, "reason");
    AppendJsonString(out, row.decision->reason);
    out.push_back('}');
  } else {
    out += "null";
  }
  AppendKey(out, "findings");
  out += row.findings;
  AppendKey(out, "source");
  AppendJsonString(out, row.source);
  out.push_back('}');
  return out;
}

const std::string& GenesisHash() {
  // Computed once and never destroyed, so it is safe to use during static destruction.
  static const std::string* const genesis_hash = new std::string(Sha256Hex(kGenesis));
  return *genesis_hash;
}

std::string ChainHash(std::string_view previous_hash, std::string_view content) {
  std::string message;
  message.reserve(previous_hash.size() + content.size());
  message += previous_hash;
  message += content;
  return Sha256Hex(message);
}

ContentDifference DescribeDifference(std::string_view expected, std::string_view found) {
  const std::optional<Json> expected_json = ParseJson(expected);
  const std::optional<Json> found_json = ParseJson(found);
  if (expected_json.has_value() && found_json.has_value()) {
    if (auto difference = FirstDifference(*expected_json, *found_json, "")) {
      return *difference;
    }
  }
  // Not both JSON, or equal as JSON but not as bytes: show the first differing byte.
  const auto [expected_end, found_end] =
      std::mismatch(expected.begin(), expected.end(), found.begin(), found.end());
  const auto offset = static_cast<size_t>(expected_end - expected.begin());
  const size_t start = offset < 20 ? 0 : offset - 20;
  return ContentDifference{fmt::format("byte {}", offset), std::string(expected.substr(start, 60)),
                           std::string(found.substr(start, 60))};
}

}  // namespace esep::storage
