// SharedStore: the one store of `esep serve`, shared by the server's worker threads.
//
// A storage::Store is not thread-safe (one SQLite connection). The server keeps exactly one,
// opened for writing, behind a mutex: every handler runs its store work inside With(), one at a
// time. Why one guarded connection rather than one per thread: every write of the server appends
// to the one hash chain and is serialised by SQLite anyway (one writer at a time), a request's
// store work is short (a few row reads or one small transaction), and a single connection keeps
// the accounts, sessions and chain consistent without cross-connection retries (SQLITE_BUSY)
// or per-thread state. Slow work that does not need the store (Argon2id hashing) is done outside
// With(), so a login does not hold the store for a hash's time. If reads ever contend, the next
// step is read-only connections per worker beside this writer (WAL lets them read meanwhile).
// The double-entry commands are the exception: they are group-committed by
// service::EntryCommitter on a connection of its own (ApiContext::committer), so that this one is
// not held for a batch's sync to disk.
//
// Thread-safe.
//
// Example:
//   SharedStore shared(std::move(store));
//   Result<std::optional<storage::StoredUser>> user =
//       shared.With([&](storage::Store& s) { return s.FindUserById(id); });

#pragma once

#include <memory>
#include <mutex>
#include <utility>

#include "storage/store.h"

namespace esep::server {

class SharedStore {
 public:
  // REQUIRES: store != nullptr.
  explicit SharedStore(std::unique_ptr<storage::Store> store);
  SharedStore(const SharedStore&) = delete;
  SharedStore& operator=(const SharedStore&) = delete;

  // Runs `work(store)` holding the store's lock and returns what it returns. `work` must not
  // call With() again (the lock is not recursive).
  template <typename Work>
  auto With(Work&& work) {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::forward<Work>(work)(*store_);
  }

  // Takes the store back (to close it) once no thread uses it any more.
  std::unique_ptr<storage::Store> Release();

 private:
  std::mutex mutex_;
  std::unique_ptr<storage::Store> store_;  // guarded by mutex_
};

}  // namespace esep::server
