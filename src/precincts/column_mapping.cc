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

// A column name, or a non-empty list of them.
Result<std::vector<std::string>> ParseColumns(const Json& value, std::string_view source,
                                              std::string_view key) {
  std::vector<std::string> columns;
  if (value.is_string()) {
    columns.push_back(value.get<std::string>());
  } else if (value.is_array()) {
    for (const Json& item : value) {
      if (!item.is_string()) {
        return InvalidArgumentError(
            fmt::format("{}: key \"{}\": every entry of the list must be a column name (a string)",
                        source, key));
      }
      columns.push_back(item.get<std::string>());
    }
  } else {
    return InvalidArgumentError(fmt::format(
        "{}: key \"{}\": must be a column name or a list of column names", source, key));
  }
  if (columns.empty()) {
    return InvalidArgumentError(
        fmt::format("{}: key \"{}\": the list of columns is empty", source, key));
  }
  for (const std::string& column : columns) {
    if (Trim(column).empty()) {
      return InvalidArgumentError(
          fmt::format("{}: key \"{}\": a column name is empty", source, key));
    }
  }
  return columns;
}

// One mapped figure resolved against the header: the columns' positions.
struct Resolved {
  std::string_view key;
  const std::vector<std::string>* names = nullptr;
  std::vector<size_t> positions;
};

std::string HeaderList(const std::vector<std::string>& header) {
  std::string list;
  for (const std::string& name : header) {
    list += list.empty() ? "" : ", ";
    list += fmt::format("\"{}\"", name);
  }
  return list;
}

