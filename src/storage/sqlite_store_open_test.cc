// Opening a store: unknown format versions, files that are not stores, stored text that does
// not parse back, and a store locked by another connection.

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "storage/internal/store_helpers_test_util.h"
#include "storage/internal/store_test_util.h"
#include "storage/internal/test_protocols.h"
#include "storage/sqlite_store.h"

namespace esep::storage {
namespace {

using internal::ConsistentProtocol;
using internal::KzRatios;
using internal::Of;
using internal::OpenOrDie;
using internal::RawExec;
using internal::RawQuery;
using internal::SubmitOrDie;
using internal::TempStorePath;
using protocol::Protocol;
using ::testing::HasSubstr;

TEST(SqliteStoreTest, AnUnknownFormatVersionIsRefused) {
  TempStorePath file;
  ASSERT_NE(OpenOrDie(file.path()), nullptr);
  for (const char* version : {"3", "8"}) {
    SCOPED_TRACE(version);
    ASSERT_EQ(RawExec(file.path(), fmt::format("DROP TRIGGER IF EXISTS metadata_is_never_updated; "
                                               "UPDATE metadata SET value = '{}' WHERE key = "
                                               "'format_version'",
                                               version)),
              "");
    Result<std::unique_ptr<Store>> store = OpenSqliteStore(file.path());
    ASSERT_FALSE(store.has_value());
    EXPECT_EQ(store.error().code(), StatusCode::kFailedPrecondition);
    EXPECT_THAT(store.error().message(),
                HasSubstr(fmt::format("format version '{}' is unknown", version)));
    EXPECT_THAT(store.error().message(), HasSubstr("reads format versions 4 to 7 only"));
    EXPECT_THAT(store.error().message(), HasSubstr(file.path()));
  }
}

TEST(SqliteStoreTest, FilesThatAreNotStoresAreRefused) {
  TempStorePath file;
  {
    std::ofstream text(file.path());
    text << "commission,votes\nPEC 1,10\n" << std::string(1000, 'x');
  }
  Result<std::unique_ptr<Store>> not_a_database = OpenSqliteStore(file.path());
  ASSERT_FALSE(not_a_database.has_value());
  EXPECT_EQ(not_a_database.error().code(), StatusCode::kDataLoss);
  EXPECT_THAT(not_a_database.error().message(), HasSubstr(file.path()));

  const std::string other = (file.directory() / "other.db").string();
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(other.c_str(), &db), SQLITE_OK);
    sqlite3_close(db);
  }
  ASSERT_EQ(RawExec(other, "CREATE TABLE results (votes INTEGER)"), "");
  Result<std::unique_ptr<Store>> foreign = OpenSqliteStore(other);
  ASSERT_FALSE(foreign.has_value());
  EXPECT_EQ(foreign.error().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(foreign.error().message(), HasSubstr("not an esep store"));

  Result<std::unique_ptr<Store>> missing_directory =
      OpenSqliteStore((file.directory() / "no" / "such" / "store.db").string());
  ASSERT_FALSE(missing_directory.has_value());
  EXPECT_EQ(missing_directory.error().code(), StatusCode::kUnavailable);
  EXPECT_THAT(missing_directory.error().message(), HasSubstr("no/such/store.db"));
}

TEST(SqliteStoreTest, AStoredProtocolThatDoesNotParseIsDataLossNamingTheRow) {
  TempStorePath file;
  {
    std::unique_ptr<Store> store = OpenOrDie(file.path());
    SubmitOrDie(*store, {Of(ConsistentProtocol("PEC 1")), Of(ConsistentProtocol("PEC 2"))});
  }
  ASSERT_EQ(RawExec(file.path(),
                    "DROP TRIGGER chain_is_kept_unchanged; "
                    "UPDATE chain SET content = replace(content, '1010,600', "
                    "'1010, 600') WHERE id = 2"),
            "");
  std::unique_ptr<Store> store = OpenOrDie(file.path());
  Result<std::vector<Protocol>> accepted = store->AcceptedProtocols();
  ASSERT_FALSE(accepted.has_value());
  EXPECT_EQ(accepted.error().code(), StatusCode::kDataLoss);
  EXPECT_THAT(accepted.error().message(), HasSubstr("chain table, entry 1"));
  EXPECT_THAT(accepted.error().message(), HasSubstr("not a canonical protocol"));
  Result<std::vector<SubmissionRecord>> kept = store->Submissions();
  ASSERT_FALSE(kept.has_value());
  EXPECT_THAT(kept.error().message(), HasSubstr("chain table, entry 1"));
}

TEST(SqliteStoreTest, ALockedStoreIsUnavailable) {
  TempStorePath file;
  Result<std::unique_ptr<Store>> opened = OpenSqliteStore(
      file.path(), SqliteStoreOptions{.busy_timeout = std::chrono::milliseconds(50)});
  ASSERT_TRUE(opened.has_value()) << opened.error().ToString();
  Store& store = **opened;
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(file.path().c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  Result<std::vector<SubmitResult>> results =
      store.Submit(std::vector<protocol::Submission>{Of(ConsistentProtocol("PEC 1"))}, KzRatios());
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  ASSERT_FALSE(results.has_value());
  EXPECT_EQ(results.error().code(), StatusCode::kUnavailable);
  EXPECT_THAT(results.error().message(), HasSubstr(file.path()));
}

// Submits `count` distinct protocols in batches of 20,000.
void SubmitMany(Store& store, int count) {
  std::vector<protocol::Submission> batch;
  for (int i = 0; i < count; ++i) {
    batch.push_back(Of(ConsistentProtocol(fmt::format("PEC {}", i))));
    if (batch.size() == 20'000 || i + 1 == count) {
      SubmitOrDie(store, batch);
      batch.clear();
    }
  }
}

// The journal mode the file's header records: 1 for a rollback journal, 2 for WAL (the file
// format's bytes 18 and 19).
int HeaderJournalMode(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  in.seekg(18);
  return in.get();
}

TEST(SqliteStoreTest, ABulkStoreWritesThroughTheRollbackJournalAndIsInWalModeOnceClosed) {
  // Enough entries for a log beyond SQLite's automatic checkpoint (1,000 pages of 16 KiB).
  constexpr int kProtocols = 150'000;
  constexpr uintmax_t kAutomaticCheckpoint = uintmax_t{1000} * 16384;
  TempStorePath file;
  {
    std::unique_ptr<Store> store = OpenOrDie(file.path());  // created in WAL mode
  }
  ASSERT_EQ(HeaderJournalMode(file.path()), 2);
  {
    Result<std::unique_ptr<Store>> bulk = OpenSqliteStore(file.path(), {.bulk = true});
    ASSERT_TRUE(bulk.has_value()) << bulk.error().ToString();
    SubmitMany(**bulk, kProtocols);
    // Written once, into the database itself: no log.
    EXPECT_EQ(HeaderJournalMode(file.path()), 1);
    EXPECT_FALSE(std::filesystem::exists(file.path() + "-wal"));
    EXPECT_GT(std::filesystem::file_size(file.path()), kAutomaticCheckpoint);
    // Readers read beside it.
    EXPECT_EQ(OpenOrDie(file.path(), /*read_only=*/true)->CountSubmissions()->accepted, kProtocols);
  }
  // Closed: back in WAL mode, the journal removed, every entry there.
  EXPECT_EQ(HeaderJournalMode(file.path()), 2);
  EXPECT_FALSE(std::filesystem::exists(file.path() + "-journal"));
  EXPECT_EQ(RawQuery(file.path(), "PRAGMA journal_mode"), "wal");
  std::unique_ptr<Store> reopened = OpenOrDie(file.path(), /*read_only=*/true);
  EXPECT_EQ(reopened->CountSubmissions()->accepted, kProtocols);
  EXPECT_TRUE(reopened->VerifyChain()->ok());
}

TEST(SqliteStoreTest, ABulkStoreOpenElsewhereStaysInWalModeAndCopiesItsLogOnlyWhenClosed) {
  constexpr int kProtocols = 150'000;
  constexpr uintmax_t kAutomaticCheckpoint = uintmax_t{1000} * 16384;
  TempStorePath file;
  {
    std::unique_ptr<Store> other = OpenOrDie(file.path());  // another connection, kept open
    Result<std::unique_ptr<Store>> bulk = OpenSqliteStore(file.path(), {.bulk = true});
    ASSERT_TRUE(bulk.has_value()) << bulk.error().ToString();
    SubmitMany(**bulk, kProtocols);
    EXPECT_EQ(HeaderJournalMode(file.path()), 2);
    // SQLite's automatic checkpoint is off: the log holds the batches, the database little.
    EXPECT_LT(std::filesystem::file_size(file.path()), kAutomaticCheckpoint);
    EXPECT_GT(std::filesystem::file_size(file.path() + "-wal"), kAutomaticCheckpoint);
    // The other connection reads them.
    EXPECT_EQ(other->CountSubmissions()->accepted, kProtocols);
  }
  // Both closed: the log is in the database, and every entry is there.
  EXPECT_FALSE(std::filesystem::exists(file.path() + "-wal"));
  EXPECT_GT(std::filesystem::file_size(file.path()), kAutomaticCheckpoint);
  std::unique_ptr<Store> reopened = OpenOrDie(file.path(), /*read_only=*/true);
  EXPECT_EQ(reopened->CountSubmissions()->accepted, kProtocols);
}

}  // namespace
}  // namespace esep::storage
