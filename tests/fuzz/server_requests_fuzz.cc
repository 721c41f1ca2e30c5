// Fuzz target for what the commission server reads from a request before it acts on it
// (src/server/, docs/api.md): the query string (ParseQuery, QueryValue, and the audit log's
// filters) and, read as a path's protocol id, service::ParseProtocolId; and a body parsed as the
// http module parses a JSON route's body (ParseJsonBody), then read by every route's reader:
// BodyReader with the field sets of login, the caller's own account, users add and change, and the
// double-entry bodies (entry_bodies.h: the values of an entry, a finalise, a resolution, an
// approval's or a correction's decision).
//
// Input: the query string, a line `----`, the body; without the line, the whole input is both.
// Each reader's answer is checked against what its header promises, computed here from the parsed
// JSON: which field a 400 names, and the values a good body yields.

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "access/role.h"
#include "access/user.h"
#include "base/status.h"
#include "data_entry/command.h"
#include "data_entry/form_definition.h"
#include "fuzz_input.h"
#include "http/json_body.h"
#include "http/response.h"
#include "http/uri_path.h"
#include "server/entry_bodies.h"
#include "server/handler_support.h"
#include "service/entries.h"
#include "storage/audit_event.h"

namespace {

using nlohmann::json;
using Pairs = std::vector<std::pair<std::string, std::string>>;

void Check(bool holds) {
  if (!holds) {
    __builtin_trap();
  }
}

bool HasControl(std::string_view text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return true;
    }
  }
  return false;
}

// Every byte but the unreserved ones of RFC 3986 as %XX.
std::string PercentEncode(std::string_view text) {
  constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    }
  }
  return out;
}

// A 400 answer of a reader: invalid_argument, naming `field` (no "field" when it is empty).
void CheckRefusal(const esep::http::Response& answer, std::string_view field) {
  Check(answer.status == 400);
  const json body = json::parse(answer.body, nullptr, /*allow_exceptions=*/false);
  Check(body.is_object() && body.contains("error") && body["error"].is_object());
  const json& error = body["error"];
  Check(error.value("code", "") == "invalid_argument");
  if (field.empty()) {
    Check(!error.contains("field"));
  } else {
    Check(error.contains("field") && error["field"] == field);
  }
}

void CheckQuery(std::string_view query) {
  esep::Result<Pairs> pairs = esep::server::internal::ParseQuery(query);
  if (!pairs.has_value()) {
    Check(pairs.error().code() == esep::StatusCode::kInvalidArgument);
    CheckRefusal(esep::http::Response::Error(pairs.error(), "query"), "query");
    // A refusal has a cause: a pair without '=', an escape that does not decode, or a name
    // given twice.
    bool cause = false;
    std::vector<std::string> names;
    std::string_view rest = query;
    while (!cause) {
      const size_t amp = rest.find('&');
      const std::string_view pair = rest.substr(0, amp);
      const size_t eq = pair.find('=');
      if (!pair.empty()) {
        if (eq == std::string_view::npos) {
          cause = true;
          break;
        }
        std::string name(pair.substr(0, eq));
        std::string value(pair.substr(eq + 1));
        for (std::string* part : {&name, &value}) {
          for (char& c : *part) {
            c = c == '+' ? ' ' : c;
          }
        }
        esep::Result<std::string> decoded_name = esep::http::PercentDecode(name);
        cause = !decoded_name.has_value() || !esep::http::PercentDecode(value).has_value();
        for (const std::string& seen : names) {
          cause = cause || (decoded_name.has_value() && seen == *decoded_name);
        }
        if (decoded_name.has_value()) {
          names.push_back(*decoded_name);
        }
      }
      if (amp == std::string_view::npos) {
        break;
      }
      rest.remove_prefix(amp + 1);
    }
    Check(cause);
    return;
  }
  size_t segments = 1;
  for (const char c : query) {
    segments += c == '&' ? 1 : 0;
  }
  Check(pairs->size() <= segments);
  const bool plain = query.find_first_of("%+") == std::string_view::npos;
  // A '%' or a '+' is decoded only from its escape (%25, %2B): a raw '+' is a space.
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  const auto escapes = [&](char high, char low) {
    for (size_t at = query.find('%'); at != std::string_view::npos; at = query.find('%', at + 1)) {
      if (query.size() - at >= 3 && query[at + 1] == high && lower(query[at + 2]) == lower(low)) {
        return true;
      }
    }
    return false;
  };
  const bool percent = escapes('2', '5');
  const bool plus = escapes('2', 'B');
  std::string encoded;
  for (size_t i = 0; i < pairs->size(); ++i) {
    const auto& [name, value] = (*pairs)[i];
    // Decoded: no control byte.
    Check(!HasControl(name) && !HasControl(value));
    for (const std::string* part : {&name, &value}) {
      Check(percent || part->find('%') == std::string::npos);
      Check(plus || part->find('+') == std::string::npos);
    }
    if (plain) {
      Check(name.find('%') == std::string::npos && value.find('%') == std::string::npos &&
            query.find(name + "=" + value) != std::string_view::npos);
    }
    for (size_t j = 0; j < i; ++j) {
      Check((*pairs)[j].first != name);
    }
    Check(esep::server::internal::QueryValue(*pairs, name) == value);
    encoded += (i == 0 ? "" : "&") + PercentEncode(name) + "=" + PercentEncode(value);
  }
  // The pairs, written again with every byte escaped, read back the same.
  esep::Result<Pairs> again = esep::server::internal::ParseQuery(encoded);
  Check(again.has_value() && *again == *pairs);

  // The audit log's filters (commission_routes.cc): an event kind or a time that reads is
  // written back exactly as it was given.
  for (const auto& [name, value] : *pairs) {
    if (name == "kind") {
      const std::optional<esep::storage::EventKind> kind = esep::storage::ParseEventKind(value);
      Check(!kind.has_value() || esep::storage::EventKindName(*kind) == value);
    } else if (name == "from" || name == "to") {
      const std::optional<std::chrono::sys_seconds> time = esep::storage::ParseEventTime(value);
      Check(!time.has_value() || esep::storage::FormatEventTime(*time) == value);
    }
  }
}

