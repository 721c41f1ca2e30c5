#include "server/entry_routes.h"

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "access/role.h"
#include "base/text.h"
#include "data_entry/command.h"
#include "data_entry/form_json.h"
#include "data_entry/form_values.h"
#include "server/entry_bodies.h"
#include "server/handler_support.h"
#include "server/scan_routes.h"
#include "service/entries.h"

namespace esep::server::internal {
namespace {

using nlohmann::json;

// 1 or 2 from the route's {n}; kNotFound otherwise (no such resource).
Result<int> EntryNumber(const http::Request& request) {
  const std::string_view n = request.param("n");
  if (n == "1" || n == "2") {
    return n == "1" ? 1 : 2;
  }
  return NotFoundError("an entry is /entries/1 or /entries/2");
}

json StateJson(std::string_view protocol_id, const data_entry::ProtocolEntryState& state) {
  return json{{"protocol", protocol_id},
              {"status", std::string(data_entry::EntryStatusName(state.status))},
              {"version", state.version}};
}

http::Response WithETag(http::Response response, int64_t version) {
  response.headers.set("ETag", ETagOf(version));
  return response;
}

// The answer to a refused command, with the field it names.
http::Response RefusalAnswer(const Status& refused) {
  const std::string& message = refused.message();
  // A summary's approval refused for want of a decision (service/summaries.h) names the
  // field the chair fills in, whatever the code.
  if (message.rfind("decision: ", 0) == 0) {
    return http::Response::Error(refused, "decision");
  }
  const size_t at = message.find("values.");
  std::string field;
  if (at != std::string::npos) {
    field = message.substr(at, message.find_first_of(" :,'", at) - at);
  }
  return ErrorAnswer(refused, field);
}

// Runs `action` against the version of If-Match: the group committer answers the request once
// the command's batch is durably committed (no thread waits for it meanwhile), and publishes the
// change to the commission's event streams.
http::Response Run(const ApiContext& context, const Caller& caller, const http::Request& request,
                   const std::string& commission_id, data_entry::Action action) {
  Result<int64_t> version = IfMatchVersion(request);
  if (!version.has_value()) {
    return http::Response::Error(version.error());
  }
  std::string protocol_id(request.param("id"));
  storage::EventActor actor = ActorOf(context, caller, request, commission_id);
  data_entry::Command command{
      .actor = caller.user.user.id, .expected_version = *version, .action = std::move(action)};
  // The committer's one thread only hands the outcome over: the JSON is made on the
  // connection's I/O thread (the committer's time is every command's latency).
  context.committer->Submit(
      caller.user.user, protocol_id, std::move(command), std::move(actor),
      [answer_with = request.answer_with, events = context.events, scopes = context.scopes,
       commission_id, protocol_id](Result<data_entry::Transition> done) {
        answer_with([done = std::move(done), events, scopes, commission_id,
                     protocol_id]() -> http::Response {
          if (!done.has_value()) {
            return RefusalAnswer(done.error());
          }
          // One JSON of the new state: the answer and the commission's event streams.
          const json state = StateJson(protocol_id, done->state);
          events->Publish(*scopes, commission_id, "protocol", state.dump());
          return WithETag(http::Response::Json(200, state), done->state.version);
        });
      });
  return http::Response::Later();
}

// The handler of one command route: the protocol's commission authorised, then `make` turns
// the request into the command's action (or an answer when the body is refused).
using MakeAction = std::function<ActionOrAnswer(const http::Request& request, int entry)>;

GuardedHandler CommandHandler(bool has_entry, MakeAction make) {
  return [has_entry, make = std::move(make)](const ApiContext& context, const Caller& caller,
                                             const http::Request& request,
                                             access::Action action) -> http::Response {
    Result<std::string> commission = ProtocolCommission(context, caller, request, action);
    if (!commission.has_value()) {
      return http::Response::Error(commission.error());
    }
    int entry = 0;
    if (has_entry) {
      Result<int> number = EntryNumber(request);
      if (!number.has_value()) {
        return http::Response::Error(number.error());
      }
      entry = *number;
    }
    ActionOrAnswer made = make(request, entry);
    if (auto* refused = std::get_if<http::Response>(&made)) {
      return std::move(*refused);
    }
    return Run(context, caller, request, *commission,
               std::get<data_entry::Action>(std::move(made)));
  };
}

http::Response GetEntry(const ApiContext& context, const Desk& desk, const Caller& caller,
                        const http::Request& request, access::Action action) {
  Result<std::string> commission = ProtocolCommission(context, caller, request, action);
  if (!commission.has_value()) {
    return http::Response::Error(commission.error());
  }
  Result<int> number = EntryNumber(request);
  if (!number.has_value()) {
    return http::Response::Error(number.error());
  }
  const std::string protocol_id(request.param("id"));
  Result<data_entry::FormDefinition> form = service::FormOf(*desk, protocol_id);
  if (!form.has_value()) {
    return http::Response::Error(form.error());
  }
  Result<data_entry::ProtocolEntryState> state = context.store->With(
      [&](storage::Store& store) { return service::ReadEntryState(store, protocol_id); });
  if (!state.has_value()) {
    return http::Response::Error(state.error());
  }
  // A typist reads only the entry they claimed (the independence of double entry).
  if (caller.user.user.role == access::Role::kTypist) {
    if (const Status may = data_entry::CheckTypistMayRead(*state, *number, caller.user.user.id);
        !may.ok()) {
      return http::Response::Error(may);
    }
  }
  const data_entry::Entry* entry = state->entry(*number);
  if (entry == nullptr) {
    return http::Response::Error(
        NotFoundError(fmt::format("{} has no entry {} yet", protocol_id, *number)));
  }
  json body{{"protocol", protocol_id},
            {"entry", *number},
            {"status", std::string(data_entry::EntryStatusName(state->status))},
            {"state", std::string(data_entry::EntryPhaseName(entry->phase))},
            {"version", state->version},
            {"typist", entry->typist},
            {"values", ValuesJson(*form, entry->values)},
            {"acknowledged_warnings", entry->acknowledged_warnings},
            {"scans", ScanHashesJson(context, protocol_id)}};
  return WithETag(http::Response::Json(200, body), state->version);
}

http::Response GetDifferences(const ApiContext& context, const Desk& desk, const Caller& caller,
                              const http::Request& request, access::Action action) {
  Result<std::string> commission = ProtocolCommission(context, caller, request, action);
  if (!commission.has_value()) {
    return http::Response::Error(commission.error());
  }
  const std::string protocol_id(request.param("id"));
  Result<data_entry::FormDefinition> form = service::FormOf(*desk, protocol_id);
  if (!form.has_value()) {
    return http::Response::Error(form.error());
  }
  Result<data_entry::ProtocolEntryState> state = context.store->With(
      [&](storage::Store& store) { return service::ReadEntryState(store, protocol_id); });
  if (!state.has_value()) {
    return http::Response::Error(state.error());
  }
  const data_entry::Entry* first = state->entry(1);
  const data_entry::Entry* second = state->entry(2);
  if (first == nullptr || second == nullptr || first->phase != data_entry::EntryPhase::kFinalised ||
      second->phase != data_entry::EntryPhase::kFinalised) {
    return http::Response::Error(FailedPreconditionError(
        fmt::format("{} has no two finalised entries to compare", protocol_id)));
  }
  json body = StateJson(protocol_id, *state);
  body["differences"] = data_entry::Differences(first->values, second->values);
  body["first"] = ValuesJson(*form, first->values);
  body["second"] = ValuesJson(*form, second->values);
  body["scans"] = ScanHashesJson(context, protocol_id);
  return WithETag(http::Response::Json(200, body), state->version);
}

http::Response GetForm(const ApiContext& context, const Desk& desk, const Caller& caller,
                       const http::Request& request, access::Action action) {
  Result<std::string> commission = ProtocolCommission(context, caller, request, action);
  if (!commission.has_value()) {
    return http::Response::Error(commission.error());
  }
  Result<data_entry::FormDefinition> form = service::FormOf(*desk, request.param("id"));
  if (!form.has_value()) {
    return http::Response::Error(form.error());
  }
  http::Response response;
  response.content_type = "application/json";
  response.body = data_entry::FormJson(*form).dump(-1, ' ', false, json::error_handler_t::replace);
  return response;
}

http::Response GetProtocols(const ApiContext& context, const Desk& desk, const Caller& caller,
                            const http::Request& request, access::Action action) {
  Result<std::string> found = RouteCommission(context, caller, request, action);
  if (!found.has_value()) {
    return http::Response::Error(found.error());
  }
  const std::string& commission = *found;
  Result<std::vector<service::ExpectedProtocol>> protocols =
      context.store->With([&](storage::Store& store) {
        return service::ListCommissionProtocols(store, *desk, commission);
      });
  if (!protocols.has_value()) {
    return http::Response::Error(protocols.error());
  }
  json list = json::array();
  for (const service::ExpectedProtocol& each : *protocols) {
    const model::Commission* of = desk->FindCommission(each.commission_id);
    list.push_back(
        json{{"protocol", each.protocol_id},
             {"commission", each.commission_id},
             {"level",
              of == nullptr ? std::string() : std::string(model::CommissionLevelName(of->level))},
             {"contest", ContestJson(each.contest)},
             {"status", std::string(data_entry::EntryStatusName(each.status))},
             {"version", each.version}});
  }
  return http::Response::Json(200, json{{"commission", commission}, {"protocols", list}});
}

http::Response GetProgress(const ApiContext& context, const Desk& desk, const Caller& caller,
                           const http::Request& request, access::Action action) {
  Result<std::vector<std::pair<std::string, std::string>>> query = ParseQuery(request.query);
  if (!query.has_value()) {
    return http::Response::Error(query.error());
  }
  const std::string commission =
      QueryValue(*query, "commission").value_or(caller.user.user.commission_id);
  if (const Status allowed = AuthorizeOn(context, caller, action, commission); !allowed.ok()) {
    return ErrorAnswer(allowed, "commission");
  }
  Result<service::EntryProgress> progress = context.store->With(
      [&](storage::Store& store) { return service::ProgressCounts(store, *desk, commission); });
  if (!progress.has_value()) {
    return http::Response::Error(progress.error());
  }
  return http::Response::Json(200, json{{"commission", commission},
                                        {"not_started", progress->not_started},
                                        {"first_entry", progress->first_entry},
                                        {"second_entry", progress->second_entry},
                                        {"different", progress->different},
                                        {"has_errors", progress->has_errors},
                                        {"definitive", progress->definitive},
                                        {"approved", progress->approved},
                                        {"in_correction", progress->in_correction},
                                        {"total", progress->total()}});
}

http::Response GetEvents(const ApiContext& context, const Caller& caller,
                         const http::Request& request, access::Action action) {
  Result<std::vector<std::pair<std::string, std::string>>> query = ParseQuery(request.query);
  if (!query.has_value()) {
    return http::Response::Error(query.error());
  }
  const std::string commission =
      QueryValue(*query, "commission").value_or(caller.user.user.commission_id);
  if (const Status allowed = AuthorizeOn(context, caller, action, commission); !allowed.ok()) {
    return ErrorAnswer(allowed, "commission");
  }
  return http::Response::EventStream(context.events->StreamOf(commission));
}

}  // namespace

Status AddEntryRoutes(http::Router& router, const std::shared_ptr<const ApiContext>& context) {
  const Desk desk = context->desk;
  const http::RouteOptions read{.execution = http::Execution::kWorkerPool};
  // The commands run on the I/O thread: their handlers check the session (two row reads on a
  // connection of their own, api_context.h; a renewal due moves the request to the worker
  // pool), authorise from memory and hand the command to the group committer, which answers
  // once it is durable (Run). No thread waits per command, and no hand-off to a worker.
  const http::RouteOptions change{.body = http::BodyKind::kJson,
                                  .effect = http::Effect::kStateChanging,
                                  .execution = http::Execution::kIoThread};
  const http::RouteOptions bodiless{.body = http::BodyKind::kAny,
                                    .effect = http::Effect::kStateChanging,
                                    .execution = http::Execution::kIoThread};
  const auto add = [&](std::string method, std::string pattern, std::string name,
                       http::RouteOptions options, GuardedHandler handler) {
    return router.Add({.method = std::move(method),
                       .pattern = "/api/v1" + std::move(pattern),
                       .name = std::move(name),
                       .options = options,
                       .handler = Guarded(context, std::move(handler))});
  };
  RETURN_IF_ERROR(add("GET", "/commissions/{id}/protocols", "commissions.protocols", read,
                      WithDesk(desk, GetProtocols)));
  RETURN_IF_ERROR(
      add("GET", "/protocols/{id}/form", "protocols.form", read, WithDesk(desk, GetForm)));
  RETURN_IF_ERROR(
      add("GET", "/protocols/{id}/entries/{n}", "entries.get", read, WithDesk(desk, GetEntry)));
  RETURN_IF_ERROR(add("POST", "/protocols/{id}/entries/{n}/claim", "entries.claim", bodiless,
                      CommandHandler(true, [](const http::Request&, int entry) {
                        return ActionOrAnswer(data_entry::Claim{.entry = entry});
                      })));
  RETURN_IF_ERROR(add("PUT", "/protocols/{id}/entries/{n}", "entries.save", change,
                      CommandHandler(true, [](const http::Request& request, int entry) {
                        return SaveAction(request.json, entry);
                      })));
  RETURN_IF_ERROR(add("POST", "/protocols/{id}/entries/{n}/finalise", "entries.finalise", change,
                      CommandHandler(true, [](const http::Request& request, int entry) {
                        return FinaliseAction(request.json, entry);
                      })));
  RETURN_IF_ERROR(add("DELETE", "/protocols/{id}/entries/{n}", "entries.discard", bodiless,
                      CommandHandler(true, [](const http::Request&, int entry) {
                        return ActionOrAnswer(data_entry::Discard{.entry = entry});
                      })));
  RETURN_IF_ERROR(add("GET", "/protocols/{id}/differences", "protocols.differences", read,
                      WithDesk(desk, GetDifferences)));
  RETURN_IF_ERROR(add("POST", "/protocols/{id}/resolution", "protocols.resolution", change,
                      CommandHandler(false, [](const http::Request& request, int) {
                        return ResolutionAction(request.json);
                      })));
  // No body, or {"decision": ...} explaining a summary's difference from its precincts.
  const http::RouteOptions optional_body{.body = http::BodyKind::kOptionalJson,
                                         .effect = http::Effect::kStateChanging,
                                         .execution = http::Execution::kIoThread};
  RETURN_IF_ERROR(add("POST", "/protocols/{id}/approve", "protocols.approve", optional_body,
                      CommandHandler(false, [](const http::Request& request, int) {
                        return ApprovalAction(request.json);
                      })));
  RETURN_IF_ERROR(add("POST", "/protocols/{id}/corrections", "protocols.corrections", change,
                      CommandHandler(false, [](const http::Request& request, int) {
                        return CorrectionAction(request.json);
                      })));
  RETURN_IF_ERROR(add("GET", "/progress", "progress.get", read, WithDesk(desk, GetProgress)));
  return add("GET", "/events", "events.stream", {.execution = http::Execution::kIoThread},
             GetEvents);
}

}  // namespace esep::server::internal
