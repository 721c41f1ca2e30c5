#include "storage/internal/sqlite.h"

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

namespace esep::storage::internal {

Status SqliteStatus(int rc, sqlite3* db, std::string_view path, std::string_view doing) {
  const char* detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  std::string message = fmt::format("store {}: {}: {}", path, doing, detail);
  switch (rc & 0xff) {
    case SQLITE_CANTOPEN:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_PROTOCOL:
    case SQLITE_NOLFS:
      return UnavailableError(std::move(message));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return DataLossError(std::move(message));
    default:
      return InternalError(std::move(message));
  }
}

// The cached statements by SQL text. A node map: the statements and their flags stay where they
// are while others are added.
struct Database::StatementCache {
  struct Slot {
    Statement statement;
    bool busy = false;
  };
  // Looked up by string_view, without a copy of the SQL text per call.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>()(text); }
  };
  std::unordered_map<std::string, Slot, Hash, std::equal_to<>> slots;
};

void Database::CacheDeleter::operator()(StatementCache* cache) const { delete cache; }

Database::Database(std::string path, sqlite3* db)
    : path_(std::move(path)), db_(db), cache_(new StatementCache) {}

Result<CachedStatement> Database::Cached(std::string_view sql) const {
  auto found = cache_->slots.find(sql);
  if (found == cache_->slots.end()) {
    ASSIGN_OR_RETURN(Statement statement, Statement::Prepare(*this, sql));
    found = cache_->slots
                .emplace(std::string(sql), StatementCache::Slot{.statement = std::move(statement)})
                .first;
  } else if (found->second.busy) {
    ASSIGN_OR_RETURN(Statement statement, Statement::Prepare(*this, sql));
    return CachedStatement(std::move(statement));
  }
  found->second.busy = true;
  return CachedStatement(&found->second.statement, &found->second.busy);
}

size_t Database::cached_statements() const { return cache_->slots.size(); }

CachedStatement::CachedStatement(Statement owned)
    : owned_(std::make_unique<Statement>(std::move(owned))), statement_(owned_.get()) {}

CachedStatement::CachedStatement(CachedStatement&& other) noexcept
    : owned_(std::move(other.owned_)), statement_(other.statement_), busy_(other.busy_) {
  other.statement_ = nullptr;
  other.busy_ = nullptr;
}

CachedStatement::~CachedStatement() {
  if (statement_ == nullptr) {
    return;  // moved from
  }
  statement_->Reset();
  if (busy_ != nullptr) {
    *busy_ = false;
  }
}

void Database::Closer::operator()(sqlite3* db) const {
  // close_v2 defers the close until every statement is finalised, so member order in the
  // owners cannot leak the connection.
  sqlite3_close_v2(db);
}

namespace {

// Whether the database file's header says WAL mode (bytes 18 and 19 are 2; 1 for a rollback
// journal). False for a file too short to say.
bool HeaderSaysWal(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char bytes[2] = {0, 0};
  in.seekg(18);
  in.read(bytes, sizeof bytes);
  return in.gcount() == 2 && bytes[0] == 2 && bytes[1] == 2;
}

// The file: URI SQLite reads a read-only store through. A reader of a store in WAL mode that
// cannot write the store's directory cannot create the WAL index (-shm) either; "immutable"
// tells SQLite to read the file as it is, without one. That is safe only when no -wal file
// holds commits the main file lacks (a store closed cleanly has none: the last connection
// checkpoints and removes it) and no rollback journal holds pages the main file must get back.
// A store in rollback-journal mode (while a bulk import writes it, SqliteStoreOptions::bulk)
// needs no index: it is read with locks on the file, never as immutable, since the import may
// be writing it. With a log or a journal present, SQLite reads it or fails; it never ignores
// it.
std::string ReadOnlyUri(const std::string& path) {
  std::string uri = "file:";
  for (const char c : path) {
    if (c == '%' || c == '?' || c == '#') {
      uri += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    } else {
      uri.push_back(c);
    }
  }
  uri += "?mode=ro";
  const std::filesystem::path directory = std::filesystem::absolute(path).parent_path();
  std::error_code error;
  const bool has_log = std::filesystem::exists(path + "-wal", error) ||
                       std::filesystem::exists(path + "-journal", error);
  if (access(directory.c_str(), W_OK) != 0 && !has_log && HeaderSaysWal(path)) {
    uri += "&immutable=1";
  }
  return uri;
}

}  // namespace

Result<Database> Database::Open(const std::string& path, bool read_only) {
  sqlite3* db = nullptr;
  // NOMUTEX: a Database belongs to one thread at a time, so SQLite's own locking is not needed.
  const int flags = read_only ? SQLITE_OPEN_READONLY | SQLITE_OPEN_URI
                              : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  const std::string name = read_only ? ReadOnlyUri(path) : path;
  const int rc = sqlite3_open_v2(name.c_str(), &db,
                                 flags | SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_NOMUTEX, nullptr);
  Database database(path, db);  // owns `db` even when the open failed
  if (rc != SQLITE_OK) {
    Status status = SqliteStatus(rc, db, path, "cannot open");
    // Whatever went wrong, a store that cannot be opened is unavailable.
    return UnavailableError(status.message());
  }
  sqlite3_extended_result_codes(db, 1);
  return database;
}

