#include "http/json_body.h"

#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "base/text.h"

namespace esep::http {

Result<nlohmann::json> ParseJsonBody(std::string_view body) {
  std::vector<std::set<std::string>> keys;
  std::string duplicate;
  bool too_deep = false;
  auto callback = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using Event = nlohmann::json::parse_event_t;
    if (event == Event::object_start || event == Event::array_start) {
      too_deep = too_deep || depth >= kMaxJsonDepth;
      if (event == Event::object_start) {
        keys.emplace_back();
      }
    } else if (event == Event::object_end) {
      if (!keys.empty()) {
        keys.pop_back();
      }
    } else if (event == Event::key && parsed.is_string() && !keys.empty()) {
      const std::string& key = parsed.get_ref<const std::string&>();
      if (!keys.back().insert(key).second && duplicate.empty()) {
        duplicate = key;
      }
    }
    return true;
  };
  nlohmann::json value = nlohmann::json::parse(body, callback, /*allow_exceptions=*/false);
  if (value.is_discarded()) {
    return InvalidArgumentError("the body is not valid JSON");
  }
  if (too_deep) {
    return InvalidArgumentError(fmt::format("the body nests deeper than {}", kMaxJsonDepth));
  }
  if (!duplicate.empty()) {
    return InvalidArgumentError(
        fmt::format("the body gives key '{}' twice", EscapeControlCharacters(duplicate)));
  }
  return value;
}

bool IsJsonContentType(std::string_view content_type) {
  std::string_view media = Trim(content_type.substr(0, content_type.find(';')));
  constexpr std::string_view kJson = "application/json";
  if (media.size() != kJson.size()) {
    return false;
  }
  for (size_t i = 0; i < media.size(); ++i) {
    const char c = media[i];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != kJson[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace esep::http
