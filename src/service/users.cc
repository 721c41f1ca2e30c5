#include "service/users.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "access/password_policy.h"
#include "access/role.h"
#include "access/user.h"
#include "base/text.h"
#include "service/stored_election.h"
#include "storage/sqlite_store.h"

namespace esep::service {

namespace {

Result<access::Role> RoleNamed(std::string_view name) {
  const std::optional<access::Role> role = access::ParseRole(name);
  if (!role.has_value()) {
    std::vector<std::string_view> names;
    names.reserve(access::kAllRoles.size());
    for (const access::Role each : access::kAllRoles) {
      names.push_back(access::RoleName(each));
    }
    return InvalidArgumentError(fmt::format("unknown role '{}'; a role is one of: {}",
                                            EscapeControlCharacters(name), fmt::join(names, ", ")));
  }
  return *role;
}

Result<storage::StoredUser> UserNamed(storage::Store& store, std::string_view typed) {
  const std::string login_name = access::NormalizeLoginName(typed);
  ASSIGN_OR_RETURN(std::optional<storage::StoredUser> user, store.FindUserByLogin(login_name));
  if (!user.has_value()) {
    return NotFoundError(
        fmt::format("no user has the login name '{}'; `esep users list` shows "
                    "them",
                    EscapeControlCharacters(login_name)));
  }
  return *std::move(user);
}

void FillCommission(storage::EventActor& actor, const access::User& user) {
  if (actor.commission_id.empty()) {
    actor.commission_id = user.commission_id;
  }
}

}  // namespace

storage::EventActor CommandLineActor(std::chrono::sys_seconds now) {
  return storage::EventActor{.user_id = std::string(kCommandLineUser),
                             .time = now,
                             .client_address = std::string(kCommandLineAddress)};
}

Result<std::unique_ptr<storage::Store>> OpenAccountsStore(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return NotFoundError(fmt::format(
        "{}: no such store; create one with `esep import --db {} ELECTION_DIR` first", path, path));
  }
  return storage::OpenSqliteStore(path);
}

Result<access::User> CheckNewUser(storage::Store& store, const std::string& store_path,
                                  const NewUserRequest& request) {
  access::User user;
  user.login_name = access::NormalizeLoginName(request.login_name);
  RETURN_IF_ERROR(access::ValidateLoginName(user.login_name));
  user.display_name = request.display_name;
  RETURN_IF_ERROR(access::ValidateDisplayName(user.display_name));
  ASSIGN_OR_RETURN(user.role, RoleNamed(request.role));
  ASSIGN_OR_RETURN(const StoredElection election, LoadStoredElection(store, store_path));
  const auto& commissions = election.definition->commissions();
  if (std::none_of(commissions.begin(), commissions.end(),
                   [&](const model::Commission& c) { return c.id == request.commission_id; })) {
    return NotFoundError(fmt::format(
        "unknown commission '{}': the store's election ({}) has no commission with this id",
        EscapeControlCharacters(request.commission_id), election.definition->id()));
  }
  user.commission_id = request.commission_id;
  ASSIGN_OR_RETURN(const std::optional<storage::StoredUser> taken,
                   store.FindUserByLogin(user.login_name));
  if (taken.has_value()) {
    return AlreadyExistsError(
        fmt::format("the login name '{}' is taken (user {})", user.login_name, taken->user.id));
  }
  user.must_change_password = true;
  return user;
}

Result<storage::StoredUser> AddUser(storage::Store& store, const std::string& store_path,
                                    const NewUserRequest& request, access::PasswordHasher& hasher,
                                    storage::EventActor actor) {
  ASSIGN_OR_RETURN(access::User user, CheckNewUser(store, store_path, request));
  RETURN_IF_ERROR(access::CheckPasswordPolicy(request.password, user.login_name));
  ASSIGN_OR_RETURN(user.password_hash, hasher.Hash(request.password));
  FillCommission(actor, user);
  return store.AddUser(std::move(user), actor);
}

Result<std::vector<storage::StoredUser>> ListUsers(storage::Store& store) {
  return store.ListUsers();
}

Result<storage::StoredUser> DisableUser(storage::Store& store, std::string_view login_name,
                                        storage::EventActor actor) {
  ASSIGN_OR_RETURN(storage::StoredUser stored, UserNamed(store, login_name));
  access::User user = stored.user;
  user.disabled = true;
  FillCommission(actor, user);
  return store.UpdateUser(std::move(user), stored.version, actor);
}

Result<storage::StoredUser> ResetPassword(storage::Store& store, std::string_view login_name,
                                          std::string_view password, access::PasswordHasher& hasher,
                                          storage::EventActor actor) {
  ASSIGN_OR_RETURN(storage::StoredUser stored, UserNamed(store, login_name));
  RETURN_IF_ERROR(access::CheckPasswordPolicy(password, stored.user.login_name));
  access::User user = stored.user;
  ASSIGN_OR_RETURN(user.password_hash, hasher.Hash(password));
  user.must_change_password = true;
  FillCommission(actor, user);
  return store.UpdateUser(std::move(user), stored.version, actor);
}

}  // namespace esep::service
