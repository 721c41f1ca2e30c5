// PublishSchedule: Publish on a cadence during the count — at once, then every interval, on a
// thread of its own, skipping rounds in which the store did not change — until stopped. What
// `esep publish --every` and `esep serve --site DIR --publish-every` run.
//
// Example:
//   PublishSchedule schedule(request, std::chrono::minutes(5),
//                            [](const Result<PublishOutcome>& round) { print(round); });
//   ...
//   schedule.Stop();  // a round in progress stops before it writes, or finishes writing

#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "service/publish.h"

namespace esep::service {

class PublishSchedule {
 public:
  using Report = std::function<void(const Result<PublishOutcome>&)>;

  // Starts the thread. `request.skip_unchanged` is set: a round with nothing new writes nothing.
  // `report` is called on that thread after every round, with its outcome or its error (a round
  // that fails does not stop the schedule: the next one tries again).
  PublishSchedule(PublishRequest request, std::chrono::seconds interval, Report report);
  PublishSchedule(const PublishSchedule&) = delete;
  PublishSchedule& operator=(const PublishSchedule&) = delete;
  ~PublishSchedule();

  // Cancels the round in progress at its next step (a version being written is finished: none
  // is ever left half written), waits for it, and ends the thread. Idempotent.
  void Stop();

 private:
  void Run();

  PublishRequest request_;
  std::chrono::seconds interval_;
  Report report_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::atomic<bool> cancel_ = false;
  std::thread thread_;
};

}  // namespace esep::service
