#include "io/election_data.h"

#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "base/text.h"
#include "io/commission_table.h"
#include "io/csv.h"
#include "io/list_votes_csv.h"

namespace esep::io {

namespace {

using Json = nlohmann::json;

// Reads typed members of a JSON object, naming the file and JSON path in every error.
class JsonReader {
 public:
  explicit JsonReader(std::string_view source) : source_(source) {}

  Status Error(std::string_view path, std::string_view rule) const {
    return InvalidArgumentError(fmt::format("{}: {}: {}", source_, path, rule));
  }

  Result<std::string> String(const Json& object, std::string_view key, std::string_view path,
                             bool required = true) const {
    const std::string where = fmt::format("{}/{}", path, key);
    const auto it = object.find(std::string(key));
    if (it == object.end()) {
      if (!required) {
        return std::string();
      }
      return Error(where, "is missing; it is required");
    }
    if (!it->is_string() || Trim(it->get_ref<const std::string&>()).empty()) {
      return Error(where, "must be a non-empty string");
    }
    return std::string(Trim(it->get_ref<const std::string&>()));
  }

  Result<int64_t> Integer(const Json& object, std::string_view key, std::string_view path,
                          int64_t minimum) const {
    const std::string where = fmt::format("{}/{}", path, key);
    const auto it = object.find(std::string(key));
    if (it == object.end()) {
      return Error(where, "is missing; it is required");
    }
    if (!it->is_number_integer() || it->get<int64_t>() < minimum) {
      return Error(where, fmt::format("must be a whole number, at least {}", minimum));
    }
    return it->get<int64_t>();
  }

  Result<const Json*> Array(const Json& object, std::string_view key, std::string_view path) const {
    const auto it = object.find(std::string(key));
    if (it == object.end() || !it->is_array()) {
      return Error(fmt::format("{}/{}", path, key), "must be an array");
    }
    return &*it;
  }

