// Parsing a JSON document from a user's file: nlohmann-json keeps the last of two equal keys of an
// object, so {"votes": 1, "votes": 900} would silently mean 900; this parse refuses it instead.
// Used by every reader of JSON that people bring (election.json, protocols JSON Lines, column
// mappings). Thread-safe.
//
// Example:
//   ASSIGN_OR_RETURN(nlohmann::json root, ParseJson(text));  // then add the file to the error

#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "base/result.h"

namespace esep::io {

// The document `text` holds. kInvalidArgument, with a message that does not name the file (the
// caller prefixes it), when it is not JSON ("not valid JSON at byte N: ..."), when a number
// cannot be held ("cannot be read: ...") or when an object names a key twice ("the key 'K'
// appears twice in one object ..."). Never throws.
Result<nlohmann::json> ParseJson(std::string_view text);

}  // namespace esep::io
