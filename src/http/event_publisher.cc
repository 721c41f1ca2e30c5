#include "http/event_publisher.h"

#include <algorithm>

namespace esep::http {

std::string EventPublisher::Frame(std::string_view event, std::string_view data) {
  std::string frame;
  frame.reserve(event.size() + data.size() + 24);
  if (!event.empty()) {
    frame += "event: ";
    for (char c : event) {
      frame += (c == '\n' || c == '\r') ? ' ' : c;
    }
    frame += '\n';
  }
  frame += "data: ";
  for (char c : data) {
    if (c == '\n') {
      frame += "\ndata: ";
    } else {
      frame += c == '\r' ? ' ' : c;
    }
  }
  frame += "\n\n";
  return frame;
}

void EventPublisher::Publish(std::string_view event, std::string_view data) {
  const std::string frame = Frame(event, data);
  std::vector<std::shared_ptr<EventSink>> live;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    sinks_.erase(
        std::remove_if(sinks_.begin(), sinks_.end(),
                       [](const std::weak_ptr<EventSink>& sink) { return sink.expired(); }),
        sinks_.end());
    for (const std::weak_ptr<EventSink>& sink : sinks_) {
      if (std::shared_ptr<EventSink> locked = sink.lock()) {
        live.push_back(std::move(locked));
      }
    }
    // Sent under the lock so that two Publish calls reach every stream in the same order.
    for (const std::shared_ptr<EventSink>& sink : live) {
      sink->SendEvent(frame);
    }
  }
}

size_t EventPublisher::subscribers() const {
  std::lock_guard<std::mutex> lock(mutex_);
  sinks_.erase(std::remove_if(sinks_.begin(), sinks_.end(),
                              [](const std::weak_ptr<EventSink>& sink) { return sink.expired(); }),
               sinks_.end());
  return sinks_.size();
}

void EventPublisher::Subscribe(std::weak_ptr<EventSink> sink) {
  std::lock_guard<std::mutex> lock(mutex_);
  sinks_.push_back(std::move(sink));
}

}  // namespace esep::http
