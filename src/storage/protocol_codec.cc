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

// The ballot account in protocol-form order, between the district and the choices.
constexpr std::array<int64_t Protocol::*, 12> kCountFields = {
    &Protocol::voters_on_list,
    &Protocol::voters_added_on_day,
    &Protocol::ballots_received,
    &Protocol::ballots_issued_premises,
    &Protocol::ballots_issued_mobile,
    &Protocol::ballots_issued_absentee,
    &Protocol::ballots_unused,
    &Protocol::ballots_spoiled,
    &Protocol::ballots_in_stationary_boxes,
    &Protocol::ballots_in_mobile_boxes,
    &Protocol::invalid_ballots,
    &Protocol::valid_ballots,
};

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

void AppendProtocol(std::string& out, const Protocol& protocol) {
  out.push_back('[');
  internal::AppendJsonString(out, protocol.commission_id);
  out += protocol.contest.kind == ContestRef::Kind::kPartyList ? R"(,"list",)" : R"(,"district",)";
  internal::AppendJsonInt(out, protocol.contest.district);
  for (int64_t Protocol::*field : kCountFields) {
    out.push_back(',');
    internal::AppendJsonInt(out, protocol.*field);
  }
  out += ",[";
  for (size_t i = 0; i < protocol.choice_votes.size(); ++i) {
    if (i > 0) {
      out.push_back(',');
    }
    internal::AppendJsonInt(out, protocol.choice_votes[i]);
  }
  out += "],";
  internal::AppendJsonInt(out, protocol.against_all);
  out.push_back(',');
  if (protocol.turnout_reported_during_day.has_value()) {
    internal::AppendJsonInt(out, *protocol.turnout_reported_during_day);
  } else {
    out += "null";
  }
  out.push_back(']');
}

std::string EncodeProtocol(const Protocol& protocol) {
  std::string out;
  out.reserve(160 + 12 * protocol.choice_votes.size());
  AppendProtocol(out, protocol);
  return out;
}

namespace internal {

Result<Protocol> ReadProtocol(CanonicalReader& reader) {
  Protocol protocol;
  if (!reader.Literal("[")) {
    return reader.Expected("a canonical protocol", "'['");
  }
  if (!reader.String(protocol.commission_id)) {
    return reader.Expected("a canonical protocol", "the commission id as a string");
  }
  std::string contest;
  if (!reader.Literal(",") || !reader.String(contest)) {
    return reader.Expected("a canonical protocol", R"(',' and "list" or "district")");
  }
  const std::optional<ContestRef::Kind> kind = ContestKindFromKey(contest);
  if (!kind.has_value()) {
    return DataLossError(
        fmt::format("not a canonical protocol: unknown contest kind '{}'", contest));
  }
  protocol.contest.kind = *kind;
  int64_t district = 0;
  if (!reader.Literal(",") || !reader.Int(district) || district < 0 ||
      district > std::numeric_limits<int>::max()) {
    return reader.Expected("a canonical protocol", "',' and a district number");
  }
  protocol.contest.district = static_cast<int>(district);
  for (int64_t Protocol::*field : kCountFields) {
    if (!reader.Literal(",") || !reader.Int(protocol.*field)) {
      return reader.Expected("a canonical protocol", "',' and an integer");
    }
  }
  if (!reader.Literal(",[")) {
    return reader.Expected("a canonical protocol", "',[' before the choices");
  }
  while (!reader.Literal("]")) {
    if (!protocol.choice_votes.empty() && !reader.Literal(",")) {
      return reader.Expected("a canonical protocol", "',' or ']' in the choices");
    }
    int64_t votes = 0;
    if (!reader.Int(votes)) {
      return reader.Expected("a canonical protocol", "an integer in the choices");
    }
    protocol.choice_votes.push_back(votes);
  }
  if (!reader.Literal(",") || !reader.Int(protocol.against_all)) {
    return reader.Expected("a canonical protocol", "',' and an integer for against_all");
  }
  if (!reader.Literal(",")) {
    return reader.Expected("a canonical protocol", "',' before turnout_reported_during_day");
  }
  if (!reader.Literal("null")) {
    int64_t turnout = 0;
    if (!reader.Int(turnout)) {
      return reader.Expected("a canonical protocol",
                             "an integer or null for turnout_reported_during_day");
    }
    protocol.turnout_reported_during_day = turnout;
  }
  if (!reader.Literal("]")) {
    return reader.Expected("a canonical protocol", "']' closing the protocol");
  }
  return protocol;
}

}  // namespace internal

Result<Protocol> DecodeProtocol(std::string_view text) {
  internal::CanonicalReader reader(text);
  ASSIGN_OR_RETURN(Protocol protocol, internal::ReadProtocol(reader));
  if (!reader.AtEnd()) {
    return reader.Expected("a canonical protocol", "the end of the text");
  }
  return protocol;
}

}  // namespace esep::storage
