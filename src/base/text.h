// Small text helpers shared by the parsers: trimming, case folding and strict number parsing.
// Pure functions; thread-safe.

#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace esep {

// `text` without leading and trailing ASCII spaces, tabs, CR and LF.
std::string_view Trim(std::string_view text);

// `text` with ASCII letters lower-cased and runs of spaces collapsed; for matching names
// such as "Against All" and "against  all".
std::string NormalizeName(std::string_view text);

// `text` safe to print on a terminal: every control byte (C0 but newline and tab, DEL, and the
// C1 controls U+0080..U+009F) and every byte that is not well-formed UTF-8 is written as a
// visible escape (\0, \r, \e, \xNN, \u0085), and a backslash as \\, so a NUL or an escape
// sequence in a user's file cannot hide or rewrite what the terminal shows. Printable UTF-8
// (Cyrillic, Kazakh, ...) is kept as it is. Every message that reaches a terminal goes through
// it once, at the edge that prints it.
std::string EscapeControlCharacters(std::string_view text);

// A whole, non-negative count such as "1234". Rejects signs, decimals, exponents, thousands
// separators and anything above 10^15 with kInvalidArgument; the message quotes the text.
Result<int64_t> ParseCount(std::string_view text);

// The byte offset of the first byte that is not part of well-formed UTF-8 (no overlong forms,
// no surrogates, nothing above U+10FFFF), or npos when `text` is valid UTF-8.
size_t FindInvalidUtf8(std::string_view text);

// Thousands separated by thin spaces would not survive every terminal; esep uses commas:
// 3431510 -> "3,431,510".
std::string GroupThousands(int64_t value);

}  // namespace esep
