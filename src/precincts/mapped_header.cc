#include "precincts/mapped_header.h"

#include <fmt/format.h>

#include "base/text.h"

namespace esep::precincts {

namespace {

std::string HeaderList(const std::vector<std::string>& names) {
  std::string list;
  for (const std::string& name : names) {
    list += list.empty() ? "" : ", ";
    list += fmt::format("\"{}\"", name);
  }
  return list;
}

// The one column named `entry`; nullopt when none is, kInvalidArgument when two are.
Result<std::optional<size_t>> FindNamed(std::string_view key, std::string_view entry,
                                        const MappedHeader& header,
                                        std::string_view mapping_source) {
  const std::string wanted = NormalizeName(Trim(entry));
  std::optional<size_t> found;
  for (size_t i = 0; i < header.normalized.size(); ++i) {
    if (header.normalized[i] != wanted) {
      continue;
    }
    if (found.has_value()) {
      return InvalidArgumentError(fmt::format(
          "{}:{}: columns {} and {} are both \"{}\", which {} maps to \"{}\": rename one, or "
          "name the column by its position (\"#{}\")",
          header.source, header.line, *found + 1, i + 1, entry, mapping_source, key, *found + 1));
    }
    found = i;
  }
  return found;
}

}  // namespace

MappedHeader MakeMappedHeader(std::span<const std::string_view> fields, int64_t line,
                              std::string_view source) {
  MappedHeader header{.source = std::string(source), .line = line, .names = {}, .normalized = {}};
  for (std::string_view field : fields) {
    header.names.emplace_back(field);
    header.normalized.push_back(NormalizeName(Trim(field)));
  }
  return header;
}

std::optional<size_t> ColumnPosition(std::string_view entry) {
  if (entry.size() < 2 || entry[0] != '#') {
    return std::nullopt;
  }
  const Result<int64_t> number = ParseCount(entry.substr(1));
  if (!number.has_value() || *number < 1) {
    return std::nullopt;
  }
  return static_cast<size_t>(*number - 1);
}

Result<std::vector<size_t>> ResolveColumns(std::string_view key,
                                           const std::vector<std::string>& entries,
                                           const MappedHeader& header,
                                           std::string_view mapping_source) {
  std::vector<size_t> positions;
  for (const std::string& entry : entries) {
    if (const std::optional<size_t> position = ColumnPosition(entry)) {
      if (*position >= header.names.size()) {
        return InvalidArgumentError(fmt::format(
            "{}:{}: column {} (mapped to \"{}\" by {}) does not exist: the header has {} "
            "columns",
            header.source, header.line, entry, key, mapping_source, header.names.size()));
      }
      positions.push_back(*position);
      continue;
    }
    ASSIGN_OR_RETURN(const std::optional<size_t> found,
                     FindNamed(key, entry, header, mapping_source));
    if (!found.has_value()) {
      return InvalidArgumentError(fmt::format(
          "{}:{}: no column \"{}\" (mapped to \"{}\" by {}); the header has {}", header.source,
          header.line, entry, key, mapping_source, HeaderList(header.names)));
    }
    positions.push_back(*found);
  }
  return positions;
}

size_t CountResolvable(std::span<const std::string> entries, const MappedHeader& header) {
  size_t count = 0;
  for (const std::string& entry : entries) {
    if (ResolveColumns("", {entry}, header, "").has_value()) {
      ++count;
    }
  }
  return count;
}

std::string ColumnLabel(std::string_view entry, const MappedHeader& header) {
  if (const std::optional<size_t> position = ColumnPosition(entry)) {
    const std::string name = *position < header.names.size() ? header.names[*position] : "";
    return fmt::format("column {} (\"{}\")", entry, name);
  }
  return fmt::format("column \"{}\"", entry);
}

}  // namespace esep::precincts
