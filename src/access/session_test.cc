#include "access/session.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

namespace esep::access {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_seconds;

constexpr sys_seconds kLogin{seconds{1'700'000'000}};

TEST(SessionTest, TokensAreRandomBase64UrlAndStoredOnlyAsTheirHash) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const SessionToken token = NewSessionToken();
    ASSERT_EQ(token.cookie_value.size(), kSessionTokenTextLength);
    EXPECT_EQ(token.cookie_value.find_first_not_of(
                  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos)
        << token.cookie_value;
    ASSERT_EQ(token.hash_hex.size(), 64u);
    EXPECT_EQ(token.hash_hex.find(token.cookie_value), std::string::npos);
    const Result<std::string> hash = HashSessionToken(token.cookie_value);
    ASSERT_TRUE(hash.has_value());
    EXPECT_EQ(*hash, token.hash_hex);
    EXPECT_TRUE(seen.insert(token.cookie_value).second);
  }
}

TEST(SessionTest, TheHashIsSha256OfTheBytes) {
  // 32 zero bytes, base64url without padding; SHA-256 of 32 zero bytes.
  const std::string zeros(43, 'A');
  EXPECT_EQ(HashSessionToken(zeros).value(),
            "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925");
}

TEST(SessionTest, AMalformedTokenIsUnauthenticated) {
  const std::string good = NewSessionToken().cookie_value;
  for (const std::string& bad :
       {std::string(), good.substr(0, 42), good + "A", good.substr(0, 42) + "+",
        good.substr(0, 42) + "=", good.substr(0, 42) + "B",  // "B" leaves a non-zero padding bit
        std::string(43, ' '), good.substr(0, 21) + "." + good.substr(22)}) {
    const Result<std::string> hash = HashSessionToken(bad);
    ASSERT_FALSE(hash.has_value()) << bad;
    EXPECT_EQ(hash.error().code(), StatusCode::kUnauthenticated);
    EXPECT_EQ(hash.error().message(), "the session token is malformed; log in again");
  }
}

TEST(SessionTest, HashesCompareWholly) {
  const std::string a(64, 'a');
  std::string b = a;
  EXPECT_TRUE(SessionHashesEqual(a, b));
  b.back() = 'b';
  EXPECT_FALSE(SessionHashesEqual(a, b));
  EXPECT_FALSE(SessionHashesEqual(a, a.substr(0, 63)));
  EXPECT_FALSE(SessionHashesEqual(a, ""));
}

TEST(SessionTest, DefaultPolicy) {
  const SessionPolicy policy;
  EXPECT_EQ(policy.idle, minutes{30});
  EXPECT_EQ(policy.absolute, hours{12});
}

TEST(SessionTest, IdleExpiryToTheSecond) {
  const SessionPolicy policy;
  const Session session{
      .token_hash = "h", .user_id = "u", .created_at = kLogin, .last_seen = kLogin + hours{2}};
  const sys_seconds idle_end = session.last_seen + minutes{30};
  const SessionCheck before = CheckSession(policy, session, idle_end - seconds{1});
  EXPECT_EQ(before.state, SessionState::kValid);
  EXPECT_EQ(before.left, seconds{1});
  EXPECT_TRUE(SessionStatus(policy, before).ok());
  EXPECT_EQ(CheckSession(policy, session, idle_end).state, SessionState::kIdleExpired);
  const SessionCheck after = CheckSession(policy, session, idle_end + seconds{1});
  EXPECT_EQ(after.state, SessionState::kIdleExpired);
  EXPECT_EQ(after.left, seconds{0});
  const Status status = SessionStatus(policy, after);
  EXPECT_EQ(status.code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(status.message(),
            "the session ended after 30 min without activity; log in again (nothing saved is "
            "lost)");
}

TEST(SessionTest, AbsoluteExpiryToTheSecondEvenWhenActive) {
  const SessionPolicy policy;
  const sys_seconds absolute_end = kLogin + hours{12};
  // Renewed ten minutes before the limit: idle has 20 minutes to go, the absolute limit wins.
  const Session session{.created_at = kLogin, .last_seen = absolute_end - minutes{10}};
  const SessionCheck before = CheckSession(policy, session, absolute_end - seconds{1});
  EXPECT_EQ(before.state, SessionState::kValid);
  EXPECT_EQ(before.left, seconds{1});
  EXPECT_EQ(CheckSession(policy, session, absolute_end).state, SessionState::kAbsoluteExpired);
  const SessionCheck after = CheckSession(policy, session, absolute_end + seconds{1});
  EXPECT_EQ(after.state, SessionState::kAbsoluteExpired);
  EXPECT_EQ(SessionStatus(policy, after).message(),
            "the session ended 12 h after logging in; log in again (nothing saved is lost)");
  // Both passed: the absolute limit is the one named.
  EXPECT_EQ(CheckSession(policy, session, absolute_end + hours{1}).state,
            SessionState::kAbsoluteExpired);
}

TEST(SessionTest, TheCountdownIsTheNearerLimit) {
  const SessionPolicy policy;
  Session session{.created_at = kLogin, .last_seen = kLogin};
  EXPECT_EQ(CheckSession(policy, session, kLogin).left, minutes{30});
  EXPECT_EQ(CheckSession(policy, session, kLogin + minutes{29}).left, minutes{1});
  session = Renewed(session, kLogin + minutes{29});
  EXPECT_EQ(session.last_seen, kLogin + minutes{29});
  EXPECT_EQ(CheckSession(policy, session, kLogin + minutes{31}).left, minutes{28});
  session = Renewed(session, kLogin + hours{11} + minutes{50});
  EXPECT_EQ(CheckSession(policy, session, kLogin + hours{11} + minutes{55}).left, minutes{5});
}

}  // namespace
}  // namespace esep::access
