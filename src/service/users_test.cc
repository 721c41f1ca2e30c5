// The account operations: adding, listing, disabling and resetting, with their refusals, on a
// store that holds the 2023 Majilis definition (data/elections/kz-majilis-2023).

#include "service/users.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "service/stored_election.h"
#include "storage/chain_events.h"
#include "storage/sqlite_store.h"

namespace esep::service {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::chrono::sys_seconds At(int minute) {
  return std::chrono::sys_days(std::chrono::year(2026) / 12 / 7) + std::chrono::minutes(minute);
}

class UsersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = ::testing::TempDir() + "esep-users-" + std::to_string(::getpid()) + ".db";
    Cleanup();
    Result<StoredElection> election = ReadDirectoryDefinition("data/elections/kz-majilis-2023");
    ASSERT_TRUE(election.has_value()) << election.error().ToString();
    Result<std::unique_ptr<storage::Store>> store = storage::OpenSqliteStore(path_);
    ASSERT_TRUE(store.has_value());
    store_ = std::move(*store);
    ASSERT_TRUE(
        store_->SetDefinition(election->sha256, *election->files, election->definition->rule_set())
            .ok());
  }
  void TearDown() override {
    store_.reset();
    Cleanup();
  }
  void Cleanup() {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path_ + suffix);
    }
  }

  NewUserRequest Request() {
    return NewUserRequest{.login_name = "  Aigerim.K ",
                          .display_name = "Айгерім Қасымова",
                          .role = "typist",
                          .commission_id = "TEC-abai",
                          .password = "a long first password"};
  }

  std::string path_;
  std::unique_ptr<storage::Store> store_;
  access::PasswordHasher hasher_{{.parameters = access::kTestOnlyPasswordHashParameters}};
};

TEST_F(UsersTest, AddStoresAHashAndAnEvent) {
  Result<storage::StoredUser> added =
      AddUser(*store_, path_, Request(), hasher_, CommandLineActor(At(1)));
  ASSERT_TRUE(added.has_value()) << added.error().ToString();
  EXPECT_EQ(added->user.login_name, "aigerim.k");
  EXPECT_EQ(added->user.display_name, "Айгерім Қасымова");
  EXPECT_EQ(added->user.role, access::Role::kTypist);
  EXPECT_TRUE(added->user.must_change_password);
  EXPECT_TRUE(*hasher_.Verify(added->user.password_hash, "a long first password"));

  Result<storage::ChainReport> report = store_->VerifyChain();
  ASSERT_TRUE(report.has_value() && report->ok());
  EXPECT_EQ(report->events, 1);
  // The event: by "cli" from "local", for the new user's commission; the second entry, after
  // the definition.
  auto reader = storage::OpenSqliteStore(path_, {.read_only = true});
  ASSERT_TRUE(reader.has_value());
  EXPECT_EQ((*reader)->ListUsers()->size(), 1U);
  Result<std::vector<storage::RecordedEvent>> events = (*reader)->AuditEvents();
  ASSERT_TRUE(events.has_value());
  ASSERT_EQ(events->size(), 1U);
  EXPECT_EQ((*events)[0].entry, 2);
  EXPECT_EQ((*events)[0].event.kind, storage::EventKind::kUserAdded);
  EXPECT_EQ((*events)[0].event.actor, (storage::EventActor{.user_id = "cli",
                                                           .commission_id = "TEC-abai",
                                                           .time = At(1),
                                                           .client_address = "local"}));
}

