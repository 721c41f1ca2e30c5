// EventPublisher: Server-Sent Events (text/event-stream) pushed to every subscribed stream.
// A handler answers Response::EventStream(publisher); the server subscribes that connection,
// and each Publish reaches it through the connection's write queue (one outstanding write per
// stream), in the order published. Streams that fall too far behind are closed rather than
// buffered without end; the server sends a comment heartbeat on idle streams and closes every
// stream on Stop.
//
// Thread-safe: Publish from any thread. Shared (std::shared_ptr) between the handlers that hand
// it out and the server's connections.

#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace esep::http {

// What a stream is to the publisher: implemented by the server's connections.
class EventSink {
 public:
  virtual ~EventSink() = default;
  // Queues `frame` (a whole event in the wire format) for writing; returns at once.
  virtual void SendEvent(std::string frame) = 0;
};

class EventPublisher {
 public:
  // Sends `data` as event `event` to every current subscriber. A line break in `data` starts a
  // new "data:" line (the client joins them with '\n'); '\r' and line breaks in `event` are
  // replaced by spaces, so nothing a caller passes can end an event early or forge a field.
  void Publish(std::string_view event, std::string_view data);

  // The number of subscribed streams still open.
  size_t subscribers() const;

  // Adds `sink`; held weakly, so a closed connection drops out by itself.
  void Subscribe(std::weak_ptr<EventSink> sink);

  // The wire format of one event: "event: E\ndata: L1\ndata: L2\n\n".
  static std::string Frame(std::string_view event, std::string_view data);

 private:
  mutable std::mutex mutex_;
  mutable std::vector<std::weak_ptr<EventSink>> sinks_;
};

}  // namespace esep::http
