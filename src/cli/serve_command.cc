// `esep serve --db FILE --listen ADDR:PORT [--tls-cert F --tls-key F] [--web DIR]`: the
// commission server. Opens the store for writing, loads its election, serves the API under
// /api/v1 (docs/api.md) and the built web application, prints where it listens, and on SIGTERM
// or SIGINT stops gracefully (requests in flight finish) and closes the store.

#include <charconv>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <pthread.h>

#include "cli/commands.h"
#include "http/server.h"
#include "server/api_router.h"
#include "service/keys.h"
#include "service/publish.h"
#include "service/publish_schedule.h"
#include "service/users.h"

namespace esep::cli {

namespace {

struct ServeFlags {
  std::string db;
  std::string listen = "127.0.0.1:8080";
  std::string tls_cert;
  std::string tls_key;
  std::string web;
  std::vector<std::string> origins;
  // Worker threads: the requests that may block on the store (reads, accounts, logins, scans,
  // a session's renewal). The double-entry commands need none: they run on the I/O threads and
  // the group committer answers them. Argon2id hashing is limited apart (2 at a time), so a
  // burst of logins leaves workers for the rest.
  int workers = 16;
  // Seconds without a request after which a session ends (access::SessionPolicy::idle).
  int session_idle = 30 * 60;
  // A site of `esep publish` served under /public/, and published into on a cadence.
  std::string site;
  int publish_every = 0;  // seconds; 0: serve the site as it is
  std::optional<std::string> sign_key;
};

// "127.0.0.1:8080", "[::1]:8080" into the address and the port.
Result<std::pair<std::string, uint16_t>> ParseListen(std::string_view text) {
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return InvalidArgumentError(
        fmt::format("--listen '{}': give ADDRESS:PORT, e.g. 127.0.0.1:8080 or [::1]:8080", text));
  }
  std::string_view address = text.substr(0, colon);
  if (address.size() >= 2 && address.front() == '[' && address.back() == ']') {
    address = address.substr(1, address.size() - 2);
  }
  const std::string_view port_text = text.substr(colon + 1);
  unsigned port = 0;
  const auto [end, error] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (error != std::errc() || end != port_text.data() + port_text.size() || port > 65535) {
    return InvalidArgumentError(
        fmt::format("--listen '{}': the port must be a number from 0 to 65535", text));
  }
  return std::pair{std::string(address), static_cast<uint16_t>(port)};
}

Status RunServe(const ServeFlags& flags) {
  if (flags.tls_cert.empty() != flags.tls_key.empty()) {
    return InvalidArgumentError("--tls-cert and --tls-key go together");
  }
  ASSIGN_OR_RETURN(const auto listen, ParseListen(flags.listen));
  http::ServerOptions options{.address = listen.first, .port = listen.second};
  if (!flags.tls_cert.empty()) {
    options.tls = http::TlsFiles{.certificate_chain = flags.tls_cert, .private_key = flags.tls_key};
  }
  options.origins = flags.origins;
  if (flags.workers < 1 || flags.workers > 1024) {
    return InvalidArgumentError("--workers: give a number from 1 to 1024");
  }
  options.worker_threads = flags.workers;
  std::error_code error;
  if (!flags.web.empty()) {
    options.static_root = flags.web;
  } else if (std::filesystem::is_directory("web/dist", error)) {
    options.static_root = "web/dist";
  }

  // SIGTERM and SIGINT are blocked before any thread starts, so every thread inherits the mask
  // and only the sigwait below receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  if (flags.publish_every < 0 || (flags.publish_every > 0 && flags.site.empty())) {
    return InvalidArgumentError(
        "--publish-every: give a number of seconds, 1 or more, and the site to publish into "
        "(--site DIR)");
  }
  if (flags.sign_key.has_value() && flags.publish_every == 0) {
    return InvalidArgumentError("--sign-key signs what --publish-every publishes: give both");
  }
  service::PublishRequest publish{.store_path = flags.db, .out_dir = flags.site};
  if (flags.sign_key.has_value()) {
    ASSIGN_OR_RETURN(publish.signing_key, service::LoadSigningKey(*flags.sign_key));
  }
  if (!flags.site.empty()) {
    // The first version before the server starts, so /public/ has something to serve.
    if (flags.publish_every > 0) {
      ASSIGN_OR_RETURN(const service::PublishOutcome first, service::Publish(publish));
      std::cout << fmt::format("esep serve: published version {} into {}\n", first.version,
                               flags.site);
    }
    options.site_root = flags.site;
  }

  server::ApiOptions api;
  if (flags.session_idle < 10 ||
      std::chrono::seconds(flags.session_idle) > api.session_policy.absolute) {
    return InvalidArgumentError(fmt::format(
        "--session-idle: give a number of seconds from 10 to {} (the 12-hour absolute limit)",
        api.session_policy.absolute.count()));
  }
  api.session_policy.idle = std::chrono::seconds(flags.session_idle);

