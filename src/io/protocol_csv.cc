#include "io/protocol_csv.h"

#include <array>
#include <functional>
#include <iterator>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "base/text.h"
#include "io/csv.h"

namespace esep::io {

namespace {

using protocol::Figure;
using protocol::Protocol;

// The decision columns, all four or none, in the order of protocol::Decision.
struct DecisionColumn {
  std::string_view name;
  std::string protocol::Decision::*field;
};

constexpr std::array<DecisionColumn, 4> kDecisionColumns = {{
    {"decision_number", &protocol::Decision::number},
    {"decision_date", &protocol::Decision::date},
    {"decision_commission", &protocol::Decision::commission},
    {"decision_reason", &protocol::Decision::reason},
}};

// Where each column of the header goes.
struct Layout {
  size_t commission = 0;
  size_t contest = 0;
  std::array<size_t, protocol::kCountFields.size()> counts{};
  std::optional<size_t> turnout;
  std::vector<size_t> choices;  // choice_1, choice_2, ... in order
  std::vector<std::string> choice_names;
  std::optional<std::array<size_t, kDecisionColumns.size()>> decision;
  size_t width = 0;
};

Result<Layout> ReadHeader(const CsvRecordView& header, std::string_view source) {
  Layout layout;
  layout.width = header.fields.size();
  std::vector<bool> used(header.fields.size(), false);
  auto find = [&](std::string_view name) -> std::optional<size_t> {
    for (size_t i = 0; i < header.fields.size(); ++i) {
      if (NormalizeName(header.fields[i]) == name) {
        used[i] = true;
        return i;
      }
    }
    return std::nullopt;
  };
  auto require = [&](std::string_view name) -> Result<size_t> {
    const std::optional<size_t> column = find(name);
    if (!column.has_value()) {
      return InvalidArgumentError(fmt::format(
          "{}:{}: the header has no column '{}' (docs/formats/protocols-csv.md lists them)", source,
          header.line, name));
    }
    return *column;
  };
  ASSIGN_OR_RETURN(layout.commission, require("commission"));
  ASSIGN_OR_RETURN(layout.contest, require("contest"));
  for (size_t k = 0; k < protocol::kCountFields.size(); ++k) {
    ASSIGN_OR_RETURN(layout.counts[k], require(protocol::kCountFields[k].key));
  }
  layout.turnout = find("turnout_reported_during_day");
  for (int k = 1;; ++k) {
    const std::optional<size_t> column = find(fmt::format("choice_{}", k));
    if (!column.has_value()) {
      break;
    }
    layout.choices.push_back(*column);
    layout.choice_names.push_back(fmt::format("choice_{}", k));
  }
  if (layout.choices.empty()) {
    return InvalidArgumentError(fmt::format(
        "{}:{}: the header has no column 'choice_1'; votes for lists or candidates go in "
        "choice_1, choice_2, ...",
        source, header.line));
  }
  std::array<std::optional<size_t>, kDecisionColumns.size()> decision;
  bool any_decision = false;
  for (size_t k = 0; k < kDecisionColumns.size(); ++k) {
    decision[k] = find(kDecisionColumns[k].name);
    any_decision = any_decision || decision[k].has_value();
  }
  if (any_decision) {
    std::array<size_t, kDecisionColumns.size()> columns{};
    for (size_t k = 0; k < kDecisionColumns.size(); ++k) {
      if (!decision[k].has_value()) {
        return InvalidArgumentError(
            fmt::format("{}:{}: the header has no column '{}'; the decision columns "
                        "(decision_number, decision_date, decision_commission, decision_reason) "
                        "come all four or not at all",
                        source, header.line, kDecisionColumns[k].name));
      }
      columns[k] = *decision[k];
    }
    layout.decision = columns;
  }
  for (size_t i = 0; i < used.size(); ++i) {
    if (!used[i]) {
      return InvalidArgumentError(
          fmt::format("{}:{}: unknown column '{}' (choice columns must be numbered without gaps)",
                      source, header.line, header.fields[i]));
    }
  }
  return layout;
}

// A count written with 1 to 15 digits and nothing else, the common case, without building a
// Result; anything else goes through ParseCount, which says what is wrong with it.
bool ParsePlainCount(std::string_view text, int64_t& value) {
  if (text.empty() || text.size() > 15) {
    return false;
  }
  int64_t parsed = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') {
      return false;
    }
    parsed = parsed * 10 + (c - '0');
  }
  value = parsed;
  return true;
}

// "district:N" with N plain digits, the form esep writes; other spellings go through
// ParseContest.
bool ParsePlainDistrict(std::string_view text, protocol::ContestRef& contest) {
  constexpr std::string_view kPrefix = "district:";
  int64_t number = 0;
  if (text.substr(0, kPrefix.size()) != kPrefix ||
      !ParsePlainCount(text.substr(kPrefix.size()), number) || number < 1 || number > 10'000) {
    return false;
  }
  contest = {protocol::ContestRef::Kind::kDistrict, static_cast<int>(number)};
  return true;
}

