#include "server/history_routes.h"

#include <string>
#include <utility>
#include <vector>

#include "data_entry/form_values.h"
#include "server/handler_support.h"
#include "service/protocol_history.h"
#include "service/summaries.h"

namespace esep::server::internal {
namespace {

using nlohmann::json;

json OptionalValue(const std::optional<int64_t>& value) {
  return value.has_value() ? json(*value) : json(nullptr);
}

json SummaryJson(const service::SummaryView& view) {
  json lines = json::array();
  for (const service::SummaryLine& line : view.lines) {
    lines.push_back(json{{"key", line.key},
                         {"summary", OptionalValue(line.summary)},
                         {"children", OptionalValue(line.children)}});
  }
  return json{{"protocol", view.protocol_id},
              {"commission", view.commission_id},
              {"contest", ContestJson(view.contest)},
              {"status", std::string(data_entry::EntryStatusName(view.status))},
              {"version", view.version},
              {"compared", std::string(service::SummaryComparedName(view.compared))},
              {"children", view.children},
              {"expected", view.expected},
              {"matches", view.matches()},
              {"lines", std::move(lines)},
              {"differences", view.differences},
              {"description", view.description}};
}

http::Response GetSummary(const ApiContext& context, const Desk& desk, const Caller& caller,
                          const http::Request& request, access::Action action) {
  Result<std::string> found = RouteCommission(context, caller, request, action);
  if (!found.has_value()) {
    return http::Response::Error(found.error());
  }
  const std::string& commission = *found;
  Result<std::vector<service::SummaryView>> views = context.store->With([&](storage::Store& store) {
    return service::ReconcileCommissionSummaries(store, *desk, commission);
  });
  if (!views.has_value()) {
    return http::Response::Error(views.error());
  }
  json list = json::array();
  for (const service::SummaryView& view : *views) {
    list.push_back(SummaryJson(view));
  }
  return http::Response::Json(200, json{{"commission", commission}, {"summaries", list}});
}

http::Response GetVersions(const ApiContext& context, const Desk& desk, const Caller& caller,
                           const http::Request& request, access::Action action) {
  if (Result<std::string> commission = ProtocolCommission(context, caller, request, action);
      !commission.has_value()) {
    return http::Response::Error(commission.error());
  }
  const std::string protocol_id(request.param("id"));
  Result<data_entry::FormDefinition> form = service::FormOf(*desk, protocol_id);
  if (!form.has_value()) {
    return http::Response::Error(form.error());
  }
  Result<service::ProtocolHistory> history = context.store->With([&](storage::Store& store) {
    return service::ReadProtocolHistory(store, *desk, protocol_id);
  });
  if (!history.has_value()) {
    return http::Response::Error(history.error());
  }
  json versions = json::array();
  for (const service::ProtocolVersion& version : history->versions) {
    versions.push_back(json{{"number", version.number},
                            {"values", ValuesJson(*form, version.approved.values)},
                            {"first_typist", version.approved.first_typist},
                            {"second_typist", version.approved.second_typist},
                            {"approved_by", version.approved.approved_by},
                            {"decision", DecisionJson(version.approved.decision)},
                            {"reconciliation", DecisionJson(version.approved.reconciliation)},
                            {"changed", version.changed}});
  }
  http::Response response = http::Response::Json(
      200, json{{"protocol", history->protocol_id},
                {"status", std::string(data_entry::EntryStatusName(history->status))},
                {"version", history->version},
                {"correction", DecisionJson(history->correction)},
                {"pending", history->pending.has_value() ? ValuesJson(*form, *history->pending)
                                                         : json(nullptr)},
                {"pending_changed", history->pending_changed},
                {"versions", std::move(versions)}});
  response.headers.set("ETag", ETagOf(history->version));
  return response;
}

}  // namespace

Status AddHistoryRoutes(http::Router& router, const std::shared_ptr<const ApiContext>& context) {
  const Desk desk = context->desk;
  if (desk == nullptr) {
    return InternalError("the API context has no entry desk");
  }
  const http::RouteOptions read{.execution = http::Execution::kWorkerPool};
  const auto add = [&](std::string pattern, std::string name, DeskHandler handler) {
    return router.Add({.method = "GET",
                       .pattern = "/api/v1" + std::move(pattern),
                       .name = std::move(name),
                       .options = read,
                       .handler = Guarded(context, WithDesk(desk, handler))});
  };
  RETURN_IF_ERROR(add("/commissions/{id}/summary", "commissions.summary", GetSummary));
  return add("/protocols/{id}/versions", "protocols.versions", GetVersions);
}

}  // namespace esep::server::internal
