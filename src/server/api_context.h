// ApiContext: what every handler of the commission server's API shares — the store, the
// election's commission tree, the password hasher, the login back-off, the session policy and
// the clock — and the session check every route but the login starts with.
//
// A session is the `esep_session` cookie (`__Host-esep_session` under TLS, http/cookie.h): its
// value is hashed (access::HashSessionToken), looked up (Store::FindSession), checked against
// the policy at the context's clock (access::CheckSession), renewed (Store::TouchSession, at most
// once a minute) and its user loaded. Every refusal is 401 with one message per cause, never naming
// the token.
//
// Built once before the server starts; thread-safe as its parts are (SharedStore, the hasher,
// the back-off).

#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "access/login_backoff.h"
#include "access/password_hasher.h"
#include "access/scope.h"
#include "access/session.h"
#include "base/result.h"
#include "http/request.h"
#include "model/election_definition.h"
#include "server/event_hub.h"
#include "server/shared_store.h"
#include "service/entries.h"
#include "service/entry_committer.h"
#include "storage/accounts.h"

namespace esep::server {

// The session cookie's name without the `__Host-` prefix (added under TLS).
inline constexpr std::string_view kSessionCookie = "esep_session";
// The response header of every authenticated answer: the session's seconds left, for the web
// application's countdown.
inline constexpr std::string_view kSessionSecondsHeader = "X-Esep-Session-Seconds";

struct ApiContext {
  std::shared_ptr<SharedStore> store;
  // The session checks' reads (a session and its user, by key) on a read-only connection of
  // their own, so that every request's check holds no lock longer than those two row reads
  // (never the store's while another request works on it) and can run on an I/O thread: in WAL
  // mode a reader never waits for a writer. Null: the checks read through `store`.
  std::shared_ptr<SharedStore> session_reader;
  std::string store_path;  // for messages
  std::shared_ptr<const model::ElectionDefinition> definition;
  std::shared_ptr<const access::CommissionScopes> scopes;
  std::shared_ptr<access::PasswordHasher> hasher;
  std::shared_ptr<access::LoginBackoff> backoff;
  access::SessionPolicy session_policy;
  // The time of a request; the system clock in `esep serve`, a fixed time in tests.
  std::function<std::chrono::sys_seconds()> clock;
  // The streams of GET /events, one per commission.
  std::shared_ptr<EventHub> events;
  // The double-entry desk (service/entries.h), loaded once.
  std::shared_ptr<const service::EntryDesk> desk;
  // The group committer of the double-entry commands (service/entry_committer.h), on a
  // connection of its own to the store's file. `esep serve` stops it after the HTTP server and
  // before the store closes.
  std::shared_ptr<service::EntryCommitter> committer;

  std::chrono::sys_seconds Now() const { return clock(); }
};

// A session's last request is stored again only when this long has passed since the stored one
// (every store write is synced to disk); until then a request does not extend the session, and
// the seconds left say so. A minute, or half the idle limit when that is shorter, so that a user
// who keeps working is never logged out.
inline constexpr std::chrono::seconds kTouchInterval{60};
std::chrono::seconds TouchInterval(const access::SessionPolicy& policy);

// The caller of an authenticated request.
struct Caller {
  storage::StoredUser user;
  std::string token_hash;                // the session's key in the store
  std::chrono::seconds seconds_left{0};  // until the session ends, after this request
  // The session's renewal is due but was not stored: the request may not block here (an I/O
  // thread's, request.may_block false). Its handler must run where it may (the worker pool).
  bool renewal_due = false;
};

// The caller of `request` from its session cookie, after renewing the session (a store write,
// at most once a TouchInterval; on an I/O thread left undone, and renewal_due set instead).
// kUnauthenticated when there is no cookie, the token is malformed or unknown, the session has
// ended or expired, or its user is missing or disabled.
Result<Caller> Authenticate(const ApiContext& context, const http::Request& request);

// The session cookie's name for the request's transport.
std::string SessionCookieName(http::Transport transport);

}  // namespace esep::server
