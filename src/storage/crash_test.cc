// Kills a real writer process (crash_writer) with SIGKILL at random moments and checks that
// the store keeps every acknowledged batch, holds no partial batch, and still verifies.

#include <chrono>
#include <random>
#include <set>
#include <string>
#include <thread>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "storage/internal/store_test_util.h"
#include "storage/sqlite_store.h"

namespace esep::storage {
namespace {

// More than the store's 32 rows per INSERT statement, so that kills land inside multi-row
// inserts too.
constexpr int kBatchSize = 100;
constexpr int kRounds = 8;

struct RunOutcome {
  std::vector<std::string> acknowledged;  // complete lines only
  int wait_status = 0;
};

// Starts crash_writer on `path`, kills it with SIGKILL after `delay`, and returns what it
// acknowledged before dying. With `after_first_ack`, the delay starts when the writer has
// acknowledged its first batch (or after 30 s): on a loaded machine a fixed delay can end before
// the writer has committed anything, and the kill would then never come while batches are
// being written, which is what the test is about.
RunOutcome RunAndKill(const std::string& path, std::chrono::milliseconds delay, bool bulk,
                      bool after_first_ack) {
  RunOutcome outcome;
  int out[2];
  if (pipe(out) != 0) {
    ADD_FAILURE() << "pipe failed";
    return outcome;
  }
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    const std::string batch = std::to_string(kBatchSize);
    execl(ESEP_CRASH_WRITER, "crash_writer", path.c_str(), batch.c_str(), "1000000",
          bulk ? "bulk" : nullptr, nullptr);
    _exit(127);
  }
  close(out[1]);
  std::string text;
  char buffer[4096];
  if (after_first_ack) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (text.find('\n') == std::string::npos && std::chrono::steady_clock::now() < give_up) {
      pollfd ready{.fd = out[0], .events = POLLIN, .revents = 0};
      if (poll(&ready, 1, 100) > 0) {
        const ssize_t n = read(out[0], buffer, sizeof buffer);
        if (n <= 0) {
          break;
        }
        text.append(buffer, static_cast<size_t>(n));
      }
    }
  }
  std::this_thread::sleep_for(delay);
  kill(pid, SIGKILL);
  waitpid(pid, &outcome.wait_status, 0);
  for (ssize_t n; (n = read(out[0], buffer, sizeof buffer)) > 0;) {
    text.append(buffer, static_cast<size_t>(n));
  }
  close(out[0]);
  for (size_t start = 0, end; (end = text.find('\n', start)) != std::string::npos;
       start = end + 1) {
    outcome.acknowledged.push_back(text.substr(start, end - start));
  }
  return outcome;
}

// Kills a writer (opened as a bulk import opens the store, when `bulk`) again and again, and
// checks the store after each kill.
void KillNineLosesNoAcknowledgedBatchAndLeavesNoneHalfWritten(bool bulk) {
  internal::TempStorePath file;
  const unsigned seed = std::random_device{}();
  SCOPED_TRACE(fmt::format("seed {}", seed));
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> delay_ms(10, 120);
  std::set<std::string> acknowledged;
  size_t total = 0;
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE(fmt::format("round {}", round));
    // The first kill may come at any moment, even before the store exists; the others once the
    // writer is writing.
    const RunOutcome run = RunAndKill(file.path(), std::chrono::milliseconds(delay_ms(random)),
                                      bulk, /*after_first_ack=*/round > 0);
    // Killed, not exited: an early exit would mean the writer failed, not that it was cut off.
    ASSERT_TRUE(WIFSIGNALED(run.wait_status) && WTERMSIG(run.wait_status) == SIGKILL)
        << "crash_writer ended with status " << run.wait_status;
    acknowledged.insert(run.acknowledged.begin(), run.acknowledged.end());

    Result<std::unique_ptr<Store>> store = OpenSqliteStore(file.path());
    ASSERT_TRUE(store.has_value()) << store.error().ToString();
    Result<std::vector<protocol::Protocol>> protocols = (*store)->AcceptedProtocols();
    ASSERT_TRUE(protocols.has_value()) << protocols.error().ToString();
    // Whole batches only, numbered without a gap from 0.
    EXPECT_EQ(protocols->size() % kBatchSize, 0u) << protocols->size() << " protocols";
    std::set<std::string> present;
    for (size_t i = 0; i < protocols->size(); ++i) {
      EXPECT_EQ((*protocols)[i].commission_id, fmt::format("PEC {:07}", i));
      present.insert((*protocols)[i].commission_id);
    }
    for (const std::string& id : acknowledged) {
      EXPECT_TRUE(present.count(id) == 1) << id << " was acknowledged but is missing";
    }
    total = protocols->size();
  }
  // The chain and the submissions log after all the kills (append-only: what verifies now
  // verified after each kill).
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(file.path());
  ASSERT_TRUE(store.has_value()) << store.error().ToString();
  Result<ChainReport> chain = (*store)->VerifyChain();
  ASSERT_TRUE(chain.has_value()) << chain.error().ToString();
  EXPECT_TRUE(chain->ok()) << chain->mismatch->what;
  EXPECT_EQ(chain->entries, static_cast<int64_t>(total));
  EXPECT_EQ((*store)->Submissions()->size(), total);
  // The kills must have come while batches were being written, not before the first.
  EXPECT_GT(acknowledged.size(), static_cast<size_t>(kRounds / 2));
}

TEST(CrashTest, KillNineLosesNoAcknowledgedBatchAndLeavesNoneHalfWritten) {
  KillNineLosesNoAcknowledgedBatchAndLeavesNoneHalfWritten(/*bulk=*/false);
}

// The same for a bulk import's writer, which commits through SQLite's rollback journal: a kill
// during a commit leaves a hot journal, and the next open must roll it back.
TEST(CrashTest, KillNineOfABulkWriterLosesNoAcknowledgedBatchAndLeavesNoneHalfWritten) {
  KillNineLosesNoAcknowledgedBatchAndLeavesNoneHalfWritten(/*bulk=*/true);
}

}  // namespace
}  // namespace esep::storage
