#include "storage/audit_chain.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/sha256.h"

namespace esep::storage {
namespace {

AcceptedRow SampleRow() {
  AcceptedRow row;
  row.entry = 2;
  row.submission = 5;
  row.commission_id = "PEC 1";
  row.contest = "list";
  row.district = 0;
  row.version = 2;
  row.protocol = R"({"valid_ballots":610})";  // any JSON text is inserted as it is
  row.decision = Decision{"12/45", "2023-03-21", "TEC Almaty", "arithmetic error"};
  row.findings = R"(["KZ-09"])";
  row.source = "day2.csv:17";
  return row;
}

TEST(AuditChainTest, GenesisHashIsTheDigestOfTheDocumentedString) {
  EXPECT_EQ(kGenesis, "esep audit log genesis, format 1");
  EXPECT_EQ(GenesisHash(), Sha256Hex("esep audit log genesis, format 1"));
  // The value printed in docs/formats/store.md.
  EXPECT_EQ(GenesisHash(), "e4c234099b5bcdb0c010924a84f42c215c957b3f4723d30d888db7187049bbb5");
}

TEST(AuditChainTest, ChainHashIsTheDigestOfPreviousHashThenContent) {
  EXPECT_EQ(ChainHash(GenesisHash(), "{}"), Sha256Hex(GenesisHash() + "{}"));
  EXPECT_NE(ChainHash(GenesisHash(), "{}"), ChainHash(Sha256Hex("x"), "{}"));
}

TEST(AuditChainTest, ContentHasTheDocumentedShape) {
  EXPECT_EQ(AuditContent(SampleRow()),
            R"({"entry":2,"submission":5,"commission_id":"PEC 1","contest":"list",)"
            R"("district":0,"version":2,"protocol":{"valid_ballots":610},)"
            R"("decision":{"number":"12/45","date":"2023-03-21","commission":"TEC Almaty",)"
            R"("reason":"arithmetic error"},"findings":["KZ-09"],"source":"day2.csv:17"})");
  AcceptedRow first = SampleRow();
  first.decision.reset();
  EXPECT_THAT(AuditContent(first), ::testing::HasSubstr(R"("decision":null,)"));
}

TEST(AuditChainTest, DescribesTheFirstDifferingValue) {
  AcceptedRow changed = SampleRow();
  changed.protocol = R"({"valid_ballots":611})";
  ContentDifference difference =
      DescribeDifference(AuditContent(SampleRow()), AuditContent(changed));
  EXPECT_EQ(difference.path, "protocol.valid_ballots");
  EXPECT_EQ(difference.expected, "610");
  EXPECT_EQ(difference.found, "611");

  changed = SampleRow();
  changed.decision->reason = "arithmetic errors";
  difference = DescribeDifference(AuditContent(SampleRow()), AuditContent(changed));
  EXPECT_EQ(difference.path, "decision.reason");
  EXPECT_EQ(difference.found, R"("arithmetic errors")");
}

TEST(AuditChainTest, FallsBackToBytesForTextThatIsNotJson) {
  const ContentDifference difference = DescribeDifference(R"({"a":1})", R"({"a":1)");
  EXPECT_EQ(difference.path, "byte 6");
}

}  // namespace
}  // namespace esep::storage
