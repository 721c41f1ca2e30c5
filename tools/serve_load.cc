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
// What it checks: no acknowledged change is ever lost. Versions only grow, so whenever the
// client re-reads a protocol it compares the server's version with the highest version the
// server had acknowledged for it; a lower one is a lost acknowledged commit, counted and printed.
// At the end every protocol is re-read once more. It prints the finalised entries per second
// and the latency of each kind of request (p50, p99, max), counting only acknowledged ones.
//
// Exit status: 0 when every protocol was approved and nothing acknowledged was lost; 1
// otherwise; 2 for bad arguments.
#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <exception>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <semaphore>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "data_entry/form_definition.h"
#include "data_entry/form_values.h"
#include "io/protocol_csv.h"
#include "service/entries.h"
#include "service/stored_election.h"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string address = "127.0.0.1";
  uint16_t port = 0;
  std::string store;
  std::string protocols;
  int typists = 64;
  std::string login_prefix = "load-typist-";
  std::string chair = "load-chair";
  std::string first_password;
  std::string password;
  int64_t limit = 0;
  double reconnect_seconds = 120;
  int64_t server_pid = 0;  // > 0: report the server's processor time of the entry phases
};

// Where a protocol stands, as its commission's list says or an acknowledged command left it.
struct Standing {
  std::string status;
  int64_t version = 0;
};

// One protocol to type: its id, its commission, and the body of the save.
struct Job {
  std::string protocol_id;
  std::string commission_id;
  std::string values;  // the form's values as JSON text (every line; null when blank)
  std::vector<std::string> warnings;  // every warning of the form: acknowledged at finalising
  // The highest version the server acknowledged for the protocol (in Shared::acknowledged).
  std::atomic<int64_t>* acknowledged_version = nullptr;
  // Where the protocol stood after the last command acknowledged for it (first: a new store's
  // empty protocol). Commands are sent against it, as a client with the protocol list open
  // would; the list is read again only when a command is refused or not answered. Used by one
  // thread at a time (the phases are separated by a barrier or a join).
  Standing last_known{.status = "empty", .version = 0};
};

struct Reply {
  int status = 0;  // 0: no answer (connection broken)
  json body;
  std::string set_cookie;
};

// Latencies of acknowledged requests by kind, in microseconds.
class Latencies {
 public:
  void Add(const std::string& kind, Clock::duration took) {
    const std::lock_guard lock(mutex_);
    by_kind_[kind].push_back(std::chrono::duration_cast<std::chrono::microseconds>(took).count());
  }
  void Print() {
    const std::lock_guard lock(mutex_);
    std::vector<int64_t> all;
    fmt::print("{:<10} {:>9} {:>9} {:>9} {:>9}\n", "request", "count", "p50 ms", "p99 ms",
               "max ms");
    for (auto& [kind, values] : by_kind_) {
      PrintRow(kind, values);
      all.insert(all.end(), values.begin(), values.end());
    }
    PrintRow("all", all);
  }

 private:
  static void PrintRow(const std::string& kind, std::vector<int64_t>& values) {
    if (values.empty()) {
      return;
    }
    std::sort(values.begin(), values.end());
    const auto at = [&](double q) {
      return static_cast<double>(
                 values[static_cast<size_t>(q * static_cast<double>(values.size() - 1))]) /
             1000.0;
    };
    fmt::print("{:<10} {:>9} {:>9.2f} {:>9.2f} {:>9.2f}\n", kind, values.size(), at(0.5), at(0.99),
               static_cast<double>(values.back()) / 1000.0);
  }
  std::mutex mutex_;
  std::map<std::string, std::vector<int64_t>> by_kind_;
};

struct Shared {
  Options options;
  std::vector<Job> jobs;
  std::deque<std::atomic<int64_t>> acknowledged;  // one per job (a deque: atomics do not move)
  Latencies latencies;
  std::atomic<int64_t> finalised{0};
  std::atomic<int64_t> approved{0};
  std::atomic<int64_t> lost{0};
  std::atomic<int64_t> reconnects{0};
  std::atomic<int64_t> failures{0};
  // Logins (and first password changes) at a time: each costs the server an Argon2id hash or
  // two; all typists at once on a small machine outlast the server's 30 s request deadline.
  // Outside the timed phases, except a re-login after a restart.
  std::counting_semaphore<> logins{2};
};

