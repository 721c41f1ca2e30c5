#include "cases/case_file.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include <fmt/format.h>

namespace esep::testing {

namespace {

constexpr std::string_view kSeparator = "----";

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string line(text.substr(start, end - start));
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
      line.pop_back();
    }
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

// Reads the header and blocks line by line; one instance per file.
class CaseFileParser {
 public:
  explicit CaseFileParser(std::string_view source) { file_.source = std::string(source); }

  Result<CaseFile> Parse(std::string_view text) {
    const std::vector<std::string> lines = SplitLines(text);
    for (size_t index = 0; index < lines.size(); ++index) {
      Status status = ParseLine(lines[index], static_cast<int>(index) + 1);
      if (!status.ok()) {
        return status;
      }
    }
    Status status = EndBlock(static_cast<int>(lines.size()));
    if (!status.ok()) {
      return status;
    }
    return Finish();
  }

 private:
  Status Error(int line, std::string_view message) const {
    return InvalidArgumentError(fmt::format("{}:{}: {}", file_.source, line, message));
  }

  Status ParseLine(const std::string& line, int number) {
    if (line.empty()) {
      return EndBlock(number);
    }
    if (block_.has_value()) {
      if (line == kSeparator) {
        if (in_expected_) {
          return Error(number, "a second '----' in one block; end a block with a blank line");
        }
        in_expected_ = true;
      } else if (in_expected_) {
        block_->expected.push_back(line);
      } else {
        block_->input.push_back(line);
      }
      return OkStatus();
    }
    if (line.front() == '#') {
      return ParseComment(line, number);
    }
    if (line == kSeparator) {
      return Error(number, "'----' without input lines before it");
    }
    block_ = CaseBlock{.line = number, .input = {line}};
    in_expected_ = false;
    return OkStatus();
  }

  Status ParseComment(const std::string& line, int number) {
    static constexpr std::string_view kKeys[] = {"name", "description", "source"};
    for (std::string_view key : kKeys) {
      const std::string prefix = fmt::format("# {}:", key);
      if (line.rfind(prefix, 0) != 0) {
        continue;
      }
      std::string value = line.substr(prefix.size());
      value.erase(0, value.find_first_not_of(' '));
      std::string& field =
          key == "name" ? file_.name : (key == "description" ? file_.description : file_.origin);
      if (!file_.blocks.empty()) {
        return Error(number,
                     fmt::format("'# {}:' after the first block; the header comes first", key));
      }
      if (!field.empty()) {
        return Error(number, fmt::format("a second '# {}:' line", key));
      }
      if (value.empty()) {
        return Error(number, fmt::format("'# {}:' is empty", key));
      }
      field = std::move(value);
    }
    return OkStatus();  // any other comment
  }

  Status EndBlock(int number) {
    if (!block_.has_value()) {
      return OkStatus();
    }
    if (!in_expected_) {
      return Error(block_->line,
                   fmt::format("the block has no '----' line before its end (line {})", number));
    }
    file_.blocks.push_back(std::move(*block_));
    block_.reset();
    return OkStatus();
  }

  Result<CaseFile> Finish() {
    if (file_.name.empty() || file_.description.empty() || file_.origin.empty()) {
      return Error(1, "the header needs '# name:', '# description:' and '# source:' lines");
    }
    if (file_.blocks.empty()) {
      return InvalidArgumentError(
          fmt::format("{}: no block (input lines, '----', expected lines)", file_.source));
    }
    return std::move(file_);
  }

  CaseFile file_;
  std::optional<CaseBlock> block_;
  bool in_expected_ = false;
};

}  // namespace

std::string CaseFile::Where(int line) const { return fmt::format("{}:{}", source, line); }

Result<CaseFile> ParseCaseFile(std::string_view text, std::string_view source) {
  return CaseFileParser(source).Parse(text);
}

Result<CaseFile> ReadCaseFile(const std::string& path, std::string_view source) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return NotFoundError(fmt::format("{}: cannot open the file", path));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return ParseCaseFile(text.str(), source);
}

std::vector<std::string> ListCaseFiles(const std::string& directory) {
  std::vector<std::string> paths;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    if (entry.is_regular_file() && entry.path().extension() == ".test") {
      paths.push_back(entry.path().string());
    }
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

}  // namespace esep::testing
