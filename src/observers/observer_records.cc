#include "observers/observer_records.h"

#include <algorithm>
#include <array>
#include <map>
#include <tuple>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/text.h"
#include "io/csv.h"

namespace esep::observers {

namespace {

constexpr std::array<std::string_view, 6> kKindNames = {
    "posted_copy", "observer_copy", "copy_not_posted", "no_access", "turnout", "turnout_close"};

constexpr std::string_view kListPrefix = "list:";

// The fixed columns; the list columns are "list:<id or name>".
enum class Column {
  kSynthetic,
  kPrecinct,
  kObserver,
  kOrganisation,
  kRecord,
  kTime,
  kVotersCounted,
  kRegistered,
  kBallots,
  kValid,
  kInvalid,
  kNote,
};
constexpr std::array<std::string_view, 12> kColumnNames = {
    "synthetic",      "precinct",   "observer", "organisation", "record",  "time",
    "voters_counted", "registered", "ballots",  "valid",        "invalid", "note"};
constexpr size_t kColumns = kColumnNames.size();

// Where each column sits in the file's header.
struct Layout {
  std::array<std::optional<size_t>, kColumns> fixed;
  std::vector<size_t> lists;  // header index of each list column
};

class RowReader {
 public:
  RowReader(const io::CsvTable& table, const Layout& layout, const io::CsvRecord& record)
      : table_(table), layout_(layout), record_(record) {}

  // The trimmed field of `column`, "" when the file has no such column.
  std::string_view Field(Column column) const {
    const std::optional<size_t>& index = layout_.fixed[static_cast<size_t>(column)];
    return index.has_value() ? Trim(record_.fields[*index]) : std::string_view();
  }

  Status Error(Column column, std::string_view rule) const {
    const std::optional<size_t>& index = layout_.fixed[static_cast<size_t>(column)];
    if (!index.has_value()) {
      return InvalidArgumentError(fmt::format("{}:{}: {}", table_.source, record_.line, rule));
    }
    return ErrorAt(*index, rule);
  }

  Status ErrorAt(size_t index, std::string_view rule) const {
    return InvalidArgumentError(fmt::format("{}:{}: column {} ({}): {}", table_.source,
                                            record_.line, index + 1, table_.header[index], rule));
  }

  // An optional count: nullopt for an empty cell.
  Result<std::optional<int64_t>> CountAt(size_t index) const {
    const std::string_view text = Trim(record_.fields[index]);
    if (text.empty()) {
      return std::optional<int64_t>();
    }
    Result<int64_t> value = ParseCount(text);
    if (!value.has_value()) {
      return ErrorAt(index, fmt::format("{}; counts are whole numbers of 0 or more, or empty "
                                        "when not recorded",
                                        value.error().message()));
    }
    return std::optional<int64_t>(*value);
  }

  Result<std::optional<int64_t>> Count(Column column) const {
    const std::optional<size_t>& index = layout_.fixed[static_cast<size_t>(column)];
    if (!index.has_value()) {
      return std::optional<int64_t>();
    }
    return CountAt(*index);
  }

