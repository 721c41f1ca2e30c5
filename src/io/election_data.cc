#include "io/election_data.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "base/text.h"
#include "io/commission_table.h"
#include "io/csv.h"
#include "io/json_parse.h"
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

Status ParseParties(const JsonReader& reader, const Json& root,
                    model::ElectionDefinitionParts& out) {
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

Status ParseRegions(const JsonReader& reader, const Json& root,
                    model::ElectionDefinitionParts& out) {
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

Status ParseDistricts(const JsonReader& reader, const Json& root,
                      model::ElectionDefinitionParts& out) {
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
    if (std::none_of(out.regions.begin(), out.regions.end(), [&](const model::Region& region) {
          return region.id == district.region_id;
        })) {
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
  // ParseJson also turns a number beyond a double (1e400, out_of_range.406, found by
  // tests/fuzz/election_data_fuzz) into an error, and refuses a key given twice.
  Result<Json> parsed = ParseJson(json_text);
  if (!parsed.has_value()) {
    return InvalidArgumentError(fmt::format("{}: {}", source, parsed.error().message()));
  }
  const Json root = std::move(parsed).value();
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
  model::ElectionDefinitionParts definition;
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
  return model::ElectionDefinition(std::move(definition));
}

Result<DefinitionHead> ReadDefinitionHead(std::string_view origin, std::string_view json_text) {
  DefinitionHead head;
  head.origin = std::string(origin);
  const std::string prefix = origin.empty() ? "" : std::string(origin) + "/";
  ASSIGN_OR_RETURN(head.definition, ParseElectionDefinition(json_text, prefix + "election.json"));
  ASSIGN_OR_RETURN(const Json root, ParseJson(json_text));  // validated above
  if (const auto commissions = root.find("commissions");
      commissions != root.end() && commissions->is_string()) {
    head.commissions_file = commissions->get<std::string>();
  }
  return head;
}

Result<model::ElectionDefinition> CompleteDefinition(DefinitionHead head,
                                                     std::string_view commissions_text) {
  if (!head.commissions_file.has_value()) {
    return std::move(head.definition);
  }
  const std::string prefix = head.origin.empty() ? "" : head.origin + "/";
  model::ElectionDefinitionParts parts = head.definition.parts();
  ASSIGN_OR_RETURN(
      parts.commissions,
      ParseCommissionTable(commissions_text, prefix + *head.commissions_file, head.definition));
  return model::ElectionDefinition(std::move(parts));
}

Result<model::ElectionDefinition> LoadDefinition(std::string_view origin,
                                                 const DefinitionFileReader& read) {
  ASSIGN_OR_RETURN(const std::string definition_text, read("election.json"));
  ASSIGN_OR_RETURN(DefinitionHead head, ReadDefinitionHead(origin, definition_text));
  if (!head.commissions_file.has_value()) {
    return std::move(head.definition);
  }
  ASSIGN_OR_RETURN(const std::string text, read(*head.commissions_file));
  return CompleteDefinition(std::move(head), text);
}

Result<model::ElectionData> LoadElectionDirectory(const std::string& directory) {
  model::ElectionData data;
  data.directory = directory;
  ASSIGN_OR_RETURN(data.definition, LoadDefinition(directory, [&](const std::string& name) {
                     return ReadTextFile(directory + "/" + name);
                   }));
  ASSIGN_OR_RETURN(std::string definition_text, ReadTextFile(directory + "/election.json"));
  // Read again: validated by LoadDefinition unless the file changed since, which is an error.
  ASSIGN_OR_RETURN(const Json root, ParseJson(definition_text));
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
