#include "access/password_hasher.h"

#include <string>

#include <gtest/gtest.h>

namespace esep::access {
namespace {

PasswordHasherOptions FastOptions() {
  return {.parameters = kTestOnlyPasswordHashParameters,
          .max_concurrent = 2,
          .max_wait = std::chrono::milliseconds{0}};
}

TEST(PasswordHasherTest, HashAndVerify) {
  PasswordHasher hasher(FastOptions());
  const Result<std::string> hash = hasher.Hash("correct horse battery");
  ASSERT_TRUE(hash.has_value()) << hash.error().ToString();
  EXPECT_EQ(hash->rfind("$argon2id$v=19$m=8,t=1,p=1$", 0), 0u) << *hash;
  EXPECT_EQ(hasher.Verify(*hash, "correct horse battery").value(), true);
  EXPECT_EQ(hasher.Verify(*hash, "correct horse batterY").value(), false);
  EXPECT_EQ(hasher.Verify(*hash, "").value(), false);
  // A fresh salt every time.
  EXPECT_NE(*hasher.Hash("correct horse battery"), *hash);
}

TEST(PasswordHasherTest, TheDefaultParametersAreArgon2idInteractive) {
  EXPECT_EQ(kDefaultPasswordHashParameters.ops_limit, 2u);
  EXPECT_EQ(kDefaultPasswordHashParameters.mem_limit_bytes, size_t{64} << 20);
  const PasswordHasherOptions defaults;
  EXPECT_EQ(defaults.max_concurrent, 2);
  EXPECT_EQ(defaults.max_wait, std::chrono::milliseconds{3000});
  PasswordHasher hasher;  // one real hash (the dummy) and one more: about 0.4 s
  const Result<std::string> hash = hasher.Hash("correct horse battery");
  ASSERT_TRUE(hash.has_value());
  EXPECT_EQ(hash->rfind("$argon2id$v=19$m=65536,t=2,p=1$", 0), 0u) << *hash;
  EXPECT_FALSE(hasher.NeedsRehash(*hash));
}

TEST(PasswordHasherTest, NeedsRehashWhenTheParametersChanged) {
  PasswordHasher fast(FastOptions());
  const std::string weak = *fast.Hash("correct horse battery");
  EXPECT_FALSE(fast.NeedsRehash(weak));
  PasswordHasher stronger({.parameters = {.ops_limit = 2, .mem_limit_bytes = 8192},
                           .max_wait = std::chrono::milliseconds{0}});
  EXPECT_TRUE(stronger.NeedsRehash(weak));
  EXPECT_TRUE(stronger.NeedsRehash("not a hash"));
  // An old hash still verifies under new parameters.
  EXPECT_EQ(stronger.Verify(weak, "correct horse battery").value(), true);
}

TEST(PasswordHasherTest, ADamagedStoredHashIsDataLoss) {
  PasswordHasher hasher(FastOptions());
  for (const std::string_view stored :
       {"", "plaintext", "$2y$10$bcrypthash", "$argon2i$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA"}) {
    const Result<bool> verified = hasher.Verify(stored, "x");
    ASSERT_FALSE(verified.has_value()) << stored;
    EXPECT_EQ(verified.error().code(), StatusCode::kDataLoss);
  }
  // Well-formed prefix, damaged body: simply does not match.
  EXPECT_EQ(hasher.Verify("$argon2id$v=19$m=8,t=1,p=1$broken", "x").value(), false);
}

TEST(PasswordHasherTest, AnUnknownUserIsCheckedAgainstTheDummyAndRefused) {
  PasswordHasher hasher(FastOptions());
  EXPECT_EQ(hasher.VerifyUnknownUser("correct horse battery").value(), false);
  EXPECT_EQ(hasher.VerifyUnknownUser("").value(), false);
}

TEST(PasswordHasherTest, ACallerThatWaitsTooLongIsRefused) {
  PasswordHasher hasher({.parameters = kTestOnlyPasswordHashParameters,
                         .max_concurrent = 1,
                         .max_wait = std::chrono::milliseconds{0}});
  const std::string hash = *hasher.Hash("correct horse battery");
  {
    Result<ConcurrencyLimit::Slot> held =
        hasher.concurrency_limit().Acquire(std::chrono::milliseconds{0}, "test");
    ASSERT_TRUE(held.has_value());
    EXPECT_EQ(hasher.concurrency_limit().in_use(), 1);
    const Result<std::string> busy_hash = hasher.Hash("x");
    ASSERT_FALSE(busy_hash.has_value());
    EXPECT_EQ(busy_hash.error().code(), StatusCode::kResourceExhausted);
    EXPECT_EQ(busy_hash.error().message(),
              "too many password checks at once (1 running); try again in a moment");
    EXPECT_EQ(hasher.Verify(hash, "x").error().code(), StatusCode::kResourceExhausted);
    EXPECT_EQ(hasher.VerifyUnknownUser("x").error().code(), StatusCode::kResourceExhausted);
  }
  EXPECT_EQ(hasher.concurrency_limit().in_use(), 0);
  EXPECT_EQ(hasher.Verify(hash, "correct horse battery").value(), true);
}

TEST(ConcurrencyLimitTest, SlotsAreCountedAndReturned) {
  ConcurrencyLimit limit(2);
  Result<ConcurrencyLimit::Slot> first = limit.Acquire(std::chrono::milliseconds{0}, "things");
  Result<ConcurrencyLimit::Slot> second = limit.Acquire(std::chrono::milliseconds{0}, "things");
  ASSERT_TRUE(first.has_value() && second.has_value());
  EXPECT_EQ(limit.in_use(), 2);
  const Result<ConcurrencyLimit::Slot> third =
      limit.Acquire(std::chrono::milliseconds{0}, "things");
  ASSERT_FALSE(third.has_value());
  EXPECT_EQ(third.error().message(), "too many things at once (2 running); try again in a moment");
  {
    const ConcurrencyLimit::Slot moved(std::move(*first));  // released once, by the new owner
  }
  EXPECT_EQ(limit.in_use(), 1);
  EXPECT_TRUE(limit.Acquire(std::chrono::milliseconds{0}, "things").has_value());
  EXPECT_EQ(limit.in_use(), 1);  // the temporary slot above was released at once
}

}  // namespace
}  // namespace esep::access
