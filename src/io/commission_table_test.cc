#include "io/commission_table.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "io/election_data.h"

namespace esep::io {
namespace {

using ::testing::HasSubstr;

constexpr char kDefinition[] = R"({
  "format": "esep-election/1", "id": "toy", "title": "Toy election", "date": "2024-01-07",
  "country": "Toyland", "rule_set": "kz-majilis-2023",
  "parties": [{"id": "red", "name": "Red Party", "short_name": "Red", "ballot_number": 1,
               "registered_on": "2023-12-01", "list_candidates": 3}],
  "regions": [{"id": "north", "name": "North", "kind": "region"},
              {"id": "south", "name": "South", "kind": "region"}],
  "districts": [{"number": 1, "region": "north"}, {"number": 2, "region": "south"}]
})";

constexpr char kHeader[] = "id,level,parent,name,region,district,abroad\n";

// A whole tree (synthetic): CEC, two regional commissions, two district commissions, one
// territorial commission per region, and three precincts, one of them abroad.
constexpr char kTree[] =
    "CEC,cec,,Central,,,\n"
    "TEC-N,regional,CEC,North TEC,north,,\n"
    "TEC-S,regional,CEC,South TEC,south,,\n"
    "DEC-1,district,CEC,District 1,north,1,\n"
    "DEC-2,district,CEC,District 2,South,2,\n"
    "TTEC-N1,territorial,TEC-N,North city,north,,\n"
    "TTEC-S1,territorial,TEC-S,South city,south,,\n"
    "PEC-1,precinct,TTEC-N1,Precinct 1,north,1,0\n"
    "PEC-2,precinct,TTEC-S1,Precinct 2,south,2,\n"
    "PEC-3,precinct,TTEC-S1,Embassy,south,2,1\n";

model::ElectionDefinition Definition() { return *ParseElectionDefinition(kDefinition, "toy.json"); }

TEST(CommissionTableTest, ReadsAWholeTree) {
  Result<std::vector<model::Commission>> tree =
      ParseCommissionTable(std::string(kHeader) + kTree, "c.csv", Definition());
  ASSERT_TRUE(tree.has_value()) << tree.error().message();
  ASSERT_EQ(tree->size(), 10u);
  EXPECT_EQ((*tree)[0].level, model::CommissionLevel::kCentral);
  EXPECT_EQ((*tree)[4].region_id, "south");  // written "South": resolved to the region's id
  EXPECT_EQ((*tree)[4].district, 2);
  EXPECT_EQ((*tree)[8].parent_id, "TTEC-S1");
  EXPECT_FALSE((*tree)[8].abroad);
  EXPECT_TRUE((*tree)[9].abroad);
}

TEST(CommissionTableTest, TreeErrorsNameLineFieldAndRule) {
  struct Case {
    const char* name;
    std::string extra_row;
    const char* message;
  };
  const Case cases[] = {
      {"duplicate_id", "PEC-1,precinct,TTEC-N1,Again,north,1,",
       "c.csv:12: field 'id': 'PEC-1' is already the id of the commission on line 9"},
      {"unknown_parent", "PEC-9,precinct,TTEC-X,P,north,1,",
       "field 'parent': 'TTEC-X' is not a commission listed above"},
      {"wrong_parent_level", "PEC-9,precinct,TEC-N,P,north,1,",
       "a precinct commission's parent must be territorial, but 'TEC-N' is regional"},
      {"region_differs", "PEC-9,precinct,TTEC-N1,P,south,2,",
       "field 'region': 'south' differs from the region of its parent 'TTEC-N1' (north)"},
      {"district_elsewhere", "PEC-9,precinct,TTEC-N1,P,north,2,",
       "field 'district': district 2 lies in 'south', not in 'north'"},
      {"no_district", "PEC-9,precinct,TTEC-N1,P,north,,",
       "field 'district': '' is not a district of toy (1 to 2)"},
      {"second_regional", "TEC-N2,regional,CEC,Again,north,,",
       "region 'north' already has a regional commission ('TEC-N')"},
      {"second_district", "DEC-1b,district,CEC,Again,north,1,",
       "district 1 already has a commission ('DEC-1')"},
      {"second_cec", "CEC2,cec,,Again,,,", "a second CEC"},
      {"bad_level", "X,ward,CEC,X,north,,", "'ward' is not a level"},
      {"unknown_region", "TEC-Z,regional,CEC,Z,atlantis,,", "'atlantis' is not a region of toy"},
      {"abroad_not_precinct", "TTEC-N2,territorial,TEC-N,N2,north,,1",
       "only precinct commissions can be abroad"},
      {"bad_abroad", "PEC-9,precinct,TTEC-N1,P,north,1,yes",
       "'yes' must be 1 (abroad), 0 or empty"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Result<std::vector<model::Commission>> tree = ParseCommissionTable(
        std::string(kHeader) + kTree + c.extra_row + "\n", "c.csv", Definition());
    ASSERT_FALSE(tree.has_value());
    EXPECT_EQ(tree.error().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(tree.error().message(), HasSubstr("c.csv:12: "));
    EXPECT_THAT(tree.error().message(), HasSubstr(c.message));
  }
}

TEST(CommissionTableTest, TheRootComesFirstAndTheHeaderIsFixed) {
  Result<std::vector<model::Commission>> no_root = ParseCommissionTable(
      std::string(kHeader) + "TEC-N,regional,CEC,North TEC,north,,\n", "c.csv", Definition());
  ASSERT_FALSE(no_root.has_value());
  EXPECT_THAT(no_root.error().message(), HasSubstr("'CEC' is not a commission listed above"));

  Result<std::vector<model::Commission>> bad_header =
      ParseCommissionTable("id,level,parent\n", "c.csv", Definition());
  ASSERT_FALSE(bad_header.has_value());
  EXPECT_THAT(bad_header.error().message(), HasSubstr("c.csv:1: the header must be id,level"));

  Result<std::vector<model::Commission>> empty = ParseCommissionTable("", "c.csv", Definition());
  ASSERT_FALSE(empty.has_value());
  EXPECT_THAT(empty.error().message(), HasSubstr("the file is empty"));
}

TEST(CommissionTableTest, TheBundled2023TreeHasTheRealTop) {
  Result<model::ElectionData> data =
      LoadElectionDirectory(std::string(ESEP_SOURCE_DIR) + "/data/elections/kz-majilis-2023");
  ASSERT_TRUE(data.has_value()) << data.error().message();
  const std::vector<model::Commission>& tree = data->definition.commissions();
  ASSERT_EQ(tree.size(), 1u + 20u + 29u);
  EXPECT_EQ(tree[0].id, "CEC");
  int regional = 0;
  int district = 0;
  for (const model::Commission& commission : tree) {
    regional += commission.level == model::CommissionLevel::kRegional ? 1 : 0;
    district += commission.level == model::CommissionLevel::kDistrict ? 1 : 0;
  }
  EXPECT_EQ(regional, 20);
  EXPECT_EQ(district, 29);
}

}  // namespace
}  // namespace esep::io
