#include "io/protocol_jsonl.h"

#include <array>
#include <cstdint>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/text.h"
#include "io/json_parse.h"

namespace esep::io {

namespace {

using Json = nlohmann::json;
using protocol::Protocol;

struct DecisionKey {
  std::string_view key;
  std::string protocol::Decision::*field;
};

constexpr std::array<DecisionKey, 4> kDecisionKeys = {{
    {"number", &protocol::Decision::number},
    {"date", &protocol::Decision::date},
    {"commission", &protocol::Decision::commission},
    {"reason", &protocol::Decision::reason},
}};

constexpr std::array<std::string_view, 6> kOtherKeys = {
    "commission_id", "contest", "district", "choice_votes", "turnout_reported_during_day",
    "decision"};

constexpr int64_t kCountLimit = 1'000'000'000'000'000;  // as ParseCount: 10^15

// A JSON value as it appears in a message (never throws: text that is not UTF-8 is replaced).
std::string Show(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

bool IsKnownKey(std::string_view key) {
  for (const protocol::CountField& count : protocol::kCountFields) {
    if (count.key == key) {
      return true;
    }
  }
  for (const std::string_view other : kOtherKeys) {
    if (other == key) {
      return true;
    }
  }
  return false;
}

// The errors of one line, each naming the file, the line and the key.
class LineReader {
 public:
  LineReader(std::string_view source, int64_t line) : source_(source), line_(line) {}

  Status Fail(std::string_view key, std::string_view rule) const {
    return InvalidArgumentError(fmt::format("{}:{}: field '{}': {}", source_, line_, key, rule));
  }
  Status FailLine(std::string_view rule) const {
    return InvalidArgumentError(fmt::format("{}:{}: {}", source_, line_, rule));
  }

  // A count: a whole JSON number, 0 or more, at most 10^15.
  Result<int64_t> Count(const Json& value, std::string_view key) const {
    if (value.is_number_unsigned()) {
      const auto count = value.get<uint64_t>();
      if (count > static_cast<uint64_t>(kCountLimit)) {
        return Fail(key, fmt::format("{} is larger than 10^15", count));
      }
      return static_cast<int64_t>(count);
    }
    if (value.is_number_integer()) {
      return Fail(key, fmt::format("{} is negative; a count must be 0 or more", Show(value)));
    }
    return Fail(key, fmt::format("{} is {}, not a whole number (counts are whole numbers, 0 or "
                                 "more)",
                                 Show(value), value.type_name()));
  }

  Result<int64_t> RequiredCount(const Json& object, std::string_view key) const {
    const auto it = object.find(key);
    if (it == object.end()) {
      return Fail(key, "missing; every protocol gives the whole ballot account");
    }
    return Count(*it, key);
  }

 private:
  std::string_view source_;
  int64_t line_;
};

// Hands `row` to the caller, who may move from it; the reader refills every member of it for
// the next row (the reuse that spares an allocation per row).
void Deliver(const std::function<void(ProtocolRow&&)>& on_row, ProtocolRow& row) {
  on_row(std::move(row));
}

// The commission a protocol belongs to: a non-empty string.
Status ReadCommissionId(const Json& object, const LineReader& reader, Protocol& protocol) {
  const auto commission = object.find("commission_id");
  if (commission == object.end()) {
    return reader.Fail("commission_id", "missing; every protocol names its commission");
  }
  if (!commission->is_string()) {
    return reader.Fail("commission_id",
                       fmt::format("is {}, not a string", commission->type_name()));
  }
  protocol.commission_id = commission->get_ref<const std::string&>();
  if (Trim(protocol.commission_id).empty()) {
    return reader.Fail("commission_id", "is empty; every protocol names its commission");
  }
  return OkStatus();
}

// "list" (district 0 or none) or "district" with its number.
Status ReadContest(const Json& object, const LineReader& reader, Protocol& protocol) {
  const auto contest = object.find("contest");
  if (contest == object.end()) {
    return reader.Fail("contest", "missing; write \"list\" or \"district\"");
  }
  const auto district = object.find("district");
  if (contest->is_string() && contest->get_ref<const std::string&>() == "list") {
    protocol.contest = protocol::ContestRef{};
    if (district != object.end() && !district->is_null() &&
        !(district->is_number_unsigned() && district->get<uint64_t>() == 0)) {
      return reader.Fail("district", fmt::format("is {}, but a party-list protocol has district 0",
                                                 Show(*district)));
    }
  } else if (contest->is_string() && contest->get_ref<const std::string&>() == "district") {
    if (district == object.end()) {
      return reader.Fail("district", "missing; a district protocol names its district (1, 2, ...)");
    }
    if (!district->is_number_unsigned() || district->get<uint64_t>() < 1 ||
        district->get<uint64_t>() > 10'000) {
      return reader.Fail("district",
                         fmt::format("{} is not a district number (1, 2, ...)", Show(*district)));
    }
    protocol.contest = {protocol::ContestRef::Kind::kDistrict,
                        static_cast<int>(district->get<uint64_t>())};
  } else {
    return reader.Fail("contest", fmt::format("{} is not a contest; write \"list\" or \"district\"",
                                              Show(*contest)));
  }
  return OkStatus();
}

// The votes for each list or candidate: a non-empty array of counts.
Status ReadChoiceVotes(const Json& object, const LineReader& reader, Protocol& protocol) {
  const auto choices = object.find("choice_votes");
  if (choices == object.end()) {
    return reader.Fail("choice_votes", "missing; the votes for each list or candidate");
  }
  if (!choices->is_array()) {
    return reader.Fail("choice_votes",
                       fmt::format("is {}, not an array of counts", choices->type_name()));
  }
  if (choices->empty()) {
    return reader.Fail("choice_votes",
                       "is empty; every protocol has at least one list or candidate");
  }
  protocol.choice_votes.resize(choices->size());
  for (size_t k = 0; k < choices->size(); ++k) {
    ASSIGN_OR_RETURN(protocol.choice_votes[k],
                     reader.Count((*choices)[k], fmt::format("choice_votes[{}]", k)));
  }
  return OkStatus();
}

// The commission decision a corrected protocol cites: all four keys, each a non-empty string.
Result<protocol::Decision> ReadDecision(const Json& cited, const LineReader& reader) {
  if (!cited.is_object()) {
    return reader.Fail("decision", fmt::format("is {}, not an object with number, date, "
                                               "commission and reason",
                                               cited.type_name()));
  }
  for (const auto& [key, value] : cited.items()) {
    bool known = false;
    for (const DecisionKey& wanted : kDecisionKeys) {
      known = known || wanted.key == key;
    }
    if (!known) {
      return reader.Fail(fmt::format("decision.{}", key),
                         "unknown key; a decision has number, date, commission and reason");
    }
  }
  protocol::Decision read;
  for (const DecisionKey& wanted : kDecisionKeys) {
    const std::string name = fmt::format("decision.{}", wanted.key);
    const auto value = cited.find(wanted.key);
    if (value == cited.end()) {
      return reader.Fail(name,
                         "missing; a decision names its number, date, commission and "
                         "reason (all four)");
    }
    if (!value->is_string()) {
      return reader.Fail(name, fmt::format("is {}, not a string", value->type_name()));
    }
    if (Trim(value->get_ref<const std::string&>()).empty()) {
      return reader.Fail(name,
                         "is empty; a decision names its number, date, commission and "
                         "reason (all four)");
    }
    read.*wanted.field = value->get<std::string>();
  }
  return read;
}

Status ReadObject(const Json& object, const LineReader& reader, Protocol& protocol,
                  std::optional<protocol::Decision>& decision) {
  if (!object.is_object()) {
    return reader.FailLine(fmt::format(
        "the line is a JSON {}, not an object (one protocol per line)", object.type_name()));
  }
  for (const auto& [key, value] : object.items()) {
    if (!IsKnownKey(key)) {
      return reader.Fail(key, "unknown key (docs/formats/protocols-jsonl.md lists the keys)");
    }
  }
  RETURN_IF_ERROR(ReadCommissionId(object, reader, protocol));
  RETURN_IF_ERROR(ReadContest(object, reader, protocol));
  for (const protocol::CountField& count : protocol::kCountFields) {
    ASSIGN_OR_RETURN(protocol.*count.member, reader.RequiredCount(object, count.key));
  }
  protocol.turnout_reported_during_day.reset();
  if (const auto turnout = object.find("turnout_reported_during_day");
      turnout != object.end() && !turnout->is_null()) {
    ASSIGN_OR_RETURN(protocol.turnout_reported_during_day,
                     reader.Count(*turnout, "turnout_reported_during_day"));
  }
  RETURN_IF_ERROR(ReadChoiceVotes(object, reader, protocol));
  decision.reset();
  if (const auto cited = object.find("decision"); cited != object.end() && !cited->is_null()) {
    ASSIGN_OR_RETURN(decision, ReadDecision(*cited, reader));
  }
  return OkStatus();
}

}  // namespace

Status ReadProtocolJsonl(std::string_view text, std::string_view source,
                         const std::function<void(ProtocolRow&&)>& on_row) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    text.remove_prefix(3);  // a byte order mark
  }
  ProtocolRow row;
  int64_t line = 0;
  size_t position = 0;
  while (position < text.size()) {
    ++line;
    size_t end = text.find('\n', position);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    const std::string_view content = Trim(text.substr(position, end - position));
    position = end + 1;
    if (content.empty()) {
      continue;  // a blank line
    }
    const LineReader reader(source, line);
    row.line = line;
    row.error.clear();
    if (!row.protocol.has_value()) {
      row.protocol.emplace();
    }
    Status status;
    if (const size_t bad = FindInvalidUtf8(content); bad != std::string_view::npos) {
      status = reader.FailLine(fmt::format(
          "the text is not valid UTF-8 (byte {} of the line); save the file as UTF-8", bad + 1));
    } else {
      // A key given twice is refused by ParseJson; any other nlohmann-json exception stays
      // inside this function.
      try {
        Result<Json> object = ParseJson(content);
        status = object.has_value() ? ReadObject(*object, reader, *row.protocol, row.decision)
                                    : reader.FailLine(object.error().message());
      } catch (const Json::exception& error) {
        status = reader.FailLine(fmt::format("cannot be read: {}", error.what()));
      }
    }
    if (!status.ok()) {
      row.protocol.reset();
      row.decision.reset();
      row.error = status.message();
    }
    Deliver(on_row, row);
  }
  return OkStatus();
}

