#include "access/authorize.h"

#include <vector>

#include <gtest/gtest.h>

#include "access/permission_table.h"

namespace esep::access {
namespace {

using model::Commission;

User MakeUser(Role role, std::string commission_id) {
  return User{.id = "u1",
              .login_name = "someone",
              .display_name = "Someone",
              .role = role,
              .commission_id = std::move(commission_id),
              .must_change_password = false};
}

TEST(AuthorizeTest, ATypistCannotActOnASiblingCommission) {
  const std::vector<Commission> tree = {{.id = "R1"},
                                        {.id = "T1", .parent_id = "R1"},
                                        {.id = "T2", .parent_id = "R1"},
                                        {.id = "P1", .parent_id = "T1"},
                                        {.id = "P2", .parent_id = "T2"}};
  const CommissionScopes scopes(tree);
  const User typist = MakeUser(Role::kTypist, "T1");
  ASSERT_TRUE(Authorize(typist, Action::kClaimEntry, *scopes.ScopeOf("T1", "P1")).ok());
  ASSERT_TRUE(Authorize(typist, Action::kSaveEntry, *scopes.ScopeOf("T1", "T1")).ok());
  for (const std::string_view target : {"T2", "P2", "R1"}) {
    for (const Action action : AllActions()) {
      const Status status = Authorize(typist, action, *scopes.ScopeOf("T1", target));
      EXPECT_EQ(status.code(), StatusCode::kPermissionDenied)
          << target << " " << ActionName(action);
    }
  }
  EXPECT_EQ(Authorize(typist, Action::kClaimEntry, *scopes.ScopeOf("T1", "P2")).message(),
            "the role 'typist' may not claim_entry on a commission that is neither its own nor "
            "below it");
}

TEST(AuthorizeTest, AnObserverMayChangeNothing) {
  const User observer = MakeUser(Role::kObserver, "T1");
  for (const Action action : AllActions()) {
    for (const Scope scope : {Scope::kOwn, Scope::kBelow}) {
      const Status status = Authorize(observer, action, scope);
      if (ActionChangesState(action) && action != Action::kChangeOwnAccount) {
        EXPECT_EQ(status.code(), StatusCode::kPermissionDenied) << ActionName(action);
      }
    }
  }
  EXPECT_TRUE(Authorize(observer, Action::kViewProgress, Scope::kBelow).ok());
}

TEST(AuthorizeTest, AFirstPasswordMustBeChangedBeforeAnythingElse) {
  User chair = MakeUser(Role::kChair, "T1");
  chair.must_change_password = true;
  EXPECT_TRUE(Authorize(chair, Action::kViewOwnAccount, Scope::kOwn).ok());
  EXPECT_TRUE(Authorize(chair, Action::kChangeOwnAccount, Scope::kOwn).ok());
  for (const Action action : AllActions()) {
    if (action == Action::kViewOwnAccount || action == Action::kChangeOwnAccount) {
      continue;
    }
    const Status status = Authorize(chair, action, Scope::kOwn);
    EXPECT_EQ(status.code(), StatusCode::kPermissionDenied) << ActionName(action);
    EXPECT_EQ(status.message(),
              "choose a new password first: the password was set by an administrator");
  }
  chair.must_change_password = false;
  EXPECT_TRUE(Authorize(chair, Action::kApproveProtocol, Scope::kOwn).ok());
}

TEST(AuthorizeTest, ADisabledAccountMayDoNothing) {
  User administrator = MakeUser(Role::kAdministrator, "CEC");
  administrator.disabled = true;
  for (const Action action : AllActions()) {
    EXPECT_EQ(Authorize(administrator, action, Scope::kOwn).code(), StatusCode::kUnauthenticated)
        << ActionName(action);
  }
}

TEST(AuthorizeTest, TheTableDecidesForEveryRoleActionAndScope) {
  for (const Role role : kAllRoles) {
    const User user = MakeUser(role, "T1");
    for (const Action action : AllActions()) {
      for (const Scope scope : {Scope::kOwn, Scope::kBelow, Scope::kOther}) {
        EXPECT_EQ(Authorize(user, action, scope).ok(), Allowed(role, action, scope))
            << RoleName(role) << " " << ActionName(action) << " " << ScopeName(scope);
      }
    }
  }
}

}  // namespace
}  // namespace esep::access
