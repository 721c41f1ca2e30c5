// esep_serve_load: many simulated typists double-entering a generated election through a running
// `esep serve`, then the chair approving every protocol — the load of issue 12's load-and-fault
// test and throughput benchmark (bench/serve_fault.sh, docs/benchmarks.md).
//
// Every protocol of --protocols (a generated election's protocols.csv) is typed twice by two
// different typists (entry 1 by typist t, entry 2 by typist t+1), each entry claimed, saved once
// with the whole form and finalised with every warning acknowledged; then the chair approves it.
// Each command is sent against the version the tool last saw for its protocol (as a client with
// the protocol list open would), so the happy path is exactly claim, save, finalise. The client
// survives the server being killed and restarted: on a broken connection or a refused command it
// reconnects and re-reads where the protocol stands (its commission's protocol list), so a
// command that was applied but never acknowledged is not sent twice.
//
// The typists are coroutines on the tool's one thread (tools/serve_load_client.h), so the tool
// takes as little as it can of the processor time it shares with the server on one machine.
//
// What it checks: no acknowledged change is ever lost. Versions only grow, so whenever the
// client re-reads a protocol it compares the server's version with the highest version the
// server had acknowledged for it; a lower one is a lost acknowledged commit, counted and printed.
// At the end every protocol is re-read once more. It prints the finalised entries per second
// and the latency of each kind of request (p50, p99, max), counting only acknowledged ones.
//
// Exit status: 0 when every protocol was approved and nothing acknowledged was lost; 1
// otherwise; 2 for bad arguments.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/http/verb.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "serve_load_client.h"
#include "serve_load_run.h"

namespace {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using json = nlohmann::json;
using esep::tools::Clock;
using esep::tools::Job;
using esep::tools::LoadClient;
using esep::tools::LoadRun;
using esep::tools::Reply;
using esep::tools::Standing;

asio::awaitable<std::optional<Standing>> ReadStanding(LoadClient& client, LoadRun& run, Job& job) {
  const Reply reply = co_await client.CallRetrying(
      bhttp::verb::get, fmt::format("/api/v1/commissions/{}/protocols", job.commission_id),
      std::nullopt);
  if (reply.status != 200) {
    co_return std::nullopt;
  }
  for (const json& row : reply.body["protocols"]) {
    if (row.value("protocol", "") == job.protocol_id) {
      Standing standing{.status = row.value("status", ""), .version = row.value("version", 0)};
      if (standing.version < job.acknowledged_version) {
        ++run.lost;
        fmt::print(stderr, "LOST: {} is at version {} after version {} was acknowledged\n",
                   job.protocol_id, standing.version, job.acknowledged_version);
      }
      job.last_known = standing;
      co_return standing;
    }
  }
  co_return std::nullopt;
}

// Sends one command and records it when acknowledged; the new standing, or nullopt when it was
// not acknowledged (the caller re-reads).
asio::awaitable<std::optional<Standing>> Command(LoadClient& client, LoadRun& run, Job& job,
                                                 std::string kind, bhttp::verb method,
                                                 std::string target, std::optional<json> body,
                                                 int64_t version) {
  const Clock::time_point start = Clock::now();
  const Reply reply =
      co_await client.CallRetrying(method, std::move(target), std::move(body), version);
  if (reply.status != 200) {
    co_return std::nullopt;
  }
  run.latencies.Add(kind, Clock::now() - start);
  Standing standing{.status = reply.body.value("status", ""),
                    .version = reply.body.value("version", 0)};
  job.acknowledged_version = std::max(job.acknowledged_version, standing.version);
  job.last_known = standing;
  co_return standing;
}

// Whether `entry` of the protocol holds exactly the job's values (after a save that may or may
// not have been applied).
asio::awaitable<bool> EntryHoldsValues(LoadClient& client, const Job& job, int entry) {
  const Reply reply = co_await client.CallRetrying(
      bhttp::verb::get, fmt::format("/api/v1/protocols/{}/entries/{}", job.protocol_id, entry),
      std::nullopt);
  co_return reply.status == 200 && reply.body["values"] == json::parse(job.values);
}

// GCC 12 cannot compile string literals in braced initialisers inside a coroutine ("array used
// as initializer"), so the bodies and statuses are made by plain functions.
std::string InProgressStatus(int entry) {
  return entry == 1 ? "first_entry_in_progress" : "second_entry_in_progress";
}
std::string ClaimableStatus(int entry) { return entry == 1 ? "empty" : "first_entry_done"; }
json SaveBody(const Job& job) { return json{{"values", json::parse(job.values)}}; }
json FinaliseBody(const Job& job) { return json{{"acknowledged_warnings", job.warnings}}; }

// Types entry `entry` of `job` to the end: claim, save, finalise, from wherever it stands.
asio::awaitable<bool> TypeEntry(LoadClient& client, LoadRun& run, Job& job, int entry) {
  const std::string base = fmt::format("/api/v1/protocols/{}/entries/{}", job.protocol_id, entry);
  const std::string mine = InProgressStatus(entry);
  const std::string claimable = ClaimableStatus(entry);
  // Where it stood last (a refused command or a broken connection resets it: read again).
  std::optional<Standing> standing = job.last_known;
  std::optional<bool> saved = false;
  for (int attempt = 0; attempt < 50; ++attempt) {
    if (!standing.has_value()) {
      standing = co_await ReadStanding(client, run, job);
      if (!standing.has_value()) {
        continue;
      }
      saved.reset();
    }
    if (standing->status == claimable) {
      standing = co_await Command(client, run, job, "claim", bhttp::verb::post, base + "/claim",
                                  json::object(), standing->version);
      saved = false;
    } else if (standing->status == mine) {
      if (!saved.has_value()) {
        saved = co_await EntryHoldsValues(client, job, entry);
      }
      if (!*saved) {
        standing = co_await Command(client, run, job, "save", bhttp::verb::put, base, SaveBody(job),
                                    standing->version);
        saved = true;
      } else {
        standing = co_await Command(client, run, job, "finalise", bhttp::verb::post,
                                    base + "/finalise", FinaliseBody(job), standing->version);
        if (standing.has_value()) {
          ++run.finalised;
          co_return true;
        }
      }
    } else {
      co_return true;  // typed already (this entry is finalised, or the protocol is further on)
    }
  }
  ++run.failures;
  fmt::print(stderr, "gave up on entry {} of {}\n", entry, job.protocol_id);
  co_return false;
}

asio::awaitable<bool> Approve(LoadClient& client, LoadRun& run, Job& job) {
  for (int attempt = 0; attempt < 20; ++attempt) {
    // Where the last entry left it, then (after a refusal) as the list says.
    // (Not a conditional expression around the co_await: GCC 12 miscompiles that.)
    std::optional<Standing> standing = job.last_known;
    if (attempt > 0) {
      standing = co_await ReadStanding(client, run, job);
    }
    if (!standing.has_value()) {
      continue;
    }
    if (standing->status == "approved") {
      co_return true;
    }
    if (standing->status != "definitive") {
      if (attempt == 0) {
        continue;  // what the tool last knew: read the list
      }
      break;
    }
    const std::optional<Standing> approved =
        co_await Command(client, run, job, "approve", bhttp::verb::post,
                         fmt::format("/api/v1/protocols/{}/approve", job.protocol_id),
                         json::object(), standing->version);
    if (approved.has_value()) {
      ++run.approved;
      co_return true;
    }
  }
  ++run.failures;
  fmt::print(stderr, "could not approve {}\n", job.protocol_id);
  co_return false;
}

// Runs one coroutine per client (`work(t)` for client t) on `io` until every one has finished.
// An exception in one ends the run (rethrown from io.run()).
template <typename Work>
void RunEach(asio::io_context& io, size_t clients, Work work) {
  for (size_t t = 0; t < clients; ++t) {
    asio::co_spawn(io, work(t), [](const std::exception_ptr& thrown) {
      if (thrown) {
        std::rethrow_exception(thrown);
      }
    });
  }
  io.run();
  io.restart();
}

}  // namespace

