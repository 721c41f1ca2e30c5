// Role: what a user of the commission server is for. Each user has exactly one role and belongs
// to one commission; what a role may do, and where, is the permission table
// (permission_table.h, docs/roles.md).
//
// Plain data; thread-safe.

#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace esep::access {

enum class Role {
  kAdministrator,  // system administrator: accounts, the audit log; enters and approves nothing
  kChair,          // commission chair: approves protocols and corrects them by decision
  kCoordinator,    // coordinator (the commission's secretary): resolves differences between entries
  kTypist,         // types protocols from paper (one entry of two)
  kObserver,       // reads everything that is finished; changes nothing
};

inline constexpr std::array<Role, 5> kAllRoles = {
    Role::kAdministrator, Role::kChair, Role::kCoordinator, Role::kTypist, Role::kObserver};

// The role's name in JSON, the command line and docs/roles.md: "administrator", "chair",
// "coordinator", "typist", "observer".
std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);

}  // namespace esep::access
