// One HTTP/1.1 connection of the server (docs/http-server.md): the request read with its limits
// and timeouts, routed, answered (one outstanding write), kept alive or closed, or turned into an
// event stream; the same code over TCP and over TLS.

#include <array>
#include <atomic>
#include <deque>
#include <functional>
#include <future>
#include <sstream>
#include <type_traits>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <fmt/format.h>

#include "http/internal/request_routing.h"
#include "http/internal/response_wire.h"
#include "http/internal/server_core.h"
#include "http/json_body.h"

namespace esep::http::internal {
namespace {

using SslStream = beast::ssl_stream<beast::tcp_stream>;

bool IsParseError(const ErrorCode& error) {
  return error.category() == bhttp::make_error_code(bhttp::error::bad_target).category();
}

enum class State {
  kHandshake,
  kReadingHeader,
  kReadingBody,
  kHandling,
  kWriting,
  kEventStream,
  kClosed
};
enum class After { kNothing, kReadNext, kClose };

template <class Stream>
class Connection final : public ConnectionBase,
                         public std::enable_shared_from_this<Connection<Stream>> {
 public:
  static constexpr bool kTls = std::is_same_v<Stream, SslStream>;

  Connection(std::shared_ptr<ServerCore> core, tcp::socket socket, std::string remote)
      : core_(std::move(core)),
        stream_(MakeStream(std::move(socket), core_.get())),
        timer_(stream_.get_executor()),
        heartbeat_(stream_.get_executor()),
        remote_(std::move(remote)) {}

  ~Connection() override { core_->Unregister(id_); }

  void Run() {
    id_ = core_->Register(this->weak_from_this());
    asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] { self->Begin(); });
  }

