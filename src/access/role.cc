#include "access/role.h"

#include <utility>

namespace esep::access {

namespace {

constexpr std::array<std::pair<Role, std::string_view>, 5> kRoleNames = {{
    {Role::kAdministrator, "administrator"},
    {Role::kChair, "chair"},
    {Role::kCoordinator, "coordinator"},
    {Role::kTypist, "typist"},
    {Role::kObserver, "observer"},
}};

}  // namespace

std::string_view RoleName(Role role) {
  for (const auto& [value, name] : kRoleNames) {
    if (value == role) {
      return name;
    }
  }
  return "?";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& [value, role_name] : kRoleNames) {
    if (role_name == name) {
      return value;
    }
  }
  return std::nullopt;
}

}  // namespace esep::access
