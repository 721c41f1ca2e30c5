#include "access/password_policy.h"

#include <string>

#include <gtest/gtest.h>

namespace esep::access {
namespace {

TEST(PasswordPolicyTest, LengthInCharacters) {
  EXPECT_TRUE(CheckPasswordPolicy("twelve chars", "aigerim").ok());
  const Status short_password = CheckPasswordPolicy("eleven char", "aigerim");
  EXPECT_EQ(short_password.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(short_password.message(),
            "a password has at least 12 characters; this one has 11 (a few words together are "
            "easy to remember and hard to guess)");
  // Cyrillic and Kazakh letters count once each, not per byte.
  EXPECT_TRUE(CheckPasswordPolicy("қасқыр және т", "aigerim").ok());  // 13 characters
  EXPECT_FALSE(CheckPasswordPolicy("қасқыржәнет", "aigerim").ok());   // 11 characters, 22 bytes
}

TEST(PasswordPolicyTest, AtMost256Bytes) {
  EXPECT_TRUE(CheckPasswordPolicy(std::string(256, 'x'), "aigerim").ok());
  EXPECT_EQ(CheckPasswordPolicy(std::string(257, 'x'), "aigerim").message(),
            "a password has at most 256 bytes; a long passphrase is welcome, but this one is too "
            "long");
}

TEST(PasswordPolicyTest, NotTheLoginName) {
  EXPECT_EQ(CheckPasswordPolicy("typist.almaty", "typist.almaty").message(),
            "a password must not be the login name");
  EXPECT_EQ(CheckPasswordPolicy("Typist.Almaty", "typist.almaty").message(),
            "a password must not be the login name");
  EXPECT_TRUE(CheckPasswordPolicy("typist.almaty!", "typist.almaty").ok());
}

TEST(PasswordPolicyTest, TextOnly) {
  EXPECT_EQ(CheckPasswordPolicy("twelve\tchars", "x").message(),
            "a password holds no control characters (tab, newline, ...)");
  EXPECT_EQ(CheckPasswordPolicy("twelve chars\xff", "x").message(),
            "a password must be UTF-8 text");
}

TEST(PasswordPolicyTest, MessagesNeverQuoteThePassword) {
  for (const char* password : {"short", "loginname123", "bad\tpassword!!"}) {
    const Status status = CheckPasswordPolicy(password, "loginname123");
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.message().find(password), std::string::npos) << status.message();
  }
}

}  // namespace
}  // namespace esep::access
