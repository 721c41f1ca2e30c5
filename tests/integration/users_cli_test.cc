// `esep users` end to end, as an administrator bootstraps a commission server: add the first
// administrator and a typist, the refusals (exit 2), list, disable, reset a password, and
// `esep verify` passing over the events they appended.

#include <filesystem>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include "integration/command_runner.h"

namespace esep {
namespace {

using testing::CommandOutput;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::RunEsep;
using testing::WriteTempFile;

class UsersCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = ::testing::TempDir() + "esep-users-cli-" + std::to_string(::getpid());
    std::filesystem::remove_all(base_);
    std::filesystem::create_directories(base_);
    const CommandOutput generated =
        RunEsep("generate --precincts 20 --seed 5 --out '" + base_ + "/election'");
    ASSERT_EQ(generated.exit_code, 0) << generated.err;
    store_ = base_ + "/results.db";
    const CommandOutput imported = RunEsep("import --db '" + store_ + "' '" + base_ + "/election'");
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    password_ = WriteTempFile("first-password", "a long first password\n");
  }
  void TearDown() override { std::filesystem::remove_all(base_); }

  CommandOutput Users(const std::string& arguments, const std::string& stdin_file = "") {
    return RunEsep("users " + arguments + " --db '" + store_ + "'" +
                   (stdin_file.empty() ? " </dev/null" : " < '" + stdin_file + "'"));
  }

  std::string base_;
  std::string store_;
  std::string password_;
};

TEST_F(UsersCliTest, BootstrapAServer) {
  const CommandOutput none = Users("list");
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_THAT(none.out, HasSubstr("No users yet"));

  const CommandOutput admin =
      Users("add --login Admin --name 'Асель Нурлановна' --role administrator --commission CEC",
            password_);
  ASSERT_EQ(admin.exit_code, 0) << admin.err;
  EXPECT_EQ(admin.out,
            "Added user 1 'admin' (Асель Нурлановна, administrator of CEC). They must choose "
            "their own password at their first login.\n");
  const CommandOutput typist =
      Users("add --login aigerim.k --name 'Aigerim Kassymova' --role typist --commission TEC-abai",
            password_);
  ASSERT_EQ(typist.exit_code, 0) << typist.err;

  const CommandOutput list = Users("list");
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr("ID  LOGIN      NAME               ROLE           COMMISSION  "
                                  "STATE   PASSWORD     UPDATED (UTC)\n"
                                  "1   admin      Асель Нурлановна   administrator  CEC         "
                                  "active  must change  "));
  EXPECT_THAT(list.out, HasSubstr("2   aigerim.k  Aigerim Kassymova  typist         TEC-abai    "
                                  "active  must change  "));
  EXPECT_THAT(list.out, Not(HasSubstr("argon2")));

  const CommandOutput disabled = Users("disable --login aigerim.k");
  ASSERT_EQ(disabled.exit_code, 0) << disabled.err;
  EXPECT_THAT(disabled.out, HasSubstr("User 2 'aigerim.k' is disabled"));
  EXPECT_THAT(Users("list").out, HasSubstr("typist         TEC-abai    disabled  must change"));

  const std::string new_password = WriteTempFile("new-password", "another first password\n");
  const CommandOutput reset = Users("reset-password --login admin", new_password);
  ASSERT_EQ(reset.exit_code, 0) << reset.err;
  EXPECT_THAT(reset.out, HasSubstr("User 1 'admin' has a new first password"));

  // The events are entries of the chain, and the chain verifies.
  const CommandOutput verified = RunEsep("verify --db '" + store_ + "'");
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_THAT(verified.out, HasSubstr("Audit events: 4 (logins, account changes, entries) in the "
                                      "chain: ok\n"));

  // A typist re-enabled and made a chair by hand, outside esep: no event records it, and
  // verify says so (exit 3, data loss).
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(store_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE users SET role = 'chair', disabled = 0 WHERE id = 2", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  const CommandOutput tampered = RunEsep("verify --db '" + store_ + "'");
  EXPECT_EQ(tampered.exit_code, 3) << tampered.out << tampered.err;
  EXPECT_THAT(tampered.out + tampered.err,
              HasSubstr("accounts: users table, user 2 (aigerim.k): its "));
}

TEST_F(UsersCliTest, RefusalsExitWithTwoAndSayWhy) {
  ASSERT_EQ(Users("add --login admin --name Admin --role administrator --commission CEC", password_)
                .exit_code,
            0);
  const auto refused = [&](const std::string& arguments, const std::string& stdin_file,
                           const std::string& message) {
    SCOPED_TRACE(arguments);
    const CommandOutput output = Users(arguments, stdin_file);
    EXPECT_EQ(output.exit_code, 2);
    EXPECT_THAT(output.err, HasSubstr(message));
    EXPECT_EQ(output.out, "");
  };
  refused("add --login admin --name Other --role typist --commission CEC", password_,
          "the login name 'admin' is taken");
  refused("add --login bob --name Bob --role boss --commission CEC", password_,
          "unknown role 'boss'; a role is one of: administrator, chair, coordinator, typist, "
          "observer");
  refused("add --login bob --name Bob --role typist --commission TEC-nowhere", password_,
          "unknown commission 'TEC-nowhere'");
  refused("add --login bob --name Bob --role typist --commission CEC",
          WriteTempFile("weak", "short\n"), "at least 12 characters");
  refused("add --login bob --name Bob --role typist --commission CEC", "",
          "no password on standard input");
  // The rest is checked before any password is asked for.
  refused("add --login bob --name Bob --role boss --commission CEC", "", "unknown role 'boss'");
  refused("add --login admin --name Bob --role typist --commission CEC", "",
          "the login name 'admin' is taken");
  refused("add --login 'b b' --name Bob --role typist --commission CEC", password_,
          "a login name holds only");
  refused("disable --login nobody", "", "no user has the login name 'nobody'");
  refused("reset-password --login admin", WriteTempFile("admin", "ADMIN\n"),
          "at least 12 characters");
  const CommandOutput missing = RunEsep("users list --db '" + base_ + "/none.db'");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("no such store"));
  EXPECT_FALSE(std::filesystem::exists(base_ + "/none.db"));
  // Only the administrator was added.
  EXPECT_THAT(Users("list").out, Not(HasSubstr("bob")));
}

TEST(UsersCliHelpTest, HelpTeachesWithExamples) {
  const CommandOutput help = RunEsep("users --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, HasSubstr("esep users add --db results.db --login admin"));
  EXPECT_THAT(help.out, HasSubstr("Roles: administrator, chair, coordinator, typist, observer"));
  const CommandOutput add_help = RunEsep("users add --help");
  EXPECT_EQ(add_help.exit_code, 0);
  EXPECT_THAT(add_help.out, HasSubstr("asked for twice, with echo off"));
  EXPECT_THAT(add_help.out, HasSubstr("--commission"));
}

}  // namespace
}  // namespace esep
