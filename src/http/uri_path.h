// Percent-decoding and splitting of a request path (RFC 3986 §2.1, §3.3). Pure functions of
// their input; thread-safe.

#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace esep::http {

// `text` with every %XX replaced by its byte. A '%' not followed by two hex digits, or a
// decoded NUL or control byte (below 0x20, or 0x7f), is kInvalidArgument: no path parameter or
// file name of ours holds one, and refusing them here keeps them out of every later check.
// '+' is left as it is (it means a space only in form bodies, not in paths).
Result<std::string> PercentDecode(std::string_view text);

// The segments of an origin-form path ("/a/b%20c" -> {"a", "b c"}), each percent-decoded.
// kInvalidArgument when the path does not start with '/', or a segment does not decode.
// "/" is no segment; "/a/" is {"a", ""} (a trailing empty segment, so "/a/" and "/a" differ).
Result<std::vector<std::string>> SplitPath(std::string_view path);

}  // namespace esep::http
