// The scan routes of the API (docs/api.md, "Scans") over the scans service (service/scans.h):
// a photo or scan of a paper protocol uploaded, listed, and served back by its SHA-256. Internal
// to the server module.

#pragma once

#include <memory>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "http/router.h"
#include "server/api_context.h"

namespace esep::server::internal {

// Loads the entry desk from the context's store and adds the routes.
Status AddScanRoutes(http::Router& router, const std::shared_ptr<const ApiContext>& context);

// The SHA-256s of the scans of `protocol_id`, oldest first, as a JSON array (empty when the
// store cannot be read: the scans are an aside of the answer they go into). For answers whose
// action already implies access::Action::kViewScan (view_entry, view_differences).
nlohmann::json ScanHashesJson(const ApiContext& context, std::string_view protocol_id);

}  // namespace esep::server::internal
