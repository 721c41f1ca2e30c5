#include "service/scans.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include "base/sha256.h"
#include "model/definition_files.h"
#include "service/internal/entry_election_test_util.h"
#include "service/internal/entry_store_test_util.h"
#include "service/verify.h"
#include "storage/sqlite_store.h"

namespace esep::service {
namespace {

using ::testing::HasSubstr;

const std::string kJpeg = std::string("\xFF\xD8\xFF\xE0", 4) + "jfif";
const std::string kPng = std::string("\x89PNG\r\n\x1A\n", 8) + "png";
const std::string kPdf = "%PDF-1.4\n";

// The entries' store fixture (its election, desk and users), with the scan tests' own users of
// precinct P1 and P3.
class ScansTest : public internal::EntryStoreTest {
 protected:
  static storage::EventActor Actor() {
    return storage::EventActor{.user_id = "ignored",
                               .commission_id = "P1",
                               .time = std::chrono::sys_days(std::chrono::year(2026) / 12 / 7),
                               .client_address = "192.0.2.7"};
  }
  Result<storage::AddedScan> Attach(const access::User& user, std::string_view protocol_id,
                                    std::string_view media_type, std::string_view bytes) {
    return AttachScan(*store_, *desk_, user, protocol_id, media_type, bytes, Actor());
  }

  access::User precinct_coordinator_ = internal::MakeUser("24", access::Role::kCoordinator, "P1");
  access::User precinct_chair_ = internal::MakeUser("17", access::Role::kChair, "P1");
  access::User southern_chair_ = internal::MakeUser("18", access::Role::kChair, "P3");
};

TEST(CheckScanTest, EachTypeNeedsItsSignatureAndASize) {
  EXPECT_TRUE(CheckScan("image/jpeg", kJpeg).ok());
  EXPECT_TRUE(CheckScan("image/png", kPng).ok());
  EXPECT_TRUE(CheckScan("application/pdf", kPdf).ok());
  EXPECT_TRUE(CheckScan("image/jpeg", std::string("\xFF\xD8\xFF", 3)).ok());
  const auto message = [](std::string_view type, std::string_view bytes) {
    const Status status = CheckScan(type, bytes);
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << type;
    return std::string(status.message());
  };
  EXPECT_THAT(message("application/pdf", kPng), HasSubstr("not application/pdf"));
  EXPECT_THAT(message("image/png", kJpeg), HasSubstr("signature"));
  EXPECT_THAT(message("image/jpeg", std::string("\xFF\xD8", 2)), HasSubstr("signature"));
  EXPECT_THAT(message("image/gif", "GIF89a"),
              HasSubstr("image/jpeg, image/png or application/pdf"));
  EXPECT_THAT(message("image/png", ""), HasSubstr("at least one byte"));
  EXPECT_THAT(message("", kPng), HasSubstr("not ''"));
  std::string largest = kPdf;
  largest.resize(kMaxScanBytes, ' ');
  EXPECT_TRUE(CheckScan("application/pdf", largest).ok());
  largest.push_back(' ');
  EXPECT_THAT(message("application/pdf", largest), HasSubstr("at most 10485760 bytes"));
}

TEST_F(ScansTest, ATypistAttachesAndAnObserverReads) {
  Result<storage::AddedScan> added = Attach(typist_, "P1:list", "image/png", kPng);
  ASSERT_TRUE(added.has_value()) << added.error().ToString();
  EXPECT_TRUE(added->added);
  EXPECT_EQ(added->record.sha256, Sha256Hex(kPng));
  EXPECT_EQ(added->record.uploaded_by, "11");  // the user's id, whatever the actor said
  ASSERT_TRUE(Attach(precinct_coordinator_, "P1:list", "application/pdf", kPdf).has_value());

  Result<storage::StoredScan> read = ReadScan(*store_, *desk_, observer_, Sha256Hex(kPng));
  ASSERT_TRUE(read.has_value()) << read.error().ToString();
  EXPECT_EQ(read->bytes, kPng);
  ASSERT_EQ(read->records.size(), 1u);
  EXPECT_EQ(read->records[0].protocol_id, "P1:list");

  Result<std::vector<storage::ScanRecord>> listed =
      ListScans(*store_, *desk_, precinct_chair_, "P1:list");
  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].sha256, Sha256Hex(kPng));
  EXPECT_EQ((*listed)[1].media_type, "application/pdf");

