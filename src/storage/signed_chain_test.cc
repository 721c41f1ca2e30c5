// Format 3's chain events seen from outside: signed heads, the heads and keys a verifier holds,
// snapshots replayed as they stood, and stores opened read-only.

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/ed25519.h"
#include "base/sha256.h"
#include "storage/audit_chain.h"
#include "storage/chain_events.h"
#include "storage/internal/store_helpers_test_util.h"
#include "storage/internal/store_test_util.h"
#include "storage/internal/test_protocols.h"
#include "storage/sqlite_store.h"

namespace esep::storage {
namespace {

using internal::ConsistentProtocol;
using internal::HasCode;
using internal::IsOk;
using internal::KzRatios;
using internal::OpenOrDie;
using internal::RawExec;
using internal::RawQuery;
using internal::TempStorePath;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::vector<model::DefinitionFile> kFiles = {{"election.json", "{}\n"}};
const protocol::Decision kDecision{"7/1", "2023-03-20", "TEC 1", "recount"};

void Submit(Store& store, std::vector<protocol::Submission> batch) {
  ASSERT_TRUE(store.Submit(batch, KzRatios()).has_value());
}

SigningKey NewKey() { return *SigningKey::Generate(); }

// Entries: 1 definition, 2 PEC 1, 3 PEC 2, 4 signature, 5 results, 6 signature, 7 PEC 1 v2
// (decision), 8 PEC 2 changed without a decision (rejected: a correction left open),
// 9 signature, 10 results, 11 signature. Each batch is one row of the chain table (ids 3 and
// 8), every other entry a row of its own.
void BuildSignedStore(const std::string& path, const SigningKey& key) {
  std::unique_ptr<Store> store = OpenOrDie(path);
  ASSERT_THAT(store->SetDefinition(model::DefinitionSha256(kFiles), kFiles, "kz-majilis-2023"),
              IsOk());
  Submit(*store, {{ConsistentProtocol("PEC 1"), std::nullopt, "a:1"},
                  {ConsistentProtocol("PEC 2"), std::nullopt, "a:2"}});
  ASSERT_THAT(store->Sign(key), IsOk());
  ASSERT_THAT(store->RecordResults("{\"at\":\"first\"}"), IsOk());
  ASSERT_THAT(store->Sign(key), IsOk());
  ASSERT_THAT(store->Sign(key), IsOk());  // the head is signed already: nothing appended
  Submit(*store, {{ConsistentProtocol("PEC 1", 5), kDecision, "b:1"},
                  {ConsistentProtocol("PEC 2", 9), std::nullopt, "b:2"}});
  ASSERT_THAT(store->Sign(key), IsOk());
  ASSERT_THAT(store->RecordResults("{\"at\":\"second\"}"), IsOk());
  ASSERT_THAT(store->Sign(key), IsOk());
}

ChainReport VerifyWith(const std::string& path, const ChainExpectations& expect) {
  Result<ChainReport> report = OpenOrDie(path, /*read_only=*/true)->VerifyChain(expect);
  EXPECT_TRUE(report.has_value()) << report.error().ToString();
  return report.has_value() ? *report : ChainReport{};
}

TEST(SignedChainTest, SignaturesAreEntriesThatVerifyWithTheKey) {
  TempStorePath file;
  const SigningKey key = NewKey();
  BuildSignedStore(file.path(), key);
  const ChainReport report = VerifyWith(file.path(), {.public_key = key.public_key_hex()});
  ASSERT_TRUE(report.ok()) << report.mismatch->what;
  EXPECT_EQ(report.entries, 11);
  EXPECT_EQ(report.signatures, 4);
  EXPECT_EQ(report.snapshots, 2);
  EXPECT_EQ(report.signed_through, 11);
  EXPECT_EQ(report.signed_by, key.public_key_hex());
  const std::string signature = RawQuery(file.path(), "SELECT content FROM chain WHERE id = 4");
  EXPECT_THAT(signature, testing::StartsWith("[[4,\"signature\",3,\"" +
                                             RawQuery(file.path(),
                                                      "SELECT hash FROM chain WHERE "
                                                      "id = 3") +
                                             "\",\"" + key.public_key_hex() + "\""));
}

TEST(SignedChainTest, AnotherKeyOrAnUnsignedTailIsAMismatch) {
  TempStorePath file;
  const SigningKey key = NewKey();
  BuildSignedStore(file.path(), key);
  const ChainReport other = VerifyWith(file.path(), {.public_key = NewKey().public_key_hex()});
  ASSERT_FALSE(other.ok());
  EXPECT_THAT(other.mismatch->what, HasSubstr("no entry of the chain is signed by the expected"));
  // Entries appended without the key (as an insider with the file would) are not vouched for.
  Submit(*OpenOrDie(file.path()), {{ConsistentProtocol("PEC 3"), std::nullopt, "late:1"}});
  const ChainReport tail = VerifyWith(file.path(), {.public_key = key.public_key_hex()});
  ASSERT_FALSE(tail.ok());
  EXPECT_EQ(tail.mismatch->entry, 12);
  EXPECT_THAT(tail.mismatch->what, HasSubstr("entries 12 to 12 come after the last signature"));
  EXPECT_TRUE(VerifyWith(file.path(), {}).ok());  // without the key, nothing to hold it against
}

// Rewriting a signed entry and every later hash cannot produce the signatures again.
TEST(SignedChainTest, ARewriteBreaksTheSignaturesAfterIt) {
  TempStorePath file;
  const SigningKey key = NewKey();
  BuildSignedStore(file.path(), key);
  ASSERT_EQ(RawExec(file.path(),
                    "DROP TRIGGER chain_is_kept_unchanged; DROP TRIGGER chain_is_never_deleted"),
            "");
  std::string previous = RawQuery(file.path(), "SELECT hash FROM chain WHERE id = 1");
  for (const int row : {3, 4, 5, 6, 8, 9, 10, 11}) {
    std::string content =
        RawQuery(file.path(), "SELECT content FROM chain WHERE id = " + std::to_string(row));
    if (row == 3) {  // entry 2, PEC 1's first version
      content.replace(content.find("[400,150,50]"), 12, "[401,149,50]");
    }
    previous = ChainHash(previous, content);
    ASSERT_EQ(RawExec(file.path(), fmt::format("UPDATE chain SET content = '{}', hash = '{}' "
                                               "WHERE id = {}",
                                               content, previous, row)),
              "");
  }
  const ChainReport report = VerifyWith(file.path(), {});
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.mismatch->entry, 4);
  EXPECT_THAT(report.mismatch->what, HasSubstr("the signature names entry 3 with hash"));
}

TEST(SignedChainTest, AnExpectedHeadMustBeInTheChain) {
  TempStorePath file;
  const SigningKey key = NewKey();
  BuildSignedStore(file.path(), key);
  const std::string noted = RawQuery(file.path(), "SELECT hash FROM chain WHERE id = 6");
  const ChainReport found = VerifyWith(file.path(), {.head = noted});
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found.expected_head_entry, 6);
  // Truncated back to before the noted head: every remaining entry verifies, the head does not.
  ASSERT_EQ(RawExec(file.path(),
                    "DROP TRIGGER chain_is_never_deleted; DROP TRIGGER "
                    "results_are_never_deleted; DELETE FROM chain WHERE id >= 5; "
                    "DELETE FROM results WHERE entry >= 5"),
            "");
  EXPECT_TRUE(VerifyWith(file.path(), {}).ok());
  const ChainReport missing = VerifyWith(file.path(), {.head = noted});
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.mismatch->what, HasSubstr("does not contain the expected head " + noted));
}

