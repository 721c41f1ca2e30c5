#include "server/api_context.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "http/cookie.h"

namespace esep::server {

std::string SessionCookieName(http::Transport transport) {
  return http::CookieName(kSessionCookie, transport);
}

std::chrono::seconds TouchInterval(const access::SessionPolicy& policy) {
  return std::min(kTouchInterval, policy.idle / 2);
}

Result<Caller> Authenticate(const ApiContext& context, const http::Request& request) {
  const std::string cookie = http::CookieValue(request, SessionCookieName(request.transport));
  if (cookie.empty()) {
    return UnauthenticatedError("not logged in: log in first");
  }
  ASSIGN_OR_RETURN(std::string token_hash, access::HashSessionToken(cookie));
  const std::chrono::sys_seconds now = context.Now();
  return context.store->With([&](storage::Store& store) -> Result<Caller> {
    ASSIGN_OR_RETURN(std::optional<storage::StoredSession> stored, store.FindSession(token_hash));
    if (!stored.has_value()) {
      return UnauthenticatedError("no such session: log in again");
    }
    if (stored->ended_at.has_value()) {
      return UnauthenticatedError("the session has ended: log in again");
    }
    const access::SessionCheck check =
        access::CheckSession(context.session_policy, stored->session, now);
    RETURN_IF_ERROR(access::SessionStatus(context.session_policy, check));
    ASSIGN_OR_RETURN(std::optional<storage::StoredUser> user,
                     store.FindUserById(stored->session.user_id));
    if (!user.has_value() || user->user.disabled) {
      return UnauthenticatedError("the account is disabled: its sessions are over");
    }
    // A renewal is a write (and a sync) of the store: made at most once a kTouchInterval, and
    // the seconds left are those of the session as stored, so the countdown stays exact.
    access::Session session = stored->session;
    if (now - session.last_seen >= TouchInterval(context.session_policy)) {
      RETURN_IF_ERROR(store.TouchSession(token_hash, now));
      session = access::Renewed(std::move(session), now);
    }
    return Caller{.user = *std::move(user),
                  .token_hash = std::move(token_hash),
                  .seconds_left = access::CheckSession(context.session_policy, session, now).left};
  });
}

}  // namespace esep::server
