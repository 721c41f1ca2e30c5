#include "service/publish_schedule.h"

#include <utility>

namespace esep::service {

PublishSchedule::PublishSchedule(PublishRequest request, std::chrono::seconds interval,
                                 Report report)
    : request_(std::move(request)), interval_(interval), report_(std::move(report)) {
  request_.skip_unchanged = true;
  thread_ = std::thread([this] { Run(); });
}

PublishSchedule::~PublishSchedule() { Stop(); }

void PublishSchedule::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  cancel_ = true;
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void PublishSchedule::Run() {
  while (true) {
    const Result<PublishOutcome> round = Publish(request_, WorkControl({}, &cancel_));
    if (!round.has_value() && round.status().code() == StatusCode::kCancelled) {
      return;
    }
    if (report_) {
      report_(round);
    }
    std::unique_lock<std::mutex> lock(mutex_);
    if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
      return;
    }
  }
}

}  // namespace esep::service
