#include "base/id_index.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace esep {
namespace {

TEST(IdIndexTest, FindsEveryIdItHoldsAndNoOther) {
  std::vector<std::string> ids;
  IdIndex index;
  auto key_of = [&](uint32_t position) -> std::string_view { return ids[position]; };
  // Enough ids to make the table grow several times from its first size.
  for (int i = 0; i < 5000; ++i) {
    ids.push_back(fmt::format("PEC-{:05}", i));
    const auto [position, inserted] =
        index.Insert(ids.back(), static_cast<uint32_t>(ids.size() - 1), key_of);
    EXPECT_TRUE(inserted);
    EXPECT_EQ(position, ids.size() - 1);
  }
  EXPECT_EQ(index.size(), 5000u);
  for (uint32_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(index.Find(ids[i], key_of), std::optional<uint32_t>(i));
  }
  EXPECT_EQ(index.Find("PEC-05000", key_of), std::nullopt);
  EXPECT_EQ(index.Find("", key_of), std::nullopt);
}

TEST(IdIndexTest, ADuplicateKeepsTheFirstPosition) {
  const std::vector<std::string> ids = {"a", "b", "a"};
  auto key_of = [&](uint32_t position) -> std::string_view { return ids[position]; };
  IdIndex index;
  index.Reserve(3);
  EXPECT_TRUE(index.Insert(ids[0], 0, key_of).second);
  EXPECT_TRUE(index.Insert(ids[1], 1, key_of).second);
  const auto [position, inserted] = index.Insert(ids[2], 2, key_of);
  EXPECT_FALSE(inserted);
  EXPECT_EQ(position, 0u);
  EXPECT_EQ(index.size(), 2u);
}

TEST(IdIndexTest, AnEmptyIndexFindsNothing) {
  const IdIndex index;
  EXPECT_EQ(index.Find("x", [](uint32_t) { return std::string_view("x"); }), std::nullopt);
}

}  // namespace
}  // namespace esep
