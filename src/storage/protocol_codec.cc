#include "storage/protocol_codec.h"

#include <array>
#include <cstdint>
#include <limits>

#include <fmt/format.h>

#include "storage/internal/json_text.h"

namespace esep::storage {

namespace {

using protocol::ContestRef;
using protocol::Figure;
using protocol::Protocol;

struct CountField {
  std::string_view key;
  std::string_view literal;  // `,"key":`, as it appears in the text
  int64_t Protocol::*member;
};

// The ballot account in protocol-form order, between "district" and "choice_votes".
constexpr std::array<CountField, 12> kCountFields = {{
    {"voters_on_list", R"(,"voters_on_list":)", &Protocol::voters_on_list},
    {"voters_added_on_day", R"(,"voters_added_on_day":)", &Protocol::voters_added_on_day},
    {"ballots_received", R"(,"ballots_received":)", &Protocol::ballots_received},
    {"ballots_issued_premises", R"(,"ballots_issued_premises":)",
     &Protocol::ballots_issued_premises},
    {"ballots_issued_mobile", R"(,"ballots_issued_mobile":)", &Protocol::ballots_issued_mobile},
    {"ballots_issued_absentee", R"(,"ballots_issued_absentee":)",
     &Protocol::ballots_issued_absentee},
    {"ballots_unused", R"(,"ballots_unused":)", &Protocol::ballots_unused},
    {"ballots_spoiled", R"(,"ballots_spoiled":)", &Protocol::ballots_spoiled},
    {"ballots_in_stationary_boxes", R"(,"ballots_in_stationary_boxes":)",
     &Protocol::ballots_in_stationary_boxes},
    {"ballots_in_mobile_boxes", R"(,"ballots_in_mobile_boxes":)",
     &Protocol::ballots_in_mobile_boxes},
    {"invalid_ballots", R"(,"invalid_ballots":)", &Protocol::invalid_ballots},
    {"valid_ballots", R"(,"valid_ballots":)", &Protocol::valid_ballots},
}};

struct FigureKeyRow {
  Figure figure;
  std::string_view key;
};

constexpr FigureKeyRow kFigureKeys[] = {
    {Figure::kVotersOnList, "voters_on_list"},
    {Figure::kVotersAddedOnDay, "voters_added_on_day"},
    {Figure::kBallotsReceived, "ballots_received"},
    {Figure::kBallotsIssuedPremises, "ballots_issued_premises"},
    {Figure::kBallotsIssuedMobile, "ballots_issued_mobile"},
    {Figure::kBallotsIssuedAbsentee, "ballots_issued_absentee"},
    {Figure::kBallotsUnused, "ballots_unused"},
    {Figure::kBallotsSpoiled, "ballots_spoiled"},
    {Figure::kBallotsInStationaryBoxes, "ballots_in_stationary_boxes"},
    {Figure::kBallotsInMobileBoxes, "ballots_in_mobile_boxes"},
    {Figure::kInvalidBallots, "invalid_ballots"},
    {Figure::kValidBallots, "valid_ballots"},
    {Figure::kSumOfChoices, "sum_of_choices"},
    {Figure::kAgainstAll, "against_all"},
    {Figure::kTurnoutReportedDuringDay, "turnout_reported_during_day"},
};

Status NotCanonical(const internal::CanonicalReader& reader, std::string_view expected) {
  return DataLossError(
      fmt::format("not a canonical protocol: expected {} at byte {}", expected, reader.offset()));
}

}  // namespace

std::string_view ContestKindKey(ContestRef::Kind kind) {
  return kind == ContestRef::Kind::kPartyList ? "list" : "district";
}

std::optional<ContestRef::Kind> ContestKindFromKey(std::string_view key) {
  if (key == "list") {
    return ContestRef::Kind::kPartyList;
  }
  if (key == "district") {
    return ContestRef::Kind::kDistrict;
  }
  return std::nullopt;
}

std::string_view FigureKey(Figure figure) {
  for (const FigureKeyRow& row : kFigureKeys) {
    if (row.figure == figure) {
      return row.key;
    }
  }
  return "?";
}

std::optional<Figure> FigureFromKey(std::string_view key) {
  for (const FigureKeyRow& row : kFigureKeys) {
    if (row.key == key) {
      return row.figure;
    }
  }
  return std::nullopt;
}

std::string EncodeProtocol(const Protocol& protocol) {
  std::string out;
  out.reserve(400 + 12 * protocol.choice_votes.size());
  out += R"({"commission_id":)";
  internal::AppendJsonString(out, protocol.commission_id);
  out += R"(,"contest":")";
  out += ContestKindKey(protocol.contest.kind);
  out += R"(","district":)";
  internal::AppendJsonInt(out, protocol.contest.district);
  for (const CountField& field : kCountFields) {
    out += field.literal;
    internal::AppendJsonInt(out, protocol.*field.member);
  }
  out += R"(,"choice_votes":[)";
  for (size_t i = 0; i < protocol.choice_votes.size(); ++i) {
    if (i > 0) {
      out.push_back(',');
    }
    internal::AppendJsonInt(out, protocol.choice_votes[i]);
  }
  out += R"(],"against_all":)";
  internal::AppendJsonInt(out, protocol.against_all);
  out += R"(,"turnout_reported_during_day":)";
  if (protocol.turnout_reported_during_day.has_value()) {
    internal::AppendJsonInt(out, *protocol.turnout_reported_during_day);
  } else {
    out += "null";
  }
  out.push_back('}');
  return out;
}

