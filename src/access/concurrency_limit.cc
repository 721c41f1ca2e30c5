#include "access/concurrency_limit.h"

#include <cassert>

#include <fmt/format.h>

namespace esep::access {

ConcurrencyLimit::Slot::~Slot() {
  if (owner_ != nullptr) {
    owner_->Release();
  }
}

ConcurrencyLimit::ConcurrencyLimit(int slots) : slots_(slots) { assert(slots >= 1); }

Result<ConcurrencyLimit::Slot> ConcurrencyLimit::Acquire(std::chrono::milliseconds max_wait,
                                                         std::string_view what) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (!freed_.wait_for(lock, max_wait, [this] { return in_use_ < slots_; })) {
    return ResourceExhaustedError(
        fmt::format("too many {} at once ({} running); try again in a moment", what, slots_));
  }
  ++in_use_;
  return Slot(this);
}

int ConcurrencyLimit::in_use() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return in_use_;
}

void ConcurrencyLimit::Release() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    --in_use_;
  }
  freed_.notify_one();
}

}  // namespace esep::access
