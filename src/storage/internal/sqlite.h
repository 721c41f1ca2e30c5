// Thin RAII wrappers over the SQLite C API: a Database (one connection) and its prepared
// Statements, with every SQLite error turned into a Status that names the store's file.
// Values only ever reach SQL through Bind(); no SQL text is built from values.
//
// Not thread-safe: a Database and its Statements belong to one thread at a time. Statements
// must not outlive their Database.

#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "base/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace esep::storage::internal {

class Statement;
class CachedStatement;

// The Status for SQLite result code `rc`: kUnavailable when the file cannot be opened, is
// locked, busy, read-only, full or fails I/O; kDataLoss when it is corrupt or not a database;
// kInternal otherwise. The message names `path`, what was being done and SQLite's message.
Status SqliteStatus(int rc, sqlite3* db, std::string_view path, std::string_view doing);

class Database {
 public:
  // Opens (creating if missing) the database at `path`. kUnavailable when it cannot be opened.
  // `read_only`: opens without write access, never creating the file; on a file whose
  // directory this process cannot write (no WAL index can be made), as an immutable file.
  static Result<Database> Open(const std::string& path, bool read_only = false);

  Database(Database&&) = default;
  Database& operator=(Database&&) = default;

  // Runs SQL that takes no values (schema, pragmas, BEGIN/COMMIT).
  Status Exec(const char* sql);
  // Rolls back the open transaction, if any. Used on error paths; its own failure is ignored
  // because SQLite then has already rolled back or will on close.
  void RollbackIfActive();

  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_.get(); }

  // The statement for `sql` (a literal; values go through Bind), compiled once per connection
  // and kept for its life (a statement of the hot paths: one row read or written per call, many
  // times a second). The handle gives it reset and unbound, and resets it when it goes, so an
  // idle cached statement never holds a read transaction open. A statement already in use (a
  // nested call with the same SQL) is compiled afresh for the handle instead. Logically const:
  // the cache changes nothing the connection reads or writes.
  Result<CachedStatement> Cached(std::string_view sql) const;
  // How many statements the cache holds (for tests).
  size_t cached_statements() const;

 private:
  struct Closer {
    void operator()(sqlite3* db) const;
  };
  struct StatementCache;
  struct CacheDeleter {
    void operator()(StatementCache* cache) const;
  };
  Database(std::string path, sqlite3* db);

  std::string path_;
  std::unique_ptr<sqlite3, Closer> db_;
  // After db_: its statements are finalised first (close_v2 would wait for them anyway).
  mutable std::unique_ptr<StatementCache, CacheDeleter> cache_;
};

class Statement {
 public:
  // Compiles `sql` (a literal; values go through Bind) for `db`.
  static Result<Statement> Prepare(const Database& db, std::string_view sql);

  Statement(Statement&&) = default;
  Statement& operator=(Statement&&) = default;

  // Readies the statement for a new run and clears its bindings. Call before binding.
  void Reset();

  // Bind the 1-based parameter `index`. A failure is reported by the next Step().
  void Bind(int index, int64_t value);
  void Bind(int index, std::string_view value);
  // Binds without copying. REQUIRES: `value` stays valid and unchanged until the next
  // Reset() (or the statement's destruction).
  void BindView(int index, std::string_view value);
  // A blob, without copying; REQUIRES as BindView.
  void BindBlobView(int index, std::string_view bytes);
  void BindNull(int index);

  // Runs one step: true when a row is ready, false when done.
  Result<bool> Step();
  // Steps through a statement that returns no rows.
  Status Run();

  // Column accessors for the current row (0-based). Text is returned byte for byte.
  bool IsNull(int column) const;
  bool IsInteger(int column) const;
  int64_t Int(int column) const;
  std::string Text(int column) const;
  // The text without a copy, valid until the next Step() or Reset().
  std::string_view View(int column) const;
  // A BLOB (or any value) as bytes.
  std::string Blob(int column) const;
  std::optional<std::string> OptionalText(int column) const;

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* statement) const;
  };
  Statement(const Database& db, sqlite3_stmt* statement)
      : db_(db.handle()), path_(db.path()), statement_(statement) {}
  void NoteBind(int rc);

  sqlite3* db_;
  std::string path_;  // for messages; a copy, since the Database may move
  std::unique_ptr<sqlite3_stmt, Finalizer> statement_;
  int bind_error_ = 0;  // the first failed bind since Reset(), 0 for none
};

// A statement lent by Database::Cached: reset (its row, its bindings) and given back when the
// handle goes. Move-only; must not outlive its Database.
class CachedStatement {
 public:
  CachedStatement(CachedStatement&& other) noexcept;
  CachedStatement& operator=(CachedStatement&&) = delete;
  CachedStatement(const CachedStatement&) = delete;
  CachedStatement& operator=(const CachedStatement&) = delete;
  ~CachedStatement();

  Statement& operator*() const { return *statement_; }
  Statement* operator->() const { return statement_; }

 private:
  friend class Database;
  // A cached statement, marked busy by `*busy` until the handle goes.
  CachedStatement(Statement* statement, bool* busy) : statement_(statement), busy_(busy) {}
  // A statement compiled for this handle alone.
  explicit CachedStatement(Statement owned);

  std::unique_ptr<Statement> owned_;  // set for a statement compiled for this handle alone
  Statement* statement_;
  bool* busy_ = nullptr;  // the cache's flag of a cached statement
};

// A read transaction (a consistent snapshot) for the life of the object, unless one is
// already open on the connection.
class ReadTransaction {
 public:
  explicit ReadTransaction(Database& db);
  ~ReadTransaction();
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;
  // Whether BEGIN succeeded (OK, too, when a transaction was already open).
  const Status& status() const { return status_; }

 private:
  Database& db_;
  Status status_;
  bool owned_ = false;
};

}  // namespace esep::storage::internal
