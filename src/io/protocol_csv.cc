#include "io/protocol_csv.h"

#include <array>
#include <iterator>
#include <vector>

#include <fmt/format.h>

#include "base/text.h"
#include "io/csv.h"

namespace esep::io {

namespace {

using protocol::Figure;
using protocol::Protocol;

// The count columns, in the order of the form, and where each goes.
struct CountColumn {
  std::string_view name;
  int64_t Protocol::*field;
};

constexpr std::array<CountColumn, 13> kCountColumns = {{
    {"voters_on_list", &Protocol::voters_on_list},
    {"voters_added_on_day", &Protocol::voters_added_on_day},
    {"ballots_received", &Protocol::ballots_received},
    {"ballots_issued_premises", &Protocol::ballots_issued_premises},
    {"ballots_issued_mobile", &Protocol::ballots_issued_mobile},
    {"ballots_issued_absentee", &Protocol::ballots_issued_absentee},
    {"ballots_unused", &Protocol::ballots_unused},
    {"ballots_spoiled", &Protocol::ballots_spoiled},
    {"ballots_in_stationary_boxes", &Protocol::ballots_in_stationary_boxes},
    {"ballots_in_mobile_boxes", &Protocol::ballots_in_mobile_boxes},
    {"invalid_ballots", &Protocol::invalid_ballots},
    {"valid_ballots", &Protocol::valid_ballots},
    {"against_all", &Protocol::against_all},
}};

// Where each column of the header goes.
struct Layout {
  size_t commission = 0;
  size_t contest = 0;
  std::array<size_t, kCountColumns.size()> counts{};
  std::optional<size_t> turnout;
  std::vector<size_t> choices;  // choice_1, choice_2, ... in order
  std::vector<std::string> choice_names;
  size_t width = 0;
};

Result<Layout> ReadHeader(const CsvRecord& header, std::string_view source) {
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
  for (size_t k = 0; k < kCountColumns.size(); ++k) {
    ASSIGN_OR_RETURN(layout.counts[k], require(kCountColumns[k].name));
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
  for (size_t i = 0; i < used.size(); ++i) {
    if (!used[i]) {
      return InvalidArgumentError(
          fmt::format("{}:{}: unknown column '{}' (choice columns must be numbered without gaps)",
                      source, header.line, header.fields[i]));
    }
  }
  return layout;
}

// The protocol of one row, or the first rule it breaks.
Result<Protocol> ReadRow(const CsvRecord& record, const Layout& layout, std::string_view source) {
  // Built only when a row is bad: a million good rows should not format a million strings.
  auto where = [&] { return fmt::format("{}:{}", source, record.line); };
  if (record.fields.size() != layout.width) {
    return InvalidArgumentError(fmt::format("{}: {} fields, but the header has {} columns", where(),
                                            record.fields.size(), layout.width));
  }
  Protocol protocol;
  protocol.commission_id = record.fields[layout.commission];
  if (protocol.commission_id.empty()) {
    return InvalidArgumentError(fmt::format(
        "{}: field 'commission' is empty; every protocol names its commission", where()));
  }
  Result<protocol::ContestRef> contest = ParseContest(record.fields[layout.contest]);
  if (!contest.has_value()) {
    return InvalidArgumentError(
        fmt::format("{}: field 'contest': {}", where(), contest.error().message()));
  }
  protocol.contest = *contest;
  auto count = [&](size_t column, std::string_view name) -> Result<int64_t> {
    Result<int64_t> value = ParseCount(record.fields[column]);
    if (!value.has_value()) {
      return InvalidArgumentError(
          fmt::format("{}: field '{}': {} (counts are whole numbers, 0 or "
                      "more)",
                      where(), name, value.error().message()));
    }
    return value;
  };
  for (size_t k = 0; k < kCountColumns.size(); ++k) {
    ASSIGN_OR_RETURN(protocol.*kCountColumns[k].field,
                     count(layout.counts[k], kCountColumns[k].name));
  }
  if (layout.turnout.has_value() && !record.fields[*layout.turnout].empty()) {
    ASSIGN_OR_RETURN(protocol.turnout_reported_during_day,
                     count(*layout.turnout, "turnout_reported_during_day"));
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
  for (size_t k = 0; k < last; ++k) {
    const std::string& name = layout.choice_names[k];
    if (record.fields[layout.choices[k]].empty()) {
      return InvalidArgumentError(
          fmt::format("{}: field '{}' is empty but a later choice has votes; write 0 for no votes",
                      where(), name));
    }
    ASSIGN_OR_RETURN(int64_t votes, count(layout.choices[k], name));
    protocol.choice_votes.push_back(votes);
  }
  return protocol;
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

std::string ProtocolCsvHeader(size_t choices) {
  std::string header = "commission,contest";
  for (const CountColumn& column : kCountColumns) {
    header += ',';
    header += column.name;
  }
  header += ",turnout_reported_during_day";
  for (size_t k = 1; k <= choices; ++k) {
    header += fmt::format(",choice_{}", k);
  }
  return header + "\n";
}

void AppendProtocolCsvRow(const protocol::Protocol& protocol, size_t choices, std::string& out) {
  // Commission ids are written as given; quote one that holds a comma or a quote.
  if (protocol.commission_id.find_first_of(",\"\n") == std::string::npos) {
    out += protocol.commission_id;
  } else {
    out += '"';
    for (char c : protocol.commission_id) {
      out += c;
      if (c == '"') {
        out += '"';
      }
    }
    out += '"';
  }
  out += protocol.contest.kind == protocol::ContestRef::Kind::kPartyList
             ? std::string(",list")
             : fmt::format(",district:{}", protocol.contest.district);
  for (const CountColumn& column : kCountColumns) {
    fmt::format_to(std::back_inserter(out), ",{}", protocol.*column.field);
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
  out += '\n';
}

Status ReadProtocolCsv(std::string_view text, std::string_view source,
                       const std::function<void(ProtocolRow&&)>& on_row) {
  CsvCursor cursor(text, source);
  CsvRecord record;
  std::optional<Layout> layout;
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
    ProtocolRow row;
    row.line = record.line;
    Result<Protocol> protocol = ReadRow(record, *layout, source);
    if (protocol.has_value()) {
      row.protocol = std::move(*protocol);
    } else {
      row.error = protocol.error().message();
    }
    on_row(std::move(row));
  }
  if (!layout.has_value()) {
    return InvalidArgumentError(
        fmt::format("{}: the file is empty; a header line is required", source));
  }
  return OkStatus();
}

}  // namespace esep::io