// Reads one row into `protocol` and `decision` (reusing their storage), or returns the first
// rule it breaks.
Status ReadRow(const CsvRecordView& record, const Layout& layout, std::string_view source,
               Protocol& protocol, std::optional<protocol::Decision>& decision) {
  // Built only when a row is bad: a million good rows should not format a million strings.
  auto where = [&] { return fmt::format("{}:{}", source, record.line); };
  if (record.fields.size() != layout.width) {
    return InvalidArgumentError(fmt::format("{}: {} fields, but the header has {} columns", where(),
                                            record.fields.size(), layout.width));
  }
  const std::string_view commission = record.fields[layout.commission];
  if (commission.empty()) {
    return InvalidArgumentError(fmt::format(
        "{}: field 'commission' is empty; every protocol names its commission", where()));
  }
  protocol.commission_id.assign(commission);
  const std::string_view contest_text = record.fields[layout.contest];
  if (contest_text == "list") {
    protocol.contest = protocol::ContestRef{};
  } else if (!ParsePlainDistrict(contest_text, protocol.contest)) {
    Result<protocol::ContestRef> contest = ParseContest(contest_text);
    if (!contest.has_value()) {
      return InvalidArgumentError(
          fmt::format("{}: field 'contest': {}", where(), contest.error().message()));
    }
    protocol.contest = *contest;
  }
  auto count = [&](size_t column, std::string_view name, int64_t& value) -> Status {
    if (ParsePlainCount(record.fields[column], value)) {
      return OkStatus();
    }
    Result<int64_t> parsed = ParseCount(record.fields[column]);
    if (!parsed.has_value()) {
      return InvalidArgumentError(
          fmt::format("{}: field '{}': {} (counts are whole numbers, 0 or "
                      "more)",
                      where(), name, parsed.error().message()));
    }
    value = *parsed;
    return OkStatus();
  };
  for (size_t k = 0; k < protocol::kCountFields.size(); ++k) {
    RETURN_IF_ERROR(count(layout.counts[k], protocol::kCountFields[k].key,
                          protocol.*protocol::kCountFields[k].member));
  }
  protocol.turnout_reported_during_day.reset();
  if (layout.turnout.has_value() && !record.fields[*layout.turnout].empty()) {
    int64_t turnout = 0;
    RETURN_IF_ERROR(count(*layout.turnout, "turnout_reported_during_day", turnout));
    protocol.turnout_reported_during_day = turnout;
  }
  // Choices run from choice_1 to the last non-empty one; a gap in between is an error.
  size_t last = 0;
  for (size_t k = 0; k < layout.choices.size(); ++k) {
    if (!record.fields[layout.choices[k]].empty()) {
      last = k + 1;
    }
  }
  if (last == 0) {
    return InvalidArgumentError(
        fmt::format("{}: no votes in choice_1 ...: every protocol has at "
                    "least one list or candidate",
                    where()));
  }
  protocol.choice_votes.resize(last);
  for (size_t k = 0; k < last; ++k) {
    if (record.fields[layout.choices[k]].empty()) {
      return InvalidArgumentError(
          fmt::format("{}: field '{}' is empty but a later choice has votes; write 0 for no votes",
                      where(), layout.choice_names[k]));
    }
    RETURN_IF_ERROR(count(layout.choices[k], layout.choice_names[k], protocol.choice_votes[k]));
  }
  decision.reset();
  if (layout.decision.has_value()) {
    const auto& columns = *layout.decision;
    size_t given = 0;
    for (const size_t column : columns) {
      given += Trim(record.fields[column]).empty() ? 0 : 1;
    }
    if (given == columns.size()) {
      decision.emplace();
      for (size_t k = 0; k < columns.size(); ++k) {
        (*decision).*kDecisionColumns[k].field = std::string(record.fields[columns[k]]);
      }
    } else if (given > 0) {
      for (size_t k = 0; k < columns.size(); ++k) {
        if (Trim(record.fields[columns[k]]).empty()) {
          return InvalidArgumentError(fmt::format(
              "{}: field '{}' is empty, but the row gives other decision fields; a decision "
              "names its number, date, commission and reason (all four, or none)",
              where(), kDecisionColumns[k].name));
        }
      }
    }
  }
  return OkStatus();
}

// Hands `row` to the caller, who may move from it; the reader refills every member of it for
// the next row (the reuse that spares an allocation per row).
void Deliver(const std::function<void(ProtocolRow&&)>& on_row, ProtocolRow& row) {
  on_row(std::move(row));
}

