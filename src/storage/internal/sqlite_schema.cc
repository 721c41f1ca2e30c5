#include "storage/internal/sqlite_schema.h"

#include <string>

#include <fmt/format.h>
#include <sqlite3.h>

#include "storage/sqlite_store.h"

namespace esep::storage::internal {

namespace {

// Format 4 (docs/formats/store.md). One row per run of consecutive chain entries (a chunk of up
// to 4,096 kept submissions of a batch, or one other entry: the definition, a results snapshot,
// a signed head): the entries' canonical texts as a JSON array, the numbers of its first and
// last entry, and its link in the hash chain, nothing else, so that storing a chunk is one short
// append (the store keeps its index of keys in memory, sqlite_store.cc). The views `entries`
// and `submission_fields` show one entry per row for SQL. STRICT tables refuse a value of the
// wrong type; the triggers refuse any UPDATE or DELETE of a kept row (they stop mistakes, not an
// attacker with the file: VerifyChain is what detects tampering).
constexpr const char* kSchema = R"sql(
CREATE TABLE metadata (
  key   TEXT NOT NULL PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE chain (
  id      INTEGER PRIMARY KEY,
  first   INTEGER NOT NULL,
  content TEXT NOT NULL,
  hash    TEXT NOT NULL
) STRICT;

CREATE VIEW entries AS
  SELECT chain.first + entry.key AS id, chain.id AS row, entry.value AS content
  FROM chain, json_each(chain.content) AS entry;

CREATE VIEW submission_fields AS
  SELECT id,
         content ->> '$[1]' AS outcome,
         content ->> '$[2]' AS version,
         content ->> '$[3][0]' AS commission_id,
         content ->> '$[3][1]' AS contest,
         content ->> '$[3][2]' AS district,
         content ->> '$[7]' AS source,
         content ->> '$[6]' AS reason
  FROM entries
  WHERE content ->> '$[1]' IN ('accepted', 'unchanged', 'rejected');

CREATE TABLE definition_files (
  position INTEGER PRIMARY KEY,
  name     TEXT NOT NULL,
  sha256   TEXT NOT NULL,
  content  BLOB NOT NULL
) STRICT;

CREATE TABLE results (
  id      INTEGER PRIMARY KEY,
  entry   INTEGER NOT NULL UNIQUE,
  content TEXT NOT NULL
) STRICT;

CREATE TRIGGER metadata_is_never_updated BEFORE UPDATE ON metadata
  BEGIN SELECT RAISE(ABORT, 'the store metadata is written once'); END;
CREATE TRIGGER metadata_is_never_deleted BEFORE DELETE ON metadata
  BEGIN SELECT RAISE(ABORT, 'the store metadata is written once'); END;
CREATE TRIGGER chain_is_kept_unchanged BEFORE UPDATE ON chain
  BEGIN SELECT RAISE(ABORT, 'the chain is kept as written: submissions are kept as submitted; an accepted protocol is never changed'); END;
CREATE TRIGGER chain_is_never_deleted BEFORE DELETE ON chain
  BEGIN SELECT RAISE(ABORT, 'the chain is kept as written: submissions are kept as submitted; an accepted protocol is never changed'); END;
CREATE TRIGGER results_are_never_updated BEFORE UPDATE ON results
  BEGIN SELECT RAISE(ABORT, 'published results are kept; a new snapshot is added instead'); END;
CREATE TRIGGER results_are_never_deleted BEFORE DELETE ON results
  BEGIN SELECT RAISE(ABORT, 'published results are kept; a new snapshot is added instead'); END;
CREATE TRIGGER definition_is_never_updated BEFORE UPDATE ON definition_files
  BEGIN SELECT RAISE(ABORT, 'the election definition is recorded once'); END;
CREATE TRIGGER definition_is_never_deleted BEFORE DELETE ON definition_files
  BEGIN SELECT RAISE(ABORT, 'the election definition is recorded once'); END;
)sql";

// Format 5 adds the commission server's accounts (docs/formats/store.md): users and sessions.
// Unlike the chain, these rows change (a password, the disabled flag, a session's last request),
// so every change to a user is also an event of the chain, written in the same transaction by
// the store. A user is never deleted (disabled instead), and its id, login name and creation time
// never change; a session's token is kept only as its SHA-256.
constexpr const char* kAccountsSchema = R"sql(
CREATE TABLE users (
  id                   INTEGER PRIMARY KEY,
  login_name           TEXT NOT NULL UNIQUE,
  display_name         TEXT NOT NULL,
  role                 TEXT NOT NULL
                       CHECK (role IN ('administrator', 'chair', 'coordinator', 'typist', 'observer')),
  commission_id        TEXT NOT NULL,
  disabled             INTEGER NOT NULL CHECK (disabled IN (0, 1)),
  must_change_password INTEGER NOT NULL CHECK (must_change_password IN (0, 1)),
  password_hash        TEXT NOT NULL,
  created              TEXT NOT NULL,
  updated              TEXT NOT NULL,
  version              INTEGER NOT NULL
) STRICT;

CREATE TABLE sessions (
  token_sha256 TEXT NOT NULL PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users (id),
  created      TEXT NOT NULL,
  last_seen    TEXT NOT NULL,
  ended        TEXT
) STRICT;

CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TRIGGER users_are_never_deleted BEFORE DELETE ON users
  BEGIN SELECT RAISE(ABORT, 'a user is never deleted: disable the account instead'); END;
CREATE TRIGGER users_keep_their_identity BEFORE UPDATE OF id, login_name, created ON users
  BEGIN SELECT RAISE(ABORT, 'a user keeps their id, login name and creation time'); END;
)sql";

// Format 6 adds the double-entry state of each protocol (docs/formats/store.md,
// docs/double-entry.md): one row per protocol id, the state as JSON (storage/entry_state_codec.h)
// and its version, replaced at every command in the transaction that appends the command's events
// to the chain (Store::CommitEntry). A state is never deleted: a discarded entry is a new state.
constexpr const char* kEntriesSchema = R"sql(
CREATE TABLE entry_states (
  protocol_id TEXT NOT NULL PRIMARY KEY,
  version     INTEGER NOT NULL CHECK (version > 0),
  state       TEXT NOT NULL
) STRICT;

CREATE TRIGGER entry_states_are_never_deleted BEFORE DELETE ON entry_states
  BEGIN SELECT RAISE(ABORT, 'an entry state is never deleted: a command writes the next one'); END;
CREATE TRIGGER entry_states_only_move_forward BEFORE UPDATE ON entry_states
  WHEN NEW.version <= OLD.version OR NEW.protocol_id != OLD.protocol_id
  BEGIN SELECT RAISE(ABORT, 'an entry state is replaced only by a later version of itself'); END;
)sql";