  // Idempotent: the same bytes again add nothing.
  Result<storage::AddedScan> again = Attach(typist_, "P1:list", "image/png", kPng);
  ASSERT_TRUE(again.has_value());
  EXPECT_FALSE(again->added);
  Result<std::vector<storage::RecordedEvent>> events = store_->AuditEvents();
  ASSERT_TRUE(events.has_value());
  EXPECT_EQ(events->size(), 2u);
}

TEST_F(ScansTest, OnlyUploadersOfTheProtocolsCommissionMayAttach) {
  EXPECT_EQ(Attach(southern_typist_, "P1:list", "image/png", kPng).error().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(Attach(observer_, "P1:list", "image/png", kPng).error().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(Attach(precinct_chair_, "P1:list", "image/png", kPng).error().code(),
            StatusCode::kPermissionDenied);
  access::User disabled = typist_;
  disabled.disabled = true;
  EXPECT_EQ(Attach(disabled, "P1:list", "image/png", kPng).error().code(),
            StatusCode::kUnauthenticated);
  access::User stranger = internal::MakeUser("19", access::Role::kTypist, "NOWHERE");
  EXPECT_EQ(Attach(stranger, "P1:list", "image/png", kPng).error().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(Attach(typist_, "P9:list", "image/png", kPng).error().code(), StatusCode::kNotFound);
  EXPECT_EQ(Attach(typist_, "P1:d2", "image/png", kPng).error().code(), StatusCode::kNotFound);
  // A refusal comes before the content is looked at.
  EXPECT_EQ(Attach(southern_typist_, "P1:list", "application/pdf", kPng).error().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(Attach(typist_, "P1:list", "application/pdf", kPng).error().code(),
            StatusCode::kInvalidArgument);
  Result<std::vector<storage::RecordedEvent>> events = store_->AuditEvents();
  ASSERT_TRUE(events.has_value());
  EXPECT_TRUE(events->empty());
}

TEST_F(ScansTest, AScanIsReadOnlyWhereItsProtocolMayBeSeen) {
  ASSERT_TRUE(Attach(typist_, "P1:d1", "image/jpeg", kJpeg).has_value());
  EXPECT_EQ(ReadScan(*store_, *desk_, southern_chair_, Sha256Hex(kJpeg)).error().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(ListScans(*store_, *desk_, southern_chair_, "P1:d1").error().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(ReadScan(*store_, *desk_, precinct_chair_, Sha256Hex("unknown")).error().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(ReadScan(*store_, *desk_, precinct_chair_, "not-a-hash").error().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(ReadScan(*store_, *desk_, precinct_chair_, Sha256Hex(kJpeg)).value().bytes, kJpeg);
  // The same bytes attached in the south too: the southern chair now sees that record only.
  ASSERT_TRUE(Attach(southern_typist_, "P3:list", "image/jpeg", kJpeg).has_value());
  Result<storage::StoredScan> read = ReadScan(*store_, *desk_, southern_chair_, Sha256Hex(kJpeg));
  ASSERT_TRUE(read.has_value());
  ASSERT_EQ(read->records.size(), 1u);
  EXPECT_EQ(read->records[0].protocol_id, "P3:list");
  EXPECT_EQ(ListScans(*store_, *desk_, observer_, "P1:d1").value().size(), 1u);
}

TEST_F(ScansTest, VerifyCountsTheScansAndFindsOneChangedOrRemoved) {
  ASSERT_TRUE(Attach(typist_, "P1:list", "image/png", kPng).has_value());
  store_.reset();
  Result<VerifyReport> report = VerifyStore({.store_path = path_});
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  ASSERT_TRUE(report->chain.has_value());
  EXPECT_EQ(report->chain->scans, 1);
  EXPECT_EQ(report->chain->events, 1);

  const auto tampered = [&](const char* sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
    Result<VerifyReport> found = VerifyStore({.store_path = path_});
    EXPECT_TRUE(found.has_value() && found->mismatch.has_value());
    return found.has_value() && found->mismatch.has_value() ? found->mismatch->what : std::string();
  };
  EXPECT_THAT(tampered("DROP TRIGGER scans_are_never_updated; "
                       "UPDATE scans SET content = CAST('forged' AS BLOB)"),
              HasSubstr("audit entry 2: scans table, row 1 (protocol P1:list): the SHA-256 of "
                        "the stored bytes differs"));
  EXPECT_THAT(tampered("DROP TRIGGER scans_are_never_deleted; DELETE FROM scans"),
              HasSubstr("the scan was removed"));
}

}  // namespace
}  // namespace esep::service
