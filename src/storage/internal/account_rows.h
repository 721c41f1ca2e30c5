// The rows of the users and sessions tables (format 5, docs/formats/store.md), read and written
// on the caller's connection and inside the caller's transaction. The store (sqlite_store.cc)
// pairs every write to a user with its audit event in the chain.
//
// Not thread-safe (they run on the caller's connection).

#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "storage/accounts.h"
#include "storage/internal/sqlite.h"

namespace esep::storage::internal {

// A user id as the store gives it: the decimal digits of a positive integer, no sign, no
// leading zero; nullopt for anything else.
std::optional<int64_t> ParseUserId(std::string_view text);

// Inserts `user` (its id is ignored) as version 1 and returns its id. kAlreadyExists when its
// login name is taken.
Result<int64_t> InsertUser(const Database& db, const access::User& user);

// Writes every field of `user` but its id, login name and creation time, as version
// `version`. REQUIRES: the user exists.
Status WriteUser(const Database& db, const access::User& user, int64_t version);

// nullopt when there is no such user; kDataLoss for a row that does not read back (an unknown
// role, a malformed time).
Result<std::optional<StoredUser>> ReadUserById(const Database& db, int64_t id);
Result<std::optional<StoredUser>> ReadUserByLogin(const Database& db, std::string_view login_name);
// Every user, by id.
Result<std::vector<StoredUser>> ReadUsers(const Database& db);

// kAlreadyExists when a session has this token hash.
Status InsertSession(const Database& db, const access::Session& session);
Result<std::optional<StoredSession>> ReadSession(const Database& db, std::string_view token_hash);
Status WriteSessionSeen(const Database& db, std::string_view token_hash,
                        std::chrono::sys_seconds last_seen);
Status WriteSessionEnded(const Database& db, std::string_view token_hash,
                         std::chrono::sys_seconds ended);
// Ends every open session of the user.
Status EndUserSessions(const Database& db, int64_t user_id, std::chrono::sys_seconds ended);

}  // namespace esep::storage::internal
