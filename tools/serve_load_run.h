// What esep_serve_load (tools/serve_load.cc) works on: its options, the protocols to type (one
// job each, with its form's values and warnings), the latencies and counts it reports, and the
// processor time of a process. Everything runs on the tool's one thread (its typists are
// coroutines on one io_context), so nothing here is guarded.

#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace esep::tools {

using Clock = std::chrono::steady_clock;

struct LoadOptions {
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
  // The highest version the server acknowledged for the protocol.
  int64_t acknowledged_version = 0;
  // Where the protocol stood after the last command acknowledged for it (first: a new store's
  // empty protocol). Commands are sent against it, as a client with the protocol list open
  // would; the list is read again only when a command is refused or not answered.
  Standing last_known{.status = "empty", .version = 0};
};

// Latencies of acknowledged requests by kind, in microseconds.
class Latencies {
 public:
  void Add(const std::string& kind, Clock::duration took);
  // A table: count, p50, p99 and max per kind of request, and over all of them.
  void Print();

 private:
  std::map<std::string, std::vector<int64_t>> by_kind_;
};

// The run: what the typists share.
struct LoadRun {
  LoadOptions options;
  std::vector<Job> jobs;
  Latencies latencies;
  int64_t finalised = 0;
  int64_t approved = 0;
  int64_t lost = 0;
  int64_t reconnects = 0;
  int64_t failures = 0;
  // Logins (and first password changes) under way: each costs the server an Argon2id hash or
  // two; all typists at once on a small machine outlast the server's 30 s request deadline.
  // At most kMaxLoginsAtOnce; outside the timed phases, except a re-login after a restart.
  static constexpr int kMaxLoginsAtOnce = 2;
  int logins_under_way = 0;
};

// Fills run.jobs: every protocol of run.options.protocols (a generated election's
// protocols.csv, up to options.limit), with its form's values and warnings read from the
// server's store. False, with the reason printed, when a file cannot be read.
bool LoadJobs(LoadRun& run);

// The processor time (user + system, seconds) process `pid` has used so far, from
// /proc/PID/stat; nullopt when it cannot be read. pid 0: this process.
std::optional<double> ProcessorSeconds(int64_t pid);

double Seconds(Clock::duration took);

}  // namespace esep::tools
