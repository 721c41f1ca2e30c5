#include "publish/published_protocol.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "publish/manifest.h"
#include "publish/snapshot_files.h"

namespace esep::publish {
namespace {

using ::testing::HasSubstr;

PublishedProtocol Example() {
  protocol::Protocol counted;
  counted.commission_id = "PEC 7";
  counted.contest = {protocol::ContestRef::Kind::kDistrict, 4};
  counted.voters_on_list = 1000;
  counted.ballots_received = 1000;
  counted.ballots_issued_premises = 600;
  counted.ballots_unused = 400;
  counted.ballots_in_stationary_boxes = 600;
  counted.valid_ballots = 590;
  counted.invalid_ballots = 10;
  counted.choice_votes = {300, 290};
  protocol::Protocol corrected = counted;
  corrected.choice_votes = {301, 289};
  PublishedProtocol published;
  published.commission_id = "PEC 7";
  published.contest = counted.contest;
  published.versions.push_back({.version = 1, .protocol = counted, .source = "p.csv:2"});
  protocol::Finding warning;
  warning.rule_id = "KZ-07";
  warning.severity = protocol::Severity::kWarning;
  warning.location = "PEC 7, district 4";
  warning.left = 10;
  warning.right = 12;
  warning.message = "a warning";
  published.versions.push_back(
      {.version = 2,
       .protocol = corrected,
       .decision = protocol::Decision{"12/45", "2023-03-21", "TEC", "typo"},
       .source = "server",
       .findings = {warning}});
  published.open_correction = true;
  published.scans.push_back({std::string(64, 'e'), "image/png", 5120});
  return published;
}

TEST(PublishedProtocolTest, WhatIsWrittenReadsBackTheSame) {
  const nlohmann::ordered_json json = PublishedProtocolJson(Example());
  Result<PublishedProtocol> read =
      ParsePublishedProtocol(nlohmann::json::parse(json.dump()), "precincts/TEC.json");
  ASSERT_TRUE(read.has_value()) << read.status().message();
  EXPECT_EQ(PublishedProtocolJson(*read), json);
  EXPECT_EQ(read->versions.size(), 2u);
  EXPECT_TRUE(read->open_correction);
  EXPECT_EQ(json["contest"], "district 4");
  EXPECT_EQ(json["versions"][1]["protocol"]["decision"]["number"], "12/45");
}

TEST(PublishedProtocolTest, EveryRuleBrokenIsNamed) {
  const nlohmann::json good = nlohmann::json::parse(PublishedProtocolJson(Example()).dump());
  const auto refused = [](const nlohmann::json& json) {
    Result<PublishedProtocol> read = ParsePublishedProtocol(json, "f.json");
    return read.has_value() ? std::string("accepted") : std::string(read.status().message());
  };
  nlohmann::json unknown = good;
  unknown["versions"][0]["note"] = 1;
  EXPECT_THAT(refused(unknown), HasSubstr("f.json PEC 7 district 4: versions[0]: field 'note' is "
                                          "not part of the format"));
  nlohmann::json negative = good;
  negative["versions"][0]["protocol"]["valid_ballots"] = -5;
  EXPECT_THAT(refused(negative), HasSubstr("versions[0]: protocol"));
  nlohmann::json order = good;
  order["versions"][1]["version"] = 1;
  EXPECT_THAT(refused(order), HasSubstr("versions must be listed oldest first"));
  nlohmann::json other = good;
  other["versions"][1]["protocol"]["commission_id"] = "PEC 8";
  EXPECT_THAT(refused(other), HasSubstr("not of the commission and contest it is listed under"));
  nlohmann::json none = good;
  none["versions"] = nlohmann::json::array();
  EXPECT_THAT(refused(none), HasSubstr("at least one version"));
  nlohmann::json severity = good;
  severity["versions"][1]["findings"][0]["severity"] = "fatal";
  EXPECT_THAT(refused(severity), HasSubstr("findings[0]: field 'severity'"));
  EXPECT_THAT(refused(nlohmann::json::array()), HasSubstr("f.json: expected a JSON object"));
}

TEST(PublishedProtocolTest, UnitIdsBecomeFileNamesThatSayWhatTheyAre) {
  EXPECT_EQ(UnitFileName("TTEC-abai-1"), "TTEC-abai-1");
  EXPECT_EQ(UnitFileName("PEC 0107-015"), "PEC~200107-015");
  EXPECT_EQ(UnitFileName(".."), "~2E.");
  EXPECT_EQ(UnitFileName("a/b"), "a~2Fb");
  EXPECT_EQ(UnitFileName(""), "~");
  EXPECT_TRUE(SafeSnapshotPath("precincts/" + UnitFileName("../../etc") + ".json"));
}

}  // namespace
}  // namespace esep::publish