// How deep `value` nests objects and arrays (a scalar is 0, `[]` is 1), without recursion.
int Depth(const json& value) {
  int deepest = 0;
  std::vector<std::pair<const json*, int>> stack{{&value, 0}};
  while (!stack.empty()) {
    const auto [node, depth] = stack.back();
    stack.pop_back();
    if (node->is_structured()) {
      deepest = std::max(deepest, depth + 1);
      for (const json& child : *node) {
        stack.emplace_back(&child, depth + 1);
      }
    }
  }
  return deepest;
}

// The first member of `body` (an object) that is not one of `allowed`, in the reader's order.
std::optional<std::string> UnknownKey(const json& body,
                                      std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : body.items()) {
    bool known = false;
    for (const std::string_view name : allowed) {
      known = known || key == name;
    }
    if (!known) {
      return key;
    }
  }
  return std::nullopt;
}

// One read of a route: a string (required or not) or a bool.
struct Read {
  std::string_view name;
  bool is_bool = false;
  bool required = false;
};

// The field a BodyReader over `body` with `allowed`, read as `reads` in order, must name, or
// nullopt when it must accept the body.
std::optional<std::string> ExpectedFault(const json& body,
                                         std::initializer_list<std::string_view> allowed,
                                         const std::vector<Read>& reads) {
  if (!body.is_object()) {
    return "";
  }
  if (std::optional<std::string> unknown = UnknownKey(body, allowed)) {
    return unknown;
  }
  for (const Read& read : reads) {
    const auto found = body.find(read.name);
    if (found == body.end() ? read.required
                            : !(read.is_bool ? found->is_boolean() : found->is_string())) {
      return std::string(read.name);
    }
  }
  return std::nullopt;
}

// A route's reads as the route makes them (auth_routes.cc, user_routes.cc), checked.
void CheckRouteReads(const json& body, std::initializer_list<std::string_view> allowed,
                     std::vector<Read> reads) {
  esep::server::internal::BodyReader reader(body, allowed);
  std::vector<std::optional<std::string>> strings;
  for (const Read& read : reads) {
    strings.push_back(reader.String(read.name, read.required));
  }
  const std::optional<std::string> fault = ExpectedFault(body, allowed, reads);
  Check(reader.ok() == !fault.has_value());
  if (fault.has_value()) {
    CheckRefusal(reader.error(), *fault);
    return;
  }
  for (size_t i = 0; i < reads.size(); ++i) {
    const auto found = body.find(reads[i].name);
    Check(found == body.end() ? !strings[i].has_value() : strings[i] == found->get<std::string>());
  }
}

