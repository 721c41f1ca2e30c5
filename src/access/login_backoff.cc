#include "access/login_backoff.h"

#include <algorithm>

namespace esep::access {

namespace {

constexpr size_t kMaxKeyBytes = 64;

std::string KeyOf(std::string_view text) { return std::string(text.substr(0, kMaxKeyBytes)); }

}  // namespace

LoginBackoff::LoginBackoff(LoginBackoffOptions options) : options_(options) {}

std::chrono::seconds LoginBackoff::DelayAfter(const BackoffPolicy& policy, int failures) {
  if (failures <= policy.free_failures) {
    return std::chrono::seconds{0};
  }
  // Doubling from first_delay; the exponent is bounded before shifting so nothing overflows.
  const int doublings = std::min(failures - policy.free_failures - 1, 30);
  const std::chrono::seconds delay = policy.first_delay * (int64_t{1} << doublings);
  return std::min(delay, policy.max_delay);
}

std::chrono::seconds LoginBackoff::Wait(const BackoffPolicy& policy, const Table& table,
                                        std::string_view key, std::chrono::sys_seconds now) {
  const auto found = table.find(KeyOf(key));
  if (found == table.end() || now - found->second.last_failure >= policy.forget_after) {
    return std::chrono::seconds{0};
  }
  const std::chrono::sys_seconds until =
      found->second.last_failure + DelayAfter(policy, found->second.failures);
  return std::max(until - now, std::chrono::seconds{0});
}

void LoginBackoff::Record(const BackoffPolicy& policy, Table& table, std::string_view key,
                          std::chrono::sys_seconds now) {
  std::string table_key = KeyOf(key);
  auto found = table.find(table_key);
  if (found == table.end() && table.size() >= policy.max_keys) {
    // Full: drop what age has forgotten, then, if need be, the oldest failure.
    std::erase_if(table, [&](const Table::value_type& entry) {
      return now - entry.second.last_failure >= policy.forget_after;
    });
    if (!table.empty() && table.size() >= policy.max_keys) {
      const auto oldest =
          std::min_element(table.begin(), table.end(), [](const auto& a, const auto& b) {
            return a.second.last_failure < b.second.last_failure;
          });
      table.erase(oldest);
    }
  }
  if (found == table.end()) {
    found = table.emplace(std::move(table_key), Entry{}).first;
  }
  Entry& entry = found->second;
  if (entry.failures > 0 && now - entry.last_failure >= policy.forget_after) {
    entry.failures = 0;
  }
  entry.failures = std::min(entry.failures + 1, 1'000'000);
  entry.last_failure = now;
}

BackoffDecision LoginBackoff::Check(std::string_view login_name, std::string_view address,
                                    std::chrono::sys_seconds now) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  const std::chrono::seconds wait = std::max(Wait(options_.per_name, names_, login_name, now),
                                             Wait(options_.per_address, addresses_, address, now));
  return {.allowed = wait.count() == 0, .retry_after = wait};
}

void LoginBackoff::RecordFailure(std::string_view login_name, std::string_view address,
                                 std::chrono::sys_seconds now) {
  const std::lock_guard<std::mutex> lock(mutex_);
  Record(options_.per_name, names_, login_name, now);
  Record(options_.per_address, addresses_, address, now);
}

void LoginBackoff::RecordSuccess(std::string_view login_name) {
  const std::lock_guard<std::mutex> lock(mutex_);
  names_.erase(KeyOf(login_name));
}

size_t LoginBackoff::names_held() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return names_.size();
}

size_t LoginBackoff::addresses_held() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return addresses_.size();
}

}  // namespace esep::access
