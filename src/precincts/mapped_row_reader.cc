#include "precincts/mapped_row_reader.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "base/text.h"

namespace esep::precincts {

MappedRowReader::MappedRowReader(const ColumnMapping& mapping, const MappedHeader& header,
                                 ResolvedFigures figures, std::string_view csv_source,
                                 PrecinctTable& table)
    : mapping_(mapping),
      header_(header),
      figures_(std::move(figures)),
      csv_source_(csv_source),
      table_(table) {}

bool MappedRowReader::IsMissing(std::string_view cell) const {
  return std::find(mapping_.missing.begin(), mapping_.missing.end(), Trim(cell)) !=
         mapping_.missing.end();
}

std::string MappedRowReader::Label(const ResolvedFigure& figure, size_t k) const {
  return ColumnLabel((*figure.names)[k], header_);
}

std::string MappedRowReader::Join(const io::CsvRecordView& record,
                                  const ResolvedFigure& figure) const {
  std::string text;
  for (size_t k = 0; k < figure.positions.size(); ++k) {
    const std::string_view cell = record.fields[figure.positions[k]];
    text += k == 0 ? "" : " / ";
    text += IsMissing(cell) ? std::string_view() : Trim(cell);
  }
  return text;
}

Result<std::optional<int64_t>> MappedRowReader::Count(const io::CsvRecordView& record,
                                                      const ResolvedFigure& figure) const {
  int64_t total = 0;
  bool missing = false;
  for (size_t k = 0; k < figure.positions.size(); ++k) {
    const std::string_view cell = record.fields[figure.positions[k]];
    if (IsMissing(cell)) {
      missing = true;
      continue;
    }
    Result<int64_t> value = ParseCount(cell);
    if (!value.has_value()) {
      return InvalidArgumentError(fmt::format("{}:{}: {} ({}): {}", csv_source_, record.line,
                                              Label(figure, k), figure.key,
                                              value.error().message()));
    }
    total += *value;
  }
  return missing ? std::nullopt : std::optional<int64_t>(total);
}

Result<int64_t> MappedRowReader::Required(const io::CsvRecordView& record,
                                          const ResolvedFigure& figure) const {
  ASSIGN_OR_RETURN(const std::optional<int64_t> value, Count(record, figure));
  if (!value.has_value()) {
    return InvalidArgumentError(fmt::format(
        "{}:{}: {} ({}): a missing value; a precinct without its {} cannot be used, so the "
        "row is excluded",
        csv_source_, record.line, Label(figure, 0), figure.key, figure.key));
  }
  return *value;
}

Result<std::optional<int64_t>> MappedRowReader::Optional(const io::CsvRecordView& record,
                                                         const ResolvedFigure& figure) const {
  if (!figure.mapped()) {
    return std::optional<int64_t>();
  }
  return Count(record, figure);
}

Status MappedRowReader::ReadId(const io::CsvRecordView& record, PrecinctRow& row) {
  const ResolvedFigure& precinct = figures_.precinct;
  if (!mapping_.precinct_row_number) {
    for (size_t k = 0; k < precinct.positions.size(); ++k) {
      const std::string_view cell = record.fields[precinct.positions[k]];
      if (Trim(cell).empty() || IsMissing(cell)) {
        ++empty_ids_;
        return InvalidArgumentError(
            fmt::format("{}:{}: {} (precinct): the precinct id is empty; a row without an id is "
                        "excluded, never merged with another",
                        csv_source_, record.line, Label(precinct, k)));
      }
    }
  }
  row.id = Join(record, precinct);
  if (mapping_.precinct_row_number) {
    row.id += fmt::format("{}line {}", row.id.empty() ? "" : " / ", record.line);
  }
  auto key_of = [this](uint32_t p) -> std::string_view { return table_.ids[p]; };
  if (const std::optional<uint32_t> earlier = seen_.Find(row.id, key_of)) {
    return InvalidArgumentError(
        fmt::format("{}:{}: precinct {} again (first on line {}); the first row is used",
                    csv_source_, record.line, row.id, lines_[*earlier]));
  }
  return OkStatus();
}

Status MappedRowReader::ReadBallots(const io::CsvRecordView& record, PrecinctRow& row) const {
  ASSIGN_OR_RETURN(row.registered, Required(record, figures_.registered));
  ASSIGN_OR_RETURN(row.ballots, Required(record, figures_.ballots));
  row.invalid.reset();
  if (figures_.invalid.mapped()) {
    ASSIGN_OR_RETURN(row.invalid, Required(record, figures_.invalid));
  }
  if (figures_.valid.mapped()) {
    ASSIGN_OR_RETURN(row.valid, Required(record, figures_.valid));
  } else {
    if (*row.invalid > row.ballots) {
      return InvalidArgumentError(fmt::format("{}:{}: invalid ballots {} exceed ballots {}",
                                              csv_source_, record.line, *row.invalid, row.ballots));
    }
    row.valid = row.ballots - *row.invalid;
  }
  ASSIGN_OR_RETURN(row.added_on_day, Optional(record, figures_.added_on_day));
  ASSIGN_OR_RETURN(row.mobile_ballots, Optional(record, figures_.mobile_ballots));
  ASSIGN_OR_RETURN(row.issued, Optional(record, figures_.issued));
  return OkStatus();
}

Status MappedRowReader::ReadVotes(const io::CsvRecordView& record, PrecinctRow& row,
                                  int64_t& zeroed) const {
  row.votes.clear();
  for (const ResolvedFigure& choice : figures_.choices) {
    ASSIGN_OR_RETURN(const std::optional<int64_t> votes, Count(record, choice));
    if (!votes.has_value() && mapping_.missing_votes == ColumnMapping::MissingVotes::kExcludeRow) {
      RETURN_IF_ERROR(Required(record, choice).status());
    }
    zeroed += votes.has_value() ? 0 : 1;
    row.votes.push_back(votes.value_or(0));
  }
  return OkStatus();
}

Status MappedRowReader::Add(const io::CsvRecordView& record) {
  if (record.fields.size() != header_.names.size()) {
    return InvalidArgumentError(fmt::format("{}:{}: {} fields, but the header has {} columns",
                                            csv_source_, record.line, record.fields.size(),
                                            header_.names.size()));
  }
  PrecinctRow row;
  RETURN_IF_ERROR(ReadId(record, row));
  row.group = figures_.group.mapped() ? Join(record, figures_.group) : std::string();
  row.region = figures_.region.mapped() ? Join(record, figures_.region) : std::string();
  RETURN_IF_ERROR(ReadBallots(record, row));
  int64_t zeroed = 0;
  RETURN_IF_ERROR(ReadVotes(record, row, zeroed));
  row.special = figures_.special.mapped() &&
                std::find(mapping_.special.values.begin(), mapping_.special.values.end(),
                          Join(record, figures_.special)) != mapping_.special.values.end();
  const bool unknown_optional =
      (figures_.added_on_day.mapped() && !row.added_on_day.has_value()) ||
      (figures_.mobile_ballots.mapped() && !row.mobile_ballots.has_value()) ||
      (figures_.issued.mapped() && !row.issued.has_value());
  const std::string id = row.id;
  if (const Status status = table_.Add(std::move(row)); !status.ok()) {
    return InvalidArgumentError(
        fmt::format("{}:{}: {}", csv_source_, record.line, status.message()));
  }
  zero_votes_ += zeroed;
  unknown_optional_ += unknown_optional ? 1 : 0;
  auto key_of = [this](uint32_t p) -> std::string_view { return table_.ids[p]; };
  (void)seen_.Insert(id, static_cast<uint32_t>(table_.size() - 1), key_of);
  lines_.push_back(record.line);
  return OkStatus();
}

void MappedRowReader::AddNotes() const {
  if (empty_ids_ > 0) {
    table_.notes.push_back(fmt::format(
        "{} rows with an empty precinct id (e-voting or other pseudo-stations, totals) were "
        "excluded and are listed as skipped; rows without an id are never merged",
        empty_ids_));
  }
  if (zero_votes_ > 0) {
    table_.notes.push_back(fmt::format(
        "{} vote cells held a missing value and were read as 0 votes (\"missing_votes\": "
        "\"zero\" in {})",
        zero_votes_, mapping_.source));
  }
  if (unknown_optional_ > 0) {
    table_.notes.push_back(fmt::format(
        "{} precincts have a missing value in an optional figure (election-day additions, "
        "mobile-box ballots or ballots issued): that figure is unknown there, so what needs it "
        "is not available",
        unknown_optional_));
  }
  if (mapping_.precinct_row_number) {
    table_.notes.push_back(
        "precinct ids are the rows' line numbers in the file (\"precinct\": {\"row_number\": "
        "true})");
  }
}

}  // namespace esep::precincts
