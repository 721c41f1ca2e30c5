#include "access/login.h"

#include <string>

#include <gtest/gtest.h>

namespace esep::access {
namespace {

using std::chrono::seconds;
using std::chrono::sys_seconds;

constexpr sys_seconds kT0{seconds{1'700'000'000}};
constexpr std::string_view kPassword = "correct horse battery";

class LoginTest : public ::testing::Test {
 protected:
  LoginTest()
      : hasher_({.parameters = kTestOnlyPasswordHashParameters,
                 .max_wait = std::chrono::milliseconds{0}}) {
    user_ = User{.id = "7",
                 .login_name = "aigerim",
                 .display_name = "Aigerim",
                 .role = Role::kTypist,
                 .commission_id = "T1",
                 .password_hash = *hasher_.Hash(kPassword)};
  }

  LoginOutcome Attempt(const User* user, std::string_view name, std::string_view password,
                       sys_seconds now = kT0, std::string_view address = "10.0.0.1") {
    return AttemptLogin(hasher_, backoff_, user, name, address, password, now);
  }

  PasswordHasher hasher_;
  LoginBackoff backoff_;
  User user_;
};

TEST_F(LoginTest, TheRightPasswordLogsIn) {
  const LoginOutcome outcome = Attempt(&user_, "aigerim", kPassword);
  EXPECT_TRUE(outcome.status.ok()) << outcome.status.ToString();
  EXPECT_FALSE(outcome.needs_rehash);
}

TEST_F(LoginTest, AWrongPasswordAndAnUnknownNameGiveTheSameAnswer) {
  const LoginOutcome wrong = Attempt(&user_, "aigerim", "wrong password!");
  const LoginOutcome unknown = Attempt(nullptr, "nobody", "wrong password!");
  User disabled = user_;
  disabled.disabled = true;
  const LoginOutcome disabled_right = Attempt(&disabled, "aigerim", kPassword);
  for (const LoginOutcome* outcome : {&wrong, &unknown, &disabled_right}) {
    EXPECT_EQ(outcome->status.code(), StatusCode::kUnauthenticated);
    EXPECT_EQ(outcome->status.message(), "wrong login name or password");
    EXPECT_EQ(outcome->retry_after, seconds{0});
  }
}

TEST_F(LoginTest, BackOffIsTheSameForAKnownAndAnUnknownName) {
  for (int i = 0; i < 4; ++i) {
    const LoginOutcome wrong = Attempt(&user_, "aigerim", "wrong password!", kT0, "10.0.0.1");
    const LoginOutcome unknown = Attempt(nullptr, "nobody", "wrong password!", kT0, "10.0.0.2");
    EXPECT_EQ(wrong.status.code(), unknown.status.code());
    EXPECT_EQ(wrong.status.message(), unknown.status.message());
  }
  // The fifth attempt, even with the right password, waits; and so does the unknown name.
  const LoginOutcome known = Attempt(&user_, "aigerim", kPassword, kT0, "10.0.0.3");
  const LoginOutcome unknown = Attempt(nullptr, "nobody", kPassword, kT0, "10.0.0.4");
  for (const LoginOutcome* outcome : {&known, &unknown}) {
    EXPECT_EQ(outcome->status.code(), StatusCode::kResourceExhausted);
    EXPECT_EQ(outcome->status.message(), "too many failed logins; try again in 1 s");
    EXPECT_EQ(outcome->retry_after, seconds{1});
  }
  // A second later the right password works and clears the name's count.
  EXPECT_TRUE(Attempt(&user_, "aigerim", kPassword, kT0 + seconds{1}, "10.0.0.3").status.ok());
  EXPECT_TRUE(backoff_.Check("aigerim", "10.0.0.5", kT0 + seconds{1}).allowed);
}

TEST_F(LoginTest, ABackedOffAttemptChecksNoPassword) {
  for (int i = 0; i < 4; ++i) {
    (void)Attempt(&user_, "aigerim", "wrong password!");
  }
  // Every hashing slot taken: a password check would be kResourceExhausted "too many password
  // checks"; the back-off answers first.
  Result<ConcurrencyLimit::Slot> first =
      hasher_.concurrency_limit().Acquire(std::chrono::milliseconds{0}, "test");
  Result<ConcurrencyLimit::Slot> second =
      hasher_.concurrency_limit().Acquire(std::chrono::milliseconds{0}, "test");
  ASSERT_TRUE(first.has_value() && second.has_value());
  const LoginOutcome outcome = Attempt(&user_, "aigerim", kPassword);
  EXPECT_EQ(outcome.status.message(), "too many failed logins; try again in 1 s");
  // Busy hashing is not a failure: it is not counted against the name.
  const LoginOutcome busy = Attempt(&user_, "bolat", kPassword, kT0, "10.0.0.7");
  EXPECT_EQ(busy.status.code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(busy.retry_after, seconds{1});
  EXPECT_EQ(backoff_.names_held(), 1u);
}

TEST_F(LoginTest, AnOldHashAsksForARehash) {
  PasswordHasher stronger({.parameters = {.ops_limit = 2, .mem_limit_bytes = 8192},
                           .max_wait = std::chrono::milliseconds{0}});
  const LoginOutcome outcome =
      AttemptLogin(stronger, backoff_, &user_, "aigerim", "10.0.0.1", kPassword, kT0);
  EXPECT_TRUE(outcome.status.ok());
  EXPECT_TRUE(outcome.needs_rehash);
}

}  // namespace
}  // namespace esep::access
