#include "precincts/column_mapping.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace esep::precincts {
namespace {

using ::testing::HasSubstr;

constexpr char kMapping[] = R"json({
  "description": "test",
  "precinct": "uik",
  "group": "tik",
  "registered": "voters",
  "ballots": ["stationary", "mobile"],
  "valid": "valid",
  "added_on_day": "added",
  "mobile_ballots": "mobile",
  "choices": [{"name": "A", "column": "a"}, {"name": "B", "column": ["b1", "b2"]}]
})json";

ColumnMapping Mapping() {
  Result<ColumnMapping> mapping = ParseColumnMapping(kMapping, "m.json");
  EXPECT_TRUE(mapping.has_value()) << mapping.error().message();
  return *mapping;
}

TEST(ColumnMappingTest, ReadsMappedColumnsSumsAndJoins) {
  const ColumnMapping mapping = Mapping();
  EXPECT_EQ(mapping.delimiter, ',');
  EXPECT_EQ(mapping.ballots, (std::vector<std::string>{"stationary", "mobile"}));
  const std::string csv =
      "\xEF\xBB\xBFuik,tik,voters,stationary,mobile,valid,added,a,b1,b2,note\n"
      "1,\"T, one\",1000,500,20,510,7,300,100,110,x\n"
      "\n"
      "2,T two,800,400,0,400,0,100,150,150,\n";
  Result<PrecinctTable> table = PrecinctTableFromMappedCsv(csv, "in.csv", mapping);
  ASSERT_TRUE(table.has_value()) << table.error().message();
  EXPECT_EQ(table->source, "in.csv (mapping m.json)");
  EXPECT_FALSE(table->synthetic);
  EXPECT_EQ(table->ids, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(table->group_names, (std::vector<std::string>{"T, one", "T two"}));
  EXPECT_EQ(table->region_names, (std::vector<std::string>{""}));
  EXPECT_EQ(table->ballots, (std::vector<int64_t>{520, 400}));
  EXPECT_EQ(table->mobile_ballots, (std::vector<int64_t>{20, 0}));
  EXPECT_EQ(table->added_on_day, (std::vector<int64_t>{7, 0}));
  EXPECT_EQ(table->Votes(0, 1), 210);
  EXPECT_TRUE(table->has_added_on_day);
  EXPECT_TRUE(table->skipped.empty());
}

TEST(ColumnMappingTest, BadRowsAreSkippedAndListedWithFileLineAndColumn) {
  const std::string csv =
      "uik,tik,voters,stationary,mobile,valid,added,a,b1,b2\n"
      "1,T,1000,500,20,510,7,300,100,110\n"
      "2,T,800,4O0,0,400,0,100,150,150\n"  // letter O in a count
      "3,T,100,400,0,400,0,100,150,150\n"  // ballots above registered
      "4,T,800,400,0\n"                    // short row
      "1,T,800,400,0,400,0,100,150,150\n"  // precinct 1 again
      ",T,800,400,0,400,0,100,150,150\n"   // no id
      "7,T,800,400,0,400,,100,150,150\n";  // empty count
  Result<PrecinctTable> table = PrecinctTableFromMappedCsv(csv, "in.csv", Mapping());
  ASSERT_TRUE(table.has_value()) << table.error().message();
  EXPECT_EQ(table->size(), 1U);
  ASSERT_EQ(table->skipped.size(), 6U);
  EXPECT_THAT(table->skipped[0],
              HasSubstr("in.csv:3: column \"stationary\" (ballots): '4O0' is not a whole number"));
  EXPECT_THAT(table->skipped[1],
              HasSubstr("in.csv:4: precinct 3: ballots 400 exceed registered voters 100"));
  EXPECT_THAT(table->skipped[2], HasSubstr("in.csv:5: 5 fields, but the header has 10 columns"));
  EXPECT_THAT(table->skipped[3], HasSubstr("in.csv:6: precinct 1 again (first on line 2)"));
  EXPECT_THAT(table->skipped[4], HasSubstr("in.csv:7: column \"uik\" (precinct): the precinct"));
  EXPECT_THAT(table->skipped[5], HasSubstr("in.csv:8: column \"added\" (added_on_day): the field"));

  // Under kStop the first bad row is the error.
  Result<PrecinctTable> strict =
      PrecinctTableFromMappedCsv(csv, "in.csv", Mapping(), RowErrors::kStop);
  ASSERT_FALSE(strict.has_value());
  EXPECT_THAT(strict.error().message(), HasSubstr("in.csv:3: column \"stationary\""));
}

TEST(ColumnMappingTest, AMissingColumnStopsTheLoadNamingTheMappingKey) {
  const std::string csv = "uik,tik,voters,stationary,valid,added,a,b1,b2\n1,T,1,1,1,0,1,0,0\n";
  Result<PrecinctTable> table = PrecinctTableFromMappedCsv(csv, "in.csv", Mapping());
  ASSERT_FALSE(table.has_value());
  EXPECT_THAT(table.error().message(),
              HasSubstr("in.csv:1: no column \"mobile\" (mapped to \"ballots\" by m.json)"));
  // A file separated by ';' read with a mapping that says ',' (the mapping without a delimiter
  // detects it: column_mapping_reading_test.cc): the error says which delimiter fits.
  const std::string semicolons =
      "uik;tik;voters;stationary;mobile;valid;added;a;b1;b2\n1;T;1;1;0;1;0;1;0;0\n";
  Result<ColumnMapping> commas =
      ParseColumnMapping(std::string(kMapping).replace(1, 0, R"("delimiter": ",",)"), "m.json");
  ASSERT_TRUE(commas.has_value()) << commas.error().message();
  Result<PrecinctTable> wrong = PrecinctTableFromMappedCsv(semicolons, "in.csv", *commas);
  ASSERT_FALSE(wrong.has_value());
  EXPECT_THAT(wrong.error().message(), HasSubstr("in.csv:1: no column \"uik\""));
  EXPECT_THAT(wrong.error().message(),
              HasSubstr("the file seems to be separated by ';', not ',': its header read with "
                        "';' holds every mapped column; set \"delimiter\": \";\" in m.json"));
  const std::string all_bad =
      "uik,tik,voters,stationary,mobile,valid,added,a,b1,b2\n"
      "1,T,x,1,1,1,0,1,0,0\n";
  Result<PrecinctTable> none = PrecinctTableFromMappedCsv(all_bad, "in.csv", Mapping());
  ASSERT_FALSE(none.has_value());
  EXPECT_THAT(none.error().message(), HasSubstr("none of the 1 rows could be used"));
}

TEST(ColumnMappingTest, MappingErrorsNameTheKey) {
  struct Case {
    const char* name;
    const char* json;
    const char* message;
  };
  const Case cases[] = {
      {"not_json", "{", "m.json: not valid JSON"},
      {"duplicate_key", R"({"ballots": "a", "ballots": "b"})",
       "m.json: the key 'ballots' appears twice in one object"},
      {"unknown_key", R"({"precint": "uik"})", "unknown key \"precint\""},
      {"missing_registered",
       R"({"precinct": "u", "ballots": "b", "valid": "v", "choices": [{"name": "A", "column": "a"}]})",
       "key \"registered\" is missing"},
      {"neither_valid_nor_invalid",
       R"({"precinct": "u", "registered": "r", "ballots": "b",
           "choices": [{"name": "A", "column": "a"}]})",
       "give \"valid\" (valid ballots), \"invalid\""},
      {"bad_delimiter", R"({"delimiter": "|"})", "key \"delimiter\": must be"},
      {"empty_list", R"({"ballots": []})", "key \"ballots\": the list of columns is empty"},
      {"number_column", R"({"ballots": 3})", "key \"ballots\": must be a column name"},
      {"choice_without_name", R"({"choices": [{"column": "a"}]})", "key \"choices[0]\""},
      {"choice_extra_key", R"({"choices": [{"name": "A", "column": "a", "colour": "red"}]})",
       "unknown key \"colour\""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Result<ColumnMapping> mapping = ParseColumnMapping(c.json, "m.json");
    ASSERT_FALSE(mapping.has_value());
    EXPECT_THAT(mapping.error().message(), HasSubstr(c.message));
  }
}

