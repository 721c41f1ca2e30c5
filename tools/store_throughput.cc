// store_throughput PROTOCOLS_CSV STORE [BATCH_SIZE [DEFINITION_FILE...]]: measures the SQLite
// store on a real protocols CSV (docs/formats/protocols-csv.md). It streams the file through
// io::ReadProtocolCsv, submits the protocols in batches of BATCH_SIZE (default 100000) to a new
// store at STORE, records the definition files if any are given, then times the read paths. Prints
// one line per measurement. Not a test: a tool for docs/benchmarks.md, run by hand on a Release
// build.
//
// Example (1,000,000 synthetic precincts, 2,000,000 protocols):
//   build/src/storage/store_throughput /tmp/g1m/protocols.csv /tmp/store.db

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <sys/resource.h>

#include "io/protocol_csv.h"
#include "protocol/control_ratio.h"
#include "storage/definition.h"
#include "storage/sqlite_store.h"

namespace {

using esep::storage::Store;
using esep::storage::Submission;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::duration duration) { return std::chrono::duration<double>(duration).count(); }

// CPU seconds (user + system) of the whole process so far, both threads included.
double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// CPU seconds of the calling thread so far.
double ThreadCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_THREAD, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double cpu_mark = 0;  // CpuSeconds() at the start of the measurement being reported

void Report(std::string_view what, int64_t count, Clock::duration duration) {
  const double seconds = Seconds(duration);
  const double cpu = CpuSeconds();
  fmt::print("{:<30} {:>8} in {:7.3f} s = {:>9.0f} /s  (cpu {:6.3f} s)\n", what, count, seconds,
             seconds > 0 ? static_cast<double>(count) / seconds : 0.0, cpu - cpu_mark);
  std::fflush(stdout);
  cpu_mark = CpuSeconds();
}

int Fail(const esep::Status& status) {
  fmt::print(stderr, "store_throughput: {}\n", status.ToString());
  return 1;
}

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

