// The Origin check of state-changing requests (a cross-site request forgery defence on top of
// SameSite=Strict cookies): a browser sends Origin with every POST, PUT and DELETE, and a page
// of another site cannot forge it. Pure; thread-safe.

#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "http/request.h"

namespace esep::http {

// OK when `request`'s Origin header is exactly one of `own_origins` ("https://host:port",
// compared byte for byte after lower-casing the scheme and host). kPermissionDenied when it is
// missing, "null", or another origin.
Status CheckOrigin(const Request& request, const std::vector<std::string>& own_origins);

}  // namespace esep::http
