#include "publish/manifest.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace esep::publish {
namespace {

using ::testing::HasSubstr;

Manifest Example() {
  Manifest manifest;
  manifest.version = 3;
  manifest.election_id = "toy";
  manifest.status = "preliminary";
  manifest.published_at = "2026-12-07T21:00:00Z";
  manifest.definition_sha256 = std::string(64, 'a');
  manifest.chain_head = std::string(64, 'b');
  manifest.files = {{"national.json", std::string(64, 'c'), 120},
                    {"precincts/TEC~201.json", std::string(64, 'd'), 4000}};
  return manifest;
}

TEST(ManifestTest, ASignedManifestReadsBackAndItsSignatureHoldsOnlyUnchanged) {
  Result<SigningKey> key = SigningKey::Generate();
  ASSERT_TRUE(key.has_value());
  Manifest manifest = Example();
  manifest.Sign(*key);
  Result<Manifest> read = Manifest::FromJson(manifest.ToJson(), "manifest.json");
  ASSERT_TRUE(read.has_value()) << read.status().message();
  EXPECT_TRUE(read->SignatureValid());
  EXPECT_EQ(read->files, manifest.files);
  EXPECT_EQ(read->public_key, key->public_key_hex());
  read->files[1].bytes = 4001;
  EXPECT_FALSE(read->SignatureValid());
  read->files[1].bytes = 4000;
  read->status = "final";
  EXPECT_FALSE(read->SignatureValid());
  EXPECT_FALSE(Example().SignatureValid());  // unsigned
}

TEST(ManifestTest, APathOutsideTheVersionIsRefused) {
  for (const char* path : {"../current.json", "/etc/passwd", "a//b.json", "./x.json", "a/../b",
                           "manifest.json", "", "sp ace.json", "back\\slash"}) {
    nlohmann::ordered_json json = nlohmann::ordered_json::parse(Example().ToJson());
    json["files"][0]["path"] = path;
    Result<Manifest> read = Manifest::FromJson(json.dump(), "m.json");
    ASSERT_FALSE(read.has_value()) << path;
    EXPECT_THAT(std::string(read.status().message()), HasSubstr("m.json: files[0]: field 'path'"))
        << path;
  }
  EXPECT_TRUE(SafeSnapshotPath("downloads/err.json"));
  EXPECT_TRUE(SafeSnapshotPath("precincts/PEC~200107-015.json"));
}

TEST(ManifestTest, EveryRuleBrokenIsNamed) {
  const auto refused = [](const std::string& text) {
    Result<Manifest> read = Manifest::FromJson(text, "m.json");
    return read.has_value() ? std::string("accepted") : std::string(read.status().message());
  };
  nlohmann::ordered_json json = nlohmann::ordered_json::parse(Example().ToJson());
  EXPECT_THAT(refused("{"), HasSubstr("m.json: not valid JSON"));
  nlohmann::ordered_json extra = json;
  extra["comment"] = "hi";
  EXPECT_THAT(refused(extra.dump()), HasSubstr("field 'comment' is not part of the format"));
  nlohmann::ordered_json missing = json;
  missing.erase("chain_head");
  EXPECT_THAT(refused(missing.dump()), HasSubstr("field 'chain_head' is missing"));
  nlohmann::ordered_json format = json;
  format["format"] = "esep-snapshot/2";
  EXPECT_THAT(refused(format.dump()), HasSubstr("this esep reads 'esep-snapshot/1'"));
  nlohmann::ordered_json status = json;
  status["status"] = "done";
  EXPECT_THAT(refused(status.dump()), HasSubstr("field 'status' must be"));
  nlohmann::ordered_json twice = json;
  twice["files"][1]["path"] = "national.json";
  EXPECT_THAT(refused(twice.dump()), HasSubstr("'national.json' is listed twice"));
  nlohmann::ordered_json huge = json;
  huge["version"] = 18446744073709551615ULL;
  EXPECT_THAT(refused(huge.dump()), HasSubstr("field 'version' must be an integer"));
  nlohmann::ordered_json text_bytes = json;
  text_bytes["files"][0]["bytes"] = "120";
  EXPECT_THAT(refused(text_bytes.dump()), HasSubstr("files[0]: field 'bytes' must be an integer"));
}

}  // namespace
}  // namespace esep::publish
