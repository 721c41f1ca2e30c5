#include "http/uri_path.h"

#include <fmt/format.h>

namespace esep::http {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

}  // namespace

Result<std::string> PercentDecode(std::string_view text) {
  std::string decoded;
  decoded.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char byte = static_cast<unsigned char>(text[i]);
    if (text[i] == '%') {
      const int high = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
      const int low = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
      if (high < 0 || low < 0) {
        return InvalidArgumentError(
            fmt::format("a '%' at byte {} of the path is not followed by two hex digits", i));
      }
      byte = static_cast<unsigned char>(high * 16 + low);
      i += 2;
    }
    if (IsControl(byte)) {
      return InvalidArgumentError(
          fmt::format("the path holds a control byte 0x{:02x}", static_cast<unsigned>(byte)));
    }
    decoded.push_back(static_cast<char>(byte));
  }
  return decoded;
}

Result<std::vector<std::string>> SplitPath(std::string_view path) {
  if (path.empty() || path.front() != '/') {
    return InvalidArgumentError("the path does not start with '/'");
  }
  std::vector<std::string> segments;
  if (path.size() == 1) {
    return segments;
  }
  size_t start = 1;
  while (true) {
    const size_t slash = path.find('/', start);
    const std::string_view raw = path.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    ASSIGN_OR_RETURN(std::string segment, PercentDecode(raw));
    segments.push_back(std::move(segment));
    if (slash == std::string_view::npos) {
      break;
    }
    start = slash + 1;
  }
  return segments;
}

}  // namespace esep::http
