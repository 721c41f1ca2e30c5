#include "precincts/column_mapping.h"

#include <algorithm>
#include <optional>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/id_index.h"
#include "base/text.h"
#include "io/csv.h"
#include "io/json_parse.h"
#include "precincts/delimiter_detection.h"
#include "precincts/mapped_header.h"

namespace esep::precincts {

namespace {

using Json = nlohmann::json;

// The figures of a mapping by key, in the order a row is read.
struct FigureKey {
  std::string_view key;
  std::vector<std::string> ColumnMapping::*member;
};
constexpr FigureKey kFigureKeys[] = {
    {"precinct", &ColumnMapping::precinct},
    {"group", &ColumnMapping::group},
    {"region", &ColumnMapping::region},
    {"registered", &ColumnMapping::registered},
    {"ballots", &ColumnMapping::ballots},
    {"valid", &ColumnMapping::valid},
    {"invalid", &ColumnMapping::invalid},
    {"added_on_day", &ColumnMapping::added_on_day},
    {"mobile_ballots", &ColumnMapping::mobile_ballots},
    {"issued", &ColumnMapping::issued},
};

const FigureKey* FindFigureKey(std::string_view key) {
  for (const FigureKey& figure : kFigureKeys) {
    if (figure.key == key) {
      return &figure;
    }
  }
  return nullptr;
}

// One column: a name, "#N", or {"position": N} (stored as "#N"); nullopt when `item` is none.
std::optional<std::string> ParseColumn(const Json& item) {
  if (item.is_string()) {
    return item.get<std::string>();
  }
  if (item.is_object() && item.size() == 1 && item.contains("position") &&
      item["position"].is_number_integer() && item["position"].get<int64_t>() >= 1) {
    return fmt::format("#{}", item["position"].get<int64_t>());
  }
  return std::nullopt;
}

// A column (name, "#N" or {"position": N}), or a non-empty list of them.
Result<std::vector<std::string>> ParseColumns(const Json& value, std::string_view source,
                                              std::string_view key) {
  std::vector<std::string> columns;
  if (const std::optional<std::string> column = ParseColumn(value)) {
    columns.push_back(*column);
  } else if (value.is_array()) {
    for (const Json& item : value) {
      const std::optional<std::string> entry = ParseColumn(item);
      if (!entry.has_value()) {
        return InvalidArgumentError(
            fmt::format("{}: key \"{}\": every entry of the list must be a column name, \"#N\" or "
                        "{{\"position\": N}} (N from 1)",
                        source, key));
      }
      columns.push_back(*entry);
    }
  } else {
    return InvalidArgumentError(fmt::format(
        "{}: key \"{}\": must be a column name, \"#N\", {{\"position\": N}} (N from 1) or a "
        "list of them",
        source, key));
  }
  if (columns.empty()) {
    return InvalidArgumentError(
        fmt::format("{}: key \"{}\": the list of columns is empty", source, key));
  }
  for (const std::string& column : columns) {
    if (Trim(column).empty()) {
      return InvalidArgumentError(fmt::format(
          "{}: key \"{}\": a column name is empty (name an unnamed column by its position, "
          "\"#N\")",
          source, key));
    }
  }
  return columns;
}

// The keys that say how rows are read rather than which column holds a figure: "missing",
// "missing_votes", "special", and "precinct" as {"row_number": true, ...}. Returns whether `key`
// was one of them.
Result<bool> ParseReadingKey(const std::string& key, const Json& value, std::string_view source,
                             ColumnMapping& mapping) {
  if (key == "missing") {
    if (!value.is_array()) {
      return InvalidArgumentError(fmt::format(
          "{}: key \"missing\": must be a list of the cells that mean \"no figure\", e.g. "
          "[\"NA\", \"\"]",
          source));
    }
    for (const Json& item : value) {
      if (!item.is_string()) {
        return InvalidArgumentError(
            fmt::format("{}: key \"missing\": every entry must be a string", source));
      }
      mapping.missing.emplace_back(Trim(item.get<std::string>()));
    }
    return true;
  }
  if (key == "missing_votes") {
    if (value != "zero" && value != "exclude_row") {
      return InvalidArgumentError(fmt::format(
          "{}: key \"missing_votes\": must be \"exclude_row\" (the default) or \"zero\"", source));
    }
    mapping.missing_votes = value == "zero" ? ColumnMapping::MissingVotes::kZero
                                            : ColumnMapping::MissingVotes::kExcludeRow;
    return true;
  }
  if (key == "special") {
    ASSIGN_OR_RETURN(mapping.special, ParseSpecialCommissionRule(value, source));
    return true;
  }
  if (key != "precinct" || !value.is_object() || !value.contains("row_number")) {
    return false;
  }
  for (const auto& [item_key, item] : value.items()) {
    if (item_key == "column") {
      ASSIGN_OR_RETURN(mapping.precinct, ParseColumns(item, source, "precinct.column"));
    } else if (item_key != "row_number" && item_key != "comment") {
      return InvalidArgumentError(
          fmt::format("{}: key \"precinct\": unknown key \"{}\" (row_number, column, comment)",
                      source, item_key));
    }
  }
  if (value["row_number"] != true) {
    return InvalidArgumentError(
        fmt::format("{}: key \"precinct\": \"row_number\" must be true when given", source));
  }
  mapping.precinct_row_number = true;
  return true;
}

// What the reader counted while reading rows, for the table's notes.
struct MissingCounts {
  int64_t empty_ids = 0;         // rows excluded for an empty id
  int64_t zero_votes = 0;        // choices' missing votes read as 0
  int64_t unknown_optional = 0;  // precincts with an optional figure missing
};

void AddReadingNotes(const ColumnMapping& mapping, const MissingCounts& counts,
                     PrecinctTable& table) {
  if (counts.empty_ids > 0) {
    table.notes.push_back(fmt::format(
        "{} rows with an empty precinct id (e-voting or other pseudo-stations, totals) were "
        "excluded and are listed as skipped; rows without an id are never merged",
        counts.empty_ids));
  }
  if (counts.zero_votes > 0) {
    table.notes.push_back(fmt::format(
        "{} vote cells held a missing value and were read as 0 votes (\"missing_votes\": "
        "\"zero\" in {})",
        counts.zero_votes, mapping.source));
  }
  if (counts.unknown_optional > 0) {
    table.notes.push_back(fmt::format(
        "{} precincts have a missing value in an optional figure (election-day additions or "
        "mobile-box ballots): that figure is unknown there, so its indicator is not available",
        counts.unknown_optional));
  }
  if (mapping.precinct_row_number) {
    table.notes.push_back(
        "precinct ids are the rows' line numbers in the file (\"precinct\": {\"row_number\": "
        "true})");
  }
}

// One mapped figure resolved against the header: the columns' positions.
struct Resolved {
  std::string_view key;
  const std::vector<std::string>* names = nullptr;
  std::vector<size_t> positions;
};

}  // namespace

Result<ColumnMapping> ParseColumnMapping(std::string_view json_text, std::string_view source) {
  Result<Json> parsed = io::ParseJson(json_text);
  if (!parsed.has_value()) {
    return InvalidArgumentError(fmt::format("{}: {}", source, parsed.error().message()));
  }
  const Json root = std::move(parsed).value();
  if (!root.is_object()) {
    return InvalidArgumentError(fmt::format(
        "{}: a column mapping is a JSON object (docs/formats/column-mapping.md)", source));
  }
  ColumnMapping mapping;
  mapping.source = std::string(source);
  for (const auto& [key, value] : root.items()) {
    if (key == "comment") {
      continue;
    }
    ASSIGN_OR_RETURN(const bool reading_key, ParseReadingKey(key, value, source, mapping));
    if (reading_key) {
      continue;
    }
    if (key == "description") {
      if (!value.is_string()) {
        return InvalidArgumentError(
            fmt::format("{}: key \"description\": must be a string", source));
      }
      mapping.description = value.get<std::string>();
    } else if (key == "synthetic") {
      if (!value.is_boolean()) {
        return InvalidArgumentError(
            fmt::format("{}: key \"synthetic\": must be true or false", source));
      }
      mapping.synthetic = value.get<bool>();
    } else if (key == "delimiter") {
      if (!value.is_string() ||
          (value != "," && value != ";" && value != "\t" && value != "auto")) {
        return InvalidArgumentError(fmt::format(
            "{}: key \"delimiter\": must be \",\", \";\", \"\\t\" (a tab) or \"auto\" (detected "
            "from the header, as when the key is left out)",
            source));
      }
      mapping.detect_delimiter = value == "auto";
      mapping.delimiter = value == "auto" ? ',' : value.get<std::string>()[0];
    } else if (key == "choices") {
      if (!value.is_array() || value.empty()) {
        return InvalidArgumentError(fmt::format(
            "{}: key \"choices\": must be a non-empty list of {{\"name\": ..., \"column\": ...}}",
            source));
      }
      for (size_t c = 0; c < value.size(); ++c) {
        const Json& choice = value[c];
        const std::string where = fmt::format("choices[{}]", c);
        if (!choice.is_object() || !choice.contains("name") || !choice.contains("column") ||
            !choice["name"].is_string() || Trim(choice["name"].get<std::string>()).empty()) {
          return InvalidArgumentError(fmt::format(
              "{}: key \"{}\": must be {{\"name\": \"...\", \"column\": ...}} with a non-empty "
              "name",
              source, where));
        }
        for (const auto& [choice_key, unused] : choice.items()) {
          if (choice_key != "name" && choice_key != "column" && choice_key != "comment") {
            return InvalidArgumentError(
                fmt::format("{}: key \"{}\": unknown key \"{}\" (name, column, comment)", source,
                            where, choice_key));
          }
        }
        ASSIGN_OR_RETURN(std::vector<std::string> columns,
                         ParseColumns(choice["column"], source, where));
        mapping.choices.push_back({choice["name"].get<std::string>(), std::move(columns)});
      }
    } else if (const FigureKey* figure = FindFigureKey(key)) {
      ASSIGN_OR_RETURN(mapping.*(figure->member), ParseColumns(value, source, key));
    } else {
      return InvalidArgumentError(fmt::format(
          "{}: unknown key \"{}\" (docs/formats/column-mapping.md lists the keys)", source, key));
    }
  }
  for (std::string_view required : {"precinct", "registered", "ballots"}) {
    if ((mapping.*(FindFigureKey(required)->member)).empty() &&
        !(required == "precinct" && mapping.precinct_row_number)) {
      return InvalidArgumentError(fmt::format("{}: key \"{}\" is missing", source, required));
    }
  }
  // Both may be given: tests whose base is valid + invalid ballots (Kobak et al. 2016) then read
  // each as published, even where the protocol's valid + invalid = ballots does not hold.
  if (mapping.valid.empty() && mapping.invalid.empty()) {
    return InvalidArgumentError(fmt::format(
        "{}: give \"valid\" (valid ballots), \"invalid\" (invalid ballots, subtracted from the "
        "ballots) or both",
        source));
  }
  if (mapping.choices.empty()) {
    return InvalidArgumentError(fmt::format("{}: key \"choices\" is missing", source));
  }
  return mapping;
}

std::vector<std::string> MappedColumnEntries(const ColumnMapping& mapping) {
  std::vector<std::string> entries;
  for (const FigureKey& figure : kFigureKeys) {
    const std::vector<std::string>& columns = mapping.*(figure.member);
    entries.insert(entries.end(), columns.begin(), columns.end());
  }
  for (const ColumnMapping::Choice& choice : mapping.choices) {
    entries.insert(entries.end(), choice.columns.begin(), choice.columns.end());
  }
  entries.insert(entries.end(), mapping.special.column.begin(), mapping.special.column.end());
  return entries;
}

Result<ColumnMapping> ReadColumnMapping(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, io::ReadTextFile(path));
  return ParseColumnMapping(text, path);
}

