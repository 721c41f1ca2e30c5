#include "http/response.h"

#include <utility>

namespace esep::http {

Response Response::Json(int status, const nlohmann::json& value) {
  Response response;
  response.status = status;
  response.content_type = "application/json";
  response.body = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

Response Response::Error(const Status& status, std::string_view field) {
  return ErrorWithHttpStatus(HttpStatusFor(status.code()), status.code(), status.message(), field);
}

Response Response::ErrorWithHttpStatus(int http_status, StatusCode code, std::string_view message,
                                       std::string_view field) {
  nlohmann::json error = {{"code", ErrorCodeName(code)}, {"message", std::string(message)}};
  if (!field.empty()) {
    error["field"] = std::string(field);
  }
  return Json(http_status, {{"error", std::move(error)}});
}

Response Response::Later() {
  Response response;
  response.later = true;
  return response;
}

Response Response::OnWorkers() {
  Response response;
  response.on_workers = true;
  return response;
}

Response Response::EventStream(std::shared_ptr<EventPublisher> publisher) {
  Response response;
  response.content_type = "text/event-stream";
  response.event_stream = std::move(publisher);
  return response;
}

std::string ErrorCodeName(StatusCode code) {
  std::string name(StatusCodeName(code));
  for (char& c : name) {
    if (c == ' ') {
      c = '_';
    }
  }
  return name;
}

}  // namespace esep::http
