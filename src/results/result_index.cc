#include "results/result_index.h"

#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

namespace esep::results {

Result<std::vector<PrecinctEntry>> IndexPrecincts(const model::ElectionDefinition& definition,
                                                  std::span<const protocol::Protocol> protocols) {
  std::vector<PrecinctEntry> precincts;
  std::unordered_map<std::string_view, size_t> index;
  for (const model::Commission& commission : definition.commissions()) {
    if (commission.level == model::CommissionLevel::kPrecinct) {
      index.emplace(commission.id, precincts.size());
      precincts.push_back({&commission});
    }
  }
  for (const protocol::Protocol& p : protocols) {
    const auto found = index.find(p.commission_id);
    if (found == index.end()) {
      return InvalidArgumentError(fmt::format(
          "protocol of '{}' ({}): not a precinct commission of {}; only accepted precinct "
          "protocols are reported",
          p.commission_id, p.contest.ToString(), definition.id()));
    }
    PrecinctEntry& entry = precincts[found->second];
    const protocol::Protocol*& slot =
        p.contest.kind == protocol::ContestRef::Kind::kPartyList ? entry.list : entry.district;
    if (slot != nullptr) {
      return InvalidArgumentError(fmt::format(
          "two protocols of '{}' for the {} contest; pass only the accepted version of each",
          p.commission_id, p.contest.ToString()));
    }
    slot = &p;
  }
  return precincts;
}

TreeUnits CollectTreeUnits(const model::ElectionDefinition& definition) {
  TreeUnits units;
  units.districts.assign(definition.districts().size(), nullptr);
  for (const model::Commission& commission : definition.commissions()) {
    switch (commission.level) {
      case model::CommissionLevel::kCentral:
        units.national_id = commission.id;
        break;
      case model::CommissionLevel::kTerritorial:
        units.territorials.push_back(&commission);
        break;
      case model::CommissionLevel::kDistrict:
        if (commission.district > 0 &&
            static_cast<size_t>(commission.district) <= units.districts.size()) {
          units.districts[static_cast<size_t>(commission.district - 1)] = &commission;
        }
        break;
      default:
        break;
    }
  }
  if (units.national_id.empty()) {
    units.national_id = "national";
  }
  return units;
}

OpenUnits FindOpenUnits(const model::ElectionDefinition& definition,
                        const tabulation::Tabulator& tabulator,
                        const std::unordered_set<std::string>& open_corrections) {
  OpenUnits open;
  open.regions.assign(tabulator.regions().size(), false);
  open.territorials.assign(tabulator.territorials().size(), false);
  open.districts.assign(tabulator.districts().size(), false);
  if (open_corrections.empty()) {
    return open;
  }
  std::unordered_map<std::string_view, size_t> territorial_index;
  for (size_t t = 0; t < tabulator.territorial_ids().size(); ++t) {
    territorial_index.emplace(tabulator.territorial_ids()[t], t);
  }
  for (const model::Commission& commission : definition.commissions()) {
    if (!open_corrections.contains(commission.id)) {
      continue;
    }
    const bool district_only = commission.level == model::CommissionLevel::kDistrict;
    if (!district_only) {
      // The party-list units: the CEC, the region, the territorial commission.
      open.national = true;
      if (const auto region = definition.RegionIndex(commission.region_id); region.has_value()) {
        open.regions[*region] = true;
      }
      const std::string& territorial = commission.level == model::CommissionLevel::kPrecinct
                                           ? commission.parent_id
                                           : commission.id;
      if (const auto found = territorial_index.find(territorial);
          found != territorial_index.end()) {
        open.territorials[found->second] = true;
      }
    }
    const auto district = static_cast<size_t>(commission.district);
    if (district > 0 && district <= open.districts.size()) {
      open.districts[district - 1] = true;  // a precinct's or the district commission's own
    }
  }
  return open;
}

}  // namespace esep::results
