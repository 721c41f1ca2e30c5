#include "storage/internal/key_index.h"

#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace esep::storage::internal {
namespace {

TEST(KeyIndexTest, FindsWhatWasInsertedThroughEveryGrowthAndNothingElse) {
  KeyIndex<int> index;
  constexpr int kKeys = 50'000;  // many growths of the table
  for (int i = 0; i < kKeys; ++i) {
    index.FindOrInsert(fmt::format("PEC-{}", i)) = i;
  }
  EXPECT_EQ(index.size(), static_cast<size_t>(kKeys));
  for (int i = 0; i < kKeys; ++i) {
    const int* value = index.Find(fmt::format("PEC-{}", i));
    ASSERT_NE(value, nullptr) << i;
    EXPECT_EQ(*value, i);
  }
  EXPECT_EQ(index.Find("PEC-50000"), nullptr);
  EXPECT_EQ(index.Find(""), nullptr);
  // Keys that differ only after a NUL byte are different keys.
  index.FindOrInsert(std::string("a\0b", 3)) = -1;
  EXPECT_EQ(index.Find(std::string("a\0c", 3)), nullptr);
}

TEST(KeyIndexTest, TheHashedLookUpIsTheSameLookUpWithOrWithoutAPrefetch) {
  KeyIndex<int> plain;
  KeyIndex<int> hashed;
  std::vector<std::string> keys;
  keys.reserve(10'000);
  for (int i = 0; i < 10'000; ++i) {
    keys.push_back(fmt::format("key {}", i % 7'000));  // some keys twice
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    ++plain.FindOrInsert(keys[i]);
    if (i + 16 < keys.size()) {
      hashed.Prefetch(KeyIndex<int>::HashOf(keys[i + 16]));  // a hint, possibly stale
    }
    ++hashed.FindOrInsert(keys[i], KeyIndex<int>::HashOf(keys[i]));
  }
  ASSERT_EQ(plain.size(), hashed.size());
  plain.ForEach([&](std::string_view key, const int& count) {
    const int* other = hashed.Find(key);
    ASSERT_NE(other, nullptr) << key;
    EXPECT_EQ(*other, count) << key;
  });
  EXPECT_EQ(*hashed.Find("key 0"), 2);
  EXPECT_EQ(*hashed.Find("key 6999"), 1);
}

}  // namespace
}  // namespace esep::storage::internal
