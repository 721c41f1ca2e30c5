#include "access/user.h"

#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace esep::access {
namespace {

TEST(UserTest, NormalizeLoginName) {
  EXPECT_EQ(NormalizeLoginName("  Aigerim.K "), "aigerim.k");
  EXPECT_EQ(NormalizeLoginName("TYPIST-01"), "typist-01");
  EXPECT_EQ(NormalizeLoginName("   "), "");
  // Only ASCII is lowercased: a Cyrillic letter stays and the rule refuses it.
  EXPECT_EQ(NormalizeLoginName("Айгерим"), "Айгерим");
}

TEST(UserTest, GoodLoginNames) {
  for (const char* name : {"abc", "aigerim.k", "typist_01", "t-1", "007"}) {
    EXPECT_TRUE(ValidateLoginName(name).ok()) << name;
  }
  EXPECT_TRUE(ValidateLoginName(std::string(64, 'a')).ok());
}

TEST(UserTest, BadLoginNames) {
  struct Case {
    std::string name;
    std::string message;
  };
  const Case cases[] = {
      {"ab", "a login name has 3 to 64 characters; 'ab' has 2"},
      {std::string(65, 'a'),
       fmt::format("a login name has 3 to 64 characters; '{}' has 65", std::string(65, 'a'))},
      {".abc", "a login name starts with a lowercase letter a-z or a digit; '.abc' does not"},
      {"Abc", "a login name starts with a lowercase letter a-z or a digit; 'Abc' does not"},
      {"ab c",
       "a login name holds only lowercase letters a-z, digits, '.', '_' and '-'; 'ab c' "
       "holds ' '"},
      {"abC",
       "a login name holds only lowercase letters a-z, digits, '.', '_' and '-'; 'abC' "
       "holds 'C'"},
      {"ab\x1b",
       "a login name holds only lowercase letters a-z, digits, '.', '_' and '-'; "
       "'ab\\e' holds '\\e'"},
  };
  for (const Case& c : cases) {
    const Status status = ValidateLoginName(c.name);
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << c.name;
    EXPECT_EQ(status.message(), c.message);
  }
  // A Cyrillic look-alike of "abc" is refused.
  EXPECT_FALSE(ValidateLoginName("аbc").ok());
}

TEST(UserTest, DisplayNames) {
  EXPECT_TRUE(ValidateDisplayName("Айгерим Қасымова").ok());
  EXPECT_TRUE(ValidateDisplayName("O'Brien \\ Smith").ok());
  EXPECT_EQ(ValidateDisplayName("").message(), "a display name is required");
  EXPECT_FALSE(ValidateDisplayName(std::string(201, 'a')).ok());
  EXPECT_TRUE(ValidateDisplayName(std::string(200, 'a')).ok());
  EXPECT_EQ(ValidateDisplayName("a\xff").message(), "a display name must be UTF-8 text");
  EXPECT_FALSE(ValidateDisplayName("a\nb").ok());
  EXPECT_FALSE(ValidateDisplayName("a\tb").ok());
  EXPECT_FALSE(ValidateDisplayName("a\xc2\x85").ok());  // U+0085, a C1 control
}

TEST(UserTest, ANewUserMustChangeThePasswordByDefault) {
  const User user;
  EXPECT_TRUE(user.must_change_password);
  EXPECT_FALSE(user.disabled);
  EXPECT_EQ(user.role, Role::kObserver);  // the least right, should a role be forgotten
}

TEST(UserTest, ValidateUser) {
  User user{.id = "1",
            .login_name = "chair.t1",
            .display_name = "Chair",
            .role = Role::kChair,
            .commission_id = "T1"};
  EXPECT_TRUE(ValidateUser(user).ok());
  user.commission_id.clear();
  EXPECT_EQ(ValidateUser(user).message(),
            "user 'chair.t1' belongs to no commission; every user belongs to one");
  user.commission_id = "T1";
  user.login_name.assign(1, 'X');
  EXPECT_EQ(ValidateUser(user).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace esep::access
