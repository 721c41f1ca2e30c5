#include "server/api_router.h"

#include <utility>

#include <fmt/format.h>

#include "server/entry_routes.h"
#include "server/handler_support.h"
#include "server/route_rules.h"
#include "server/scan_routes.h"
#include "service/stored_election.h"

namespace esep::server {

Result<std::shared_ptr<ApiContext>> MakeApiContext(std::unique_ptr<storage::Store> store,
                                                   const std::string& store_path,
                                                   const ApiOptions& options) {
  ASSIGN_OR_RETURN(service::StoredElection election,
                   service::LoadStoredElection(*store, store_path));
  auto context = std::make_shared<ApiContext>();
  context->store = std::make_shared<SharedStore>(std::move(store));
  context->store_path = store_path;
  context->definition = election.definition;
  context->scopes =
      std::make_shared<const access::CommissionScopes>(election.definition->commissions());
  context->hasher = std::make_shared<access::PasswordHasher>(options.hasher);
  context->backoff = std::make_shared<access::LoginBackoff>(options.backoff);
  context->session_policy = options.session_policy;
  context->clock = options.clock ? options.clock : [] {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  };
  context->events = std::make_shared<EventHub>();
  return context;
}

Result<http::Router> BuildApiRouter(const std::shared_ptr<const ApiContext>& context) {
  http::Router router;
  RETURN_IF_ERROR(internal::AddAuthRoutes(router, context));
  RETURN_IF_ERROR(internal::AddUserRoutes(router, context));
  RETURN_IF_ERROR(internal::AddCommissionRoutes(router, context));
  RETURN_IF_ERROR(internal::AddEntryRoutes(router, context));
  RETURN_IF_ERROR(internal::AddScanRoutes(router, context));
  for (const http::Route& route : router.routes()) {
    if (!RuleOf(route.name).has_value()) {
      return InternalError(
          fmt::format("the route {} has no rule (server/route_rules.cc)", route.name));
    }
  }
  return router;
}

}  // namespace esep::server