  void Shutdown() override {
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
      self->shutting_down_ = true;
      if (self->state_ == State::kHandshake || self->state_ == State::kEventStream ||
          (self->state_ == State::kReadingHeader && !self->ReceivedSomething())) {
        self->Close();
      }
    });
  }

  void ForceClose() override {
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
      if (self->cancel_) {
        self->cancel_->store(true);
      }
      self->Close();
    });
  }

  void SendEvent(std::string frame) override {
    asio::post(stream_.get_executor(),
               [self = this->shared_from_this(), frame = std::move(frame)]() mutable {
                 if (self->state_ != State::kEventStream) {
                   return;
                 }
                 if (self->queue_.size() >= self->core_->options.max_event_backlog) {
                   self->Close();  // a client this far behind is not reading
                   return;
                 }
                 self->Enqueue(std::move(frame), After::kNothing);
               });
  }

 private:
  static Stream MakeStream(tcp::socket socket, ServerCore* core) {
    if constexpr (kTls) {
      return Stream(std::move(socket), *core->ssl);
    } else {
      (void)core;
      return Stream(std::move(socket));
    }
  }

  const ServerOptions& options() const { return core_->options; }

  void Begin() {
    if constexpr (kTls) {
      state_ = State::kHandshake;
      beast::get_lowest_layer(stream_).expires_after(options().handshake_timeout);
      stream_.async_handshake(asio::ssl::stream_base::server,
                              [self = this->shared_from_this()](const ErrorCode& error) {
                                beast::get_lowest_layer(self->stream_).expires_never();
                                if (error || self->shutting_down_) {
                                  self->Close();
                                  return;
                                }
                                self->ReadHeader();
                              });
    } else {
      ReadHeader();
    }
  }

  bool ReceivedSomething() const {
    return buffer_.size() > 0 || (parser_.has_value() && parser_->got_some());
  }

  void ArmReadTimer(std::chrono::milliseconds timeout) {
    timed_out_ = false;
    timer_.expires_after(timeout);
    timer_.async_wait([weak = this->weak_from_this()](const ErrorCode& error) {
      if (error) {
        return;
      }
      if (auto self = weak.lock()) {
        self->timed_out_ = true;
        beast::get_lowest_layer(self->stream_).cancel();
      }
    });
  }

  void ReadHeader() {
    if (shutting_down_ || closed_) {
      Close();
      return;
    }
    state_ = State::kReadingHeader;
    request_ = std::make_shared<Request>();
    route_ = nullptr;
    static_ = false;
    close_after_ = false;
    cancel_.reset();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(options().max_header_bytes));
    ArmReadTimer(options().header_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = this->shared_from_this()](const ErrorCode& error, size_t) {
                               self->OnHeader(error);
                             });
  }

  // Answers an error the connection cannot continue after (the rest of the request is unread).
  void FailAndClose(int status, StatusCode code, std::string_view message) {
    close_after_ = true;
    Finish(Response::ErrorWithHttpStatus(status, code, message));
  }

  void OnReadError(const ErrorCode& error, bool body) {
    if (closed_) {
      return;
    }
    if (timed_out_) {
      if (body || ReceivedSomething()) {
        FailAndClose(408, StatusCode::kInvalidArgument,
                     body ? "the request body did not arrive in time"
                          : "the request headers did not arrive in time");
      } else {
        Close();  // an idle kept-alive connection
      }
      return;
    }
    if (error == bhttp::error::header_limit) {
      FailAndClose(431, StatusCode::kResourceExhausted,
                   fmt::format("the request headers exceed {} bytes", options().max_header_bytes));
    } else if (error == bhttp::error::body_limit) {
      FailAndClose(413, StatusCode::kResourceExhausted,
                   fmt::format("the request body exceeds {} bytes", body_limit_));
    } else if (IsParseError(error) && error != bhttp::error::end_of_stream &&
               error != bhttp::error::partial_message) {
      FailAndClose(400, StatusCode::kInvalidArgument,
                   fmt::format("malformed request: {}", error.message()));
    } else {
      Close();
    }
  }

  void OnHeader(const ErrorCode& error) {
    timer_.cancel();
    if (error) {
      OnReadError(error, /*body=*/false);
      return;
    }
    const bhttp::request<bhttp::string_body>& message = parser_->get();
    Request& request = *request_;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    request.remote_address = remote_;
    request.transport = kTls ? Transport::kTls : Transport::kPlain;
    for (const auto& field : message) {
      request.headers.insert(field.name_string(), field.value());
    }
    keep_alive_ = message.keep_alive();
    const bool body_pending = !parser_->is_done();
    // An early answer leaves the body unread, so the connection cannot carry another request.
    auto answer_early = [&](Response response) {
      close_after_ = body_pending;
      Finish(std::move(response));
    };
    const auto length = parser_->content_length();
    Routing routing =
        RouteRequest(request, *core_, length ? std::optional<uint64_t>(*length) : std::nullopt);
    api_ = routing.api;
    static_ = routing.static_file;
    route_ = routing.route;
    body_limit_ = routing.body_limit;
    if (routing.early.has_value()) {
      answer_early(std::move(*routing.early));
      return;
    }
    if (!body_pending) {
      OnRequestRead();
      return;
    }
    parser_->body_limit(body_limit_);
    state_ = State::kReadingBody;
    if (beast::iequals(request.header("Expect"), "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      beast::get_lowest_layer(stream_).expires_after(options().write_timeout);
      asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                        [self = this->shared_from_this()](const ErrorCode& write_error, size_t) {
                          beast::get_lowest_layer(self->stream_).expires_never();
                          if (write_error) {
                            self->Close();
                            return;
                          }
                          self->ReadBody();
                        });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    ArmReadTimer(options().body_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = this->shared_from_this()](const ErrorCode& error, size_t) {
                        self->timer_.cancel();
                        if (error) {
                          self->OnReadError(error, /*body=*/true);
                          return;
                        }
                        self->OnRequestRead();
                      });
  }

  void OnRequestRead() {
    Request& request = *request_;
    request.body = std::move(parser_->get().body());
    const BodyKind kind = route_ != nullptr ? route_->options.body : BodyKind::kNone;
    // kJson's Content-Type was checked with the headers; kOptionalJson's only now that the
    // body is known not to be empty.
    if (kind == BodyKind::kOptionalJson && !request.body.empty() &&
        !IsJsonContentType(request.header("Content-Type"))) {
      Finish(Response::ErrorWithHttpStatus(415, StatusCode::kInvalidArgument,
                                           "the body must be application/json"));
      return;
    }
    if (kind == BodyKind::kJson || (kind == BodyKind::kOptionalJson && !request.body.empty())) {
      if (request.body.empty()) {
        Finish(Response::Error(InvalidArgumentError("the request needs a JSON body"), "body"));
        return;
      }
      Result<nlohmann::json> json = ParseJsonBody(request.body);
      if (!json.has_value()) {
        Finish(Response::Error(json.error(), "body"));
        return;
      }
      request.json = std::move(*json);
    }
    state_ = State::kHandling;
    cancel_ = std::make_shared<std::atomic<bool>>(false);
    request.cancelled = cancel_;
    const uint64_t generation = ++generation_;
    later_headers_.reset();
    later_answer_.reset();
    // Both hand the answer to the connection's strand; `make` runs there, or at once when the
    // connection is gone (what it does besides answering must still happen).
    request.answer_with = [weak = this->weak_from_this(),
                           generation](std::function<Response()> make) {
      if (auto self = weak.lock()) {
        asio::post(self->stream_.get_executor(), [self, generation, make = std::move(make)] {
          self->OnLaterAnswer(generation, MadeAnswer(make));
        });
      } else {
        MadeAnswer(make);
      }
    };
    request.answer = [answer_with = request.answer_with](Response response) {
      answer_with([response = std::move(response)]() mutable { return std::move(response); });
    };
    // A static file already in memory is answered here; reading one from disk leaves the thread.
    if (static_) {
      if (std::optional<Response> cached =
              core_->StaticFor(request.path)->ServeFromMemory(request)) {
        Finish(std::move(*cached));
        return;
      }
    }
    const bool on_io_thread =
        route_ != nullptr && route_->options.execution == Execution::kIoThread;
    // Blocking work (a handler on the worker pool, or a file read) leaves the I/O thread, and
    // every answer that does not come at once is bounded by the route's timeout.
    const std::chrono::milliseconds timeout =
        route_ != nullptr ? route_->options.timeout : options().body_timeout;
    if (on_io_thread) {
      request.may_block = false;
      Response response = CallHandler(route_->handler, request);
      request.may_block = true;
      if (!response.later && !response.on_workers) {
        Finish(std::move(response));
        return;
      }
      ArmHandlerTimer(generation, timeout);
      if (response.later) {
        OnHandled(generation, std::move(response));
        return;
      }
      // The handler would have had to block: it runs again where it may.
    } else {
      ArmHandlerTimer(generation, timeout);
    }
    std::shared_ptr<const Request> shared = request_;
    const Route* route = route_;
    const ServerCore* core = core_.get();
    asio::post(core_->workers, [self = this->shared_from_this(), shared, route, core, generation] {
      Response response = route != nullptr ? CallHandler(route->handler, *shared)
                                           : core->StaticFor(shared->path)->Serve(*shared);
      if (response.on_workers) {
        response = Response::Error(InternalError("the handler asked for the worker pool on it"));
      }
      asio::post(self->stream_.get_executor(),
                 [self, generation, response = std::move(response)]() mutable {
                   self->OnHandled(generation, std::move(response));
                 });
    });
  }

  // The handler's timeout: the client gets 503 and the handler's request.cancelled is set.
  void ArmHandlerTimer(uint64_t generation, std::chrono::milliseconds timeout) {
    timer_.expires_after(timeout);
    timer_.async_wait([weak = this->weak_from_this(), generation, timeout](const ErrorCode& error) {
      auto self = weak.lock();
      if (error || !self || self->generation_ != generation || self->state_ != State::kHandling) {
        return;
      }
      self->cancel_->store(true);
      self->close_after_ = true;
      self->Finish(Response::Error(UnavailableError(fmt::format(
          "the operation did not finish within {} ms; it was asked to stop", timeout.count()))));
    });
  }

  // A handler has returned (on the strand). A Response::Later() keeps its headers for the
  // answer to come; the answer may have come first (work on another thread can finish before
  // its handler returns), and whichever of the two arrives second finishes the request.
  void OnHandled(uint64_t generation, Response response) {
    if (generation_ != generation || state_ != State::kHandling) {
      return;  // answered already (timeout) or closed
    }
    if (response.later) {
      later_headers_ = std::move(response.headers);
      if (!later_answer_.has_value()) {
        // Nothing else holds the connection while it waits (no read is pending): it holds
        // itself until the answer, the timeout or the close.
        awaiting_answer_ = this->shared_from_this();
        return;
      }
      response = *std::move(later_answer_);
      later_answer_.reset();
      AddLaterHeaders(response);
    }
    timer_.cancel();
    Finish(std::move(response));
  }

  // The answer of a handler that returned Response::Later(), through request.answer.
  void OnLaterAnswer(uint64_t generation, Response response) {
    if (generation_ != generation || state_ != State::kHandling || later_answer_.has_value()) {
      return;  // answered already (timeout, or an answer given twice) or closed
    }
    if (response.later) {
      response = Response::Error(InternalError("the handler's later answer was not an answer"));
    }
    if (!later_headers_.has_value()) {
      later_answer_ = std::move(response);  // the handler has not returned yet
      return;
    }
    AddLaterHeaders(response);
    timer_.cancel();
    Finish(std::move(response));
  }

  // The headers the handler set on its Response::Later(), on the answer (the answer's own win).
  void AddLaterHeaders(Response& response) {
    for (const auto& field : *later_headers_) {
      if (response.headers.find(field.name_string()) == response.headers.end()) {
        response.headers.insert(field.name_string(), field.value());
      }
    }
    later_headers_.reset();
  }

  void Finish(Response response) {
    // Released when this call returns (the write under way holds the connection from then).
    const std::shared_ptr<Connection> awaited = std::move(awaiting_answer_);
    if (closed_) {
      return;
    }
    if (response.event_stream) {
      StartEventStream(response);
      return;
    }
    const bool keep = keep_alive_ && !close_after_ && !shutting_down_ && !core_->stopping;
    WireResponse wire =
        ToWire(std::move(response), api_, keep, request_ != nullptr && request_->method == "HEAD");
    state_ = State::kWriting;
    Enqueue(std::move(wire.head), keep ? After::kReadNext : After::kClose, std::move(wire.body));
  }

  void StartEventStream(const Response& response) {
    state_ = State::kEventStream;
    bhttp::response<bhttp::empty_body> message{bhttp::status::ok, 11};
    message.set(bhttp::field::content_type, "text/event-stream");
    message.set(bhttp::field::cache_control, "no-store");
    AddCommonHeaders(message.base(), 200, api_);
    message.keep_alive(false);  // the stream ends when the connection does
    std::ostringstream wire;
    wire << message.base();
    // Subscribed first: a client that has seen the stream open has every later event.
    response.event_stream->Subscribe(std::weak_ptr<EventSink>(this->shared_from_this()));
    // A first comment line, so the client sees the stream open before the first event.
    Enqueue(std::move(wire).str() + ": open\n\n", After::kNothing);
    ScheduleHeartbeat();
    WatchForClose();
  }

  // An event stream keeps one read pending: it holds the connection open (the read owns it)
  // and sees the client leave. A client sends nothing on a stream, so any byte closes it too.
  void WatchForClose() {
    stream_.async_read_some(
        asio::buffer(watch_byte_),
        [self = this->shared_from_this()](const ErrorCode&, size_t) { self->Close(); });
  }

  void ScheduleHeartbeat() {
    heartbeat_.expires_after(options().heartbeat_interval);
    heartbeat_.async_wait([weak = this->weak_from_this()](const ErrorCode& error) {
      auto self = weak.lock();
      if (error || !self || self->state_ != State::kEventStream) {
        return;
      }
      if (self->queue_.empty()) {
        self->Enqueue(": heartbeat\n\n", After::kNothing);
      }
      self->ScheduleHeartbeat();
    });
  }

  // One outstanding write per stream: responses and events wait their turn here.
  void Enqueue(std::string bytes, After after, std::shared_ptr<const std::string> body = nullptr) {
    queue_.push_back({std::move(bytes), std::move(body), after});
    if (!writing_) {
      WriteNext();
    }
  }

  void WriteNext() {
    if (queue_.empty() || closed_) {
      writing_ = false;
      return;
    }
    writing_ = true;
    beast::get_lowest_layer(stream_).expires_after(options().write_timeout);
    const Pending& next = queue_.front();
    const std::array<asio::const_buffer, 2> buffers = {
        asio::buffer(next.bytes),
        next.body != nullptr ? asio::buffer(*next.body) : asio::const_buffer()};
    asio::async_write(stream_, buffers,
                      [self = this->shared_from_this()](const ErrorCode& error, size_t) {
                        self->OnWrite(error);
                      });
  }

  void OnWrite(const ErrorCode& error) {
    beast::get_lowest_layer(stream_).expires_never();
    if (error || closed_) {
      Close();
      return;
    }
    const After after = queue_.front().after;
    queue_.pop_front();
    if (after == After::kClose) {
      Close();
      return;
    }
    if (after == After::kReadNext) {
      writing_ = false;
      ReadHeader();
      return;
    }
    WriteNext();
  }

  void Close() {
    const std::shared_ptr<Connection> awaited = std::move(awaiting_answer_);  // see Finish
    if (closed_) {
      return;
    }
    closed_ = true;
    state_ = State::kClosed;
    timer_.cancel();
    heartbeat_.cancel();
    ErrorCode ignored;
    beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(stream_).close();
  }

  struct Pending {
    std::string bytes;                        // a response's head, or an event
    std::shared_ptr<const std::string> body;  // a response's body, written after it
    After after;
  };

  std::shared_ptr<ServerCore> core_;
  Stream stream_;
  asio::steady_timer timer_;      // the read timeout, then the handler's timeout
  asio::steady_timer heartbeat_;  // event streams
  std::string remote_;
  uint64_t id_ = 0;
  beast::flat_buffer buffer_;
  std::array<char, 1> watch_byte_{};
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::shared_ptr<Request> request_;
  std::shared_ptr<std::atomic<bool>> cancel_;
  // A handler's Response::Later(): its headers once it has returned, and the answer when it
  // came before (OnHandled, OnLaterAnswer). Reset for each request.
  std::optional<bhttp::fields> later_headers_;
  std::optional<Response> later_answer_;
  std::shared_ptr<Connection> awaiting_answer_;  // this connection, while a later answer is due
  const Route* route_ = nullptr;
  State state_ = State::kReadingHeader;
  std::deque<Pending> queue_;
  uint64_t generation_ = 0;
  size_t body_limit_ = 0;
  bool static_ = false;
  bool api_ = false;
  bool keep_alive_ = false;
  bool close_after_ = false;
  bool timed_out_ = false;
  bool writing_ = false;
  bool shutting_down_ = false;
  bool closed_ = false;
};

}  // namespace

void StartConnection(std::shared_ptr<ServerCore> core, tcp::socket socket,
                     std::string remote_address) {
  if (core->ssl.has_value()) {
    std::make_shared<Connection<SslStream>>(std::move(core), std::move(socket),
                                            std::move(remote_address))
        ->Run();
  } else {
    std::make_shared<Connection<beast::tcp_stream>>(std::move(core), std::move(socket),
                                                    std::move(remote_address))
        ->Run();
  }
}

}  // namespace esep::http::internal
