#include "server/event_hub.h"

#include <utility>
#include <vector>

namespace esep::server {

std::shared_ptr<http::EventPublisher> EventHub::StreamOf(std::string_view commission_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::shared_ptr<http::EventPublisher>& stream = streams_[std::string(commission_id)];
  if (stream == nullptr) {
    stream = std::make_shared<http::EventPublisher>();
  }
  return stream;
}

void EventHub::Publish(const access::CommissionScopes& scopes, std::string_view commission_id,
                       std::string_view event, std::string_view data) {
  std::vector<std::shared_ptr<http::EventPublisher>> targets;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [id, stream] : streams_) {
      const Result<access::Scope> scope = scopes.ScopeOf(id, commission_id);
      if (scope.has_value() && *scope != access::Scope::kOther) {
        targets.push_back(stream);
      }
    }
  }
  for (const std::shared_ptr<http::EventPublisher>& stream : targets) {
    stream->Publish(event, data);
  }
}

}  // namespace esep::server