int Run(int argc, char** argv) {
  LoadRun run;
  esep::tools::LoadOptions& options = run.options;
  CLI::App app{
      "Double-enters a generated election through a running `esep serve` with many simulated "
      "typists, then approves it; survives the server being killed and restarted; reports "
      "finalised entries per second and latencies (bench/serve_fault.sh)."};
  app.add_option("--address", options.address, "the server's address")->capture_default_str();
  app.add_option("--port", options.port, "the server's port")->required();
  app.add_option("--store", options.store, "the server's store, read for the forms")->required();
  app.add_option("--protocols", options.protocols, "protocols.csv of the generated election")
      ->required();
  app.add_option("--typists", options.typists,
                 "simulated typists (connections, all on one thread), at least 2")
      ->capture_default_str();
  app.add_option("--login-prefix", options.login_prefix,
                 "typist N logs in as PREFIX followed by N in three digits")
      ->capture_default_str();
  app.add_option("--chair", options.chair, "the chair's login name")->capture_default_str();
  app.add_option("--first-password", options.first_password,
                 "the first password every load user was given")
      ->required();
  app.add_option("--password", options.password, "the password each chooses at first login")
      ->required();
  app.add_option("--limit", options.limit, "type only the first N protocols (0: all)");
  app.add_option("--reconnect-seconds", options.reconnect_seconds,
                 "how long to keep trying to reach a server that is gone")
      ->capture_default_str();
  app.add_option("--server-pid", options.server_pid,
                 "the server's process id: report its processor time during the entries");
  CLI11_PARSE(app, argc, argv);
  if (options.typists < 2) {
    fmt::print(stderr, "--typists must be at least 2 (the two entries need two typists)\n");
    return 2;
  }
  if (!esep::tools::LoadJobs(run)) {
    return 2;
  }
  const auto typists = static_cast<size_t>(options.typists);
  fmt::print("{} protocols, {} typists\n", run.jobs.size(), typists);

  asio::io_context io(1);
  std::vector<std::unique_ptr<LoadClient>> clients;
  for (size_t t = 0; t < typists; ++t) {
    clients.push_back(std::make_unique<LoadClient>(io, run));
  }
  const Clock::time_point start = Clock::now();
  int logged_in = 0;
  RunEach(io, typists, [&](size_t t) -> asio::awaitable<void> {
    if (co_await clients[t]->LogIn(fmt::format("{}{:03}", options.login_prefix, t))) {
      ++logged_in;
    }
  });
  if (logged_in != options.typists) {
    fmt::print(stderr, "only {} of {} typists could log in\n", logged_in, options.typists);
    return 1;
  }

  // Phase 1: entry 1 of protocol i by typist i mod T; phase 2: entry 2 by typist i+1 mod T.
  // Processor seconds at the entries' start and end: the server's, this tool's.
  const Clock::time_point entries_start = Clock::now();
  const std::optional<double> server_cpu_start =
      options.server_pid > 0 ? esep::tools::ProcessorSeconds(options.server_pid) : std::nullopt;
  const std::optional<double> own_cpu_start = esep::tools::ProcessorSeconds(0);
  for (int entry = 1; entry <= 2; ++entry) {
    RunEach(io, typists, [&](size_t t) -> asio::awaitable<void> {
      for (size_t i = 0; i < run.jobs.size(); ++i) {
        if ((i + static_cast<size_t>(entry - 1)) % typists == t) {
          co_await TypeEntry(*clients[t], run, run.jobs[i], entry);
        }
      }
    });
  }
  const double entry_seconds = esep::tools::Seconds(Clock::now() - entries_start);
  const std::optional<double> server_cpu_end =
      options.server_pid > 0 ? esep::tools::ProcessorSeconds(options.server_pid) : std::nullopt;
  const std::optional<double> own_cpu_end = esep::tools::ProcessorSeconds(0);
  fmt::print("entries: {} finalised in {:.1f} s: {:.0f} finalised entries per second\n",
             run.finalised, entry_seconds, static_cast<double>(run.finalised) / entry_seconds);
  // Both processes share the machine's cores: what each used of them says whether the load
  // tool or the server was the limit. (Meaningless across a restart of the server.)
  if (own_cpu_start && own_cpu_end) {
    std::string server = "not measured (--server-pid)";
    if (server_cpu_start && server_cpu_end) {
      const double used = *server_cpu_end - *server_cpu_start;
      server = fmt::format("{:.1f} s ({:.0f} finalised entries per processor second)", used,
                           static_cast<double>(run.finalised) / used);
    }
    fmt::print("processor time of the entries ({:.1f} s): server {}, load tool {:.1f} s\n",
               entry_seconds, server, *own_cpu_end - *own_cpu_start);
  }

  // Phase 3: the chair approves, from as many connections as there were typists (the first
  // login chooses the chair's password).
  const Clock::time_point approve_start = Clock::now();
  LoadClient checker(io, run);
  bool chair_in = false;
  RunEach(io, 1, [&](size_t) -> asio::awaitable<void> {
    chair_in = co_await checker.LogIn(options.chair);
  });
  if (!chair_in) {
    return 1;
  }
  std::vector<std::unique_ptr<LoadClient>> chairs;
  for (size_t t = 0; t < typists; ++t) {
    chairs.push_back(std::make_unique<LoadClient>(io, run));
    chairs.back()->PasswordChanged();
  }
  RunEach(io, typists, [&](size_t t) -> asio::awaitable<void> {
    if (!co_await chairs[t]->LogIn(options.chair)) {
      ++run.failures;
      co_return;
    }
    for (size_t i = t; i < run.jobs.size(); i += typists) {
      co_await Approve(*chairs[t], run, run.jobs[i]);
    }
  });
  fmt::print("approvals: {} in {:.1f} s\n", run.approved,
             esep::tools::Seconds(Clock::now() - approve_start));

  // The last check: every protocol approved, at or above its acknowledged version.
  int64_t not_approved = 0;
  RunEach(io, 1, [&](size_t) -> asio::awaitable<void> {
    for (Job& job : run.jobs) {
      const std::optional<Standing> standing = co_await ReadStanding(checker, run, job);
      if (!standing.has_value() || standing->status != "approved") {
        ++not_approved;
      }
    }
  });
  run.latencies.Print();
  fmt::print(
      "total {:.1f} s; server unreachable {} times; lost acknowledged changes: {}; protocols "
      "not approved: {}; gave up: {}\n",
      esep::tools::Seconds(Clock::now() - start), run.reconnects, run.lost, not_approved,
      run.failures);
  return run.lost == 0 && not_approved == 0 && run.failures == 0 ? 0 : 1;
}

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "esep_serve_load: %s\n", error.what());
  } catch (...) {
    std::fprintf(stderr, "esep_serve_load: an unknown exception\n");
  }
  return 70;
}
