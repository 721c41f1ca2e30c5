// The commission server's API (docs/api.md): the context its handlers share, built from an open
// store, and the router of every route under /api/v1.
//
// Every route has a rule (route_rules.h): BuildApiRouter refuses a route without one, so no
// route escapes authorisation.
//
// Example:
//   ASSIGN_OR_RETURN(std::shared_ptr<ApiContext> context,
//                    MakeApiContext(std::move(store), "results.db", {}));
//   ASSIGN_OR_RETURN(http::Router router, BuildApiRouter(context));
//   ASSIGN_OR_RETURN(auto server, http::Server::Start(options, std::move(router)));

#pragma once

#include <memory>
#include <string>

#include "access/login_backoff.h"
#include "access/password_hasher.h"
#include "access/session.h"
#include "base/result.h"
#include "http/router.h"
#include "server/api_context.h"
#include "storage/store.h"

namespace esep::server {

struct ApiOptions {
  access::PasswordHasherOptions hasher{};
  access::LoginBackoffOptions backoff{};
  access::SessionPolicy session_policy{};
  // Empty: the system clock, to the second.
  std::function<std::chrono::sys_seconds()> clock;
};

// Loads the store's election (service::LoadStoredElection: kFailedPrecondition when it holds
// none) and builds the context around `store`. `store_path` is for messages.
Result<std::shared_ptr<ApiContext>> MakeApiContext(std::unique_ptr<storage::Store> store,
                                                   const std::string& store_path,
                                                   const ApiOptions& options);

// Every route of the API. kInternal when a route has no rule (a programming error).
Result<http::Router> BuildApiRouter(const std::shared_ptr<const ApiContext>& context);

}  // namespace esep::server
