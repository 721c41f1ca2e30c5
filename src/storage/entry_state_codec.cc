#include "storage/entry_state_codec.h"

#include <array>
#include <initializer_list>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "data_entry/line_key.h"
#include "storage/internal/entry_state_writer.h"

namespace esep::storage {

namespace {

using data_entry::ApprovedVersion;
using data_entry::Entry;
using data_entry::EntryPhase;
using data_entry::EntryStatus;
using data_entry::FormValues;
using data_entry::ProtocolEntryState;
using nlohmann::json;

constexpr std::array<EntryStatus, 9> kAllStatuses = {
    EntryStatus::kEmpty,
    EntryStatus::kFirstEntryInProgress,
    EntryStatus::kFirstEntryHasErrors,
    EntryStatus::kFirstEntryDone,
    EntryStatus::kSecondEntryInProgress,
    EntryStatus::kFirstEntryReturned,
    EntryStatus::kEntriesDifferent,
    EntryStatus::kDefinitive,
    EntryStatus::kApproved,
};

json ValuesJson(const FormValues& values) {
  json out = json::object();
  for (const auto& [key, value] : values) {
    out[key] = value.has_value() ? json(*value) : json(nullptr);
  }
  return out;
}

json DecisionJson(const std::optional<protocol::Decision>& decision) {
  if (!decision.has_value()) {
    return nullptr;
  }
  return json{{"number", decision->number},
              {"date", decision->date},
              {"commission", decision->commission},
              {"reason", decision->reason}};
}

json EntryJson(const std::optional<Entry>& entry) {
  if (!entry.has_value()) {
    return nullptr;
  }
  return json{{"typist", entry->typist},
              {"phase", data_entry::EntryPhaseName(entry->phase)},
              {"values", ValuesJson(entry->values)},
              {"acknowledged_warnings", entry->acknowledged_warnings},
              {"confirmed_errors", entry->confirmed_errors}};
}

// Reads one JSON object member by member, refusing a missing, unknown or mistyped one (a member
// of `optional` may be missing: it reads as absent). The first problem is kept; later reads then
// do nothing.
class ObjectReader {
 public:
  ObjectReader(const json& object, std::string where, std::initializer_list<std::string_view> keys,
               std::initializer_list<std::string_view> optional = {})
      : object_(object), where_(std::move(where)) {
    if (!object.is_object()) {
      Fail("is not a JSON object");
      return;
    }
    for (const auto& [key, value] : object.items()) {
      bool known = false;
      for (const std::string_view k : keys) {
        known = known || k == key;
      }
      for (const std::string_view k : optional) {
        known = known || k == key;
      }
      if (!known) {
        Fail(fmt::format("has an unknown member '{}'", key));
        return;
      }
    }
    for (const std::string_view k : keys) {
      if (!object.contains(k)) {
        Fail(fmt::format("has no member '{}'", k));
        return;
      }
    }
  }

  // The member `key`, or nullptr after a problem or for an optional member that is missing.
  const json* Member(std::string_view key) {
    if (!status_.ok()) {
      return nullptr;
    }
    const auto found = object_.find(key);
    return found == object_.end() ? nullptr : &*found;
  }

  void String(std::string_view key, std::string& out) {
    const json* value = Member(key);
    if (value == nullptr) {
      return;
    }
    if (!value->is_string()) {
      Fail(fmt::format("member '{}' is not a string", key));
      return;
    }
    out = value->get<std::string>();
  }

  void Strings(std::string_view key, std::vector<std::string>& out) {
    const json* value = Member(key);
    if (value == nullptr) {
      return;
    }
    if (!value->is_array()) {
      Fail(fmt::format("member '{}' is not an array", key));
      return;
    }
    for (const json& item : *value) {
      if (!item.is_string()) {
        Fail(fmt::format("member '{}' holds something other than a string", key));
        return;
      }
      out.push_back(item.get<std::string>());
    }
  }

  void Values(std::string_view key, FormValues& out) {
    const json* value = Member(key);
    if (value == nullptr) {
      return;
    }
    if (!value->is_object()) {
      Fail(fmt::format("member '{}' is not an object", key));
      return;
    }
    for (const auto& [line, number] : value->items()) {
      if (number.is_null()) {
        out[line] = std::nullopt;
      } else if (number.is_number_unsigned() &&
                 number.get<uint64_t>() <= static_cast<uint64_t>(data_entry::kMaxLineValue)) {
        out[line] = static_cast<int64_t>(number.get<uint64_t>());
      } else {
        Fail(fmt::format("line '{}' is not a whole number from 0 to {} or null", line,
                         data_entry::kMaxLineValue));
        return;
      }
    }
  }

  void Decision(std::string_view key, std::optional<protocol::Decision>& out) {
    const json* value = Member(key);
    if (value == nullptr || value->is_null()) {
      return;
    }
    ObjectReader reader(*value, fmt::format("{}, '{}'", where_, key),
                        {"number", "date", "commission", "reason"});
    protocol::Decision decision;
    reader.String("number", decision.number);
    reader.String("date", decision.date);
    reader.String("commission", decision.commission);
    reader.String("reason", decision.reason);
    Adopt(reader.status());
    out = std::move(decision);
  }

