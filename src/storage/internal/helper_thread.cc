#include "storage/internal/helper_thread.h"

#include <utility>

namespace esep::storage::internal {

HelperThread::~HelperThread() {
  if (thread_.joinable()) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
}

void HelperThread::Start(std::function<void()> job) {
  if (!thread_.joinable()) {
    thread_ = std::thread([this] { Loop(); });
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    job_ = std::move(job);
    running_ = true;
  }
  wake_.notify_all();
}

void HelperThread::Wait() {
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [this] { return !running_; });
}

void HelperThread::Loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return stop_ || job_ != nullptr; });
    if (stop_) {
      return;
    }
    std::function<void()> job = std::move(job_);
    job_ = nullptr;
    lock.unlock();
    job();
    lock.lock();
    running_ = false;
    done_.notify_all();
  }
}

}  // namespace esep::storage::internal