// The answer of a body the reader must refuse, naming `field`.
void CheckRefused(const esep::server::internal::ActionOrAnswer& made, std::string_view field) {
  const auto* answer = std::get_if<esep::http::Response>(&made);
  Check(answer != nullptr);
  CheckRefusal(*answer, field);
}

// True when `value` is a count ParseValues keeps: a JSON integer without a sign (nlohmann-json's
// unsigned kind: not -0, 1.0 or 1e2) up to INT64_MAX.
bool IsCount(const json& value) {
  return value.is_number_unsigned() && value.get<uint64_t>() <= static_cast<uint64_t>(INT64_MAX);
}

void CheckValues(const json& values) {
  std::string field = "stale";
  esep::Result<esep::data_entry::FormValues> parsed =
      esep::server::internal::ParseValues(values, field);
  if (!values.is_object()) {
    Check(!parsed.has_value() && field == "values");
    return;
  }
  std::optional<std::string> bad;
  for (const auto& [key, value] : values.items()) {
    if (!value.is_null() && !IsCount(value)) {
      bad = "values." + key;
      break;
    }
  }
  if (bad.has_value()) {
    Check(!parsed.has_value() && field == *bad &&
          parsed.error().code() == esep::StatusCode::kInvalidArgument);
    return;
  }
  Check(parsed.has_value() && field.empty() && parsed->size() == values.size());
  for (const auto& [key, value] : values.items()) {
    const auto found = parsed->find(key);
    Check(found != parsed->end());
    Check(value.is_null() ? !found->second.has_value()
                          : found->second == static_cast<int64_t>(value.get<uint64_t>()));
  }
}

void CheckSave(const json& body, int entry) {
  const esep::server::internal::ActionOrAnswer made =
      esep::server::internal::SaveAction(body, entry);
  if (!body.is_object()) {
    return CheckRefused(made, "");
  }
  if (std::optional<std::string> unknown = UnknownKey(body, {"values"})) {
    return CheckRefused(made, *unknown);
  }
  if (!body.contains("values")) {
    return CheckRefused(made, "values");
  }
  // What ParseValues answers (CheckValues holds it to its contract) is what the route answers.
  std::string field;
  esep::Result<esep::data_entry::FormValues> values =
      esep::server::internal::ParseValues(body["values"], field);
  if (!values.has_value()) {
    return CheckRefused(made, field);
  }
  const auto* action = std::get_if<esep::data_entry::Action>(&made);
  Check(action != nullptr);
  const auto* save = std::get_if<esep::data_entry::Save>(action);
  Check(save != nullptr && save->entry == entry && save->values == *values);
}

void CheckFinalise(const json& body, int entry) {
  const esep::server::internal::ActionOrAnswer made =
      esep::server::internal::FinaliseAction(body, entry);
  if (!body.is_object()) {
    return CheckRefused(made, "");
  }
  if (std::optional<std::string> unknown =
          UnknownKey(body, {"acknowledged_warnings", "confirm_has_errors"})) {
    return CheckRefused(made, *unknown);
  }
  if (body.contains("confirm_has_errors") && !body["confirm_has_errors"].is_boolean()) {
    return CheckRefused(made, "confirm_has_errors");
  }
  std::vector<std::string> warnings;
  if (body.contains("acknowledged_warnings")) {
    const json& list = body["acknowledged_warnings"];
    bool strings = list.is_array();
    for (size_t i = 0; strings && i < list.size(); ++i) {
      strings = list[i].is_string();
      if (strings) {
        warnings.push_back(list[i].get<std::string>());
      }
    }
    if (!strings) {
      return CheckRefused(made, "acknowledged_warnings");
    }
  }
  const auto* action = std::get_if<esep::data_entry::Action>(&made);
  Check(action != nullptr);
  const auto* finalise = std::get_if<esep::data_entry::Finalise>(action);
  const bool confirm = body.value("confirm_has_errors", false);
  Check(finalise != nullptr && finalise->entry == entry &&
        finalise->acknowledged_warnings == warnings &&
        (finalise->confirm_has_errors == esep::data_entry::ConfirmHasErrors::kYes) == confirm);
}

