#include "tabulation/tabulator.h"

#include <optional>
#include <string_view>

#include <fmt/format.h>

namespace esep::tabulation {

void AddInto(protocol::Protocol& sum, const protocol::Protocol& p) {
  protocol::AddCounts(p, sum);
  // A protocol without the turnout during the day counts as 0 in the sum.
  if (p.turnout_reported_during_day.has_value()) {
    sum.turnout_reported_during_day =
        sum.turnout_reported_during_day.value_or(0) + *p.turnout_reported_during_day;
  }
}

Result<Tabulator> Tabulator::Create(const model::ElectionDefinition& definition) {
  Tabulator tabulator(definition);
  const std::vector<model::Commission>& commissions = definition.commissions();
  IdIndex territorial_index;
  auto territorial_id = [&](uint32_t t) -> std::string_view {
    return tabulator.territorial_ids_[t];
  };
  for (const model::Commission& commission : commissions) {
    if (commission.level == model::CommissionLevel::kTerritorial) {
      territorial_index.Insert(
          commission.id, static_cast<uint32_t>(tabulator.territorial_ids_.size()), territorial_id);
      tabulator.territorial_ids_.push_back(commission.id);
    }
  }
  tabulator.regions_.resize(definition.regions().size());
  tabulator.territorials_.resize(tabulator.territorial_ids_.size());
  tabulator.districts_.resize(definition.districts().size());
  tabulator.district_choices_.resize(definition.districts().size(), 0);
  for (size_t d = 0; d < definition.districts().size(); ++d) {
    tabulator.district_choices_[d] = definition.districts()[d].candidates.size();
    tabulator.districts_[d].sum.commission_id = fmt::format("district {}", d + 1);
    tabulator.districts_[d].sum.contest = {protocol::ContestRef::Kind::kDistrict,
                                           static_cast<int>(d + 1)};
  }
  for (size_t r = 0; r < definition.regions().size(); ++r) {
    tabulator.regions_[r].sum.commission_id = definition.regions()[r].id;
  }
  for (size_t t = 0; t < tabulator.territorial_ids_.size(); ++t) {
    tabulator.territorials_[t].sum.commission_id = tabulator.territorial_ids_[t];
  }
  tabulator.national_.sum.commission_id = definition.country();
  tabulator.precincts_.reserve(commissions.size());
  // Precincts come in runs under one territorial commission: look each parent up once a run.
  const model::Commission* previous = nullptr;
  Precinct precinct;
  for (size_t c = 0; c < commissions.size(); ++c) {
    const model::Commission& commission = commissions[c];
    if (commission.level != model::CommissionLevel::kPrecinct) {
      continue;
    }
    if (previous == nullptr || previous->parent_id != commission.parent_id) {
      const std::optional<uint32_t> parent =
          territorial_index.Find(commission.parent_id, territorial_id);
      if (!parent.has_value()) {
        return FailedPreconditionError(
            fmt::format("{}: precinct '{}' has no territorial commission '{}'", definition.id(),
                        commission.id, commission.parent_id));
      }
      precinct.territorial = *parent;
    }
    if (previous == nullptr || previous->region_id != commission.region_id) {
      const std::optional<size_t> region = definition.RegionIndex(commission.region_id);
      if (!region.has_value()) {
        return FailedPreconditionError(fmt::format("{}: precinct '{}' lies in no region ('{}')",
                                                   definition.id(), commission.id,
                                                   commission.region_id));
      }
      precinct.region = static_cast<uint32_t>(*region);
    }
    previous = &commission;
    precinct.commission = static_cast<uint32_t>(c);
    precinct.district = commission.district;
    tabulator.precincts_.push_back(precinct);
    // Each precinct will send one party-list protocol and, where there are districts, one
    // district protocol.
    tabulator.national_.expected += 1;
    tabulator.regions_[precinct.region].expected += 1;
    tabulator.territorials_[precinct.territorial].expected += 1;
    if (precinct.district > 0) {
      tabulator.districts_[static_cast<size_t>(precinct.district - 1)].expected += 1;
    }
  }
  if (tabulator.precincts_.empty()) {
    return FailedPreconditionError(
        fmt::format("{}: the definition has no precinct commissions to tabulate (commissions.csv)",
                    definition.id()));
  }
  return tabulator;
}

Result<uint32_t> Tabulator::Locate(const protocol::Protocol& p) {
  const std::vector<model::Commission>& commissions = definition_->commissions();
  auto id_of = [&](uint32_t position) -> std::string_view {
    return commissions[precincts_[position].commission].id;
  };
  // Protocols mostly come in the order of the tree: a precinct's district protocol after its
  // party-list one, then the next precinct's. Trying those two first turns a random probe of
  // the index (a cache miss, most of the cost of Add) into a look at the neighbouring entry.
  std::optional<uint32_t> found;
  if (last_precinct_ < precincts_.size() && id_of(last_precinct_) == p.commission_id) {
    found = last_precinct_;
  } else if (last_precinct_ + 1 < precincts_.size() &&
             id_of(last_precinct_ + 1) == p.commission_id) {
    found = last_precinct_ + 1;
  } else {
    if (precinct_index_.size() == 0) {
      // Built on the first protocol out of tree order: a file in tree order never needs it.
      precinct_index_.Reserve(precincts_.size());
      for (uint32_t position = 0; position < precincts_.size(); ++position) {
        precinct_index_.Insert(id_of(position), position, id_of);
      }
    }
    found = precinct_index_.Find(p.commission_id, id_of);
  }
  if (!found.has_value()) {
    return InvalidArgumentError(
        fmt::format("'{}' is not a precinct commission of {}", p.commission_id, definition_->id()));
  }
  last_precinct_ = *found;
  const Precinct& precinct = precincts_[*found];
  if (p.contest.kind == protocol::ContestRef::Kind::kPartyList) {
    if (p.choice_votes.size() != definition_->parties().size()) {
      return InvalidArgumentError(
          fmt::format("{}: the party-list ballot has {} lists, but the "
                      "protocol has {} choices",
                      p.commission_id, definition_->parties().size(), p.choice_votes.size()));
    }
    return *found;
  }
  if (p.contest.district != precinct.district) {
    return InvalidArgumentError(
        fmt::format("{}: the precinct votes in district {}, not in "
                    "district {}",
                    p.commission_id, precinct.district, p.contest.district));
  }
  const size_t d = static_cast<size_t>(precinct.district - 1);
  if (district_choices_[d] != 0 && p.choice_votes.size() != district_choices_[d]) {
    return InvalidArgumentError(fmt::format(
        "{}: district {}'s ballot has {} candidates, but the "
        "protocol has {} choices",
        p.commission_id, precinct.district, district_choices_[d], p.choice_votes.size()));
  }
  return *found;
}

bool Tabulator::IsAtOrAfterLastPrecinct(std::string_view commission_id) const {
  const std::vector<model::Commission>& commissions = definition_->commissions();
  for (uint64_t position : {uint64_t{last_precinct_}, uint64_t{last_precinct_} + 1}) {
    if (position < precincts_.size() &&
        commissions[precincts_[position].commission].id == commission_id) {
      return true;
    }
  }
  return false;
}

Status Tabulator::Check(const protocol::Protocol& p) { return Locate(p).status(); }

Status Tabulator::Add(const protocol::Protocol& p) {
  ASSIGN_OR_RETURN(const uint32_t found, Locate(p));
  Precinct& precinct = precincts_[found];
  if (p.contest.kind == protocol::ContestRef::Kind::kPartyList) {
    if (precinct.has_list) {
      return InvalidArgumentError(fmt::format(
          "{}: a second party-list protocol; a correction must go through the store with a "
          "commission decision",
          p.commission_id));
    }
    precinct.has_list = true;
    for (Tally* tally :
         {&national_, &regions_[precinct.region], &territorials_[precinct.territorial]}) {
      AddInto(tally->sum, p);
      tally->protocols += 1;
    }
    return OkStatus();
  }
  const size_t d = static_cast<size_t>(precinct.district - 1);
  if (precinct.has_district) {
    return InvalidArgumentError(fmt::format(
        "{}: a second protocol for district {}; a correction must go through the store with a "
        "commission decision",
        p.commission_id, precinct.district));
  }
  if (district_choices_[d] == 0) {
    district_choices_[d] = p.choice_votes.size();  // the first protocol sets the ballot's length
  }
  precinct.has_district = true;
  AddInto(districts_[d].sum, p);
  districts_[d].protocols += 1;
  return OkStatus();
}

}  // namespace esep::tabulation
