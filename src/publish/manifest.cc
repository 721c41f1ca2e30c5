#include "publish/manifest.h"

#include <set>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "publish/internal/strict_json.h"

namespace esep::publish {
namespace {

using Json = nlohmann::ordered_json;
using internal::CheckKeys;
using internal::IntegerField;
using internal::StringField;

Result<std::optional<std::string>> OptionalString(const nlohmann::json& json, std::string_view key,
                                                  std::string_view where) {
  const nlohmann::json& value = json.at(key);
  if (value.is_null()) {
    return std::optional<std::string>();
  }
  if (!value.is_string()) {
    return InvalidArgumentError(fmt::format("{}: field '{}' must be a string or null", where, key));
  }
  return std::optional<std::string>(value.get<std::string>());
}

bool SafePart(std::string_view part) {
  if (part.empty() || part == "." || part == "..") {
    return false;
  }
  for (const char c : part) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' || c == '~';
    if (!allowed) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool SafeSnapshotPath(std::string_view path) {
  if (path.empty() || path == kManifestName) {
    return false;
  }
  size_t start = 0;
  while (true) {
    const size_t slash = path.find('/', start);
    if (!SafePart(path.substr(start, slash == std::string_view::npos ? slash : slash - start))) {
      return false;
    }
    if (slash == std::string_view::npos) {
      return true;
    }
    start = slash + 1;
  }
}

std::string Manifest::SignedMessage() const {
  std::string message = fmt::format(
      "{}\nversion {}\nelection_id {}\nsynthetic {}\nstatus {}\npublished_at {}\n"
      "definition_sha256 {}\nchain_head {}\nlot_seed {}\n",
      kManifestFormat, version, election_id, synthetic ? "true" : "false", status, published_at,
      definition_sha256, chain_head, lot_seed);
  for (const ManifestFile& file : files) {
    message += fmt::format("file {} {} {}\n", file.path, file.sha256, file.bytes);
  }
  return message;
}

void Manifest::Sign(const SigningKey& key) {
  public_key = key.public_key_hex();
  signature = key.SignHex(SignedMessage());
}

bool Manifest::SignatureValid() const {
  return public_key.has_value() && signature.has_value() &&
         VerifySignatureHex(*public_key, SignedMessage(), *signature);
}

std::string Manifest::ToJson() const {
  Json listed = Json::array();
  for (const ManifestFile& file : files) {
    listed.push_back({{"path", file.path}, {"sha256", file.sha256}, {"bytes", file.bytes}});
  }
  const Json json = {
      {"format", kManifestFormat},
      {"version", version},
      {"election_id", election_id},
      {"synthetic", synthetic},
      {"status", status},
      {"published_at", published_at},
      {"definition_sha256", definition_sha256},
      {"chain_head", chain_head},
      {"lot_seed", lot_seed},
      {"files", std::move(listed)},
      {"public_key", public_key.has_value() ? Json(*public_key) : Json(nullptr)},
      {"signature", signature.has_value() ? Json(*signature) : Json(nullptr)},
  };
  return json.dump(1) + "\n";
}

Result<Manifest> Manifest::FromJson(std::string_view text, std::string_view source) {
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    return InvalidArgumentError(fmt::format("{}: not valid JSON", source));
  }
  RETURN_IF_ERROR(
      CheckKeys(json,
                {"format", "version", "election_id", "synthetic", "status", "published_at",
                 "definition_sha256", "chain_head", "lot_seed", "files", "public_key", "signature"},
                source));
  ASSIGN_OR_RETURN(const std::string format, StringField(json, "format", source));
  if (format != kManifestFormat) {
    return InvalidArgumentError(fmt::format("{}: field 'format' is '{}'; this esep reads '{}'",
                                            source, format, kManifestFormat));
  }
  Manifest manifest;
  ASSIGN_OR_RETURN(manifest.version, IntegerField(json, "version", source));
  if (manifest.version < 1) {
    return InvalidArgumentError(fmt::format("{}: field 'version' must be 1 or more", source));
  }
  ASSIGN_OR_RETURN(manifest.election_id, StringField(json, "election_id", source));
  if (!json.at("synthetic").is_boolean()) {
    return InvalidArgumentError(fmt::format("{}: field 'synthetic' must be true or false", source));
  }
  manifest.synthetic = json.at("synthetic").get<bool>();
  ASSIGN_OR_RETURN(manifest.status, StringField(json, "status", source));
  if (manifest.status != "preliminary" && manifest.status != "final") {
    return InvalidArgumentError(
        fmt::format("{}: field 'status' must be \"preliminary\" or \"final\"", source));
  }
  ASSIGN_OR_RETURN(manifest.published_at, StringField(json, "published_at", source));
  ASSIGN_OR_RETURN(manifest.definition_sha256, StringField(json, "definition_sha256", source));
  ASSIGN_OR_RETURN(manifest.chain_head, StringField(json, "chain_head", source));
  ASSIGN_OR_RETURN(const int64_t seed, IntegerField(json, "lot_seed", source));
  if (seed < 0) {
    return InvalidArgumentError(fmt::format("{}: field 'lot_seed' must not be negative", source));
  }
  manifest.lot_seed = static_cast<uint64_t>(seed);
  ASSIGN_OR_RETURN(manifest.public_key, OptionalString(json, "public_key", source));
  ASSIGN_OR_RETURN(manifest.signature, OptionalString(json, "signature", source));
  const nlohmann::json& files = json.at("files");
  if (!files.is_array()) {
    return InvalidArgumentError(fmt::format("{}: field 'files' must be an array", source));
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string where = fmt::format("{}: files[{}]", source, i);
    RETURN_IF_ERROR(CheckKeys(files[i], {"path", "sha256", "bytes"}, where));
    ManifestFile file;
    ASSIGN_OR_RETURN(file.path, StringField(files[i], "path", where));
    ASSIGN_OR_RETURN(file.sha256, StringField(files[i], "sha256", where));
    ASSIGN_OR_RETURN(file.bytes, IntegerField(files[i], "bytes", where));
    if (!SafeSnapshotPath(file.path)) {
      return InvalidArgumentError(fmt::format(
          "{}: field 'path' ('{}') must be a relative path inside the version, of letters, "
          "digits and \"._-~\"",
          where, file.path));
    }
    if (!seen.insert(file.path).second) {
      return InvalidArgumentError(
          fmt::format("{}: field 'path': '{}' is listed twice", where, file.path));
    }
    manifest.files.push_back(std::move(file));
  }
  return manifest;
}

}  // namespace esep::publish
