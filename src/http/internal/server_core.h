// The server's shared state (internal to the http module): the registry of live connections, the
// I/O context, the worker pool, the router and the options, which server.cc starts and stops and
// every connection (connection.cc) refers to.

#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include "http/event_publisher.h"
#include "http/router.h"
#include "http/server.h"
#include "http/static_files.h"

namespace esep::http::internal {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using ErrorCode = boost::system::error_code;

// A connection as the server's registry sees it.
class ConnectionBase : public EventSink {
 public:
  // Graceful: close if idle or streaming, else answer the request in flight and close.
  virtual void Shutdown() = 0;
  // Close now and cancel the handler in flight.
  virtual void ForceClose() = 0;
};

class ServerCore : public std::enable_shared_from_this<ServerCore> {
 public:
  ServerCore(const ServerOptions& server_options, Router server_router)
      : options(server_options),
        router(std::move(server_router)),
        acceptor(asio::make_strand(io)),
        workers(static_cast<size_t>(server_options.worker_threads)) {}

  void Accept();
  void OnAccept(tcp::socket socket);
  uint64_t Register(std::weak_ptr<ConnectionBase> connection);
  void Unregister(uint64_t id);
  std::vector<std::shared_ptr<ConnectionBase>> Live();

  ServerOptions options;
  Router router;
  std::optional<StaticFiles> static_files;  // the web application, at "/"
  std::optional<StaticFiles> site_files;    // a published site, at "/public/"

  // The files that serve `path`, or null when none do.
  const StaticFiles* StaticFor(std::string_view path) const {
    if (site_files.has_value() && site_files->Serves(path)) {
      return &*site_files;
    }
    return static_files.has_value() ? &*static_files : nullptr;
  }
  std::vector<std::string> origins;
  asio::io_context io;
  std::optional<asio::ssl::context> ssl;
  tcp::acceptor acceptor;
  asio::thread_pool workers;
  std::vector<std::thread> threads;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  uint16_t port = 0;
  std::atomic<bool> stopping = false;
  bool stopped = false;

  std::mutex mutex;
  std::condition_variable changed;
  std::map<uint64_t, std::weak_ptr<ConnectionBase>> connections;
  uint64_t next_id = 0;
};

// Serves the accepted `socket` (under TLS when core->ssl is set) until the client leaves or the
// server stops: the connection registers itself with `core`.
void StartConnection(std::shared_ptr<ServerCore> core, tcp::socket socket,
                     std::string remote_address);

}  // namespace esep::http::internal
