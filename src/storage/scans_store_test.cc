// The store's protocol scans (format 6): stored with their SHA-256 and their scan_uploaded event
// in one transaction, idempotent for the same bytes on the same protocol, kept as uploaded (the
// triggers), and checked by VerifyChain (bytes against the hash, each scan against its event).

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/sha256.h"
#include "storage/internal/store_helpers_test_util.h"
#include "storage/internal/store_test_util.h"
#include "storage/sqlite_store.h"

namespace esep::storage {
namespace {

using internal::HasCode;
using internal::IsOk;
using internal::OpenOrDie;
using internal::RawExec;
using internal::RawQuery;
using internal::TempStorePath;
using ::testing::HasSubstr;

EventActor Actor(std::string user_id = "7") {
  return EventActor{.user_id = std::move(user_id),
                    .commission_id = "PEC-1",
                    .time = std::chrono::sys_days(std::chrono::year(2026) / 12 / 7),
                    .client_address = "192.0.2.7"};
}

const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + "picture";
const std::string kPdf = "%PDF-1.7 scan";

TEST(ScansStoreTest, AScanReadsBackWithItsRecordAndItsEvent) {
  TempStorePath file;
  {
    auto store = OpenOrDie(file.path());
    Result<AddedScan> added = store->AddScan("PEC-1:list", "image/png", kPng, Actor());
    ASSERT_TRUE(added.has_value()) << added.error().ToString();
    EXPECT_TRUE(added->added);
    const ScanRecord expected{.protocol_id = "PEC-1:list",
                              .sha256 = Sha256Hex(kPng),
                              .media_type = "image/png",
                              .size = static_cast<int64_t>(kPng.size()),
                              .uploaded_by = "7",
                              .uploaded_at = Actor().time};
    EXPECT_EQ(added->record, expected);
    ASSERT_THAT(store->AddScan("PEC-1:list", "application/pdf", kPdf, Actor("8")).status(), IsOk());
  }
  auto store = OpenOrDie(file.path(), /*read_only=*/true);
  Result<std::vector<ScanRecord>> scans = store->ProtocolScans("PEC-1:list");
  ASSERT_TRUE(scans.has_value());
  ASSERT_EQ(scans->size(), 2u);
  EXPECT_EQ((*scans)[0].sha256, Sha256Hex(kPng));
  EXPECT_EQ((*scans)[1].sha256, Sha256Hex(kPdf));
  EXPECT_EQ((*scans)[1].uploaded_by, "8");
  EXPECT_EQ((*scans)[1].media_type, "application/pdf");
  Result<std::vector<ScanRecord>> none = store->ProtocolScans("PEC-2:list");
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->empty());

  Result<std::optional<StoredScan>> found = store->FindScan(Sha256Hex(kPdf));
  ASSERT_TRUE(found.has_value());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->bytes, kPdf);
  ASSERT_EQ((*found)->records.size(), 1u);
  EXPECT_EQ((*found)->records[0], (*scans)[1]);
  for (const std::string& unknown :
       {Sha256Hex("other"), std::string("xyz"), Sha256Hex(kPdf).substr(1) + "G"}) {
    Result<std::optional<StoredScan>> missing = store->FindScan(unknown);
    ASSERT_TRUE(missing.has_value());
    EXPECT_FALSE(missing->has_value()) << unknown;
  }

  Result<std::vector<RecordedEvent>> events = store->AuditEvents();
  ASSERT_TRUE(events.has_value());
  ASSERT_EQ(events->size(), 2u);
  const AuditEvent expected_event{.kind = EventKind::kScanUploaded,
                                  .actor = Actor(),
                                  .details = {{"bytes", std::to_string(kPng.size())},
                                              {"media_type", "image/png"},
                                              {"protocol", "PEC-1:list"},
                                              {"sha256", Sha256Hex(kPng)}}};
  EXPECT_EQ((*events)[0].event, expected_event);
  Result<ChainReport> report = store->VerifyChain();
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok()) << report->mismatch->what;
  EXPECT_EQ(report->events, 2);
  EXPECT_EQ(report->scans, 2);
}

TEST(ScansStoreTest, TheSameBytesOnTheSameProtocolAreStoredOnce) {
  TempStorePath file;
  auto store = OpenOrDie(file.path());
  ASSERT_THAT(store->AddScan("PEC-1:list", "image/png", kPng, Actor()).status(), IsOk());
  Result<std::string> head = store->ChainHead();
  ASSERT_TRUE(head.has_value());
  Result<AddedScan> again = store->AddScan("PEC-1:list", "image/png", kPng, Actor("9"));
  ASSERT_TRUE(again.has_value());
  EXPECT_FALSE(again->added);
  EXPECT_EQ(again->record.uploaded_by, "7");  // the first upload's record
  EXPECT_EQ(store->ChainHead().value(), *head);
  // The same bytes on another protocol are a second record with its event.
  Result<AddedScan> other = store->AddScan("PEC-1:d3", "image/png", kPng, Actor("9"));
  ASSERT_TRUE(other.has_value());
  EXPECT_TRUE(other->added);
  Result<std::optional<StoredScan>> found = store->FindScan(Sha256Hex(kPng));
  ASSERT_TRUE(found.has_value() && found->has_value());
  ASSERT_EQ((*found)->records.size(), 2u);
  EXPECT_EQ((*found)->records[0].protocol_id, "PEC-1:list");
  EXPECT_EQ((*found)->records[1].protocol_id, "PEC-1:d3");
  EXPECT_EQ(store->AuditEvents().value().size(), 2u);
  EXPECT_EQ(RawQuery(file.path(), "SELECT count(*) FROM scans"), "2");
}

