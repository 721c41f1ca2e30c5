// The routes that read the election and the log: GET /commissions/{id},
// GET /commissions/{id}/children, GET /ratios, GET /audit (docs/api.md).

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "access/role.h"
#include "base/text.h"
#include "data_entry/form_json.h"
#include "protocol/control_ratio.h"
#include "server/handler_support.h"

namespace esep::server::internal {
namespace {

using nlohmann::json;

// The commission of the route's {id}, authorised for `action`; an answer when refused.
std::optional<http::Response> CheckCommission(const ApiContext& context, const Caller& caller,
                                              const http::Request& request, access::Action action,
                                              const model::Commission*& commission) {
  commission = FindCommission(context, request.param("id"));
  if (commission == nullptr) {
    return http::Response::Error(NotFoundError(fmt::format(
        "the election has no commission '{}'", EscapeControlCharacters(request.param("id")))));
  }
  if (const Status allowed = AuthorizeOn(context, caller, action, commission->id); !allowed.ok()) {
    return http::Response::Error(allowed);
  }
  return std::nullopt;
}

int ChildCount(const ApiContext& context, std::string_view id) {
  int count = 0;
  for (const model::Commission& each : context.definition->commissions()) {
    count += each.parent_id == id ? 1 : 0;
  }
  return count;
}

http::Response GetCommission(const ApiContext& context, const Caller& caller,
                             const http::Request& request, access::Action action) {
  const model::Commission* commission = nullptr;
  if (std::optional<http::Response> refused =
          CheckCommission(context, caller, request, action, commission)) {
    return *std::move(refused);
  }
  json body = CommissionJson(*commission);
  body["children"] = ChildCount(context, commission->id);
  return http::Response::Json(200, body);
}

http::Response GetChildren(const ApiContext& context, const Caller& caller,
                           const http::Request& request, access::Action action) {
  const model::Commission* commission = nullptr;
  if (std::optional<http::Response> refused =
          CheckCommission(context, caller, request, action, commission)) {
    return *std::move(refused);
  }
  json children = json::array();
  for (const model::Commission& each : context.definition->commissions()) {
    if (each.parent_id == commission->id) {
      json child = CommissionJson(each);
      child["children"] = ChildCount(context, each.id);
      children.push_back(std::move(child));
    }
  }
  return http::Response::Json(200, json{{"commission", commission->id}, {"children", children}});
}

http::Response GetRatios(const ApiContext& context, const Caller& caller,
                         const http::Request& /*request*/, access::Action action) {
  if (const Status allowed = AuthorizeOwn(caller, action); !allowed.ok()) {
    return http::Response::Error(allowed);
  }
  Result<std::span<const protocol::ControlRatio>> ratios =
      protocol::ControlRatios(context.definition->rule_set());
  if (!ratios.has_value()) {
    return http::Response::Error(ratios.error());
  }
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const protocol::ControlRatio& ratio : *ratios) {
    list.push_back(data_entry::RatioJson(ratio));
  }
  nlohmann::ordered_json body;
  body["rule_set"] = context.definition->rule_set();
  body["ratios"] = std::move(list);
  http::Response response;
  response.status = 200;
  response.content_type = "application/json";
  response.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return response;
}

http::Response GetAudit(const ApiContext& context, const Caller& caller,
                        const http::Request& request, access::Action action) {
  Result<std::vector<std::pair<std::string, std::string>>> query = ParseQuery(request.query);
  if (!query.has_value()) {
    return http::Response::Error(query.error());
  }
  for (const auto& [name, value] : *query) {
    if (name != "commission" && name != "kind" && name != "user" && name != "from" &&
        name != "to") {
      return http::Response::Error(InvalidArgumentError(fmt::format("unknown query parameter '{}'",
                                                                    EscapeControlCharacters(name))),
                                   name);
    }
  }
  const std::string commission =
      QueryValue(*query, "commission").value_or(caller.user.user.commission_id);
  if (const Status allowed = AuthorizeOn(context, caller, action, commission); !allowed.ok()) {
    return ErrorAnswer(allowed, "commission");
  }
  std::optional<storage::EventKind> kind;
  if (const std::optional<std::string> text = QueryValue(*query, "kind")) {
    kind = storage::ParseEventKind(*text);
    if (!kind.has_value()) {
      return http::Response::Error(InvalidArgumentError("unknown event kind"), "kind");
    }
  }
  std::optional<std::chrono::sys_seconds> from;
  std::optional<std::chrono::sys_seconds> to;
  for (auto [name, bound] : {std::pair{"from", &from}, std::pair{"to", &to}}) {
    if (const std::optional<std::string> text = QueryValue(*query, name)) {
      *bound = storage::ParseEventTime(*text);
      if (!bound->has_value()) {
        return http::Response::Error(
            InvalidArgumentError("a time is ISO 8601 in UTC: 2026-12-07T02:23:56Z"), name);
      }
    }
  }
  const std::optional<std::string> user = QueryValue(*query, "user");
  // Events of no commission (a failed login under a name nobody has) belong to the root.
  const model::Commission* target = FindCommission(context, commission);
  const bool root = target != nullptr && target->parent_id.empty();
  Result<std::vector<storage::RecordedEvent>> events =
      context.store->With([](storage::Store& store) { return store.AuditEvents(); });
  if (!events.has_value()) {
    return http::Response::Error(events.error());
  }
  // Client addresses are shown to administrators only (docs/roles.md).
  const bool addresses = caller.user.user.role == access::Role::kAdministrator;
  json list = json::array();
  for (const storage::RecordedEvent& recorded : *events) {
    const storage::AuditEvent& event = recorded.event;
    const bool within = event.actor.commission_id.empty()
                            ? root
                            : WithinSubtree(context, commission, event.actor.commission_id);
    if (!within || (kind.has_value() && event.kind != *kind) ||
        (user.has_value() && event.actor.user_id != *user) ||
        (from.has_value() && event.actor.time < *from) ||
        (to.has_value() && event.actor.time > *to)) {
      continue;
    }
    json details = json::object();
    for (const auto& [key, value] : event.details) {
      details[key] = value;
    }
    json item{{"entry", recorded.entry},
              {"kind", std::string(storage::EventKindName(event.kind))},
              {"user", event.actor.user_id},
              {"commission", event.actor.commission_id},
              {"time", storage::FormatEventTime(event.actor.time)},
              {"details", std::move(details)}};
    if (addresses) {
      item["client_address"] = event.actor.client_address;
    }
    list.push_back(std::move(item));
  }
  return http::Response::Json(200, json{{"commission", commission}, {"events", std::move(list)}});
}

}  // namespace

Status AddCommissionRoutes(http::Router& router, const std::shared_ptr<const ApiContext>& context) {
  const http::RouteOptions read{.execution = http::Execution::kWorkerPool};
  RETURN_IF_ERROR(router.Add({.method = "GET",
                              .pattern = "/api/v1/commissions/{id}",
                              .name = "commissions.get",
                              .options = read,
                              .handler = Guarded(context, GetCommission)}));
  RETURN_IF_ERROR(router.Add({.method = "GET",
                              .pattern = "/api/v1/commissions/{id}/children",
                              .name = "commissions.children",
                              .options = read,
                              .handler = Guarded(context, GetChildren)}));
  RETURN_IF_ERROR(router.Add({.method = "GET",
                              .pattern = "/api/v1/ratios",
                              .name = "ratios.list",
                              .options = read,
                              .handler = Guarded(context, GetRatios)}));
  return router.Add({.method = "GET",
                     .pattern = "/api/v1/audit",
                     .name = "audit.list",
                     .options = read,
                     .handler = Guarded(context, GetAudit)});
}

}  // namespace esep::server::internal
