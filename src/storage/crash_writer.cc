// crash_writer STORE BATCH_SIZE MAX_BATCHES [bulk]: a test-only program for storage_test's crash
// test; "bulk" opens the store as a bulk import does (SqliteStoreOptions::bulk).
// It appends batches of consistent protocols "PEC 0000000", "PEC 0000001", ... to the store,
// continuing after those already there, and after each batch is committed prints the batch's
// last commission id on its own line. The test kills it with SIGKILL at random moments.

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <unistd.h>

#include "storage/internal/test_protocols.h"
#include "storage/sqlite_store.h"

namespace {

int Run(const std::string& path, int batch_size, int max_batches, bool bulk) {
  esep::Result<std::unique_ptr<esep::storage::Store>> store =
      esep::storage::OpenSqliteStore(path, {.bulk = bulk});
  if (!store.has_value()) {
    fmt::print(stderr, "crash_writer: {}\n", store.error().ToString());
    return 1;
  }
  esep::Result<int64_t> count = (*store)->ProtocolCount();
  if (!count.has_value()) {
    fmt::print(stderr, "crash_writer: {}\n", count.error().ToString());
    return 1;
  }
  int64_t next = *count;
  for (int b = 0; b < max_batches; ++b) {
    std::vector<esep::protocol::Submission> batch;
    for (int i = 0; i < batch_size; ++i) {
      const std::string id = fmt::format("PEC {:07}", next + i);
      batch.push_back(
          esep::protocol::Submission{esep::storage::internal::ConsistentProtocol(id, i % 7),
                                     std::nullopt, fmt::format("crash:{}", next + i)});
    }
    auto results = (*store)->Submit(batch, esep::storage::internal::KzRatios());
    if (!results.has_value()) {
      fmt::print(stderr, "crash_writer: {}\n", results.error().ToString());
      return 1;
    }
    for (const esep::storage::SubmitResult& result : *results) {
      if (result.outcome != esep::storage::Outcome::kAccepted) {
        fmt::print(stderr, "crash_writer: not accepted: {}\n", result.reason);
        return 2;
      }
    }
    next += batch_size;
    // One write() per line: the reader never sees half an acknowledgement.
    const std::string line = batch.back().protocol.commission_id + "\n";
    if (write(STDOUT_FILENO, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
      return 3;
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const bool bulk = argc == 5 && std::string(argv[4]) == "bulk";
  if (argc != 4 && !bulk) {
    fmt::print(stderr, "usage: crash_writer STORE BATCH_SIZE MAX_BATCHES [bulk]\n");
    return 64;
  }
  try {
    return Run(argv[1], std::atoi(argv[2]), std::atoi(argv[3]), bulk);
  } catch (const std::exception& error) {
    // Our code does not throw; this catches the standard library's (bad_alloc) at the edge.
    fmt::print(stderr, "crash_writer: {}\n", error.what());
    return 70;
  }
}
