#include "report/text_table.h"

#include <algorithm>
#include <cassert>

namespace esep::report {

size_t DisplayWidth(std::string_view text) {
  // Count every byte that does not continue a multi-byte UTF-8 sequence (10xxxxxx).
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

void TextTable::AddRow(std::vector<std::string> cells) {
  assert(cells.size() == columns_.size());  // A programming error: each caller builds full rows.
  rows_.push_back(std::move(cells));
}

void TextTable::AddRule() { rows_.emplace_back(); }

std::string TextTable::Render(int indent) const {
  std::vector<size_t> widths(columns_.size(), 0);
  for (size_t c = 0; c < columns_.size(); ++c) {
    widths[c] = DisplayWidth(columns_[c].title);
    for (const auto& row : rows_) {
      if (!row.empty()) {
        widths[c] = std::max(widths[c], DisplayWidth(row[c]));
      }
    }
  }
  const std::string margin(static_cast<size_t>(indent), ' ');
  size_t total = 0;
  for (size_t w : widths) {
    total += w + 2;
  }
  const std::string rule = margin + std::string(total > 2 ? total - 2 : 0, '-') + "\n";
  auto render_row = [&](const std::vector<std::string>& cells) {
    std::string line = margin;
    for (size_t c = 0; c < cells.size(); ++c) {
      const std::string padding(widths[c] - DisplayWidth(cells[c]), ' ');
      const bool last = c + 1 == cells.size();
      if (columns_[c].align == Align::kRight) {
        line += padding + cells[c];
      } else {
        line += cells[c] + (last ? "" : padding);
      }
      if (!last) {
        line += "  ";
      }
    }
    return line + "\n";
  };
  std::vector<std::string> titles;
  for (const Column& column : columns_) {
    titles.push_back(column.title);
  }
  std::string out = render_row(titles) + rule;
  for (const auto& row : rows_) {
    out += row.empty() ? rule : render_row(row);
  }
  return out;
}

}  // namespace esep::report
