#include "storage/internal/json_text.h"

#include <charconv>
#include <iterator>
#include <limits>

#include <fmt/format.h>

#include "base/text.h"

namespace esep::storage::internal {

namespace {

// The short escape for a control character, or 0 when it has none.
char ShortEscape(unsigned char c) {
  switch (c) {
    case '\b':
      return 'b';
    case '\f':
      return 'f';
    case '\n':
      return 'n';
    case '\r':
      return 'r';
    case '\t':
      return 't';
    default:
      return 0;
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  return -1;  // uppercase hex is not canonical
}

void AppendValidUtf8(std::string& out, std::string_view text) {
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(ch);
    } else if (c < 0x20) {
      if (const char short_escape = ShortEscape(c); short_escape != 0) {
        out.push_back('\\');
        out.push_back(short_escape);
      } else {
        fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
      }
    } else {
      out.push_back(ch);
    }
  }
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view text) {
  out.push_back('"');
  // The common case (ids, sources): printable ASCII with nothing to escape.
  bool plain = true;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
      plain = false;
      break;
    }
  }
  if (plain) {
    out += text;
    out.push_back('"');
    return;
  }
  for (size_t bad = FindInvalidUtf8(text); bad != std::string_view::npos;
       bad = FindInvalidUtf8(text)) {
    AppendValidUtf8(out, text.substr(0, bad));
    out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER, one per invalid byte
    text.remove_prefix(bad + 1);
  }
  AppendValidUtf8(out, text);
  out.push_back('"');
}

void AppendJsonInt(std::string& out, int64_t value) {
  char buffer[24];
  const std::to_chars_result end = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, end.ptr);
}

bool CanonicalReader::Literal(std::string_view literal) {
  if (text_.substr(pos_, literal.size()) != literal) {
    return false;
  }
  pos_ += literal.size();
  return true;
}

bool CanonicalReader::Int(int64_t& value) {
  size_t pos = pos_;
  const bool negative = pos < text_.size() && text_[pos] == '-';
  if (negative) {
    ++pos;
  }
  const size_t digits_start = pos;
  // Accumulate as a negative number so that INT64_MIN is representable.
  int64_t accumulated = 0;
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  while (pos < text_.size() && text_[pos] >= '0' && text_[pos] <= '9') {
    const int digit = text_[pos] - '0';
    if (accumulated < (kMin + digit) / 10) {
      return false;  // out of range
    }
    accumulated = accumulated * 10 - digit;
    ++pos;
  }
  const size_t digits = pos - digits_start;
  if (digits == 0 || (digits > 1 && text_[digits_start] == '0') || (negative && accumulated == 0)) {
    return false;  // no digits, a leading zero, or "-0"
  }
  if (!negative && accumulated == kMin) {
    return false;  // 9223372036854775808 does not fit
  }
  value = negative ? accumulated : -accumulated;
  pos_ = pos;
  return true;
}

bool CanonicalReader::String(std::string& value) {
  size_t pos = pos_;
  if (pos >= text_.size() || text_[pos] != '"') {
    return false;
  }
  ++pos;
  // The common case: printable ASCII up to the closing quote, nothing escaped.
  for (size_t end = pos; end < text_.size(); ++end) {
    const auto c = static_cast<unsigned char>(text_[end]);
    if (c == '"') {
      value.assign(text_.data() + pos, end - pos);
      pos_ = end + 1;
      return true;
    }
    if (c < 0x20 || c >= 0x80 || c == '\\') {
      break;
    }
  }
  std::string result;
  while (true) {
    if (pos >= text_.size()) {
      return false;
    }
    const auto c = static_cast<unsigned char>(text_[pos]);
    if (c == '"') {
      ++pos;
      break;
    }
    if (c < 0x20) {
      return false;  // raw control characters are always escaped
    }
    if (c != '\\') {
      result.push_back(static_cast<char>(c));
      ++pos;
      continue;
    }
    if (pos + 1 >= text_.size()) {
      return false;
    }
    const char escape = text_[pos + 1];
    if (escape == '"' || escape == '\\') {
      result.push_back(escape);
      pos += 2;
    } else if (escape == 'u') {
      // Only \u00xx for a control character without a short escape.
      if (pos + 6 > text_.size() || text_.substr(pos + 2, 2) != "00") {
        return false;
      }
      const int high = HexValue(text_[pos + 4]);
      const int low = HexValue(text_[pos + 5]);
      if (high < 0 || high > 1 || low < 0) {
        return false;
      }
      const auto control = static_cast<unsigned char>(high * 16 + low);
      if (ShortEscape(control) != 0) {
        return false;
      }
      result.push_back(static_cast<char>(control));
      pos += 6;
    } else {
      const char* shorts = "bfnrt";
      const char* decoded = "\b\f\n\r\t";
      const std::string_view names(shorts);
      const size_t index = names.find(escape);
      if (index == std::string_view::npos) {
        return false;
      }
      result.push_back(decoded[index]);
      pos += 2;
    }
  }
  if (FindInvalidUtf8(result) != std::string::npos) {
    return false;  // the writer never emits malformed UTF-8
  }
  value = std::move(result);
  pos_ = pos;
  return true;
}

Status CanonicalReader::Expected(std::string_view what, std::string_view expected) const {
  return DataLossError(fmt::format("not {}: expected {} at byte {}", what, expected, pos_));
}

}  // namespace esep::storage::internal
