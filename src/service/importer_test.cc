#include "service/importer.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "protocol/control_ratio.h"
#include "results/results_builder.h"
#include "storage/sqlite_store.h"
#include "tabulation/internal/toy_election_test_util.h"

namespace esep::service {
namespace {

using ::testing::HasSubstr;

// A fresh store and a protocols file of the toy election's first precinct (two protocols).
class ImporterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string base = ::testing::TempDir() + "esep-importer-" + std::to_string(::getpid());
    store_path_ = base + ".db";
    protocols_path_ = base + "-protocols.csv";
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(store_path_ + suffix);
    }
    std::ofstream(protocols_path_)
        << "commission,contest,voters_on_list,voters_added_on_day,ballots_received,"
           "ballots_issued_premises,ballots_issued_mobile,ballots_issued_absentee,ballots_unused,"
           "ballots_spoiled,ballots_in_stationary_boxes,ballots_in_mobile_boxes,invalid_ballots,"
           "valid_ballots,against_all,turnout_reported_during_day,choice_1,choice_2\n"
           "P1,list,100,0,100,50,0,0,50,0,50,0,0,50,0,,30,20\n"
           "P1,district:1,100,0,100,50,0,0,50,0,50,0,0,50,0,,40,10\n";
    Result<std::unique_ptr<storage::Store>> store = storage::OpenSqliteStore(store_path_);
    ASSERT_TRUE(store.has_value()) << store.error().message();
    store_ = std::move(*store);
  }

  void TearDown() override {
    store_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(store_path_ + suffix);
    }
    std::filesystem::remove(protocols_path_);
  }

  Importer MakeImporter() {
    Result<std::span<const protocol::ControlRatio>> ratios =
        protocol::ControlRatios("kz-majilis-2023");
    EXPECT_TRUE(ratios.has_value());
    Result<Importer> importer = Importer::Create(
        *store_, definition_, *ratios, [this](const std::string& r) { rejections_ += r; },
        /*batch_size=*/1);
    EXPECT_TRUE(importer.has_value()) << importer.error().message();
    return std::move(*importer);
  }

  int64_t StoredSubmissions() { return store_->CountSubmissions()->total(); }

  model::ElectionDefinition definition_ = tabulation::toy::ToyDefinition();
  std::string store_path_;
  std::string protocols_path_;
  std::unique_ptr<storage::Store> store_;
  std::string rejections_;
};

TEST_F(ImporterTest, TheFirstBatchWaitsForTheStoreWorkStartedBeforeIt) {
  Importer importer = MakeImporter();
  int64_t stored_when_work_ended = -1;
  importer.StartWith([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    stored_when_work_ended = StoredSubmissions();
    return OkStatus();
  });
  ASSERT_TRUE(importer.ImportFile(protocols_path_).ok());
  ASSERT_TRUE(importer.Flush().ok());
  EXPECT_EQ(stored_when_work_ended, 0);
  EXPECT_EQ(importer.counts().accepted, 2) << rejections_;
  EXPECT_EQ(StoredSubmissions(), 2);
}

TEST_F(ImporterTest, AFailedStoreWorkStopsTheImportBeforeAnyBatch) {
  Importer importer = MakeImporter();
  int64_t acknowledged = 0;
  importer.set_on_commit([&](int64_t committed) { acknowledged = committed; });
  importer.StartWith([] { return UnavailableError("the disk is full"); });
  const Status imported = importer.ImportFile(protocols_path_);
  EXPECT_FALSE(imported.ok());
  EXPECT_THAT(imported.message(), HasSubstr("the disk is full"));
  EXPECT_EQ(StoredSubmissions(), 0);
  EXPECT_EQ(acknowledged, 0);
  EXPECT_EQ(importer.counts().accepted, 0);
}

TEST_F(ImporterTest, TheResultsRouterChecksMembershipAndGoesOnCheckingAfterACorrection) {
  // P1's list protocol, its correction (with a decision), its district protocol, and protocols
  // of a commission the election does not have, before and after the correction (checked once
  // the correction is acknowledged and the builder dropped: the importer checks each row as it
  // takes it, and acknowledges the batch before it one row later).
  const std::string path = protocols_path_ + ".corrected.csv";
  const std::string header =
      "commission,contest,voters_on_list,voters_added_on_day,ballots_received,"
      "ballots_issued_premises,ballots_issued_mobile,ballots_issued_absentee,ballots_unused,"
      "ballots_spoiled,ballots_in_stationary_boxes,ballots_in_mobile_boxes,invalid_ballots,"
      "valid_ballots,against_all,turnout_reported_during_day,choice_1,choice_2,decision_number,"
      "decision_date,decision_commission,decision_reason\n";
  std::ofstream(path) << header << "NOWHERE,list,100,0,100,50,0,0,50,0,50,0,0,50,0,,30,20,,,,\n"
                      << "P1,list,100,0,100,50,0,0,50,0,50,0,0,50,0,,30,20,,,,\n"
                      << "P1,list,100,0,100,50,0,0,50,0,50,0,0,50,0,,29,21,7,2026-12-06,"
                         "TEC-1,recount\n"
                      << "P1,district:1,100,0,100,50,0,0,50,0,50,0,0,50,0,,40,10,,,,\n"
                      << "NOWHERE,list,100,0,100,50,0,0,50,0,50,0,0,50,0,,30,20,,,,\n";
  Result<std::span<const protocol::ControlRatio>> ratios =
      protocol::ControlRatios("kz-majilis-2023");
  ASSERT_TRUE(ratios.has_value());
  auto definition = std::make_shared<const model::ElectionDefinition>(definition_);
  Result<results::ResultsBuilder> builder = results::ResultsBuilder::Create(definition);
  ASSERT_TRUE(builder.has_value()) << builder.error().message();
  Result<Importer> importer = Importer::Create(
      *store_, *definition, *ratios, [this](const std::string& r) { rejections_ += r + "\n"; },
      /*batch_size=*/1, {}, std::move(*builder));
  ASSERT_TRUE(importer.has_value()) << importer.error().message();
  ASSERT_TRUE(importer->ImportFile(path).ok());
  ASSERT_TRUE(importer->Flush().ok());
  std::filesystem::remove(path);
  EXPECT_EQ(importer->counts().accepted, 3) << rejections_;
  EXPECT_EQ(importer->counts().corrections, 1);
  // Both NOWHERE protocols refused, the one after the correction as well.
  EXPECT_EQ(importer->counts().rejected, 2) << rejections_;
  EXPECT_THAT(rejections_, HasSubstr(":2: NOWHERE (list): 'NOWHERE' is not a precinct"));
  EXPECT_THAT(rejections_, HasSubstr(":6: NOWHERE (list): 'NOWHERE' is not a precinct"));
  // A correction: the result is read from the store instead.
  EXPECT_FALSE(importer->TakeResults().has_value());
}

}  // namespace
}  // namespace esep::service
