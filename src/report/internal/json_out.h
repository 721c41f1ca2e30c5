// Fast JSON text for the streaming writers: strings quoted and escaped without building a
// document. Pure; thread-safe. Not API.

#pragma once

#include <string>
#include <string_view>

namespace esep::report::internal {

// `text` as a JSON string literal, quotes included: `"` and `\` escaped, control characters
// as \u00xx, UTF-8 as it is; a byte that is not well-formed UTF-8 becomes U+FFFD.
std::string JsonString(std::string_view text);

// Appends JsonString(text) to `out`.
void AppendJsonString(std::string& out, std::string_view text);

}  // namespace esep::report::internal