  ASSIGN_OR_RETURN(std::unique_ptr<storage::Store> store, service::OpenAccountsStore(flags.db));
  ASSIGN_OR_RETURN(std::shared_ptr<server::ApiContext> context,
                   server::MakeApiContext(std::move(store), flags.db, api));
  ASSIGN_OR_RETURN(http::Router router, server::BuildApiRouter(context));
  ASSIGN_OR_RETURN(std::unique_ptr<http::Server> server,
                   http::Server::Start(options, std::move(router)));
  const std::string scheme = options.tls.has_value() ? "https" : "http";
  const std::string host =
      listen.first.find(':') != std::string::npos ? "[" + listen.first + "]" : listen.first;
  std::cout << fmt::format("esep serve: {} ({}) on {}://{}:{}/", flags.db,
                           context->definition->id(), scheme, host, server->port())
            << (options.static_root.has_value()
                    ? fmt::format(", the web application from {}", options.static_root->string())
                    : std::string(", the API only (no --web directory)"))
            << (options.site_root.has_value()
                    ? fmt::format(
                          "\nThe public site {} under /public/{}", flags.site,
                          flags.publish_every > 0
                              ? fmt::format(", published again every {} s", flags.publish_every)
                              : std::string())
                    : std::string())
            << "\nStop with Ctrl-C or SIGTERM.\n"
            << std::flush;
  std::optional<service::PublishSchedule> schedule;
  if (flags.publish_every > 0) {
    schedule.emplace(
        publish, std::chrono::seconds(flags.publish_every),
        [](const Result<service::PublishOutcome>& round) {
          if (round.has_value() && !round->unchanged) {
            std::cout << fmt::format("esep serve: published version {} ({})\n", round->version,
                                     round->manifest.status)
                      << std::flush;
          } else if (!round.has_value() && round.status().code() != StatusCode::kCancelled) {
            std::cerr << "esep serve: a publication failed (the next round tries "
                         "again): "
                      << round.status().message() << "\n";
          }
        });
  }

  int received = 0;
  sigwait(&signals, &received);
  std::cout << fmt::format("esep serve: stopping ({})\n", received == SIGINT ? "SIGINT" : "SIGTERM")
            << std::flush;
  if (schedule.has_value()) {
    schedule->Stop();
  }
  server->Stop();
  server.reset();
  // No handler submits any more: the committer commits what is queued and joins.
  context->committer->Stop();
  // The last handler is done: the store closes here, its WAL checkpointed by SQLite.
  std::unique_ptr<storage::Store> closing = context->store->Release();
  context.reset();
  closing.reset();
  std::cout << "esep serve: stopped; the store is closed.\n" << std::flush;
  return OkStatus();
}

}  // namespace

void AddServeCommand(CLI::App& app, Action& run) {
  CLI::App* serve = app.add_subcommand(
      "serve", "The commission server: double data entry, approval and accounts over HTTP(S).");
  auto flags = std::make_shared<ServeFlags>();
  serve->add_option("--db", flags->db, "the store, holding an election (esep import)")->required();
  serve
      ->add_option("--listen", flags->listen,
                   "ADDRESS:PORT to listen on (port 0: any free port, printed)")
      ->capture_default_str();
  serve->add_option("--tls-cert", flags->tls_cert, "PEM certificate chain: serve HTTPS");
  serve->add_option("--tls-key", flags->tls_key, "PEM private key of --tls-cert");
  serve->add_option("--web", flags->web,
                    "the built web application (default: web/dist when it exists)");
  serve->add_option("--origin", flags->origins,
                    "an origin state-changing requests may come from, e.g. "
                    "https://results.example.kz (repeatable; default: the listening address)");
  serve
      ->add_option("--workers", flags->workers,
                   "worker threads for the requests that may wait on the store (the double-entry "
                   "commands need none)")
      ->capture_default_str();
  serve
      ->add_option("--session-idle", flags->session_idle,
                   "seconds without a request after which a user is logged out (what they typed "
                   "stays in their browser until they log in again)")
      ->capture_default_str();
  serve->add_option("--site", flags->site,
                    "a site of esep publish (the portal's files in its root), served under "
                    "/public/");
  serve->add_option("--publish-every", flags->publish_every,
                    "publish the store into --site every SECONDS (at start, then skipping rounds "
                    "with no change): the portal live from the store");
  serve->add_option("--sign-key", flags->sign_key,
                    "the commission's secret key: sign what --publish-every publishes");
  serve->footer(
      "What it serves:\n"
      "  /api/v1/...   the JSON API (docs/api.md): login, accounts, commissions, the control\n"
      "                ratios, the audit log; every route authorised by role and commission\n"
      "                (docs/roles.md)\n"
      "  /public/...   with --site: the published snapshot and the portal; versions (v/N/)\n"
      "                immutable, current.json revalidated (docs/formats/snapshot.md)\n"
      "  everything else: the web application's files (--web)\n"
      "\n"
      "Nobody can log in until the store has an account. Add the first administrator with\n"
      "  esep users add --db results.db --login admin --name \"Asel Nurlanovna\" \\\n"
      "      --role administrator --commission CEC\n"
      "who then adds the other users from the web application. Every login, logout and change\n"
      "is an audit event of the store's chain (esep verify checks it).\n"
      "\n"
      "Use TLS on any network but the machine itself: the session cookie is then Secure and\n"
      "__Host- prefixed (docs/http-server.md).\n"
      "\n"
      "Examples:\n"
      "  esep serve --db results.db --listen 127.0.0.1:8080\n"
      "  esep serve --db results.db --listen 0.0.0.0:8443 --tls-cert cert.pem --tls-key key.pem\n"
      "  esep serve --db results.db --site site --publish-every 300 --sign-key cec.key");
  serve->callback([flags, &run] { run = [flags] { return RunServe(*flags); }; });
}

}  // namespace esep::cli
