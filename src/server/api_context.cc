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
  struct Found {
    storage::StoredSession session;
    storage::StoredUser user;
  };
  SharedStore& reader =
      context.session_reader != nullptr ? *context.session_reader : *context.store;
  ASSIGN_OR_RETURN(Found found, reader.With([&](storage::Store& store) -> Result<Found> {
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
    return Found{.session = *std::move(stored), .user = *std::move(user)};
  }));
  // A renewal is a write (and a sync) of the store: made at most once a kTouchInterval, and
  // the seconds left are those of the session as stored, so the countdown stays exact.
  access::Session session = std::move(found.session.session);
  bool renewal_due = false;
  if (now - session.last_seen >= TouchInterval(context.session_policy)) {
    if (request.may_block) {
      RETURN_IF_ERROR(context.store->With(
          [&](storage::Store& store) { return store.TouchSession(token_hash, now); }));
      session = access::Renewed(std::move(session), now);
    } else {
      renewal_due = true;
    }
  }
  return Caller{.user = std::move(found.user),
                .token_hash = std::move(token_hash),
                .seconds_left = access::CheckSession(context.session_policy, session, now).left,
                .renewal_due = renewal_due};
}

}  // namespace esep::server
