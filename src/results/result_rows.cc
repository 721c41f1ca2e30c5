#include "results/result_rows.h"

#include <array>
#include <utility>

#include <fmt/format.h>

#include "base/fraction.h"
#include "base/text.h"
#include "results/result_index.h"

namespace esep::results {

namespace {

using protocol::ContestRef;
using protocol::Figure;

// The units a query keeps: every unit, or the ones in (or equal to) one unit.
struct Selector {
  enum class Kind { kAll, kRegion, kTerritorial, kDistrict, kPrecinct };
  Kind kind = Kind::kAll;
  size_t index = 0;         // region, territorial commission or district (number - 1)
  std::string precinct_id;  // kPrecinct
};

using Units = TreeUnits;

const model::Commission* FindCommission(const model::ElectionDefinition& definition,
                                        std::string_view id) {
  for (const model::Commission& commission : definition.commissions()) {
    if (commission.id == id) {
      return &commission;
    }
  }
  return nullptr;
}

std::optional<size_t> FindDistrict(const model::ElectionDefinition& definition,
                                   std::string_view unit) {
  std::string_view number = Trim(unit);
  if (NormalizeName(number).starts_with("district ")) {
    number = Trim(number.substr(9));
  }
  const Result<int64_t> parsed = ParseCount(number);
  if (parsed.has_value() && *parsed >= 1 &&
      static_cast<size_t>(*parsed) <= definition.districts().size()) {
    return static_cast<size_t>(*parsed - 1);
  }
  return std::nullopt;
}

std::optional<size_t> FindRegion(const model::ElectionDefinition& definition,
                                 std::string_view unit) {
  if (auto index = definition.RegionIndex(unit); index.has_value()) {
    return index;
  }
  if (const model::Region* region = definition.FindRegion(unit); region != nullptr) {
    return definition.RegionIndex(region->id);
  }
  return std::nullopt;
}

std::string RegionIds(const model::ElectionDefinition& definition) {
  std::string ids;
  for (const model::Region& region : definition.regions()) {
    ids += (ids.empty() ? "" : ", ") + region.id;
  }
  return ids.empty() ? "none" : ids;
}

Result<Selector> Resolve(const ResultsSource& source, const Units& units,
                         const ResultsQuery& query) {
  Selector selector;
  if (!query.unit.has_value()) {
    return selector;
  }
  const model::ElectionDefinition& definition = source.definition;
  const std::string& unit = *query.unit;
  const model::Commission* commission = FindCommission(definition, unit);
  const auto level = [&](model::CommissionLevel wanted) {
    return commission != nullptr && commission->level == wanted;
  };
  auto select = [&](Selector::Kind kind, size_t index) -> Result<Selector> {
    selector.kind = kind;
    selector.index = index;
    return selector;
  };
  switch (query.level) {
    case ResultLevel::kNational:
      if (unit == units.national_id) {
        return selector;
      }
      return InvalidArgumentError(fmt::format(
          "unit '{}' is not the national unit of {}; the national level has one unit, '{}' "
          "(or give no unit)",
          unit, definition.id(), units.national_id));
    case ResultLevel::kRegion:
      if (auto region = FindRegion(definition, unit); region.has_value()) {
        return select(Selector::Kind::kRegion, *region);
      }
      if (level(model::CommissionLevel::kRegional)) {
        return select(Selector::Kind::kRegion, *definition.RegionIndex(commission->region_id));
      }
      return InvalidArgumentError(fmt::format(
          "unit '{}' is not a region of {}; regions are named by id, name or their regional "
          "commission's id: {}",
          unit, definition.id(), RegionIds(definition)));
    case ResultLevel::kDistrict:
      if (auto district = FindDistrict(definition, unit); district.has_value()) {
        return select(Selector::Kind::kDistrict, *district);
      }
      if (level(model::CommissionLevel::kDistrict)) {
        return select(Selector::Kind::kDistrict, static_cast<size_t>(commission->district - 1));
      }
      return InvalidArgumentError(fmt::format(
          "unit '{}' is not a district of {}; districts are named by number (1 to {}) or by "
          "their district commission's id",
          unit, definition.id(), definition.districts().size()));
    case ResultLevel::kTerritorial:
      for (size_t t = 0; t < units.territorials.size(); ++t) {
        if (units.territorials[t]->id == unit) {
          return select(Selector::Kind::kTerritorial, t);
        }
      }
      return InvalidArgumentError(fmt::format(
          "unit '{}' is not a territorial commission of {}; territorial commissions are the "
          "rows of commissions.csv with level 'territorial' (report the territorial level "
          "without a unit to list them)",
          unit, definition.id()));
    case ResultLevel::kPrecinct:
      if (level(model::CommissionLevel::kPrecinct)) {
        selector.kind = Selector::Kind::kPrecinct;
        selector.precinct_id = unit;
        return selector;
      }
      if (level(model::CommissionLevel::kCentral)) {
        return selector;
      }
      if (level(model::CommissionLevel::kTerritorial)) {
        for (size_t t = 0; t < units.territorials.size(); ++t) {
          if (units.territorials[t] == commission) {
            return select(Selector::Kind::kTerritorial, t);
          }
        }
      }
      if (level(model::CommissionLevel::kRegional)) {
        return select(Selector::Kind::kRegion, *definition.RegionIndex(commission->region_id));
      }
      if (level(model::CommissionLevel::kDistrict)) {
        return select(Selector::Kind::kDistrict, static_cast<size_t>(commission->district - 1));
      }
      if (auto region = FindRegion(definition, unit); region.has_value()) {
        return select(Selector::Kind::kRegion, *region);
      }
      if (auto district = FindDistrict(definition, unit); district.has_value()) {
        return select(Selector::Kind::kDistrict, *district);
      }
      return InvalidArgumentError(fmt::format(
          "unit '{}' is neither a commission, a region nor a district of {}; precinct rows are "
          "selected by a precinct's id or by the id of any unit above it (commission ids are "
          "in commissions.csv; regions: {}; districts: 1 to {})",
          unit, definition.id(), RegionIds(definition), definition.districts().size()));
  }
  return selector;
}

bool Keeps(const Selector& selector, const ResultsSource& source, const Units& units,
           const model::Commission& precinct) {
  switch (selector.kind) {
    case Selector::Kind::kAll:
      return true;
    case Selector::Kind::kRegion:
      return precinct.region_id == source.definition.regions()[selector.index].id;
    case Selector::Kind::kTerritorial:
      return precinct.parent_id == units.territorials[selector.index]->id;
    case Selector::Kind::kDistrict:
      return static_cast<size_t>(precinct.district) == selector.index + 1;
    case Selector::Kind::kPrecinct:
      return precinct.id == selector.precinct_id;
  }
  return false;
}

ResultStatus StatusOf(const tabulation::Tally& tally, bool open) {
  return tally.complete() && !open ? ResultStatus::kFinal : ResultStatus::kPreliminary;
}

// Builds rows; caches each contest's choice names.
class RowMaker {
 public:
  RowMaker(const ResultsSource& source, ResultLevel level) : source_(source), level_(level) {}

