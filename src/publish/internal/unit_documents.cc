#include "publish/internal/unit_documents.h"

#include <map>
#include <string>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "law/district_winner.h"
#include "publish/internal/strict_json.h"
#include "report/allocation_report.h"
#include "report/results_export.h"
#include "results/result_rows.h"

namespace esep::publish::internal {
namespace {

using Json = nlohmann::ordered_json;
using model::CommissionLevel;
using results::ResultLevel;
using results::ResultRow;

Json RowJson(const ResultRow& row) {
  std::string text;
  report::AppendResultRowJson(text, row);
  return Json::parse(text);
}

std::string RegionFile(std::string_view id) { return "regions/" + UnitFileName(id) + ".json"; }
std::string DistrictFile(int number) { return fmt::format("districts/{}.json", number); }
std::string TerritorialFile(std::string_view id) {
  return "territorial/" + UnitFileName(id) + ".json";
}
std::string ProtocolsFile(std::string_view id) { return "precincts/" + UnitFileName(id) + ".json"; }

Json DistrictOutcomeJson(const results::DistrictDecision& district) {
  Json candidates = Json::array();
  for (const law::CandidateVotes& candidate : district.candidates) {
    candidates.push_back({{"name", candidate.name},
                          {"affiliation", candidate.affiliation},
                          {"votes", candidate.votes}});
  }
  Json outcome = {{"number", district.number},
                  {"counted", district.counted},
                  {"candidates", std::move(candidates)},
                  {"against_all",
                   district.against_all.has_value() ? Json(*district.against_all) : Json(nullptr)}};
  if (!district.outcome.has_value()) {
    outcome["outcome"] = "no protocols";
    outcome["winner"] = nullptr;
    outcome["runner_up"] = nullptr;
    outcome["margin"] = nullptr;
    outcome["steps"] = Json::array();
    return outcome;
  }
  const law::DistrictOutcome& decided = *district.outcome;
  const auto name = [&](const std::optional<size_t>& index) {
    return index.has_value() ? Json(district.candidates[*index].name) : Json(nullptr);
  };
  outcome["outcome"] = law::DistrictOutcomeName(decided.kind);
  outcome["winner"] = name(decided.winner);
  outcome["runner_up"] = name(decided.runner_up);
  outcome["margin"] = decided.margin;
  outcome["steps"] = decided.steps;
  return outcome;
}

Json CompositionJson(const results::SeatDecision& seats) {
  Json lines = Json::array();
  for (const results::CompositionLine& line : seats.composition) {
    lines.push_back({{"affiliation", line.affiliation},
                     {"list_seats", line.list_seats},
                     {"district_seats", line.district_seats},
                     {"vacant", line.vacant},
                     {"total", line.total()},
                     {"notes", line.notes}});
  }
  return lines;
}

Json ElectionIndex(const SnapshotSource& source) {
  const model::ElectionDefinition& definition = source.definition;
  Json parties = Json::array();
  for (const model::Party& party : definition.parties()) {
    parties.push_back({{"id", party.id},
                       {"name", party.name},
                       {"short_name", party.short_name},
                       {"ballot_number", party.ballot_number}});
  }
  std::map<std::string, Json> territorial_by_region;
  std::string cec_id;
  for (const model::Commission& commission : definition.commissions()) {
    if (commission.level == CommissionLevel::kCentral) {
      cec_id = commission.id;
    }
    if (commission.level == CommissionLevel::kTerritorial) {
      territorial_by_region[commission.region_id].push_back(
          {{"id", commission.id},
           {"name", commission.name},
           {"file", TerritorialFile(commission.id)},
           {"protocols_file", ProtocolsFile(commission.id)}});
    }
  }
  Json regions = Json::array();
  for (const model::Region& region : definition.regions()) {
    Json territorial = territorial_by_region[region.id];
    regions.push_back({{"id", region.id},
                       {"name", region.name},
                       {"file", RegionFile(region.id)},
                       {"territorial", territorial.is_null() ? Json::array() : territorial}});
  }
  Json districts = Json::array();
  for (const model::District& district : definition.districts()) {
    districts.push_back({{"number", district.number},
                         {"region_id", district.region_id},
                         {"file", DistrictFile(district.number)}});
  }
  return {{"format", "esep-snapshot-election/1"}, {"id", definition.id()},
          {"title", definition.title()},          {"date", definition.date()},
          {"country", definition.country()},      {"synthetic", definition.synthetic()},
          {"rule_set", definition.rule_set()},    {"cec_id", cec_id},
          {"parties", std::move(parties)},        {"regions", std::move(regions)},
          {"districts", std::move(districts)},    {"turnout_file", "turnout.json"}};
}

// Rows grouped by the unit they are summed into.
std::unordered_map<std::string, Json> ByParent(const std::vector<ResultRow>& rows) {
  std::unordered_map<std::string, Json> grouped;
  for (const ResultRow& row : rows) {
    grouped[row.parent_id].push_back(RowJson(row));
  }
  return grouped;
}

Json Rows(std::unordered_map<std::string, Json>& grouped, const std::string& parent) {
  const auto found = grouped.find(parent);
  return found == grouped.end() ? Json::array() : std::move(found->second);
}

Json ProgressRow(const ResultRow& row) {
  return {{"level", results::ResultLevelName(row.level)},
          {"unit_id", row.unit_id},
          {"contest", row.contest.ToString()},
          {"protocols", row.protocols},
          {"expected", row.expected},
          {"status", results::ResultStatusName(row.status)}};
}

}  // namespace

Status AddUnitDocuments(const SnapshotSource& source, std::vector<SnapshotFile>& files) {
  const results::ElectionResults& results = source.results;
  const model::ElectionDefinition& definition = source.definition;
  const results::ResultsSource rows_source{definition, *results.tabulator,
                                           results.precinct_protocols, results.open_corrections};
  const auto rows = [&](ResultLevel level) {
    return results::ResultRows(rows_source, {level, std::nullopt});
  };
  ASSIGN_OR_RETURN(const std::vector<ResultRow> national, rows(ResultLevel::kNational));
  ASSIGN_OR_RETURN(const std::vector<ResultRow> regions, rows(ResultLevel::kRegion));
  ASSIGN_OR_RETURN(const std::vector<ResultRow> districts, rows(ResultLevel::kDistrict));
  ASSIGN_OR_RETURN(const std::vector<ResultRow> territorial, rows(ResultLevel::kTerritorial));
  ASSIGN_OR_RETURN(const std::vector<ResultRow> precincts, rows(ResultLevel::kPrecinct));

  files.push_back({"election.json", DumpFile(ElectionIndex(source))});

  Json progress = Json::array();
  for (const auto* level : {&national, &regions, &districts, &territorial}) {
    for (const ResultRow& row : *level) {
      progress.push_back(ProgressRow(row));
    }
  }
  files.push_back({"progress.json", DumpFile({{"format", "esep-snapshot-progress/1"},
                                              {"units", std::move(progress)}})});

  std::unordered_map<int, const results::DistrictDecision*> decisions;
  Json district_outcomes = Json::array();
  for (const results::DistrictDecision& district : source.seats.districts) {
    decisions.emplace(district.number, &district);
    district_outcomes.push_back(DistrictOutcomeJson(district));
  }
  const results::SeatDecision& seats = source.seats;
  Json region_rows = Json::array();
  for (const ResultRow& row : regions) {
    region_rows.push_back(RowJson(row));
  }
  Json district_rows = Json::array();
  for (const ResultRow& row : districts) {
    district_rows.push_back(RowJson(row));
  }
  Json preliminary = results.PreliminaryReasons();
  files.push_back({"national.json",
                   DumpFile({{"format", "esep-snapshot-national/1"},
                             {"status", results::ResultStatusName(results.status())},
                             {"preliminary_reasons", std::move(preliminary)},
                             {"row", national.empty() ? Json(nullptr) : RowJson(national.front())},
                             {"list_allocation", seats.list.has_value()
                                                     ? Json(report::AllocationJson(*seats.list))
                                                     : Json(nullptr)},
                             {"list_unavailable", seats.list_unavailable},
                             {"composition", CompositionJson(seats)},
                             {"districts", std::move(district_outcomes)},
                             {"regions", std::move(region_rows)},
                             {"district_rows", std::move(district_rows)}})});

  std::unordered_map<std::string, Json> territorial_by_region = ByParent(territorial);
  for (const ResultRow& row : regions) {
    Json in_region = Json::array();
    for (const model::District& district : definition.districts()) {
      if (district.region_id == row.unit_id) {
        in_region.push_back(district.number);
      }
    }
    files.push_back({RegionFile(row.unit_id),
                     DumpFile({{"format", "esep-snapshot-region/1"},
                               {"row", RowJson(row)},
                               {"territorial", Rows(territorial_by_region, row.unit_id)},
                               {"districts", std::move(in_region)}})});
  }
  for (const ResultRow& row : districts) {
    const int number = row.contest.district;
    const auto decision = decisions.find(number);
    files.push_back({DistrictFile(number),
                     DumpFile({{"format", "esep-snapshot-district/1"},
                               {"row", RowJson(row)},
                               {"outcome", decision == decisions.end()
                                               ? Json(nullptr)
                                               : DistrictOutcomeJson(*decision->second)}})});
  }
  // A precinct's list row is summed into its territorial commission; its district row into the
  // district, so it is found through the commission tree.
  std::unordered_map<std::string, std::string> territorial_of;
  for (const model::Commission& commission : definition.commissions()) {
    if (commission.level == CommissionLevel::kPrecinct) {
      territorial_of.emplace(commission.id, commission.parent_id);
    }
  }
  std::unordered_map<std::string, Json> precincts_by_territorial;
  for (const ResultRow& row : precincts) {
    precincts_by_territorial[territorial_of[row.unit_id]].push_back(RowJson(row));
  }
  for (const ResultRow& row : territorial) {
    files.push_back({TerritorialFile(row.unit_id),
                     DumpFile({{"format", "esep-snapshot-territorial/1"},
                               {"row", RowJson(row)},
                               {"protocols_file", ProtocolsFile(row.unit_id)},
                               {"precincts", Rows(precincts_by_territorial, row.unit_id)}})});
  }
  return OkStatus();
}

}  // namespace esep::publish::internal
