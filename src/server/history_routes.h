// The routes of a protocol's history and of a higher commission's summary reconciliation
// (docs/api.md, "History and summaries"): read-only views over service/protocol_history.h and
// service/summaries.h.

#pragma once

#include <memory>

#include "base/status.h"
#include "http/router.h"
#include "server/api_context.h"

namespace esep::server::internal {

Status AddHistoryRoutes(http::Router& router, const std::shared_ptr<const ApiContext>& context);

}  // namespace esep::server::internal
