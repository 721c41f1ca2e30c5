// The account routes: GET|POST /users, GET|PUT|DELETE /users/{id} (docs/api.md). The target
// commission of each is the commission of the account read, changed or created
// (docs/roles.md), so an administrator acts only on the accounts of their commission and below.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "access/password_policy.h"
#include "access/role.h"
#include "base/text.h"
#include "server/handler_support.h"

namespace esep::server::internal {
namespace {

using nlohmann::json;

http::Response UserAnswer(int status, const storage::StoredUser& user) {
  http::Response response = http::Response::Json(status, UserJson(user));
  response.headers.set("ETag", ETagOf(user.version));
  return response;
}

// The user `id`; kNotFound when there is none.
Result<storage::StoredUser> LoadUser(const ApiContext& context, std::string_view id) {
  ASSIGN_OR_RETURN(
      std::optional<storage::StoredUser> user,
      context.store->With([&](storage::Store& store) { return store.FindUserById(id); }));
  if (!user.has_value()) {
    return NotFoundError(fmt::format("no user has the id '{}'", EscapeControlCharacters(id)));
  }
  return *std::move(user);
}

Result<access::Role> RoleNamed(std::string_view name) {
  const std::optional<access::Role> role = access::ParseRole(name);
  if (!role.has_value()) {
    return InvalidArgumentError(
        fmt::format("unknown role '{}'; a role is one of: administrator, chair, coordinator, "
                    "typist, observer",
                    EscapeControlCharacters(name)));
  }
  return *role;
}

http::Response ListUsers(const ApiContext& context, const Caller& caller,
                         const http::Request& request, access::Action action) {
  Result<std::vector<std::pair<std::string, std::string>>> query = ParseQuery(request.query);
  if (!query.has_value()) {
    return http::Response::Error(query.error());
  }
  const std::string commission =
      QueryValue(*query, "commission").value_or(caller.user.user.commission_id);
  const Status allowed = AuthorizeOn(context, caller, action, commission);
  if (!allowed.ok()) {
    return ErrorAnswer(allowed, "commission");
  }
  Result<std::vector<storage::StoredUser>> users =
      context.store->With([](storage::Store& store) { return store.ListUsers(); });
  if (!users.has_value()) {
    return http::Response::Error(users.error());
  }
  json list = json::array();
  for (const storage::StoredUser& user : *users) {
    if (WithinSubtree(context, commission, user.user.commission_id)) {
      list.push_back(UserJson(user));
    }
  }
  return http::Response::Json(200, json{{"commission", commission}, {"users", std::move(list)}});
}

http::Response GetUser(const ApiContext& context, const Caller& caller,
                       const http::Request& request, access::Action action) {
  Result<storage::StoredUser> user = LoadUser(context, request.param("id"));
  if (!user.has_value()) {
    return http::Response::Error(user.error());
  }
  const Status allowed = AuthorizeOn(context, caller, action, user->user.commission_id);
  if (!allowed.ok()) {
    return http::Response::Error(allowed);
  }
  return UserAnswer(200, *user);
}

http::Response AddUser(const ApiContext& context, const Caller& caller,
                       const http::Request& request, access::Action action) {
  BodyReader body(request.json, {"login_name", "display_name", "role", "commission", "password"});
  const std::optional<std::string> login = body.String("login_name", true);
  const std::optional<std::string> display_name = body.String("display_name", true);
  const std::optional<std::string> role_name = body.String("role", true);
  const std::optional<std::string> commission = body.String("commission", true);
  const std::optional<std::string> password = body.String("password", true);
  if (!body.ok()) {
    return body.error();
  }
  if (FindCommission(context, *commission) == nullptr) {
    return http::Response::Error(NotFoundError(fmt::format("the election has no commission '{}'",
                                                           EscapeControlCharacters(*commission))),
                                 "commission");
  }
  const Status allowed = AuthorizeOn(context, caller, action, *commission);
  if (!allowed.ok()) {
    return http::Response::Error(allowed);
  }
  access::User user;
  user.login_name = access::NormalizeLoginName(*login);
  if (const Status valid = access::ValidateLoginName(user.login_name); !valid.ok()) {
    return http::Response::Error(valid, "login_name");
  }
  user.display_name = *display_name;
  if (const Status valid = access::ValidateDisplayName(user.display_name); !valid.ok()) {
    return http::Response::Error(valid, "display_name");
  }
  Result<access::Role> role = RoleNamed(*role_name);
  if (!role.has_value()) {
    return http::Response::Error(role.error(), "role");
  }
  user.role = *role;
  user.commission_id = *commission;
  user.must_change_password = true;
  if (const Status policy = access::CheckPasswordPolicy(*password, user.login_name); !policy.ok()) {
    return http::Response::Error(policy, "password");
  }
  Result<std::string> hash = context.hasher->Hash(*password);
  if (!hash.has_value()) {
    return http::Response::Error(hash.error());
  }
  user.password_hash = *std::move(hash);
  const storage::EventActor actor = ActorOf(context, caller, request, user.commission_id);
  Result<storage::StoredUser> added = context.store->With(
      [&](storage::Store& store) { return store.AddUser(std::move(user), actor); });
  if (!added.has_value()) {
    return ErrorAnswer(added.error(), "login_name");
  }
  http::Response response = UserAnswer(201, *added);
  response.headers.set("Location", "/api/v1/users/" + added->user.id);
  return response;
}

http::Response ChangeUser(const ApiContext& context, const Caller& caller,
                          const http::Request& request, access::Action action) {
  Result<storage::StoredUser> stored = LoadUser(context, request.param("id"));
  if (!stored.has_value()) {
    return http::Response::Error(stored.error());
  }
  if (const Status allowed = AuthorizeOn(context, caller, action, stored->user.commission_id);
      !allowed.ok()) {
    return http::Response::Error(allowed);
  }
  Result<int64_t> version = IfMatchVersion(request);
  if (!version.has_value()) {
    return http::Response::Error(version.error());
  }
  BodyReader body(request.json, {"display_name", "role", "commission", "password"});
  const std::optional<std::string> display_name = body.String("display_name", false);
  const std::optional<std::string> role_name = body.String("role", false);
  const std::optional<std::string> commission = body.String("commission", false);
  const std::optional<std::string> password = body.String("password", false);
  if (!body.ok()) {
    return body.error();
  }
  access::User user = stored->user;
  if (display_name.has_value()) {
    if (const Status valid = access::ValidateDisplayName(*display_name); !valid.ok()) {
      return http::Response::Error(valid, "display_name");
    }
    user.display_name = *display_name;
  }
  if (role_name.has_value()) {
    Result<access::Role> role = RoleNamed(*role_name);
    if (!role.has_value()) {
      return http::Response::Error(role.error(), "role");
    }
    user.role = *role;
  }
  if (commission.has_value()) {
    if (FindCommission(context, *commission) == nullptr) {
      return http::Response::Error(NotFoundError(fmt::format("the election has no commission '{}'",
                                                             EscapeControlCharacters(*commission))),
                                   "commission");
    }
    // Moving an account is changing it on both commissions.
    if (const Status allowed = AuthorizeOn(context, caller, action, *commission); !allowed.ok()) {
      return http::Response::Error(allowed);
    }
    user.commission_id = *commission;
  }
  if (password.has_value()) {
    if (const Status policy = access::CheckPasswordPolicy(*password, user.login_name);
        !policy.ok()) {
      return http::Response::Error(policy, "password");
    }
    Result<std::string> hash = context.hasher->Hash(*password);
    if (!hash.has_value()) {
      return http::Response::Error(hash.error());
    }
    user.password_hash = *std::move(hash);
    user.must_change_password = true;
  }
  const storage::EventActor actor = ActorOf(context, caller, request, user.commission_id);
  Result<storage::StoredUser> updated = context.store->With(
      [&](storage::Store& store) { return store.UpdateUser(std::move(user), *version, actor); });
  if (!updated.has_value()) {
    return http::Response::Error(updated.error());
  }
  return UserAnswer(200, *updated);
}

http::Response DisableUser(const ApiContext& context, const Caller& caller,
                           const http::Request& request, access::Action action) {
  Result<storage::StoredUser> stored = LoadUser(context, request.param("id"));
  if (!stored.has_value()) {
    return http::Response::Error(stored.error());
  }
  if (const Status allowed = AuthorizeOn(context, caller, action, stored->user.commission_id);
      !allowed.ok()) {
    return http::Response::Error(allowed);
  }
  if (stored->user.id == caller.user.user.id) {
    return http::Response::Error(
        FailedPreconditionError("you cannot disable your own account; ask another administrator"));
  }
  int64_t version = stored->version;
  if (!request.header("If-Match").empty()) {
    Result<int64_t> matched = IfMatchVersion(request);
    if (!matched.has_value()) {
      return http::Response::Error(matched.error());
    }
    version = *matched;
  }
  access::User user = stored->user;
  user.disabled = true;
  const storage::EventActor actor = ActorOf(context, caller, request, user.commission_id);
  Result<storage::StoredUser> updated = context.store->With(
      [&](storage::Store& store) { return store.UpdateUser(std::move(user), version, actor); });
  if (!updated.has_value()) {
    return http::Response::Error(updated.error());
  }
  return UserAnswer(200, *updated);
}

}  // namespace

Status AddUserRoutes(http::Router& router, const std::shared_ptr<const ApiContext>& context) {
  const http::RouteOptions read{.execution = http::Execution::kWorkerPool};
  const http::RouteOptions change{.body = http::BodyKind::kJson,
                                  .effect = http::Effect::kStateChanging,
                                  .execution = http::Execution::kWorkerPool};
  RETURN_IF_ERROR(router.Add({.method = "GET",
                              .pattern = "/api/v1/users",
                              .name = "users.list",
                              .options = read,
                              .handler = Guarded(context, ListUsers)}));
  RETURN_IF_ERROR(router.Add({.method = "POST",
                              .pattern = "/api/v1/users",
                              .name = "users.add",
                              .options = change,
                              .handler = Guarded(context, AddUser)}));
  RETURN_IF_ERROR(router.Add({.method = "GET",
                              .pattern = "/api/v1/users/{id}",
                              .name = "users.get",
                              .options = read,
                              .handler = Guarded(context, GetUser)}));
  RETURN_IF_ERROR(router.Add({.method = "PUT",
                              .pattern = "/api/v1/users/{id}",
                              .name = "users.change",
                              .options = change,
                              .handler = Guarded(context, ChangeUser)}));
  return router.Add({.method = "DELETE",
                     .pattern = "/api/v1/users/{id}",
                     .name = "users.disable",
                     .options = {.body = http::BodyKind::kAny,
                                 .effect = http::Effect::kStateChanging,
                                 .execution = http::Execution::kWorkerPool},
                     .handler = Guarded(context, DisableUser)});
}

}  // namespace esep::server::internal
