#include "storage/internal/account_rows.h"

#include <charconv>
#include <string>

#include <fmt/format.h>

namespace esep::storage::internal {

namespace {

constexpr std::string_view kUserColumns =
    "id, login_name, display_name, role, commission_id, disabled, must_change_password, "
    "password_hash, created, updated, version";

enum UserColumn {
  kId,
  kLogin,
  kDisplay,
  kRole,
  kCommission,
  kDisabled,
  kMustChange,
  kHash,
  kCreated,
  kUpdated,
  kVersion
};

Result<std::chrono::sys_seconds> ReadTime(const Database& db, std::string_view table, int64_t row,
                                          std::string_view text) {
  const std::optional<std::chrono::sys_seconds> time = ParseEventTime(text);
  if (!time.has_value()) {
    return DataLossError(
        fmt::format("store {}: {} table, row {}: time '{}' is not "
                    "YYYY-MM-DDTHH:MM:SSZ",
                    db.path(), table, row, text));
  }
  return *time;
}

Result<StoredUser> ReadUserRow(const Database& db, const Statement& row) {
  StoredUser stored;
  access::User& user = stored.user;
  const int64_t id = row.Int(kId);
  user.id = std::to_string(id);
  user.login_name = row.Text(kLogin);
  user.display_name = row.Text(kDisplay);
  const std::optional<access::Role> role = access::ParseRole(row.View(kRole));
  if (!role.has_value()) {
    return DataLossError(fmt::format("store {}: users table, row {}: unknown role '{}'", db.path(),
                                     id, row.View(kRole)));
  }
  user.role = *role;
  user.commission_id = row.Text(kCommission);
  user.disabled = row.Int(kDisabled) != 0;
  user.must_change_password = row.Int(kMustChange) != 0;
  user.password_hash = row.Text(kHash);
  ASSIGN_OR_RETURN(user.created_at, ReadTime(db, "users", id, row.View(kCreated)));
  ASSIGN_OR_RETURN(user.updated_at, ReadTime(db, "users", id, row.View(kUpdated)));
  stored.version = row.Int(kVersion);
  return stored;
}

Result<std::optional<StoredUser>> ReadOneUser(const Database& db, Statement& statement) {
  ASSIGN_OR_RETURN(const bool found, statement.Step());
  if (!found) {
    return std::optional<StoredUser>();
  }
  ASSIGN_OR_RETURN(StoredUser user, ReadUserRow(db, statement));
  return std::optional<StoredUser>(std::move(user));
}

void BindUserFields(Statement& statement, const access::User& user) {
  statement.Bind(2, std::string_view(user.display_name));
  statement.Bind(3, access::RoleName(user.role));
  statement.Bind(4, std::string_view(user.commission_id));
  statement.Bind(5, int64_t{user.disabled ? 1 : 0});
  statement.Bind(6, int64_t{user.must_change_password ? 1 : 0});
  statement.Bind(7, std::string_view(user.password_hash));
  statement.Bind(8, FormatEventTime(user.updated_at));
}

}  // namespace

std::optional<int64_t> ParseUserId(std::string_view text) {
  int64_t id = 0;
  if (text.empty() || text.size() > 18 || text.front() == '0') {
    return std::nullopt;
  }
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id <= 0) {
    return std::nullopt;
  }
  return id;
}

Result<int64_t> InsertUser(const Database& db, const access::User& user) {
  ASSIGN_OR_RETURN(std::optional<StoredUser> existing, ReadUserByLogin(db, user.login_name));
  if (existing.has_value()) {
    return AlreadyExistsError(
        fmt::format("the login name '{}' is taken (user {})", user.login_name, existing->user.id));
  }
  ASSIGN_OR_RETURN(Statement insert,
                   Statement::Prepare(db,
                                      "INSERT INTO users (login_name, display_name, role, "
                                      "commission_id, disabled, must_change_password, "
                                      "password_hash, updated, created, version) VALUES (?1, ?2, "
                                      "?3, ?4, ?5, ?6, ?7, ?8, ?9, 1)"));
  insert.Bind(1, std::string_view(user.login_name));
  BindUserFields(insert, user);
  insert.Bind(9, FormatEventTime(user.created_at));
  RETURN_IF_ERROR(insert.Run());
  ASSIGN_OR_RETURN(const std::optional<StoredUser> added, ReadUserByLogin(db, user.login_name));
  if (!added.has_value()) {
    return InternalError(fmt::format("store {}: the user just added is not there", db.path()));
  }
  return ParseUserId(added->user.id).value_or(0);
}

Status WriteUser(const Database& db, const access::User& user, int64_t version) {
  ASSIGN_OR_RETURN(Statement update,
                   Statement::Prepare(db,
                                      "UPDATE users SET display_name = ?2, role = ?3, "
                                      "commission_id = ?4, disabled = ?5, "
                                      "must_change_password = ?6, password_hash = ?7, "
                                      "updated = ?8, version = ?9 WHERE id = ?1"));
  const std::optional<int64_t> id = ParseUserId(user.id);
  if (!id.has_value()) {
    return InvalidArgumentError(fmt::format("'{}' is not a user id", user.id));
  }
  update.Bind(1, *id);
  BindUserFields(update, user);
  update.Bind(9, version);
  return update.Run();
}

