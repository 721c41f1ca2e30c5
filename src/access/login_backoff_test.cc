#include "access/login_backoff.h"

#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace esep::access {
namespace {

using std::chrono::hours;
using std::chrono::seconds;
using std::chrono::sys_seconds;

constexpr sys_seconds kT0{seconds{1'700'000'000}};

TEST(LoginBackoffTest, DelaysDoubleAfterTheFreeFailuresUpToTheCap) {
  const BackoffPolicy name_policy;
  const int expected[] = {0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300};
  for (int failures = 0; failures < 15; ++failures) {
    EXPECT_EQ(LoginBackoff::DelayAfter(name_policy, failures), seconds{expected[failures]})
        << failures;
  }
  EXPECT_EQ(LoginBackoff::DelayAfter(name_policy, 1'000'000), seconds{300});
  const LoginBackoffOptions options;
  EXPECT_EQ(options.per_address.free_failures, 10);
  EXPECT_EQ(LoginBackoff::DelayAfter(options.per_address, 10), seconds{0});
  EXPECT_EQ(LoginBackoff::DelayAfter(options.per_address, 11), seconds{1});
}

TEST(LoginBackoffTest, ANameIsHeldBackAfterThreeFailures) {
  LoginBackoff backoff;
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(backoff.Check("aigerim", "10.0.0.1", kT0).allowed);
    backoff.RecordFailure("aigerim", "10.0.0.1", kT0);
  }
  EXPECT_TRUE(backoff.Check("aigerim", "10.0.0.1", kT0).allowed);
  backoff.RecordFailure("aigerim", "10.0.0.1", kT0);  // the 4th: 1 s
  BackoffDecision decision = backoff.Check("aigerim", "10.0.0.2", kT0);
  EXPECT_FALSE(decision.allowed);  // from any address
  EXPECT_EQ(decision.retry_after, seconds{1});
  EXPECT_TRUE(backoff.Check("aigerim", "10.0.0.1", kT0 + seconds{1}).allowed);
  EXPECT_TRUE(backoff.Check("bolat", "10.0.0.1", kT0).allowed);    // another name
  backoff.RecordFailure("aigerim", "10.0.0.1", kT0 + seconds{1});  // the 5th: 2 s
  decision = backoff.Check("aigerim", "10.0.0.1", kT0 + seconds{2});
  EXPECT_FALSE(decision.allowed);
  EXPECT_EQ(decision.retry_after, seconds{1});
  EXPECT_TRUE(backoff.Check("aigerim", "10.0.0.1", kT0 + seconds{3}).allowed);
}

TEST(LoginBackoffTest, AnAddressIsHeldBackAfterTenFailuresUnderAnyNames) {
  LoginBackoff backoff;
  for (int i = 0; i < 11; ++i) {
    backoff.RecordFailure(fmt::format("name{}", i), "10.0.0.9", kT0);
  }
  const BackoffDecision decision = backoff.Check("someone-new", "10.0.0.9", kT0);
  EXPECT_FALSE(decision.allowed);
  EXPECT_EQ(decision.retry_after, seconds{1});
  EXPECT_TRUE(backoff.Check("someone-new", "10.0.0.10", kT0).allowed);
}

TEST(LoginBackoffTest, SuccessForgetsTheNameButNotTheAddress) {
  LoginBackoff backoff;
  for (int i = 0; i < 11; ++i) {
    backoff.RecordFailure("aigerim", "10.0.0.1", kT0);
  }
  backoff.RecordSuccess("aigerim");
  EXPECT_TRUE(backoff.Check("aigerim", "10.0.0.2", kT0).allowed);
  EXPECT_FALSE(backoff.Check("aigerim", "10.0.0.1", kT0).allowed);
}

TEST(LoginBackoffTest, FailuresAreForgottenAfterAnHour) {
  LoginBackoff backoff;
  for (int i = 0; i < 20; ++i) {
    backoff.RecordFailure("aigerim", "10.0.0.1", kT0);
  }
  EXPECT_EQ(backoff.Check("aigerim", "10.0.0.1", kT0 + seconds{299}).retry_after, seconds{1});
  EXPECT_TRUE(backoff.Check("aigerim", "10.0.0.1", kT0 + seconds{300}).allowed);
  // After an hour the count starts again: three free failures.
  const sys_seconds later = kT0 + hours{1};
  for (int i = 0; i < 3; ++i) {
    backoff.RecordFailure("aigerim", "10.0.0.1", later);
  }
  EXPECT_TRUE(backoff.Check("aigerim", "10.0.0.1", later).allowed);
}

TEST(LoginBackoffTest, UnknownAndKnownNamesAreTreatedAlike) {
  // The back-off never asks whether a name exists: the same failures give the same answers.
  LoginBackoff backoff;
  for (int i = 0; i < 6; ++i) {
    backoff.RecordFailure("exists", "10.0.0.1", kT0);
    backoff.RecordFailure("does-not-exist", "10.0.0.2", kT0);
  }
  const BackoffDecision known = backoff.Check("exists", "10.0.0.3", kT0);
  const BackoffDecision unknown = backoff.Check("does-not-exist", "10.0.0.3", kT0);
  EXPECT_EQ(known.allowed, unknown.allowed);
  EXPECT_EQ(known.retry_after, unknown.retry_after);
  EXPECT_EQ(known.retry_after, seconds{4});
}

TEST(LoginBackoffTest, MemoryIsBoundedAndTheRecentStay) {
  LoginBackoff backoff({.per_name = {.max_keys = 100}, .per_address = {.max_keys = 50}});
  for (int i = 0; i < 10'000; ++i) {
    backoff.RecordFailure(fmt::format("name{}", i), fmt::format("10.0.{}.{}", i / 256, i % 256),
                          kT0 + seconds{i});
  }
  EXPECT_LE(backoff.names_held(), 100u);
  EXPECT_LE(backoff.addresses_held(), 50u);
  // The name that failed last is still held; four more failures on it back it off.
  for (int i = 0; i < 3; ++i) {
    backoff.RecordFailure("name9999", "10.1.0.1", kT0 + seconds{10'000});
  }
  EXPECT_FALSE(backoff.Check("name9999", "10.1.0.2", kT0 + seconds{10'000}).allowed);
}

TEST(LoginBackoffTest, LongKeysAreCut) {
  LoginBackoff backoff;
  const std::string prefix(64, 'a');
  for (int i = 0; i < 4; ++i) {
    backoff.RecordFailure(prefix + std::to_string(i), "10.0.0.1", kT0);
  }
  EXPECT_EQ(backoff.names_held(), 1u);
  EXPECT_FALSE(backoff.Check(prefix + "zzz", "10.0.0.2", kT0).allowed);
}

}  // namespace
}  // namespace esep::access
