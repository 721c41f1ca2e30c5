#include "io/commission_table.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <unordered_map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/id_index.h"
#include "base/text.h"
#include "io/csv.h"

namespace esep::io {

namespace {

using model::Commission;
using model::CommissionLevel;

constexpr std::array<std::string_view, 7> kColumns = {"id",     "level",    "parent", "name",
                                                      "region", "district", "abroad"};

// The level a commission's parent must have.
CommissionLevel ParentLevel(CommissionLevel level) {
  switch (level) {
    case CommissionLevel::kRegional:
    case CommissionLevel::kDistrict:
      return CommissionLevel::kCentral;
    case CommissionLevel::kTerritorial:
      return CommissionLevel::kRegional;
    case CommissionLevel::kPrecinct:
    case CommissionLevel::kCentral:
      break;
  }
  return CommissionLevel::kTerritorial;
}

}  // namespace

Result<std::vector<Commission>> ParseCommissionTable(std::string_view text, std::string_view source,
                                                     const model::ElectionDefinition& definition) {
  CsvCursor cursor(text, source);
  CsvRecordView record;
  bool header_seen = false;
  std::vector<Commission> commissions;
  std::vector<int64_t> line_of;  // the line of each commission, for duplicate-id messages
  IdIndex seen;                  // id -> position in `commissions`
  auto id_of = [&](uint32_t position) -> std::string_view { return commissions[position].id; };
  // A million precincts: size the containers once (one commission per line at most).
  const auto lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  commissions.reserve(lines);
  line_of.reserve(lines);
  seen.Reserve(lines);
  // Precincts come in runs with one parent: the last parent found is tried first.
  std::optional<size_t> last_parent;
  // Regions as written (id, name or alias) -> region; other spellings go through FindRegion.
  std::unordered_map<std::string_view, const model::Region*> region_by_name;
  for (const model::Region& region : definition.regions) {
    region_by_name.emplace(region.id, &region);
    region_by_name.emplace(region.name, &region);
    for (const std::string& alias : region.aliases) {
      region_by_name.emplace(alias, &region);
    }
  }
  std::vector<std::string> regional_of_region(definition.regions.size());
  std::vector<std::string> commission_of_district(definition.districts.size());
  while (true) {
    ASSIGN_OR_RETURN(bool more, cursor.Next(record));
    if (!more) {
      break;
    }
    if (record.fields.size() == 1 && record.fields[0].empty()) {
      continue;
    }
    if (!header_seen) {
      header_seen = true;
      if (record.fields.size() != kColumns.size()) {
        return InvalidArgumentError(fmt::format("{}:{}: the header must be {}", source, record.line,
                                                fmt::join(kColumns, ",")));
      }
      for (size_t k = 0; k < kColumns.size(); ++k) {
        if (NormalizeName(record.fields[k]) != kColumns[k]) {
          return InvalidArgumentError(fmt::format("{}:{}: column {} must be '{}', not '{}'", source,
                                                  record.line, k + 1, kColumns[k],
                                                  record.fields[k]));
        }
      }
      continue;
    }
    if (record.fields.size() != kColumns.size()) {
      return InvalidArgumentError(fmt::format("{}:{}: {} fields, but the header has {} columns",
                                              source, record.line, record.fields.size(),
                                              kColumns.size()));
    }
    auto field = [&](size_t k) -> std::string_view { return record.fields[k]; };
    auto fail = [&](size_t k, std::string_view rule) {
      return InvalidArgumentError(
          fmt::format("{}:{}: field '{}': {}", source, record.line, kColumns[k], rule));
    };
    Commission commission;
    commission.id = field(0);
    if (commission.id.empty()) {
      return fail(0, "is empty; every commission needs an id");
    }
    // Inserted once the row is accepted, below; a duplicate is found here.
    if (const std::optional<uint32_t> earlier = seen.Find(commission.id, id_of);
        earlier.has_value()) {
      return fail(0, fmt::format("'{}' is already the id of the commission on line {}",
                                 commission.id, line_of[*earlier]));
    }
    std::optional<CommissionLevel> level = model::ParseCommissionLevel(field(1));
    if (!level.has_value()) {
      level = model::ParseCommissionLevel(NormalizeName(field(1)));
    }
    if (!level.has_value()) {
      return fail(1, fmt::format("'{}' is not a level; write cec, regional, district, "
                                 "territorial or precinct",
                                 field(1)));
    }
    commission.level = *level;
    commission.parent_id = field(2);
    commission.name = field(3);
    if (commission.level == CommissionLevel::kCentral) {
      if (!commission.parent_id.empty()) {
        return fail(2, "must be empty for the CEC, the root of the tree");
      }
      if (!commissions.empty() && commissions.front().level == CommissionLevel::kCentral) {
        return fail(1, "a second CEC; the tree has exactly one root");
      }
    } else {
      std::optional<size_t> parent;
      if (last_parent.has_value() && commissions[*last_parent].id == commission.parent_id) {
        parent = last_parent;
      } else {
        parent = seen.Find(commission.parent_id, id_of);
      }
      if (!parent.has_value()) {
        return fail(2, fmt::format("'{}' is not a commission listed above this line (parents "
                                   "come before their children)",
                                   commission.parent_id));
      }
      last_parent = parent;
      const Commission& parent_commission = commissions[*parent];
      if (parent_commission.level != ParentLevel(commission.level)) {
        return fail(2, fmt::format("a {} commission's parent must be {}, but '{}' is {}",
                                   model::CommissionLevelName(commission.level),
                                   model::CommissionLevelName(ParentLevel(commission.level)),
                                   commission.parent_id,
                                   model::CommissionLevelName(parent_commission.level)));
      }
      const auto known = region_by_name.find(field(4));
      const model::Region* region =
          known != region_by_name.end() ? known->second : definition.FindRegion(field(4));
      if (region == nullptr) {
        return fail(4, fmt::format("'{}' is not a region of {}", field(4), definition.id));
      }
      commission.region_id = region->id;
      if (parent_commission.level != CommissionLevel::kCentral &&
          parent_commission.region_id != commission.region_id) {
        return fail(4, fmt::format("'{}' differs from the region of its parent '{}' ({})",
                                   region->id, parent_commission.id, parent_commission.region_id));
      }
      const auto region_index = static_cast<size_t>(region - definition.regions.data());
      if (commission.level == CommissionLevel::kRegional) {
        if (!regional_of_region[region_index].empty()) {
          return fail(4, fmt::format("region '{}' already has a regional commission ('{}')",
                                     region->id, regional_of_region[region_index]));
        }
        regional_of_region[region_index] = commission.id;
      }
    }
    const bool needs_district = commission.level == CommissionLevel::kDistrict ||
                                commission.level == CommissionLevel::kPrecinct;
    if (needs_district) {
      Result<int64_t> number = ParseCount(field(5));
      if (!number.has_value() || *number < 1 ||
          *number > static_cast<int64_t>(definition.districts.size())) {
        return fail(5, fmt::format("'{}' is not a district of {} (1 to {})", field(5),
                                   definition.id, definition.districts.size()));
      }
      commission.district = static_cast<int>(*number);
      const model::District& district = definition.districts[static_cast<size_t>(*number - 1)];
      if (district.region_id != commission.region_id) {
        return fail(5, fmt::format("district {} lies in '{}', not in '{}'", *number,
                                   district.region_id, commission.region_id));
      }
      if (commission.level == CommissionLevel::kDistrict) {
        std::string& existing = commission_of_district[static_cast<size_t>(*number - 1)];
        if (!existing.empty()) {
          return fail(
              5, fmt::format("district {} already has a commission ('{}')", *number, existing));
        }
        existing = commission.id;
      }
    } else if (!field(5).empty()) {
      return fail(5, fmt::format("must be empty for a {} commission",
                                 model::CommissionLevelName(commission.level)));
    }
    if (field(6) == "1" || field(6) == "0" || field(6).empty()) {
      commission.abroad = field(6) == "1";
    } else {
      return fail(6, fmt::format("'{}' must be 1 (abroad), 0 or empty", field(6)));
    }
    if (commission.abroad && commission.level != CommissionLevel::kPrecinct) {
      return fail(6, "only precinct commissions can be abroad");
    }
    seen.Insert(commission.id, static_cast<uint32_t>(commissions.size()), id_of);
    line_of.push_back(record.line);
    commissions.push_back(std::move(commission));
  }
  if (!header_seen) {
    return InvalidArgumentError(
        fmt::format("{}: the file is empty; a header line is required", source));
  }
  if (commissions.empty() || commissions.front().level != CommissionLevel::kCentral) {
    return InvalidArgumentError(
        fmt::format("{}: the first commission must be the CEC, the root of the tree", source));
  }
  return commissions;
}

}  // namespace esep::io