// Ballots issued, and valid and invalid ballots given together, are carried as read (the base
// of Kobak et al. 2016 is valid + invalid, which may differ from the ballots found).
TEST(ColumnMappingTest, IssuedValidAndInvalidAreCarriedSeparately) {
  Result<ColumnMapping> mapping = ParseColumnMapping(
      R"({"precinct": "u", "registered": "r", "ballots": ["s", "m"], "valid": "v",
          "invalid": "i", "issued": ["ip", "im"], "choices": [{"name": "A", "column": "a"}]})",
      "m.json");
  ASSERT_TRUE(mapping.has_value()) << mapping.error().message();
  const std::string csv =
      "u,r,s,m,v,i,ip,im,a\n"
      "1,1000,500,20,505,12,510,25,300\n"
      "2,900,400,0,390,10,390,10,200\n";
  Result<PrecinctTable> table = PrecinctTableFromMappedCsv(csv, "in.csv", *mapping);
  ASSERT_TRUE(table.has_value()) << table.error().message();
  EXPECT_TRUE(table->skipped.empty());
  EXPECT_TRUE(table->has_issued);
  EXPECT_TRUE(table->has_invalid);
  EXPECT_EQ(table->issued, (std::vector<int64_t>{535, 400}));
  EXPECT_EQ(table->ballots, (std::vector<int64_t>{520, 400}));
  EXPECT_EQ(table->valid, (std::vector<int64_t>{505, 390}));
  EXPECT_EQ(table->invalid, (std::vector<int64_t>{12, 10}));

  // Invalid alone: carried, and valid = ballots − invalid as before; no issued column.
  Result<ColumnMapping> invalid_only = ParseColumnMapping(
      R"({"precinct": "u", "registered": "r", "ballots": "s", "invalid": "i",
          "choices": [{"name": "A", "column": "a"}]})",
      "m.json");
  ASSERT_TRUE(invalid_only.has_value());
  Result<PrecinctTable> derived = PrecinctTableFromMappedCsv(csv, "in.csv", *invalid_only);
  ASSERT_TRUE(derived.has_value()) << derived.error().message();
  EXPECT_EQ(derived->valid, (std::vector<int64_t>{488, 390}));  // 500 − 12
  EXPECT_EQ(derived->invalid, (std::vector<int64_t>{12, 10}));
  EXPECT_TRUE(derived->has_invalid);
  EXPECT_FALSE(derived->has_issued);

  // Valid alone: invalid is unknown (not derived), so a test needing it can say so.
  Result<PrecinctTable> valid_only = PrecinctTableFromMappedCsv(
      "uik,tik,voters,stationary,mobile,valid,added,a,b1,b2\n1,T,1000,500,20,510,7,300,100,110\n",
      "in.csv", Mapping());
  ASSERT_TRUE(valid_only.has_value());
  EXPECT_FALSE(valid_only->has_invalid);
  EXPECT_FALSE(valid_only->has_issued);
}

