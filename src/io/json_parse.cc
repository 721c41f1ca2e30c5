#include "io/json_parse.h"

#include <algorithm>
#include <string>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

namespace esep::io {

namespace {

using Json = nlohmann::json;

// The keys one open object has named so far: a short list searched in order (objects in our
// formats have a few dozen keys at most), turned into a hash set when an object grows large, so
// a hostile object of 200,000 keys is still read in linear time.
class ObjectKeys {
 public:
  void Clear() {
    few_.clear();
    many_.clear();
  }
  // False when `key` was named before.
  bool Insert(const std::string& key) {
    if (many_.empty()) {
      if (std::find(few_.begin(), few_.end(), key) != few_.end()) {
        return false;
      }
      few_.push_back(key);
      if (few_.size() > kMaxFew) {
        many_.insert(few_.begin(), few_.end());
      }
      return true;
    }
    return many_.insert(key).second;
  }

 private:
  static constexpr size_t kMaxFew = 32;
  std::vector<std::string> few_;
  std::unordered_set<std::string> many_;
};

}  // namespace

Result<Json> ParseJson(std::string_view text) {
  std::vector<ObjectKeys> open_objects;  // reused from object to object: no allocation per line
  size_t depth = 0;
  std::string duplicate;
  const Json::parser_callback_t check_keys = [&](int /*depth*/, Json::parse_event_t event,
                                                 Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
        if (++depth > open_objects.size()) {
          open_objects.emplace_back();
        }
        open_objects[depth - 1].Clear();
        break;
      case Json::parse_event_t::key:
        if (depth > 0 && !open_objects[depth - 1].Insert(parsed.get_ref<const std::string&>()) &&
            duplicate.empty()) {
          duplicate = parsed.get_ref<const std::string&>();
        }
        break;
      case Json::parse_event_t::object_end:
        --depth;
        break;
      default:
        break;
    }
    return true;
  };
  Json root;
  // nlohmann-json reports bad JSON by exception; it stays inside this function.
  try {
    root = Json::parse(text, check_keys);
  } catch (const Json::parse_error& error) {
    // what() is "[json.exception.parse_error.101] parse error at line 1, column 18: REASON";
    // the byte says where, the reason what.
    const std::string_view what = error.what();
    const size_t colon = what.find(": ");
    return InvalidArgumentError(
        fmt::format("not valid JSON at byte {}: {}", error.byte,
                    colon == std::string_view::npos ? what : what.substr(colon + 2)));
  } catch (const Json::exception& error) {
    // Not a parse_error: a number beyond a double (1e400) is out_of_range.406.
    return InvalidArgumentError(fmt::format("cannot be read: {}", error.what()));
  }
  if (!duplicate.empty()) {
    return InvalidArgumentError(
        fmt::format("the key '{}' appears twice in one object; JSON keeps only one of them "
                    "silently, so give each key once",
                    duplicate));
  }
  return root;
}

}  // namespace esep::io