// Format 6 also keeps the photos and scans of paper protocols (docs/formats/store.md): the bytes
// with their SHA-256, written in the transaction that appends their scan_uploaded event, so that
// the hash is in the chain. A scan is never changed or removed. Format 6 was first written
// without this table by pre-release builds: "IF NOT EXISTS", so that opening such a store for
// writing adds it (MigrateIfOld).
constexpr const char* kScansSchema = R"sql(
CREATE TABLE IF NOT EXISTS scans (
  id          INTEGER PRIMARY KEY,
  protocol_id TEXT NOT NULL CHECK (length(protocol_id) > 0),
  sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
  media_type  TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'application/pdf')),
  size        INTEGER NOT NULL CHECK (size > 0),
  content     BLOB NOT NULL,
  uploaded_by TEXT NOT NULL,
  uploaded_at TEXT NOT NULL,
  UNIQUE (protocol_id, sha256)
) STRICT;

CREATE INDEX IF NOT EXISTS scans_by_sha256 ON scans (sha256);

CREATE TRIGGER IF NOT EXISTS scans_are_never_updated BEFORE UPDATE ON scans
  BEGIN SELECT RAISE(ABORT, 'a scan is kept as uploaded'); END;
CREATE TRIGGER IF NOT EXISTS scans_are_never_deleted BEFORE DELETE ON scans
  BEGIN SELECT RAISE(ABORT, 'a scan is kept as uploaded'); END;
)sql";

// Format 7 adds the precinct commissions' turnout reports of election day (docs/formats/store.md,
// "Turnout reports"): every report submitted, accepted or not, one row each, written in the
// transaction that appends its entry to the chain; the row is its entry's canonical text column
// by column (storage/turnout_codec.h), so that VerifyChain compares the two. Never changed or
// removed: a correction is a new row. "IF NOT EXISTS", as for the scans: a migration that finds it
// (a test's hand-made older store) leaves it.
constexpr const char* kTurnoutSchema = R"sql(
CREATE TABLE IF NOT EXISTS turnout_reports (
  entry               INTEGER PRIMARY KEY,
  commission_id       TEXT NOT NULL,
  report_time         TEXT NOT NULL,
  voters              INTEGER NOT NULL,
  outcome             TEXT NOT NULL CHECK (outcome IN ('accepted', 'unchanged', 'rejected')),
  version             INTEGER NOT NULL CHECK (version >= 0),
  decision_number     TEXT,
  decision_date       TEXT,
  decision_commission TEXT,
  decision_reason     TEXT,
  reason              TEXT NOT NULL,
  source              TEXT NOT NULL
) STRICT;

