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

// Reads the table row by row, checking each commission against the rows above it (parents
// come before their children) and against the election definition. One parser per table.
class CommissionTableParser {
  // The id of the commission at `position`, for the IdIndex. Defined first: the members below
  // use its deduced type.
  auto IdOf() const {
    return [this](uint32_t position) -> std::string_view { return commissions_[position].id; };
  }

 public:
  CommissionTableParser(std::string_view text, std::string_view source,
                        const model::ElectionDefinition& definition)
      : source_(source),
        definition_(definition),
        regional_of_region_(definition.regions().size()),
        commission_of_district_(definition.districts().size()) {
    // A million precincts: size the containers once (one commission per line at most).
    const auto lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
    commissions_.reserve(lines);
    line_of_.reserve(lines);
    seen_.Reserve(lines);
    for (const model::Region& region : definition.regions()) {
      region_by_name_.emplace(region.id, &region);
      region_by_name_.emplace(region.name, &region);
      for (const std::string& alias : region.aliases) {
        region_by_name_.emplace(alias, &region);
      }
    }
  }

  // kInvalidArgument unless the record is exactly the expected header.
  Status CheckHeader(const CsvRecordView& record) const {
    if (record.fields.size() != kColumns.size()) {
      return InvalidArgumentError(fmt::format("{}:{}: the header must be {}", source_, record.line,
                                              fmt::join(kColumns, ",")));
    }
    for (size_t k = 0; k < kColumns.size(); ++k) {
      if (NormalizeName(record.fields[k]) != kColumns[k]) {
        return InvalidArgumentError(fmt::format("{}:{}: column {} must be '{}', not '{}'", source_,
                                                record.line, k + 1, kColumns[k], record.fields[k]));
      }
    }
    return OkStatus();
  }

  // Checks one commission row and appends it; kInvalidArgument naming the line and field.
  Status AddRow(const CsvRecordView& record) {
    if (record.fields.size() != kColumns.size()) {
      return InvalidArgumentError(fmt::format("{}:{}: {} fields, but the header has {} columns",
                                              source_, record.line, record.fields.size(),
                                              kColumns.size()));
    }
    const Row row{record, source_};
    Commission commission;
    commission.id = row.field(0);
    if (commission.id.empty()) {
      return row.Fail(0, "is empty; every commission needs an id");
    }
    // Inserted once the row is accepted, below; a duplicate is found here.
    if (const std::optional<uint32_t> earlier = seen_.Find(commission.id, IdOf());
        earlier.has_value()) {
      return row.Fail(0, fmt::format("'{}' is already the id of the commission on line {}",
                                     commission.id, line_of_[*earlier]));
    }
    std::optional<CommissionLevel> level = model::ParseCommissionLevel(row.field(1));
    if (!level.has_value()) {
      level = model::ParseCommissionLevel(NormalizeName(row.field(1)));
    }
    if (!level.has_value()) {
      return row.Fail(1, fmt::format("'{}' is not a level; write cec, regional, district, "
                                     "territorial or precinct",
                                     row.field(1)));
    }
    commission.level = *level;
    commission.parent_id = row.field(2);
    commission.name = row.field(3);
    if (commission.level == CommissionLevel::kCentral) {
      RETURN_IF_ERROR(CheckRoot(row, commission));
    } else {
      RETURN_IF_ERROR(PlaceUnderParent(row, commission));
    }
    RETURN_IF_ERROR(ReadDistrict(row, commission));
    RETURN_IF_ERROR(ReadAbroad(row, commission));
    seen_.Insert(commission.id, static_cast<uint32_t>(commissions_.size()), IdOf());
    line_of_.push_back(record.line);
    commissions_.push_back(std::move(commission));
    return OkStatus();
  }

  std::vector<Commission>& commissions() { return commissions_; }

 private:
  // A data row being read, for field access and messages naming its line and column.
  struct Row {
    const CsvRecordView& record;
    std::string_view source;

    std::string_view field(size_t k) const { return record.fields[k]; }
    Status Fail(size_t k, std::string_view rule) const {
      return InvalidArgumentError(
          fmt::format("{}:{}: field '{}': {}", source, record.line, kColumns[k], rule));
    }
  };

  // The CEC has no parent, and there is exactly one.
  Status CheckRoot(const Row& row, const Commission& commission) const {
    if (!commission.parent_id.empty()) {
      return row.Fail(2, "must be empty for the CEC, the root of the tree");
    }
    if (!commissions_.empty() && commissions_.front().level == CommissionLevel::kCentral) {
      return row.Fail(1, "a second CEC; the tree has exactly one root");
    }
    return OkStatus();
  }

