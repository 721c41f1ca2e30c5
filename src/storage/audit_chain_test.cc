#include "storage/audit_chain.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/sha256.h"
#include "storage/finding_codec.h"
#include "storage/internal/test_protocols.h"
#include "storage/protocol_codec.h"

namespace esep::storage {
namespace {

using ::testing::HasSubstr;

const std::optional<protocol::Decision> kDecision =
    protocol::Decision{"12/45", "2023-03-21", "TEC Almaty", "arithmetic error"};

TEST(AuditChainTest, GenesisHashIsTheDigestOfTheDocumentedString) {
  EXPECT_EQ(kGenesis, "esep audit log genesis, format 4");
  EXPECT_EQ(GenesisHash(), Sha256Hex("esep audit log genesis, format 4"));
  // The value printed in docs/formats/store.md.
  EXPECT_EQ(GenesisHash(), "9ca14956bea4f4fd490cff4535dbd938806b9439a6bd3366d9e1d895e46faebd");
}

TEST(AuditChainTest, ChainHashIsTheDigestOfPreviousHashThenContent) {
  EXPECT_EQ(ChainHash(GenesisHash(), "[]"), Sha256Hex(GenesisHash() + "[]"));
  EXPECT_NE(ChainHash(GenesisHash(), "[]"), ChainHash(Sha256Hex("x"), "[]"));
  const std::array<char, 64> hex = ChainHashHex(GenesisHash(), "[]");
  EXPECT_EQ(std::string(hex.data(), hex.size()), ChainHash(GenesisHash(), "[]"));
}

TEST(AuditChainTest, ContentHasTheDocumentedShape) {
  EXPECT_EQ(EntryContent(EntryFields{.entry = 2,
                                     .outcome = Outcome::kAccepted,
                                     .version = 2,
                                     .protocol = R"(["PEC 1"])",
                                     .decision = &kDecision,
                                     .findings = "[]",
                                     .reason = "",
                                     .source = "day2.csv:17"}),
            R"([2,"accepted",2,["PEC 1"],["12/45","2023-03-21","TEC Almaty",)"
            R"("arithmetic error"],[],"","day2.csv:17"])");
  EXPECT_EQ(EntryContent(EntryFields{.entry = 3,
                                     .outcome = Outcome::kRejected,
                                     .version = 0,
                                     .protocol = R"(["PEC 1"])",
                                     .findings = "[]",
                                     .reason = "no \"decision\"",
                                     .source = "x"}),
            R"([3,"rejected",0,["PEC 1"],null,[],"no \"decision\"","x"])");
}

TEST(AuditChainTest, AnEntryDecodesBackToItsFields) {
  protocol::Protocol p = internal::ConsistentProtocol("PEC 7");
  p.contest = {protocol::ContestRef::Kind::kDistrict, 4};
  p.turnout_reported_during_day = 700;
  const std::vector<protocol::Finding> findings =
      protocol::Validate(p, internal::KzRatios()).findings;
  ASSERT_FALSE(findings.empty());
  const std::string protocol_text = EncodeProtocol(p);
  const std::string findings_text = EncodeFindings(findings);
  const std::string content = EntryContent(EntryFields{.entry = 12,
                                                       .outcome = Outcome::kAccepted,
                                                       .version = 3,
                                                       .protocol = protocol_text,
                                                       .decision = &kDecision,
                                                       .findings = findings_text,
                                                       .reason = "",
                                                       .source = "b.csv:9"});
  Result<DecodedEntry> entry = DecodeEntry(content);
  ASSERT_TRUE(entry.has_value()) << entry.error().ToString();
  EXPECT_EQ(entry->entry, 12);
  EXPECT_EQ(entry->outcome, Outcome::kAccepted);
  EXPECT_EQ(entry->version, 3);
  EXPECT_EQ(entry->protocol_text, protocol_text);
  EXPECT_EQ(EncodeProtocol(entry->protocol), protocol_text);
  EXPECT_EQ(entry->decision, kDecision);
  EXPECT_EQ(entry->findings_text, findings_text);
  ASSERT_EQ(entry->findings.size(), findings.size());
  EXPECT_EQ(entry->findings[0].message, findings[0].message);
  EXPECT_EQ(entry->reason, "");
  EXPECT_EQ(entry->source, "b.csv:9");

  Result<EntryHead> head = DecodeEntryHead(content);
  ASSERT_TRUE(head.has_value()) << head.error().ToString();
  EXPECT_EQ(head->entry, 12);
  EXPECT_EQ(head->outcome, Outcome::kAccepted);
  EXPECT_EQ(head->version, 3);
  EXPECT_EQ(head->commission_id, "PEC 7");
  EXPECT_EQ(head->contest, p.contest);
}

TEST(AuditChainTest, AnythingButACanonicalEntryIsDataLoss) {
  const std::string protocol_text = EncodeProtocol(internal::ConsistentProtocol("PEC 1"));
  const std::string good = EntryContent(EntryFields{.entry = 1,
                                                    .outcome = Outcome::kAccepted,
                                                    .version = 1,
                                                    .protocol = protocol_text,
                                                    .findings = "[]",
                                                    .reason = "",
                                                    .source = "a"});
  ASSERT_TRUE(DecodeEntry(good).has_value());
  for (const std::string& text :
       {good + " ", good.substr(1), std::string("[1,\"maybe\"") + good.substr(11),
        good.substr(0, good.size() - 5) + "\"a\",1]", std::string()}) {
    SCOPED_TRACE(text);
    Result<DecodedEntry> entry = DecodeEntry(text);
    ASSERT_FALSE(entry.has_value());
    EXPECT_EQ(entry.error().code(), StatusCode::kDataLoss);
    EXPECT_THAT(entry.error().message(), HasSubstr("not a canonical"));
  }
}

}  // namespace
}  // namespace esep::storage