CREATE TRIGGER IF NOT EXISTS turnout_reports_are_never_updated BEFORE UPDATE ON turnout_reports
  BEGIN SELECT RAISE(ABORT, 'a turnout report is kept as submitted; a correction is a new report'); END;
CREATE TRIGGER IF NOT EXISTS turnout_reports_are_never_deleted BEFORE DELETE ON turnout_reports
  BEGIN SELECT RAISE(ABORT, 'a turnout report is kept as submitted; a correction is a new report'); END;
)sql";

// The format version is kept from any other change by the metadata trigger: dropped, the value
// set, the trigger made again. Run inside the caller's transaction.
std::string SetFormatVersionSql(int version) {
  return fmt::format(R"sql(
DROP TRIGGER metadata_is_never_updated;
UPDATE metadata SET value = '{}' WHERE key = 'format_version';
CREATE TRIGGER metadata_is_never_updated BEFORE UPDATE ON metadata
  BEGIN SELECT RAISE(ABORT, 'the store metadata is written once'); END;
)sql",
                     version);
}

Result<std::string> QueryText(const Database& db, std::string_view sql) {
  ASSIGN_OR_RETURN(Statement statement, Statement::Prepare(db, sql));
  ASSIGN_OR_RETURN(const bool row, statement.Step());
  if (!row) {
    return std::string();
  }
  return statement.Text(0);
}

// OK when `mode`, what `PRAGMA journal_mode` answered, is WAL (or "memory", an in-memory store,
// which has no log to keep).
Status CheckWalMode(const Database& db, std::string_view mode) {
  if (mode != "wal" && mode != "memory") {
    return UnavailableError(fmt::format(
        "store {}: cannot keep the database in WAL mode (journal mode is '{}')", db.path(), mode));
  }
  return OkStatus();
}

Status CreateSchema(Database& db) {
  RETURN_IF_ERROR(db.Exec(kSchema));
  RETURN_IF_ERROR(db.Exec(kAccountsSchema));
  RETURN_IF_ERROR(db.Exec(kEntriesSchema));
  RETURN_IF_ERROR(db.Exec(kScansSchema));
  RETURN_IF_ERROR(db.Exec(kTurnoutSchema));
  ASSIGN_OR_RETURN(Statement insert,
                   Statement::Prepare(db, "INSERT INTO metadata (key, value) VALUES (?1, ?2)"));
  insert.Bind(1, std::string_view("format_version"));
  insert.Bind(2, std::to_string(kStoreFormatVersion));
  return insert.Run();
}

// Creates the schema in an empty database; leaves an existing one alone.
Status CreateIfEmpty(Database& db) {
  RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  Status status = [&]() -> Status {
    ASSIGN_OR_RETURN(const bool has_metadata, HasTable(db, "metadata"));
    if (has_metadata) {
      return OkStatus();  // another process created it meanwhile
    }
    ASSIGN_OR_RETURN(const std::string tables, QueryText(db, "SELECT count(*) FROM sqlite_schema"));
    if (tables != "0") {
      return FailedPreconditionError(fmt::format(
          "store {}: the file is a SQLite database but not an esep store (it has no metadata "
          "table)",
          db.path()));
    }
    RETURN_IF_ERROR(CreateSchema(db));
    return db.Exec("COMMIT");
  }();
  db.RollbackIfActive();
  return status;
}

// The store's format version: 4 to 7 (kStoreFormatVersion); kFailedPrecondition for any
// other.
Result<int> ReadFormatVersion(const Database& db) {
  ASSIGN_OR_RETURN(Statement statement,
                   Statement::Prepare(db, "SELECT value FROM metadata WHERE key = ?1"));
  statement.Bind(1, std::string_view("format_version"));
  ASSIGN_OR_RETURN(const bool row, statement.Step());
  if (!row) {
    return FailedPreconditionError(fmt::format(
        "store {}: the metadata table records no format_version; this is not an esep store",
        db.path()));
  }
  const std::string version = statement.Text(0);
  if (version == std::to_string(kStoreFormatVersion)) {
    return kStoreFormatVersion;
  }
  for (int known = kOldestReadFormatVersion; known < kStoreFormatVersion; ++known) {
    if (version == std::to_string(known)) {
      return known;
    }
  }
  return FailedPreconditionError(fmt::format(
      "store {}: format version '{}' is unknown to this esep, which reads format versions {} "
      "to {} only; use the esep release that wrote it",
      db.path(), version, kOldestReadFormatVersion, kStoreFormatVersion));
}