  ResultRow Make(std::string unit_id, std::string unit_name, std::string parent_id,
                 const protocol::Protocol& counts, int64_t protocols, int64_t expected,
                 ResultStatus status) {
    ResultRow row{
        .level = level_,
        .unit_id = std::move(unit_id),
        .unit_name = std::move(unit_name),
        .parent_id = std::move(parent_id),
        .contest = counts.contest,
        .protocols = protocols,
        .expected = expected,
        .status = status,
        .counts = counts,
        .choice_names = Names(counts.contest),
        .turnout_percent = FormatPercent(counts.ballots_issued(), counts.voters_on_list, 2)};
    for (size_t k = row.choice_names.size(); k < row.counts.choice_votes.size(); ++k) {
      row.choice_names.push_back(fmt::format("candidate {}", k + 1));
    }
    return row;
  }

 private:
  const std::vector<std::string>& Names(ContestRef contest) {
    const size_t slot =
        contest.kind == ContestRef::Kind::kPartyList ? 0 : static_cast<size_t>(contest.district);
    if (names_.size() <= slot) {
      names_.resize(slot + 1);
    }
    if (!names_[slot].has_value()) {
      names_[slot] = ChoiceNames(source_.definition, source_.tabulator, contest);
    }
    return *names_[slot];
  }