void CheckResolution(const json& body) {
  const esep::server::internal::ActionOrAnswer made =
      esep::server::internal::ResolutionAction(body);
  if (!body.is_object()) {
    return CheckRefused(made, "");
  }
  if (std::optional<std::string> unknown = UnknownKey(body, {"resolution"})) {
    return CheckRefused(made, *unknown);
  }
  if (!body.contains("resolution") || !body["resolution"].is_string()) {
    return CheckRefused(made, "resolution");
  }
  const std::string name = body["resolution"].get<std::string>();
  const auto* action = std::get_if<esep::data_entry::Action>(&made);
  if (name != "keep_first" && name != "keep_second" && name != "discard_both" &&
      name != "return_first" && name != "return_second") {
    return CheckRefused(made, "resolution");
  }
  Check(action != nullptr);
  const auto* resolve = std::get_if<esep::data_entry::Resolve>(action);
  Check(resolve != nullptr && esep::data_entry::ResolutionName(resolve->resolution) == name);
}

// The decision a body must give as {"decision": {four strings}}: refused naming the field the
// reader's rules name; otherwise the decision read exactly. nullopt when refused (checked), or
// when `required` is false and the body is null or has no decision.
std::optional<json> CheckDecisionBody(const esep::server::internal::ActionOrAnswer& made,
                                      const json& body, bool required) {
  if (!required && body.is_null()) {
    return std::nullopt;
  }
  if (!body.is_object()) {
    CheckRefused(made, "");
    return std::nullopt;
  }
  if (std::optional<std::string> unknown = UnknownKey(body, {"decision"})) {
    CheckRefused(made, *unknown);
    return std::nullopt;
  }
  if (!body.contains("decision") && !required) {
    return std::nullopt;
  }
  if (!body.contains("decision") || !body["decision"].is_object()) {
    CheckRefused(made, "decision");
    return std::nullopt;
  }
  const json& decision = body["decision"];
  if (std::optional<std::string> unknown =
          UnknownKey(decision, {"number", "date", "commission", "reason"})) {
    CheckRefused(made, unknown->empty() ? "decision" : "decision." + *unknown);
    return std::nullopt;
  }
  for (const std::string_view name : {"number", "date", "commission", "reason"}) {
    const auto found = decision.find(name);
    if (found == decision.end() || !found->is_string()) {
      CheckRefused(made, "decision." + std::string(name));
      return std::nullopt;
    }
  }
  return decision;
}

bool SameDecision(const esep::protocol::Decision& read, const json& given) {
  return read.number == given["number"].get<std::string>() &&
         read.date == given["date"].get<std::string>() &&
         read.commission == given["commission"].get<std::string>() &&
         read.reason == given["reason"].get<std::string>();
}

void CheckCorrection(const json& body) {
  const esep::server::internal::ActionOrAnswer made =
      esep::server::internal::CorrectionAction(body);
  const std::optional<json> decision = CheckDecisionBody(made, body, /*required=*/true);
  if (!decision.has_value()) {
    return;
  }
  const auto* action = std::get_if<esep::data_entry::Action>(&made);
  Check(action != nullptr);
  const auto* correction = std::get_if<esep::data_entry::OpenCorrection>(action);
  Check(correction != nullptr && SameDecision(correction->decision, *decision));
}

// An approval: no body or no decision approves without one; otherwise as a correction's.
void CheckApproval(const json& body) {
  const esep::server::internal::ActionOrAnswer made = esep::server::internal::ApprovalAction(body);
  const std::optional<json> decision = CheckDecisionBody(made, body, /*required=*/false);
  const bool without = body.is_null() || (body.is_object() && body.size() == 0);
  if (!decision.has_value() && !without) {
    return;  // refused, and checked
  }
  const auto* action = std::get_if<esep::data_entry::Action>(&made);
  Check(action != nullptr);
  const auto* approve = std::get_if<esep::data_entry::Approve>(action);
  Check(approve != nullptr);
  Check(decision.has_value() ? approve->reconciliation.has_value() &&
                                   SameDecision(*approve->reconciliation, *decision)
                             : !approve->reconciliation.has_value());
}