Status Database::Exec(const char* sql) {
  char* error = nullptr;
  const int rc = sqlite3_exec(db_.get(), sql, nullptr, nullptr, &error);
  sqlite3_free(error);  // sqlite3_errmsg() still holds the message
  if (rc != SQLITE_OK) {
    return SqliteStatus(rc, db_.get(), path_, fmt::format("'{}'", sql));
  }
  return OkStatus();
}

void Database::RollbackIfActive() {
  if (sqlite3_get_autocommit(db_.get()) == 0) {
    sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

void Statement::Finalizer::operator()(sqlite3_stmt* statement) const {
  sqlite3_finalize(statement);
}

Result<Statement> Statement::Prepare(const Database& db, std::string_view sql) {
  sqlite3_stmt* statement = nullptr;
  const int rc = sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(statement);
    return SqliteStatus(rc, db.handle(), db.path(), fmt::format("cannot prepare '{}'", sql));
  }
  return Statement(db, statement);
}

void Statement::Reset() {
  sqlite3_reset(statement_.get());
  sqlite3_clear_bindings(statement_.get());
  bind_error_ = 0;
}

void Statement::NoteBind(int rc) {
  if (rc != SQLITE_OK && bind_error_ == 0) {
    bind_error_ = rc;
  }
}

void Statement::Bind(int index, int64_t value) {
  NoteBind(sqlite3_bind_int64(statement_.get(), index, value));
}

void Statement::Bind(int index, std::string_view value) {
  // SQLITE_TRANSIENT: SQLite copies the bytes, so `value` need not outlive the call.
  NoteBind(sqlite3_bind_text64(statement_.get(), index, value.data(), value.size(),
                               SQLITE_TRANSIENT, SQLITE_UTF8));
}

void Statement::BindView(int index, std::string_view value) {
  NoteBind(sqlite3_bind_text64(statement_.get(), index, value.data(), value.size(), SQLITE_STATIC,
                               SQLITE_UTF8));
}

void Statement::BindBlobView(int index, std::string_view bytes) {
  NoteBind(sqlite3_bind_blob64(statement_.get(), index, bytes.data(), bytes.size(), SQLITE_STATIC));
}

void Statement::BindNull(int index) { NoteBind(sqlite3_bind_null(statement_.get(), index)); }

Result<bool> Statement::Step() {
  if (bind_error_ != 0) {
    return SqliteStatus(bind_error_, db_, path_,
                        fmt::format("cannot bind a value for '{}'", sqlite3_sql(statement_.get())));
  }
  const int rc = sqlite3_step(statement_.get());
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  Status status = SqliteStatus(rc, db_, path_, fmt::format("'{}'", sqlite3_sql(statement_.get())));
  sqlite3_reset(statement_.get());
  return status;
}

Status Statement::Run() {
  ASSIGN_OR_RETURN(const bool row, Step());
  if (row) {
    return InternalError(fmt::format("store {}: '{}' returned a row where none was expected", path_,
                                     sqlite3_sql(statement_.get())));
  }
  return OkStatus();
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(statement_.get(), column) == SQLITE_NULL;
}

bool Statement::IsInteger(int column) const {
  return sqlite3_column_type(statement_.get(), column) == SQLITE_INTEGER;
}

int64_t Statement::Int(int column) const { return sqlite3_column_int64(statement_.get(), column); }

std::string Statement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(statement_.get(), column);
  const int size = sqlite3_column_bytes(statement_.get(), column);
  if (text == nullptr) {
    return std::string();
  }
  return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
}

std::string_view Statement::View(int column) const {
  const unsigned char* text = sqlite3_column_text(statement_.get(), column);
  const int size = sqlite3_column_bytes(statement_.get(), column);
  if (text == nullptr) {
    return std::string_view();
  }
  return std::string_view(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
}

std::string Statement::Blob(int column) const {
  const void* bytes = sqlite3_column_blob(statement_.get(), column);
  const int size = sqlite3_column_bytes(statement_.get(), column);
  if (bytes == nullptr) {
    return std::string();
  }
  return std::string(static_cast<const char*>(bytes), static_cast<size_t>(size));
}

std::optional<std::string> Statement::OptionalText(int column) const {
  if (IsNull(column)) {
    return std::nullopt;
  }
  return Text(column);
}

ReadTransaction::ReadTransaction(Database& db) : db_(db) {
  if (sqlite3_get_autocommit(db_.handle()) != 0) {
    status_ = db_.Exec("BEGIN");
    owned_ = status_.ok();
  }
}

ReadTransaction::~ReadTransaction() {
  if (owned_) {
    db_.RollbackIfActive();
  }
}

}  // namespace esep::storage::internal
