#include "storage/finding_codec.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "protocol/validation.h"
#include "storage/internal/test_protocols.h"

namespace esep::storage {
namespace {

using protocol::Finding;
using ::testing::HasSubstr;

std::vector<Finding> RealFindings() {
  protocol::Protocol p = internal::ConsistentProtocol("PEC 0107-015");
  p.ballots_received = 1030;            // KZ-01, an error
  p.turnout_reported_during_day = 700;  // KZ-09, a warning
  return protocol::Validate(p, internal::KzRatios()).findings;
}

TEST(FindingCodecTest, RoundTripsEveryField) {
  const std::vector<Finding> findings = RealFindings();
  ASSERT_EQ(findings.size(), 2u);
  Result<std::vector<Finding>> back = DecodeFindings(EncodeFindings(findings));
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  ASSERT_EQ(back->size(), findings.size());
  for (size_t i = 0; i < findings.size(); ++i) {
    SCOPED_TRACE(findings[i].rule_id);
    EXPECT_EQ((*back)[i].rule_id, findings[i].rule_id);
    EXPECT_EQ((*back)[i].severity, findings[i].severity);
    EXPECT_EQ((*back)[i].location, findings[i].location);
    EXPECT_EQ((*back)[i].left, findings[i].left);
    EXPECT_EQ((*back)[i].right, findings[i].right);
    EXPECT_EQ((*back)[i].message, findings[i].message);
    ASSERT_EQ((*back)[i].figures.size(), findings[i].figures.size());
    for (size_t f = 0; f < findings[i].figures.size(); ++f) {
      EXPECT_EQ((*back)[i].figures[f].figure, findings[i].figures[f].figure);
      EXPECT_EQ((*back)[i].figures[f].value, findings[i].figures[f].value);
    }
  }
}

TEST(FindingCodecTest, EmptyListIsBrackets) {
  EXPECT_EQ(EncodeFindings({}), "[]");
  Result<std::vector<Finding>> back = DecodeFindings("[]");
  ASSERT_TRUE(back.has_value());
  EXPECT_TRUE(back->empty());
}

TEST(FindingCodecTest, RejectsDamagedText) {
  const std::string good = EncodeFindings(RealFindings());
  for (const std::string& bad : {good.substr(1), good + " ", std::string("[{}]"),
                                 std::string(R"([{"rule_id":"KZ-01","severity":"fatal"}])")}) {
    SCOPED_TRACE(bad);
    Result<std::vector<Finding>> decoded = DecodeFindings(bad);
    ASSERT_FALSE(decoded.has_value());
    EXPECT_EQ(decoded.error().code(), StatusCode::kDataLoss);
    EXPECT_THAT(decoded.error().message(), HasSubstr("findings"));
  }
}

}  // namespace
}  // namespace esep::storage