// Brings a store of format 4, 5 or 6 to format 7 (the account tables, the entry states and the
// scans if missing, the turnout reports) in one transaction; a store that another process
// migrated meanwhile is left alone. The chain is not touched: its hashes and heads stay.
Result<int> MigrateIfOld(Database& db) {
  ASSIGN_OR_RETURN(const int found, ReadFormatVersion(db));
  if (found == kStoreFormatVersion) {
    return found;
  }
  RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  Result<int> version = [&]() -> Result<int> {
    ASSIGN_OR_RETURN(const int current, ReadFormatVersion(db));
    if (current == kStoreFormatVersion) {
      RETURN_IF_ERROR(db.Exec("COMMIT"));
      return current;
    }
    if (current < kAccountsFormatVersion) {
      RETURN_IF_ERROR(db.Exec(kAccountsSchema));
    }
    if (current < kEntriesFormatVersion) {
      RETURN_IF_ERROR(db.Exec(kEntriesSchema));
    }
    // IF NOT EXISTS: a format 6 store of a pre-release build has no scans table.
    RETURN_IF_ERROR(db.Exec(kScansSchema));
    RETURN_IF_ERROR(db.Exec(kTurnoutSchema));
    RETURN_IF_ERROR(db.Exec(SetFormatVersionSql(kStoreFormatVersion).c_str()));
    RETURN_IF_ERROR(db.Exec("COMMIT"));
    return kStoreFormatVersion;
  }();
  db.RollbackIfActive();
  return version;
}

}  // namespace

Result<int> PrepareStore(Database& db, std::chrono::milliseconds busy_timeout, bool read_only) {
  sqlite3_busy_timeout(db.handle(), static_cast<int>(busy_timeout.count()));
  if (read_only) {
    // Nothing is set or created: the file is read as it was written (a store is in WAL mode
    // from its creation, recorded in the file itself).
    ASSIGN_OR_RETURN(const bool has_metadata, HasTable(db, "metadata"));
    if (!has_metadata) {
      return FailedPreconditionError(
          fmt::format("store {}: not an esep store (it has no metadata table)", db.path()));
    }
    return ReadFormatVersion(db);
  }
  // Larger pages: fewer pages to write per appended row. Only takes effect on a new file.
  RETURN_IF_ERROR(db.Exec("PRAGMA page_size = 16384"));
  // The first statement reads the file header: a file that is not a database fails here.
  ASSIGN_OR_RETURN(const std::string mode, QueryText(db, "PRAGMA journal_mode = WAL"));
  RETURN_IF_ERROR(CheckWalMode(db, mode));
  // With WAL, FULL syncs the log at every commit: a committed batch survives a power cut.
  RETURN_IF_ERROR(db.Exec("PRAGMA synchronous = FULL"));
  // A 64 MiB page cache: a batch of 100,000 submissions is about 25 MiB of new pages.
  RETURN_IF_ERROR(db.Exec("PRAGMA cache_size = -65536"));
  ASSIGN_OR_RETURN(const bool has_metadata, HasTable(db, "metadata"));
  if (!has_metadata) {
    RETURN_IF_ERROR(CreateIfEmpty(db));
  }
  return MigrateIfOld(db);
}

Result<bool> EnterBulkJournal(Database& db) {
  const Result<std::string> switched = QueryText(db, "PRAGMA journal_mode = TRUNCATE");
  if (switched.has_value() && *switched == "truncate") {
    return true;
  }
  // Refused: another connection has the store open ("database is locked"). Still in WAL mode,
  // which is checked rather than assumed.
  ASSIGN_OR_RETURN(const std::string mode, QueryText(db, "PRAGMA journal_mode"));
  RETURN_IF_ERROR(CheckWalMode(db, mode));
  RETURN_IF_ERROR(db.Exec("PRAGMA wal_autocheckpoint = 0"));
  return false;
}

void LeaveBulkJournal(Database& db) {
  // Ignored on failure: see the header.
  (void)QueryText(db, "PRAGMA journal_mode = WAL");
}

Result<bool> HasTable(const Database& db, std::string_view name) {
  ASSIGN_OR_RETURN(Statement statement,
                   Statement::Prepare(db,
                                      "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND "
                                      "name = ?1"));
  statement.Bind(1, name);
  return statement.Step();
}

}  // namespace esep::storage::internal
