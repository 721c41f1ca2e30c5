#include "io/published_tables.h"

#include <optional>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/fraction.h"
#include "base/text.h"
#include "io/csv.h"

namespace esep::io {

namespace {

// A count field of a results table, with an error naming file, line and column.
Result<int64_t> CountField(const CsvTable& table, const CsvRecord& record, size_t column) {
  Result<int64_t> count = ParseCount(record.fields[column]);
  if (!count.has_value()) {
    return InvalidArgumentError(fmt::format("{}: field '{}': {}", table.Where(record),
                                            table.header[column], count.error().message()));
  }
  return count;
}

// A percentage field as printed ("67.81%" or "67.81"), between 0 and 100; the text is kept
// as published so that checks can compare it with the recomputed figure digit for digit.
Result<std::string> PercentField(const CsvTable& table, const CsvRecord& record, size_t column) {
  const std::string& text = record.fields[column];
  Result<Fraction> value = Fraction::ParseDecimal(text);
  if (!value.has_value() || *value > Fraction::Whole(100)) {
    return InvalidArgumentError(
        fmt::format("{}: field '{}': '{}' is not a percentage between "
                    "0 and 100",
                    table.Where(record), table.header[column], text));
  }
  return text;
}

Result<size_t> RequireColumn(const CsvTable& table, std::string_view name) {
  const std::optional<size_t> column = table.FindColumn(name);
  if (!column.has_value()) {
    return InvalidArgumentError(fmt::format("{}:1: the header has no column '{}' (it has: {})",
                                            table.source, name, table.HeaderForMessage()));
  }
  return *column;
}

// The region a row names, or the country (nullptr region, true) for the national row.
Result<const model::Region*> RowRegion(const CsvTable& table, const CsvRecord& record,
                                       size_t column, const model::ElectionDefinition& definition,
                                       bool& is_national) {
  const std::string& name = record.fields[column];
  is_national = NormalizeName(name) == NormalizeName(definition.country());
  if (is_national) {
    return static_cast<const model::Region*>(nullptr);
  }
  const model::Region* region = definition.FindRegion(name);
  if (region == nullptr) {
    return InvalidArgumentError(
        fmt::format("{}: field '{}': '{}' is not a region of {} (nor one "
                    "of its aliases in election.json)",
                    table.Where(record), table.header[column], name, definition.id()));
  }
  return region;
}

// The rows of a per-region table as they are read: the national row, if any, and at most one
// per region of the definition. Row is a published row type with region_id, published_name
// and line.
template <typename Row>
class RegionRows {
 public:
  explicit RegionRows(const model::ElectionDefinition& definition)
      : definition_(definition), by_region_(definition.regions().size()) {}

  // Keeps `row` as the national row (region == nullptr) or as its region's row. Errors name
  // the line for a second national row or a region given twice.
  Status Place(const CsvTable& table, const CsvRecord& record, const model::Region* region,
               Row row) {
    if (region == nullptr) {
      if (national_.has_value()) {
        return InvalidArgumentError(
            fmt::format("{}: a second national row ('{}'); the first is on line {}",
                        table.Where(record), row.published_name, national_->line));
      }
      national_ = std::move(row);
      return OkStatus();
    }
    row.region_id = region->id;
    std::optional<Row>& slot = by_region_[*definition_.RegionIndex(region->id)];
    if (slot.has_value()) {
      return InvalidArgumentError(fmt::format("{}: region '{}' is given twice (also line {})",
                                              table.Where(record), region->name, slot->line));
    }
    slot = std::move(row);
    return OkStatus();
  }

  std::optional<Row>& national() { return national_; }

  // Every region's row, in the definition's order; an error names the first region without.
  Result<std::vector<Row>> TakeRegions(std::string_view source) {
    std::vector<Row> regions;
    for (size_t i = 0; i < by_region_.size(); ++i) {
      if (!by_region_[i].has_value()) {
        return InvalidArgumentError(
            fmt::format("{}: no row for region '{}'; every region of the definition needs one",
                        source, definition_.regions()[i].name));
      }
      regions.push_back(std::move(*by_region_[i]));
    }
    return regions;
  }

