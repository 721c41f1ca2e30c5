// The double-entry routes of the API (docs/api.md) over the entries service
// (service/entries.h): the protocols of a commission, a protocol's form, its two entries, their
// differences, the coordinator's resolution, the chair's approval and corrections, the progress
// counts and the event stream. Internal to the server module.

#pragma once

#include <memory>

#include "base/status.h"
#include "http/router.h"
#include "server/api_context.h"

namespace esep::server::internal {

// Loads the entry desk from the context's store and adds the routes.
Status AddEntryRoutes(http::Router& router, const std::shared_ptr<const ApiContext>& context);

}  // namespace esep::server::internal
