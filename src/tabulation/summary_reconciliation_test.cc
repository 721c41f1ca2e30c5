#include "tabulation/summary_reconciliation.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "io/commission_table.h"
#include "io/election_data.h"

namespace esep::tabulation {
namespace {

using ::testing::HasSubstr;

constexpr char kDefinition[] = R"json({
  "format": "esep-election/1", "id": "toy", "title": "Toy election (synthetic)",
  "date": "2024-01-07", "country": "Toyland", "rule_set": "kz-majilis-2023",
  "parties": [
    {"id": "red", "name": "Red", "short_name": "Red", "ballot_number": 1,
     "registered_on": "2023-12-01", "list_candidates": 3},
    {"id": "blue", "name": "Blue", "short_name": "Blue", "ballot_number": 2,
     "registered_on": "2023-12-02", "list_candidates": 3}],
  "regions": [{"id": "north", "name": "North", "kind": "region"}],
  "districts": [{"number": 1, "region": "north",
                 "candidates": [{"name": "Ann", "affiliation": "Red"},
                                {"name": "Bob", "affiliation": "Independent"}]}]
})json";

// Two precincts under one territorial commission, in one district with its own commission.
constexpr char kTree[] =
    "id,level,parent,name,region,district,abroad\n"
    "CEC,cec,,Central,,,\n"
    "REG-N,regional,CEC,North,north,,\n"
    "DEC-1,district,CEC,District 1,north,1,\n"
    "TEC-N,territorial,REG-N,North city,north,,\n"
    "P1,precinct,TEC-N,P1,north,1,\n"
    "P2,precinct,TEC-N,P2,north,1,\n";

model::ElectionDefinition Definition() {
  model::ElectionDefinition definition = *io::ParseElectionDefinition(kDefinition, "toy.json");
  definition.commissions = *io::ParseCommissionTable(kTree, "toy.csv", definition);
  return definition;
}

protocol::Protocol Make(std::string commission, protocol::ContestRef contest, int64_t voters,
                        std::vector<int64_t> choices) {
  protocol::Protocol p;
  p.commission_id = std::move(commission);
  p.contest = contest;
  int64_t valid = 0;
  for (int64_t v : choices) {
    valid += v;
  }
  p.voters_on_list = voters;
  p.ballots_received = voters;
  p.ballots_issued_premises = valid;
  p.ballots_unused = voters - valid;
  p.ballots_in_stationary_boxes = valid;
  p.valid_ballots = valid;
  p.choice_votes = std::move(choices);
  return p;
}

const protocol::ContestRef kList{};
const protocol::ContestRef kDistrict1{protocol::ContestRef::Kind::kDistrict, 1};

class SummaryReconcilerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tabulator_.emplace(*Tabulator::Create(definition_));
    ASSERT_TRUE(tabulator_->Add(Make("P1", kList, 100, {30, 20})).ok());
    ASSERT_TRUE(tabulator_->Add(Make("P2", kList, 200, {10, 90})).ok());
    ASSERT_TRUE(tabulator_->Add(Make("P1", kDistrict1, 100, {40, 10})).ok());
  }

  const model::ElectionDefinition definition_ = Definition();
  std::optional<Tabulator> tabulator_;
  SummaryReconciler reconciler_ = *SummaryReconciler::Create(definition_);
};

TEST_F(SummaryReconcilerTest, AnHonestSummaryAgreesAtEveryLevel) {
  for (const char* commission : {"TEC-N", "REG-N", "CEC"}) {
    Result<Reconciliation> r =
        reconciler_.Reconcile(*tabulator_, Make(commission, kList, 300, {40, 110}));
    ASSERT_TRUE(r.has_value()) << commission << ": " << r.error().message();
    EXPECT_TRUE(r->matches()) << r->Describe();
    EXPECT_EQ(r->children, 2);
    EXPECT_EQ(r->expected, 2);
    EXPECT_THAT(r->Describe(), HasSubstr("agrees with the sum of its 2 of 2 precinct protocols"));
  }
}

TEST_F(SummaryReconcilerTest, EveryDifferingFigureIsNamedWithBothValues) {
  // The summary table moved 6 votes from Blue to Red and rounded the voters up.
  protocol::Protocol summary = Make("TEC-N", kList, 300, {46, 104});
  summary.voters_on_list = 310;
  Result<Reconciliation> r = reconciler_.Reconcile(*tabulator_, summary);
  ASSERT_TRUE(r.has_value()) << r.error().message();
  ASSERT_EQ(r->differences.size(), 3u);
  EXPECT_EQ(r->differences[0].figure, "voters on the list");
  EXPECT_EQ(r->differences[0].summary, 310);
  EXPECT_EQ(r->differences[0].children, 300);
  EXPECT_EQ(r->differences[1].figure, "votes for Red");
  EXPECT_EQ(r->differences[2].figure, "votes for Blue");
  EXPECT_EQ(r->differences[2].summary - r->differences[2].children, -6);
  EXPECT_THAT(r->Describe(),
              HasSubstr("votes for Red 46 on the summary, 40 in the precincts (+6)"));
  EXPECT_THAT(r->Describe(),
              HasSubstr("votes for Blue 104 on the summary, 110 in the precincts (-6)"));
}

TEST_F(SummaryReconcilerTest, ADistrictCommissionIsComparedWithItsDistrictAndSaysWhatIsMissing) {
  Result<Reconciliation> r =
      reconciler_.Reconcile(*tabulator_, Make("DEC-1", kDistrict1, 100, {41, 9}));
  ASSERT_TRUE(r.has_value()) << r.error().message();
  EXPECT_EQ(r->children, 1);
  EXPECT_EQ(r->expected, 2);
  ASSERT_EQ(r->differences.size(), 2u);
  EXPECT_EQ(r->differences[0].figure, "votes for Ann");
  EXPECT_THAT(r->Describe(), HasSubstr("not every precinct protocol is in yet"));
}

TEST_F(SummaryReconcilerTest, RefusesWhatIsNotASummaryOfItsOwnContest) {
  EXPECT_FALSE(reconciler_.IsSummaryCommission("P1"));
  EXPECT_TRUE(reconciler_.IsSummaryCommission("TEC-N"));
  Result<Reconciliation> precinct =
      reconciler_.Reconcile(*tabulator_, Make("P1", kList, 100, {30, 20}));
  ASSERT_FALSE(precinct.has_value());
  EXPECT_THAT(precinct.error().message(),
              HasSubstr("'P1' is not a commission above the precincts"));
  Result<Reconciliation> wrong_contest =
      reconciler_.Reconcile(*tabulator_, Make("TEC-N", kDistrict1, 100, {30, 20}));
  ASSERT_FALSE(wrong_contest.has_value());
  EXPECT_THAT(wrong_contest.error().message(),
              HasSubstr("a territorial commission does not tabulate the district 1 contest"));
  Result<Reconciliation> short_ballot =
      reconciler_.Reconcile(*tabulator_, Make("CEC", kList, 300, {150}));
  ASSERT_FALSE(short_ballot.has_value());
  EXPECT_THAT(short_ballot.error().message(),
              HasSubstr("has 1 choices, but its precincts' ballot has 2"));
}

}  // namespace
}  // namespace esep::tabulation
