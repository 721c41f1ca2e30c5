#include "golden/text_diff.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace esep::testing {

namespace {

constexpr size_t kContext = 3;
// Above this many cells the middle is shown as replaced wholesale rather than aligned; the
// goldens are a few thousand lines at most, and a failure message needs only the first hunk.
constexpr size_t kMaxTableCells = size_t{16} << 20;

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      lines.push_back(std::string(text.substr(start)) + "\n\\ No newline at end of file");
      break;
    }
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

enum class Op : char { kEqual = ' ', kDelete = '-', kInsert = '+' };

struct Edit {
  Op op;
  size_t expected_line;  // index into expected (for kEqual and kDelete)
  size_t actual_line;    // index into actual (for kEqual and kInsert)
};

// Aligns expected[begin, expected_end) with actual[begin, actual_end) by longest common
// subsequence and appends the edits.
void AlignMiddle(const std::vector<std::string>& expected, const std::vector<std::string>& actual,
                 size_t begin, size_t expected_end, size_t actual_end, std::vector<Edit>& edits) {
  const size_t rows = expected_end - begin;
  const size_t columns = actual_end - begin;
  if ((rows + 1) * (columns + 1) > kMaxTableCells) {
    for (size_t row = 0; row < rows; ++row) {
      edits.push_back({Op::kDelete, begin + row, begin});
    }
    for (size_t column = 0; column < columns; ++column) {
      edits.push_back({Op::kInsert, expected_end, begin + column});
    }
    return;
  }
  // common[row][column]: LCS length of the suffixes starting at row and column.
  std::vector<unsigned> common((rows + 1) * (columns + 1), 0);
  const auto at = [&](size_t row, size_t column) -> unsigned& {
    return common[row * (columns + 1) + column];
  };
  for (size_t row = rows; row-- > 0;) {
    for (size_t column = columns; column-- > 0;) {
      at(row, column) = expected[begin + row] == actual[begin + column]
                            ? at(row + 1, column + 1) + 1
                            : std::max(at(row + 1, column), at(row, column + 1));
    }
  }
  size_t row = 0;
  size_t column = 0;
  while (row < rows || column < columns) {
    if (row < rows && column < columns && expected[begin + row] == actual[begin + column]) {
      edits.push_back({Op::kEqual, begin + row++, begin + column++});
    } else if (row < rows && (column == columns || at(row + 1, column) >= at(row, column + 1))) {
      edits.push_back({Op::kDelete, begin + row++, begin + column});  // deletions print first
    } else {
      edits.push_back({Op::kInsert, begin + row, begin + column++});
    }
  }
}

}  // namespace

std::string UnifiedDiff(std::string_view expected_text, std::string_view actual_text,
                        std::string_view expected_name, std::string_view actual_name,
                        size_t max_lines) {
  if (expected_text == actual_text) {
    return "";
  }
  const std::vector<std::string> expected = SplitLines(expected_text);
  const std::vector<std::string> actual = SplitLines(actual_text);
  size_t prefix = 0;
  while (prefix < expected.size() && prefix < actual.size() && expected[prefix] == actual[prefix]) {
    ++prefix;
  }
  size_t suffix = 0;
  while (suffix < expected.size() - prefix && suffix < actual.size() - prefix &&
         expected[expected.size() - 1 - suffix] == actual[actual.size() - 1 - suffix]) {
    ++suffix;
  }
  std::vector<Edit> edits;
  for (size_t line = 0; line < prefix; ++line) {
    edits.push_back({Op::kEqual, line, line});
  }
  AlignMiddle(expected, actual, prefix, expected.size() - suffix, actual.size() - suffix, edits);
  for (size_t line = suffix; line-- > 0;) {
    edits.push_back({Op::kEqual, expected.size() - 1 - line, actual.size() - 1 - line});
  }

  std::string out = fmt::format("--- {}\n+++ {}\n", expected_name, actual_name);
  size_t printed = 0;
  size_t index = 0;
  while (index < edits.size()) {
    while (index < edits.size() && edits[index].op == Op::kEqual) {
      ++index;
    }
    if (index == edits.size()) {
      break;
    }
    // A hunk: from kContext lines before this change to kContext lines after the last change
    // that is no more than 2 * kContext equal lines from the next one.
    const size_t start = index >= kContext ? index - kContext : 0;
    size_t end = index;
    size_t equal_run = 0;
    while (end < edits.size() && equal_run <= 2 * kContext) {
      equal_run = edits[end].op == Op::kEqual ? equal_run + 1 : 0;
      ++end;
    }
    end -= equal_run > kContext ? equal_run - kContext : 0;
    size_t expected_count = 0;
    size_t actual_count = 0;
    for (size_t edit = start; edit < end; ++edit) {
      expected_count += edits[edit].op != Op::kInsert;
      actual_count += edits[edit].op != Op::kDelete;
    }
    out += fmt::format("@@ -{},{} +{},{} @@\n", edits[start].expected_line + 1, expected_count,
                       edits[start].actual_line + 1, actual_count);
    for (size_t edit = start; edit < end; ++edit) {
      if (printed == max_lines) {
        size_t left = 0;
        for (size_t rest = edit; rest < edits.size(); ++rest) {
          left += edits[rest].op != Op::kEqual;
        }
        return out + fmt::format("... (diff cut; {} more changed lines)\n", left);
      }
      const std::string& line = edits[edit].op == Op::kInsert ? actual[edits[edit].actual_line]
                                                              : expected[edits[edit].expected_line];
      out += static_cast<char>(edits[edit].op) + line + "\n";
      ++printed;
    }
    index = end;
  }
  return out;
}

}  // namespace esep::testing
