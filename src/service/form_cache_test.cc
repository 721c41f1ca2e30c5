#include "service/form_cache.h"

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "base/status.h"

namespace esep::service {
namespace {

data_entry::FormDefinition FormNamed(const std::string& protocol_id) {
  data_entry::FormDefinition form;
  form.protocol_id = protocol_id;
  form.commission_id = protocol_id.substr(0, protocol_id.find(':'));
  return form;
}

TEST(FormCacheTest, BuildsEachFormOnceAndSharesIt) {
  FormCache cache;
  int built = 0;
  const auto make = [&] {
    ++built;
    return Result<data_entry::FormDefinition>(FormNamed("P-1:list"));
  };
  Result<std::shared_ptr<const data_entry::FormDefinition>> first = cache.Get("P-1:list", make);
  Result<std::shared_ptr<const data_entry::FormDefinition>> second = cache.Get("P-1:list", make);
  ASSERT_TRUE(first.has_value());
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(first->get(), second->get());
  EXPECT_EQ((*first)->protocol_id, "P-1:list");
  EXPECT_EQ(built, 1);
}

TEST(FormCacheTest, AnErrorIsReturnedAndNotKept) {
  FormCache cache;
  int built = 0;
  const auto refuse = [&] {
    ++built;
    return Result<data_entry::FormDefinition>(NotFoundError("no such protocol"));
  };
  EXPECT_EQ(cache.Get("X:list", refuse).error().code(), StatusCode::kNotFound);
  EXPECT_EQ(cache.Get("X:list", refuse).error().code(), StatusCode::kNotFound);
  EXPECT_EQ(built, 2);
  EXPECT_EQ(cache.size(), 0u);
}

TEST(FormCacheTest, KeepsAtMostItsCapacityAndADroppedFormIsBuiltAgain) {
  FormCache cache(2);
  int built = 0;
  const auto get = [&](const std::string& id) {
    Result<std::shared_ptr<const data_entry::FormDefinition>> form = cache.Get(id, [&] {
      ++built;
      return Result<data_entry::FormDefinition>(FormNamed(id));
    });
    EXPECT_TRUE(form.has_value());
    EXPECT_EQ((*form)->protocol_id, id);  // never another protocol's form
    return *form;
  };
  const std::shared_ptr<const data_entry::FormDefinition> held = get("P-1:list");
  get("P-2:list");
  get("P-3:list");
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(built, 3);
  EXPECT_EQ(held->protocol_id, "P-1:list");  // a dropped form lives on with its holder
  for (const std::string id : {"P-1:list", "P-2:list", "P-3:list"}) {
    get(id);
  }
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_GE(built, 4);  // at least the one dropped was built again
}

TEST(FormCacheTest, ThreadsAtOnceGetTheirOwnProtocolsForm) {
  FormCache cache(8);
  std::atomic<int> wrong = 0;
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        const std::string id = "P-" + std::to_string((i * 7 + t) % 20) + ":list";
        Result<std::shared_ptr<const data_entry::FormDefinition>> form =
            cache.Get(id, [&] { return Result<data_entry::FormDefinition>(FormNamed(id)); });
        if (!form.has_value() || (*form)->protocol_id != id) {
          ++wrong;
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_LE(cache.size(), 8u);
}

}  // namespace
}  // namespace esep::service