// Appends `text` as one CSV field, quoted when it would not survive unquoted (a comma, a
// quote, a line break, or padding that the reader would trim).
void AppendField(std::string_view text, std::string& out) {
  const bool plain = text.find_first_of(",\"\r\n") == std::string_view::npos &&
                     (text.empty() || Trim(text).size() == text.size());
  if (plain) {
    out += text;
    return;
  }
  out += '"';
  for (const char c : text) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  out += '"';
}

}  // namespace

Result<protocol::ContestRef> ParseContest(std::string_view text) {
  if (text == "list") {
    return protocol::ContestRef{};  // the common case, without an allocation
  }
  const std::string normalized = NormalizeName(text);
  if (normalized == "list") {
    return protocol::ContestRef{};
  }
  for (std::string_view prefix : {"district:", "district "}) {
    if (normalized.rfind(prefix, 0) == 0) {
      Result<int64_t> number = ParseCount(std::string_view(normalized).substr(prefix.size()));
      if (number.has_value() && *number >= 1 && *number <= 10'000) {
        return protocol::ContestRef{protocol::ContestRef::Kind::kDistrict,
                                    static_cast<int>(*number)};
      }
    }
  }
  return InvalidArgumentError(
      fmt::format("'{}' is not a contest; write 'list' or 'district:N' (N from 1)", text));
}

std::string ProtocolCsvHeader(size_t choices, DecisionColumns decisions) {
  std::string header = "commission,contest";
  for (const protocol::CountField& column : protocol::kCountFields) {
    header += ',';
    header += column.key;
  }
  header += ",turnout_reported_during_day";
  for (size_t k = 1; k <= choices; ++k) {
    header += fmt::format(",choice_{}", k);
  }
  if (decisions == DecisionColumns::kYes) {
    for (const DecisionColumn& column : kDecisionColumns) {
      header += ',';
      header += column.name;
    }
  }
  return header + "\n";
}

namespace {

void AppendProtocolFields(const protocol::Protocol& protocol, size_t choices, std::string& out) {
  AppendField(protocol.commission_id, out);
  if (protocol.contest.kind == protocol::ContestRef::Kind::kPartyList) {
    out += ",list";
  } else {
    fmt::format_to(std::back_inserter(out), ",district:{}", protocol.contest.district);
  }
  for (const protocol::CountField& column : protocol::kCountFields) {
    fmt::format_to(std::back_inserter(out), ",{}", protocol.*column.member);
  }
  out += ',';
  if (protocol.turnout_reported_during_day.has_value()) {
    fmt::format_to(std::back_inserter(out), "{}", *protocol.turnout_reported_during_day);
  }
  for (size_t k = 0; k < choices; ++k) {
    out += ',';
    if (k < protocol.choice_votes.size()) {
      fmt::format_to(std::back_inserter(out), "{}", protocol.choice_votes[k]);
    }
  }
}

}  // namespace

void AppendProtocolCsvRow(const protocol::Protocol& protocol, size_t choices, std::string& out) {
  AppendProtocolFields(protocol, choices, out);
  out += '\n';
}

void AppendProtocolCsvRow(const protocol::Protocol& protocol,
                          const std::optional<protocol::Decision>& decision, size_t choices,
                          std::string& out) {
  AppendProtocolFields(protocol, choices, out);
  for (const DecisionColumn& column : kDecisionColumns) {
    out += ',';
    if (decision.has_value()) {
      AppendField((*decision).*column.field, out);
    }
  }
  out += '\n';
}

Status ReadProtocolCsv(std::string_view text, std::string_view source,
                       const std::function<void(ProtocolRow&&)>& on_row) {
  CsvCursor cursor(text, source);
  CsvRecordView record;
  std::optional<Layout> layout;
  // One row, reused: its commission id and choices keep their capacity from row to row.
  ProtocolRow row;
  while (true) {
    ASSIGN_OR_RETURN(bool more, cursor.Next(record));
    if (!more) {
      break;
    }
    if (record.fields.size() == 1 && record.fields[0].empty()) {
      continue;  // a blank line
    }
    if (!layout.has_value()) {
      ASSIGN_OR_RETURN(layout, ReadHeader(record, source));
      continue;
    }
    row.line = record.line;
    row.error.clear();
    if (!row.protocol.has_value()) {
      row.protocol.emplace();
    }
    const Status status = ReadRow(record, *layout, source, *row.protocol, row.decision);
    if (!status.ok()) {
      row.protocol.reset();
      row.decision.reset();
      row.error = status.message();
    }
    Deliver(on_row, row);
  }
  if (!layout.has_value()) {
    return InvalidArgumentError(
        fmt::format("{}: the file is empty; a header line is required", source));
  }
  return OkStatus();
}

}  // namespace esep::io