TEST(ScansStoreTest, AMalformedScanWritesNothing) {
  TempStorePath file;
  auto store = OpenOrDie(file.path());
  EXPECT_THAT(store->AddScan("", "image/png", kPng, Actor()).status(),
              HasCode(StatusCode::kInvalidArgument));
  EXPECT_THAT(store->AddScan("PEC-1:list", "image/png", "", Actor()).status(),
              HasCode(StatusCode::kInvalidArgument));
  EXPECT_THAT(store->AddScan("PEC-1:list", "image/gif", kPng, Actor()).status(),
              HasCode(StatusCode::kInvalidArgument));
  EXPECT_EQ(RawQuery(file.path(), "SELECT count(*) FROM scans"), "0");
  EXPECT_EQ(RawQuery(file.path(), "SELECT count(*) FROM chain"), "0");
}

TEST(ScansStoreTest, AScanIsNeverChangedNorRemoved) {
  TempStorePath file;
  {
    auto store = OpenOrDie(file.path());
    ASSERT_THAT(store->AddScan("PEC-1:list", "image/png", kPng, Actor()).status(), IsOk());
  }
  EXPECT_THAT(RawExec(file.path(), "UPDATE scans SET content = x'00'"),
              HasSubstr("kept as uploaded"));
  EXPECT_THAT(RawExec(file.path(), "DELETE FROM scans"), HasSubstr("kept as uploaded"));
  EXPECT_EQ(RawQuery(file.path(), "SELECT count(*) FROM scans"), "1");
}

TEST(ScansStoreTest, AFormat6StoreWithoutScansGetsTheTableWhenOpenedForWriting) {
  TempStorePath file;
  OpenOrDie(file.path());
  // As a pre-release build of format 6 wrote it (and without the turnout reports of format 7).
  ASSERT_EQ(RawExec(file.path(),
                    "DROP TRIGGER scans_are_never_updated; DROP TRIGGER scans_are_never_deleted; "
                    "DROP TABLE scans; "
                    "DROP TRIGGER turnout_reports_are_never_updated; DROP TRIGGER "
                    "turnout_reports_are_never_deleted; "
                    "DROP TABLE turnout_reports; "
                    "DROP TRIGGER metadata_is_never_updated; "
                    "UPDATE metadata SET value = '6' WHERE key = 'format_version'; "
                    "CREATE TRIGGER metadata_is_never_updated BEFORE UPDATE ON metadata BEGIN "
                    "SELECT RAISE(ABORT, 'the store metadata is written once'); END"),
            "");
  auto store = OpenOrDie(file.path());
  ASSERT_THAT(store->AddScan("PEC-1:list", "image/png", kPng, Actor()).status(), IsOk());
  EXPECT_EQ(RawQuery(file.path(), "SELECT value FROM metadata WHERE key = 'format_version'"), "7");
  EXPECT_THAT(RawExec(file.path(), "DELETE FROM scans"), HasSubstr("kept as uploaded"));
}

// What VerifyChain reports after `sql` is run on a store holding one PNG scan (the triggers
// dropped first, as an insider with the file would).
std::optional<ChainMismatch> MismatchAfter(const std::string& sql) {
  TempStorePath file;
  {
    auto store = OpenOrDie(file.path());
    EXPECT_THAT(store->AddScan("PEC-1:list", "image/png", kPng, Actor()).status(), IsOk());
  }
  EXPECT_EQ(
      RawExec(file.path(),
              "DROP TRIGGER scans_are_never_updated; DROP TRIGGER scans_are_never_deleted; " + sql),
      "");
  auto store = OpenOrDie(file.path(), /*read_only=*/true);
  Result<ChainReport> report = store->VerifyChain();
  EXPECT_TRUE(report.has_value());
  return report.has_value() ? report->mismatch : std::nullopt;
}

TEST(ScansStoreTest, VerifyFindsChangedBytes) {
  const std::optional<ChainMismatch> mismatch =
      MismatchAfter("UPDATE scans SET content = CAST('forged' AS BLOB)");
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_THAT(mismatch->what, HasSubstr("the scan was changed"));
  EXPECT_EQ(mismatch->entry, 1);
  EXPECT_EQ(mismatch->expected, Sha256Hex(kPng));
  EXPECT_EQ(mismatch->found, Sha256Hex("forged"));
}

TEST(ScansStoreTest, VerifyFindsBytesAndHashReplacedTogether) {
  const std::optional<ChainMismatch> mismatch = MismatchAfter(
      "UPDATE scans SET content = CAST('forged' AS BLOB), sha256 = '" + Sha256Hex("forged") + "'");
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_THAT(mismatch->what, HasSubstr("has no scan_uploaded event"));
}

TEST(ScansStoreTest, VerifyFindsARemovedScan) {
  const std::optional<ChainMismatch> mismatch = MismatchAfter("DELETE FROM scans");
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_THAT(mismatch->what, HasSubstr("the scan was removed"));
  EXPECT_EQ(mismatch->entry, 1);
}

TEST(ScansStoreTest, VerifyFindsAChangedMediaType) {
  const std::optional<ChainMismatch> mismatch =
      MismatchAfter("UPDATE scans SET media_type = 'application/pdf'");
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_THAT(mismatch->what, HasSubstr("differs from its scan_uploaded event"));
}

}  // namespace
}  // namespace esep::storage
