// What the route handlers share: the guard that authenticates and finds the route's action,
// the scope check of a target commission, the strict reading of JSON bodies and query strings,
// and the JSON of users and commissions. Internal to the server module.
//
// Thread-safe as ApiContext is.

#pragma once

#include <chrono>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "access/action.h"
#include "base/status.h"
#include "data_entry/form_definition.h"
#include "data_entry/form_values.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"
#include "model/commission.h"
#include "protocol/decision.h"
#include "protocol/protocol.h"
#include "server/api_context.h"
#include "service/entries.h"
#include "storage/accounts.h"
#include "storage/audit_event.h"

namespace esep::server::internal {

// A handler of an authenticated route: `action` is the route's (route_rules.h).
using GuardedHandler =
    std::function<http::Response(const ApiContext& context, const Caller& caller,
                                 const http::Request& request, access::Action action)>;

// Authenticates the request (401 otherwise), finds its route's action (500 for a route without
// one: BuildApiRouter prevents it) and calls `handler`; the answer carries the session's seconds
// left in kSessionSecondsHeader.
http::Handler Guarded(std::shared_ptr<const ApiContext> context, GuardedHandler handler);

// The double-entry desk the context loaded once (service/entries.h), for the handlers of the
// entry and scan routes, which take it as a parameter.
using Desk = std::shared_ptr<const service::EntryDesk>;
using DeskHandler = http::Response (*)(const ApiContext&, const Desk&, const Caller&,
                                       const http::Request&, access::Action);

// A guarded handler that calls `handler` with `desk`.
GuardedHandler WithDesk(Desk desk, DeskHandler handler);

// access::Authorize of `action` for the caller on `commission_id` (its scope relative to the
// caller's commission). kNotFound for a commission the election does not have.
Status AuthorizeOn(const ApiContext& context, const Caller& caller, access::Action action,
                   std::string_view commission_id);
// access::Authorize of an action without a target commission (asked as kOwn).
Status AuthorizeOwn(const Caller& caller, access::Action action);

// True when `commission_id` is `root_id` or below it.
bool WithinSubtree(const ApiContext& context, std::string_view root_id,
                   std::string_view commission_id);

// The actor of the caller's request, for audit events.
storage::EventActor ActorOf(const ApiContext& context, const Caller& caller,
                            const http::Request& request, std::string commission_id);

// A strict reader of a JSON object body: every field must be one of `allowed`, and each read
// checks the type. The first fault is kept with its field; error() is its 400 answer. The reader
// refers to `body`, which must outlive it.
class BodyReader {
 public:
  // `prefix` names a nested object in the fields reported ("decision" gives "decision.date").
  BodyReader(const nlohmann::json& body, std::initializer_list<std::string_view> allowed,
             std::string prefix = {});

  // The string field `name`; nullopt when absent (a fault when `required`) or of another type.
  std::optional<std::string> String(std::string_view name, bool required);
  std::optional<bool> Bool(std::string_view name);

  bool ok() const { return status_.ok(); }
  http::Response error() const { return http::Response::Error(status_, field_); }

 private:
  void Fail(std::string_view field, std::string message);
  const nlohmann::json& body_;
  std::string prefix_;
  Status status_;
  std::string field_;
};

// The decoded pairs of a query string ("a=1&b=x%20y"); '+' is a space, in names as in values.
// kInvalidArgument for a malformed escape, a pair without '=', or a name given twice.
Result<std::vector<std::pair<std::string, std::string>>> ParseQuery(std::string_view query);

// The value of `name` in `pairs`, or nullopt.
std::optional<std::string> QueryValue(const std::vector<std::pair<std::string, std::string>>& pairs,
                                      std::string_view name);

// The version in an If-Match header (`"7"` or `7`); kFailedPrecondition when the header is
// missing, kInvalidArgument when it is not a version.
Result<int64_t> IfMatchVersion(const http::Request& request);

// `"7"`: the ETag of a record at `version`.
std::string ETagOf(int64_t version);

// A user as the API shows it (never the hash).
nlohmann::json UserJson(const storage::StoredUser& stored);
// A commission as the API shows it.
nlohmann::json CommissionJson(const model::Commission& commission);

// The route's {id} commission, authorised for `action`; kNotFound for a commission the election
// does not have.
Result<std::string> RouteCommission(const ApiContext& context, const Caller& caller,
                                    const http::Request& request, access::Action action);

// The commission of the route's protocol {id}, authorised for `action`; kNotFound for an id
// that names no protocol, or a commission the election does not have.
Result<std::string> ProtocolCommission(const ApiContext& context, const Caller& caller,
                                       const http::Request& request, access::Action action);

// A form's values as the API shows them: every line of `form`, null when blank.
nlohmann::json ValuesJson(const data_entry::FormDefinition& form,
                          const data_entry::FormValues& values);
// {"kind": "list"|"district", "district": N}.
nlohmann::json ContestJson(const protocol::ContestRef& contest);
// {"number", "date", "commission", "reason"}, or null.
nlohmann::json DecisionJson(const std::optional<protocol::Decision>& decision);

// The commission named `id`, or nullptr.
const model::Commission* FindCommission(const ApiContext& context, std::string_view id);

// `status` as an answer; under 400 with `field` when the status is kInvalidArgument.
http::Response ErrorAnswer(const Status& status, std::string_view field = {});

Status AddAuthRoutes(http::Router& router, const std::shared_ptr<const ApiContext>& context);
Status AddUserRoutes(http::Router& router, const std::shared_ptr<const ApiContext>& context);
Status AddCommissionRoutes(http::Router& router, const std::shared_ptr<const ApiContext>& context);

}  // namespace esep::server::internal
