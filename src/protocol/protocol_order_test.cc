#include "protocol/protocol_order.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace esep::protocol {
namespace {

Protocol Of(std::string commission, int district, int64_t marker) {
  Protocol p;
  p.commission_id = std::move(commission);
  p.contest = district == 0 ? ContestRef{ContestRef::Kind::kPartyList, 0}
                            : ContestRef{ContestRef::Kind::kDistrict, district};
  p.against_all = marker;
  return p;
}

TEST(ProtocolOrderTest, CommissionBytewiseThenDistrictKeepingEqualKeysInOrder) {
  std::vector<Protocol> protocols = {Of("PEC 2", 3, 1), Of("PEC 10", 0, 2), Of("PEC 2", 0, 3),
                                     Of("PEC 2", 3, 4), Of("Pec 1", 0, 5)};
  SortByCommissionThenDistrict(protocols);
  std::vector<int64_t> markers;
  markers.reserve(protocols.size());
  for (const Protocol& p : protocols) {
    markers.push_back(p.against_all);
  }
  // "PEC 10" < "PEC 2" bytewise; uppercase before lowercase; the two "PEC 2", district 3
  // keep their order.
  EXPECT_EQ(markers, (std::vector<int64_t>{2, 3, 1, 4, 5}));
  EXPECT_TRUE(ByCommissionThenDistrict(Of("A", 0, 0), Of("A", 1, 0)));
  EXPECT_FALSE(ByCommissionThenDistrict(Of("A", 1, 0), Of("A", 1, 0)));
}

TEST(ProtocolOrderTest, SortedInputIsLeftAsItIs) {
  std::vector<Protocol> protocols = {Of("A", 0, 1), Of("A", 2, 2), Of("B", 0, 3)};
  SortByCommissionThenDistrict(protocols);
  EXPECT_EQ(protocols[0].against_all, 1);
  EXPECT_EQ(protocols[2].against_all, 3);
}

// A shuffled thousand (many cycles of the permutation, each protocol moved once): every
// protocol arrives where a plain stable sort puts it, with its own figures.
TEST(ProtocolOrderTest, AShuffledElectionComesBackInOrderWithEveryProtocolIntact) {
  std::vector<Protocol> protocols;
  protocols.reserve(1000);
  for (int64_t i = 0; i < 1000; ++i) {
    protocols.push_back(
        Of(fmt::format("PEC {}", i / 2), i % 2 == 0 ? 0 : static_cast<int>(1 + i % 7), i));
    protocols.back().choice_votes = {i, 2 * i};
  }
  std::mt19937 random(7);
  std::shuffle(protocols.begin(), protocols.end(), random);
  std::vector<Protocol> expected = protocols;
  std::stable_sort(expected.begin(), expected.end(), ByCommissionThenDistrict);
  SortByCommissionThenDistrict(protocols);
  ASSERT_EQ(protocols.size(), expected.size());
  for (size_t i = 0; i < protocols.size(); ++i) {
    EXPECT_EQ(protocols[i].commission_id, expected[i].commission_id);
    EXPECT_EQ(protocols[i].against_all, expected[i].against_all);
    EXPECT_EQ(protocols[i].choice_votes, expected[i].choice_votes);
  }
}

}  // namespace
}  // namespace esep::protocol