TEST(SignedChainTest, SnapshotsAreReplayedAsTheyStood) {
  TempStorePath file;
  BuildSignedStore(file.path(), NewKey());
  std::vector<SnapshotAt> seen;
  ASSERT_THAT(OpenOrDie(file.path(), true)->ForEachSnapshot([&](const SnapshotAt& at) {
    seen.push_back(at);
    return OkStatus();
  }),
              IsOk());
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].entry, 5);
  EXPECT_EQ(seen[0].content, "{\"at\":\"first\"}");
  EXPECT_EQ(seen[0].previous_hash, RawQuery(file.path(), "SELECT hash FROM chain WHERE id = 4"));
  ASSERT_EQ(seen[0].accepted.size(), 2u);
  EXPECT_EQ(seen[0].accepted[0].choice_votes[0], 400);
  EXPECT_TRUE(seen[0].open_corrections.empty());
  EXPECT_EQ(seen[1].entry, 10);
  ASSERT_EQ(seen[1].accepted.size(), 2u);
  EXPECT_EQ(seen[1].accepted[1].choice_votes[0], 395);  // PEC 1 version 2, accepted later
  ASSERT_EQ(seen[1].open_corrections.size(), 1u);
  EXPECT_EQ(seen[1].open_corrections[0].commission_id, "PEC 2");
  // A snapshot's bytes changed behind the chain's back.
  ASSERT_EQ(RawExec(file.path(),
                    "DROP TRIGGER results_are_never_updated; UPDATE results SET "
                    "content = '{\"at\":\"forged\"}' WHERE entry = 5"),
            "");
  const ChainReport report = VerifyWith(file.path(), {});
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.mismatch->entry, 5);
  EXPECT_EQ(report.mismatch->expected, Sha256Hex("{\"at\":\"first\"}"));
}