Result<PrecinctTable> PrecinctTableFromMappedCsv(std::string_view csv_text,
                                                 std::string_view csv_source,
                                                 const ColumnMapping& mapping,
                                                 RowErrors row_errors) {
  const std::vector<std::string> entries = MappedColumnEntries(mapping);
  const char delimiter =
      mapping.detect_delimiter ? DetectDelimiter(csv_text, csv_source, entries) : mapping.delimiter;
  // An error about the file's form says which delimiter would fit, when another would: a
  // comma-separated file read with ';' fails on its first quote, far from the real cause.
  auto with_hint = [&](const Status& status) {
    return InvalidArgumentError(
        status.message() + DelimiterHint(csv_text, csv_source, entries, delimiter, mapping.source));
  };
  io::CsvCursor cursor(csv_text, csv_source, delimiter);
  io::CsvRecordView record;
  Result<bool> has_header = cursor.Next(record);
  if (!has_header.has_value()) {
    return with_hint(has_header.error());
  }
  if (!*has_header || (record.fields.size() == 1 && record.fields[0].empty())) {
    return InvalidArgumentError(
        fmt::format("{}:1: the first line must be the header (column names)", csv_source));
  }
  const MappedHeader header = MakeMappedHeader(record.fields, record.line, csv_source);

  // Every mapped figure, resolved once; absent optional figures stay empty.
  std::vector<Resolved> figures;
  auto resolve = [&](std::string_view key, const std::vector<std::string>& names) -> Status {
    Resolved resolved{key, &names, {}};
    if (!names.empty()) {
      Result<std::vector<size_t>> positions = ResolveColumns(key, names, header, mapping.source);
      if (!positions.has_value()) {
        return with_hint(positions.error());
      }
      resolved.positions = std::move(*positions);
    }
    figures.push_back(std::move(resolved));
    return OkStatus();
  };
  for (const FigureKey& key : kFigureKeys) {
    RETURN_IF_ERROR(resolve(key.key, mapping.*(key.member)));
  }
  const size_t first_choice = figures.size();
  for (const ColumnMapping::Choice& choice : mapping.choices) {
    RETURN_IF_ERROR(resolve(choice.name, choice.columns));
  }
  RETURN_IF_ERROR(resolve("special", mapping.special.column));
  const Resolved special = figures.back();
  const std::vector<Resolved> choices(figures.begin() + static_cast<ptrdiff_t>(first_choice),
                                      figures.end() - 1);
  figures.resize(first_choice);
  auto figure = [&figures](std::string_view key) -> const Resolved& {
    for (const Resolved& resolved : figures) {
      if (resolved.key == key) {
        return resolved;
      }
    }
    return figures.front();  // unreachable: every key is in kFigureKeys
  };
  const Resolved& precinct = figure("precinct");
  const Resolved& group = figure("group");
  const Resolved& region = figure("region");
  const Resolved& registered = figure("registered");
  const Resolved& ballots = figure("ballots");
  const Resolved& valid = figure("valid");
  const Resolved& invalid = figure("invalid");
  const Resolved& added = figure("added_on_day");
  const Resolved& mobile = figure("mobile_ballots");
  const Resolved& issued = figure("issued");

  PrecinctTable table;
  table.source = fmt::format("{} (mapping {})", csv_source, mapping.source);
  table.synthetic = mapping.synthetic;
  for (const ColumnMapping::Choice& choice : mapping.choices) {
    table.choice_names.push_back(choice.name);
  }
  IdIndex seen;
  std::vector<int64_t> lines;  // per table row: the line it came from
  auto key_of = [&table](uint32_t p) -> std::string_view { return table.ids[p]; };
  MissingCounts missing_counts;

  auto is_missing = [&mapping](std::string_view cell) {
    return std::find(mapping.missing.begin(), mapping.missing.end(), Trim(cell)) !=
           mapping.missing.end();
  };
  auto label = [&header](const Resolved& resolved, size_t k) {
    return ColumnLabel((*resolved.names)[k], header);
  };
  // A row's text fields joined (a missing value reads as empty), or the sum of its count
  // fields (nullopt when one holds a missing value); a bad count names its column.
  auto join = [&](const Resolved& resolved) {
    std::string text;
    for (size_t k = 0; k < resolved.positions.size(); ++k) {
      const std::string_view cell = record.fields[resolved.positions[k]];
      text += k == 0 ? "" : " / ";
      text += is_missing(cell) ? std::string_view() : Trim(cell);
    }
    return text;
  };
  auto count = [&](const Resolved& resolved) -> Result<std::optional<int64_t>> {
    int64_t total = 0;
    bool missing = false;
    for (size_t k = 0; k < resolved.positions.size(); ++k) {
      const std::string_view cell = record.fields[resolved.positions[k]];
      if (is_missing(cell)) {
        missing = true;
        continue;
      }
      Result<int64_t> value = ParseCount(cell);
      if (!value.has_value()) {
        return InvalidArgumentError(fmt::format("{}:{}: {} ({}): {}", csv_source, record.line,
                                                label(resolved, k), resolved.key,
                                                value.error().message()));
      }
      total += *value;
    }
    return missing ? std::nullopt : std::optional<int64_t>(total);
  };
  // A figure the row cannot do without.
  auto sum = [&](const Resolved& resolved) -> Result<int64_t> {
    ASSIGN_OR_RETURN(const std::optional<int64_t> value, count(resolved));
    if (!value.has_value()) {
      return InvalidArgumentError(fmt::format(
          "{}:{}: {} ({}): a missing value; a precinct without its {} cannot be used, so the "
          "row is excluded",
          csv_source, record.line, label(resolved, 0), resolved.key, resolved.key));
    }
    return *value;
  };
  auto precinct_id = [&](PrecinctRow& row) -> Status {
    if (!mapping.precinct_row_number) {
      for (size_t k = 0; k < precinct.positions.size(); ++k) {
        const std::string_view cell = record.fields[precinct.positions[k]];
        if (Trim(cell).empty() || is_missing(cell)) {
          ++missing_counts.empty_ids;
          return InvalidArgumentError(
              fmt::format("{}:{}: {} (precinct): the precinct id is empty; a row without an id is "
                          "excluded, never merged with another",
                          csv_source, record.line, label(precinct, k)));
        }
      }
    }
    row.id = join(precinct);
    if (mapping.precinct_row_number) {
      row.id += fmt::format("{}line {}", row.id.empty() ? "" : " / ", record.line);
    }
    if (const std::optional<uint32_t> earlier = seen.Find(row.id, key_of)) {
      return InvalidArgumentError(
          fmt::format("{}:{}: precinct {} again (first on line {}); the first row is used",
                      csv_source, record.line, row.id, lines[*earlier]));
    }
    return OkStatus();
  };
  auto read_row = [&](PrecinctRow& row) -> Status {
    if (record.fields.size() != header.names.size()) {
      return InvalidArgumentError(fmt::format("{}:{}: {} fields, but the header has {} columns",
                                              csv_source, record.line, record.fields.size(),
                                              header.names.size()));
    }
    RETURN_IF_ERROR(precinct_id(row));
    row.group = group.positions.empty() ? std::string() : join(group);
    row.region = region.positions.empty() ? std::string() : join(region);
    ASSIGN_OR_RETURN(row.registered, sum(registered));
    ASSIGN_OR_RETURN(row.ballots, sum(ballots));
    row.invalid.reset();
    if (!invalid.positions.empty()) {
      ASSIGN_OR_RETURN(row.invalid, sum(invalid));
    }
    if (!valid.positions.empty()) {
      ASSIGN_OR_RETURN(row.valid, sum(valid));
    } else {
      if (*row.invalid > row.ballots) {
        return InvalidArgumentError(fmt::format("{}:{}: invalid ballots {} exceed ballots {}",
                                                csv_source, record.line, *row.invalid,
                                                row.ballots));
      }
      row.valid = row.ballots - *row.invalid;
    }
    row.added_on_day.reset();
    if (!added.positions.empty()) {
      ASSIGN_OR_RETURN(row.added_on_day, count(added));
    }
    row.mobile_ballots.reset();
    if (!mobile.positions.empty()) {
      ASSIGN_OR_RETURN(row.mobile_ballots, count(mobile));
    }
    row.issued.reset();
    if (!issued.positions.empty()) {
      ASSIGN_OR_RETURN(row.issued, count(issued));
    }
    int64_t zeroed = 0;
    row.votes.clear();
    for (const Resolved& choice : choices) {
      ASSIGN_OR_RETURN(const std::optional<int64_t> votes, count(choice));
      if (!votes.has_value() && mapping.missing_votes == ColumnMapping::MissingVotes::kExcludeRow) {
        RETURN_IF_ERROR(sum(choice).status());
      }
      zeroed += votes.has_value() ? 0 : 1;
      row.votes.push_back(votes.value_or(0));
    }
    row.special = !special.positions.empty() &&
                  std::find(mapping.special.values.begin(), mapping.special.values.end(),
                            join(special)) != mapping.special.values.end();
    const bool unknown_optional = (!added.positions.empty() && !row.added_on_day.has_value()) ||
                                  (!mobile.positions.empty() && !row.mobile_ballots.has_value()) ||
                                  (!issued.positions.empty() && !row.issued.has_value());
    const std::string id = row.id;
    if (const Status status = table.Add(std::move(row)); !status.ok()) {
      return InvalidArgumentError(
          fmt::format("{}:{}: {}", csv_source, record.line, status.message()));
    }
    missing_counts.zero_votes += zeroed;
    missing_counts.unknown_optional += unknown_optional ? 1 : 0;
    (void)seen.Insert(id, static_cast<uint32_t>(table.size() - 1), key_of);
    lines.push_back(record.line);
    return OkStatus();
  };

  int64_t rows = 0;
  PrecinctRow row;
  while (true) {
    Result<bool> more = cursor.Next(record);
    if (!more.has_value()) {
      return with_hint(more.error());
    }
    if (!*more) {
      break;
    }
    if (record.fields.size() == 1 && record.fields[0].empty()) {
      continue;  // a blank line
    }
    ++rows;
    if (Status status = read_row(row); !status.ok()) {
      if (row_errors == RowErrors::kStop) {
        return status;
      }
      table.skipped.push_back(status.message());
    }
  }
  if (table.size() == 0) {
    return InvalidArgumentError(
        rows == 0 ? fmt::format("{}: no data rows after the header", csv_source)
                  : fmt::format("{}: none of the {} rows could be used; the first: {}", csv_source,
                                rows, table.skipped.front()));
  }
  AddReadingNotes(mapping, missing_counts, table);
  if (!mapping.special.column.empty()) {
    SpecialCommissionRule by_column = mapping.special;
    by_column.id_pattern.clear();
    by_column.group_pattern.clear();
    table.special_rule = by_column.Describe();
  }
  RETURN_IF_ERROR(MarkSpecialCommissions(mapping.special, table));
  return table;
}

Result<PrecinctTable> PrecinctTableFromMappedCsvFile(const std::string& path,
                                                     const ColumnMapping& mapping,
                                                     RowErrors row_errors) {
  ASSIGN_OR_RETURN(std::string text, io::ReadTextFile(path));
  return PrecinctTableFromMappedCsv(text, path, mapping, row_errors);
}

}  // namespace esep::precincts