 private:
  const io::CsvTable& table_;
  const Layout& layout_;
  const io::CsvRecord& record_;
};

Result<Layout> ReadHeader(const io::CsvTable& table, ObserverRecords& records) {
  Layout layout;
  for (size_t i = 0; i < table.header.size(); ++i) {
    const std::string name = NormalizeName(table.header[i]);
    auto where = [&] {
      return fmt::format("{}:1: column {} ({})", table.source, i + 1, table.header[i]);
    };
    if (name.rfind(kListPrefix, 0) == 0) {
      const std::string_view list =
          Trim(std::string_view(table.header[i]).substr(kListPrefix.size()));
      if (list.empty()) {
        return InvalidArgumentError(fmt::format(
            "{}: a list column names the list after 'list:', e.g. list:amanat", where()));
      }
      layout.lists.push_back(i);
      records.list_columns.emplace_back(list);
      records.list_column_numbers.push_back(static_cast<int>(i + 1));
      continue;
    }
    const auto* found = std::find(kColumnNames.begin(), kColumnNames.end(), name);
    if (found == kColumnNames.end()) {
      return InvalidArgumentError(
          fmt::format("{}: unknown column; the columns are {} and one list:NAME per list", where(),
                      fmt::join(kColumnNames, ", ")));
    }
    std::optional<size_t>& slot = layout.fixed[static_cast<size_t>(found - kColumnNames.begin())];
    if (slot.has_value()) {
      return InvalidArgumentError(
          fmt::format("{}: the column is given twice (also column {})", where(), *slot + 1));
    }
    slot = i;
  }
  for (Column required : {Column::kPrecinct, Column::kObserver, Column::kRecord}) {
    if (!layout.fixed[static_cast<size_t>(required)].has_value()) {
      return InvalidArgumentError(fmt::format("{}:1: the required column '{}' is missing",
                                              table.source,
                                              kColumnNames[static_cast<size_t>(required)]));
    }
  }
  return layout;
}

// "HH:MM", 00:00 to 23:59, two digits each.
std::optional<int> ParseMinute(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') {
    return std::nullopt;
  }
  for (size_t i : {0, 1, 3, 4}) {
    if (text[i] < '0' || text[i] > '9') {
      return std::nullopt;
    }
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59) {
    return std::nullopt;
  }
  return hours * 60 + minutes;
}

Result<ObserverRecord> ReadRecord(const io::CsvTable& table, const Layout& layout,
                                  const io::CsvRecord& csv) {
  const RowReader row(table, layout, csv);
  ObserverRecord record;
  record.line = csv.line;
  record.precinct = std::string(row.Field(Column::kPrecinct));
  if (record.precinct.empty()) {
    return row.Error(Column::kPrecinct, "the precinct id is empty");
  }
  record.observer = std::string(row.Field(Column::kObserver));
  if (record.observer.empty()) {
    return row.Error(Column::kObserver,
                     "the observer is empty; name the observer (or a code for them)");
  }
  record.organisation = std::string(row.Field(Column::kOrganisation));
  record.note = std::string(row.Field(Column::kNote));
  const std::string_view synthetic = row.Field(Column::kSynthetic);
  if (synthetic == "yes") {
    record.synthetic = true;
  } else if (synthetic != "no" && layout.fixed[static_cast<size_t>(Column::kSynthetic)]) {
    return row.Error(Column::kSynthetic, fmt::format("'{}': write yes or no", synthetic));
  }
  const std::string_view kind = row.Field(Column::kRecord);
  const auto* found = std::find(kKindNames.begin(), kKindNames.end(), kind);
  if (found == kKindNames.end()) {
    return row.Error(Column::kRecord, fmt::format("unknown record kind '{}'; the kinds are {}",
                                                  kind, fmt::join(kKindNames, ", ")));
  }
  record.kind = static_cast<ObserverRecordKind>(found - kKindNames.begin());

  const std::string_view time = row.Field(Column::kTime);
  if (!time.empty()) {
    record.minute = ParseMinute(time);
    if (!record.minute.has_value()) {
      return row.Error(Column::kTime,
                       fmt::format("'{}' is not a time of day; write HH:MM, 00:00 to 23:59", time));
    }
  }
  ASSIGN_OR_RETURN(record.voters_counted, row.Count(Column::kVotersCounted));
  ASSIGN_OR_RETURN(record.figures.registered, row.Count(Column::kRegistered));
  ASSIGN_OR_RETURN(record.figures.ballots, row.Count(Column::kBallots));
  ASSIGN_OR_RETURN(record.figures.valid, row.Count(Column::kValid));
  ASSIGN_OR_RETURN(record.figures.invalid, row.Count(Column::kInvalid));
  bool any_figure = record.figures.registered || record.figures.ballots || record.figures.valid ||
                    record.figures.invalid;
  std::optional<size_t> first_figure;
  for (Column column : {Column::kRegistered, Column::kBallots, Column::kValid, Column::kInvalid}) {
    const std::optional<size_t>& index = layout.fixed[static_cast<size_t>(column)];
    if (!first_figure && index && !Trim(csv.fields[*index]).empty()) {
      first_figure = *index;
    }
  }
  for (size_t index : layout.lists) {
    ASSIGN_OR_RETURN(std::optional<int64_t> votes, row.CountAt(index));
    if (!first_figure && votes) {
      first_figure = index;
    }
    any_figure = any_figure || votes.has_value();
    record.figures.votes.push_back(votes);
  }

  const bool turnout = record.kind == ObserverRecordKind::kTurnout ||
                       record.kind == ObserverRecordKind::kTurnoutClose;
  if (IsCopy(record.kind)) {
    if (!any_figure) {
      return row.Error(Column::kRecord,
                       fmt::format("a {} record has no figure; give at least one of registered, "
                                   "ballots, valid, invalid or a list's votes",
                                   kind));
    }
  } else if (any_figure) {
    return row.ErrorAt(*first_figure,
                       fmt::format("a {} record takes no protocol figures; write the copy's "
                                   "figures on a posted_copy or observer_copy record",
                                   kind));
  }
  if (turnout) {
    if (!record.voters_counted.has_value()) {
      return row.Error(Column::kVotersCounted,
                       fmt::format("a {} record needs the voters counted", kind));
    }
    if (record.kind == ObserverRecordKind::kTurnout && !record.minute.has_value()) {
      return row.Error(Column::kTime, "a turnout record needs the time of the count (HH:MM)");
    }
  } else if (record.voters_counted.has_value()) {
    return row.Error(Column::kVotersCounted,
                     fmt::format("a {} record takes no voters_counted; counts of voters go on "
                                 "turnout or turnout_close records",
                                 kind));
  }
  return record;
}

// One observer's counts at one precinct must not go down over the day, and the same record
// may not be given twice.
Status CheckRecordsTogether(const ObserverRecords& records) {
  // (precinct, observer, kind, minute or -1) -> index of the first such record.
  std::map<std::tuple<std::string, std::string, int, int>, size_t> seen;
  // (precinct, observer) -> indices of turnout and turnout_close records.
  std::map<std::pair<std::string, std::string>, std::vector<size_t>> counts;
  for (size_t i = 0; i < records.records.size(); ++i) {
    const ObserverRecord& r = records.records[i];
    // A daytime count is identified by its time; every other kind is given once.
    const int minute = r.kind == ObserverRecordKind::kTurnout ? r.minute.value_or(-1) : -1;
    const auto [it, inserted] =
        seen.emplace(std::make_tuple(r.precinct, r.observer, static_cast<int>(r.kind), minute), i);
    if (!inserted) {
      const ObserverRecord& first = records.records[it->second];
      return InvalidArgumentError(fmt::format(
          "{}:{}: the {} record of observer '{}' at precinct {}{} is given twice (first on line "
          "{}); give each record once",
          records.source, r.line, ObserverRecordKindName(r.kind), r.observer, r.precinct,
          minute >= 0 ? fmt::format(" at {}", FormatMinute(minute)) : std::string(), first.line));
    }
    if (r.kind == ObserverRecordKind::kTurnout || r.kind == ObserverRecordKind::kTurnoutClose) {
      counts[{r.precinct, r.observer}].push_back(i);
    }
  }
  for (auto& [key, indices] : counts) {
    // The close count comes last; daytime counts by time.
    auto order = [&](size_t i) {
      const ObserverRecord& r = records.records[i];
      return std::make_pair(r.kind == ObserverRecordKind::kTurnoutClose ? 1 : 0,
                            r.minute.value_or(0));
    };
    std::stable_sort(indices.begin(), indices.end(),
                     [&](size_t a, size_t b) { return order(a) < order(b); });
    for (size_t k = 1; k < indices.size(); ++k) {
      const ObserverRecord& before = records.records[indices[k - 1]];
      const ObserverRecord& after = records.records[indices[k]];
      auto when = [](const ObserverRecord& r) {
        return r.kind == ObserverRecordKind::kTurnoutClose ? std::string("the close")
                                                           : FormatMinute(*r.minute);
      };
      if (after.kind == ObserverRecordKind::kTurnoutClose && after.minute.has_value() &&
          before.minute.has_value() && *after.minute < *before.minute) {
        return InvalidArgumentError(fmt::format(
            "{}:{}: observer '{}' at precinct {}: the close is at {}, before the count at {} on "
            "line {}",
            records.source, after.line, key.second, key.first, FormatMinute(*after.minute),
            FormatMinute(*before.minute), before.line));
      }
      if (*after.voters_counted < *before.voters_counted) {
        return InvalidArgumentError(fmt::format(
            "{}:{}: observer '{}' at precinct {}: {} voters counted at {}, fewer than the {} at "
            "{} on line {}; voters counted so far never go down",
            records.source, after.line, key.second, key.first, *after.voters_counted, when(after),
            *before.voters_counted, when(before), before.line));
      }
    }
  }
  return OkStatus();
}

}  // namespace

