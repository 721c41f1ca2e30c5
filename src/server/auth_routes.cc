// The routes of one's own session and account: POST /auth/login, POST /auth/logout,
// GET /auth/me, PUT /auth/me (docs/api.md).

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "access/login.h"
#include "access/password_policy.h"
#include "access/session.h"
#include "http/cookie.h"
#include "server/handler_support.h"

namespace esep::server::internal {
namespace {

using nlohmann::json;

json MeJson(const Caller& caller) {
  return json{{"user", UserJson(caller.user)},
              {"session_seconds_left", caller.seconds_left.count()}};
}

// The Set-Cookie of the session cookie (a zero max_age deletes it).
std::string SessionSetCookie(const http::Request& request, std::string_view value,
                             std::chrono::seconds max_age) {
  Result<std::string> cookie =
      http::BuildSetCookie(SessionCookieName(request.transport), value,
                           {.max_age_seconds = max_age.count(), .transport = request.transport});
  return cookie.has_value() ? *cookie : std::string();
}

storage::AuditEvent LoginFailedEvent(const std::optional<storage::StoredUser>& user,
                                     const std::string& login_name, const http::Request& request,
                                     std::chrono::sys_seconds now) {
  return storage::AuditEvent{
      .kind = storage::EventKind::kLoginFailed,
      .actor = {.user_id = user.has_value() ? user->user.id : std::string(),
                .commission_id = user.has_value() ? user->user.commission_id : std::string(),
                .time = now,
                .client_address = request.remote_address},
      .details = {{"login_name", login_name}}};
}

http::Response Login(const ApiContext& context, const http::Request& request) {
  BodyReader body(request.json, {"login_name", "password"});
  const std::optional<std::string> typed = body.String("login_name", true);
  const std::optional<std::string> password = body.String("password", true);
  if (!body.ok()) {
    return body.error();
  }
  const std::string login_name = access::NormalizeLoginName(*typed);
  const std::chrono::sys_seconds now = context.Now();
  Result<std::optional<storage::StoredUser>> found =
      context.store->With([&](storage::Store& store) { return store.FindUserByLogin(login_name); });
  if (!found.has_value()) {
    return http::Response::Error(found.error());
  }
  const access::LoginOutcome outcome = access::AttemptLogin(
      *context.hasher, *context.backoff, found->has_value() ? &(*found)->user : nullptr, login_name,
      request.remote_address, *password, now);
  if (outcome.status.code() == StatusCode::kResourceExhausted) {
    http::Response response = http::Response::Error(outcome.status);
    response.headers.set("Retry-After",
                         std::to_string(std::max<int64_t>(1, outcome.retry_after.count())));
    return response;
  }
  if (!outcome.status.ok()) {
    if (outcome.status.code() == StatusCode::kUnauthenticated) {
      const storage::AuditEvent event = LoginFailedEvent(*found, login_name, request, now);
      const Status appended = context.store->With([&](storage::Store& store) {
        return store.AppendEvents({&event, 1});
      });
      if (!appended.ok()) {
        return http::Response::Error(appended);
      }
    }
    return http::Response::Error(outcome.status);
  }
  const storage::StoredUser& user = **found;
  const access::SessionToken token = access::NewSessionToken();
  const access::Session session{
      .token_hash = token.hash_hex, .user_id = user.user.id, .created_at = now, .last_seen = now};
  const storage::AuditEvent event{.kind = storage::EventKind::kLogin,
                                  .actor = {.user_id = user.user.id,
                                            .commission_id = user.user.commission_id,
                                            .time = now,
                                            .client_address = request.remote_address}};
  const Status created = context.store->With([&](storage::Store& store) {
    return store.CreateSession(session, {&event, 1});
  });
  if (!created.ok()) {
    return http::Response::Error(created);
  }
  const Caller caller{
      .user = user,
      .token_hash = token.hash_hex,
      .seconds_left = access::CheckSession(context.session_policy, session, now).left};
  http::Response response = http::Response::Json(200, MeJson(caller));
  response.headers.set(
      "Set-Cookie", SessionSetCookie(request, token.cookie_value, context.session_policy.absolute));
  response.headers.set(kSessionSecondsHeader, std::to_string(caller.seconds_left.count()));
  return response;
}

http::Response Logout(const ApiContext& context, const http::Request& request) {
  Result<Caller> caller = Authenticate(context, request);
  if (!caller.has_value()) {
    return http::Response::Error(caller.error());
  }
  const storage::AuditEvent event{
      .kind = storage::EventKind::kLogout,
      .actor = ActorOf(context, *caller, request, caller->user.user.commission_id)};
  const Status ended = context.store->With([&](storage::Store& store) {
    return store.EndSession(caller->token_hash, event.actor.time, {&event, 1});
  });
  if (!ended.ok()) {
    return http::Response::Error(ended);
  }
  http::Response response = http::Response::Json(200, json::object());
  response.headers.set("Set-Cookie", SessionSetCookie(request, "", std::chrono::seconds(0)));
  return response;
}

http::Response Me(const ApiContext& /*context*/, const Caller& caller,
                  const http::Request& /*request*/, access::Action action) {
  const Status allowed = AuthorizeOwn(caller, action);
  if (!allowed.ok()) {
    return http::Response::Error(allowed);
  }
  return http::Response::Json(200, MeJson(caller));
}

http::Response ChangeMe(const ApiContext& context, const Caller& caller,
                        const http::Request& request, access::Action action) {
  const Status allowed = AuthorizeOwn(caller, action);
  if (!allowed.ok()) {
    return http::Response::Error(allowed);
  }
  BodyReader body(request.json, {"display_name", "password", "current_password"});
  const std::optional<std::string> display_name = body.String("display_name", false);
  const std::optional<std::string> password = body.String("password", false);
  const std::optional<std::string> current = body.String("current_password", password.has_value());
  if (!body.ok()) {
    return body.error();
  }
  access::User user = caller.user.user;
  if (display_name.has_value()) {
    const Status valid = access::ValidateDisplayName(*display_name);
    if (!valid.ok()) {
      return http::Response::Error(valid, "display_name");
    }
    user.display_name = *display_name;
  }
  if (password.has_value()) {
    Result<bool> matches = context.hasher->Verify(user.password_hash, *current);
    if (!matches.has_value()) {
      return http::Response::Error(matches.error());
    }
    if (!*matches) {
      return http::Response::Error(PermissionDeniedError("the current password is wrong"),
                                   "current_password");
    }
    const Status policy = access::CheckPasswordPolicy(*password, user.login_name);
    if (!policy.ok()) {
      return http::Response::Error(policy, "password");
    }
    if (*password == *current) {
      return http::Response::Error(
          InvalidArgumentError("the new password must differ from the current one"), "password");
    }
    Result<std::string> hash = context.hasher->Hash(*password);
    if (!hash.has_value()) {
      return http::Response::Error(hash.error());
    }
    user.password_hash = *std::move(hash);
    user.must_change_password = false;
  }
  const storage::EventActor actor = ActorOf(context, caller, request, user.commission_id);
  Result<storage::StoredUser> updated = context.store->With(
      [&](storage::Store& store) { return store.UpdateUser(user, caller.user.version, actor); });
  if (!updated.has_value()) {
    return http::Response::Error(updated.error());
  }
  Caller after = caller;
  after.user = *std::move(updated);
  return http::Response::Json(200, MeJson(after));
}

}  // namespace

Status AddAuthRoutes(http::Router& router, const std::shared_ptr<const ApiContext>& context) {
  const http::RouteOptions change{.body = http::BodyKind::kJson,
                                  .effect = http::Effect::kStateChanging,
                                  .execution = http::Execution::kWorkerPool};
  RETURN_IF_ERROR(router.Add(
      {.method = "POST",
       .pattern = "/api/v1/auth/login",
       .name = "auth.login",
       .options = change,
       .handler = [context](const http::Request& request) { return Login(*context, request); }}));
  RETURN_IF_ERROR(router.Add(
      {.method = "POST",
       .pattern = "/api/v1/auth/logout",
       .name = "auth.logout",
       .options = {.body = http::BodyKind::kAny,
                   .effect = http::Effect::kStateChanging,
                   .execution = http::Execution::kWorkerPool},
       .handler = [context](const http::Request& request) { return Logout(*context, request); }}));
  RETURN_IF_ERROR(router.Add({.method = "GET",
                              .pattern = "/api/v1/auth/me",
                              .name = "auth.me",
                              .options = {.execution = http::Execution::kWorkerPool},
                              .handler = Guarded(context, Me)}));
  return router.Add({.method = "PUT",
                     .pattern = "/api/v1/auth/me",
                     .name = "auth.me.change",
                     .options = change,
                     .handler = Guarded(context, ChangeMe)});
}

}  // namespace esep::server::internal