TEST_F(UsersTest, AddRefusesWithMessagesThatSayWhy) {
  ASSERT_TRUE(AddUser(*store_, path_, Request(), hasher_, CommandLineActor(At(1))).has_value());
  const auto refusal = [&](const NewUserRequest& request) {
    Result<storage::StoredUser> added =
        AddUser(*store_, path_, request, hasher_, CommandLineActor(At(2)));
    EXPECT_FALSE(added.has_value());
    return added.has_value() ? Status() : added.error();
  };
  Status taken = refusal(Request());
  EXPECT_EQ(taken.code(), StatusCode::kAlreadyExists);
  EXPECT_THAT(taken.message(), HasSubstr("'aigerim.k' is taken"));

  NewUserRequest request = Request();
  request.login_name = "daniyar";
  request.role = "admin";
  Status role = refusal(request);
  EXPECT_EQ(role.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(role.message(), HasSubstr("unknown role 'admin'; a role is one of: administrator, "
                                        "chair, coordinator, typist, observer"));
  request.role = "chair";
  request.commission_id = "TEC-nowhere";
  Status commission = refusal(request);
  EXPECT_EQ(commission.code(), StatusCode::kNotFound);
  EXPECT_THAT(commission.message(), HasSubstr("unknown commission 'TEC-nowhere'"));
  request.commission_id = "CEC";
  request.password = "short";
  Status weak = refusal(request);
  EXPECT_EQ(weak.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(weak.message(), Not(HasSubstr("short")));
  request.login_name = "daniyar-the-long";
  request.password = "DANIYAR-THE-LONG";  // the login name, in capitals
  EXPECT_EQ(refusal(request).code(), StatusCode::kInvalidArgument);
  request.login_name = "x";
  EXPECT_EQ(refusal(request).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ListUsers(*store_)->size(), 1U);
}

TEST_F(UsersTest, AStoreWithoutADefinitionTakesNoUsers) {
  const std::string empty = path_ + ".empty";
  {
    auto store = storage::OpenSqliteStore(empty);
    ASSERT_TRUE(store.has_value());
    Result<storage::StoredUser> added =
        AddUser(**store, empty, Request(), hasher_, CommandLineActor(At(1)));
    ASSERT_FALSE(added.has_value());
    EXPECT_EQ(added.error().code(), StatusCode::kFailedPrecondition);
  }
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(empty + suffix);
  }
  Result<std::unique_ptr<storage::Store>> missing = OpenAccountsStore(empty);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code(), StatusCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(empty));
}

TEST_F(UsersTest, DisableAndResetPassword) {
  const storage::StoredUser added =
      *AddUser(*store_, path_, Request(), hasher_, CommandLineActor(At(1)));
  Result<storage::StoredUser> reset = ResetPassword(*store_, "AIGERIM.K", "another first password",
                                                    hasher_, CommandLineActor(At(2)));
  ASSERT_TRUE(reset.has_value()) << reset.error().ToString();
  EXPECT_EQ(reset->version, 2);
  EXPECT_TRUE(reset->user.must_change_password);
  EXPECT_NE(reset->user.password_hash, added.user.password_hash);
  EXPECT_TRUE(*hasher_.Verify(reset->user.password_hash, "another first password"));
  EXPECT_EQ(ResetPassword(*store_, "aigerim.k", "aigerim.k", hasher_, CommandLineActor(At(3)))
                .error()
                .code(),
            StatusCode::kInvalidArgument);

  Result<storage::StoredUser> disabled = DisableUser(*store_, "aigerim.k", CommandLineActor(At(4)));
  ASSERT_TRUE(disabled.has_value());
  EXPECT_TRUE(disabled->user.disabled);
  EXPECT_EQ(disabled->version, 3);
  // Again: nothing changes, nothing is written.
  const std::string head = *store_->ChainHead();
  EXPECT_EQ(DisableUser(*store_, "aigerim.k", CommandLineActor(At(5)))->version, 3);
  EXPECT_EQ(*store_->ChainHead(), head);
  EXPECT_EQ(DisableUser(*store_, "nobody", CommandLineActor(At(5))).error().code(),
            StatusCode::kNotFound);

  Result<storage::ChainReport> report = store_->VerifyChain();
  ASSERT_TRUE(report.has_value() && report->ok());
  EXPECT_EQ(report->events, 3);  // user_added, password_reset, user_disabled
}

}  // namespace
}  // namespace esep::service
