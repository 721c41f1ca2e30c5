#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "access/user.h"
#include "base/text.h"
#include "storage/audit_chain.h"
#include "storage/chain_events.h"
#include "storage/internal/account_rows.h"
#include "storage/internal/chain_reads.h"
#include "storage/internal/chain_rows.h"
#include "storage/internal/sqlite.h"
#include "storage/internal/sqlite_store_impl.h"

namespace esep::storage::internal {

Status SqliteStore::AppendEvents(std::span<const AuditEvent> events) {
  if (events.empty()) {
    return OkStatus();
  }
  return WriteWithEvents([&]() -> Result<std::vector<AuditEvent>> {
    return std::vector<AuditEvent>(events.begin(), events.end());
  });
}

Result<std::vector<RecordedEvent>> SqliteStore::AuditEvents() {
  ReadTransaction transaction(db_);
  RETURN_IF_ERROR(transaction.status());
  ASSIGN_OR_RETURN(EntryCursor cursor, EntryCursor::Open(db_));
  std::vector<RecordedEvent> events;
  while (true) {
    ASSIGN_OR_RETURN(const bool more, cursor.Next());
    if (!more) {
      return events;
    }
    const std::string_view content = cursor.content();
    // Only an event entry's second value is "event": a cheap test before the full decode.
    if (content.find(",\"event\",") == std::string_view::npos) {
      continue;
    }
    ASSIGN_OR_RETURN(const EntryKind kind, KindOfEntry(cursor.entry(), content));
    if (kind != EntryKind::kEvent) {
      continue;
    }
    RecordedEvent recorded;
    Result<AuditEvent> event = DecodeEventEntry(content, recorded.entry);
    if (!event.has_value()) {
      return event.error().WithContext(
          fmt::format("store {}: chain table, entry {}", db_.path(), cursor.entry()));
    }
    recorded.event = *std::move(event);
    events.push_back(std::move(recorded));
  }
}

Result<StoredUser> SqliteStore::AddUser(access::User user, const EventActor& actor) {
  RETURN_IF_ERROR(RequireAccounts());
  user.id = std::to_string(0);  // a valid placeholder until the store gives it one
  user.created_at = actor.time;
  user.updated_at = actor.time;
  RETURN_IF_ERROR(CheckUserRecord(user));
  StoredUser added;
  RETURN_IF_ERROR(WriteWithEvents([&]() -> Result<std::vector<AuditEvent>> {
    ASSIGN_OR_RETURN(const int64_t id, InsertUser(db_, user));
    user.id = std::to_string(id);
    added = StoredUser{user, 1};
    return std::vector<AuditEvent>{UserAddedEvent(user, actor)};
  }));
  return added;
}

Result<StoredUser> SqliteStore::UpdateUser(access::User user, int64_t expected_version,
                                           const EventActor& actor) {
  RETURN_IF_ERROR(RequireAccounts());
  const std::optional<int64_t> id = ParseUserId(user.id);
  if (!id.has_value()) {
    return NotFoundError(fmt::format("store {}: no user has the id '{}'", db_.path(),
                                     EscapeControlCharacters(user.id)));
  }
  RETURN_IF_ERROR(CheckUserRecord(user));
  StoredUser updated;
  RETURN_IF_ERROR(WriteWithEvents([&]() -> Result<std::vector<AuditEvent>> {
    ASSIGN_OR_RETURN(const std::optional<StoredUser> stored, ReadUserById(db_, *id));
    if (!stored.has_value()) {
      return NotFoundError(fmt::format("store {}: no user has the id {}", db_.path(), *id));
    }
    if (stored->version != expected_version) {
      return AbortedError(fmt::format(
          "user {} ({}) was changed meanwhile: it is at version {}, not {}; read it again", *id,
          stored->user.login_name, stored->version, expected_version));
    }
    if (stored->user.login_name != user.login_name || stored->user.created_at != user.created_at) {
      return InvalidArgumentError(
          fmt::format("user {}: the login name and the creation time never change", *id));
    }
    user.updated_at = stored->user.updated_at;
    std::optional<AuditEvent> event = UserChangeEvent(stored->user, user, actor);
    if (!event.has_value()) {
      updated = *stored;
      return std::vector<AuditEvent>();
    }
    user.updated_at = actor.time;
    RETURN_IF_ERROR(WriteUser(db_, user, expected_version + 1));
    if (user.disabled && !stored->user.disabled) {
      RETURN_IF_ERROR(EndUserSessions(db_, *id, actor.time));
    }
    updated = StoredUser{user, expected_version + 1};
    return std::vector<AuditEvent>{std::move(*event)};
  }));
  return updated;
}

Result<std::optional<StoredUser>> SqliteStore::FindUserByLogin(std::string_view login_name) {
  RETURN_IF_ERROR(RequireAccounts());
  return ReadUserByLogin(db_, login_name);
}

Result<std::optional<StoredUser>> SqliteStore::FindUserById(std::string_view id) {
  RETURN_IF_ERROR(RequireAccounts());
  const std::optional<int64_t> number = ParseUserId(id);
  if (!number.has_value()) {
    return std::optional<StoredUser>();
  }
  return ReadUserById(db_, *number);
}

Result<std::vector<StoredUser>> SqliteStore::ListUsers() {
  RETURN_IF_ERROR(RequireAccounts());
  return ReadUsers(db_);
}

Status SqliteStore::CreateSession(const access::Session& session,
                                  std::span<const AuditEvent> events) {
  RETURN_IF_ERROR(RequireAccounts());
  if (!IsLowerHex(session.token_hash, 64)) {
    return InvalidArgumentError(
        "a session is stored under its token's SHA-256: 64 lowercase "
        "hex digits");
  }
  return WriteWithEvents([&]() -> Result<std::vector<AuditEvent>> {
    const std::optional<int64_t> id = ParseUserId(session.user_id);
    std::optional<StoredUser> user;
    if (id.has_value()) {
      ASSIGN_OR_RETURN(user, ReadUserById(db_, *id));
    }
    if (!user.has_value()) {
      return NotFoundError(fmt::format("store {}: no user has the id '{}'", db_.path(),
                                       EscapeControlCharacters(session.user_id)));
    }
    RETURN_IF_ERROR(InsertSession(db_, session));
    return std::vector<AuditEvent>(events.begin(), events.end());
  });
}

Result<std::optional<StoredSession>> SqliteStore::FindSession(std::string_view token_hash) {
  RETURN_IF_ERROR(RequireAccounts());
  return ReadSession(db_, token_hash);
}

Status SqliteStore::TouchSession(std::string_view token_hash, std::chrono::sys_seconds now) {
  RETURN_IF_ERROR(RequireAccounts());
  return WriteWithEvents([&]() -> Result<std::vector<AuditEvent>> {
    RETURN_IF_ERROR(RequireOpenSession(token_hash));
    RETURN_IF_ERROR(WriteSessionSeen(db_, token_hash, now));
    return std::vector<AuditEvent>();
  });
}

Status SqliteStore::EndSession(std::string_view token_hash, std::chrono::sys_seconds now,
                               std::span<const AuditEvent> events) {
  RETURN_IF_ERROR(RequireAccounts());
  return WriteWithEvents([&]() -> Result<std::vector<AuditEvent>> {
    RETURN_IF_ERROR(RequireOpenSession(token_hash));
    RETURN_IF_ERROR(WriteSessionEnded(db_, token_hash, now));
    return std::vector<AuditEvent>(events.begin(), events.end());
  });
}

Status SqliteStore::RequireAccounts() const {
  if (format_version_ < kAccountsFormatVersion) {
    return FailedPreconditionError(fmt::format(
        "store {} is of format {}, which has no accounts: open it for writing once (any esep "
        "command that writes to it, such as `esep users list`) to bring it to format {}",
        db_.path(), format_version_, kStoreFormatVersion));
  }
  return OkStatus();
}

bool SqliteStore::IsLowerHex(std::string_view text, size_t digits) {
  return text.size() == digits && text.find_first_not_of("0123456789abcdef") == text.npos;
}

Status SqliteStore::CheckUserRecord(const access::User& user) {
  RETURN_IF_ERROR(access::ValidateUser(user));
  if (!user.password_hash.starts_with("$argon2id$")) {
    return InvalidArgumentError(
        "a user's password is stored as an Argon2id hash (access::PasswordHasher), never as "
        "given");
  }
  return OkStatus();
}

Status SqliteStore::RequireOpenSession(std::string_view token_hash) {
  ASSIGN_OR_RETURN(const std::optional<StoredSession> session, ReadSession(db_, token_hash));
  if (!session.has_value() || session->ended_at.has_value()) {
    return NotFoundError("no open session has this token");
  }
  return OkStatus();
}

Status SqliteStore::WriteWithEvents(const std::function<Result<std::vector<AuditEvent>>()>& write) {
  RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
  Status status = [&]() -> Status {
    ASSIGN_OR_RETURN(StoreState * state, SyncedState());
    ASSIGN_OR_RETURN(const std::vector<AuditEvent> events, write());
    RETURN_IF_ERROR(AppendEventsRow(*state, events));
    return db_.Exec("COMMIT");
  }();
  if (!status.ok()) {
    db_.RollbackIfActive();
    ForgetState();
  }
  return status;
}

Status SqliteStore::AppendEventsRow(StoreState& state, std::span<const AuditEvent> events) {
  if (events.empty()) {
    return OkStatus();
  }
  const int64_t first = state.last_id + 1;
  std::string row;
  for (size_t i = 0; i < events.size(); ++i) {
    RETURN_IF_ERROR(CheckEventDetails(events[i]));
    AppendRowEntry(row, EventEntryContent(first + static_cast<int64_t>(i), events[i]));
  }
  CloseRow(row);
  const int64_t last = first + static_cast<int64_t>(events.size()) - 1;
  const std::string hash = ChainHash(state.head_hash, row);
  RETURN_IF_ERROR(InsertRow(first, last, row, hash));
  state.last_id = last;
  state.head_hash = hash;
  state.last_signer.clear();
  return OkStatus();
}

}  // namespace esep::storage::internal
