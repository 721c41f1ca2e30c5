#include "http/server.h"

#include <atomic>
#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <fmt/format.h>

#include "base/text.h"
#include "http/event_publisher.h"
#include "http/internal/server_core.h"
#include "http/origin_check.h"
#include "http/static_files.h"

namespace esep::http {

namespace internal {
namespace {

std::string HostForOrigin(const asio::ip::address& address) {
  if (address.is_v6()) {
    return fmt::format("[{}]", address.to_string());
  }
  return address.to_string();
}

}  // namespace

void ServerCore::Accept() {
  acceptor.async_accept(asio::make_strand(io),
                        [core = shared_from_this()](const ErrorCode& error, tcp::socket socket) {
                          if (error == asio::error::operation_aborted || core->stopping) {
                            return;
                          }
                          if (!error) {
                            core->OnAccept(std::move(socket));
                          }
                          core->Accept();
                        });
}

void ServerCore::OnAccept(tcp::socket socket) {
  ErrorCode error;
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (connections.size() >= options.max_connections) {
      socket.close(error);
      return;
    }
  }
  const tcp::endpoint remote = socket.remote_endpoint(error);
  if (error) {
    return;
  }
  socket.set_option(tcp::no_delay(true), error);
  StartConnection(shared_from_this(), std::move(socket), remote.address().to_string());
}

uint64_t ServerCore::Register(std::weak_ptr<ConnectionBase> connection) {
  std::lock_guard<std::mutex> lock(mutex);
  const uint64_t id = ++next_id;
  connections.emplace(id, std::move(connection));
  return id;
}

void ServerCore::Unregister(uint64_t id) {
  {
    std::lock_guard<std::mutex> lock(mutex);
    connections.erase(id);
  }
  changed.notify_all();
}

std::vector<std::shared_ptr<ConnectionBase>> ServerCore::Live() {
  std::lock_guard<std::mutex> lock(mutex);
  std::vector<std::shared_ptr<ConnectionBase>> live;
  for (const auto& [id, weak] : connections) {
    if (auto connection = weak.lock()) {
      live.push_back(std::move(connection));
    }
  }
  return live;
}

}  // namespace internal

namespace asio = boost::asio;
using tcp = boost::asio::ip::tcp;

Server::Server(std::shared_ptr<internal::ServerCore> core) : core_(std::move(core)) {}

Server::~Server() {
  // A destructor must not throw, and Asio reports a failure to close a socket or join a thread
  // by exception; at destruction there is no caller left to tell, so it is dropped here (the
  // server's edge, where third-party exceptions are caught).
  try {
    Stop();
  } catch (...) {  // NOLINT(bugprone-empty-catch): nothing to report it to
  }
}

uint16_t Server::port() const { return core_->port; }

const std::vector<std::string>& Server::origins() const { return core_->origins; }

Result<std::unique_ptr<Server>> Server::Start(const ServerOptions& options, Router router) {
  if (options.io_threads < 1 || options.worker_threads < 1 || options.max_connections < 1) {
    return InvalidArgumentError(
        "the server needs at least one I/O thread, one worker and one "
        "connection");
  }
  internal::ErrorCode error;
  const asio::ip::address address = asio::ip::make_address(options.address, error);
  if (error) {
    return InvalidArgumentError(
        fmt::format("'{}' is not an IP address", EscapeControlCharacters(options.address)));
  }
  auto core = std::make_shared<internal::ServerCore>(options, std::move(router));
  if (options.static_root.has_value()) {
    Result<StaticFiles> files = StaticFiles::Open(*options.static_root);
    if (!files.has_value()) {
      return files.error();
    }
    core->static_files.emplace(std::move(*files));
  }
  if (options.site_root.has_value()) {
    Result<StaticFiles> files =
        StaticFiles::Open(*options.site_root, StaticKind::kSnapshotSite, "/public/");
    if (!files.has_value()) {
      return files.error();
    }
    core->site_files.emplace(std::move(*files));
  }
  if (options.tls.has_value()) {
    core->ssl.emplace(asio::ssl::context::tls_server);
    core->ssl->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                               asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                               asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use,
                           error);
    if (!error) {
      core->ssl->use_certificate_chain_file(options.tls->certificate_chain.string(), error);
    }
    if (!error) {
      core->ssl->use_private_key_file(options.tls->private_key.string(), asio::ssl::context::pem,
                                      error);
    }
    if (error) {
      return UnavailableError(fmt::format("the TLS certificate '{}' or key '{}' cannot be used: {}",
                                          options.tls->certificate_chain.string(),
                                          options.tls->private_key.string(), error.message()));
    }
  }
  const tcp::endpoint endpoint(address, options.port);
  core->acceptor.open(endpoint.protocol(), error);
  if (!error) {
    core->acceptor.set_option(asio::socket_base::reuse_address(true), error);
  }
  if (!error) {
    core->acceptor.bind(endpoint, error);
  }
  if (!error) {
    core->acceptor.listen(asio::socket_base::max_listen_connections, error);
  }
  if (error) {
    return UnavailableError(fmt::format("cannot listen on {} port {}: {}", options.address,
                                        options.port, error.message()));
  }
  core->port = core->acceptor.local_endpoint().port();
  if (!options.origins.empty()) {
    core->origins = options.origins;
  } else {
    const bool tls = options.tls.has_value();
    const char* scheme = tls ? "https" : "http";
    const bool default_port = core->port == (tls ? 443 : 80);
    auto origin = [&](const std::string& host) {
      return default_port ? fmt::format("{}://{}", scheme, host)
                          : fmt::format("{}://{}:{}", scheme, host, core->port);
    };
    core->origins.push_back(origin(internal::HostForOrigin(address)));
    if (address.is_loopback()) {
      core->origins.push_back(origin("localhost"));
    }
  }
  core->work.emplace(asio::make_work_guard(core->io));
  core->Accept();
  for (int i = 0; i < options.io_threads; ++i) {
    core->threads.emplace_back([io = &core->io] { io->run(); });
  }
  return std::unique_ptr<Server>(new Server(std::move(core)));
}

void Server::Stop() {
  internal::ServerCore& core = *core_;
  if (core.stopped) {
    return;
  }
  core.stopped = true;
  core.stopping = true;
  // The acceptor belongs to its strand: close it there.
  std::promise<void> closed;
  asio::post(core.acceptor.get_executor(), [&core, &closed] {
    internal::ErrorCode ignored;
    core.acceptor.close(ignored);
    closed.set_value();
  });
  closed.get_future().wait();
  for (const auto& connection : core.Live()) {
    connection->Shutdown();
  }
  {
    std::unique_lock<std::mutex> lock(core.mutex);
    core.changed.wait_for(lock, core.options.grace_period,
                          [&core] { return core.connections.empty(); });
  }
  for (const auto& connection : core.Live()) {
    connection->ForceClose();
  }
  // Handlers already running finish (they see request.cancelled); their answers are posted to
  // connections that are closed, which the I/O threads then drop.
  core.workers.join();
  core.work.reset();
  for (std::thread& thread : core.threads) {
    thread.join();
  }
  core.threads.clear();
}

}  // namespace esep::http