 private:
  std::string source_;
};

Status ParseParties(const JsonReader& reader, const Json& root, model::ElectionDefinition& out) {
  ASSIGN_OR_RETURN(const Json* parties, reader.Array(root, "parties", ""));
  std::set<std::string> names;
  for (size_t i = 0; i < parties->size(); ++i) {
    const std::string path = fmt::format("/parties/{}", i);
    const Json& item = (*parties)[i];
    if (!item.is_object()) {
      return reader.Error(path, "must be an object");
    }
    model::Party party;
    ASSIGN_OR_RETURN(party.id, reader.String(item, "id", path));
    ASSIGN_OR_RETURN(party.name, reader.String(item, "name", path));
    ASSIGN_OR_RETURN(party.short_name, reader.String(item, "short_name", path));
    ASSIGN_OR_RETURN(int64_t ballot_number, reader.Integer(item, "ballot_number", path, 1));
    party.ballot_number = static_cast<int>(ballot_number);
    // The parties are listed in ballot order, so the numbers are 1, 2, 3, ...
    if (ballot_number != static_cast<int64_t>(i) + 1) {
      return reader.Error(
          path + "/ballot_number",
          fmt::format("parties must be listed in ballot order; expected {}, found {}", i + 1,
                      ballot_number));
    }
    ASSIGN_OR_RETURN(party.registered_on, reader.String(item, "registered_on", path));
    if (!IsIsoDate(party.registered_on)) {
      return reader.Error(path + "/registered_on", "must be a date written YYYY-MM-DD");
    }
    ASSIGN_OR_RETURN(party.list_candidates, reader.Integer(item, "list_candidates", path, 0));
    const std::set<std::string> keys = {NormalizeName(party.id), NormalizeName(party.short_name)};
    for (const std::string& key : keys) {
      if (!names.insert(key).second) {
        return reader.Error(path, fmt::format("'{}' names another party already", key));
      }
    }
    out.parties.push_back(std::move(party));
  }
  if (out.parties.empty()) {
    return reader.Error("/parties", "must list at least one party");
  }
  return OkStatus();
}

Status ParseRegions(const JsonReader& reader, const Json& root, model::ElectionDefinition& out) {
  ASSIGN_OR_RETURN(const Json* regions, reader.Array(root, "regions", ""));
  std::set<std::string> names;
  for (size_t i = 0; i < regions->size(); ++i) {
    const std::string path = fmt::format("/regions/{}", i);
    const Json& item = (*regions)[i];
    if (!item.is_object()) {
      return reader.Error(path, "must be an object");
    }
    model::Region region;
    ASSIGN_OR_RETURN(region.id, reader.String(item, "id", path));
    ASSIGN_OR_RETURN(region.name, reader.String(item, "name", path));
    ASSIGN_OR_RETURN(std::string kind, reader.String(item, "kind", path));
    if (kind != "region" && kind != "city") {
      return reader.Error(path + "/kind", "must be \"region\" or \"city\"");
    }
    region.kind = kind == "city" ? model::RegionKind::kCity : model::RegionKind::kRegion;
    if (item.contains("aliases")) {
      ASSIGN_OR_RETURN(const Json* aliases, reader.Array(item, "aliases", path));
      for (const Json& alias : *aliases) {
        if (!alias.is_string()) {
          return reader.Error(path + "/aliases", "must be an array of strings");
        }
        region.aliases.push_back(alias.get<std::string>());
      }
    }
    std::set<std::string> keys = {NormalizeName(region.id), NormalizeName(region.name)};
    for (const std::string& alias : region.aliases) {
      keys.insert(NormalizeName(alias));
    }
    for (const std::string& key : keys) {
      if (!names.insert(key).second) {
        return reader.Error(path, fmt::format("the name '{}' is used by another region", key));
      }
    }
    out.regions.push_back(std::move(region));
  }
  return OkStatus();
}

Status ParseDistricts(const JsonReader& reader, const Json& root, model::ElectionDefinition& out) {
  if (!root.contains("districts")) {
    return OkStatus();
  }
  ASSIGN_OR_RETURN(const Json* districts, reader.Array(root, "districts", ""));
  for (size_t i = 0; i < districts->size(); ++i) {
    const std::string path = fmt::format("/districts/{}", i);
    const Json& item = (*districts)[i];
    if (!item.is_object()) {
      return reader.Error(path, "must be an object");
    }
    model::District district;
    ASSIGN_OR_RETURN(int64_t number, reader.Integer(item, "number", path, 1));
    district.number = static_cast<int>(number);
    if (number != static_cast<int64_t>(i) + 1) {
      return reader.Error(path + "/number",
                          fmt::format("districts must be numbered 1, 2, 3, ... in order; expected "
                                      "{}, found {}",
                                      i + 1, number));
    }
    ASSIGN_OR_RETURN(district.region_id, reader.String(item, "region", path));
    if (!out.RegionIndex(district.region_id).has_value()) {
      return reader.Error(path + "/region",
                          fmt::format("'{}' is not the id of a region above", district.region_id));
    }
    if (item.contains("candidates")) {
      ASSIGN_OR_RETURN(const Json* candidates, reader.Array(item, "candidates", path));
      for (size_t c = 0; c < candidates->size(); ++c) {
        const std::string candidate_path = fmt::format("{}/candidates/{}", path, c);
        const Json& entry = (*candidates)[c];
        if (!entry.is_object()) {
          return reader.Error(candidate_path, "must be an object with a name and an affiliation");
        }
        model::Candidate candidate;
        ASSIGN_OR_RETURN(candidate.name, reader.String(entry, "name", candidate_path));
        ASSIGN_OR_RETURN(candidate.affiliation,
                         reader.String(entry, "affiliation", candidate_path));
        district.candidates.push_back(std::move(candidate));
      }
    }
    out.districts.push_back(std::move(district));
  }
  return OkStatus();
}

}  // namespace

Result<model::ElectionDefinition> ParseElectionDefinition(std::string_view json_text,
                                                          std::string_view source) {
  Json root;
  try {
    root = Json::parse(json_text);
  } catch (const Json::parse_error& error) {
    return InvalidArgumentError(fmt::format("{}: not valid JSON: {}", source, error.what()));
  } catch (const Json::exception& error) {
    // Not a parse_error: a number beyond a double (1e400) is out_of_range.406, which would
    // otherwise end the program (found by tests/fuzz/election_data_fuzz).
    return InvalidArgumentError(fmt::format("{}: cannot be read: {}", source, error.what()));
  }
  const JsonReader reader(source);
  if (!root.is_object()) {
    return reader.Error("/", "the document must be a JSON object");
  }
  ASSIGN_OR_RETURN(std::string format, reader.String(root, "format", ""));
  if (format != "esep-election/1") {
    return reader.Error("/format", fmt::format("'{}' is not a format this esep reads "
                                               "(esep-election/1)",
                                               format));
  }
  model::ElectionDefinition definition;
  ASSIGN_OR_RETURN(definition.id, reader.String(root, "id", ""));
  ASSIGN_OR_RETURN(definition.title, reader.String(root, "title", ""));
  ASSIGN_OR_RETURN(definition.date, reader.String(root, "date", ""));
  if (!IsIsoDate(definition.date)) {
    return reader.Error("/date", "must be a date written YYYY-MM-DD");
  }
  ASSIGN_OR_RETURN(definition.country, reader.String(root, "country", ""));
  ASSIGN_OR_RETURN(definition.rule_set, reader.String(root, "rule_set", ""));
  if (const auto synthetic = root.find("synthetic"); synthetic != root.end()) {
    if (!synthetic->is_boolean()) {
      return reader.Error("/synthetic", "must be true or false");
    }
    definition.synthetic = synthetic->get<bool>();
  }
  RETURN_IF_ERROR(ParseParties(reader, root, definition));
  RETURN_IF_ERROR(ParseRegions(reader, root, definition));
  RETURN_IF_ERROR(ParseDistricts(reader, root, definition));
  return definition;
}

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

Result<size_t> RequireColumn(const CsvTable& table, std::string_view name) {
  const std::optional<size_t> column = table.FindColumn(name);
  if (!column.has_value()) {
    return InvalidArgumentError(fmt::format("{}:1: the header has no column '{}' (it has: {})",
                                            table.source, name, fmt::join(table.header, ",")));
  }
  return *column;
}

// The region a row names, or the country (nullptr region, true) for the national row.
Result<const model::Region*> RowRegion(const CsvTable& table, const CsvRecord& record,
                                       size_t column, const model::ElectionDefinition& definition,
                                       bool& is_national) {
  const std::string& name = record.fields[column];
  is_national = NormalizeName(name) == NormalizeName(definition.country);
  if (is_national) {
    return static_cast<const model::Region*>(nullptr);
  }
  const model::Region* region = definition.FindRegion(name);
  if (region == nullptr) {
    return InvalidArgumentError(
        fmt::format("{}: field '{}': '{}' is not a region of {} (nor one "
                    "of its aliases in election.json)",
                    table.Where(record), table.header[column], name, definition.id));
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
      : definition_(definition), by_region_(definition.regions.size()) {}

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
                        source, definition_.regions[i].name));
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
  for (const model::Party& party : definition.parties) {
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
  for (const model::Party& party : definition.parties) {
    ASSIGN_OR_RETURN(size_t column, RequireColumn(table, party.short_name));
    party_columns.push_back(column);
  }
  if (table.header.size() != party_columns.size() + 2) {
    return InvalidArgumentError(
        fmt::format("{}:1: the header has {} columns but {} are expected (region, one per party, "
                    "against_all); is a party missing from election.json?",
                    source, table.header.size(), party_columns.size() + 2));
  }
  auto percent_field = [&](const CsvRecord& record, size_t column) -> Result<std::string> {
    const std::string& text = record.fields[column];
    Result<Fraction> value = Fraction::ParseDecimal(text);
    if (!value.has_value() || *value > Fraction::Whole(100)) {
      return InvalidArgumentError(
          fmt::format("{}: field '{}': '{}' is not a percentage between "
                      "0 and 100",
                      table.Where(record), table.header[column], text));
    }
    return text;
  };

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
      ASSIGN_OR_RETURN(std::string percent, percent_field(record, column));
      row.party_percent.push_back(std::move(percent));
    }
    ASSIGN_OR_RETURN(row.against_all_percent, percent_field(record, against_column));
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
  std::vector<std::optional<model::PublishedDistrictResult>> by_number(definition.districts.size());
  for (const CsvRecord& record : table.rows) {
    ASSIGN_OR_RETURN(int64_t number, CountField(table, record, district_column));
    if (number < 1 || number > static_cast<int64_t>(definition.districts.size())) {
      return InvalidArgumentError(
          fmt::format("{}: field 'district': {} is not a district of {} "
                      "(1 to {})",
                      table.Where(record), number, definition.id, definition.districts.size()));
    }
    const model::District& district = definition.districts[static_cast<size_t>(number - 1)];
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
      const std::string& text = record.fields[column];
      Result<Fraction> value = Fraction::ParseDecimal(text);
      if (!value.has_value() || *value > Fraction::Whole(100)) {
        return InvalidArgumentError(
            fmt::format("{}: field '{}': '{}' is not a percentage "
                        "between 0 and 100",
                        table.Where(record), table.header[column], text));
      }
      row.percent.push_back(text);
    }
    turnout.rows.push_back(std::move(row));
  }
  return turnout;
}