std::string_view ObserverRecordKindName(ObserverRecordKind kind) {
  return kKindNames[static_cast<size_t>(kind)];
}

bool IsCopy(ObserverRecordKind kind) {
  return kind == ObserverRecordKind::kPostedCopy || kind == ObserverRecordKind::kObserverCopy;
}

std::string FormatMinute(int minute) {
  return fmt::format("{:02}:{:02}", minute / 60, minute % 60);
}

Result<ObserverRecords> ParseObserverRecords(std::string_view text, std::string_view source) {
  // A UTF-8 byte order mark, as some spreadsheets write, is not part of the first column name.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    text.remove_prefix(3);
  }
  ASSIGN_OR_RETURN(io::CsvTable table, io::ParseCsv(text, source));
  ObserverRecords records;
  records.source = std::string(source);
  ASSIGN_OR_RETURN(Layout layout, ReadHeader(table, records));
  records.records.reserve(table.rows.size());
  for (const io::CsvRecord& csv : table.rows) {
    ASSIGN_OR_RETURN(ObserverRecord record, ReadRecord(table, layout, csv));
    records.synthetic = records.synthetic || record.synthetic;
    records.records.push_back(std::move(record));
  }
  RETURN_IF_ERROR(CheckRecordsTogether(records));
  return records;
}

Result<ObserverRecords> ReadObserverRecordsFile(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, io::ReadTextFile(path));
  return ParseObserverRecords(text, path);
}

}  // namespace esep::observers
