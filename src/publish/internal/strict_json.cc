#include "publish/internal/strict_json.h"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

namespace esep::publish::internal {

std::string DumpFile(const nlohmann::ordered_json& json) {
  return json.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

Status CheckKeys(const nlohmann::json& json, std::initializer_list<std::string_view> keys,
                 std::string_view where) {
  if (!json.is_object()) {
    return InvalidArgumentError(fmt::format("{}: expected a JSON object", where));
  }
  for (const std::string_view key : keys) {
    if (!json.contains(key)) {
      return InvalidArgumentError(fmt::format("{}: field '{}' is missing", where, key));
    }
  }
  for (const auto& item : json.items()) {
    if (std::find(keys.begin(), keys.end(), item.key()) == keys.end()) {
      return InvalidArgumentError(
          fmt::format("{}: field '{}' is not part of the format", where, item.key()));
    }
  }
  return OkStatus();
}

Result<std::string> StringField(const nlohmann::json& json, std::string_view key,
                                std::string_view where) {
  const nlohmann::json& value = json.at(key);
  if (!value.is_string()) {
    return InvalidArgumentError(fmt::format("{}: field '{}' must be a string", where, key));
  }
  return value.get<std::string>();
}

Result<int64_t> IntegerField(const nlohmann::json& json, std::string_view key,
                             std::string_view where) {
  const nlohmann::json& value = json.at(key);
  if (!value.is_number_integer() ||
      (value.is_number_unsigned() &&
       value.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))) {
    return InvalidArgumentError(fmt::format("{}: field '{}' must be an integer", where, key));
  }
  return value.get<int64_t>();
}

}  // namespace esep::publish::internal
