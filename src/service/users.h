// The commission server's accounts, as every front door manages them: add a user, list them,
// disable one, reset a password. `esep users` bootstraps a server with them; the server's
// /users routes will call the same operations.
//
// Each change is written by the store with its audit event in the chain (storage/accounts.h);
// the actor says who did it (the command line: user "cli", address "local"). Passwords are
// checked against access's policy and stored only as Argon2id hashes; nothing here returns or
// prints a hash.
//
// Example:
//   ASSIGN_OR_RETURN(auto store, OpenAccountsStore("results.db"));
//   access::PasswordHasher hasher;
//   ASSIGN_OR_RETURN(storage::StoredUser user,
//                    AddUser(*store, "results.db", request, hasher, CommandLineActor(now)));

#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "access/password_hasher.h"
#include "access/user.h"
#include "base/result.h"
#include "storage/accounts.h"
#include "storage/store.h"

namespace esep::service {

inline constexpr std::string_view kCommandLineUser = "cli";
inline constexpr std::string_view kCommandLineAddress = "local";

// The actor of a change made at the command line at `now`: user "cli", address "local"; the
// commission is filled in with the changed user's.
storage::EventActor CommandLineActor(std::chrono::sys_seconds now);

// Opens the existing store at `path` for writing (a store of format 4 or 5 is migrated to format 6,
// storage/sqlite_store.h). kNotFound, with a hint, when there is no such file: accounts are
// added to a store that holds an election, never to a new empty file.
Result<std::unique_ptr<storage::Store>> OpenAccountsStore(const std::string& path);

struct NewUserRequest {
  std::string login_name;  // as typed: normalised (access::NormalizeLoginName) here
  std::string display_name;
  std::string role;  // "administrator", "chair", "coordinator", "typist", "observer"
  std::string commission_id;
  std::string password;  // the first password; the user must change it
};

// The checks of AddUser that need no password (names, role, commission, a free login name),
// for a front door that asks for the password only once the rest is known to be right. Returns
// the user to add, without a hash. Errors as AddUser.
Result<access::User> CheckNewUser(storage::Store& store, const std::string& store_path,
                                  const NewUserRequest& request);

// Adds a user with must_change_password set. Errors (each naming what is wrong, never quoting
// the password): kInvalidArgument for a bad login or display name, an unknown role, or a
// password the policy refuses; kNotFound for a commission that is not in the store's
// definition; kFailedPrecondition when the store holds no definition; kAlreadyExists for a
// login name that is taken. `store_path` is for messages.
Result<storage::StoredUser> AddUser(storage::Store& store, const std::string& store_path,
                                    const NewUserRequest& request, access::PasswordHasher& hasher,
                                    storage::EventActor actor);

// Every user, in the order they were added.
Result<std::vector<storage::StoredUser>> ListUsers(storage::Store& store);

// Disables the user `login_name` (their open sessions end). Disabling a disabled user changes
// nothing. kNotFound for an unknown login name.
Result<storage::StoredUser> DisableUser(storage::Store& store, std::string_view login_name,
                                        storage::EventActor actor);

// Gives the user `login_name` a new first password, which they must change at their next login.
// kNotFound for an unknown login name; kInvalidArgument for a password the policy refuses.
Result<storage::StoredUser> ResetPassword(storage::Store& store, std::string_view login_name,
                                          std::string_view password, access::PasswordHasher& hasher,
                                          storage::EventActor actor);

}  // namespace esep::service
