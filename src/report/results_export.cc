#include "report/results_export.h"

#include <map>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/text.h"
#include "report/internal/json_out.h"
#include "report/text_table.h"

namespace esep::report {

namespace {

using protocol::ContestRef;

// RFC 4180: quote a field that holds a comma, a quote or a line break.
std::string CsvField(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string(text);
  }
  std::string quoted = "\"";
  for (char c : text) {
    quoted += c;
    if (c == '"') {
      quoted += '"';
    }
  }
  return quoted + "\"";
}

std::string Dump(const nlohmann::json& value) {
  // Replace rather than throw on invalid UTF-8: names come validated, but never crash.
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string ColumnName(const ContestRef& contest, const std::string& choice) {
  return contest.kind == ContestRef::Kind::kPartyList
             ? choice
             : fmt::format("district {}: {}", contest.district, choice);
}

Status StreamStatus(const std::ostream& out) {
  if (out.fail()) {
    return UnavailableError("the results could not be written (output stream failed)");
  }
  return OkStatus();
}

Status WriteCsv(std::ostream& out, const results::ResultsSource& source,
                const results::ResultsQuery& query) {
  ASSIGN_OR_RETURN(std::vector<ContestRef> contests, results::ResultContests(source, query));
  std::vector<size_t> widths;  // choice columns of each contest
  widths.reserve(contests.size());
  for (const ContestRef& contest : contests) {
    widths.push_back(results::ChoiceNames(source.definition, source.tabulator, contest).size());
  }
  std::string line;
  return results::ForEachResultRow(
      source, query, [&] { out << ResultsCsvHeader(source, contests); },
      [&](const results::ResultRow& row) {
        line = fmt::format("{},{},{},{},{},{},{},{}", results::ResultLevelName(row.level),
                           CsvField(row.unit_id), CsvField(row.unit_name), CsvField(row.parent_id),
                           row.contest.ToString(), row.protocols, row.expected,
                           results::ResultStatusName(row.status));
        for (const results::AccountField& field : results::BallotAccountFields()) {
          fmt::format_to(std::back_inserter(line), ",{}", row.counts.Get(field.figure));
        }
        for (size_t c = 0; c < contests.size(); ++c) {
          const bool own = contests[c] == row.contest;
          for (size_t k = 0; k < widths[c]; ++k) {
            line += ',';
            if (own && k < row.counts.choice_votes.size()) {
              fmt::format_to(std::back_inserter(line), "{}", row.counts.choice_votes[k]);
            }
          }
        }
        fmt::format_to(std::back_inserter(line), ",{},{},", row.counts.against_all,
                       row.turnout_percent);
        if (row.counts.turnout_reported_during_day.has_value()) {
          fmt::format_to(std::back_inserter(line), "{}", *row.counts.turnout_reported_during_day);
        }
        line += '\n';
        out << line;
      });
}

}  // namespace

void AppendResultRowJson(std::string& out, const results::ResultRow& row) {
  out += "{\"level\":\"";
  out += results::ResultLevelName(row.level);
  out += "\",\"unit_id\":";
  internal::AppendJsonString(out, row.unit_id);
  out += ",\"unit_name\":";
  internal::AppendJsonString(out, row.unit_name);
  out += ",\"parent_id\":";
  internal::AppendJsonString(out, row.parent_id);
  fmt::format_to(
      std::back_inserter(out),
      R"(,"contest":"{}","protocols":{},"expected":{},"status":"{}","ballot_account":{{)",
      row.contest.ToString(), row.protocols, row.expected, results::ResultStatusName(row.status));
  bool first = true;
  for (const results::AccountField& field : results::BallotAccountFields()) {
    fmt::format_to(std::back_inserter(out), R"({}"{}":{})", first ? "" : ",", field.key,
                   row.counts.Get(field.figure));
    first = false;
  }
  out += "},\"choices\":[";
  for (size_t k = 0; k < row.counts.choice_votes.size(); ++k) {
    out += k == 0 ? "{\"name\":" : ",{\"name\":";
    internal::AppendJsonString(out, row.choice_names[k]);
    fmt::format_to(std::back_inserter(out), R"(,"votes":{}}})", row.counts.choice_votes[k]);
  }
  fmt::format_to(std::back_inserter(out),
                 R"(],"against_all":{},"turnout_percent":"{}","turnout_reported_during_day":)",
                 row.counts.against_all, row.turnout_percent);
  if (row.counts.turnout_reported_during_day.has_value()) {
    fmt::format_to(std::back_inserter(out), "{}}}", *row.counts.turnout_reported_during_day);
  } else {
    out += "null}";
  }
}

namespace {

Status WriteJson(std::ostream& out, const results::ResultsSource& source,
                 const results::ResultsQuery& query, const Provenance& provenance) {
  const nlohmann::json unit = query.unit.has_value() ? nlohmann::json(*query.unit) : nullptr;
  auto head = [&] {
    out << "{\"format\":\"esep-results/1\",\"election_id\":" << Dump(provenance.election_id)
        << ",\"definition_sha256\":" << Dump(provenance.definition_sha256)
        << ",\"chain_head\":" << Dump(provenance.chain_head) << ",\"snapshot_entry\":"
        << (provenance.snapshot_entry.has_value() ? std::to_string(*provenance.snapshot_entry)
                                                  : std::string("null"))
        << ",\"level\":\"" << results::ResultLevelName(query.level) << "\",\"unit\":" << Dump(unit)
        << ",\"rows\":[";
  };
  std::string line;
  bool first = true;
  RETURN_IF_ERROR(
      results::ForEachResultRow(source, query, head, [&](const results::ResultRow& row) {
        line = first ? "\n" : ",\n";
        first = false;
        AppendResultRowJson(line, row);
        out << line;
      }));
  out << "\n]}\n";
  return OkStatus();
}

std::string ContestTitle(const ContestRef& contest) {
  return contest.kind == ContestRef::Kind::kPartyList
             ? std::string("Party list")
             : fmt::format("District {}", contest.district);
}

Status WriteTable(std::ostream& out, const results::ResultsSource& source,
                  const results::ResultsQuery& query) {
  ASSIGN_OR_RETURN(std::vector<ContestRef> contests, results::ResultContests(source, query));
  // One table per contest, since each has its own choices.
  std::vector<TextTable> tables;
  std::map<std::pair<int, int>, size_t> table_of;  // (kind, district) -> table
  for (const ContestRef& contest : contests) {
    std::vector<Column> columns = {{"Unit"},
                                   {"Name"},
                                   {"Protocols", Align::kRight},
                                   {"Status"},
                                   {"Voters", Align::kRight},
                                   {"Issued", Align::kRight},
                                   {"Turnout", Align::kRight}};
    for (std::string& name : results::ChoiceNames(source.definition, source.tabulator, contest)) {
      columns.push_back({std::move(name), Align::kRight});
    }
    columns.push_back({"Against all", Align::kRight});
    columns.push_back({"Invalid", Align::kRight});
    table_of[{static_cast<int>(contest.kind), contest.district}] = tables.size();
    tables.emplace_back(std::move(columns));
  }
  std::vector<size_t> filled(tables.size(), 0);
  RETURN_IF_ERROR(results::ForEachResultRow(source, query, [&](const results::ResultRow& row) {
    const size_t t = table_of.at({static_cast<int>(row.contest.kind), row.contest.district});
    std::vector<std::string> cells = {
        row.unit_id,
        row.unit_name,
        fmt::format("{} of {}", GroupThousands(row.protocols), GroupThousands(row.expected)),
        std::string(results::ResultStatusName(row.status)),
        GroupThousands(row.counts.voters_on_list),
        GroupThousands(row.counts.ballots_issued()),
        row.turnout_percent + (row.counts.voters_on_list > 0 ? "%" : "")};
    const size_t choices =
        results::ChoiceNames(source.definition, source.tabulator, row.contest).size();
    for (size_t k = 0; k < choices; ++k) {
      cells.push_back(k < row.counts.choice_votes.size()
                          ? GroupThousands(row.counts.choice_votes[k])
                          : std::string());
    }
    cells.push_back(GroupThousands(row.counts.against_all));
    cells.push_back(GroupThousands(row.counts.invalid_ballots));
    tables[t].AddRow(std::move(cells));
    ++filled[t];
  }));
  bool first = true;
  for (size_t t = 0; t < tables.size(); ++t) {
    if (filled[t] == 0) {
      continue;
    }
    out << (first ? "" : "\n") << ContestTitle(contests[t]) << ", "
        << results::ResultLevelName(query.level) << " level:\n"
        << tables[t].Render();
    first = false;
  }
  return OkStatus();
}

}  // namespace

Result<ResultsFormat> ParseResultsFormat(std::string_view name) {
  const std::string normalized = NormalizeName(name);
  if (normalized == "table") {
    return ResultsFormat::kTable;
  }
  if (normalized == "csv") {
    return ResultsFormat::kCsv;
  }
  if (normalized == "json") {
    return ResultsFormat::kJson;
  }
  return InvalidArgumentError(
      fmt::format("unknown results format '{}'; formats are table, csv, json", name));
}

std::string ResultsCsvHeader(const results::ResultsSource& source,
                             std::span<const protocol::ContestRef> contests) {
  std::string header = "level,unit_id,unit_name,parent_id,contest,protocols,expected,status";
  for (const results::AccountField& field : results::BallotAccountFields()) {
    header += ',';
    header += field.key;
  }
  for (const ContestRef& contest : contests) {
    for (const std::string& name :
         results::ChoiceNames(source.definition, source.tabulator, contest)) {
      header += ',' + CsvField(ColumnName(contest, name));
    }
  }
  return header + ",against_all,turnout_percent,turnout_reported_during_day\n";
}

Status WriteResults(std::ostream& out, ResultsFormat format, const results::ResultsSource& source,
                    const results::ResultsQuery& query, const Provenance& provenance) {
  switch (format) {
    case ResultsFormat::kCsv:
      RETURN_IF_ERROR(WriteCsv(out, source, query));
      break;
    case ResultsFormat::kJson:
      RETURN_IF_ERROR(WriteJson(out, source, query, provenance));
      break;
    case ResultsFormat::kTable:
      RETURN_IF_ERROR(WriteTable(out, source, query));
      break;
  }
  out.flush();
  return StreamStatus(out);
}

}  // namespace esep::report
