// Opening and filling a store in the storage tests: failures are test failures, not crashes.
// Test-only.

#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "storage/internal/test_protocols.h"
#include "storage/sqlite_store.h"

namespace esep::storage::internal {

inline std::unique_ptr<Store> OpenOrDie(const std::string& path, bool read_only = false) {
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(path, {.read_only = read_only});
  EXPECT_TRUE(store.has_value()) << store.error().ToString();
  return store.has_value() ? std::move(store).value() : nullptr;
}

inline protocol::Submission Of(protocol::Protocol protocol, std::string source = "test.csv:1",
                               std::optional<protocol::Decision> decision = std::nullopt) {
  return protocol::Submission{std::move(protocol), std::move(decision), std::move(source)};
}

inline std::vector<SubmitResult> SubmitOrDie(Store& store,
                                             std::vector<protocol::Submission> batch) {
  Result<std::vector<SubmitResult>> results = store.Submit(batch, KzRatios());
  EXPECT_TRUE(results.has_value()) << results.error().ToString();
  return results.has_value() ? std::move(results).value() : std::vector<SubmitResult>();
}

}  // namespace esep::storage::internal
