#include "precincts/column_mapping.h"

#include <algorithm>
#include <optional>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/text.h"
#include "io/csv.h"
#include "io/json_parse.h"
#include "precincts/delimiter_detection.h"
#include "precincts/mapped_header.h"
#include "precincts/mapped_row_reader.h"

namespace esep::precincts {

namespace {

using Json = nlohmann::json;

// The figures of a mapping by key, in the order a row is read: where the mapping holds each and
// where its resolution goes.
struct FigureKey {
  std::string_view key;
  std::vector<std::string> ColumnMapping::*member;
  ResolvedFigure ResolvedFigures::*resolved;
};
constexpr FigureKey kFigureKeys[] = {
    {"precinct", &ColumnMapping::precinct, &ResolvedFigures::precinct},
    {"group", &ColumnMapping::group, &ResolvedFigures::group},
    {"region", &ColumnMapping::region, &ResolvedFigures::region},
    {"registered", &ColumnMapping::registered, &ResolvedFigures::registered},
    {"ballots", &ColumnMapping::ballots, &ResolvedFigures::ballots},
    {"valid", &ColumnMapping::valid, &ResolvedFigures::valid},
    {"invalid", &ColumnMapping::invalid, &ResolvedFigures::invalid},
    {"added_on_day", &ColumnMapping::added_on_day, &ResolvedFigures::added_on_day},
    {"mobile_ballots", &ColumnMapping::mobile_ballots, &ResolvedFigures::mobile_ballots},
    {"issued", &ColumnMapping::issued, &ResolvedFigures::issued},
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

// Every figure of `mapping` resolved against `header`, in the order of kFigureKeys, then the
// choices, then the special-commission column; figures the mapping leaves out get no columns.
Result<ResolvedFigures> ResolveFigures(const ColumnMapping& mapping, const MappedHeader& header) {
  auto resolve = [&](std::string_view key,
                     const std::vector<std::string>& names) -> Result<ResolvedFigure> {
    ResolvedFigure figure{key, &names, {}};
    if (!names.empty()) {
      ASSIGN_OR_RETURN(figure.positions, ResolveColumns(key, names, header, mapping.source));
    }
    return figure;
  };
  ResolvedFigures figures;
  for (const FigureKey& key : kFigureKeys) {
    ASSIGN_OR_RETURN(figures.*(key.resolved), resolve(key.key, mapping.*(key.member)));
  }
  for (const ColumnMapping::Choice& choice : mapping.choices) {
    ASSIGN_OR_RETURN(ResolvedFigure figure, resolve(choice.name, choice.columns));
    figures.choices.push_back(std::move(figure));
  }
  ASSIGN_OR_RETURN(figures.special, resolve("special", mapping.special.column));
  return figures;
}

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

  Result<ResolvedFigures> figures = ResolveFigures(mapping, header);
  if (!figures.has_value()) {
    return with_hint(figures.error());
  }
  PrecinctTable table;
  table.source = fmt::format("{} (mapping {})", csv_source, mapping.source);
  table.synthetic = mapping.synthetic;
  for (const ColumnMapping::Choice& choice : mapping.choices) {
    table.choice_names.push_back(choice.name);
  }
  MappedRowReader reader(mapping, header, std::move(*figures), csv_source, table);
  int64_t rows = 0;
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
    if (Status status = reader.Add(record); !status.ok()) {
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
  reader.AddNotes();
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
