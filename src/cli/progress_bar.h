// A progress bar for long work, drawn on standard error only when it is a terminal that is not
// TERM=dumb (so logs and pipes never receive \r or escape codes). Redraws at most ten times a
// second, so calling Update for every row costs a clock read.
//
// Example:
//   ProgressBar bar("protocols.csv", total_rows);
//   for (...) { bar.Update(++done); }
//   bar.Finish();

#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "base/work_control.h"

namespace esep::cli {

class ProgressBar {
 public:
  // `enabled` defaults to whether standard error is a terminal.
  ProgressBar(std::string label, int64_t total);
  ProgressBar(std::string label, int64_t total, bool enabled);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void Update(int64_t done);
  // Draws the final state and ends the line. Called by the destructor if not before.
  void Finish();

  // The line drawn for `done` of `total` after `seconds`, e.g.
  // "protocols.csv [#########           ]  45%  900,000 of 2,000,000  250,000/s".
  static std::string Render(const std::string& label, int64_t done, int64_t total, double seconds);

 private:
  void Draw(int64_t done);

  std::string label_;
  int64_t total_;
  bool enabled_;
  bool finished_ = false;
  int64_t done_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

// Draws a library operation's Progress reports: one bar per task, on standard error, only when
// it is a terminal and `enabled` (the commands' --no-progress turns it off).
//
// Example:
//   ProgressDisplay progress(!flags.no_progress);
//   service::Import(request, callbacks, progress.Control());
class ProgressDisplay {
 public:
  explicit ProgressDisplay(bool enabled);

  void Show(const Progress& progress);
  // A WorkControl that reports here; it refers to this display, which must outlive it.
  WorkControl Control(const std::atomic<bool>* cancel = nullptr);

 private:
  bool enabled_;
  std::string task_;
  std::unique_ptr<ProgressBar> bar_;
};

}  // namespace esep::cli