  const ResultsSource& source_;
  ResultLevel level_;
  std::vector<std::optional<std::vector<std::string>>> names_;  // list, then by district
};

Status EmitPrecinctRows(const ResultsSource& source, const Units& units, const Selector& selector,
                        const std::function<void()>& begin,
                        const std::function<void(const ResultRow&)>& emit) {
  ASSIGN_OR_RETURN(std::vector<PrecinctEntry> precincts,
                   IndexPrecincts(source.definition, source.protocols));
  begin();
  RowMaker maker(source, ResultLevel::kPrecinct);
  for (const PrecinctEntry& entry : precincts) {
    const model::Commission& precinct = *entry.commission;
    if (!Keeps(selector, source, units, precinct)) {
      continue;
    }
    const ResultStatus status = source.open_corrections.contains(precinct.id)
                                    ? ResultStatus::kPreliminary
                                    : ResultStatus::kFinal;
    if (entry.list != nullptr) {
      emit(maker.Make(precinct.id, precinct.name, precinct.parent_id, *entry.list, 1, 1, status));
    }
    if (entry.district != nullptr) {
      emit(maker.Make(precinct.id, precinct.name, fmt::format("{}", precinct.district),
                      *entry.district, 1, 1, status));
    }
  }
  return OkStatus();
}

}  // namespace

std::string_view ResultLevelName(ResultLevel level) {
  switch (level) {
    case ResultLevel::kNational:
      return "national";
    case ResultLevel::kRegion:
      return "region";
    case ResultLevel::kDistrict:
      return "district";
    case ResultLevel::kTerritorial:
      return "territorial";
    case ResultLevel::kPrecinct:
      return "precinct";
  }
  return "?";
}

Result<ResultLevel> ParseResultLevel(std::string_view name) {
  for (ResultLevel level : {ResultLevel::kNational, ResultLevel::kRegion, ResultLevel::kDistrict,
                            ResultLevel::kTerritorial, ResultLevel::kPrecinct}) {
    if (NormalizeName(name) == ResultLevelName(level)) {
      return level;
    }
  }
  return InvalidArgumentError(fmt::format(
      "unknown level '{}'; levels are national, region, district, territorial, precinct", name));
}

std::vector<std::string> ChoiceNames(const model::ElectionDefinition& definition,
                                     const tabulation::Tabulator& tabulator,
                                     protocol::ContestRef contest) {
  std::vector<std::string> names;
  if (contest.kind == ContestRef::Kind::kPartyList) {
    for (const model::Party& party : definition.parties()) {
      names.push_back(party.short_name);
    }
    return names;
  }
  const auto d = static_cast<size_t>(contest.district - 1);
  if (contest.district < 1 || d >= definition.districts().size()) {
    return names;
  }
  for (const model::Candidate& candidate : definition.districts()[d].candidates) {
    names.push_back(candidate.name);
  }
  if (names.empty() && d < tabulator.districts().size()) {
    for (size_t k = 0; k < tabulator.districts()[d].sum.choice_votes.size(); ++k) {
      names.push_back(fmt::format("candidate {}", k + 1));
    }
  }
  return names;
}

std::span<const AccountField> BallotAccountFields() {
  static const std::array<AccountField, 12> fields = {{
      {"voters_on_list", Figure::kVotersOnList},
      {"voters_added_on_day", Figure::kVotersAddedOnDay},
      {"ballots_received", Figure::kBallotsReceived},
      {"ballots_issued_premises", Figure::kBallotsIssuedPremises},
      {"ballots_issued_mobile", Figure::kBallotsIssuedMobile},
      {"ballots_issued_absentee", Figure::kBallotsIssuedAbsentee},
      {"ballots_unused", Figure::kBallotsUnused},
      {"ballots_spoiled", Figure::kBallotsSpoiled},
      {"ballots_in_stationary_boxes", Figure::kBallotsInStationaryBoxes},
      {"ballots_in_mobile_boxes", Figure::kBallotsInMobileBoxes},
      {"invalid_ballots", Figure::kInvalidBallots},
      {"valid_ballots", Figure::kValidBallots},
  }};
  return fields;
}

Status ForEachResultRow(const ResultsSource& source, const ResultsQuery& query,
                        const std::function<void(const ResultRow&)>& emit) {
  return ForEachResultRow(
      source, query, [] {}, emit);
}

Status ForEachResultRow(const ResultsSource& source, const ResultsQuery& query,
                        const std::function<void()>& begin,
                        const std::function<void(const ResultRow&)>& emit) {
  const model::ElectionDefinition& definition = source.definition;
  const tabulation::Tabulator& tabulator = source.tabulator;
  const Units units = CollectTreeUnits(source.definition);
  ASSIGN_OR_RETURN(Selector selector, Resolve(source, units, query));
  if (query.level == ResultLevel::kPrecinct) {
    return EmitPrecinctRows(source, units, selector, begin, emit);
  }
  begin();
  const OpenUnits open = FindOpenUnits(definition, tabulator, source.open_corrections);
  RowMaker maker(source, query.level);
  const auto keep = [&](Selector::Kind kind, size_t index) {
    return selector.kind == Selector::Kind::kAll ||
           (selector.kind == kind && selector.index == index);
  };
  switch (query.level) {
    case ResultLevel::kNational: {
      const tabulation::Tally& tally = tabulator.national();
      emit(maker.Make(units.national_id, definition.country(), "", tally.sum, tally.protocols,
                      tally.expected, StatusOf(tally, open.national)));
      break;
    }
    case ResultLevel::kRegion:
      for (size_t r = 0; r < tabulator.regions().size(); ++r) {
        if (keep(Selector::Kind::kRegion, r)) {
          const tabulation::Tally& tally = tabulator.regions()[r];
          emit(maker.Make(definition.regions()[r].id, definition.regions()[r].name,
                          units.national_id, tally.sum, tally.protocols, tally.expected,
                          StatusOf(tally, open.regions[r])));
        }
      }
      break;
    case ResultLevel::kDistrict:
      for (size_t d = 0; d < tabulator.districts().size(); ++d) {
        if (keep(Selector::Kind::kDistrict, d)) {
          const tabulation::Tally& tally = tabulator.districts()[d];
          std::string name = units.districts[d] != nullptr ? units.districts[d]->name
                                                           : fmt::format("District {}", d + 1);
          emit(maker.Make(fmt::format("{}", d + 1), std::move(name), units.national_id, tally.sum,
                          tally.protocols, tally.expected, StatusOf(tally, open.districts[d])));
        }
      }
      break;
    case ResultLevel::kTerritorial:
      for (size_t t = 0; t < tabulator.territorials().size(); ++t) {
        if (keep(Selector::Kind::kTerritorial, t)) {
          const tabulation::Tally& tally = tabulator.territorials()[t];
          const model::Commission& commission = *units.territorials[t];
          emit(maker.Make(commission.id, commission.name, commission.region_id, tally.sum,
                          tally.protocols, tally.expected, StatusOf(tally, open.territorials[t])));
        }
      }
      break;
    case ResultLevel::kPrecinct:
      break;
  }
  return OkStatus();
}

Result<std::vector<ResultRow>> ResultRows(const ResultsSource& source, const ResultsQuery& query) {
  std::vector<ResultRow> rows;
  RETURN_IF_ERROR(
      ForEachResultRow(source, query, [&](const ResultRow& row) { rows.push_back(row); }));
  return rows;
}

Result<std::vector<protocol::ContestRef>> ResultContests(const ResultsSource& source,
                                                         const ResultsQuery& query) {
  const Units units = CollectTreeUnits(source.definition);
  ASSIGN_OR_RETURN(Selector selector, Resolve(source, units, query));
  std::vector<ContestRef> contests;
  const size_t districts = source.definition.districts().size();
  if (query.level != ResultLevel::kDistrict) {
    contests.push_back(ContestRef{});
    if (query.level != ResultLevel::kPrecinct) {
      return contests;
    }
  }
  std::vector<bool> wanted(districts, false);
  if (query.level == ResultLevel::kDistrict || selector.kind == Selector::Kind::kAll ||
      selector.kind == Selector::Kind::kDistrict) {
    for (size_t d = 0; d < districts; ++d) {
      wanted[d] = selector.kind == Selector::Kind::kAll || selector.index == d;
    }
  } else {
    for (const model::Commission& commission : source.definition.commissions()) {
      if (commission.level == model::CommissionLevel::kPrecinct && commission.district > 0 &&
          static_cast<size_t>(commission.district) <= districts &&
          Keeps(selector, source, units, commission)) {
        wanted[static_cast<size_t>(commission.district - 1)] = true;
      }
    }
  }
  for (size_t d = 0; d < districts; ++d) {
    if (wanted[d]) {
      contests.push_back({ContestRef::Kind::kDistrict, static_cast<int>(d + 1)});
    }
  }
  return contests;
}

}  // namespace esep::results