int Run(const std::string& csv_path, const std::string& store_path, size_t batch_size,
        const std::vector<std::string>& definition_paths) {
  if (std::filesystem::exists(store_path)) {
    fmt::print(stderr, "store_throughput: {} exists; give a new path\n", store_path);
    return 1;
  }
  const std::optional<std::string> text = ReadFile(csv_path);
  if (!text.has_value()) {
    fmt::print(stderr, "store_throughput: cannot read {}\n", csv_path);
    return 1;
  }
  auto ratios = esep::protocol::ControlRatios("kz-majilis-2023");
  if (!ratios.has_value()) {
    return Fail(ratios.error());
  }
  auto opened = esep::storage::OpenSqliteStore(store_path);
  if (!opened.has_value()) {
    return Fail(opened.error());
  }
  Store& store = **opened;

  // Parse and submit streaming, as an import would; the two are timed apart.
  std::vector<Submission> batch;
  batch.reserve(batch_size);
  Clock::duration submit_time{};
  double submit_cpu = 0;
  double submit_thread_cpu = 0;  // of the calling thread: the critical path
  int64_t submitted = 0;
  int64_t accepted = 0;
  esep::Status submit_status;
  auto flush = [&] {
    if (batch.empty() || !submit_status.ok()) {
      return;
    }
    const Clock::time_point start = Clock::now();
    const double cpu_start = CpuSeconds();
    const double thread_start = ThreadCpuSeconds();
    auto results = store.Submit(batch, *ratios);
    submit_time += Clock::now() - start;
    submit_cpu += CpuSeconds() - cpu_start;
    submit_thread_cpu += ThreadCpuSeconds() - thread_start;
    if (!results.has_value()) {
      submit_status = results.error();
      return;
    }
    for (const esep::storage::SubmitResult& result : *results) {
      accepted += result.outcome == esep::storage::Outcome::kAccepted ? 1 : 0;
    }
    submitted += static_cast<int64_t>(batch.size());
    batch.clear();
  };
  const Clock::time_point import_start = Clock::now();
  cpu_mark = CpuSeconds();
  const esep::Status read =
      esep::io::ReadProtocolCsv(*text, csv_path, [&](esep::io::ProtocolRow&& row) {
        if (!row.protocol.has_value()) {
          return;
        }
        batch.push_back(Submission{std::move(*row.protocol), std::nullopt,
                                   fmt::format("{}:{}", csv_path, row.line)});
        if (batch.size() >= batch_size) {
          flush();
        }
      });
  flush();
  const Clock::duration import_time = Clock::now() - import_start;
  if (!read.ok()) {
    return Fail(read);
  }
  if (!submit_status.ok()) {
    return Fail(submit_status);
  }
  fmt::print("batch size {}, {} accepted\n", batch_size, accepted);
  const double import_cpu = CpuSeconds() - cpu_mark;
  cpu_mark = CpuSeconds() - (import_cpu - submit_cpu);
  Report("parse (ReadProtocolCsv)", submitted, import_time - submit_time);
  cpu_mark = CpuSeconds() - submit_cpu;
  Report("Store::Submit", submitted, submit_time);
  fmt::print("  of which on the calling thread: cpu {:6.3f} s\n", submit_thread_cpu);
  cpu_mark = CpuSeconds() - import_cpu;
  Report("parse + Submit", submitted, import_time);
  if (!definition_paths.empty()) {
    std::vector<esep::storage::DefinitionFile> files;
    for (const std::string& path : definition_paths) {
      const std::optional<std::string> content = ReadFile(path);
      if (!content.has_value()) {
        fmt::print(stderr, "store_throughput: cannot read {}\n", path);
        return 1;
      }
      files.push_back({std::filesystem::path(path).filename().string(), *content});
    }
    const esep::Status recorded =
        store.SetDefinition(esep::storage::DefinitionSha256(files), files);
    if (!recorded.ok()) {
      return Fail(recorded);
    }
  }
  if (std::getenv("STORE_THROUGHPUT_SUBMIT_ONLY") != nullptr) {
    return 0;
  }

  const Clock::time_point verify_start = Clock::now();
  auto chain = store.VerifyChain();
  if (!chain.has_value()) {
    return Fail(chain.error());
  }
  Report(chain->ok() ? "VerifyChain (ok)" : "VerifyChain (MISMATCH)", chain->entries,
         Clock::now() - verify_start);

  const Clock::time_point accepted_start = Clock::now();
  auto protocols = store.AcceptedProtocols();
  if (!protocols.has_value()) {
    return Fail(protocols.error());
  }
  Report("AcceptedProtocols", static_cast<int64_t>(protocols->size()),
         Clock::now() - accepted_start);
  protocols->clear();
  protocols->shrink_to_fit();

  const Clock::time_point each_start = Clock::now();
  int64_t visited = 0;
  int64_t valid_ballots = 0;
  const esep::Status each = store.ForEachAccepted([&](const esep::protocol::Protocol& protocol) {
    ++visited;
    valid_ballots += protocol.valid_ballots;
  });
  if (!each.ok()) {
    return Fail(each);
  }
  Report("ForEachAccepted", visited, Clock::now() - each_start);

  // A second handle, as a later command would open the store: the first call reads the
  // in-memory index of keys.
  auto reopened = esep::storage::OpenSqliteStore(store_path);
  if (!reopened.has_value()) {
    return Fail(reopened.error());
  }
  const Clock::time_point counts_start = Clock::now();
  auto counts = (*reopened)->CountSubmissions();
  if (!counts.has_value()) {
    return Fail(counts.error());
  }
  Report("CountSubmissions (new handle)", counts->total(), Clock::now() - counts_start);
  const Clock::time_point open_start = Clock::now();
  auto open = (*reopened)->OpenCorrections();
  if (!open.has_value()) {
    return Fail(open.error());
  }
  Report("OpenCorrections", static_cast<int64_t>(open->size()), Clock::now() - open_start);
  fmt::print("valid ballots {}, {} accepted, {} unchanged, {} rejected\n", valid_ballots,
             counts->accepted, counts->unchanged, counts->rejected);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    fmt::print(stderr,
               "usage: store_throughput PROTOCOLS_CSV STORE [BATCH_SIZE [DEFINITION_FILE...]]\n");
    return 64;
  }
  const long batch_size = argc >= 4 ? std::atol(argv[3]) : 100000;
  const std::vector<std::string> definition_paths(argv + std::min(argc, 4), argv + argc);
  if (batch_size < 1) {
    fmt::print(stderr, "store_throughput: BATCH_SIZE must be 1 or more\n");
    return 64;
  }
  try {
    return Run(argv[1], argv[2], static_cast<size_t>(batch_size), definition_paths);
  } catch (const std::exception& error) {
    // Our code does not throw; this catches the standard library's (bad_alloc) at the edge.
    fmt::print(stderr, "store_throughput: {}\n", error.what());
    return 70;
  }
}