void AppendProtocolJsonl(const protocol::Protocol& protocol,
                         const std::optional<protocol::Decision>& decision, std::string& out) {
  // Keys in the documented order (docs/formats/protocols-jsonl.md); nlohmann's ordered_json
  // keeps insertion order and escapes strings as JSON requires.
  nlohmann::ordered_json line;
  line["commission_id"] = protocol.commission_id;
  const bool list = protocol.contest.kind == protocol::ContestRef::Kind::kPartyList;
  line["contest"] = list ? "list" : "district";
  line["district"] = protocol.contest.district;
  for (const protocol::CountField& count : protocol::kCountFields) {
    if (count.key != "against_all") {
      line[std::string(count.key)] = protocol.*count.member;
    }
  }
  line["choice_votes"] = protocol.choice_votes;
  line["against_all"] = protocol.against_all;
  line["turnout_reported_during_day"] = nullptr;
  if (protocol.turnout_reported_during_day.has_value()) {
    line["turnout_reported_during_day"] = *protocol.turnout_reported_during_day;
  }
  if (decision.has_value()) {
    nlohmann::ordered_json cited;
    for (const DecisionKey& key : kDecisionKeys) {
      cited[std::string(key.key)] = (*decision).*key.field;
    }
    line["decision"] = std::move(cited);
  }
  out += line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  out += '\n';
}

}  // namespace esep::io
