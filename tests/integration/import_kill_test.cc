// kill -9 during a real `esep import`: the process is killed at random moments, again and again,
// and after every kill the store must hold every submission the import acknowledged (printed
// "committed: N" after the COMMIT), no half batch, and a chain that verifies. A last import
// then completes the election and `esep verify` recomputes it exactly.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "integration/command_runner.h"
#include "storage/sqlite_store.h"

namespace esep {
namespace {

using testing::CommandOutput;
using testing::RunEsep;

constexpr int64_t kBatch = 50;

// The last "committed: N submissions" the import printed, or 0.
int64_t LastAcknowledged(const std::string& stdout_path) {
  std::ifstream in(stdout_path);
  int64_t last = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("committed: ")) {
      last = std::stoll(line.substr(11));
    }
  }
  return last;
}

// Starts `esep import` with stdout to `stdout_path`; returns its pid.
pid_t StartImport(const std::string& db, const std::string& directory,
                  const std::string& stdout_path) {
  const pid_t pid = fork();
  if (pid == 0) {
    const int out = ::open(stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(out, STDOUT_FILENO);
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, STDERR_FILENO);
    const std::string batch = std::to_string(kBatch);
    ::execl(ESEP_BINARY, ESEP_BINARY, "import", "--db", db.c_str(), directory.c_str(), "--batch",
            batch.c_str(), "--print-commits", "--no-progress", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

TEST(ImportKillTest, KillNineNeverLosesAnAcknowledgedProtocolNorLeavesHalfABatch) {
  const std::string tag = std::to_string(::getpid());  // several copies may run at once
  const std::string directory = ::testing::TempDir() + "esep-kill-election-" + tag;
  std::filesystem::remove_all(directory);
  ASSERT_EQ(RunEsep("generate --precincts 10000 --seed 11 --out '" + directory + "'").exit_code, 0);
  const int64_t rows = 20000;
  const std::string db = ::testing::TempDir() + "esep-kill-" + tag + ".db";
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(db + suffix);
  }
  const std::string out = ::testing::TempDir() + "esep-kill-" + tag + ".out";

  // Each run is killed right after the import has acknowledged k batches, k drawn anew each
  // time, plus a random few hundred microseconds: the kill lands mid-import, between or inside
  // commits, whatever the machine's load (a timer alone misses when the machine is busy).
  std::mt19937 random(20231903);
  std::uniform_int_distribution<int64_t> batches_before_kill(1, rows / kBatch * 3 / 4);
  std::uniform_int_distribution<int> extra_us(0, 800);
  int64_t acknowledged_total = 0;  // over every run: each run re-submits from the first row
  int killed_mid_import = 0;
  for (int run = 0; run < 10; ++run) {
    const int64_t wait_for = batches_before_kill(random) * kBatch;
    std::ofstream(out, std::ios::trunc).close();  // no earlier run's acknowledgements
    const pid_t pid = StartImport(db, directory, out);
    ASSERT_GT(pid, 0);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    int status = 0;
    pid_t ended = 0;  // the child, once it has ended on its own (it should not)
    while (LastAcknowledged(out) < wait_for && std::chrono::steady_clock::now() < deadline &&
           (ended = ::waitpid(pid, &status, WNOHANG)) == 0) {
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    if (ended == 0) {
      std::this_thread::sleep_for(std::chrono::microseconds(extra_us(random)));
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
    }
    const int64_t acknowledged = LastAcknowledged(out);
    acknowledged_total += acknowledged;
    if (WIFSIGNALED(status) && acknowledged > 0 && acknowledged < rows) {
      ++killed_mid_import;
    }

    Result<std::unique_ptr<storage::Store>> store = storage::OpenSqliteStore(db);
    if (!store.has_value()) {
      // Killed before the store file was created: nothing was acknowledged.
      EXPECT_EQ(acknowledged, 0) << store.error().message();
      continue;
    }
    Result<storage::ChainReport> chain = (*store)->VerifyChain();
    ASSERT_TRUE(chain.has_value()) << chain.error().message();
    EXPECT_TRUE(chain->ok()) << "run " << run << ": " << chain->mismatch->what;
    Result<storage::SubmissionCounts> counts = (*store)->CountSubmissions();
    ASSERT_TRUE(counts.has_value()) << counts.error().message();
    const int64_t kept = counts->accepted + counts->unchanged + counts->rejected;
    EXPECT_EQ(counts->rejected, 0);
    EXPECT_GE(kept, acknowledged_total) << "run " << run << ": an acknowledged batch was lost";
    EXPECT_EQ(kept % kBatch, 0) << "run " << run << ": half a batch was stored";
    acknowledged_total = kept;  // a batch committed but killed before its acknowledgement counts
    EXPECT_LE(counts->accepted, rows);
  }
  EXPECT_GE(killed_mid_import, 3) << "too few kills landed between two commits to test anything";

  const CommandOutput finished =
      RunEsep("import --db '" + db + "' '" + directory + "' --no-progress");
  ASSERT_EQ(finished.exit_code, 0) << finished.out << finished.err;
  const CommandOutput verified = RunEsep("verify --db '" + db + "'");
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  Result<std::unique_ptr<storage::Store>> store = storage::OpenSqliteStore(db);
  ASSERT_TRUE(store.has_value());
  EXPECT_EQ(*(*store)->ProtocolCount(), rows);
  store->reset();
  std::filesystem::remove_all(directory);
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(db + suffix);
  }
  std::filesystem::remove(out);
}

}  // namespace
}  // namespace esep