TEST(SignedChainTest, TheDefinitionComesFirst) {
  std::unique_ptr<Store> store = OpenOrDie(":memory:");
  Submit(*store, {{ConsistentProtocol("PEC 1"), std::nullopt, "a:1"}});
  EXPECT_THAT(store->SetDefinition(model::DefinitionSha256(kFiles), kFiles, "kz-majilis-2023"),
              HasCode(StatusCode::kFailedPrecondition));
  EXPECT_EQ(*store->Definition(), std::nullopt);
}

TEST(SignedChainTest, AReadOnlyFileInAReadOnlyDirectoryVerifies) {
  TempStorePath file;
  const SigningKey key = NewKey();
  BuildSignedStore(file.path(), key);
  ASSERT_EQ(chmod(file.path().c_str(), 0444), 0);
  ASSERT_EQ(chmod(file.directory().c_str(), 0555), 0);
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(file.path(), {.read_only = true});
  ASSERT_TRUE(store.has_value()) << store.error().ToString();
  Result<ChainReport> report = (*store)->VerifyChain({.public_key = key.public_key_hex()});
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  EXPECT_TRUE(report->ok());
  EXPECT_EQ(report->entries, 11);
  ASSERT_TRUE((*store)->ProtocolCount().has_value());
  EXPECT_EQ(*(*store)->ProtocolCount(), 2);
  // Reading wrote nothing beside the file (root ignores the directory's mode and may still
  // create the WAL index; tests/integration runs the same check as another user).
  if (geteuid() != 0) {
    EXPECT_FALSE(std::filesystem::exists(file.path() + "-wal"));
  }
  // A read-only store refuses writes.
  EXPECT_THAT((*store)->RecordResults("{}"), HasCode(StatusCode::kUnavailable));
  ASSERT_EQ(chmod(file.directory().c_str(), 0755), 0);
}

TEST(SignedChainTest, AReadOnlyOpenNeverCreatesAStore) {
  TempStorePath file;
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(file.path(), {.read_only = true});
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code(), StatusCode::kUnavailable);
  EXPECT_FALSE(std::filesystem::exists(file.path()));
}

}  // namespace
}  // namespace esep::storage
