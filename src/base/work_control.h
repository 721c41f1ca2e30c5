// WorkControl: what the caller of a long operation (an import, a tally, an audit) hands it so
// that the operation never prints and never runs unstoppably: where to report progress and a
// flag that asks it to stop. A terminal draws the progress as a bar; a server will publish it
// and set the flag when a client goes away or the server shuts down.
//
// The operation calls Report often (every row is fine: the callback decides how often to draw)
// and checks Cancelled() at safe points, where stopping leaves nothing half-applied; it then
// returns CancelledError. A default WorkControl reports nowhere and is never cancelled.
//
// Example:
//   std::atomic<bool> stop = false;
//   WorkControl control([](const Progress& p) { Draw(p.task, p.done, p.total); }, &stop);
//   ASSIGN_OR_RETURN(ImportOutcome outcome, service::Import(request, control));

#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string_view>

#include "base/status.h"

namespace esep {

struct Progress {
  std::string_view task;  // what is being worked through, e.g. the file being read
  int64_t done = 0;
  int64_t total = 0;      // 0 when unknown
  bool finished = false;  // the last report of this task
};

class WorkControl {
 public:
  WorkControl() = default;
  // `cancel`, when given, must outlive the operation; the caller sets it from any thread.
  explicit WorkControl(std::function<void(const Progress&)> on_progress,
                       const std::atomic<bool>* cancel = nullptr)
      : on_progress_(std::move(on_progress)), cancel_(cancel) {}

  void Report(const Progress& progress) const {
    if (on_progress_) {
      on_progress_(progress);
    }
  }

  bool cancelled() const { return cancel_ != nullptr && cancel_->load(std::memory_order_relaxed); }

  // CancelledError naming `what` was stopped when cancelled, OkStatus otherwise.
  Status CheckCancelled(std::string_view what) const;

 private:
  std::function<void(const Progress&)> on_progress_;
  const std::atomic<bool>* cancel_ = nullptr;
};

}  // namespace esep