  void Fail(std::string_view what) {
    if (status_.ok()) {
      status_ = DataLossError(fmt::format("the entry state{} {}", where_, what));
    }
  }
  void Adopt(Status status) {
    if (status_.ok() && !status.ok()) {
      status_ = std::move(status);
    }
  }
  const Status& status() const { return status_; }

 private:
  const json& object_;
  std::string where_;
  Status status_;
};

std::optional<Entry> ReadEntry(ObjectReader& parent, std::string_view key) {
  const json* value = parent.Member(key);
  if (value == nullptr || value->is_null()) {
    return std::nullopt;
  }
  ObjectReader reader(*value, fmt::format(", entry '{}',", key),
                      {"typist", "phase", "values", "acknowledged_warnings", "confirmed_errors"});
  Entry entry;
  reader.String("typist", entry.typist);
  std::string phase;
  reader.String("phase", phase);
  if (reader.status().ok()) {
    if (phase == data_entry::EntryPhaseName(EntryPhase::kInProgress)) {
      entry.phase = EntryPhase::kInProgress;
    } else if (phase == data_entry::EntryPhaseName(EntryPhase::kFinalised)) {
      entry.phase = EntryPhase::kFinalised;
    } else {
      reader.Fail(fmt::format("has the unknown phase '{}'", phase));
    }
  }
  reader.Values("values", entry.values);
  reader.Strings("acknowledged_warnings", entry.acknowledged_warnings);
  reader.Strings("confirmed_errors", entry.confirmed_errors);
  parent.Adopt(reader.status());
  return entry;
}

}  // namespace

std::optional<EntryStatus> ParseEntryStatus(std::string_view name) {
  for (const EntryStatus status : kAllStatuses) {
    if (data_entry::EntryStatusName(status) == name) {
      return status;
    }
  }
  return std::nullopt;
}

std::string EncodeEntryState(const ProtocolEntryState& state) {
  // Most states hold nothing that needs escaping: written directly, the same bytes.
  if (std::optional<std::string> plain = internal::WritePlainEntryState(state); plain.has_value()) {
    return *std::move(plain);
  }
  return internal::EncodeEntryStateWithLibrary(state);
}

std::string internal::EncodeEntryStateWithLibrary(const ProtocolEntryState& state) {
  json approved = json::array();
  for (const ApprovedVersion& version : state.approved) {
    json item{{"values", ValuesJson(version.values)},
              {"first_typist", version.first_typist},
              {"second_typist", version.second_typist},
              {"approved_by", version.approved_by},
              {"decision", DecisionJson(version.decision)}};
    // Only when there is one: the states of stores written before it existed stay as they were.
    if (version.reconciliation.has_value()) {
      item["reconciliation"] = DecisionJson(version.reconciliation);
    }
    approved.push_back(std::move(item));
  }
  const json out{{"status", data_entry::EntryStatusName(state.status)},
                 {"first", EntryJson(state.first)},
                 {"second", EntryJson(state.second)},
                 {"approved", std::move(approved)},
                 {"correction", DecisionJson(state.correction)}};
  // nlohmann::json keeps an object's keys sorted; replacing invalid UTF-8 cannot happen (every
  // string came through the API as UTF-8) but must not throw either.
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<ProtocolEntryState> DecodeEntryState(std::string_view text, int64_t version) {
  const json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) {
    return DataLossError("the entry state is not JSON");
  }
  ObjectReader reader(root, "", {"status", "first", "second", "approved", "correction"});
  ProtocolEntryState state;
  state.version = version;
  std::string status;
  reader.String("status", status);
  if (reader.status().ok()) {
    const std::optional<EntryStatus> parsed = ParseEntryStatus(status);
    if (!parsed.has_value()) {
      reader.Fail(fmt::format("has the unknown status '{}'", status));
    } else {
      state.status = *parsed;
    }
  }
  state.first = ReadEntry(reader, "first");
  state.second = ReadEntry(reader, "second");
  if (const json* approved = reader.Member("approved"); approved != nullptr) {
    if (!approved->is_array()) {
      reader.Fail("member 'approved' is not an array");
    } else {
      for (const json& item : *approved) {
        ObjectReader version_reader(
            item, fmt::format(", approved version {},", state.approved.size() + 1),
            {"values", "first_typist", "second_typist", "approved_by", "decision"},
            {"reconciliation"});
        ApprovedVersion approved_version;
        version_reader.Values("values", approved_version.values);
        version_reader.String("first_typist", approved_version.first_typist);
        version_reader.String("second_typist", approved_version.second_typist);
        version_reader.String("approved_by", approved_version.approved_by);
        version_reader.Decision("decision", approved_version.decision);
        version_reader.Decision("reconciliation", approved_version.reconciliation);
        reader.Adopt(version_reader.status());
        state.approved.push_back(std::move(approved_version));
      }
    }
  }
  reader.Decision("correction", state.correction);
  RETURN_IF_ERROR(reader.status());
  return state;
}

}  // namespace esep::storage