Result<Protocol> DecodeProtocol(std::string_view text) {
  internal::CanonicalReader reader(text);
  Protocol protocol;
  if (!reader.Literal(R"({"commission_id":)")) {
    return NotCanonical(reader, R"('{"commission_id":')");
  }
  if (!reader.String(protocol.commission_id)) {
    return NotCanonical(reader, "the commission id as a string");
  }
  std::string contest;
  if (!reader.Literal(R"(,"contest":)") || !reader.String(contest)) {
    return NotCanonical(reader, R"(',"contest":' and "list" or "district")");
  }
  const std::optional<ContestRef::Kind> kind = ContestKindFromKey(contest);
  if (!kind.has_value()) {
    return DataLossError(
        fmt::format("not a canonical protocol: unknown contest kind '{}'", contest));
  }
  protocol.contest.kind = *kind;
  int64_t district = 0;
  if (!reader.Literal(R"(,"district":)") || !reader.Int(district) || district < 0 ||
      district > std::numeric_limits<int>::max()) {
    return NotCanonical(reader, R"(',"district":' and a district number)");
  }
  protocol.contest.district = static_cast<int>(district);
  for (const CountField& field : kCountFields) {
    if (!reader.Literal(field.literal) || !reader.Int(protocol.*field.member)) {
      return NotCanonical(reader, fmt::format("',\"{}\":' and an integer", field.key));
    }
  }
  if (!reader.Literal(R"(,"choice_votes":[)")) {
    return NotCanonical(reader, R"(',"choice_votes":[')");
  }
  while (!reader.Literal("]")) {
    if (!protocol.choice_votes.empty() && !reader.Literal(",")) {
      return NotCanonical(reader, "',' or ']' in choice_votes");
    }
    int64_t votes = 0;
    if (!reader.Int(votes)) {
      return NotCanonical(reader, "an integer in choice_votes");
    }
    protocol.choice_votes.push_back(votes);
  }
  if (!reader.Literal(R"(,"against_all":)") || !reader.Int(protocol.against_all)) {
    return NotCanonical(reader, R"(',"against_all":' and an integer)");
  }
  if (!reader.Literal(R"(,"turnout_reported_during_day":)")) {
    return NotCanonical(reader, R"(',"turnout_reported_during_day":')");
  }
  if (!reader.Literal("null")) {
    int64_t turnout = 0;
    if (!reader.Int(turnout)) {
      return NotCanonical(reader, "an integer or null for turnout_reported_during_day");
    }
    protocol.turnout_reported_during_day = turnout;
  }
  if (!reader.Literal("}") || !reader.AtEnd()) {
    return NotCanonical(reader, "'}' and the end of the text");
  }
  return protocol;
}

}  // namespace esep::storage
