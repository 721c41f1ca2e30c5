#include "results/results_snapshot.h"

#include <fmt/format.h>

#include "protocol/protocol.h"

namespace esep::results {

namespace {

using Json = nlohmann::ordered_json;

Json Unit(std::string_view level, const tabulation::Tally& tally) {
  Json counts = Json::object();
  for (const protocol::CountField& count : protocol::kCountFields) {
    counts[std::string(protocol::FigureName(count.figure))] = tally.sum.*count.member;
  }
  return Json{{"level", level},
              {"unit", tally.sum.commission_id},
              {"contest", tally.sum.contest.ToString()},
              {"protocols", tally.protocols},
              {"expected", tally.expected},
              {"counts", std::move(counts)},
              {"choices", tally.sum.choice_votes}};
}

// A unit's name for mismatch messages: "national Kazakhstan, list".
std::string UnitName(const Json& unit) {
  if (!unit.is_object()) {
    return "a unit";
  }
  return fmt::format("{} {}, {}", unit.value("level", "?"), unit.value("unit", "?"),
                     unit.value("contest", "?"));
}

std::optional<SnapshotMismatch> Compare(const std::string& where, const Json& stored,
                                        const Json& recomputed) {
  if (stored.type() != recomputed.type() || (!stored.is_object() && !stored.is_array())) {
    if (stored == recomputed) {
      return std::nullopt;
    }
    return SnapshotMismatch{where, stored.dump(), recomputed.dump()};
  }
  if (stored.is_array()) {
    const bool units = where == "units";
    for (size_t i = 0; i < std::max(stored.size(), recomputed.size()); ++i) {
      if (i >= stored.size() || i >= recomputed.size()) {
        return SnapshotMismatch{fmt::format("{}: number of entries", where),
                                fmt::format("{}", stored.size()),
                                fmt::format("{}", recomputed.size())};
      }
      const std::string inner = units ? UnitName(recomputed[i]) : fmt::format("{}[{}]", where, i);
      if (auto mismatch = Compare(inner, stored[i], recomputed[i])) {
        return mismatch;
      }
    }
    return std::nullopt;
  }
  for (const auto& [key, value] : recomputed.items()) {
    const std::string inner = where.empty() ? key : fmt::format("{}: {}", where, key);
    if (!stored.contains(key)) {
      return SnapshotMismatch{inner, "(missing)", value.dump()};
    }
    if (auto mismatch = Compare(inner, stored.at(key), value)) {
      return mismatch;
    }
  }
  for (const auto& [key, value] : stored.items()) {
    if (!recomputed.contains(key)) {
      return SnapshotMismatch{where.empty() ? key : fmt::format("{}: {}", where, key), value.dump(),
                              "(missing)"};
    }
  }
  return std::nullopt;
}

}  // namespace

Json MakeResultsSnapshot(const ElectionResults& results, const SeatDecision& seats,
                         const SnapshotContext& context) {
  const tabulation::Tabulator& tabulator = *results.tabulator;
  Json units = Json::array();
  units.push_back(Unit("national", tabulator.national()));
  for (const tabulation::Tally& tally : tabulator.regions()) {
    units.push_back(Unit("region", tally));
  }
  for (const tabulation::Tally& tally : tabulator.territorials()) {
    units.push_back(Unit("territorial", tally));
  }
  for (const tabulation::Tally& tally : tabulator.districts()) {
    units.push_back(Unit("district", tally));
  }

  Json list = Json::array();
  if (seats.list.has_value()) {
    for (const law::ListAllocationRow& row : seats.list->rows) {
      list.push_back({{"name", row.name},
                      {"votes", row.votes},
                      {"admission", law::AdmissionName(row.admission)},
                      {"seats_won", row.seats_won},
                      {"seats", row.seats},
                      {"vacant", row.vacant}});
    }
  }
  Json districts = Json::array();
  for (const DistrictDecision& district : seats.districts) {
    Json elected = nullptr;
    std::string outcome = "no protocols";
    if (district.outcome.has_value()) {
      outcome = std::string(law::DistrictOutcomeName(district.outcome->kind));
      if (district.outcome->winner.has_value()) {
        elected = district.candidates[*district.outcome->winner].name;
      }
    }
    districts.push_back({{"district", district.number},
                         {"elected", std::move(elected)},
                         {"outcome", std::move(outcome)}});
  }
  return Json{{"format", "esep-results-snapshot/1"},
              {"definition_sha256", context.definition_sha256},
              {"chain_head", context.chain_head},
              {"lot_seed", context.lot_seed},
              {"status", ResultStatusName(results.status())},
              {"units", std::move(units)},
              {"seats", {{"list", std::move(list)}, {"districts", std::move(districts)}}}};
}

std::optional<SnapshotMismatch> FirstMismatch(const Json& stored, const Json& recomputed) {
  return Compare("", stored, recomputed);
}

bool SameResult(std::string_view stored, const Json& snapshot) {
  Json parsed = Json::parse(stored, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object() || !snapshot.is_object()) {
    return false;
  }
  Json current = snapshot;
  parsed.erase("chain_head");
  current.erase("chain_head");
  return parsed == current;
}

}  // namespace esep::results
