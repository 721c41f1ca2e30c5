#include "storage/internal/sqlite.h"

#include <cstdint>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "storage/internal/store_test_util.h"

namespace esep::storage::internal {
namespace {

TEST(SqliteTest, ACachedStatementIsCompiledOnceAndGivenBackResetAndUnbound) {
  const TempStorePath temp;
  Result<Database> db = Database::Open(temp.path());
  ASSERT_TRUE(db.has_value()) << db.error().ToString();
  ASSERT_TRUE(db->Exec("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)").ok());
  constexpr const char* kInsert = "INSERT INTO t (k, v) VALUES (?1, ?2)";
  constexpr const char* kSelect = "SELECT v FROM t WHERE k = ?1";
  for (int i = 0; i < 3; ++i) {
    Result<CachedStatement> insert = db->Cached(kInsert);
    ASSERT_TRUE(insert.has_value()) << insert.error().ToString();
    (*insert)->Bind(1, fmt::format("k{}", i));
    (*insert)->Bind(2, int64_t{i} * 10);
    ASSERT_TRUE((*insert)->Run().ok());
  }
  EXPECT_EQ(db->cached_statements(), 1u);
  {
    Result<CachedStatement> select = db->Cached(kSelect);
    ASSERT_TRUE(select.has_value());
    (*select)->Bind(1, "k2");
    Result<bool> row = (*select)->Step();
    ASSERT_TRUE(row.has_value() && *row);
    EXPECT_EQ((*select)->Int(0), 20);
    // Left on its row: the handle's end must reset it.
  }
  EXPECT_EQ(db->cached_statements(), 2u);
  {
    // No binding survives: an unbound ?1 is NULL, which matches no key.
    Result<CachedStatement> select = db->Cached(kSelect);
    ASSERT_TRUE(select.has_value());
    Result<bool> row = (*select)->Step();
    ASSERT_TRUE(row.has_value());
    EXPECT_FALSE(*row);
  }
  EXPECT_EQ(db->cached_statements(), 2u);
}

TEST(SqliteTest, AnIdleCachedStatementHoldsNoReadTransaction) {
  const TempStorePath temp;
  Result<Database> db = Database::Open(temp.path());
  ASSERT_TRUE(db.has_value());
  ASSERT_TRUE(db->Exec("PRAGMA journal_mode = WAL").ok());
  ASSERT_TRUE(db->Exec("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)").ok());
  ASSERT_TRUE(db->Exec("INSERT INTO t VALUES ('a', 1), ('b', 2)").ok());
  constexpr const char* kSelect = "SELECT v FROM t ORDER BY k";
  {
    Result<CachedStatement> select = db->Cached(kSelect);
    ASSERT_TRUE(select.has_value());
    Result<bool> row = (*select)->Step();
    ASSERT_TRUE(row.has_value() && *row);  // stopped on its first row of two
  }
  EXPECT_NE(sqlite3_get_autocommit(db->handle()), 0);
  // Another connection's write is seen at once: no snapshot was kept open.
  Result<Database> other = Database::Open(temp.path());
  ASSERT_TRUE(other.has_value());
  ASSERT_TRUE(other->Exec("UPDATE t SET v = 5 WHERE k = 'a'").ok());
  Result<CachedStatement> select = db->Cached(kSelect);
  ASSERT_TRUE(select.has_value());
  Result<bool> row = (*select)->Step();
  ASSERT_TRUE(row.has_value() && *row);
  EXPECT_EQ((*select)->Int(0), 5);
}

TEST(SqliteTest, ANestedUseOfTheSameStatementGetsAStatementOfItsOwn) {
  const TempStorePath temp;
  Result<Database> db = Database::Open(temp.path());
  ASSERT_TRUE(db.has_value());
  ASSERT_TRUE(db->Exec("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)").ok());
  ASSERT_TRUE(db->Exec("INSERT INTO t VALUES ('a', 1), ('b', 2)").ok());
  constexpr const char* kSelect = "SELECT v FROM t WHERE k = ?1";
  Result<CachedStatement> outer = db->Cached(kSelect);
  ASSERT_TRUE(outer.has_value());
  (*outer)->Bind(1, "a");
  {
    Result<CachedStatement> inner = db->Cached(kSelect);
    ASSERT_TRUE(inner.has_value());
    EXPECT_NE(&**inner, &**outer);
    (*inner)->Bind(1, "b");
    Result<bool> row = (*inner)->Step();
    ASSERT_TRUE(row.has_value() && *row);
    EXPECT_EQ((*inner)->Int(0), 2);
  }
  Result<bool> row = (*outer)->Step();
  ASSERT_TRUE(row.has_value() && *row);
  EXPECT_EQ((*outer)->Int(0), 1);  // its binding was not touched by the inner use
  EXPECT_EQ(db->cached_statements(), 1u);
}

}  // namespace
}  // namespace esep::storage::internal
