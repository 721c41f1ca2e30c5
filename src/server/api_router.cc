#include "server/api_router.h"

#include <memory>
#include <utility>

#include <fmt/format.h>

#include "server/entry_routes.h"
#include "server/handler_support.h"
#include "server/history_routes.h"
#include "server/route_rules.h"
#include "server/scan_routes.h"
#include "service/entries.h"
#include "service/entry_committer.h"
#include "service/stored_election.h"
#include "storage/sqlite_store.h"

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
  ASSIGN_OR_RETURN(service::EntryDesk desk, context->store->With([&](storage::Store& shared) {
    return service::LoadEntryDesk(shared, store_path);
  }));
  context->desk = std::make_shared<const service::EntryDesk>(std::move(desk));
  // The session checks read through a read-only connection of their own (ApiContext).
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Store> reader,
                   storage::OpenSqliteStore(store_path, {.read_only = true}));
  context->session_reader = std::make_shared<SharedStore>(std::move(reader));
  // The committer writes through a connection of its own (service/entry_committer.h): the
  // shared one is never held for a batch's sync to disk.
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Store> own, storage::OpenSqliteStore(store_path));
  context->committer = std::make_shared<service::EntryCommitter>(
      context->desk, service::EntryCommitter::OwnStore(std::move(own)));
  return context;
}

Result<http::Router> BuildApiRouter(const std::shared_ptr<const ApiContext>& context) {
  http::Router router;
  RETURN_IF_ERROR(internal::AddAuthRoutes(router, context));
  RETURN_IF_ERROR(internal::AddUserRoutes(router, context));
  RETURN_IF_ERROR(internal::AddCommissionRoutes(router, context));
  RETURN_IF_ERROR(internal::AddEntryRoutes(router, context));
  RETURN_IF_ERROR(internal::AddScanRoutes(router, context));
  RETURN_IF_ERROR(internal::AddHistoryRoutes(router, context));
  for (const http::Route& route : router.routes()) {
    if (!RuleOf(route.name).has_value()) {
      return InternalError(
          fmt::format("the route {} has no rule (server/route_rules.cc)", route.name));
    }
  }
  return router;
}

}  // namespace esep::server
