// Canonical JSON text, written and read by hand so that its bytes are ours, not a library's:
// the audit chain hashes these bytes, so the same value must always give the same text.
//
// The writer emits no whitespace, integers in plain decimal and strings with the shortest
// escapes (docs/formats/store.md). The reader accepts exactly what the writer emits, so
// decoding and re-encoding reproduces the input byte for byte. Pure; thread-safe.

#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace esep::storage::internal {

// Appends `text` as a JSON string: in quotes; `"` and `\` escaped; \b \f \n \r \t for those
// control characters and \u00xx (lowercase hex) for the others; any byte that is not part of
// well-formed UTF-8 replaced by U+FFFD; everything else as it is.
void AppendJsonString(std::string& out, std::string_view text);

// Appends `value` in plain decimal ("-12", "0").
void AppendJsonInt(std::string& out, int64_t value);

// A cursor over canonical JSON text. Each method consumes its token and returns true, or
// consumes nothing and returns false; offset() then says where reading stopped.
class CanonicalReader {
 public:
  explicit CanonicalReader(std::string_view text) : text_(text) {}

  // Consumes `literal` exactly (punctuation and keys, e.g. `,"district":`).
  bool Literal(std::string_view literal);
  // An integer with no sign but '-', no leading zeros, no "-0", within int64_t.
  bool Int(int64_t& value);
  // A string written by AppendJsonString from well-formed UTF-8.
  bool String(std::string& value);
  // Whether the next byte is `c` (without consuming it).
  bool Peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }

  bool AtEnd() const { return pos_ == text_.size(); }
  size_t offset() const { return pos_; }

  // The error of every reader of canonical text: kDataLoss, "not <what>: expected <expected> at
  // byte <offset>" ("not a canonical protocol: expected '[' at byte 0").
  Status Expected(std::string_view what, std::string_view expected) const;

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace esep::storage::internal
