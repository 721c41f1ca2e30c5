// Server: the HTTP/1.1 server of `esep serve` on Boost.Beast/Asio. It listens on one address,
// reads each request under header and body timeouts and size limits, answers errors itself
// (JSON, see docs/http-server.md), runs quick handlers on its I/O threads and blocking ones on
// a worker pool, writes each connection's responses and events one at a time through a queue,
// and stops gracefully. Optional TLS from PEM certificate and key files.
//
// Start returns a running server; Stop (or the destructor) stops it. Both are called from one
// controlling thread; port() and origins() are safe from any thread.
//
// Example:
//   ASSIGN_OR_RETURN(std::unique_ptr<Server> server,
//                    Server::Start({.address = "127.0.0.1", .port = 8080}, std::move(router)));
//   ...
//   server->Stop();

#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "http/router.h"

namespace esep::http {

namespace internal {
class ServerCore;
}  // namespace internal

struct TlsFiles {
  std::filesystem::path certificate_chain;  // PEM: the server's certificate, then any chain
  std::filesystem::path private_key;        // PEM
};

struct ServerOptions {
  std::string address = "127.0.0.1";  // an IPv4 or IPv6 literal
  uint16_t port = 0;                  // 0: any free port (see Server::port())
  int io_threads = 2;                 // threads that read, write and run kIoThread handlers
  int worker_threads = 4;             // threads that run kWorkerPool handlers
  size_t max_connections = 1024;      // more are closed at once on accept
  size_t max_header_bytes = 16'384;   // the request line and headers; more gets 431
  // From the start of a request (or of waiting for the next on a kept-alive connection) to the
  // end of its headers; a client that sent nothing is closed silently, one that sent part of a
  // request gets 408.
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{30'000};        // reading the body; 408 after
  std::chrono::milliseconds write_timeout{30'000};       // one write to the client; closed after
  std::chrono::milliseconds handshake_timeout{10'000};   // the TLS handshake
  std::chrono::milliseconds grace_period{10'000};        // Stop: time for in-flight requests
  std::chrono::milliseconds heartbeat_interval{15'000};  // event streams: a comment line
  size_t max_event_backlog = 1024;  // events queued for one stream; a slower client is closed
  std::optional<TlsFiles> tls;
  // The origins state-changing requests must come from. Empty: the server's own
  // "scheme://address:port", and "scheme://localhost:port" on a loopback address.
  std::vector<std::string> origins;
  // The built web application, served for GET and HEAD outside /api/ when no route matches.
  std::optional<std::filesystem::path> static_root;
  // A site written by `esep publish` (with the portal's files in its root), served for GET and
  // HEAD under /public/ (http/static_files.h, StaticKind::kSnapshotSite).
  std::optional<std::filesystem::path> site_root;
};

class Server {
 public:
  // Binds, listens and starts the threads. kInvalidArgument for a bad address or option,
  // kUnavailable when the port cannot be bound or the TLS files cannot be loaded, kNotFound when
  // static_root or site_root is not a directory.
  static Result<std::unique_ptr<Server>> Start(const ServerOptions& options, Router router);

  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  // Stops the server (Stop) if it is running.
  ~Server();

  // The port listened on (the one chosen when options.port was 0).
  uint16_t port() const;
  // The origins state-changing requests are accepted from.
  const std::vector<std::string>& origins() const;

  // Stops accepting, closes idle connections and event streams at once, lets requests in
  // flight finish (each answered with Connection: close) for up to grace_period, then closes
  // what is left, sets every running handler's request.cancelled and waits for the worker pool
  // to finish the handlers already running. Returns when every thread has ended. Idempotent.
  void Stop();

 private:
  explicit Server(std::shared_ptr<internal::ServerCore> core);
  std::shared_ptr<internal::ServerCore> core_;
};

}  // namespace esep::http
