#include "storage/internal/chain_rows.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace esep::storage::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ChainRowsTest, ARowIsItsEntriesInAJsonArray) {
  std::string row;
  AppendRowEntry(row, "[1,\"a\"]");
  AppendRowEntry(row, "[2,{\"k\":[3]},\"b\"]");
  CloseRow(row);
  EXPECT_EQ(row, "[[1,\"a\"],[2,{\"k\":[3]},\"b\"]]");
  EXPECT_EQ(SingleEntryRow("[7]"), "[[7]]");
  Result<std::vector<std::string_view>> entries = SplitRowEntries(row);
  ASSERT_TRUE(entries.has_value()) << entries.error().ToString();
  EXPECT_THAT(*entries, ElementsAre("[1,\"a\"]", "[2,{\"k\":[3]},\"b\"]"));
}

TEST(ChainRowsTest, BracketsAndQuotesInsideStringsDoNotEndAnEntry) {
  const std::string row = R"([[1,"PEC ] 1","say \"],[\" \\"],[2,"x\\"]])";
  Result<std::vector<std::string_view>> entries = SplitRowEntries(row);
  ASSERT_TRUE(entries.has_value()) << entries.error().ToString();
  EXPECT_THAT(*entries, ElementsAre(R"([1,"PEC ] 1","say \"],[\" \\"])", R"([2,"x\\"])"));
}

TEST(ChainRowsTest, AnythingElseIsDataLossNamingTheByte) {
  for (const std::string_view bad :
       {"", "[]", "[1]", "{}", "[[1]", "[[1]]x", "[[1] ,[2]]", "[[1],]", "[[1][2]]", "[[\"]]",
        "[[1],2]", " [[1]]", "[[1]],"}) {
    SCOPED_TRACE(bad);
    Result<std::vector<std::string_view>> entries = SplitRowEntries(bad);
    ASSERT_FALSE(entries.has_value());
    EXPECT_EQ(entries.error().code(), StatusCode::kDataLoss);
    EXPECT_THAT(entries.error().message(), HasSubstr("row content at byte"));
  }
}

// Three rows (entries 1, 2–4, 5) in a bare chain table: the cursor walks the entries, starts
// after any entry, even inside a row, and VisitEntries reads chosen entries by number.
class ChainRowsDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Database> db = Database::Open(":memory:");
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    db_.emplace(std::move(*db));
    ASSERT_TRUE(db_->Exec("CREATE TABLE chain (id INTEGER PRIMARY KEY, first INTEGER, content "
                          "TEXT, hash TEXT);"
                          "INSERT INTO chain VALUES (1, 1, '[[1]]', 'h1');"
                          "INSERT INTO chain VALUES (4, 2, '[[2],[3,\"]\"],[4]]', 'h4');"
                          "INSERT INTO chain VALUES (5, 5, '[[5]]', 'h5');")
                    .ok());
  }

  std::vector<std::string> WalkAfter(int64_t after) {
    std::vector<std::string> seen;
    Result<EntryCursor> cursor = EntryCursor::Open(*db_, after);
    EXPECT_TRUE(cursor.has_value());
    while (true) {
      Result<bool> more = cursor->Next();
      EXPECT_TRUE(more.has_value()) << more.error().ToString();
      if (!more.has_value() || !*more) {
        return seen;
      }
      seen.push_back(fmt::format("{}={} in {}{}", cursor->entry(), cursor->content(),
                                 cursor->row_hash(), cursor->row_end() ? " end" : ""));
    }
  }

  std::optional<Database> db_;
};

TEST_F(ChainRowsDatabaseTest, TheCursorWalksEveryEntryFromAnyPoint) {
  EXPECT_THAT(WalkAfter(0), ElementsAre("1=[1] in h1 end", "2=[2] in h4", "3=[3,\"]\"] in h4",
                                        "4=[4] in h4 end", "5=[5] in h5 end"));
  EXPECT_THAT(WalkAfter(2), ElementsAre("3=[3,\"]\"] in h4", "4=[4] in h4 end", "5=[5] in h5 end"));
  EXPECT_THAT(WalkAfter(4), ElementsAre("5=[5] in h5 end"));
  EXPECT_TRUE(WalkAfter(5).empty());
}

TEST_F(ChainRowsDatabaseTest, ChosenEntriesAreReadByNumber) {
  std::vector<std::string> seen;
  const int64_t wanted[] = {1, 3, 4, 5};
  ASSERT_TRUE(VisitEntries(*db_, wanted, [&](int64_t entry, std::string_view content) {
                seen.push_back(fmt::format("{}={}", entry, content));
                return OkStatus();
              }).ok());
  EXPECT_THAT(seen, ElementsAre("1=[1]", "3=[3,\"]\"]", "4=[4]", "5=[5]"));
  Result<std::string> entry = ReadEntry(*db_, 2);
  ASSERT_TRUE(entry.has_value());
  EXPECT_EQ(*entry, "[2]");
  const int64_t missing[] = {6};
  Status status = VisitEntries(*db_, missing, [](int64_t, std::string_view) { return OkStatus(); });
  EXPECT_EQ(status.code(), StatusCode::kDataLoss);
  EXPECT_THAT(status.message(), HasSubstr("entry 6 is missing"));
}

TEST_F(ChainRowsDatabaseTest, ARowWhoseNumbersDoNotMatchItsEntriesIsDataLoss) {
  ASSERT_TRUE(db_->Exec("UPDATE chain SET first = 3 WHERE id = 4").ok());
  Result<EntryCursor> cursor = EntryCursor::Open(*db_, 1);
  ASSERT_TRUE(cursor.has_value());
  Result<bool> more = cursor->Next();
  ASSERT_FALSE(more.has_value());
  EXPECT_EQ(more.error().code(), StatusCode::kDataLoss);
  EXPECT_THAT(more.error().message(), HasSubstr("chain table, row 4"));
  EXPECT_THAT(more.error().message(), HasSubstr("numbers entries 3 to 4 but holds 3 entries"));
}

}  // namespace
}  // namespace esep::storage::internal
