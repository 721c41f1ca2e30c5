#include "service/export_provenance.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace esep::service {

namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kFormat = "esep-export-provenance/1";

}  // namespace

std::string ExportProvenance::SignedMessage() const {
  return fmt::format(
      "{}\nfile {}\nfile_sha256 {}\nformat {}\nlevel {}\nelection_id {}\ndefinition_sha256 {}\n"
      "snapshot_entry {}\nsnapshot_sha256 {}\nchain_head {}\ngenerated_date {}\n",
      kFormat, file, file_sha256, format, level, election_id, definition_sha256, snapshot_entry,
      snapshot_sha256, chain_head, generated_date);
}

void ExportProvenance::Sign(const SigningKey& key) {
  public_key = key.public_key_hex();
  signature = key.SignHex(SignedMessage());
}

bool ExportProvenance::SignatureValid() const {
  return public_key.has_value() && signature.has_value() &&
         VerifySignatureHex(*public_key, SignedMessage(), *signature);
}

std::string ExportProvenance::ToJson() const {
  const Json json = {{"format", kFormat},
                     {"file", file},
                     {"file_sha256", file_sha256},
                     {"export_format", format},
                     {"level", level},
                     {"election_id", election_id},
                     {"definition_sha256", definition_sha256},
                     {"snapshot_entry", snapshot_entry},
                     {"snapshot_sha256", snapshot_sha256},
                     {"chain_head", chain_head},
                     {"generated_date", generated_date},
                     {"public_key", public_key.has_value() ? Json(*public_key) : Json()},
                     {"signature", signature.has_value() ? Json(*signature) : Json()}};
  return json.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

Result<ExportProvenance> ExportProvenance::FromJson(std::string_view text,
                                                    std::string_view source) {
  const Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  // Every member is read after checking its type: nlohmann-json's value() and get() throw on
  // another type ("format": 82 ended the program; found by export_provenance_fuzz).
  const auto format = json.is_object() ? json.find("format") : json.end();
  if (json.is_discarded() || !json.is_object() || format == json.end() || !format->is_string() ||
      format->get<std::string>() != kFormat) {
    return InvalidArgumentError(
        fmt::format("{}: not an export provenance record (a JSON object with \"format\": \"{}\")",
                    source, kFormat));
  }
  ExportProvenance record;
  const auto text_field = [&](const char* key, std::string& out) -> Status {
    const auto it = json.find(key);
    if (it == json.end() || !it->is_string()) {
      return InvalidArgumentError(fmt::format("{}: field '{}' must be a string", source, key));
    }
    out = it->get<std::string>();
    return OkStatus();
  };
  const auto optional_field = [&](const char* key, std::optional<std::string>& out) -> Status {
    const auto it = json.find(key);
    if (it == json.end() || it->is_null()) {
      return OkStatus();
    }
    if (!it->is_string()) {
      return InvalidArgumentError(
          fmt::format("{}: field '{}' must be a string or null", source, key));
    }
    out = it->get<std::string>();
    return OkStatus();
  };
  RETURN_IF_ERROR(text_field("file", record.file));
  RETURN_IF_ERROR(text_field("file_sha256", record.file_sha256));
  RETURN_IF_ERROR(text_field("export_format", record.format));
  RETURN_IF_ERROR(text_field("level", record.level));
  RETURN_IF_ERROR(text_field("election_id", record.election_id));
  RETURN_IF_ERROR(text_field("definition_sha256", record.definition_sha256));
  RETURN_IF_ERROR(text_field("snapshot_sha256", record.snapshot_sha256));
  RETURN_IF_ERROR(text_field("chain_head", record.chain_head));
  RETURN_IF_ERROR(text_field("generated_date", record.generated_date));
  RETURN_IF_ERROR(optional_field("public_key", record.public_key));
  RETURN_IF_ERROR(optional_field("signature", record.signature));
  const auto entry = json.find("snapshot_entry");
  if (entry == json.end() || !entry->is_number_integer() || entry->get<int64_t>() < 1) {
    return InvalidArgumentError(
        fmt::format("{}: field 'snapshot_entry' must be a chain entry number", source));
  }
  record.snapshot_entry = entry->get<int64_t>();
  return record;
}

}  // namespace esep::service
