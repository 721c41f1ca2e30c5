// EventHub: the Server-Sent Events of GET /api/v1/events, one publisher per commission, so a
// stream carries only what its subscriber may see. A change to a protocol of commission C is
// published to C's stream and to the stream of every commission above C (whose users act on C,
// docs/roles.md), never to a sibling's.
//
// Thread-safe (one mutex over the map; each publisher is thread-safe).

#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "access/scope.h"
#include "http/event_publisher.h"

namespace esep::server {

class EventHub {
 public:
  // The publisher of `commission_id`'s stream, made on first use.
  std::shared_ptr<http::EventPublisher> StreamOf(std::string_view commission_id);

  // Publishes `data` as `event` to the streams of `commission_id` and of every commission
  // above it that has a stream.
  void Publish(const access::CommissionScopes& scopes, std::string_view commission_id,
               std::string_view event, std::string_view data);

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<http::EventPublisher>> streams_;  // by mutex_
};

}  // namespace esep::server
