#include "server/handler_support.h"

#include <charconv>
#include <utility>

#include <fmt/format.h>

#include "access/authorize.h"
#include "access/role.h"
#include "base/text.h"
#include "http/uri_path.h"
#include "server/route_rules.h"

namespace esep::server::internal {

http::Handler Guarded(std::shared_ptr<const ApiContext> context, GuardedHandler handler) {
  return [context = std::move(context),
          handler = std::move(handler)](const http::Request& request) -> http::Response {
    const std::optional<RouteRule> rule = RuleOf(request.route_name);
    if (!rule.has_value() || rule->kind != RuleKind::kAction) {
      return http::Response::Error(InternalError("the route has no action"));
    }
    Result<Caller> caller = Authenticate(*context, request);
    if (!caller.has_value()) {
      return http::Response::Error(caller.error());
    }
    if (caller->renewal_due) {
      return http::Response::OnWorkers();  // the renewal is a store write: not on an I/O thread
    }
    http::Response response = handler(*context, *caller, request, rule->action);
    response.headers.set(kSessionSecondsHeader, std::to_string(caller->seconds_left.count()));
    return response;
  };
}

Status AuthorizeOn(const ApiContext& context, const Caller& caller, access::Action action,
                   std::string_view commission_id) {
  ASSIGN_OR_RETURN(const access::Scope scope,
                   context.scopes->ScopeOf(caller.user.user.commission_id, commission_id));
  return access::Authorize(caller.user.user, action, scope);
}

Status AuthorizeOwn(const Caller& caller, access::Action action) {
  return access::Authorize(caller.user.user, action, access::Scope::kOwn);
}

bool WithinSubtree(const ApiContext& context, std::string_view root_id,
                   std::string_view commission_id) {
  const Result<access::Scope> scope = context.scopes->ScopeOf(root_id, commission_id);
  return scope.has_value() && *scope != access::Scope::kOther;
}

storage::EventActor ActorOf(const ApiContext& context, const Caller& caller,
                            const http::Request& request, std::string commission_id) {
  return storage::EventActor{.user_id = caller.user.user.id,
                             .commission_id = std::move(commission_id),
                             .time = context.Now(),
                             .client_address = request.remote_address};
}

BodyReader::BodyReader(const nlohmann::json& body, std::initializer_list<std::string_view> allowed,
                       std::string prefix)
    : body_(body), prefix_(std::move(prefix)) {
  if (!body_.is_object()) {
    Fail("", prefix_.empty() ? std::string("the body must be a JSON object")
                             : fmt::format("'{}' must be a JSON object", prefix_));
    return;
  }
  for (const auto& [key, value] : body_.items()) {
    bool known = false;
    for (const std::string_view name : allowed) {
      known = known || key == name;
    }
    if (!known) {
      Fail(key, fmt::format("unknown field '{}'", EscapeControlCharacters(key)));
      return;
    }
  }
}

void BodyReader::Fail(std::string_view field, std::string message) {
  if (status_.ok()) {
    status_ = InvalidArgumentError(std::move(message));
    field_ = prefix_.empty() ? std::string(field)
             : field.empty() ? prefix_
                             : fmt::format("{}.{}", prefix_, field);
  }
}

std::optional<std::string> BodyReader::String(std::string_view name, bool required) {
  if (!ok()) {
    return std::nullopt;
  }
  const auto found = body_.find(name);
  if (found == body_.end()) {
    if (required) {
      Fail(name, fmt::format("the field '{}' is required", name));
    }
    return std::nullopt;
  }
  if (!found->is_string()) {
    Fail(name, fmt::format("the field '{}' must be a string", name));
    return std::nullopt;
  }
  return found->get<std::string>();
}

std::optional<bool> BodyReader::Bool(std::string_view name) {
  if (!ok()) {
    return std::nullopt;
  }
  const auto found = body_.find(name);
  if (found == body_.end()) {
    return std::nullopt;
  }
  if (!found->is_boolean()) {
    Fail(name, fmt::format("the field '{}' must be true or false", name));
    return std::nullopt;
  }
  return found->get<bool>();
}

Result<std::vector<std::pair<std::string, std::string>>> ParseQuery(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) {
      continue;
    }
    const size_t eq = pair.find('=');
    if (eq == std::string_view::npos) {
      return InvalidArgumentError("a query parameter without '='");
    }
    std::string name(pair.substr(0, eq));
    std::string value(pair.substr(eq + 1));
    // '+' is a space in names as in values (application/x-www-form-urlencoded, which the web
    // application's URLSearchParams writes); "%2B" is a '+'.
    for (std::string* part : {&name, &value}) {
      for (char& c : *part) {
        c = c == '+' ? ' ' : c;
      }
    }
    ASSIGN_OR_RETURN(std::string decoded_name, http::PercentDecode(name));
    ASSIGN_OR_RETURN(std::string decoded_value, http::PercentDecode(value));
    if (QueryValue(pairs, decoded_name).has_value()) {
      return InvalidArgumentError(fmt::format("the query parameter '{}' is given twice",
                                              EscapeControlCharacters(decoded_name)));
    }
    pairs.emplace_back(std::move(decoded_name), std::move(decoded_value));
  }
  return pairs;
}