// One keep-alive connection with the session cookie; reconnects (for up to reconnect_seconds)
// when the server is gone.
class Client {
 public:
  explicit Client(Shared& shared) : shared_(shared), origin_(Origin(shared.options)) {}

  Reply Call(bhttp::verb method, const std::string& target, const std::optional<json>& body,
             std::optional<int64_t> if_match = std::nullopt) {
    bhttp::request<bhttp::string_body> request{method, target, 11};
    request.set(bhttp::field::host,
                fmt::format("{}:{}", shared_.options.address, shared_.options.port));
    request.set(bhttp::field::origin, origin_);
    request.set(bhttp::field::accept, "application/json");
    if (!cookie_.empty()) {
      request.set(bhttp::field::cookie, cookie_);
    }
    if (if_match.has_value()) {
      request.set(bhttp::field::if_match, fmt::format("\"{}\"", *if_match));
    }
    if (body.has_value()) {
      request.set(bhttp::field::content_type, "application/json");
      request.body() = body->dump();
    }
    request.keep_alive(true);
    request.prepare_payload();
    if (!EnsureConnected()) {
      return {};
    }
    beast::error_code error;
    bhttp::write(*socket_, request, error);
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(uint64_t{64} * 1024 * 1024);
    if (!error) {
      bhttp::read(*socket_, buffer_, parser, error);
    }
    if (error) {
      socket_.reset();
      return {};
    }
    const bhttp::response<bhttp::string_body>& response = parser.get();
    Reply reply{.status = static_cast<int>(response.result_int())};
    reply.body = json::parse(response.body(), nullptr, false);
    if (auto found = response.find(bhttp::field::set_cookie); found != response.end()) {
      reply.set_cookie = std::string(found->value());
    }
    if (!response.keep_alive()) {
      socket_.reset();
    }
    return reply;
  }

  // Logs in as `login` with the password it has now (the first password until it is changed;
  // a wrong try would count towards the server's back-off), changing a first password when the
  // account asks for it. False when the server refuses.
  bool LogIn(const std::string& login) {
    shared_.logins.acquire();
    const std::optional<bool> done = LogInOnce(login);
    shared_.logins.release();
    return done.has_value() ? *done : LogIn(login);
  }

  // LogIn's one try; nullopt to try again with the new password.
  std::optional<bool> LogInOnce(const std::string& login) {
    login_ = login;
    const Reply reply = CallRetrying(bhttp::verb::post, "/api/v1/auth/login",
                                     json{{"login_name", login}, {"password", *current_password_}});
    if (reply.status != 200) {
      fmt::print(stderr, "login of {} refused: {} {}\n", login, reply.status, reply.body.dump());
      return false;
    }
    cookie_ = reply.set_cookie.substr(0, reply.set_cookie.find(';'));
    if (reply.body["user"].value("must_change_password", false)) {
      const Reply changed = CallRetrying(
          bhttp::verb::put, "/api/v1/auth/me",
          json{{"current_password", *current_password_}, {"password", shared_.options.password}});
      const bool first_try = current_password_ == &shared_.options.first_password;
      current_password_ = &shared_.options.password;
      if (changed.status != 200) {
        // The change may have been applied before the connection broke — the answer lost, or
        // the retry on a new connection refused because the first password no longer is the
        // current one: log in with the new password (once).
        if (first_try) {
          return std::nullopt;
        }
        fmt::print(stderr, "password change of {} refused: {} {}\n", login, changed.status,
                   changed.body.dump());
        return false;
      }
    }
    return true;
  }

  // For an account whose first password was changed already (by another connection).
  void PasswordChanged() { current_password_ = &shared_.options.password; }