Result<Resolved> Resolve(std::string_view key, const std::vector<std::string>& names,
                         const std::vector<std::string>& header,
                         const std::vector<std::string>& normalized, std::string_view csv_source,
                         int64_t header_line, std::string_view mapping_source) {
  Resolved resolved{key, &names, {}};
  for (const std::string& name : names) {
    const std::string wanted = NormalizeName(Trim(name));
    std::optional<size_t> found;
    for (size_t i = 0; i < normalized.size(); ++i) {
      if (normalized[i] != wanted) {
        continue;
      }
      if (found.has_value()) {
        return InvalidArgumentError(fmt::format(
            "{}:{}: columns {} and {} are both \"{}\", which {} maps to \"{}\": rename one",
            csv_source, header_line, *found + 1, i + 1, name, mapping_source, key));
      }
      found = i;
    }
    if (!found.has_value()) {
      return InvalidArgumentError(
          fmt::format("{}:{}: no column \"{}\" (mapped to \"{}\" by {}); the header has {}",
                      csv_source, header_line, name, key, mapping_source, HeaderList(header)));
    }
    resolved.positions.push_back(*found);
  }
  return resolved;
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
      if (!value.is_string() || (value != "," && value != ";")) {
        return InvalidArgumentError(
            fmt::format("{}: key \"delimiter\": must be \",\" or \";\"", source));
      }
      mapping.delimiter = value.get<std::string>()[0];
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
    if ((mapping.*(FindFigureKey(required)->member)).empty()) {
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

Result<ColumnMapping> ReadColumnMapping(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, io::ReadTextFile(path));
  return ParseColumnMapping(text, path);
}

Result<PrecinctTable> PrecinctTableFromMappedCsv(std::string_view csv_text,
                                                 std::string_view csv_source,
                                                 const ColumnMapping& mapping,
                                                 RowErrors row_errors) {
  io::CsvCursor cursor(csv_text, csv_source, mapping.delimiter);
  io::CsvRecordView record;
  ASSIGN_OR_RETURN(bool has_header, cursor.Next(record));
  if (!has_header || (record.fields.size() == 1 && record.fields[0].empty())) {
    return InvalidArgumentError(
        fmt::format("{}:1: the first line must be the header (column names)", csv_source));
  }
  const int64_t header_line = record.line;
  std::vector<std::string> header;
  std::vector<std::string> normalized;
  for (std::string_view field : record.fields) {
    header.emplace_back(field);
    normalized.push_back(NormalizeName(Trim(field)));
  }
  // A file written with the other delimiter shows as names holding it: say so, rather than
  // only that a column is missing.
  std::string hint;
  const char other = mapping.delimiter == ',' ? ';' : ',';
  const bool other_inside = std::any_of(header.begin(), header.end(), [other](const auto& name) {
    return name.find(other) != std::string::npos;
  });
  if (other_inside && (other == ';' || header.size() == 1)) {
    hint = fmt::format(
        " (the header holds '{}' inside names: if it separates the columns, add "
        "\"delimiter\": \"{}\" to {})",
        other, other, mapping.source);
  }

  // Every mapped figure, resolved once; absent optional figures stay empty.
  std::vector<Resolved> figures;
  for (const FigureKey& key : kFigureKeys) {
    const std::vector<std::string>& names = mapping.*(key.member);
    if (names.empty()) {
      figures.push_back({key.key, &names, {}});
      continue;
    }
    Result<Resolved> resolved =
        Resolve(key.key, names, header, normalized, csv_source, header_line, mapping.source);
    if (!resolved.has_value()) {
      return InvalidArgumentError(resolved.error().message() + hint);
    }
    figures.push_back(std::move(*resolved));
  }
  std::vector<Resolved> choices;
  for (const ColumnMapping::Choice& choice : mapping.choices) {
    Result<Resolved> resolved = Resolve(choice.name, choice.columns, header, normalized, csv_source,
                                        header_line, mapping.source);
    if (!resolved.has_value()) {
      return InvalidArgumentError(resolved.error().message() + hint);
    }
    choices.push_back(std::move(*resolved));
  }
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

  // A row's text fields joined, or the sum of its count fields; a bad count names its column.
  auto join = [&record](const Resolved& resolved) {
    std::string text;
    for (size_t k = 0; k < resolved.positions.size(); ++k) {
      text += k == 0 ? "" : " / ";
      text += Trim(record.fields[resolved.positions[k]]);
    }
    return text;
  };
  auto sum = [&](const Resolved& resolved) -> Result<int64_t> {
    int64_t total = 0;
    for (size_t k = 0; k < resolved.positions.size(); ++k) {
      Result<int64_t> value = ParseCount(record.fields[resolved.positions[k]]);
      if (!value.has_value()) {
        return InvalidArgumentError(fmt::format("{}:{}: column \"{}\" ({}): {}", csv_source,
                                                record.line, (*resolved.names)[k], resolved.key,
                                                value.error().message()));
      }
      total += *value;
    }
    return total;
  };
  auto read_row = [&](PrecinctRow& row) -> Status {
    if (record.fields.size() != header.size()) {
      return InvalidArgumentError(fmt::format("{}:{}: {} fields, but the header has {} columns",
                                              csv_source, record.line, record.fields.size(),
                                              header.size()));
    }
    row.id = join(precinct);
    if (row.id.empty()) {
      return InvalidArgumentError(
          fmt::format("{}:{}: column \"{}\" (precinct): the precinct id "
                      "is empty",
                      csv_source, record.line, (*precinct.names)[0]));
    }
    if (const std::optional<uint32_t> earlier = seen.Find(row.id, key_of)) {
      return InvalidArgumentError(
          fmt::format("{}:{}: precinct {} again (first on line {}); the first row is used",
                      csv_source, record.line, row.id, lines[*earlier]));
    }
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
      ASSIGN_OR_RETURN(row.added_on_day, sum(added));
    }
    row.mobile_ballots.reset();
    if (!mobile.positions.empty()) {
      ASSIGN_OR_RETURN(row.mobile_ballots, sum(mobile));
    }
    row.issued.reset();
    if (!issued.positions.empty()) {
      ASSIGN_OR_RETURN(row.issued, sum(issued));
    }
    row.votes.clear();
    for (const Resolved& choice : choices) {
      ASSIGN_OR_RETURN(const int64_t votes, sum(choice));
      row.votes.push_back(votes);
    }
    const std::string id = row.id;
    if (const Status status = table.Add(std::move(row)); !status.ok()) {
      return InvalidArgumentError(
          fmt::format("{}:{}: {}", csv_source, record.line, status.message()));
    }
    (void)seen.Insert(id, static_cast<uint32_t>(table.size() - 1), key_of);
    lines.push_back(record.line);
    return OkStatus();
  };

  int64_t rows = 0;
  PrecinctRow row;
  while (true) {
    ASSIGN_OR_RETURN(bool more, cursor.Next(record));
    if (!more) {
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
  return table;
}

Result<PrecinctTable> PrecinctTableFromMappedCsvFile(const std::string& path,
                                                     const ColumnMapping& mapping,
                                                     RowErrors row_errors) {
  ASSIGN_OR_RETURN(std::string text, io::ReadTextFile(path));
  return PrecinctTableFromMappedCsv(text, path, mapping, row_errors);
}

}  // namespace esep::precincts
