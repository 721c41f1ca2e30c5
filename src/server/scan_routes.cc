#include "server/scan_routes.h"

#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include "server/handler_support.h"
#include "service/entries.h"
#include "service/scans.h"
#include "storage/audit_event.h"

namespace esep::server::internal {
namespace {

using nlohmann::json;

json RecordJson(const storage::ScanRecord& record) {
  return json{{"protocol", record.protocol_id},
              {"sha256", record.sha256},
              {"media_type", record.media_type},
              {"bytes", record.size},
              {"uploaded_by", record.uploaded_by},
              {"uploaded_at", storage::FormatEventTime(record.uploaded_at)}};
}

// The media type of a Content-Type value: before any parameter, trimmed, in lower case.
std::string MediaTypeOf(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) {
    type.remove_prefix(1);
  }
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) {
    type.remove_suffix(1);
  }
  std::string lower(type);
  for (char& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return lower;
}

// The commission of a protocol id, for the audit event's actor ("" for a malformed id, which the
// service then refuses).
std::string CommissionOfId(std::string_view protocol_id) {
  Result<service::ProtocolRef> ref = service::ParseProtocolId(protocol_id);
  return ref.has_value() ? ref->commission_id : std::string();
}

http::Response Upload(const ApiContext& context, const Desk& desk, const Caller& caller,
                      const http::Request& request, access::Action /*action*/) {
  const std::string protocol_id(request.param("id"));
  const std::string media_type = MediaTypeOf(request.header("Content-Type"));
  const storage::EventActor actor = ActorOf(context, caller, request, CommissionOfId(protocol_id));
  Result<storage::AddedScan> added = context.store->With([&](storage::Store& store) {
    return service::AttachScan(store, *desk, caller.user.user, protocol_id, media_type,
                               request.body, actor);
  });
  if (!added.has_value()) {
    return ErrorAnswer(added.error());
  }
  http::Response response =
      http::Response::Json(added->added ? 201 : 200, RecordJson(added->record));
  response.headers.set("Location", "/api/v1/scans/" + added->record.sha256);
  return response;
}

http::Response List(const ApiContext& context, const Desk& desk, const Caller& caller,
                    const http::Request& request, access::Action /*action*/) {
  const std::string protocol_id(request.param("id"));
  Result<std::vector<storage::ScanRecord>> scans = context.store->With([&](storage::Store& store) {
    return service::ListScans(store, *desk, caller.user.user, protocol_id);
  });
  if (!scans.has_value()) {
    return http::Response::Error(scans.error());
  }
  json list = json::array();
  for (const storage::ScanRecord& record : *scans) {
    list.push_back(RecordJson(record));
  }
  return http::Response::Json(200, json{{"protocol", protocol_id}, {"scans", list}});
}

http::Response Get(const ApiContext& context, const Desk& desk, const Caller& caller,
                   const http::Request& request, access::Action /*action*/) {
  const std::string sha256(request.param("sha256"));
  Result<storage::StoredScan> scan = context.store->With([&](storage::Store& store) {
    return service::ReadScan(store, *desk, caller.user.user, sha256);
  });
  if (!scan.has_value()) {
    return http::Response::Error(scan.error());
  }
  http::Response response;
  response.content_type = scan->records.front().media_type;
  response.body = std::move(scan->bytes);
  // The server adds X-Content-Type-Options: nosniff and Cache-Control: no-store to every API
  // answer: the browser neither guesses another type nor keeps the scan on disk.
  response.headers.set("ETag", "\"" + sha256 + "\"");
  if (response.content_type == "application/pdf") {
    response.headers.set("Content-Disposition", "inline; filename=\"" + sha256 + ".pdf\"");
  }
  return response;
}

}  // namespace

json ScanHashesJson(const ApiContext& context, std::string_view protocol_id) {
  Result<std::vector<storage::ScanRecord>> scans =
      context.store->With([&](storage::Store& store) { return store.ProtocolScans(protocol_id); });
  json hashes = json::array();
  if (scans.has_value()) {
    for (const storage::ScanRecord& record : *scans) {
      hashes.push_back(record.sha256);
    }
  }
  return hashes;
}

Status AddScanRoutes(http::Router& router, const std::shared_ptr<const ApiContext>& context) {
  // The desk the context loaded once for every double-entry route.
  const Desk desk = context->desk;
  if (desk == nullptr) {
    return InternalError("the API context has no entry desk");
  }
  const http::RouteOptions read{.execution = http::Execution::kWorkerPool};
  // The body is the file itself, of any type (the service checks it); over the limit: 413.
  const http::RouteOptions upload{.body_limit = static_cast<size_t>(service::kMaxScanBytes),
                                  .body = http::BodyKind::kAny,
                                  .effect = http::Effect::kStateChanging,
                                  .execution = http::Execution::kWorkerPool};
  const auto add = [&](std::string method, std::string pattern, std::string name,
                       http::RouteOptions options, GuardedHandler handler) {
    return router.Add({.method = std::move(method),
                       .pattern = "/api/v1" + std::move(pattern),
                       .name = std::move(name),
                       .options = options,
                       .handler = Guarded(context, std::move(handler))});
  };
  RETURN_IF_ERROR(
      add("POST", "/protocols/{id}/scans", "scans.upload", upload, WithDesk(desk, Upload)));
  RETURN_IF_ERROR(add("GET", "/protocols/{id}/scans", "scans.list", read, WithDesk(desk, List)));
  return add("GET", "/scans/{sha256}", "scans.get", read, WithDesk(desk, Get));
}

}  // namespace esep::server::internal
