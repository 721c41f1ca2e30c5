#include "access/permission_table.h"

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace esep::access {
namespace {

TEST(PermissionTableTest, EveryActionHasExactlyOneRowInOrder) {
  // The enum's values are 0..kViewRatios; a value added after kViewRatios must be added to
  // AllActions and to the table, or this fails.
  const auto actions = AllActions();
  ASSERT_EQ(actions.size(), static_cast<size_t>(Action::kViewRatios) + 1);
  const auto rows = PermissionTable();
  ASSERT_EQ(rows.size(), actions.size());
  std::set<std::string_view> names;
  for (size_t i = 0; i < actions.size(); ++i) {
    EXPECT_EQ(actions[i], static_cast<Action>(i));
    EXPECT_EQ(rows[i].action, actions[i]) << ActionName(actions[i]);
    EXPECT_EQ(ParseAction(ActionName(actions[i])), actions[i]);
    EXPECT_TRUE(names.insert(ActionName(actions[i])).second) << ActionName(actions[i]);
    EXPECT_NE(ActionName(actions[i]), "?");
  }
}

TEST(PermissionTableTest, RoleNamesRoundTrip) {
  for (const Role role : kAllRoles) {
    EXPECT_EQ(ParseRole(RoleName(role)), role);
  }
  EXPECT_EQ(ParseRole("Chair"), std::nullopt);
  EXPECT_EQ(ParseRole("root"), std::nullopt);
}

TEST(PermissionTableTest, NothingIsEverAllowedOnAnotherCommission) {
  for (const Role role : kAllRoles) {
    for (const Action action : AllActions()) {
      EXPECT_FALSE(Allowed(role, action, Scope::kOther))
          << RoleName(role) << " " << ActionName(action);
    }
  }
}

TEST(PermissionTableTest, AnObserverChangesNothing) {
  for (const Action action : AllActions()) {
    if (!ActionChangesState(action) || action == Action::kChangeOwnAccount) {
      continue;
    }
    EXPECT_FALSE(Allowed(Role::kObserver, action, Scope::kOwn)) << ActionName(action);
    EXPECT_FALSE(Allowed(Role::kObserver, action, Scope::kBelow)) << ActionName(action);
  }
  EXPECT_TRUE(Allowed(Role::kObserver, Action::kViewProtocols, Scope::kBelow));
  EXPECT_TRUE(Allowed(Role::kObserver, Action::kViewAuditLog, Scope::kOwn));
  // Entries still being typed are not shown; finished differences are.
  EXPECT_FALSE(Allowed(Role::kObserver, Action::kViewEntry, Scope::kOwn));
  EXPECT_TRUE(Allowed(Role::kObserver, Action::kViewDifferences, Scope::kBelow));
}

TEST(PermissionTableTest, SeparationOfDuties) {
  // Only typists type.
  for (const Action action : {Action::kClaimEntry, Action::kSaveEntry, Action::kFinaliseEntry}) {
    for (const Role role : kAllRoles) {
      const bool typist = role == Role::kTypist;
      EXPECT_EQ(Allowed(role, action, Scope::kOwn), typist) << RoleName(role);
      EXPECT_EQ(Allowed(role, action, Scope::kBelow), typist) << RoleName(role);
    }
  }
  // Only the coordinator resolves; only the chair approves and corrects.
  for (const Role role : kAllRoles) {
    EXPECT_EQ(Allowed(role, Action::kResolveDifferences, Scope::kBelow),
              role == Role::kCoordinator);
    EXPECT_EQ(Allowed(role, Action::kApproveProtocol, Scope::kBelow), role == Role::kChair);
    EXPECT_EQ(Allowed(role, Action::kCorrectByDecision, Scope::kOwn), role == Role::kChair);
    // Only the administrator manages accounts.
    for (const Action action : {Action::kAddUser, Action::kChangeUser, Action::kDisableUser}) {
      EXPECT_EQ(Allowed(role, action, Scope::kBelow), role == Role::kAdministrator);
    }
  }
  EXPECT_FALSE(Allowed(Role::kAdministrator, Action::kViewScan, Scope::kOwn));
  EXPECT_FALSE(Allowed(Role::kTypist, Action::kViewAuditLog, Scope::kOwn));
}

TEST(PermissionTableTest, OwnAccountIsOwnOnly) {
  for (const Role role : kAllRoles) {
    EXPECT_EQ(ReachOf(role, Action::kViewOwnAccount), kOwnOnly);
    EXPECT_EQ(ReachOf(role, Action::kChangeOwnAccount), kOwnOnly);
    EXPECT_FALSE(Allowed(role, Action::kChangeOwnAccount, Scope::kBelow));
  }
}

TEST(PermissionTableTest, ReachText) {
  EXPECT_EQ(ReachText(kNowhere), "—");
  EXPECT_EQ(ReachText(kOwnOnly), "own");
  EXPECT_EQ(ReachText(Reach{.below = true}), "below");
  EXPECT_EQ(ReachText(kOwnAndBelow), "own + below");
}

std::vector<std::string> SplitRow(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  for (size_t i = 1; i < line.size(); ++i) {
    if (line[i] == '|') {
      const size_t first = cell.find_first_not_of(" `");
      const size_t last = cell.find_last_not_of(" `");
      cells.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
      cell.clear();
    } else {
      cell += line[i];
    }
  }
  return cells;
}

// docs/roles.md's table, parsed: its header and every row by action name.
TEST(PermissionTableTest, DocsRolesMdHasTheSameTable) {
  std::ifstream file(std::string(ESEP_SOURCE_DIR) + "/docs/roles.md");
  ASSERT_TRUE(file) << "docs/roles.md is missing";
  std::string line;
  std::vector<std::string> header;
  std::map<std::string, std::vector<std::string>> rows;
  bool in_table = false;
  while (std::getline(file, line)) {
    if (!in_table) {
      if (line.rfind("| action |", 0) == 0) {
        header = SplitRow(line);
        in_table = true;
      }
      continue;
    }
    if (line.empty() || line[0] != '|') {
      break;
    }
    if (line.rfind("|---", 0) == 0) {
      continue;
    }
    const std::vector<std::string> cells = SplitRow(line);
    ASSERT_FALSE(cells.empty());
    EXPECT_TRUE(rows.emplace(cells[0], cells).second) << "action twice: " << cells[0];
  }
  ASSERT_EQ(header.size(), kAllRoles.size() + 1) << "docs/roles.md: the table's header";
  for (size_t i = 0; i < kAllRoles.size(); ++i) {
    EXPECT_EQ(header[i + 1], RoleName(kAllRoles[i]));
  }
  EXPECT_EQ(rows.size(), PermissionTable().size()) << "docs/roles.md: rows";
  for (const PermissionRow& row : PermissionTable()) {
    const std::string name(ActionName(row.action));
    const auto found = rows.find(name);
    if (found == rows.end()) {
      ADD_FAILURE() << "docs/roles.md has no row for `" << name << "`";
      continue;
    }
    ASSERT_EQ(found->second.size(), kAllRoles.size() + 1) << name;
    for (size_t i = 0; i < kAllRoles.size(); ++i) {
      EXPECT_EQ(found->second[i + 1], ReachText(row.reach[i]))
          << "docs/roles.md, `" << name << "`, " << RoleName(kAllRoles[i])
          << " (permission_table.cc says " << ReachText(row.reach[i]) << ")";
    }
  }
}

TEST(PermissionTableTest, MarkdownRendering) {
  const std::string markdown = PermissionTableMarkdown();
  EXPECT_EQ(markdown.substr(0, markdown.find('\n')),
            "| action | administrator | chair | coordinator | typist | observer |");
  EXPECT_NE(markdown.find("| `claim_entry` | — | — | — | own + below | — |\n"), std::string::npos);
}

}  // namespace
}  // namespace esep::access
