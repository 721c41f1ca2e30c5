#include "golden/golden_case.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <utility>

#include <fmt/format.h>

namespace esep::testing {

namespace {

std::string Trim(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) {
    return "";
  }
  const size_t last = text.find_last_not_of(" \t\r");
  return std::string(text.substr(first, last - first + 1));
}

void ReplaceAll(std::string& text, std::string_view from, std::string_view to) {
  if (from.empty()) {
    return;
  }
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// The end of the JSON scalar starting at `at`: past the closing quote of a string, else at the
// first character that ends a number or literal.
size_t ScalarEnd(const std::string& text, size_t at) {
  if (at < text.size() && text[at] == '"') {
    for (size_t index = at + 1; index < text.size(); ++index) {
      if (text[index] == '\\') {
        ++index;
      } else if (text[index] == '"') {
        return index + 1;
      }
    }
    return text.size();
  }
  size_t end = at;
  while (end < text.size() && std::string_view(",}] \t\r\n").find(text[end]) == std::string::npos) {
    ++end;
  }
  return end;
}

// The end of the object or array opening at `at`: past its matching bracket.
size_t StructureEnd(const std::string& text, size_t at) {
  int depth = 0;
  for (size_t index = at; index < text.size(); ++index) {
    const char character = text[index];
    if (character == '"') {
      index = ScalarEnd(text, index) - 1;
    } else if (character == '{' || character == '[') {
      ++depth;
    } else if ((character == '}' || character == ']') && --depth == 0) {
      return index + 1;
    }
  }
  return text.size();
}

bool StartsNumber(char character) {
  return character == '-' || (character >= '0' && character <= '9');
}

constexpr std::string_view kMask = "\"<volatile>\"";

// Masks every number in text[begin, end) that is outside a string.
void MaskNumbers(std::string& text, size_t begin, size_t end) {
  for (size_t index = begin; index < end; ++index) {
    if (text[index] == '"') {
      index = ScalarEnd(text, index) - 1;
    } else if (StartsNumber(text[index])) {
      const size_t number_end = ScalarEnd(text, index);
      text.replace(index, number_end - index, kMask);
      end = end - (number_end - index) + kMask.size();
      index += kMask.size() - 1;
    }
  }
}

void MaskVolatileKey(std::string& text, const std::string& key) {
  const std::string quoted = "\"" + key + "\"";
  for (size_t at = text.find(quoted); at != std::string::npos; at = text.find(quoted, at + 1)) {
    size_t value = at + quoted.size();
    while (value < text.size() && (text[value] == ' ' || text[value] == '\t')) {
      ++value;
    }
    if (value >= text.size() || text[value] != ':') {
      continue;  // the key's name used as a value, not as a key
    }
    ++value;
    while (value < text.size() && (text[value] == ' ' || text[value] == '\t')) {
      ++value;
    }
    if (value < text.size() && (text[value] == '{' || text[value] == '[')) {
      // A structure keeps its keys and strings; only the numbers in it are volatile.
      MaskNumbers(text, value, StructureEnd(text, value));
    } else {
      text.replace(value, ScalarEnd(text, value) - value, kMask);
    }
  }
}

// Replaces every match of `pattern` (or of its first group, when it has one) by <volatile>.
void MaskPattern(std::string& text, const std::regex& pattern) {
  std::string out;
  size_t copied = 0;
  for (auto match = std::sregex_iterator(text.begin(), text.end(), pattern);
       match != std::sregex_iterator(); ++match) {
    const size_t group = match->size() > 1 && (*match)[1].matched ? 1 : 0;
    const size_t begin = static_cast<size_t>(match->position(group));
    out.append(text, copied, begin - copied);
    out += "<volatile>";
    copied = begin + static_cast<size_t>(match->length(group));
  }
  out.append(text, copied, std::string::npos);
  text = std::move(out);
}

Status ParseDirective(const std::string& line, int number, GoldenCase& golden) {
  const size_t colon = line.find(':');
  const std::string directive = colon == std::string::npos ? "" : Trim(line.substr(0, colon));
  const std::string value = colon == std::string::npos ? "" : Trim(line.substr(colon + 1));
  const auto error = [&](std::string_view message) {
    return InvalidArgumentError(fmt::format("{}/cmd:{}: {}", golden.directory, number, message));
  };
  if (value.empty()) {
    return error(
        "expected 'setup: ARGS', 'run: ARGS', 'file: NAME', 'volatile-key: KEY' or "
        "'volatile-pattern: REGEX'");
  }
  if (directive == "setup") {
    golden.setup.push_back(value);
  } else if (directive == "run") {
    if (!golden.run.empty()) {
      return error("a second 'run:' line; a case compares the output of one command");
    }
    golden.run = value;
  } else if (directive == "file") {
    const std::filesystem::path path(value);
    if (path.is_absolute() || value.find("..") != std::string::npos) {
      return error(fmt::format("file '{}' must be a name relative to {{tmp}}", value));
    }
    golden.files.push_back(value);
  } else if (directive == "volatile-key") {
    golden.volatile_keys.push_back(value);
  } else if (directive == "volatile-pattern") {
    try {  // std::regex reports a bad pattern only by throwing
      std::regex pattern(value);
    } catch (const std::regex_error& bad) {
      return error(fmt::format("'{}' is not a regular expression: {}", value, bad.what()));
    }
    golden.volatile_patterns.push_back(value);
  } else {
    return error(fmt::format("unknown directive '{}'", directive));
  }
  return OkStatus();
}

}  // namespace

Result<GoldenCase> ReadGoldenCase(const std::string& root, const std::string& area,
                                  const std::string& name) {
  GoldenCase golden{.area = area, .name = name};
  golden.directory = (std::filesystem::path(root) / area / name).string();
  std::ifstream in(golden.directory + "/cmd");
  if (!in) {
    return NotFoundError(fmt::format("{}/cmd: cannot open the file", golden.directory));
  }
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const std::string trimmed = Trim(line);
    if (trimmed.empty() || trimmed.front() == '#') {
      continue;
    }
    Status status = ParseDirective(trimmed, number, golden);
    if (!status.ok()) {
      return status;
    }
  }
  if (golden.run.empty()) {
    return InvalidArgumentError(fmt::format("{}/cmd: no 'run:' line", golden.directory));
  }
  return golden;
}

