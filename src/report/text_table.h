// TextTable: a plain-text table for terminals, with columns aligned by display width
// (UTF-8 aware, so "Qarağandy" lines up). Build it row by row, then Render(). Not thread-safe.
//
// Example:
//   TextTable table({{"Party"}, {"Votes", Align::kRight}});
//   table.AddRow({"Amanat", "3,431,510"});
//   std::cout << table.Render();

#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace esep::report {

enum class Align { kLeft, kRight };

struct Column {
  std::string title;
  Align align = Align::kLeft;
};

class TextTable {
 public:
  explicit TextTable(std::vector<Column> columns) : columns_(std::move(columns)) {}

  // REQUIRES: cells.size() == number of columns.
  void AddRow(std::vector<std::string> cells);
  // A horizontal rule before the next row (e.g. above a total).
  void AddRule();

  // The table with a header, a rule under it, and two spaces between columns; each line is
  // indented by `indent` spaces and ends with '\n'.
  std::string Render(int indent = 2) const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;  // an empty row is a rule
};

// The number of terminal columns `text` takes: UTF-8 code points (no wide characters here).
size_t DisplayWidth(std::string_view text);

}  // namespace esep::report
