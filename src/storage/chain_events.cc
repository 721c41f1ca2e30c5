#include "storage/chain_events.h"

#include <algorithm>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "storage/internal/json_text.h"

namespace esep::storage {

namespace {

using internal::AppendJsonInt;
using internal::AppendJsonString;
using internal::CanonicalReader;

Status EventExpected(const CanonicalReader& reader, std::string_view kind,
                     std::string_view expected) {
  return reader.Expected(fmt::format("a canonical {} entry", kind), expected);
}

// "[n,\"kind\"" — the start every entry shares.
std::string Start(int64_t entry, std::string_view kind) {
  std::string out = "[";
  AppendJsonInt(out, entry);
  out += ",\"";
  out += kind;
  out += '"';
  return out;
}

// Reads "[n,\"kind\"" and checks the kind.
bool ReadStart(CanonicalReader& reader, std::string_view kind, int64_t& entry) {
  std::string name;
  return reader.Literal("[") && reader.Int(entry) && reader.Literal(",") && reader.String(name) &&
         name == kind;
}

bool IsHex(std::string_view text, size_t digits) {
  return text.size() == digits && text.find_first_not_of("0123456789abcdef") == text.npos;
}

}  // namespace

Result<EntryKind> EntryKindOf(std::string_view content) {
  CanonicalReader reader(content);
  int64_t entry = 0;
  std::string name;
  if (!reader.Literal("[") || !reader.Int(entry) || !reader.Literal(",") || !reader.String(name)) {
    return DataLossError(
        fmt::format("not a canonical entry: expected '[', the entry number and its kind at byte {}",
                    reader.offset()));
  }
  if (name == "accepted" || name == "unchanged" || name == "rejected") {
    return EntryKind::kSubmission;
  }
  if (name == "definition") {
    return EntryKind::kDefinition;
  }
  if (name == "results") {
    return EntryKind::kResults;
  }
  if (name == "signature") {
    return EntryKind::kSignature;
  }
  if (name == "event") {
    return EntryKind::kEvent;
  }
  if (name == "turnout") {
    return EntryKind::kTurnout;
  }
  return DataLossError(fmt::format("not a canonical entry: unknown kind '{}'", name));
}

std::string DefinitionEntryContent(int64_t entry, const DefinitionEvent& event) {
  std::string out = Start(entry, "definition");
  out.push_back(',');
  AppendJsonString(out, event.sha256);
  out.push_back(',');
  AppendJsonString(out, event.rule_set);
  out.push_back(']');
  return out;
}

std::string ResultsEntryContent(int64_t entry, const ResultsEvent& event) {
  std::string out = Start(entry, "results");
  out.push_back(',');
  AppendJsonString(out, event.sha256);
  out.push_back(']');
  return out;
}

std::string SignatureEntryContent(int64_t entry, const SignatureEvent& event) {
  std::string out = Start(entry, "signature");
  out.push_back(',');
  AppendJsonInt(out, event.signed_entry);
  out.push_back(',');
  AppendJsonString(out, event.signed_hash);
  out.push_back(',');
  AppendJsonString(out, event.public_key);
  out.push_back(',');
  AppendJsonString(out, event.signature);
  out.push_back(']');
  return out;
}

std::string EventEntryContent(int64_t entry, const AuditEvent& event) {
  std::string out = Start(entry, "event");
  for (const std::string_view value :
       {EventKindName(event.kind), std::string_view(event.actor.user_id),
        std::string_view(event.actor.commission_id)}) {
    out.push_back(',');
    AppendJsonString(out, value);
  }
  out.push_back(',');
  AppendJsonString(out, FormatEventTime(event.actor.time));
  out.push_back(',');
  AppendJsonString(out, event.actor.client_address);
  std::vector<const std::pair<std::string, std::string>*> details;
  details.reserve(event.details.size());
  for (const auto& detail : event.details) {
    details.push_back(&detail);
  }
  std::sort(details.begin(), details.end(),
            [](const auto* a, const auto* b) { return a->first < b->first; });
  out += ",{";
  for (size_t i = 0; i < details.size(); ++i) {
    if (i > 0) {
      out.push_back(',');
    }
    AppendJsonString(out, details[i]->first);
    out.push_back(':');
    AppendJsonString(out, details[i]->second);
  }
  out += "}]";
  return out;
}

Result<DefinitionEvent> DecodeDefinitionEntry(std::string_view content, int64_t& entry) {
  CanonicalReader reader(content);
  DefinitionEvent event;
  if (!ReadStart(reader, "definition", entry) || !reader.Literal(",") ||
      !reader.String(event.sha256) || !IsHex(event.sha256, 64) || !reader.Literal(",") ||
      !reader.String(event.rule_set) || !reader.Literal("]") || !reader.AtEnd()) {
    return EventExpected(reader, "definition", "[n,\"definition\",\"<sha256>\",\"<rule set>\"]");
  }
  return event;
}

Result<ResultsEvent> DecodeResultsEntry(std::string_view content, int64_t& entry) {
  CanonicalReader reader(content);
  ResultsEvent event;
  if (!ReadStart(reader, "results", entry) || !reader.Literal(",") ||
      !reader.String(event.sha256) || !IsHex(event.sha256, 64) || !reader.Literal("]") ||
      !reader.AtEnd()) {
    return EventExpected(reader, "results", "[n,\"results\",\"<sha256>\"]");
  }
  return event;
}

Result<SignatureEvent> DecodeSignatureEntry(std::string_view content, int64_t& entry) {
  CanonicalReader reader(content);
  SignatureEvent event;
  if (!ReadStart(reader, "signature", entry) || !reader.Literal(",") ||
      !reader.Int(event.signed_entry) || !reader.Literal(",") ||
      !reader.String(event.signed_hash) || !IsHex(event.signed_hash, 64) || !reader.Literal(",") ||
      !reader.String(event.public_key) || !IsHex(event.public_key, 64) || !reader.Literal(",") ||
      !reader.String(event.signature) || !IsHex(event.signature, 128) || !reader.Literal("]") ||
      !reader.AtEnd()) {
    return EventExpected(reader, "signature",
                         "[n,\"signature\",n-1,\"<hash>\",\"<public key>\",\"<signature>\"]");
  }
  return event;
}

Result<AuditEvent> DecodeEventEntry(std::string_view content, int64_t& entry) {
  CanonicalReader reader(content);
  AuditEvent event;
  std::string kind;
  std::string time;
  const auto fail = [&] {
    return EventExpected(reader, "event",
                         "[n,\"event\",\"<kind>\",\"<user>\",\"<commission>\",\"<time>\","
                         "\"<address>\",{details}]");
  };
  if (!ReadStart(reader, "event", entry) || !reader.Literal(",") || !reader.String(kind) ||
      !reader.Literal(",") || !reader.String(event.actor.user_id) || !reader.Literal(",") ||
      !reader.String(event.actor.commission_id) || !reader.Literal(",") || !reader.String(time) ||
      !reader.Literal(",") || !reader.String(event.actor.client_address) || !reader.Literal(",{")) {
    return fail();
  }
  const std::optional<EventKind> parsed_kind = ParseEventKind(kind);
  if (!parsed_kind.has_value()) {
    return DataLossError(fmt::format("not a canonical event entry: unknown event kind '{}'", kind));
  }
  event.kind = *parsed_kind;
  const std::optional<std::chrono::sys_seconds> parsed_time = ParseEventTime(time);
  if (!parsed_time.has_value()) {
    return DataLossError(
        fmt::format("not a canonical event entry: time '{}' is not YYYY-MM-DDTHH:MM:SSZ", time));
  }
  event.actor.time = *parsed_time;
  while (!reader.Peek('}')) {
    if (!event.details.empty() && !reader.Literal(",")) {
      return fail();
    }
    std::pair<std::string, std::string> detail;
    if (!reader.String(detail.first) || !reader.Literal(":") || !reader.String(detail.second)) {
      return fail();
    }
    if (!event.details.empty() && !(event.details.back().first < detail.first)) {
      return DataLossError(fmt::format(
          "not a canonical event entry: detail '{}' is out of order or repeated (keys are "
          "written in ascending order) at byte {}",
          detail.first, reader.offset()));
    }
    event.details.push_back(std::move(detail));
  }
  if (!reader.Literal("}]") || !reader.AtEnd()) {
    return fail();
  }
  return event;
}

std::string SignedHeadMessage(int64_t entry, std::string_view hash) {
  return fmt::format("esep signed head/1 {} {}", entry, hash);
}

}  // namespace esep::storage
