#include "storage/internal/entry_state_writer.h"

#include <algorithm>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace esep::storage::internal {

namespace {

using data_entry::ApprovedVersion;
using data_entry::Entry;
using data_entry::FormValues;

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  bool ok() const { return ok_; }

  void Raw(std::string_view text) { out_.append(text); }

  // A JSON string; marks the writer failed when `text` would need escaping or is not ASCII.
  void String(std::string_view text) {
    for (const char c : text) {
      const auto byte = static_cast<unsigned char>(c);
      if (byte < 0x20 || byte >= 0x7f || c == '"' || c == '\\') {
        ok_ = false;
        return;
      }
    }
    out_.push_back('"');
    out_.append(text);
    out_.push_back('"');
  }

  // "key": — keys are the codec's own, plain ASCII.
  void Key(std::string_view key) {
    out_.push_back('"');
    out_.append(key);
    out_.append("\":");
  }

  void Strings(const std::vector<std::string>& items) {
    out_.push_back('[');
    for (size_t i = 0; i < items.size(); ++i) {
      if (i > 0) {
        out_.push_back(',');
      }
      String(items[i]);
    }
    out_.push_back(']');
  }

  // The values' keys in ascending byte order (the library's object order), not the paper's.
  void Values(const FormValues& values) {
    std::vector<std::pair<std::string_view, const std::optional<int64_t>*>> sorted;
    sorted.reserve(values.size());
    for (const auto& [key, value] : values) {
      sorted.emplace_back(key, &value);
    }
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    out_.push_back('{');
    for (size_t i = 0; i < sorted.size(); ++i) {
      if (i > 0) {
        out_.push_back(',');
      }
      String(sorted[i].first);
      out_.push_back(':');
      if (sorted[i].second->has_value()) {
        fmt::format_to(std::back_inserter(out_), "{}", **sorted[i].second);
      } else {
        out_.append("null");
      }
    }
    out_.push_back('}');
  }

  void Decision(const std::optional<protocol::Decision>& decision) {
    if (!decision.has_value()) {
      out_.append("null");
      return;
    }
    Raw("{");
    Key("commission");
    String(decision->commission);
    Raw(",");
    Key("date");
    String(decision->date);
    Raw(",");
    Key("number");
    String(decision->number);
    Raw(",");
    Key("reason");
    String(decision->reason);
    Raw("}");
  }

  void EntryObject(const std::optional<Entry>& entry) {
    if (!entry.has_value()) {
      out_.append("null");
      return;
    }
    Raw("{");
    Key("acknowledged_warnings");
    Strings(entry->acknowledged_warnings);
    Raw(",");
    Key("confirmed_errors");
    Strings(entry->confirmed_errors);
    Raw(",");
    Key("phase");
    String(data_entry::EntryPhaseName(entry->phase));
    Raw(",");
    Key("typist");
    String(entry->typist);
    Raw(",");
    Key("values");
    Values(entry->values);
    Raw("}");
  }

  void Approved(const ApprovedVersion& version) {
    Raw("{");
    Key("approved_by");
    String(version.approved_by);
    Raw(",");
    Key("decision");
    Decision(version.decision);
    Raw(",");
    Key("first_typist");
    String(version.first_typist);
    // Only when there is one, as the library's path writes it.
    if (version.reconciliation.has_value()) {
      Raw(",");
      Key("reconciliation");
      Decision(version.reconciliation);
    }
    Raw(",");
    Key("second_typist");
    String(version.second_typist);
    Raw(",");
    Key("values");
    Values(version.values);
    Raw("}");
  }

 private:
  std::string& out_;
  bool ok_ = true;
};

}  // namespace

std::optional<std::string> WritePlainEntryState(const data_entry::ProtocolEntryState& state) {
  std::string out;
  out.reserve(1024);
  Writer writer(out);
  writer.Raw("{");
  writer.Key("approved");
  writer.Raw("[");
  for (size_t i = 0; i < state.approved.size(); ++i) {
    if (i > 0) {
      writer.Raw(",");
    }
    writer.Approved(state.approved[i]);
  }
  writer.Raw("],");
  writer.Key("correction");
  writer.Decision(state.correction);
  writer.Raw(",");
  writer.Key("first");
  writer.EntryObject(state.first);
  writer.Raw(",");
  writer.Key("second");
  writer.EntryObject(state.second);
  writer.Raw(",");
  writer.Key("status");
  writer.String(data_entry::EntryStatusName(state.status));
  writer.Raw("}");
  if (!writer.ok()) {
    return std::nullopt;
  }
  return out;
}

}  // namespace esep::storage::internal