  // Finds the parent above this row, checks its level, and sets the region (which must be the
  // parent's, below the regional level; one regional commission per region).
  Status PlaceUnderParent(const Row& row, Commission& commission) {
    std::optional<size_t> parent;
    if (last_parent_.has_value() && commissions_[*last_parent_].id == commission.parent_id) {
      parent = last_parent_;
    } else {
      parent = seen_.Find(commission.parent_id, IdOf());
    }
    if (!parent.has_value()) {
      return row.Fail(2, fmt::format("'{}' is not a commission listed above this line (parents "
                                     "come before their children)",
                                     commission.parent_id));
    }
    last_parent_ = parent;
    const Commission& parent_commission = commissions_[*parent];
    if (parent_commission.level != ParentLevel(commission.level)) {
      return row.Fail(2, fmt::format("a {} commission's parent must be {}, but '{}' is {}",
                                     model::CommissionLevelName(commission.level),
                                     model::CommissionLevelName(ParentLevel(commission.level)),
                                     commission.parent_id,
                                     model::CommissionLevelName(parent_commission.level)));
    }
    const auto known = region_by_name_.find(row.field(4));
    const model::Region* region =
        known != region_by_name_.end() ? known->second : definition_.FindRegion(row.field(4));
    if (region == nullptr) {
      return row.Fail(4, fmt::format("'{}' is not a region of {}", row.field(4), definition_.id()));
    }
    commission.region_id = region->id;
    if (parent_commission.level != CommissionLevel::kCentral &&
        parent_commission.region_id != commission.region_id) {
      return row.Fail(
          4, fmt::format("'{}' differs from the region of its parent '{}' ({})", region->id,
                         parent_commission.id, parent_commission.region_id));
    }
    const auto region_index = static_cast<size_t>(region - definition_.regions().data());
    if (commission.level == CommissionLevel::kRegional) {
      if (!regional_of_region_[region_index].empty()) {
        return row.Fail(4, fmt::format("region '{}' already has a regional commission ('{}')",
                                       region->id, regional_of_region_[region_index]));
      }
      regional_of_region_[region_index] = commission.id;
    }
    return OkStatus();
  }

  // District and precinct commissions name a district of their region (one district commission
  // per district); the others leave the field empty.
  Status ReadDistrict(const Row& row, Commission& commission) {
    const bool needs_district = commission.level == CommissionLevel::kDistrict ||
                                commission.level == CommissionLevel::kPrecinct;
    if (!needs_district) {
      if (!row.field(5).empty()) {
        return row.Fail(5, fmt::format("must be empty for a {} commission",
                                       model::CommissionLevelName(commission.level)));
      }
      return OkStatus();
    }
    Result<int64_t> number = ParseCount(row.field(5));
    if (!number.has_value() || *number < 1 ||
        *number > static_cast<int64_t>(definition_.districts().size())) {
      return row.Fail(5, fmt::format("'{}' is not a district of {} (1 to {})", row.field(5),
                                     definition_.id(), definition_.districts().size()));
    }
    commission.district = static_cast<int>(*number);
    const model::District& district = definition_.districts()[static_cast<size_t>(*number - 1)];
    if (district.region_id != commission.region_id) {
      return row.Fail(5, fmt::format("district {} lies in '{}', not in '{}'", *number,
                                     district.region_id, commission.region_id));
    }
    if (commission.level == CommissionLevel::kDistrict) {
      std::string& existing = commission_of_district_[static_cast<size_t>(*number - 1)];
      if (!existing.empty()) {
        return row.Fail(
            5, fmt::format("district {} already has a commission ('{}')", *number, existing));
      }
      existing = commission.id;
    }
    return OkStatus();
  }

  // 1, 0 or empty; only precinct commissions can be abroad.
  static Status ReadAbroad(const Row& row, Commission& commission) {
    if (row.field(6) == "1" || row.field(6) == "0" || row.field(6).empty()) {
      commission.abroad = row.field(6) == "1";
    } else {
      return row.Fail(6, fmt::format("'{}' must be 1 (abroad), 0 or empty", row.field(6)));
    }
    if (commission.abroad && commission.level != CommissionLevel::kPrecinct) {
      return row.Fail(6, "only precinct commissions can be abroad");
    }
    return OkStatus();
  }

  std::string_view source_;
  const model::ElectionDefinition& definition_;
  std::vector<Commission> commissions_;
  std::vector<int64_t> line_of_;  // the line of each commission, for duplicate-id messages
  IdIndex seen_;                  // id -> position in `commissions_`
  // Precincts come in runs with one parent: the last parent found is tried first.
  std::optional<size_t> last_parent_;
  // Regions as written (id, name or alias) -> region; other spellings go through FindRegion.
  std::unordered_map<std::string_view, const model::Region*> region_by_name_;
  std::vector<std::string> regional_of_region_;
  std::vector<std::string> commission_of_district_;
};

}  // namespace

Result<std::vector<Commission>> ParseCommissionTable(std::string_view text, std::string_view source,
                                                     const model::ElectionDefinition& definition) {
  CsvCursor cursor(text, source);
  CsvRecordView record;
  CommissionTableParser parser(text, source, definition);
  bool header_seen = false;
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
      RETURN_IF_ERROR(parser.CheckHeader(record));
      continue;
    }
    RETURN_IF_ERROR(parser.AddRow(record));
  }
  if (!header_seen) {
    return InvalidArgumentError(
        fmt::format("{}: the file is empty; a header line is required", source));
  }
  std::vector<Commission>& commissions = parser.commissions();
  if (commissions.empty() || commissions.front().level != CommissionLevel::kCentral) {
    return InvalidArgumentError(
        fmt::format("{}: the first commission must be the CEC, the root of the tree", source));
  }
  return std::move(commissions);
}

}  // namespace esep::io
