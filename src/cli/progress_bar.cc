#include "cli/progress_bar.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include <fmt/format.h>
#include <unistd.h>

#include "base/text.h"

namespace esep::cli {

namespace {

constexpr int kWidth = 24;
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);

// A bar redraws its line with \r and clears it with an escape sequence: only a terminal that
// understands them gets one. Redirected to a file or a pipe, or on TERM=dumb (an editor's
// shell, some CI logs), nothing is drawn, so a log holds no control bytes.
bool StandardErrorDrawsBars() {
  if (isatty(STDERR_FILENO) != 1) {
    return false;
  }
  const char* term = std::getenv("TERM");
  return term == nullptr || std::string_view(term) != "dumb";
}

}  // namespace

ProgressBar::ProgressBar(std::string label, int64_t total)
    : ProgressBar(std::move(label), total, StandardErrorDrawsBars()) {}

ProgressBar::ProgressBar(std::string label, int64_t total, bool enabled)
    : label_(std::move(label)),
      total_(total),
      enabled_(enabled),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

ProgressBar::~ProgressBar() { Finish(); }

std::string ProgressBar::Render(const std::string& label, int64_t done, int64_t total,
                                double seconds) {
  const int64_t bounded = std::clamp<int64_t>(done, 0, std::max<int64_t>(total, 0));
  const int filled = total > 0 ? static_cast<int>(bounded * kWidth / total) : 0;
  const int64_t percent = total > 0 ? bounded * 100 / total : 0;
  const std::string rate =
      seconds > 0 ? GroupThousands(static_cast<int64_t>(static_cast<double>(done) / seconds)) : "-";
  return fmt::format("{} [{}{}] {:>3}%  {} of {}  {}/s", label, std::string(filled, '#'),
                     std::string(kWidth - filled, ' '), percent, GroupThousands(done),
                     GroupThousands(total), rate);
}

void ProgressBar::Update(int64_t done) {
  done_ = done;
  if (!enabled_) {
    return;
  }
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ >= kRedrawEvery) {
    last_draw_ = now;
    Draw(done);
  }
}

void ProgressBar::Draw(int64_t done) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  // \r returns to the start of the line; \x1b[K clears what a longer earlier line left.
  std::fputs(fmt::format("\r{}\x1b[K", Render(label_, done, total_, seconds)).c_str(), stderr);
  std::fflush(stderr);
}

void ProgressBar::Finish() {
  if (finished_) {
    return;
  }
  finished_ = true;
  if (enabled_) {
    Draw(done_);
    std::fputc('\n', stderr);
  }
}

ProgressDisplay::ProgressDisplay(bool enabled) : enabled_(enabled && StandardErrorDrawsBars()) {}

void ProgressDisplay::Show(const Progress& progress) {
  if (!enabled_) {
    return;
  }
  if (bar_ == nullptr || task_ != progress.task) {
    task_ = std::string(progress.task);
    bar_ = std::make_unique<ProgressBar>(task_, progress.total, true);
  }
  bar_->Update(progress.done);
  if (progress.finished) {
    bar_->Finish();
    bar_.reset();
  }
}

WorkControl ProgressDisplay::Control(const std::atomic<bool>* cancel) {
  return WorkControl([this](const Progress& progress) { Show(progress); }, cancel);
}

}  // namespace esep::cli