Result<std::optional<StoredUser>> ReadUserById(const Database& db, int64_t id) {
  static const std::string sql = fmt::format("SELECT {} FROM users WHERE id = ?1", kUserColumns);
  ASSIGN_OR_RETURN(CachedStatement select, db.Cached(sql));
  select->Bind(1, id);
  return ReadOneUser(db, *select);
}

Result<std::optional<StoredUser>> ReadUserByLogin(const Database& db, std::string_view login_name) {
  ASSIGN_OR_RETURN(Statement select,
                   Statement::Prepare(db, fmt::format("SELECT {} FROM users WHERE login_name = ?1",
                                                      kUserColumns)));
  select.Bind(1, login_name);
  return ReadOneUser(db, select);
}

Result<std::vector<StoredUser>> ReadUsers(const Database& db) {
  ASSIGN_OR_RETURN(
      Statement select,
      Statement::Prepare(db, fmt::format("SELECT {} FROM users ORDER BY id", kUserColumns)));
  std::vector<StoredUser> users;
  while (true) {
    ASSIGN_OR_RETURN(const bool row, select.Step());
    if (!row) {
      return users;
    }
    ASSIGN_OR_RETURN(StoredUser user, ReadUserRow(db, select));
    users.push_back(std::move(user));
  }
}

Status InsertSession(const Database& db, const access::Session& session) {
  ASSIGN_OR_RETURN(std::optional<StoredSession> existing, ReadSession(db, session.token_hash));
  if (existing.has_value()) {
    return AlreadyExistsError("a session with this token already exists");
  }
  ASSIGN_OR_RETURN(Statement insert,
                   Statement::Prepare(db,
                                      "INSERT INTO sessions (token_sha256, user_id, created, "
                                      "last_seen, ended) VALUES (?1, ?2, ?3, ?4, NULL)"));
  const std::optional<int64_t> user_id = ParseUserId(session.user_id);
  if (!user_id.has_value()) {
    return InvalidArgumentError(fmt::format("'{}' is not a user id", session.user_id));
  }
  insert.Bind(1, std::string_view(session.token_hash));
  insert.Bind(2, *user_id);
  insert.Bind(3, FormatEventTime(session.created_at));
  insert.Bind(4, FormatEventTime(session.last_seen));
  return insert.Run();
}

Result<std::optional<StoredSession>> ReadSession(const Database& db, std::string_view token_hash) {
  ASSIGN_OR_RETURN(CachedStatement cached,
                   db.Cached("SELECT token_sha256, user_id, created, last_seen, ended "
                             "FROM sessions WHERE token_sha256 = ?1"));
  Statement& select = *cached;
  select.BindView(1, token_hash);
  ASSIGN_OR_RETURN(const bool found, select.Step());
  if (!found) {
    return std::optional<StoredSession>();
  }
  StoredSession stored;
  stored.session.token_hash = select.Text(0);
  const int64_t user_id = select.Int(1);
  stored.session.user_id = std::to_string(user_id);
  ASSIGN_OR_RETURN(stored.session.created_at, ReadTime(db, "sessions", user_id, select.View(2)));
  ASSIGN_OR_RETURN(stored.session.last_seen, ReadTime(db, "sessions", user_id, select.View(3)));
  if (!select.IsNull(4)) {
    ASSIGN_OR_RETURN(stored.ended_at, ReadTime(db, "sessions", user_id, select.View(4)));
  }
  return std::optional<StoredSession>(std::move(stored));
}

Status WriteSessionSeen(const Database& db, std::string_view token_hash,
                        std::chrono::sys_seconds last_seen) {
  ASSIGN_OR_RETURN(CachedStatement update,
                   db.Cached("UPDATE sessions SET last_seen = ?2 WHERE token_sha256 = ?1"));
  update->Bind(1, token_hash);
  update->Bind(2, FormatEventTime(last_seen));
  return update->Run();
}

Status WriteSessionEnded(const Database& db, std::string_view token_hash,
                         std::chrono::sys_seconds ended) {
  ASSIGN_OR_RETURN(
      Statement update,
      Statement::Prepare(db, "UPDATE sessions SET ended = ?2 WHERE token_sha256 = ?1"));
  update.Bind(1, token_hash);
  update.Bind(2, FormatEventTime(ended));
  return update.Run();
}

Status EndUserSessions(const Database& db, int64_t user_id, std::chrono::sys_seconds ended) {
  ASSIGN_OR_RETURN(Statement update,
                   Statement::Prepare(db,
                                      "UPDATE sessions SET ended = ?2 WHERE user_id = ?1 AND "
                                      "ended IS NULL"));
  update.Bind(1, user_id);
  update.Bind(2, FormatEventTime(ended));
  return update.Run();
}

}  // namespace esep::storage::internal
