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
#include <span>
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

// What parsing and submitting the file took; the two are timed apart.
struct ImportFigures {
  int64_t submitted = 0;
  int64_t accepted = 0;
  Clock::duration import_time{};  // parse + Submit
  Clock::duration submit_time{};
  double import_cpu = 0;
  double submit_cpu = 0;
  double submit_thread_cpu = 0;  // of the calling thread: the critical path
};

// Parses `text` and submits its protocols in batches of `batch_size`, streaming, as an import
// would.
esep::Status ImportProtocols(const std::string& text, const std::string& csv_path, Store& store,
                             std::span<const esep::protocol::ControlRatio> ratios,
                             size_t batch_size, ImportFigures& figures) {
  std::vector<esep::protocol::Submission> batch;
  batch.reserve(batch_size);
  esep::Status submit_status;
  auto flush = [&] {
    if (batch.empty() || !submit_status.ok()) {
      return;
    }
    const Clock::time_point start = Clock::now();
    const double cpu_start = CpuSeconds();
    const double thread_start = ThreadCpuSeconds();
    auto results = store.Submit(batch, ratios);
    figures.submit_time += Clock::now() - start;
    figures.submit_cpu += CpuSeconds() - cpu_start;
    figures.submit_thread_cpu += ThreadCpuSeconds() - thread_start;
    if (!results.has_value()) {
      submit_status = results.error();
      return;
    }
    for (const esep::storage::SubmitResult& result : *results) {
      figures.accepted += result.outcome == esep::storage::Outcome::kAccepted ? 1 : 0;
    }
    figures.submitted += static_cast<int64_t>(batch.size());
    batch.clear();
  };
  const Clock::time_point import_start = Clock::now();
  const double cpu_start = CpuSeconds();
  const esep::Status read =
      esep::io::ReadProtocolCsv(text, csv_path, [&](esep::io::ProtocolRow&& row) {
        if (!row.protocol.has_value()) {
          return;
        }
        batch.push_back(esep::protocol::Submission{std::move(*row.protocol), std::nullopt,
                                                   fmt::format("{}:{}", csv_path, row.line)});
        if (batch.size() >= batch_size) {
          flush();
        }
      });
  flush();
  figures.import_time = Clock::now() - import_start;
  figures.import_cpu = CpuSeconds() - cpu_start;
  RETURN_IF_ERROR(read);
  return submit_status;
}

// The parse, Submit and combined lines; cpu_mark is set so each line shows its own CPU time.
void ReportImport(const ImportFigures& figures, size_t batch_size) {
  fmt::print("batch size {}, {} accepted\n", batch_size, figures.accepted);
  cpu_mark = CpuSeconds() - (figures.import_cpu - figures.submit_cpu);
  Report("parse (ReadProtocolCsv)", figures.submitted, figures.import_time - figures.submit_time);
  cpu_mark = CpuSeconds() - figures.submit_cpu;
  Report("Store::Submit", figures.submitted, figures.submit_time);
  fmt::print("  of which on the calling thread: cpu {:6.3f} s\n", figures.submit_thread_cpu);
  cpu_mark = CpuSeconds() - figures.import_cpu;
  Report("parse + Submit", figures.submitted, figures.import_time);
}

// Records the definition files, as an import with a definition does. Returns the exit code.
int RecordDefinition(Store& store, const std::vector<std::string>& definition_paths) {
  std::vector<esep::model::DefinitionFile> files;
  for (const std::string& path : definition_paths) {
    const std::optional<std::string> content = ReadFile(path);
    if (!content.has_value()) {
      fmt::print(stderr, "store_throughput: cannot read {}\n", path);
      return 1;
    }
    files.push_back({std::filesystem::path(path).filename().string(), *content});
  }
  // The rule set is what entry 1 commits to; the protocols are checked against kz-majilis-2023.
  const esep::Status recorded =
      store.SetDefinition(esep::model::DefinitionSha256(files), files, "kz-majilis-2023");
  return recorded.ok() ? 0 : Fail(recorded);
}

// Times the read paths a report or an export uses on the store just written.
esep::Status MeasureReads(Store& store, int64_t& valid_ballots) {
  const Clock::time_point verify_start = Clock::now();
  ASSIGN_OR_RETURN(const esep::storage::ChainReport chain, store.VerifyChain());
  Report(chain.ok() ? "VerifyChain (ok)" : "VerifyChain (MISMATCH)", chain.entries,
         Clock::now() - verify_start);

  const Clock::time_point accepted_start = Clock::now();
  ASSIGN_OR_RETURN(std::vector<esep::protocol::Protocol> protocols, store.AcceptedProtocols());
  Report("AcceptedProtocols", static_cast<int64_t>(protocols.size()),
         Clock::now() - accepted_start);
  protocols.clear();
  protocols.shrink_to_fit();

  const Clock::time_point each_start = Clock::now();
  int64_t visited = 0;
  RETURN_IF_ERROR(store.ForEachAccepted([&](const esep::protocol::Protocol& protocol) {
    ++visited;
    valid_ballots += protocol.valid_ballots;
  }));
  Report("ForEachAccepted", visited, Clock::now() - each_start);
  return esep::OkStatus();
}

// The counts a later command reads, through a second handle, as that command would open the
// store: its first call reads the in-memory index of keys.
esep::Status MeasureNewHandle(const std::string& store_path, int64_t valid_ballots) {
  ASSIGN_OR_RETURN(std::unique_ptr<Store> reopened, esep::storage::OpenSqliteStore(store_path));
  const Clock::time_point counts_start = Clock::now();
  ASSIGN_OR_RETURN(const esep::storage::SubmissionCounts counts, reopened->CountSubmissions());
  Report("CountSubmissions (new handle)", counts.total(), Clock::now() - counts_start);
  const Clock::time_point open_start = Clock::now();
  ASSIGN_OR_RETURN(const std::vector<esep::storage::ProtocolKey> open, reopened->OpenCorrections());
  Report("OpenCorrections", static_cast<int64_t>(open.size()), Clock::now() - open_start);
  fmt::print("valid ballots {}, {} accepted, {} unchanged, {} rejected\n", valid_ballots,
             counts.accepted, counts.unchanged, counts.rejected);
  return esep::OkStatus();
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
  // The definition is the chain's first entry, before any protocol.
  if (!definition_paths.empty()) {
    if (const int code = RecordDefinition(store, definition_paths); code != 0) {
      return code;
    }
  }
  ImportFigures figures;
  cpu_mark = CpuSeconds();
  if (const esep::Status imported =
          ImportProtocols(*text, csv_path, store, *ratios, batch_size, figures);
      !imported.ok()) {
    return Fail(imported);
  }
  ReportImport(figures, batch_size);
  if (std::getenv("STORE_THROUGHPUT_SUBMIT_ONLY") != nullptr) {
    return 0;
  }
  int64_t valid_ballots = 0;
  if (const esep::Status read = MeasureReads(store, valid_ballots); !read.ok()) {
    return Fail(read);
  }
  if (const esep::Status reopened = MeasureNewHandle(store_path, valid_ballots); !reopened.ok()) {
    return Fail(reopened);
  }
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