  // Call, reconnecting and logging in again as needed, until an answer comes or the server
  // has been unreachable for reconnect_seconds.
  Reply CallRetrying(bhttp::verb method, const std::string& target, const std::optional<json>& body,
                     std::optional<int64_t> if_match = std::nullopt) {
    // A broken connection (the server killed mid-request) is retried on a new one: a command
    // carries If-Match, so one that was applied before the break is refused (412), never
    // applied twice.
    Reply reply = Call(method, target, body, if_match);
    for (int retry = 0; reply.status == 0 && retry < 3; ++retry) {
      reply = Call(method, target, body, if_match);
    }
    if (reply.status == 401 && !login_.empty() && target != "/api/v1/auth/login") {
      if (LogIn(login_)) {
        reply = Call(method, target, body, if_match);
      }
    }
    return reply;
  }

 private:
  static std::string Origin(const Options& options) {
    return fmt::format("http://{}:{}", options.address, options.port);
  }

  bool EnsureConnected() {
    if (socket_.has_value()) {
      return true;
    }
    const Clock::time_point give_up =
        Clock::now() + std::chrono::duration_cast<Clock::duration>(
                           std::chrono::duration<double>(shared_.options.reconnect_seconds));
    bool first = true;
    while (Clock::now() < give_up) {
      beast::error_code error;
      asio::ip::tcp::socket socket(io_);
      socket.connect({asio::ip::make_address(shared_.options.address), shared_.options.port},
                     error);
      if (!error) {
        socket.set_option(asio::ip::tcp::no_delay(true));
        socket_.emplace(std::move(socket));
        buffer_.clear();
        return true;
      }
      if (first) {
        ++shared_.reconnects;
        first = false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  Shared& shared_;
  std::string origin_;
  asio::io_context io_;
  std::optional<asio::ip::tcp::socket> socket_;
  beast::flat_buffer buffer_;
  std::string cookie_;
  std::string login_;
  const std::string* current_password_ = &shared_.options.first_password;
};

std::optional<Standing> ReadStanding(Client& client, Shared& shared, Job& job) {
  const Reply reply = client.CallRetrying(
      bhttp::verb::get, fmt::format("/api/v1/commissions/{}/protocols", job.commission_id),
      std::nullopt);
  if (reply.status != 200) {
    return std::nullopt;
  }
  for (const json& row : reply.body["protocols"]) {
    if (row.value("protocol", "") == job.protocol_id) {
      Standing standing{.status = row.value("status", ""), .version = row.value("version", 0)};
      const int64_t acknowledged = job.acknowledged_version->load();
      if (standing.version < acknowledged) {
        ++shared.lost;
        fmt::print(stderr, "LOST: {} is at version {} after version {} was acknowledged\n",
                   job.protocol_id, standing.version, acknowledged);
      }
      job.last_known = standing;
      return standing;
    }
  }
  return std::nullopt;
}

// Sends one command and records it when acknowledged; the new standing, or nullopt when it was
// not acknowledged (the caller re-reads).
std::optional<Standing> Command(Client& client, Shared& shared, Job& job, const std::string& kind,
                                bhttp::verb method, const std::string& target,
                                const std::optional<json>& body, int64_t version) {
  const Clock::time_point start = Clock::now();
  const Reply reply = client.CallRetrying(method, target, body, version);
  if (reply.status != 200) {
    return std::nullopt;
  }
  shared.latencies.Add(kind, Clock::now() - start);
  Standing standing{.status = reply.body.value("status", ""),
                    .version = reply.body.value("version", 0)};
  int64_t seen = job.acknowledged_version->load();
  while (standing.version > seen &&
         !job.acknowledged_version->compare_exchange_weak(seen, standing.version)) {
  }
  job.last_known = standing;
  return standing;
}

// Whether `entry` of the protocol holds exactly the job's values (after a save that may or may
// not have been applied).
bool EntryHoldsValues(Client& client, Job& job, int entry) {
  const Reply reply = client.CallRetrying(
      bhttp::verb::get, fmt::format("/api/v1/protocols/{}/entries/{}", job.protocol_id, entry),
      std::nullopt);
  return reply.status == 200 && reply.body["values"] == json::parse(job.values);
}

// Types entry `entry` of `job` to the end: claim, save, finalise, from wherever it stands.
bool TypeEntry(Client& client, Shared& shared, Job& job, int entry) {
  const std::string base = fmt::format("/api/v1/protocols/{}/entries/{}", job.protocol_id, entry);
  const std::string mine = entry == 1 ? "first_entry_in_progress" : "second_entry_in_progress";
  const std::string claimable = entry == 1 ? "empty" : "first_entry_done";
  // Where it stood last (a refused command or a broken connection resets it: read again).
  std::optional<Standing> standing = job.last_known;
  std::optional<bool> saved = false;
  for (int attempt = 0; attempt < 50; ++attempt) {
    if (!standing.has_value()) {
      standing = ReadStanding(client, shared, job);
      if (!standing.has_value()) {
        continue;
      }
      saved.reset();
    }
    if (standing->status == claimable) {
      standing = Command(client, shared, job, "claim", bhttp::verb::post, base + "/claim",
                         json::object(), standing->version);
      saved = false;
    } else if (standing->status == mine) {
      if (!saved.has_value()) {
        saved = EntryHoldsValues(client, job, entry);
      }
      if (!*saved) {
        standing = Command(client, shared, job, "save", bhttp::verb::put, base,
                           json{{"values", json::parse(job.values)}}, standing->version);
        saved = true;
      } else {
        standing = Command(client, shared, job, "finalise", bhttp::verb::post, base + "/finalise",
                           json{{"acknowledged_warnings", job.warnings}}, standing->version);
        if (standing.has_value()) {
          ++shared.finalised;
          return true;
        }
      }
    } else {
      return true;  // typed already (this entry is finalised, or the protocol is further on)
    }
  }
  ++shared.failures;
  fmt::print(stderr, "gave up on entry {} of {}\n", entry, job.protocol_id);
  return false;
}

bool Approve(Client& client, Shared& shared, Job& job) {
  for (int attempt = 0; attempt < 20; ++attempt) {
    // Where the last entry left it, then (after a refusal) as the list says.
    const std::optional<Standing> standing =
        attempt == 0 ? std::optional<Standing>(job.last_known) : ReadStanding(client, shared, job);
    if (!standing.has_value()) {
      continue;
    }
    if (standing->status == "approved") {
      return true;
    }
    if (standing->status != "definitive") {
      if (attempt == 0) {
        continue;  // what the tool last knew: read the list
      }
      break;
    }
    if (Command(client, shared, job, "approve", bhttp::verb::post,
                fmt::format("/api/v1/protocols/{}/approve", job.protocol_id), json::object(),
                standing->version)
            .has_value()) {
      ++shared.approved;
      return true;
    }
  }
  ++shared.failures;
  fmt::print(stderr, "could not approve {}\n", job.protocol_id);
  return false;
}

// The jobs: every protocol of the CSV with its form's values and warnings.
bool LoadJobs(Shared& shared) {
  auto store = esep::service::OpenExistingStore(shared.options.store);
  if (!store.has_value()) {
    fmt::print(stderr, "{}\n", store.error().message());
    return false;
  }
  auto desk = esep::service::LoadEntryDesk(**store, shared.options.store);
  if (!desk.has_value()) {
    fmt::print(stderr, "{}\n", desk.error().message());
    return false;
  }
  std::ifstream file(shared.options.protocols, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  std::vector<esep::protocol::Protocol> protocols;
  const esep::Status read = esep::io::ReadProtocolCsv(
      text.str(), shared.options.protocols, [&](esep::io::ProtocolRow&& row) {
        if (row.protocol.has_value()) {
          protocols.push_back(std::move(*row.protocol));
        }
      });
  if (!read.ok()) {
    fmt::print(stderr, "{}\n", read.message());
    return false;
  }
  if (shared.options.limit > 0 && std::ssize(protocols) > shared.options.limit) {
    protocols.resize(static_cast<size_t>(shared.options.limit));
  }
  shared.jobs = std::vector<Job>(protocols.size());
  for (size_t i = 0; i < protocols.size(); ++i) {
    const esep::protocol::Protocol& protocol = protocols[i];
    Job& job = shared.jobs[i];
    job.acknowledged_version = &shared.acknowledged.emplace_back(0);
    job.protocol_id = esep::data_entry::ProtocolId(protocol.commission_id, protocol.contest);
    job.commission_id = protocol.commission_id;
    auto form = esep::service::FormOf(*desk, job.protocol_id);
    if (!form.has_value()) {
      fmt::print(stderr, "{}: {}\n", job.protocol_id, form.error().message());
      return false;
    }
    auto values = esep::data_entry::FromProtocol(*form, protocol);
    if (!values.has_value()) {
      fmt::print(stderr, "{}: {}\n", job.protocol_id, values.error().message());
      return false;
    }
    json values_json = json::object();
    for (const esep::data_entry::FormLine& line : form->lines) {
      const std::optional<int64_t> value = esep::data_entry::ValueOf(*values, line.key);
      values_json[line.key] = value.has_value() ? json(*value) : json(nullptr);
    }
    job.values = values_json.dump();
    for (const esep::protocol::ControlRatio& ratio : form->ratios) {
      if (ratio.severity == esep::protocol::Severity::kWarning) {
        job.warnings.emplace_back(ratio.id);
      }
    }
  }
  return true;
}

double Seconds(Clock::duration took) { return std::chrono::duration<double>(took).count(); }

// The processor time (user + system, seconds) process `pid` has used so far, from
// /proc/PID/stat; nullopt when it cannot be read. pid 0: this process.
std::optional<double> ProcessorSeconds(int64_t pid) {
  std::ifstream stat(pid == 0 ? std::string("/proc/self/stat") : fmt::format("/proc/{}/stat", pid));
  std::string text;
  if (!std::getline(stat, text)) {
    return std::nullopt;
  }
  // Fields after the command name (which may hold spaces, so read from its closing parenthesis):
  // state is field 3; utime and stime are fields 14 and 15.
  const size_t close = text.rfind(')');
  if (close == std::string::npos) {
    return std::nullopt;
  }
  std::istringstream fields(text.substr(close + 2));
  std::string field;
  double ticks = 0;
  for (int number = 3; number <= 15 && fields >> field; ++number) {
    if (number >= 14) {
      ticks += std::strtod(field.c_str(), nullptr);
    }
  }
  const long per_second = sysconf(_SC_CLK_TCK);
  return per_second > 0 ? std::optional<double>(ticks / static_cast<double>(per_second))
                        : std::nullopt;
}

}  // namespace

int Run(int argc, char** argv) {
  Shared shared;
  Options& options = shared.options;
  CLI::App app{
      "Double-enters a generated election through a running `esep serve` with many simulated "
      "typists, then approves it; survives the server being killed and restarted; reports "
      "finalised entries per second and latencies (bench/serve_fault.sh)."};
  app.add_option("--address", options.address, "the server's address")->capture_default_str();
  app.add_option("--port", options.port, "the server's port")->required();
  app.add_option("--store", options.store, "the server's store, read for the forms")->required();
  app.add_option("--protocols", options.protocols, "protocols.csv of the generated election")
      ->required();
  app.add_option("--typists", options.typists, "simulated typists (threads), at least 2")
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
  if (!LoadJobs(shared)) {
    return 2;
  }
  const auto typists = static_cast<size_t>(options.typists);
  fmt::print("{} protocols, {} typists\n", shared.jobs.size(), typists);

  // Phase 1: entry 1 of protocol i by typist i mod T; phase 2: entry 2 by typist i+1 mod T.
  std::barrier between_phases(static_cast<std::ptrdiff_t>(typists));
  Clock::time_point phase_start[3];
  // Processor seconds at the entries' start and end: the server's, this tool's.
  std::optional<double> server_cpu[2];
  std::optional<double> own_cpu[2];
  std::atomic<int> logged_in{0};
  const Clock::time_point start = Clock::now();
  std::vector<std::thread> threads;
  for (size_t t = 0; t < typists; ++t) {
    threads.emplace_back([&, t] {
      Client client(shared);
      if (client.LogIn(fmt::format("{}{:03}", options.login_prefix, t))) {
        ++logged_in;
      }
      between_phases.arrive_and_wait();
      if (t == 0) {
        phase_start[0] = Clock::now();
        server_cpu[0] =
            options.server_pid > 0 ? ProcessorSeconds(options.server_pid) : std::nullopt;
        own_cpu[0] = ProcessorSeconds(0);
      }
      for (int entry = 1; entry <= 2; ++entry) {
        for (size_t i = 0; i < shared.jobs.size(); ++i) {
          if ((i + static_cast<size_t>(entry - 1)) % typists == t) {
            TypeEntry(client, shared, shared.jobs[i], entry);
          }
        }
        between_phases.arrive_and_wait();
        if (t == 0) {
          phase_start[entry] = Clock::now();
          if (entry == 2) {
            server_cpu[1] =
                options.server_pid > 0 ? ProcessorSeconds(options.server_pid) : std::nullopt;
            own_cpu[1] = ProcessorSeconds(0);
          }
        }
        between_phases.arrive_and_wait();
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  if (logged_in.load() != options.typists) {
    fmt::print(stderr, "only {} of {} typists could log in\n", logged_in.load(), options.typists);
    return 1;
  }
  const double entry_seconds = Seconds(phase_start[2] - phase_start[0]);
  fmt::print("entries: {} finalised in {:.1f} s: {:.0f} finalised entries per second\n",
             shared.finalised.load(), entry_seconds,
             static_cast<double>(shared.finalised.load()) / entry_seconds);
  // Both processes share the machine's cores: what each used of them says whether the load
  // tool or the server was the limit. (Meaningless across a restart of the server.)
  if (own_cpu[0] && own_cpu[1]) {
    std::string server = "not measured (--server-pid)";
    if (server_cpu[0] && server_cpu[1]) {
      const double used = *server_cpu[1] - *server_cpu[0];
      server = fmt::format("{:.1f} s ({:.0f} finalised entries per processor second)", used,
                           static_cast<double>(shared.finalised.load()) / used);
    }
    fmt::print("processor time of the entries ({:.1f} s): server {}, load tool {:.1f} s\n",
               entry_seconds, server, *own_cpu[1] - *own_cpu[0]);
  }

  // Phase 3: the chair approves, from as many connections as there were typists (the first
  // login chooses the chair's password).
  const Clock::time_point approve_start = Clock::now();
  Client checker(shared);
  if (!checker.LogIn(options.chair)) {
    return 1;
  }
  threads.clear();
  for (size_t t = 0; t < typists; ++t) {
    threads.emplace_back([&, t] {
      Client client(shared);
      client.PasswordChanged();
      if (!client.LogIn(options.chair)) {
        ++shared.failures;
        return;
      }
      for (size_t i = t; i < shared.jobs.size(); i += typists) {
        Approve(client, shared, shared.jobs[i]);
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  fmt::print("approvals: {} in {:.1f} s\n", shared.approved.load(),
             Seconds(Clock::now() - approve_start));

  // The last check: every protocol approved, at or above its acknowledged version.
  int64_t not_approved = 0;
  for (Job& job : shared.jobs) {
    const std::optional<Standing> standing = ReadStanding(checker, shared, job);
    if (!standing.has_value() || standing->status != "approved") {
      ++not_approved;
    }
  }
  shared.latencies.Print();
  fmt::print(
      "total {:.1f} s; server unreachable {} times; lost acknowledged changes: {}; protocols "
      "not approved: {}; gave up: {}\n",
      Seconds(Clock::now() - start), shared.reconnects.load(), shared.lost.load(), not_approved,
      shared.failures.load());
  return shared.lost.load() == 0 && not_approved == 0 && shared.failures.load() == 0 ? 0 : 1;
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
