// The snapshot's own JSON: written in one way (compact, one line, a final newline), read
// strictly (every key known, every type checked before it is read: nlohmann-json's get() throws
// on another type), each error naming where it is.

#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/result.h"

namespace esep::publish::internal {

// `json` as the snapshot writes every JSON file: compact, invalid UTF-8 replaced, a newline.
std::string DumpFile(const nlohmann::ordered_json& json);

// OK when `json` is an object with every key of `keys` and no other; kInvalidArgument naming
// `where` and the key otherwise.
Status CheckKeys(const nlohmann::json& json, std::initializer_list<std::string_view> keys,
                 std::string_view where);

// The member `key` of an object that has it (CheckKeys first), as a string or an integer;
// kInvalidArgument naming `where` and the key for another type.
Result<std::string> StringField(const nlohmann::json& json, std::string_view key,
                                std::string_view where);
Result<int64_t> IntegerField(const nlohmann::json& json, std::string_view key,
                             std::string_view where);

}  // namespace esep::publish::internal
