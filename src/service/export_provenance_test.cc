#include "service/export_provenance.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace esep::service {
namespace {

using ::testing::HasSubstr;

ExportProvenance Record() {
  ExportProvenance record;
  record.file = "precincts.csv";
  record.file_sha256 = std::string(64, 'a');
  record.format = "csv";
  record.level = "precinct";
  record.election_id = "toy";
  record.definition_sha256 = std::string(64, 'b');
  record.snapshot_entry = 82;
  record.snapshot_sha256 = std::string(64, 'c');
  record.chain_head = std::string(64, 'd');
  return record;
}

TEST(ExportProvenanceTest, WrittenRecordsReadBackAndSignaturesCoverEveryField) {
  ExportProvenance record = Record();
  const Result<SigningKey> key = SigningKey::Generate();
  ASSERT_TRUE(key.has_value());
  record.Sign(*key);
  const Result<ExportProvenance> read = ExportProvenance::FromJson(record.ToJson(), "r.json");
  ASSERT_TRUE(read.has_value()) << read.error().message();
  EXPECT_EQ(read->SignedMessage(), record.SignedMessage());
  EXPECT_TRUE(read->SignatureValid());
  ExportProvenance changed = *read;
  changed.snapshot_entry = 83;
  EXPECT_FALSE(changed.SignatureValid());
}

// Found by export_provenance_fuzz: a member of another type threw out of nlohmann-json.
TEST(ExportProvenanceTest, MembersOfAnotherTypeAreErrorsNotCrashes) {
  for (const char* text : {R"({"format": 82})", R"({"format": null})", R"([1, 2])", R"("esep")",
                           "{", R"({"format": "esep-export-provenance/1", "file": 7})",
                           R"({"format": "esep-export-provenance/1", "snapshot_entry": "82"})"}) {
    SCOPED_TRACE(text);
    const Result<ExportProvenance> read = ExportProvenance::FromJson(text, "r.json");
    ASSERT_FALSE(read.has_value());
    EXPECT_THAT(read.error().message(), HasSubstr("r.json"));
  }
}

}  // namespace
}  // namespace esep::service
