// Escaping of text for HTML and SVG (XML) output. Pure functions; thread-safe. Not API.
//
// Every piece of text that reaches a report (titles, labels, names from the input files) goes
// through here, so a party called `<script>` or `"A & B"` is printed, never interpreted.

#pragma once

#include <string>
#include <string_view>

namespace esep::report::internal {

// Appends `text` to `out` with `&`, `<`, `>`, `"` and `'` as character references, so the result
// is safe both as element content and inside a double- or single-quoted attribute. Control
// characters that XML 1.0 forbids (all below U+0020 except tab, LF and CR) are dropped; a byte
// that is not well-formed UTF-8 becomes U+FFFD. Other UTF-8 text (Cyrillic, Kazakh) is kept as is.
void AppendEscaped(std::string& out, std::string_view text);

// AppendEscaped into a new string.
std::string Escape(std::string_view text);

}  // namespace esep::report::internal
