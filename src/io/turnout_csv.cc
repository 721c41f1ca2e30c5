#include "io/turnout_csv.h"

#include <array>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "base/text.h"
#include "io/csv.h"

namespace esep::io {

namespace {

constexpr std::array<std::string_view, 3> kRequired = {"commission", "time", "voters"};

// The decision columns, all four or none, in the order of protocol::Decision.
constexpr std::array<std::pair<std::string_view, std::string protocol::Decision::*>, 4>
    kDecisionColumns = {{{"decision_number", &protocol::Decision::number},
                         {"decision_date", &protocol::Decision::date},
                         {"decision_commission", &protocol::Decision::commission},
                         {"decision_reason", &protocol::Decision::reason}}};

struct Layout {
  std::array<size_t, 3> required{};
  std::optional<size_t> synthetic;
  std::optional<std::array<size_t, 4>> decision;
};

Result<Layout> ReadLayout(const CsvTable& table) {
  Layout layout;
  std::vector<bool> used(table.header.size(), false);
  for (size_t k = 0; k < kRequired.size(); ++k) {
    const std::optional<size_t> column = table.FindColumn(kRequired[k]);
    if (!column.has_value()) {
      return InvalidArgumentError(fmt::format(
          "{}:1: the header has no column '{}'; a turnout file has the columns commission, time, "
          "voters (docs/formats/turnout-csv.md); found: {}",
          table.source, kRequired[k], table.HeaderForMessage()));
    }
    layout.required[k] = *column;
    used[*column] = true;
  }
  layout.synthetic = table.FindColumn("synthetic");
  if (layout.synthetic.has_value()) {
    used[*layout.synthetic] = true;
  }
  std::array<std::optional<size_t>, 4> decision;
  size_t found = 0;
  for (size_t k = 0; k < kDecisionColumns.size(); ++k) {
    decision[k] = table.FindColumn(kDecisionColumns[k].first);
    if (decision[k].has_value()) {
      used[*decision[k]] = true;
      ++found;
    }
  }
  if (found > 0) {
    std::array<size_t, 4> columns{};
    for (size_t k = 0; k < kDecisionColumns.size(); ++k) {
      if (!decision[k].has_value()) {
        return InvalidArgumentError(fmt::format(
            "{}:1: the header has no column '{}'; the decision columns (decision_number, "
            "decision_date, decision_commission, decision_reason) come all four or not at all",
            table.source, kDecisionColumns[k].first));
      }
      columns[k] = *decision[k];
    }
    layout.decision = columns;
  }
  for (size_t column = 0; column < used.size(); ++column) {
    if (!used[column]) {
      return InvalidArgumentError(fmt::format(
          "{}:1: unknown column '{}'; a turnout file has the columns commission, time, voters and "
          "optionally synthetic and the four decision columns (docs/formats/turnout-csv.md)",
          table.source, EscapeControlCharacters(table.header[column])));
    }
  }
  return layout;
}

// The row's report and decision, or the first rule it breaks.
Status ReadRow(const CsvTable& table, const CsvRecord& record, const Layout& layout,
               TurnoutRow& row) {
  const std::string where = table.Where(record);
  const std::string& commission = record.fields[layout.required[0]];
  const std::string& time = record.fields[layout.required[1]];
  const std::string& voters = record.fields[layout.required[2]];
  if (Trim(commission).empty()) {
    return InvalidArgumentError(fmt::format(
        "{}: field 'commission' is empty; every turnout report names its precinct commission",
        where));
  }
  if (!protocol::IsClockTime(time)) {
    return InvalidArgumentError(fmt::format(
        "{}: field 'time': '{}' is not a time of day written HH:MM (two digits each, e.g. 10:00)",
        where, EscapeControlCharacters(time)));
  }
  Result<int64_t> count = ParseCount(voters);
  if (!count.has_value()) {
    return InvalidArgumentError(fmt::format(
        "{}: field 'voters': {} (the voters who had received ballots by the time: a whole "
        "number, 0 or more)",
        where, count.error().message()));
  }
  if (layout.synthetic.has_value()) {
    const std::string& synthetic = record.fields[*layout.synthetic];
    if (synthetic != "yes" && synthetic != "no") {
      return InvalidArgumentError(fmt::format("{}: field 'synthetic': '{}' is neither yes nor no",
                                              where, EscapeControlCharacters(synthetic)));
    }
    row.synthetic = synthetic == "yes";
  }
  row.report = protocol::TurnoutReport{commission, time, *count};
  if (layout.decision.has_value()) {
    size_t given = 0;
    for (const size_t column : *layout.decision) {
      given += Trim(record.fields[column]).empty() ? 0 : 1;
    }
    if (given == kDecisionColumns.size()) {
      row.decision.emplace();
      for (size_t k = 0; k < kDecisionColumns.size(); ++k) {
        (*row.decision).*kDecisionColumns[k].second = record.fields[(*layout.decision)[k]];
      }
    } else if (given > 0) {
      for (size_t k = 0; k < kDecisionColumns.size(); ++k) {
        if (Trim(record.fields[(*layout.decision)[k]]).empty()) {
          row.report.reset();
          return InvalidArgumentError(fmt::format(
              "{}: field '{}' is empty, but the row gives other decision fields; a decision "
              "names its number, date, commission and reason (all four, or none)",
              where, kDecisionColumns[k].first));
        }
      }
    }
  }
  return OkStatus();
}

}  // namespace

Status ReadTurnoutCsv(std::string_view text, std::string_view source,
                      const std::function<void(TurnoutRow&&)>& on_row) {
  ASSIGN_OR_RETURN(const CsvTable table, ParseCsv(text, source));
  ASSIGN_OR_RETURN(const Layout layout, ReadLayout(table));
  for (const CsvRecord& record : table.rows) {
    TurnoutRow row;
    row.line = record.line;
    if (Status read = ReadRow(table, record, layout, row); !read.ok()) {
      row.report.reset();
      row.decision.reset();
      row.synthetic = false;
      row.error = read.message();
    }
    on_row(std::move(row));
  }
  return OkStatus();
}

std::string TurnoutCsvHeader(TurnoutOrigin origin) {
  return origin == TurnoutOrigin::kSynthetic ? "synthetic,commission,time,voters\n"
                                             : "commission,time,voters\n";
}

void AppendTurnoutCsvRow(const protocol::TurnoutReport& report, std::string& out,
                         TurnoutOrigin origin) {
  if (origin == TurnoutOrigin::kSynthetic) {
    out += "yes,";
  }
  // Commission ids in definitions are plain (letters, digits, '-', '_', ' '): quoted only when
  // one would not survive unquoted.
  const bool plain = report.commission_id.find_first_of(",\"\r\n") == std::string::npos &&
                     Trim(report.commission_id).size() == report.commission_id.size();
  if (plain) {
    out += report.commission_id;
  } else {
    out.push_back('"');
    for (const char c : report.commission_id) {
      out += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    out.push_back('"');
  }
  out += fmt::format(",{},{}\n", report.time, report.voters);
}

}  // namespace esep::io
