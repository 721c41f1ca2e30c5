// HelperThread: a second thread that runs one job at a time for the store's Submit: it inserts
// one chunk's rows and validates the chunk after next while the caller's thread decides and
// chains. One thread for the store's life (a new thread per chunk costs page faults and malloc
// arenas). Start and Wait are called from one thread only.

#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace esep::storage::internal {

class HelperThread {
 public:
  HelperThread() = default;
  HelperThread(const HelperThread&) = delete;
  HelperThread& operator=(const HelperThread&) = delete;
  // Stops the thread after the running job, if any.
  ~HelperThread();

  // Runs `job` on the helper thread. REQUIRES: no job is running (Wait() was called).
  void Start(std::function<void()> job);

  // Waits until the job started last has finished (returns at once if none runs).
  void Wait();

 private:
  void Loop();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  std::function<void()> job_;
  bool running_ = false;
  bool stop_ = false;
  std::thread thread_;  // last: started after, and joined before, the members above go
};

}  // namespace esep::storage::internal