std::vector<GoldenCase> ListGoldenCases(const std::string& root) {
  std::vector<std::pair<std::string, std::string>> ids;
  std::error_code error;
  for (const auto& area : std::filesystem::directory_iterator(root, error)) {
    if (!area.is_directory()) {
      continue;
    }
    for (const auto& folder : std::filesystem::directory_iterator(area.path(), error)) {
      if (std::filesystem::exists(folder.path() / "cmd")) {
        ids.emplace_back(area.path().filename().string(), folder.path().filename().string());
      }
    }
  }
  std::sort(ids.begin(), ids.end());
  std::vector<GoldenCase> cases;
  for (const auto& [area, name] : ids) {
    Result<GoldenCase> golden = ReadGoldenCase(root, area, name);
    // A case that cannot be read is still listed, with no command: its test fails and says why.
    cases.push_back(
        golden.has_value()
            ? *golden
            : GoldenCase{.area = area, .name = name, .error = golden.error().message()});
  }
  return cases;
}

std::string ExpandPlaceholders(std::string_view command, const Placeholders& placeholders) {
  std::string text(command);
  ReplaceAll(text, "{tmp}", placeholders.tmp);
  ReplaceAll(text, "{case}", placeholders.case_directory);
  ReplaceAll(text, "{source}", placeholders.source);
  return text;
}

std::string NormaliseOutput(std::string text, const Placeholders& placeholders,
                            const std::vector<std::string>& volatile_keys,
                            const std::vector<std::string>& volatile_patterns) {
  std::vector<std::pair<std::string, std::string_view>> paths = {
      {placeholders.tmp, "{tmp}"},
      {placeholders.case_directory, "{case}"},
      {placeholders.source, "{source}"}};
  std::sort(paths.begin(), paths.end(),
            [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  for (const auto& [path, placeholder] : paths) {
    ReplaceAll(text, path, placeholder);
  }
  for (const std::string& key : volatile_keys) {
    MaskVolatileKey(text, key);
  }
  for (const std::string& pattern : volatile_patterns) {
    MaskPattern(text, std::regex(pattern));
  }
  return text;
}

}  // namespace esep::testing