Result<model::ElectionDefinition> LoadDefinition(std::string_view origin,
                                                 const DefinitionFileReader& read) {
  const std::string prefix = origin.empty() ? "" : std::string(origin) + "/";
  ASSIGN_OR_RETURN(std::string definition_text, read("election.json"));
  ASSIGN_OR_RETURN(model::ElectionDefinition definition,
                   ParseElectionDefinition(definition_text, prefix + "election.json"));
  const Json root = Json::parse(definition_text);  // Already validated above.
  if (const auto commissions = root.find("commissions");
      commissions != root.end() && commissions->is_string()) {
    const std::string name = commissions->get<std::string>();
    ASSIGN_OR_RETURN(std::string text, read(name));
    ASSIGN_OR_RETURN(definition.commissions, ParseCommissionTable(text, prefix + name, definition));
  }
  return definition;
}

Result<ElectionData> LoadElectionDirectory(const std::string& directory) {
  ElectionData data;
  data.directory = directory;
  ASSIGN_OR_RETURN(data.definition, LoadDefinition(directory, [&](const std::string& name) {
                     return ReadTextFile(directory + "/" + name);
                   }));
  ASSIGN_OR_RETURN(std::string definition_text, ReadTextFile(directory + "/election.json"));
  const Json root = Json::parse(definition_text);  // Already validated by LoadDefinition.
  const auto results = root.find("results");
  if (results == root.end() || !results->is_object()) {
    return data;
  }
  auto path_of = [&](std::string_view key) -> std::optional<std::string> {
    const auto it = results->find(std::string(key));
    if (it == results->end() || !it->is_string()) {
      return std::nullopt;
    }
    return directory + "/" + it->get<std::string>();
  };
  if (auto path = path_of("party_list")) {
    ASSIGN_OR_RETURN(std::string text, ReadTextFile(*path));
    ASSIGN_OR_RETURN(data.party_list, ParsePartyListTable(text, *path, data.definition));
  }
  if (auto path = path_of("party_list_percent")) {
    ASSIGN_OR_RETURN(std::string text, ReadTextFile(*path));
    ASSIGN_OR_RETURN(data.party_list_percent,
                     ParsePartyListPercentTable(text, *path, data.definition));
  }
  if (auto path = path_of("districts")) {
    ASSIGN_OR_RETURN(std::string text, ReadTextFile(*path));
    ASSIGN_OR_RETURN(data.districts, ParseDistrictTable(text, *path, data.definition));
    data.districts_source = *path;
  }
  if (auto path = path_of("turnout_by_hour")) {
    ASSIGN_OR_RETURN(std::string text, ReadTextFile(*path));
    ASSIGN_OR_RETURN(data.turnout_by_hour, ParseTurnoutTable(text, *path, data.definition));
  }
  return data;
}

}  // namespace esep::io