std::optional<std::string> QueryValue(const std::vector<std::pair<std::string, std::string>>& pairs,
                                      std::string_view name) {
  for (const auto& [key, value] : pairs) {
    if (key == name) {
      return value;
    }
  }
  return std::nullopt;
}

Result<int64_t> IfMatchVersion(const http::Request& request) {
  std::string_view text = request.header("If-Match");
  if (text.empty()) {
    return FailedPreconditionError("If-Match is required: send the ETag of the version you read");
  }
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    text = text.substr(1, text.size() - 2);
  }
  int64_t version = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), version);
  if (error != std::errc() || end != text.data() + text.size() || version < 0) {
    return InvalidArgumentError("If-Match is not a version (\"7\")");
  }
  return version;
}

std::string ETagOf(int64_t version) { return fmt::format("\"{}\"", version); }

nlohmann::json UserJson(const storage::StoredUser& stored) {
  const access::User& user = stored.user;
  return nlohmann::json{{"id", user.id},
                        {"login_name", user.login_name},
                        {"display_name", user.display_name},
                        {"role", std::string(access::RoleName(user.role))},
                        {"commission", user.commission_id},
                        {"disabled", user.disabled},
                        {"must_change_password", user.must_change_password},
                        {"version", stored.version},
                        {"created_at", storage::FormatEventTime(user.created_at)},
                        {"updated_at", storage::FormatEventTime(user.updated_at)}};
}

nlohmann::json CommissionJson(const model::Commission& commission) {
  return nlohmann::json{{"id", commission.id},
                        {"level", std::string(model::CommissionLevelName(commission.level))},
                        {"parent", commission.parent_id},
                        {"name", commission.name},
                        {"region", commission.region_id},
                        {"district", commission.district},
                        {"abroad", commission.abroad}};
}

Result<std::string> RouteCommission(const ApiContext& context, const Caller& caller,
                                    const http::Request& request, access::Action action) {
  std::string commission(request.param("id"));
  if (FindCommission(context, commission) == nullptr) {
    return NotFoundError(
        fmt::format("the election has no commission '{}'", EscapeControlCharacters(commission)));
  }
  RETURN_IF_ERROR(AuthorizeOn(context, caller, action, commission));
  return commission;
}

Result<std::string> ProtocolCommission(const ApiContext& context, const Caller& caller,
                                       const http::Request& request, access::Action action) {
  Result<service::ProtocolRef> ref = service::ParseProtocolId(request.param("id"));
  if (!ref.has_value()) {
    return NotFoundError(ref.error().message());
  }
  if (FindCommission(context, ref->commission_id) == nullptr) {
    return NotFoundError(fmt::format("the election has no commission '{}'",
                                     EscapeControlCharacters(ref->commission_id)));
  }
  RETURN_IF_ERROR(AuthorizeOn(context, caller, action, ref->commission_id));
  return ref->commission_id;
}

nlohmann::json ValuesJson(const data_entry::FormDefinition& form,
                          const data_entry::FormValues& values) {
  nlohmann::json out = nlohmann::json::object();
  for (const data_entry::FormLine& line : form.lines) {
    const std::optional<int64_t> value = data_entry::ValueOf(values, line.key);
    out[line.key] = value.has_value() ? nlohmann::json(*value) : nlohmann::json(nullptr);
  }
  return out;
}

nlohmann::json ContestJson(const protocol::ContestRef& contest) {
  return {{"kind", contest.kind == protocol::ContestRef::Kind::kPartyList ? "list" : "district"},
          {"district", contest.district}};
}

nlohmann::json DecisionJson(const std::optional<protocol::Decision>& decision) {
  if (!decision.has_value()) {
    return nullptr;
  }
  return {{"number", decision->number},
          {"date", decision->date},
          {"commission", decision->commission},
          {"reason", decision->reason}};
}

const model::Commission* FindCommission(const ApiContext& context, std::string_view id) {
  // The desk's index of the same definition: a hash look-up per request, not a walk of every
  // commission of the election (tens of thousands of string comparisons on a national one).
  return context.desk->FindCommission(id);
}

http::Response ErrorAnswer(const Status& status, std::string_view field) {
  return http::Response::Error(status, status.code() == StatusCode::kInvalidArgument ? field : "");
}

GuardedHandler WithDesk(Desk desk, DeskHandler handler) {
  return [desk = std::move(desk), handler](const ApiContext& context, const Caller& caller,
                                           const http::Request& request, access::Action action) {
    return handler(context, desk, caller, request, action);
  };
}

}  // namespace esep::server::internal
