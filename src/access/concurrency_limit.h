// ConcurrencyLimit: a counting semaphore whose waiters give up. At most `slots` holders at once;
// a caller that cannot get a slot within its wait gets kResourceExhausted (HTTP 429) instead of
// queueing without bound. The password hasher uses one so that a flood of logins cannot run more
// Argon2id hashes at once than there is memory for (password_hasher.h).
//
// Thread-safe. A Slot must not outlive its ConcurrencyLimit.

#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "base/result.h"

namespace esep::access {

class ConcurrencyLimit {
 public:
  // A held slot, returned when destroyed. Move-only.
  class Slot {
   public:
    Slot(Slot&& other) noexcept : owner_(other.owner_) { other.owner_ = nullptr; }
    Slot& operator=(Slot&& other) = delete;
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot();

   private:
    friend class ConcurrencyLimit;
    explicit Slot(ConcurrencyLimit* owner) : owner_(owner) {}
    ConcurrencyLimit* owner_;
  };

  // REQUIRES: slots >= 1.
  explicit ConcurrencyLimit(int slots);
  ConcurrencyLimit(const ConcurrencyLimit&) = delete;
  ConcurrencyLimit& operator=(const ConcurrencyLimit&) = delete;

  // A slot, waiting at most `max_wait` for one; kResourceExhausted naming `what` when none came
  // free in time (a zero wait only takes a free slot).
  Result<Slot> Acquire(std::chrono::milliseconds max_wait, std::string_view what);

  int slots() const { return slots_; }
  int in_use() const;

 private:
  void Release();

  const int slots_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  int in_use_ = 0;  // guarded by mutex_
};

}  // namespace esep::access