TEST(ColumnMappingTest, TheRussianExampleReadsTheSyntheticCsv) {
  Result<ColumnMapping> mapping =
      ReadColumnMapping(std::string(ESEP_SOURCE_DIR) + "/data/mappings/ru-cik-example.json");
  ASSERT_TRUE(mapping.has_value()) << mapping.error().message();
  EXPECT_EQ(mapping->delimiter, ';');
  // The CSV is made up (its first column says SYNTHETIC), so the test labels it so.
  mapping->synthetic = true;
  Result<PrecinctTable> table = PrecinctTableFromMappedCsvFile(
      std::string(ESEP_SOURCE_DIR) + "/src/precincts/testdata/ru-cik-synthetic.csv", *mapping);
  ASSERT_TRUE(table.has_value()) << table.error().message();
  EXPECT_TRUE(table->synthetic);
  ASSERT_EQ(table->size(), 12U);
  EXPECT_TRUE(table->skipped.empty());
  EXPECT_EQ(table->ids[0], "Примерная область / 100");
  EXPECT_EQ(table->group_names, (std::vector<std::string>{"Примерная область / Центральная ТИК",
                                                          "Примерная область / ТИК \"Заречная\""}));
  EXPECT_EQ(table->region_names, (std::vector<std::string>{"Примерная область"}));
  EXPECT_EQ(table->choice_names, (std::vector<std::string>{"Партия А", "Партия Б", "Партия В"}));
  // UIK 100: 1263 voters, 724 + 17 ballots, 1 invalid; 306, 243, 191 votes.
  EXPECT_EQ(table->registered[0], 1263);
  EXPECT_EQ(table->ballots[0], 741);
  EXPECT_EQ(table->mobile_ballots[0], 17);
  EXPECT_EQ(table->valid[0], 740);
  EXPECT_EQ(table->Votes(0, 2), 191);
  EXPECT_FALSE(table->has_added_on_day);  // Russian protocols have no such line
  EXPECT_TRUE(table->has_mobile_ballots);
}

// The shipped mapping of EFToolkit's example data (docs/reproducing-published-analyses.md), on
// made-up rows in the file's layout: an unnamed first column (the row number), more parties than
// the two the mapping reads, and a row whose two parties outpoll its ballots (the real file has
// two such rows), which is skipped and listed.
TEST(ColumnMappingTest, TheEftoolkitAlbaniaMappingReadsTheFilesLayout) {
  Result<ColumnMapping> mapping =
      ReadColumnMapping(std::string(ESEP_SOURCE_DIR) + "/data/mappings/eftoolkit-albania2013.json");
  ASSERT_TRUE(mapping.has_value()) << mapping.error().message();
  mapping->synthetic = true;  // the rows below are made up
  const std::string csv =
      ",Prefectures,Communes,Precincts,Ballots,Registered,C007,C035,C050\n"
      "1,SHKODER,SHKODER_A,1,374,678,3,133,95\n"
      "2,SHKODER,SHKODER_B,2,213,495,1,147,29\n"
      "3,TIRANE,TIRANE_C,3,100,200,0,60,50\n";
  Result<PrecinctTable> table = PrecinctTableFromMappedCsv(csv, "albania.csv", *mapping);
  ASSERT_TRUE(table.has_value()) << table.error().message();
  ASSERT_EQ(table->size(), 2U);
  EXPECT_EQ(table->ids[1], "2");
  EXPECT_EQ(table->region_names, (std::vector<std::string>{"SHKODER"}));
  EXPECT_EQ(table->choice_names, (std::vector<std::string>{"C035", "C050"}));
  EXPECT_EQ(table->ballots[0], 374);
  EXPECT_EQ(table->registered[0], 678);
  EXPECT_EQ(table->Votes(0, 0), 133);
  ASSERT_EQ(table->skipped.size(), 1U);
  EXPECT_NE(table->skipped[0].find("albania.csv:4"), std::string::npos) << table->skipped[0];
  EXPECT_NE(table->skipped[0].find("votes sum to 110, more than the 100 valid ballots"),
            std::string::npos)
      << table->skipped[0];
}

}  // namespace
}  // namespace esep::precincts
