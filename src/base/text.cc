#include "base/text.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace esep {

std::string_view Trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const size_t begin = text.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) {
    return {};
  }
  const size_t end = text.find_last_not_of(kSpace);
  return text.substr(begin, end - begin + 1);
}

std::string NormalizeName(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (char c : Trim(text)) {
    if (c == ' ' || c == '\t') {
      pending_space = true;
      continue;
    }
    if (pending_space) {
      out += ' ';
      pending_space = false;
    }
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

Result<int64_t> ParseCount(std::string_view text) {
  const std::string_view body = Trim(text);
  if (body.empty()) {
    return InvalidArgumentError("the field is empty; a whole number is required");
  }
  constexpr int64_t kLimit = 1'000'000'000'000'000;
  int64_t value = 0;
  for (char c : body) {
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) {
      if (c == '-') {
        return InvalidArgumentError(
            fmt::format("'{}' is negative; a count must be 0 or more", body));
      }
      return InvalidArgumentError(fmt::format("'{}' is not a whole number", body));
    }
    value = value * 10 + (c - '0');
    if (value > kLimit) {
      return InvalidArgumentError(fmt::format("'{}' is larger than 10^15", body));
    }
  }
  return value;
}

size_t FindInvalidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    size_t length = 0;
    unsigned char low = 0x80;  // the range allowed for the second byte
    unsigned char high = 0xBF;
    if (lead < 0x80) {
      length = 1;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      low = lead == 0xE0 ? 0xA0 : 0x80;   // no overlong forms
      high = lead == 0xED ? 0x9F : 0xBF;  // no UTF-16 surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      low = lead == 0xF0 ? 0x90 : 0x80;
      high = lead == 0xF4 ? 0x8F : 0xBF;  // nothing above U+10FFFF
    } else {
      return i;
    }
    if (i + length > text.size()) {
      return i;
    }
    for (size_t k = 1; k < length; ++k) {
      const unsigned char b = byte(i + k);
      if (b < (k == 1 ? low : 0x80) || b > (k == 1 ? high : 0xBF)) {
        return i;
      }
    }
    i += length;
  }
  return std::string_view::npos;
}

std::string GroupThousands(int64_t value) {
  // The magnitude as unsigned: -INT64_MIN does not fit in int64_t.
  const uint64_t magnitude =
      value < 0 ? uint64_t{0} - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  const std::string digits = fmt::format("{}", magnitude);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    // A comma before each group of three digits counted from the right.
    if (i != 0 && (digits.size() - i) % 3 == 0) {
      out += ',';
    }
    out += digits[i];
  }
  return value < 0 ? "-" + out : out;
}

namespace {

// The escape of a control byte: C-style where one is well known, \xNN otherwise.
void AppendControlEscape(std::string& out, unsigned char byte) {
  switch (byte) {
    case '\0':
      out += "\\0";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\x1b':
      out += "\\e";
      return;
    default:
      out += fmt::format("\\x{:02X}", byte);
  }
}

}  // namespace

std::string EscapeControlCharacters(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      if (byte == '\\') {
        out += "\\\\";
      } else if ((byte < 0x20 && byte != '\n' && byte != '\t') || byte == 0x7F) {
        AppendControlEscape(out, byte);
      } else {
        out += static_cast<char>(byte);
      }
      ++i;
      continue;
    }
    // A multi-byte sequence: kept when well-formed and not a C1 control (C2 80..C2 9F).
    const std::string_view rest = text.substr(i);
    const size_t bad = FindInvalidUtf8(rest.substr(0, std::min<size_t>(rest.size(), 4)));
    const size_t length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2;
    if (bad == 0 || (bad != std::string_view::npos && bad < length)) {
      out += fmt::format("\\x{:02X}", byte);
      ++i;
      continue;
    }
    const auto second = static_cast<unsigned char>(text[i + 1]);
    if (byte == 0xC2 && second < 0xA0) {
      out += fmt::format("\\u{:04X}", second);
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

}  // namespace esep
