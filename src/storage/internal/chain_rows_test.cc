#include "storage/internal/chain_rows.h"

#include <string>
#include <string_view>
#include <vector>

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

}  // namespace
}  // namespace esep::storage::internal