// The strings a body gives, read as the account routes read them after the BodyReader.
void CheckAccountStrings(const json& body) {
  if (!body.is_object()) {
    return;
  }
  for (const std::string_view name : {"login_name", "display_name", "role"}) {
    const auto found = body.find(name);
    if (found == body.end() || !found->is_string()) {
      continue;
    }
    const std::string text = found->get<std::string>();
    if (name == "login_name") {
      // Normalising is idempotent, and a valid name is its own normal form.
      const std::string normal = esep::access::NormalizeLoginName(text);
      Check(esep::access::NormalizeLoginName(normal) == normal);
      Check(!esep::access::ValidateLoginName(text).ok() || normal == text);
    } else if (name == "display_name") {
      Check(!esep::access::ValidateDisplayName(text).ok() ||
            (!text.empty() && text.size() <= 200 && !HasControl(text)));
    } else {
      const std::optional<esep::access::Role> role = esep::access::ParseRole(text);
      Check(!role.has_value() || esep::access::RoleName(*role) == text);
    }
  }
}

void CheckBody(std::string_view text) {
  esep::Result<json> parsed = esep::http::ParseJsonBody(text);
  const json plain = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!parsed.has_value()) {
    Check(parsed.error().code() == esep::StatusCode::kInvalidArgument);
    // Refused though nlohmann-json reads it: too deep, or a key given twice.
    if (!plain.is_discarded()) {
      Check(Depth(plain) > esep::http::kMaxJsonDepth ||
            parsed.error().message().rfind("the body gives key '", 0) == 0);
    }
    return;
  }
  Check(!plain.is_discarded() && plain == *parsed && Depth(*parsed) <= esep::http::kMaxJsonDepth);
  const json& body = *parsed;

  // auth_routes.cc: login, and the caller's own account (the current password is required with
  // a new one).
  CheckRouteReads(
      body, {"login_name", "password"},
      {{.name = "login_name", .required = true}, {.name = "password", .required = true}});
  const bool new_password =
      body.is_object() && body.contains("password") && body["password"].is_string();
  CheckRouteReads(body, {"display_name", "password", "current_password"},
                  {{.name = "display_name"},
                   {.name = "password"},
                   {.name = "current_password", .required = new_password}});
  // user_routes.cc: an account added (every field required) and changed (none).
  CheckRouteReads(body, {"login_name", "display_name", "role", "commission", "password"},
                  {{.name = "login_name", .required = true},
                   {.name = "display_name", .required = true},
                   {.name = "role", .required = true},
                   {.name = "commission", .required = true},
                   {.name = "password", .required = true}});
  CheckRouteReads(
      body, {"display_name", "role", "commission", "password"},
      {{.name = "display_name"}, {.name = "role"}, {.name = "commission"}, {.name = "password"}});
  CheckAccountStrings(body);

  // A Bool read, as the finalise route makes it.
  {
    esep::server::internal::BodyReader reader(body, {"confirm_has_errors"});
    const std::optional<bool> confirm = reader.Bool("confirm_has_errors");
    const std::optional<std::string> fault = ExpectedFault(
        body, {"confirm_has_errors"}, {{.name = "confirm_has_errors", .is_bool = true}});
    Check(reader.ok() == !fault.has_value());
    if (fault.has_value()) {
      CheckRefusal(reader.error(), *fault);
    } else {
      Check(confirm == (body.contains("confirm_has_errors")
                            ? std::optional<bool>(body["confirm_has_errors"].get<bool>())
                            : std::nullopt));
    }
  }

  // entry_bodies.h: the double-entry command bodies.
  CheckValues(body);
  if (body.is_object() && body.contains("values")) {
    CheckValues(body["values"]);
  }
  const int entry = text.size() % 2 == 0 ? 1 : 2;
  CheckSave(body, entry);
  CheckFinalise(body, entry);
  CheckResolution(body);
  CheckCorrection(body);
  CheckApproval(body);
}

}  // namespace

// A protocol id as the routes' {id} gives it: one that parses names exactly itself again
// ("<commission>:list" or "<commission>:d<N>"), so two spellings never name one protocol.
void CheckProtocolId(std::string_view text) {
  const esep::Result<esep::service::ProtocolRef> ref = esep::service::ParseProtocolId(text);
  if (!ref.has_value()) {
    Check(ref.error().code() == esep::StatusCode::kInvalidArgument);
    return;
  }
  Check(!ref->commission_id.empty());
  Check(esep::data_entry::ProtocolId(ref->commission_id, ref->contest) == text);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<std::string_view> parts =
      esep::fuzz::SplitFiles(esep::fuzz::AsText(data, size), 2);
  CheckQuery(parts.front());
  CheckProtocolId(parts.front());
  CheckBody(parts.back());
  return 0;
}