 private:
  const model::ElectionDefinition& definition_;
  std::optional<Row> national_;
  std::vector<std::optional<Row>> by_region_;
};

}  // namespace

Result<model::PublishedListResults> ParsePartyListTable(
    std::string_view csv_text, std::string_view source,
    const model::ElectionDefinition& definition) {
  ASSIGN_OR_RETURN(CsvTable table, ParseCsv(csv_text, source));
  ASSIGN_OR_RETURN(size_t region_column, RequireColumn(table, "region"));
  ASSIGN_OR_RETURN(size_t registered_column, RequireColumn(table, "registered"));
  ASSIGN_OR_RETURN(size_t against_column, RequireColumn(table, "against_all"));
  ASSIGN_OR_RETURN(size_t invalid_column, RequireColumn(table, "invalid"));
  ASSIGN_OR_RETURN(size_t total_column, RequireColumn(table, "ballots_total"));
  ASSIGN_OR_RETURN(size_t turnout_column, RequireColumn(table, "turnout_pct"));
  std::vector<size_t> party_columns;
  for (const model::Party& party : definition.parties()) {
    ASSIGN_OR_RETURN(size_t column, RequireColumn(table, party.short_name));
    party_columns.push_back(column);
  }
  if (table.header.size() != party_columns.size() + 6) {
    return InvalidArgumentError(fmt::format(
        "{}:1: the header has {} columns but {} are expected (region, registered, one per party, "
        "against_all, invalid, ballots_total, turnout_pct); is a party missing from "
        "election.json?",
        source, table.header.size(), party_columns.size() + 6));
  }

  model::PublishedListResults results;
  results.source = std::string(source);
  RegionRows<model::ListResultRow> rows(definition);
  for (const CsvRecord& record : table.rows) {
    bool is_national = false;
    ASSIGN_OR_RETURN(const model::Region* region,
                     RowRegion(table, record, region_column, definition, is_national));
    model::ListResultRow row;
    row.published_name = record.fields[region_column];
    row.line = record.line;
    ASSIGN_OR_RETURN(row.registered_voters, CountField(table, record, registered_column));
    for (size_t column : party_columns) {
      ASSIGN_OR_RETURN(int64_t votes, CountField(table, record, column));
      row.party_votes.push_back(votes);
    }
    ASSIGN_OR_RETURN(row.against_all, CountField(table, record, against_column));
    ASSIGN_OR_RETURN(row.invalid, CountField(table, record, invalid_column));
    ASSIGN_OR_RETURN(row.ballots_total, CountField(table, record, total_column));
    row.published_turnout = record.fields[turnout_column];
    RETURN_IF_ERROR(rows.Place(table, record, region, std::move(row)));
  }
  results.national = std::move(rows.national());
  ASSIGN_OR_RETURN(results.regions, rows.TakeRegions(source));
  return results;
}

Result<model::PublishedListPercentages> ParsePartyListPercentTable(
    std::string_view csv_text, std::string_view source,
    const model::ElectionDefinition& definition) {
  ASSIGN_OR_RETURN(CsvTable table, ParseCsv(csv_text, source));
  ASSIGN_OR_RETURN(size_t region_column, RequireColumn(table, "region"));
  ASSIGN_OR_RETURN(size_t against_column, RequireColumn(table, "against_all"));
  std::vector<size_t> party_columns;
  for (const model::Party& party : definition.parties()) {
    ASSIGN_OR_RETURN(size_t column, RequireColumn(table, party.short_name));
    party_columns.push_back(column);
  }
  if (table.header.size() != party_columns.size() + 2) {
    return InvalidArgumentError(
        fmt::format("{}:1: the header has {} columns but {} are expected (region, one per party, "
                    "against_all); is a party missing from election.json?",
                    source, table.header.size(), party_columns.size() + 2));
  }

  model::PublishedListPercentages results;
  results.source = std::string(source);
  RegionRows<model::ListPercentRow> rows(definition);
  for (const CsvRecord& record : table.rows) {
    bool is_national = false;
    ASSIGN_OR_RETURN(const model::Region* region,
                     RowRegion(table, record, region_column, definition, is_national));
    model::ListPercentRow row;
    row.published_name = record.fields[region_column];
    row.line = record.line;
    for (size_t column : party_columns) {
      ASSIGN_OR_RETURN(std::string percent, PercentField(table, record, column));
      row.party_percent.push_back(std::move(percent));
    }
    ASSIGN_OR_RETURN(row.against_all_percent, PercentField(table, record, against_column));
    RETURN_IF_ERROR(rows.Place(table, record, region, std::move(row)));
  }
  results.national = std::move(rows.national());
  ASSIGN_OR_RETURN(results.regions, rows.TakeRegions(source));
  return results;
}

Result<std::vector<model::PublishedDistrictResult>> ParseDistrictTable(
    std::string_view csv_text, std::string_view source,
    const model::ElectionDefinition& definition) {
  ASSIGN_OR_RETURN(CsvTable table, ParseCsv(csv_text, source));
  ASSIGN_OR_RETURN(size_t district_column, RequireColumn(table, "district"));
  ASSIGN_OR_RETURN(size_t region_column, RequireColumn(table, "region"));
  struct CandidateColumns {
    size_t name, affiliation, votes, percent;
  };
  std::vector<CandidateColumns> candidate_columns;
  for (std::string_view prefix : {"winner", "runner_up"}) {
    CandidateColumns columns{};
    ASSIGN_OR_RETURN(columns.name, RequireColumn(table, prefix));
    ASSIGN_OR_RETURN(columns.affiliation,
                     RequireColumn(table, fmt::format("{}_affiliation", prefix)));
    ASSIGN_OR_RETURN(columns.votes, RequireColumn(table, fmt::format("{}_votes", prefix)));
    ASSIGN_OR_RETURN(columns.percent, RequireColumn(table, fmt::format("{}_pct", prefix)));
    candidate_columns.push_back(columns);
  }
  // Optional: the district's "against all" count, where the source publishes it.
  const std::optional<size_t> against_all_column = table.FindColumn("against_all");
  std::vector<std::optional<model::PublishedDistrictResult>> by_number(
      definition.districts().size());
  for (const CsvRecord& record : table.rows) {
    ASSIGN_OR_RETURN(int64_t number, CountField(table, record, district_column));
    if (number < 1 || number > static_cast<int64_t>(definition.districts().size())) {
      return InvalidArgumentError(
          fmt::format("{}: field 'district': {} is not a district of {} "
                      "(1 to {})",
                      table.Where(record), number, definition.id(), definition.districts().size()));
    }
    const model::District& district = definition.districts()[static_cast<size_t>(number - 1)];
    const model::Region* region = definition.FindRegion(record.fields[region_column]);
    if (region == nullptr || region->id != district.region_id) {
      return InvalidArgumentError(fmt::format(
          "{}: field 'region': '{}' does not match the definition, which puts district {} in "
          "'{}'",
          table.Where(record), record.fields[region_column], number, district.region_id));
    }
    model::PublishedDistrictResult result;
    result.number = static_cast<int>(number);
    result.region_id = region->id;
    result.published_region = record.fields[region_column];
    result.line = record.line;
    for (const CandidateColumns& columns : candidate_columns) {
      model::DistrictCandidate candidate;
      candidate.name = record.fields[columns.name];
      candidate.affiliation = record.fields[columns.affiliation];
      if (candidate.name.empty()) {
        return InvalidArgumentError(
            fmt::format("{}: field '{}' is empty; a candidate name is "
                        "required",
                        table.Where(record), table.header[columns.name]));
      }
      ASSIGN_OR_RETURN(candidate.votes, CountField(table, record, columns.votes));
      candidate.published_percent = record.fields[columns.percent];
      result.candidates.push_back(std::move(candidate));
    }
    if (against_all_column.has_value() && !record.fields[*against_all_column].empty()) {
      ASSIGN_OR_RETURN(result.against_all, CountField(table, record, *against_all_column));
    }
    auto& slot = by_number[static_cast<size_t>(number - 1)];
    if (slot.has_value()) {
      return InvalidArgumentError(fmt::format("{}: district {} is given twice (also line {})",
                                              table.Where(record), number, slot->line));
    }
    slot = std::move(result);
  }
  std::vector<model::PublishedDistrictResult> results;
  for (size_t i = 0; i < by_number.size(); ++i) {
    if (!by_number[i].has_value()) {
      return InvalidArgumentError(
          fmt::format("{}: no row for district {}; every district needs one", source, i + 1));
    }
    results.push_back(std::move(*by_number[i]));
  }
  return results;
}

Result<model::TurnoutByHour> ParseTurnoutTable(std::string_view csv_text, std::string_view source,
                                               const model::ElectionDefinition& definition) {
  ASSIGN_OR_RETURN(CsvTable table, ParseCsv(csv_text, source));
  ASSIGN_OR_RETURN(size_t region_column, RequireColumn(table, "region"));
  model::TurnoutByHour turnout;
  turnout.source = std::string(source);
  std::vector<size_t> time_columns;
  for (size_t i = 0; i < table.header.size(); ++i) {
    if (i == region_column) {
      continue;
    }
    const std::string& name = table.header[i];
    // "t10" is the turnout reported at 10:00.
    if (name.size() != 3 || name[0] != 't' || !ParseCount(name.substr(1)).has_value()) {
      return InvalidArgumentError(
          fmt::format("{}:1: column '{}' is not a time such as t10 "
                      "(turnout at 10:00)",
                      source, name));
    }
    turnout.times.push_back(fmt::format("{}:00", name.substr(1)));
    time_columns.push_back(i);
  }
  for (const CsvRecord& record : table.rows) {
    bool is_national = false;
    ASSIGN_OR_RETURN(const model::Region* region,
                     RowRegion(table, record, region_column, definition, is_national));
    model::TurnoutByHourRow row;
    row.region_id = is_national ? "" : region->id;
    row.published_name = record.fields[region_column];
    for (size_t column : time_columns) {
      ASSIGN_OR_RETURN(std::string percent, PercentField(table, record, column));
      row.percent.push_back(std::move(percent));
    }
    turnout.rows.push_back(std::move(row));
  }
  return turnout;
}

}  // namespace esep::io
